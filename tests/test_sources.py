"""Anonymous sources on sentences of our own: the phrase, its affiliation, rank and count, and the
phrases that are not new sources (a named official, a repeated "the official", officials who act)."""

from __future__ import annotations

import pytest

from graph.model import EntityMention
from tests.helpers import analyze_texts

COMPONENTS = ["entities", "sources"]


def sources(text: str) -> list[EntityMention]:
    (analysis,) = analyze_texts(text, components=COMPONENTS)
    return [m for m in analysis.entities if m.kind == "AnonymousSource"]


def only(text: str) -> EntityMention:
    found = sources(text)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


@pytest.mark.parametrize(("text", "label", "affiliation", "rank", "count"), [
    ("A senior Ukrainian official said the talks had stalled.", "senior Ukrainian official", "ukraine", "senior",
     None),
    ("A former senior Kremlin official familiar with the talks said Moscow would wait.",
     "former senior Kremlin official familiar with the talks", "russia", "former senior", None),
    ("A White House official told NBC News that the call took place.", "White House official", "usa", None, None),
    ("Four Ukrainian officials said the deal had been tacit.", "four Ukrainian officials", "ukraine", None, 4),
    ("According to two Ukrainian and one American source, Russia held back.",
     "two Ukrainian and one American source", None, None, 3),
    ("Kyiv and Moscow are talking, the newspaper reports, citing sources familiar with the matter.",
     "sources familiar with the matter", None, None, None),
    ("But as a high-ranking Russian official participating in the negotiations emphasized, nothing is agreed.",
     "high-ranking Russian official participating in the negotiations", "russia", "high-ranking", None),
    ("“Nothing has been signed,” said an unnamed Turkish diplomat.", "unnamed Turkish diplomat", "turkey", None,
     None),
    ("A source in the Ukrainian delegation said the talks had stalled.", "source in the Ukrainian delegation",
     "ukraine", None, None),
    ("Officials in Kyiv said the strikes continued.", "officials in Kyiv", "ukraine", None, None),
    ("An official at the White House said the call went well.", "official at the White House", "usa", None, None),
])
def test_anonymous_source_phrase(text: str, label: str, affiliation: str | None, rank: str | None,
                                 count: int | None) -> None:
    found = only(text)
    assert found.label == label
    assert found.affiliation == affiliation
    assert found.rank == rank
    assert found.count == count
    # The mention is grounded: its text is the source text at its offsets.
    assert text[found.span.begin:found.span.end] == found.text


def test_reporter_owned_sources_are_sources() -> None:
    found = only("According to the publication's interlocutors, Kyiv wants to resume the talks.")
    assert found.label == "publication's interlocutors"


def test_a_repeated_description_is_the_earlier_source() -> None:
    text = ("A senior Ukrainian official said the strikes would go on. The official added that talks were early. "
            "Sources familiar with the matter confirmed it. The sources said more was planned.")
    labels = [m.label for m in sources(text)]
    assert labels == ["senior Ukrainian official", "sources familiar with the matter"]


def test_a_definite_source_with_no_antecedent_is_new() -> None:
    text = "Talks are at an early stage.\n\n- said the diplomat, who was informed about the negotiations."
    assert only(text).label == "diplomat"


@pytest.mark.parametrize("text", [
    "Officials began planning a face-to-face meeting in Doha.",  # officials who act, not a source
    "EU official Josep Borrell said the talks would resume.",  # a named official
    "The official visit was postponed until March.",  # "official" as an adjective
    "Ukrainian officials met their Qatari counterparts on Tuesday.",  # no attribution, no marker
])
def test_not_anonymous_sources(text: str) -> None:
    assert sources(text) == []


# ------------------------------------------------------------------ sources as news writes them


def _anonymous(text: str) -> list[str]:
    from tests.helpers import analyze_texts

    (analysis,) = analyze_texts(text, components=["entities", "sources"])
    return [m.label for m in analysis.entities if m.kind == "AnonymousSource"]


def test_a_national_media_collective_is_a_source() -> None:
    assert _anonymous("Greek media also reported that the cabinet would meet on Friday.") == ["Greek media"]


def test_earlier_reports_are_a_source() -> None:
    assert _anonymous("Earlier reports suggested that the government had approved a draft in principle.") \
        == ["earlier reports"]


def test_a_delegate_who_spoke_anonymously_is_a_source() -> None:
    assert _anonymous("“They broke every promise,” said a rebel delegate, who spoke anonymously.") \
        == ["rebel delegate"]


def test_leaders_by_where_they_sit_are_a_source() -> None:
    assert _anonymous("Leaders in the enclave said in a statement that a truce had been reached.") \
        == ["leaders in the enclave"]


def test_the_two_leaders_are_no_new_source() -> None:
    assert _anonymous("The two leaders said the talks had gone well.") == []


def test_prosecutors_who_allege_are_a_source() -> None:
    assert _anonymous("He embezzled millions, US prosecutors allege.") == ["US prosecutors"]


def test_the_agent_of_a_publishing_verb_is_a_source() -> None:
    # "a video broadcast by X media": the media carried what follows; they are a source phrase.
    (analysis,) = analyze_texts("In a video broadcast by Kenyan media, President William Ruto can be heard "
                                "offering warm congratulations to both countries.", components=["entities", "sources"])
    assert [m.label for m in analysis.entities if m.kind == "AnonymousSource"] == ["Kenyan media"]


def test_a_name_after_a_source_and_a_comma_that_is_no_apposition_leaves_it_anonymous() -> None:
    # The name is the subject of the main clause, not the source's name ("the official, John Kirby,").
    (analysis,) = analyze_texts("In a video broadcast by Kenyan media, William Ruto, the president of Kenya, can be "
                                "heard offering warm congratulations.", components=["entities", "sources"])
    assert [m.label for m in analysis.entities if m.kind == "AnonymousSource"] == ["Kenyan media"]
