"""Roles an event takes from the text around its own phrase (graph/extract/events/context.py) and from the
verb that carries it in the passive, on sentences of our own."""

from __future__ import annotations

import pytest

from tests.test_events import roles, the_event


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a passive carrier's agent has the carrier's role, a participant's as well as a mediator's
    ("The summit was attended by Chile, Peru and Bolivia.", "summit",
     {("party", "chile"), ("party", "peru"), ("party", "bolivia")}),
    ("The talks were convened by Norway.", "talks", {("mediator", "norway")}),
    # who convenes the sides mediates between them
    ("Egypt convened a meeting between Israel and Hamas in Cairo.", "meeting",
     {("mediator", "egypt"), ("party", "israel"), ("party", "hamas")}),
])
def test_a_passive_carrier_gives_its_agent_the_carriers_role(text: str, trigger: str,
                                                             expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, trigger)) == expected


def test_a_pronoun_stands_for_the_event_the_sentence_before_named() -> None:
    event = the_event("The talks took place at a hotel in Geneva. They were attended by Peru and Chile.", "talks")
    assert {("party", "peru"), ("party", "chile")} <= roles(event)


def test_a_pronoun_after_another_event_in_its_own_sentence_is_left_alone() -> None:
    # the second sentence names its own meeting before the pronoun: the first talks gain nothing
    event = the_event("The talks took place in Geneva. After the meeting in Bern, it was attended by Peru.", "talks")
    assert roles(event) == set()


def test_joint_announcers_of_a_reached_agreement_are_its_sides() -> None:
    event = the_event("Peru and Chile announced on Monday that a Brazil-mediated agreement on their border had "
                      "been reached.", "agreement")
    assert roles(event) == {("party", "peru"), ("party", "chile"), ("mediator", "brazil")}


@pytest.mark.parametrize("text", [
    # one announcer may be a mediator: it is not made a side
    "Qatar said an agreement had been reached.",
    # announcers of an agreement whose sides the text names are not its sides
    "Qatar and Egypt said an agreement had been reached between Israel and Hamas.",
])
def test_a_lone_announcer_or_an_agreement_with_sides_gains_no_sides(text: str) -> None:
    event = the_event(text, "agreement")
    assert not {("party", "qatar"), ("party", "egypt")} & roles(event)


@pytest.mark.parametrize(("text", "agreement", "talks", "expected"), [
    ("Colombia reached a ceasefire agreement with Venezuela after months of negotiations.", "agreement",
     "negotiations", {("party", "colombia"), ("party", "venezuela")}),
    ("The agreement between Peru and Chile comes after years of difficult negotiations under the auspices of "
     "Brazil.", "agreement", "negotiations", {("party", "peru"), ("party", "chile"), ("mediator", "brazil")}),
])
def test_an_agreement_and_the_talks_it_came_after_share_their_sides(text: str, agreement: str, talks: str,
                                                                      expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, agreement)) == expected
    assert roles(the_event(text, talks)) == expected


def test_talks_not_before_an_agreement_keep_their_own_sides() -> None:
    text = "Colombia reached a ceasefire agreement with Venezuela, and Peru held negotiations with Chile."
    assert roles(the_event(text, "negotiations")) == {("party", "peru"), ("party", "chile")}


def test_a_war_that_pits_a_against_b_is_fought_by_a_against_b() -> None:
    assert roles(the_event("The war pits Russia against Ukraine.", "war")) == {
        ("attacker", "russia"), ("target", "ukraine")}


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a bare "the government" is the state whose government the text named
    ("The government of Peru and the rebels agreed to a ceasefire. The dialogue between the government and "
     "Chile was set up in Lima.", "dialogue", {("party", "peru"), ("party", "chile")}),
    # and one named by who leads it is that state's too
    ("The Peruvian government met the rebels. President Dina Boluarte's government is also engaged in "
     "negotiations with Chile.", "negotiations", {("party", "peru"), ("party", "chile"), ("party", "Dina Boluarte")}),
])
def test_the_government_is_the_state_whose_government_the_text_names(text: str, trigger: str,
                                                                       expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, trigger)) == expected


def test_a_bare_government_with_no_state_named_stays_unnamed() -> None:
    assert roles(the_event("The talks between the government and Chile began on Monday.", "talks")) == {
        ("party", "chile")}


def test_talks_set_up_are_established_not_planned() -> None:
    assert the_event("The dialogue between Peru and Chile was set up in Lima.", "dialogue").status == "asserted"
    assert the_event("Talks between Peru and Chile are set to begin next week.", "Talks").status == "planned"


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Turkey played a key role in the prisoner exchange between the US and Russia.", "prisoner exchange",
     {("mediator", "turkey"), ("party", "usa"), ("party", "russia")}),
    # a side's own talks: the one who played a role in talks "with" another is a side, not a mediator
    ("Peru played a role in the talks with Chile.", "talks", {("party", "chile")}),
])
def test_who_played_a_role_in_talks_mediates_them(text: str, trigger: str,
                                                  expected: set[tuple[str, str]]) -> None:
    assert roles(the_event(text, trigger)) == expected


