"""The body an anonymous source speaks for, on sentences of our own: a name inside the phrase (the most
specific one), a person's government, a word naming a kind of body that one body of the document carries
in its name; and, once resolved, the node the rest of the graph uses for that body."""

from __future__ import annotations

import pytest

from graph.model import DocumentAnalysis, EntityMention
from graph.resolve.actors import resolve_actors
from tests.helpers import analyze_texts

COMPONENTS = ["entities", "sources"]


def analyzed(text: str) -> DocumentAnalysis:
    (analysis,) = analyze_texts(text, components=COMPONENTS)
    return analysis


def only_source(analysis: DocumentAnalysis) -> EntityMention:
    found = [m for m in analysis.entities if m.kind == "AnonymousSource"]
    assert len(found) == 1, [m.text for m in found]
    return found[0]


@pytest.mark.parametrize(("text", "affiliation"), [
    # A name inside a longer name: the department, not the state its "US" names.
    ("A senior official at the US State Department told reporters the visa rule would stand.", "state-department"),
    # A person's government is the state the person heads or headed, not the person.
    ("A Trump administration official said the tariffs would stay in place.", "usa"),
    ("An official from Chancellor Olaf Scholz's government said Berlin would wait.", "germany"),
    # A state's body the gazetteer does not know speaks for its state.
    ("An official with the Chilean Foreign Ministry said the talks would resume.", "chile"),
    # Still: a demonym, an organisation's name, a seat of government.
    ("A senior Kenyan official said the talks would resume.", "kenya"),
    ("A Hamas official said the group had accepted the proposal.", "hamas"),
    ("Sources close to the Kremlin said the summit was off.", "russia"),
])
def test_a_known_body(text: str, affiliation: str) -> None:
    source = only_source(analyzed(text))
    assert (source.affiliation, source.affiliation_span) == (affiliation, None)


@pytest.mark.parametrize(("text", "body"), [
    # A word for a kind of body: the one body of the document whose name carries it.
    ("The Eastern Rebel Coalition rejected the offer on Monday. Rebel sources said the army had shelled two "
     "villages.", "Eastern Rebel Coalition"),
    ("The Green Harvest Party walked out. Party officials said the vote was rigged.", "Green Harvest Party"),
    # A body the gazetteer does not know, where the source sits ("of", "with").
    ("Officials of the Green Harvest Party said the count was rigged.", "Green Harvest Party"),
    ("An official with the Tarvian Unity Ministry said the talks would resume.", "Tarvian Unity Ministry"),
    # A body's one-word name the NER reads as a place in the phrase.
    ("Troops from Morvia crossed the river. Morvia officials say at least 12 people have been killed since "
     "Tuesday.", "Morvia"),
])
def test_a_body_named_in_the_document(text: str, body: str) -> None:
    source = only_source(analyzed(text))
    assert source.affiliation is None and source.affiliation_span is not None
    assert text[source.affiliation_span.begin:source.affiliation_span.end] == body


@pytest.mark.parametrize("text", [
    "Diplomatic sources said the meeting would go ahead on Friday.",  # a trade, no body
    "Security sources said two suspects had been held. The Security Council met on Friday.",  # not a body word
    # Two parties named: "party officials" belong to neither for sure.
    "The Green Harvest Party and the Labour Party walked out. Party officials said the vote was rigged.",
    "A Biden aide said the trip was off.",  # a person's aide: not a government
])
def test_no_body(text: str) -> None:
    source = [m for m in analyzed(text).entities if m.kind == "AnonymousSource"]
    assert all(m.affiliation is None and m.affiliation_span is None for m in source), source


def test_the_affiliation_is_the_node_the_graph_uses_for_the_body() -> None:
    text = ("The Eastern Rebel Coalition rejected the offer on Monday. Rebel sources said the army had shelled two "
            "villages. The Eastern Rebel Coalition later agreed to talk.")
    analysis = analyzed(text)
    actors = resolve_actors([analysis])
    coalition = next(m for m in analysis.entities if m.text == "Eastern Rebel Coalition")
    source = only_source(analysis)
    node = actors.nodes[actors.key_of(analysis.source.id, source)]
    assert node.affiliation == actors.key_of(analysis.source.id, coalition)
    assert actors.nodes[node.affiliation].label == "Eastern Rebel Coalition"
    assert actors.nodes[node.affiliation].kind == "Organization"


def test_a_place_name_the_ner_takes_for_a_person_is_no_owner() -> None:
    # "Azmir" is a place here; the NER's "person" in "Azmir officials" does not make them a person's staff.
    text = "Peacekeepers arrived in Azmir on Monday. Azmir officials say at least 12 people have been killed."
    assert only_source(analyzed(text)).label == "Azmir officials"
