"""Participants and roles of events (graph/extract/events/arguments.py, absorption.py, parse.py): who
the text calls a mediator, the sides of what is signed, subjects of raised verbs, relative clauses
after "as well as", and the words of "a mediation mission"; on sentences of our own."""

from __future__ import annotations

import pytest

from tests.test_events import events_of, roles, the_event


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


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Iran and Sweden carried out a prisoner exchange on Saturday.", "prisoner exchange",
     {("party", "iran"), ("party", "sweden")}),
    ("Oman coordinated a prisoner swap between Iran and Belgium.", "prisoner swap",
     {("mediator", "oman"), ("party", "iran"), ("party", "belgium")}),
    # the operation an exchange is carried out in, and who facilitates it, are the exchange's
    ("Iran and Sweden carried out a prisoner exchange on Saturday, in an operation facilitated by Oman.",
     "prisoner exchange", {("party", "iran"), ("party", "sweden"), ("mediator", "oman")}),
])
def test_a_prisoner_exchange_is_an_agreement_between_its_sides(text: str, trigger: str,
                                                               expected: set[tuple[str, str]]) -> None:
    event = the_event(text, trigger)
    assert event.event_class == "Agreement"
    assert roles(event) == expected


def test_an_exchange_of_fire_is_no_prisoner_exchange() -> None:
    from tests.test_events import events_of
    assert not [e for _, e in events_of("Iraq and Iran freed the sailors in exchange for oil.")
                if e.event_class == "Agreement"]
    assert ("prisoner exchange", "Agreement") in [
        (t, e.event_class) for t, e in events_of("Iraq and Iran completed a prisoner exchange.")]


@pytest.mark.parametrize(("text", "host"), [
    ("Chad and Niger held talks in the Malian capital on Friday.", "mali"),
    ("Chad and Niger held talks in Kenya's capital Nairobi on Friday.", "kenya"),
])
def test_the_state_whose_capital_holds_the_talks_hosts_them(text: str, host: str) -> None:
    assert roles(the_event(text, "talks")) == {("party", "chad"), ("party", "niger"), ("host", host)}


def test_a_side_is_no_host_in_its_own_capital() -> None:
    hosted = roles(the_event("Talks between Chad and Niger in the Malian capital ended on Friday.", "Talks"))
    assert ("host", "mali") in hosted
    found = roles(the_event("Talks between Chad and Niger in the Nigerien capital ended on Friday.", "Talks"))
    assert found == {("party", "chad"), ("party", "niger")}


def test_who_attends_talks_takes_part() -> None:
    event = the_event("The talks in Vienna, attended by Hungarian and Slovak delegations, lasted two hours.", "talks")
    assert len([role for role, _ in roles(event) if role == "party"]) == 2
    assert not any("attended" in cue for cue in event.cues)


def test_talks_that_a_meeting_is_for_are_the_meeting_s() -> None:
    event = the_event("Chad and Niger met in Dakar for talks on Friday.", "talks")
    assert roles(event) == {("party", "chad"), ("party", "niger")}


def test_a_carrier_in_the_passive_has_its_subject() -> None:
    event = the_event("The Malian government is engaged in peace negotiations with Niger.", "negotiations")
    assert {("party", "mali"), ("party", "niger")} <= roles(event)


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Through mediation carried out by Oman, an agreement was reached between Chad and Niger.", "agreement",
     ("mediator", "oman")),
    ("Attacks carried out by Boko Haram killed ten people.", "Attacks", ("attacker", "Boko Haram")),
])
def test_the_agent_of_a_participle_of_doing_is_the_event_s(text: str, trigger: str,
                                                            expected: tuple[str, str]) -> None:
    assert expected in roles(the_event(text, trigger))


def test_the_two_leaders_are_the_sides_last_named() -> None:
    from tests.test_events import events_of
    text = ("Chad and Niger signed a border accord on Monday. "
            "Officials said the two leaders would meet again next month.")
    (meet,) = [e for t, e in events_of(text) if t == "meet"]
    assert roles(meet) == {("party", "chad"), ("party", "niger")}


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a verb that needs an object has it in the passive's subject; attacker and target stay apart
    ("Bamako was hit by Malian rebels overnight.", "hit", {("attacker", "mali-rebel"), ("target", "mali")}),
    ("The rebels, who were struck by Chadian jets, attacked a convoy.", "struck", {("attacker", "chad")}),
])
def test_a_passive_attack_keeps_attacker_and_target_apart(text: str, trigger: str,
                                                          expected: set[tuple[str, str]]) -> None:
    found = roles(the_event(text, trigger))
    assert expected <= found
    attackers = {key for role, key in found if role == "attacker"}
    targets = {key for role, key in found if role == "target"}
    assert not attackers & targets


def test_the_state_of_a_visited_capital_hosts_the_visit() -> None:
    event = the_event("The Chadian president arrived in Dakar on an official visit on Monday.", "arrived")
    assert roles(event) == {("party", "chad"), ("host", "senegal")}


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # an unnamed group hit by a measure: the state its demonym names is the target
    ("Norway said on Friday it had expelled three Iranian diplomats based in Oslo.", "expelled",
     {("party", "norway"), ("target", "iran")}),
    ("Turkey detained two Russian officials at the border on Sunday.", "detained",
     {("party", "turkey"), ("target", "russia")}),
])
def test_an_unnamed_group_hit_is_its_state(text: str, trigger: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= roles(the_event(text, trigger))


def test_who_staged_a_protest_and_whom_it_was_against() -> None:
    # the small model's lemma of "staged" is "stag"; the parse hangs "against" on the carrier verb
    event = the_event("Supporters of the Awami League have staged rallies in Dhaka against the party's former "
                      "leader Tarek Rahman.", "rallies")
    found = roles(event)
    assert ("party", "Awami League") in found
    assert ("target", "Tarek Rahman") in found


def test_a_trigger_of_several_words_takes_its_arguments_at_its_root() -> None:
    # "siege" is the word the lexicon matched last; the phrase's root is "state", where "in Bolivia" hangs
    event = the_event("The army declared a state of siege in Bolivia on Saturday.", "state of siege")
    assert ("target", "bolivia") in roles(event)
    assert [p.text for p in event.places] == ["Bolivia"]


def test_a_headline_list_of_sides_before_the_noun_names_both() -> None:
    # headlines list the sides with a comma, and the parse hangs the first elsewhere
    deal = the_event("Gabon, Cameroon peace deal signed", "peace deal")
    assert roles(deal) >= {("party", "gabon"), ("party", "cameroon")}
    # an object or a place before the comma is no side
    assert ("party", "chad") not in roles(the_event("After meeting Chad, Niger peace talks resumed.", "peace talks"))



def test_a_reminder_that_one_must_act_is_a_demand_on_the_one_reminded() -> None:
    # [obligation] nouns: a clause of what must be done, hung on a word of saying the verb carries, is a demand by
    # the verb's subject on the clause's subject and on the one it is told to; what must be done is its content.
    event = the_event("Kenya issued a sharp reminder on Friday to Uganda that it must reopen the border crossing.",
                      "must")
    assert event.plover == "DEMAND"
    assert ("party", "kenya") in roles(event) and ("target", "uganda") in roles(event)
    text = "Kenya issued a reminder to Uganda that it must end the blockade."
    assert the_event(text, "must").plover == "DEMAND" and "blockade" not in [t for t, _ in events_of(text)]
