"""Speech acts, speakers and chains on sentences of our own: verbs whose object is what was said
("thanked", "downplayed", "accused"), subjects shared with the verb a participle hangs on, passives
that name who is spoken of, and the outlet that carried a named speaker's words."""

from __future__ import annotations

from tests.test_claims import assertion_with, source_name, via_names


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


# ------------------------------------------------------------------ descriptions of a speaker


def test_the_president_after_a_named_speaker_is_that_speaker() -> None:
    text = "“It is a great day,” Macron said on Monday. The president added it was “a turning point for Europe.”"
    assert source_name(assertion_with(text, "turning point")) == "Emmanuel Macron"


def test_the_office_of_a_named_person_speaks_for_that_person() -> None:
    a = assertion_with("The office of Kenyan President William Ruto said on Tuesday that the talks would resume.",
                       "would resume")
    assert source_name(a) == "William Ruto"


def test_a_spokesperson_for_a_body_and_the_spokesperson_later() -> None:
    text = ("A spokesperson for the British Foreign Office told the press that London would respond. "
            "The spokesperson added that sanctions were possible.")
    # An unnamed spokesperson of a named body is an anonymous source affiliated with it.
    first, later = assertion_with(text, "London would respond"), assertion_with(text, "sanctions were possible")
    assert source_name(first) == "spokesperson for the British Foreign Office"
    assert first.source.kind == "AnonymousSource" and first.source.affiliation == "united-kingdom"
    assert later.source == first.source


def test_the_spokesman_after_a_named_one_is_that_person() -> None:
    text = "Kremlin spokesman Dmitry Peskov said the talks were over. The spokesman added that Moscow would wait."
    assert source_name(assertion_with(text, "Moscow would wait")) == "Dmitry Peskov"


def test_the_ministry_is_the_ministry_named_before() -> None:
    text = ("Russia's Defence Ministry said 50 soldiers were returned. "
            "The ministry also noted that Ukraine returned six civilians.")
    assert source_name(assertion_with(text, "six civilians")) == "Defence Ministry"


def test_a_presidency_speaks() -> None:
    assert source_name(assertion_with("The Syrian presidency said the deal had been signed.", "signed")) \
        == "Syrian presidency"


# ------------------------------------------------------------------ the chain


def test_according_to_an_outlet_after_a_speaker_is_the_via() -> None:
    a = assertion_with("“We have nothing to announce yet,” the official said, according to CBS News.", "announce")
    assert source_name(a) == "official"
    assert via_names(a) == ["CBS News"]


def test_an_outlet_reporting_a_source_saying() -> None:
    text = ('Al Jazeera reported a senior Sudanese official saying, "We are ready to sign the deal if the other '
            'side agrees."')
    a = assertion_with(text, "ready to sign")
    assert source_name(a) == "senior Sudanese official"
    assert via_names(a) == ["Al Jazeera"]


def test_said_on_an_outlet() -> None:
    a = assertion_with("UN spokesman Stephane Dujarric said on CNN that the convoy had arrived.", "convoy")
    assert source_name(a) == "Stephane Dujarric"
    assert via_names(a) == ["CNN"]


def test_an_outlets_own_sources() -> None:
    a = assertion_with("According to Reuters sources, about a dozen posts will be removed.", "posts")
    assert via_names(a) == ["Reuters"]


def test_a_speaker_inside_the_reported_clause_is_the_source() -> None:
    text = "Later the Kenyan army said the Red Cross had confirmed that 12 prisoners were on their way home."
    a = assertion_with(text, "prisoners")
    assert source_name(a) == "International Committee of the Red Cross"
    assert via_names(a) == ["Kenyan forces"]
    assert a.statement == "12 prisoners were on their way home"


def test_outlets_after_the_attribution_carry_it() -> None:
    a = assertion_with("“The talks went well,” Lindqvist said, the Associated Press reported.", "went well")
    assert source_name(a) == "Lindqvist"
    assert via_names(a) == ["Associated Press"]


def test_a_report_from_an_outlet_is_the_outlets_not_a_modifiers() -> None:
    text = ("The United States says a truce is close. Ghana and Togo have agreed on a truce, according to a "
            "report from US-based Reuters, which cited an unnamed American official.")
    a = assertion_with(text, "Ghana and Togo")
    assert source_name(a) == "unnamed American official"
    assert via_names(a) == ["Reuters"]


def test_the_publisher_is_no_link_of_its_own_chain() -> None:
    from graph.model import SourceDocument
    from graph.pipeline import analyze

    text = "Sudan's army has opened new talks with the RSF in Jeddah, reports Al Jazeera News."
    doc = SourceDocument(id="t0", text=text, origin="t0", outlet="Al Jazeera")
    (analysis,) = analyze([doc], components=["entities", "sources", "claims"])
    (a,) = analysis.assertions
    assert a.source is None and a.via == ()


def test_a_body_quoting_in_a_carriers_place_is_an_outlet() -> None:
    a = assertion_with("“The talks went well,” Lindqvist said, the Associated Press reported, quoted by ANSA.",
                       "went well")
    assert via_names(a) == ["ANSA", "Associated Press"]


# ------------------------------------------------------------------ pronouns


def test_he_is_the_subject_not_a_person_named_in_passing() -> None:
    text = ("Norwegian envoy Lars Hansen said on Monday that he had met Sergei Lavrov and Yuri Ushakov in Moscow. "
            "\"Yes, I met the Pope,\" he told journalists.")
    assert source_name(assertion_with(text, "met the Pope")) == "Lars Hansen"


def test_declining_to_comment_says_nothing() -> None:
    a = assertion_with("Peskov declined to comment. \"We will see,\" he told reporters.", "declined")
    assert a.source is None


def test_a_person_inside_what_was_said_does_not_take_he() -> None:
    text = ("Envoy Lars Hansen said on Tuesday that he and Pope Francis had discussed the visit. "
            "\"Yes, I met the Pope,\" he told journalists.")
    assert source_name(assertion_with(text, "met the Pope")) == "Lars Hansen"


def test_it_said_is_the_body_that_spoke_last() -> None:
    text = "Hamas said it would free 12 hostages on Friday. It said these included three women."
    assert source_name(assertion_with(text, "three women")) == "Hamas"


def test_the_statement_continued_is_the_body_that_spoke_last() -> None:
    text = "The African Union said the talks would resume. The statement added that both sides had agreed to a truce."
    assert source_name(assertion_with(text, "agreed to a truce")) == "African Union"


# ------------------------------------------------------------------ what is a claim


def test_a_question_is_no_claim() -> None:
    from tests.test_claims import analysis_of

    assert analysis_of("Ukraine: Will Russia say ‘yes’ to a ceasefire?").assertions == []
