"""Mediator, host and party cues in their common forms, and participants lifted to the state they
serve (graph/extract/events/, graph/resolve/events.py), on sentences of our own."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS

from graph.namespaces import PARLEY
from tests.helpers import graph_of
from tests.test_events import events_of, roles, the_event


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
    # an abbreviation the tokenizer keeps fused with its participle ("U.S.-brokered") still names the mediator,
    # and a hyphenated mediator of what is signed is not its target
    ("Peru and Chile signed a U.S.-brokered truce.", "signed",
     {("party", "peru"), ("party", "chile"), ("mediator", "usa")}),
    ("Peru and Chile signed a US-brokered truce.", "signed",
     {("party", "peru"), ("party", "chile"), ("mediator", "usa")}),
    ("The leaders met after a U.N.-mediated peace deal.", "peace deal", {("mediator", "un")}),
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


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # who proposes what two sides agree to mediates between them; one side's proposal to the other does not
    ("Chad and Niger accepted Qatar's proposal for a ceasefire.", "accepted",
     {("party", "chad"), ("party", "niger"), ("mediator", "qatar")}),
    ("The parties to the conflict have agreed to the United Nations' proposal to renew the truce in Sudan.",
     "agreed", {("mediator", "un")}),
    ("Chad agreed to Niger's proposal.", "agreed", {("party", "chad"), ("target", "niger")}),
    # the auspices of what is agreed to be done
    ("In March, the rival factions agreed to form a unity government, under the auspices of the UN, to run "
     "the country.", "agreed", {("mediator", "un")}),
    # who presides over talks mediates them
    ("Josep Borrell, who presided over the talks between Serbia and Kosovo, spoke.", "talks",
     {("mediator", "Josep Borrell"), ("party", "serbia"), ("party", "kosovo")}),
])
def test_proposers_auspices_and_chairs(text: str, trigger: str, expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, trigger)) == expected


def test_a_signing_is_an_agreement_of_its_signatories() -> None:
    event = the_event("The pact was signed by Chad and Niger in Doha on Monday.", "signed")
    # an Agreement whose category is PLOVER's SUPPORT (CAMEO 057, sign formal agreement: ontology/plover.ttl)
    assert (event.event_class, event.plover, event.cameo) == ("Agreement", "SUPPORT", "057")
    assert roles(event) == {("party", "chad"), ("party", "niger")}
    # a planned signing is an intention to cooperate (CAMEO 03, AGREE)
    assert the_event("Chad and Niger will sign the pact in Doha next week.", "sign").plover == "AGREE"


def test_the_two_sides_are_the_sides_last_named() -> None:
    text = ("Chad and Niger held talks in Doha. Qatar has been facilitating indirect negotiations between the "
            "two sides. Both countries agreed to a truce on Monday.")
    assert roles(the_event(text, "negotiations")) == {("mediator", "qatar"), ("party", "chad"), ("party", "niger")}
    # (and the truce the two sides of the Qatar-facilitated negotiations agreed to is Qatar-mediated too)
    assert roles(the_event(text, "agreed")) == {("party", "chad"), ("party", "niger"), ("mediator", "qatar")}


def test_what_a_copula_says_talks_were_is_those_talks() -> None:
    found = [e for t, e in events_of("Chad and Niger met on Monday. Tuesday's talks in Accra were the first "
                                     "official meeting between the two countries.") if t in ("talks", "meeting")]
    assert len(found) == 1
    assert roles(found[0]) == {("party", "chad"), ("party", "niger")}


def test_the_sides_after_a_mediating_participle_are_parties_not_mediators() -> None:
    event = the_event("The peace talks, mediated by Uganda between the Sudanese government and the Rapid Support "
                      "Forces, stalled on Friday.", "peace talks")
    found = roles(event)
    assert ("mediator", "uganda") in found
    assert {key for role, key in found if role == "mediator"} == {"uganda"}
    assert ("party", "Rapid Support Forces") in found


def test_an_intelligence_agency_that_coordinates_a_swap_mediates_it() -> None:
    # "Agency" alone does not make a news outlet: the agency acts, and mediates the swap it coordinated
    text = ("The National Intelligence Agency said on Monday it coordinated an extensive prisoner swap between "
            "France, Iran and other countries.")
    event = the_event(text, "prisoner swap")
    found = {(role, m.text, m.kind) for role, m in event.roles}
    assert ("mediator", "National Intelligence Agency", "Organization") in found
    assert {("party", "france"), ("party", "iran")} <= roles(event)


def test_who_proposed_what_two_sides_accept_mediates_it() -> None:
    event = the_event("Kenya has said it is ready to accept an immediate ceasefire with Somalia proposed by the "
                      "African Union.", "accept")
    assert roles(event) == {("party", "kenya"), ("party", "somalia"), ("mediator", "african-union")}


def test_a_side_that_proposes_stays_a_side() -> None:
    # one side's proposal accepted by the other: no third actor, no mediator
    assert roles(the_event("Hamas accepted the truce proposed by Israel.", "accepted")) == {
        ("party", "hamas"), ("target", "israel")}


def test_a_mediator_mediates_for_the_body_whose_mediator_he_is() -> None:
    g = graph_of("The talks between Sudan and South Sudan in Juba were chaired by African Union mediator "
                 "Moses Wetangula.")
    mediators = _roles_in_graph(g, PARLEY.Negotiation)["mediator"]
    assert "African Union" in mediators
    assert any("Wetangula" in m for m in mediators)  # the person stays a mediator too


@pytest.mark.parametrize(("text", "role", "who"), [
    ("The talks between Sudan and Chad were hosted by Kenya.", "host", "kenya"),
    ("The talks between Sudan and Chad were chaired by Norway.", "mediator", "norway"),
])
def test_the_agent_of_a_passive_role_verb_on_talks_has_that_role(text: str, role: str, who: str) -> None:
    found = [(e.event_class, roles(e)) for _, e in events_of(text)]
    assert found == [("Negotiation", {(role, who), ("party", "sudan"), ("party", "chad")})]


def test_a_hyphened_proposer_of_what_two_sides_accept_mediates() -> None:
    event = the_event("Peru and Chile accepted a Brazil-proposed truce.", "accepted")
    assert roles(event) == {("party", "peru"), ("party", "chile"), ("mediator", "brazil")}


def test_a_leaders_adviser_takes_part_for_the_leaders_state() -> None:
    g = graph_of("Peru and Chile held talks in Quito on Monday. Last week, Brazilian President Ana Souza's senior "
                 "adviser Marco Lima traveled to Lima and Santiago as part of the negotiations.")
    roles_of = _roles_in_graph(g, PARLEY.Negotiation)
    assert {"Brazil", "Marco Lima"} <= roles_of["mediator"]
    assert {"Peru", "Chile"} <= roles_of["party"]


def test_a_verb_the_parser_joined_to_the_clause_before_keeps_its_own_subject() -> None:
    # (spaCy reads "agreed" as a conjunct of "launched", sharing its subject)
    text = ("Twenty hours after Serbia's army launched an offensive in the valley, ethnic-Albanian forces have "
            "agreed Serbian terms for a ceasefire.")
    event = the_event(text, "agreed")
    assert ("party", "ethnic-albanian-forces") in roles(event)
    # and the truce one side agrees to beside the fighting its sentence names is the other fighters' too
    assert ("party", "armed-forces-of-serbia") in roles(event)


def test_the_country_is_the_state_the_document_is_about() -> None:
    text = ("Chile was ready to stop shooting, Chile's foreign minister said on Monday. Peru launched a "
            "full-scale invasion of the country in February 2022.")
    assert roles(the_event(text, "invasion")) == {("attacker", "peru"), ("target", "chile")}
