"""Status scoped to the event it governs (graph/extract/events/status.py), and the states an agreed,
threatened or refused act is done in (graph/extract/events/arguments.py); on sentences of our own."""

from __future__ import annotations

import pytest

from tests.test_events import events_of, roles, the_event


def test_a_negated_outcome_leaves_the_talks_held() -> None:
    text = "The talks in Dakar did not produce an agreement."
    assert the_event(text, "talks").status == "asserted"
    # and a negation of the talks themselves still marks them
    assert the_event("The talks in Dakar did not resume on Monday.", "talks").status == "negated"


def test_a_modal_on_the_outcome_leaves_the_talks_held() -> None:
    assert the_event("The talks in Dakar could yield a ceasefire.", "talks").status == "asserted"


@pytest.mark.parametrize(("text", "trigger"), [
    ("Chad and Niger are due to sign the agreement next week.", "sign"),
    ("The signing ceremony is planned for next week.", "signing ceremony"),
])
def test_a_signing_to_come_is_planned(text: str, trigger: str) -> None:
    event = the_event(text, trigger)
    assert event.event_class == "Agreement"
    assert event.status == "planned"


def test_a_signing_is_an_agreement_of_its_signatories() -> None:
    event = the_event("The signing of the accord by Chad and Niger took place in Dakar.", "signing")
    assert event.event_class == "Agreement"
    assert roles(event) == {("party", "chad"), ("party", "niger")}


@pytest.mark.parametrize(("text", "trigger", "target"), [
    ("Algeria has refused to deploy peacekeepers in Libya.", "refused", "libya"),
    ("Nigeria refused to station troops in Benin.", "refused", "benin"),
])
def test_the_state_an_act_is_done_in_is_its_target(text: str, trigger: str, target: str) -> None:
    assert ("target", target) in roles(the_event(text, trigger))


def test_the_venue_of_agreed_talks_is_no_target() -> None:
    assert ("target", "turkey") in roles(the_event("Chad agreed to deploy troops in Turkey.", "agreed"))
    found = [roles(e) for t, e in events_of("Chad and Niger agreed to hold talks in Turkey.") if t == "agreed"]
    assert found == [{("party", "chad"), ("party", "niger")}]


def test_who_did_not_attend_talks_leaves_them_held_and_takes_no_part() -> None:
    event = the_event("Eritrea did not attend the talks in Nairobi on Friday.", "talks")
    assert event.status == "asserted"
    assert ("party", "eritrea") not in roles(event)
    # holding them is the talks' own act: its negation is theirs
    assert the_event("Eritrea did not hold talks in Nairobi on Friday.", "talks").status == "negated"


def test_a_clause_joined_by_but_is_no_content_of_the_negated_verb() -> None:
    text = "Chad and Niger have not yet signed the accord, but they held talks in Niamey on Monday."
    talks = the_event(text, "talks")  # an event of its own, not what was not signed
    assert talks.status == "asserted"
    assert the_event(text, "signed").status == "negated"


def test_they_who_hold_talks_are_the_sides_last_named() -> None:
    text = "Chad and Niger have not signed the accord. They held talks in Niamey on Monday."
    assert {("party", "chad"), ("party", "niger")} <= roles(the_event(text, "talks"))


@pytest.mark.parametrize(("text", "trigger"), [
    ("The envoy did not elaborate on the talks in Dakar.", "talks"),
    ("Chad would not comment on the agreement with Niger.", "agreement"),
])
def test_a_negated_word_about_an_event_leaves_it_held(text: str, trigger: str) -> None:
    # what is not done is the speaking of the event, not the event
    assert the_event(text, trigger).status == "asserted"


def test_a_reduced_relative_clause_is_not_governed_by_the_modal_of_its_noun_s_verb() -> None:
    # "signed on Friday" says what was done; "should" is about what the deal brings
    assert the_event("The peace deal, signed on Friday, should bring stability to the region.",
                     "signed").status == "asserted"


@pytest.mark.parametrize("text", [
    "As part of the accord, Chile will gain access to the port.",
    "Under the accord, Chile will gain access to the port.",
])
def test_the_framing_agreement_of_a_future_clause_is_not_planned(text: str) -> None:
    assert the_event(text, "accord").status == "asserted"