def test_listed_participants_take_part_in_the_meeting_told_of() -> None:
    text = "The envoys held a meeting in Doha on Sunday. A list shared by the UN named participants including " \
           "the US, China and Pakistan."
    assert {("party", "usa"), ("party", "china"), ("party", "pakistan")} <= roles(the_event(text, "meeting"))


def test_the_events_of_one_named_track_share_their_sides() -> None:
    text = ("The Andes Initiative talks, mediated by Brazil between Peru and Chile, stalled. Progress achieved "
            "under the Andes Consensus signed in September was lost.")
    assert roles(the_event(text, "signed")) == {("mediator", "brazil"), ("party", "peru"), ("party", "chile")}


def test_a_demonym_before_talks_is_no_track_name() -> None:
    text = ("The Chilean talks, mediated by Brazil between Peru and Chile, stalled. Progress achieved under the "
            "Chilean Accord signed in September was lost.")
    assert ("mediator", "brazil") not in roles(the_event(text, "signed"))


def test_both_parties_are_the_actors_the_text_last_named_together() -> None:
    text = ("In an announcement made by the government of Peru and the National Liberation Front, it was confirmed "
            "that both parties have agreed to a ceasefire.")
    assert {("party", "peru")} < roles(the_event(text, "agreed"))
    assert any(role == "party" and "Liberation" in who for role, who in roles(the_event(text, "agreed")))


def test_the_sides_of_the_last_event_win_over_an_earlier_pair() -> None:
    text = "Peru and Chile held talks in Lima. Bolivia and Argentina signed a trade pact. Both sides agreed to meet."
    assert roles(the_event(text, "agreed")) == {("party", "bolivia"), ("party", "argentina")}


@pytest.mark.parametrize(("text", "trigger"), [
    ("A cessation of hostilities between Peru and Chile began on Monday.", "cessation"),
    ("Peru tried to arrange a halt in hostilities with Chile.", "halt"),
])
def test_the_sides_of_the_hostilities_a_ceasefire_halts_are_its_sides(text: str, trigger: str) -> None:
    assert {("party", "peru"), ("party", "chile")} <= roles(the_event(text, trigger))


def test_the_talks_of_a_brokered_deal_are_between_its_sides_and_mediated_by_its_broker() -> None:
    text = ("Peru and Chile agreed on Friday to reopen their embassies. Brazil, which brokered the deal, hailed it. "
            "The talks were held over three days in Brasilia.")
    assert roles(the_event(text, "talks")) == {("party", "peru"), ("party", "chile"), ("mediator", "brazil")}


def test_the_agreement_a_mediation_ended_in_is_mediated_too() -> None:
    text = ("Norway has been mediating between Peru and Chile, a process which ended on Monday with an agreement "
            "between the two nations.")
    assert ("mediator", "norway") in roles(the_event(text, "mediating"))
    assert roles(the_event(text, "agreement")) == {("party", "peru"), ("party", "chile"), ("mediator", "norway")}


@pytest.mark.parametrize("text", [
    # talks of other sides are other talks
    "Peru and Chile signed a border agreement on Monday. Separately, Bolivia held talks with Argentina in La Paz.",
    # two agreements of different sides: which talks are whose is not said
    "Peru and Chile signed a border agreement, and Bolivia and Argentina reached a trade deal. The talks lasted "
    "a week.",
])
def test_talks_not_of_the_one_agreement_gain_nothing_from_it(text: str) -> None:
    assert not {("party", "peru"), ("party", "chile")} & roles(the_event(text, "talks"))


def test_the_two_sides_are_not_those_named_with_the_mediators() -> None:
    text = ("Mediator Norway said a truce between Peruvian and Chilean forces had been extended. The president "
            "thanked Chilean Prime Minister Ana Rojas as well as Norway and Brazil, who have been facilitating "
            "indirect negotiations between the two sides, for the agreement.")
    event = the_event(text, "negotiations")
    assert roles(event) == {("party", "armed-forces-of-peru"), ("party", "armed-forces-of-chile"),
                            ("mediator", "norway"), ("mediator", "brazil")}


def test_who_takes_part_in_two_others_talks_mediates_them() -> None:
    text = ("Peru and Chile have reached an agreement on a truce, an official said. Last week, the Brazilian envoy "
            "Marco Lima traveled to Lima and Santiago as part of the negotiations.")
    assert ("mediator", "Marco Lima") in roles(the_event(text, "negotiations"))
    # a side that takes part in its own talks stays a side
    text = "Peru and Chile reached a deal on Monday. Chile sent a delegation to Lima as part of the negotiations."
    assert not any(role == "mediator" for role, _ in roles(the_event(text, "negotiations")))
