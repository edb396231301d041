"""Speech acts, speakers and chains on sentences of our own: verbs whose object is what was said
("thanked", "downplayed", "accused"), subjects shared with the verb a participle hangs on, passives
that name who is spoken of, and the outlet that carried a named speaker's words."""

from __future__ import annotations

from tests.test_claims import assertion_with, source_name


def test_thanked_with_an_object_is_the_speakers() -> None:
    a = assertion_with("Chilean President Gabriel Boric thanked Norway for hosting the talks.", "hosting")
    assert source_name(a) == "Gabriel Boric"


def test_downplayed_the_idea_is_the_anonymous_officials() -> None:
    text = ("The release may widen the opening for a broader deal, although a Trump administration official "
            "downplayed the idea.")
    a = assertion_with(text, "downplayed")
    assert source_name(a) == "Trump administration official"
    assert a.source.kind == "AnonymousSource"


def test_participle_takes_the_subject_of_its_verb() -> None:
    a = assertion_with("Brazilian President Lula da Silva stepped in, urging both delegations to stay in Brasilia.",
                       "stay in Brasilia")
    assert source_name(a) == "Lula da Silva"


def test_passive_speech_act_names_no_speaker() -> None:
    text = "The Lusaka talks are near collapse as rebel envoys are accused of breaking earlier promises."
    a = assertion_with(text, "breaking earlier promises")
    assert a.source is None
