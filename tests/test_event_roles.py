"""Mediator, host and party cues in their common forms, and participants lifted to the state they
serve (graph/extract/events.py, graph/resolve/events.py), on sentences of our own."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS

from graph.namespaces import PARLEY
from tests.helpers import graph_of
from tests.test_events import roles, the_event


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # "under the auspices of", "through the mediation of", "under X's sponsorship"
    ("Serbia and Kosovo agreed to a truce under the auspices of the United Nations.", "agreed",
     {("party", "serbia"), ("party", "kosovo"), ("mediator", "un")}),
    ("Talks between Chad and Sudan were held under Qatar's mediation.", "Talks",
     {("party", "chad"), ("party", "sudan"), ("mediator", "qatar")}),
    # a participle of brokering on what is agreed mediates the agreement, it is not its target
    ("Israel and Hamas agreed to a ceasefire, brokered by Egypt and Qatar.", "agreed",
     {("party", "israel"), ("party", "hamas"), ("mediator", "egypt"), ("mediator", "qatar")}),
    ("Tehran accepted the ceasefire mediated by Qatar.", "accepted", {("party", "iran"), ("mediator", "qatar")}),
    # who facilitates talks is their mediator, not a party too
    ("Kenya facilitated the talks between Somalia and Ethiopia.", "talks",
     {("mediator", "kenya"), ("party", "somalia"), ("party", "ethiopia")}),
])
def test_mediator_cues(text: str, trigger: str, expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, trigger)) == expected


def test_the_mediation_a_deal_was_reached_through_is_that_deal() -> None:
    event = the_event("The truce was reached through the mediation of Egypt.", "truce")
    assert ("mediator", "egypt") in roles(event)


def test_a_relative_clause_of_brokering_names_the_mediator_only() -> None:
    event = the_event("The deal was signed in Beijing with Norway, which brokered the deal.", "deal")
    assert ("mediator", "norway") in roles(event)
    assert ("party", "norway") not in roles(event)


def _roles_in_graph(g, kind) -> dict[str, set[str]]:
    (event,) = list(g.subjects(RDF.type, kind))
    return {role: {str(g.value(a, RDFS.label)) for a in g.objects(event, PARLEY[role])}
            for role in ("party", "mediator", "host")}


def test_a_minister_takes_part_for_his_state() -> None:
    g = graph_of("Armenian Foreign Minister Ararat Mirzoyan held talks with Azerbaijani Foreign Minister "
                 "Jeyhun Bayramov in Almaty on Friday.")
    parties = _roles_in_graph(g, PARLEY.Negotiation)["party"]
    assert {"Armenia", "Azerbaijan"} <= parties
    assert any("Mirzoyan" in p for p in parties)  # the person stays a party too


def test_a_collective_takes_part_for_its_state() -> None:
    g = graph_of("Hungarian and Slovak delegations held talks in Vienna on Monday.")
    assert {"Hungary", "Slovakia"} <= _roles_in_graph(g, PARLEY.Negotiation)["party"]


def test_capitals_named_as_the_sides_are_their_states() -> None:
    event = the_event("Talks in Doha between Moscow and Kyiv stalled.", "Talks")
    assert roles(event) == {("party", "russia"), ("party", "ukraine")}
    assert [p.key for p in event.places] == ["doha"]


def test_the_sides_a_mediating_participle_names_take_part() -> None:
    event = the_event("The talks, mediated by Kenya between Somalia's Transitional Government and the "
                      "Somali Opposition Alliance, teeter on collapse.", "talks")
    assert ("mediator", "kenya") in roles(event)
    assert ("party", "somalia") in roles(event)
    assert ("party", "Somali Opposition Alliance") in roles(event)


def test_a_possessor_state_takes_part_with_who_acts_for_it() -> None:
    event = the_event("Russia's Sergei Lavrov met Turkey's Hakan Fidan in Ankara.", "met")
    assert {("party", "russia"), ("party", "turkey")} <= roles(event)
