"""Arguments the parse hangs on a neighbour, events that say where they happen, and the sides a document names
for them elsewhere (graph/extract/events/), on sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import RDF

from graph.namespaces import PARLEY
from tests.helpers import graph_of
from tests.test_events import events_of, roles, the_event


def test_a_by_phrase_hung_on_the_place_of_a_signing_names_its_signatories() -> None:
    # the parser attaches "by" to "Lisbon"; a place is signed by no one
    event = the_event("An agreement signed in Barbados by Peru and Chile set conditions for trade.", "signed")
    assert {("party", "peru"), ("party", "chile")} <= roles(event)


def test_a_by_phrase_on_the_verb_a_noun_is_the_object_of_is_the_nouns_agent() -> None:
    event = the_event("During the spring the truce saw military breaches by Ethiopia along the border.", "breaches")
    assert event.event_class == "Attack" and event.plover == "FIGHT" and event.cameo == "196"
    assert ("attacker", "ethiopia") in roles(event)


def test_breaches_of_rights_are_no_fighting_nor_any_one_attack() -> None:
    found = events_of("Protesters marched in Lagos against widespread human rights violations by the police.")
    assert found and all(e.event_class != "Attack" for _, e in found)


@pytest.mark.parametrize(("text", "trigger", "plover"), [
    ("Both armies are guilty of violating the truce agreement signed in June.", "violating", "FIGHT"),
    ("The rebels broke the ceasefire on Friday.", "broke", "FIGHT"),
    ("The junta violated the constitution again.", "violated", "REJECT"),
])
def test_violating_a_truce_is_fighting_and_violating_a_law_rejects_it(text: str, trigger: str, plover: str) -> None:
    assert the_event(text, trigger).plover == plover


def test_a_journey_is_a_visit_only_where_it_goes() -> None:
    assert the_event("The minister travelled to Lima on Monday.", "travelled").event_class == "Summit"
    assert not [t for t, _ in events_of("Police fined 40 migrants for travelling without papers.")
                if t.startswith("travel")]


def test_what_a_threat_is_made_on_the_eve_of_is_no_threat_nor_plan() -> None:
    text = "Peru threatened to cut ties with Chile on the eve of a visit by the Bolivian president."
    visit = the_event(text, "visit")
    assert visit.plover == "CONSULT" and visit.status == "asserted"


def test_speaking_with_an_actor_consults_it_but_speaking_with_reporters_does_not() -> None:
    event = the_event("Egypt's foreign minister spoke with his Turkish counterpart on Sunday.", "spoke with")
    assert event.event_class == "Negotiation" and event.plover == "CONSULT"
    assert ("party", "turkey") in roles(event)
    assert not [t for t, _ in events_of("The minister spoke with reporters in Cairo on Sunday.")
                if t.startswith("spoke")]


@pytest.mark.parametrize(("text", "trigger", "place", "parties"), [
    ("Peace talks began in Nairobi on Monday.", "Peace talks", "Nairobi", set()),
    ("Negotiations resumed in Geneva between Armenia and Azerbaijan.", "Negotiations", "Geneva",
     {"armenia", "azerbaijan"}),
    ("The talks took place in Doha last week.", "talks", "Doha", set()),
])
def test_the_verb_that_says_an_event_happened_places_it(text: str, trigger: str, place: str,
                                                        parties: set[str]) -> None:
    event = the_event(text, trigger)
    assert place in {p.text for p in event.places}
    assert {k for r, k in roles(event) if r == "party"} == parties


def test_a_summit_a_name_calls_one_is_a_summit() -> None:
    event = the_event("The two leaders met on the sidelines of the NATO Summit in Vilnius.", "Summit")
    assert event.event_class == "Summit"
    assert "Vilnius" in {p.text for p in event.places}


def test_the_sides_of_a_clash_are_its_parties_and_its_place_is_no_target() -> None:
    event = the_event("Clashes between Sudan and Chad erupted near the border town of Adre.", "Clashes")
    assert {("party", "sudan"), ("party", "chad")} <= roles(event)
    assert not [r for r, _ in event.roles if r == "target"]


def test_a_war_going_on_now_is_not_dated_by_the_article() -> None:
    event = the_event("The war between the two neighbours grinds through its third year.", "war")
    assert event.time is None


def test_an_event_of_a_when_clause_after_a_date_is_of_that_date() -> None:
    event = the_event("The island has been divided since 1974, when a Turkish military intervention followed a "
                      "coup.", "intervention", published=dt.date(2025, 3, 1))
    assert event.event_class == "MilitaryOperation"
    assert event.time is not None and (event.time.begin, event.time.end) == (dt.date(1974, 1, 1),
                                                                             dt.date(1974, 12, 31))


def test_an_armed_campaign_is_a_military_operation() -> None:
    event = the_event("In its decades-long armed campaign against Turkey, the group killed thousands.", "campaign")
    assert event.event_class == "MilitaryOperation" and ("target", "turkey") in roles(event)


def test_a_dialogue_table_is_a_negotiation_of_its_sides() -> None:
    event = the_event("The dialogue table between Colombia and Venezuela was set up in Caracas.", "dialogue table")
    assert event.event_class == "Negotiation"
    assert {("party", "colombia"), ("party", "venezuela")} <= roles(event)


def test_talks_that_name_no_one_are_the_mediator_of_the_documents_deal() -> None:
    text = ("The rivals agreed to end the fighting, Arab League mediator Amr Moussa said on Friday.\n\n"
            "Talks had begun in Addis Ababa in May.")
    assert ("mediator", "Amr Moussa") in roles(the_event(text, "Talks"))


def test_the_parties_to_the_conflict_are_the_sides_of_its_war() -> None:
    text = ("The parties to the conflict agreed to a ceasefire on Friday.\n\n"
            "The war pits Sudan's army against the Rapid Support Forces.")
    parties = {k for r, k in roles(the_event(text, "agreed")) if r == "party"}
    assert "sudan" in parties or "armed-forces-of-sudan" in parties


def test_a_capital_hyphened_to_a_participle_of_mediating_is_its_state() -> None:
    event = the_event("The Rome-mediated negotiations between Sudan and Chad stalled.", "negotiations")
    assert ("mediator", "italy") in roles(event)


def test_what_a_sequence_preposition_names_does_not_take_the_clause_time() -> None:
    text = "The new talks began in May following months of delays in the earlier negotiations."
    assert the_event(text, "talks").time is not None
    assert the_event(text, "negotiations").time is None


def test_bombers_blowing_themselves_up_assault_and_a_bridge_blown_up_is_property() -> None:
    assert the_event("Two bombers blew themselves up at a market in Kano.", "blew themselves up").plover == "ASSAULT"
    assert the_event("The rebels blew up a bridge near Goma.", "blew up").plover == "COERCE"


def test_a_body_meeting_alone_sits_and_meets_no_one() -> None:
    assert not [t for t, _ in events_of("The cabinet met on Sunday and decided to raise taxes.") if t == "met"]
    assert the_event("The council met the Omani envoy on Sunday.", "met").plover == "CONSULT"


def test_an_agreement_marked_as_another_is_another_between_the_same_sides() -> None:
    text = ("Peru and Chile agreed to a ceasefire on Sunday.\n\n"
            "A similar measure was agreed upon earlier this year, but was suspended by Peru in May.")
    similar = [e for t, e in events_of(text, published=dt.date(2023, 10, 9)) if t == "agreed"][1]
    assert "similar" in similar.cues and {("party", "peru"), ("party", "chile")} <= roles(similar)
    agreements = set(graph_of(text, published=dt.date(2023, 10, 9)).subjects(RDF.type, PARLEY.Agreement))
    assert len(agreements) == 2
