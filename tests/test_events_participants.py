"""Participants and roles of events (graph/extract/events/arguments.py, absorption.py, parse.py): who
the text calls a mediator, the sides of what is signed, subjects of raised verbs, relative clauses
after "as well as", and the words of "a mediation mission"; on sentences of our own."""

from __future__ import annotations

import pytest

from tests.test_events import roles, the_event


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # the noun a mediation modifies carries its sides and its mediator
    ("Kuwait launched a mediation effort between Bahrain and Qatar on Sunday.", "mediation",
     {("mediator", "kuwait"), ("party", "bahrain"), ("party", "qatar")}),
    ("Algeria undertook a mediation mission between Mali and Niger.", "mediation",
     {("mediator", "algeria"), ("party", "mali"), ("party", "niger")}),
])
def test_a_mediation_mission_has_the_sides_of_its_mission(text: str, trigger: str,
                                                          expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, trigger)) == expected


def test_a_mediation_effort_launched_is_under_way_not_planned() -> None:
    event = the_event("Kuwait launched a mediation effort between Bahrain and Qatar on Sunday.", "mediation")
    assert event.status == "asserted"
    assert event.plover == "CONSULT"


@pytest.mark.parametrize(("text", "trigger", "mediators"), [
    ("Mediator Switzerland said on Tuesday that the truce between Peru and Ecuador had been extended.", "truce",
     {"switzerland"}),
    ("Norway, a longtime mediator, said the ceasefire between Colombia and Venezuela had been extended.",
     "ceasefire", {"norway"}),
    ("Oman, which has acted as a mediator, said the truce between Iran and Bahrain would be renewed.", "truce",
     {"oman"}),
    ("Mediators Kenya, Uganda and Tanzania said talks between Somalia and Ethiopia would resume.", "talks",
     {"kenya", "uganda", "tanzania"}),
    ("Algeria acted as a mediator in the talks between Mali and Niger.", "talks", {"algeria"}),
    ("Oman was the main mediator of the talks between Iran and Bahrain.", "talks", {"oman"}),
])
def test_who_the_text_calls_a_mediator_mediates(text: str, trigger: str, mediators: set[str]) -> None:
    found = roles(the_event(text, trigger))
    assert {key for role, key in found if role == "mediator"} == mediators
    assert not any(role == "party" and key in mediators for role, key in found)  # never also a side


def test_a_speaker_mediates_what_he_reports_only_when_called_a_mediator() -> None:
    told = "Switzerland said on Tuesday that the truce between Peru and Ecuador had been extended."
    assert ("mediator", "switzerland") in roles(the_event("Mediator " + told, "truce"))
    assert not any(role == "mediator" for role, _ in roles(the_event(told, "truce")))


def test_the_sides_of_an_agreement_signed_are_its_parties() -> None:
    event = the_event("A border agreement between Peru and Ecuador was signed on Friday.", "signed")
    assert roles(event) == {("party", "peru"), ("party", "ecuador")}


def test_a_raised_subject_takes_part() -> None:
    event = the_event("Peru and Ecuador are expected to sign a border agreement next month.", "sign")
    assert roles(event) == {("party", "peru"), ("party", "ecuador")}
    assert event.status == "planned"


def test_a_relative_clause_after_as_well_as_speaks_of_the_last_names_only() -> None:
    event = the_event("The president thanked Norway as well as Switzerland and Austria, which have been facilitating "
                      "talks between the rebels and the government.", "talks")
    mediators = {key for role, key in roles(event) if role == "mediator"}
    assert mediators == {"switzerland", "austria"}


def test_who_brokers_an_agreement_in_the_passive_mediates_it() -> None:
    text = "The truce between Georgia and Armenia was brokered by Turkey."
    assert roles(the_event(text, "truce")) >= {("party", "georgia"), ("party", "armenia"), ("mediator", "turkey")}
