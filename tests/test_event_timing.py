"""Time attachment of events (graph/extract/events/timing.py) on sentences of our own: an expression
without a direction read forward in a future clause, the date of a clause given to the event of that
clause. PUB, 30 October 2024, is a Wednesday."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_events import the_event

D = dt.date


@pytest.mark.parametrize(("text", "trigger", "day"), [
    # future clauses: the next such day or month
    ("Officials from Chad and Niger will meet on Thursday in Niamey.", "meet", D(2024, 10, 31)),
    ("The ministry said the two delegations would hold talks on Monday.", "talks", D(2024, 11, 4)),
    ("A truce between Chad and Niger is set to begin this Sunday.", "truce", D(2024, 11, 3)),
    ("Chad and Niger plan to hold another round of talks in late July.", "round of talks", D(2025, 7, 21)),
    ("The summit is scheduled for Friday.", "summit", D(2024, 11, 1)),
    # past clauses: the most recent one
    ("Officials from Chad and Niger met on Thursday in Niamey.", "met", D(2024, 10, 24)),
    ("The two delegations held talks in late July.", "talks", D(2024, 7, 21)),
])
def test_a_future_clause_reads_its_time_forward(text: str, trigger: str, day: dt.date) -> None:
    event = the_event(text, trigger)
    assert event.time is not None and event.time.begin == day


@pytest.mark.parametrize(("text", "trigger", "begin", "end"), [
    # "N units after/before EVENT": the distance from the other clause's date
    ("Two days after the talks collapsed, Chad launched an offensive on Monday.", "talks",
     D(2024, 10, 26), D(2024, 10, 26)),
    ("Chad launched an offensive a week before the talks on Monday.", "offensive", D(2024, 10, 21), D(2024, 10, 21)),
    ("Hours after the attack, Niger and Chad agreed to a truce on Friday.", "attack", D(2024, 10, 24), D(2024, 10, 25)),
    # the present perfect of the main clause is news of the day of publication
    ("Twenty-four hours after the army launched an offensive in the north, rebel forces have agreed to a ceasefire.",
     "offensive", D(2024, 10, 29), D(2024, 10, 29)),
    ("Three days after the summit, Chad signed the accord on Friday.", "summit", D(2024, 10, 22), D(2024, 10, 22)),
])
def test_a_distance_from_a_dated_clause_dates_the_other(text: str, trigger: str, begin: dt.date, end: dt.date) -> None:
    event = the_event(text, trigger)
    assert event.time is not None and (event.time.begin, event.time.end) == (begin, end)


def test_without_a_distance_the_sentence_s_date_is_both_sides() -> None:
    # news tells in one sentence what followed on the same day: "arrived on Monday after being released"
    event = the_event("The prisoners arrived in Doha on Monday after being released by Chad.", "released")
    assert event.time is not None and event.time.begin == D(2024, 10, 28)


@pytest.mark.parametrize(("text", "day"), [
    ("The two leaders have agreed on a plan, said last night the envoy Jane Doe, who chaired the talks.",
     D(2024, 10, 29)),
    ("Chad's foreign minister, who led the talks, said on Monday that a deal was close.", D(2024, 10, 28)),
])
def test_what_the_speaker_of_a_dated_report_did_is_that_report_s_news(text: str, day: dt.date) -> None:
    event = the_event(text, "talks")
    assert event.time is not None and (event.time.begin, event.time.end) == (day, day)


def test_what_the_speaker_does_now_or_did_at_a_time_of_its_own_is_not_the_report_s() -> None:
    event = the_event("Chad's minister, who led the talks in 2019, said on Monday that a deal was close.", "talks")
    assert (event.time.begin, event.time.end) == (D(2019, 1, 1), D(2019, 12, 31))
    assert the_event("The envoy, who leads the talks, said a deal was close.", "talks").time.begin == D(2024, 10, 30)


@pytest.mark.parametrize("text", ["Chad and Niger agreed to hold talks in July.",
                                  "The parties agreed that talks would resume in July."])
def test_the_time_of_a_future_clause_is_not_the_event_above_it(text: str) -> None:
    # the agreement was made before publication; July is when the talks are to be
    event = the_event(text, "agreed")
    assert event.time is None or event.time.end <= D(2024, 10, 30)


def test_a_future_event_keeps_the_time_of_its_own_clause() -> None:
    event = the_event("Chad and Niger will agree to a truce in July.", "agree")
    assert (event.time.begin, event.time.end) == (D(2025, 7, 1), D(2025, 7, 31))


def test_a_schedule_said_in_the_past_is_not_read_forward() -> None:
    # "had been due to end on Monday" (written on a Wednesday): that Monday, not the next one
    event = the_event("Hostages were freed under the truce that had been due to end on Monday.", "truce")
    assert event.time is not None and event.time.begin == D(2024, 10, 28)
    event = the_event("The truce was set to end on Monday.", "truce")
    assert event.time is not None and event.time.begin == D(2024, 10, 28)


@pytest.mark.parametrize(("text", "trigger", "begin", "end"), [
    ("The 10-day talks, which began on June 3, ended without a deal.", "talks", D(2024, 6, 3), D(2024, 6, 12)),
    ("The three-day summit began on Monday.", "summit", D(2024, 10, 28), D(2024, 10, 30)),
    ("The talks were held over four days and ended on Friday.", "talks", D(2024, 10, 22), D(2024, 10, 25)),
])
def test_a_duration_stretches_the_day_of_its_start_or_end(text: str, trigger: str, begin: dt.date,
                                                          end: dt.date) -> None:
    event = the_event(text, trigger)
    assert event.time is not None and (event.time.begin, event.time.end) == (begin, end)


def test_a_duration_without_a_start_or_an_end_leaves_the_day() -> None:
    # "on Monday" may be any of the three days
    event = the_event("The three-day summit was held in Niamey on Monday.", "summit")
    assert (event.time.begin, event.time.end) == (D(2024, 10, 28), D(2024, 10, 28))


def test_an_event_that_began_and_lasted_ends_in_the_graph() -> None:
    from rdflib import XSD, Literal

    from graph.namespaces import SEM
    from tests.helpers import graph_of

    g = graph_of("The three-day summit between Chad and Niger began on Monday.")
    ends = set(g.objects(None, SEM.hasEndTimeStamp))
    assert Literal("2024-10-30", datatype=XSD.date) in ends


@pytest.mark.parametrize(("text", "trigger"), [
    # an event reported as done, in a report the text does not date: the news of the day of publication
    ("State radio said the talks between Chad and Niger were held over three days.", "talks"),
    ("Officials told reporters that Chad had accepted the truce.", "accepted"),
    ("The envoy announced that the truce had been renewed, adding that the talks with Chad were over.", "talks"),
    # the object or the passive subject of a verb of news ("announce", "report", "confirm")
    ("Heavy clashes were reported by both sides near the border.", "clashes"),
    ("Niger confirmed the attack on Chad's convoy.", "attack"),
])
def test_an_event_reported_as_done_in_an_undated_report_is_news_of_publication(text: str, trigger: str) -> None:
    event = the_event(text, trigger)
    assert event.time is not None and (event.time.begin, event.time.end) == (D(2024, 10, 30), D(2024, 10, 30))


@pytest.mark.parametrize(("news", "not_news", "trigger"), [
    # a report of its own time (not a day), or in a relative clause
    ("Officials said the talks with Chad had collapsed.", "In 2019, officials said the talks with Chad had collapsed.",
     "talks"),
    ("Officials said the talks with Chad had collapsed.",
     "The envoy, who said the talks with Chad had collapsed, resigned.", "talks"),
    # a mention with nothing of its own is the event named before it (coreference joins them): not set apart
    ("Officials said the talks with Chad had collapsed.", "Officials said the talks had collapsed.", "talks"),
    # what began the state the report tells of, at any time before
    ("Officials said hundreds had been held during the Chadian offensive.",
     "Officials said hundreds had been held since the start of the Chadian offensive.", "offensive"),
    # the object of a verb of saying that is not news: a topic
    ("The minister announced the peace deal between Chad and Niger.",
     "The minister mentioned the peace deal between Chad and Niger.", "peace deal"),
])
def test_what_a_report_does_not_tell_as_news_stays_undated(news: str, not_news: str, trigger: str) -> None:
    assert the_event(news, trigger).time.begin == D(2024, 10, 30)
    assert the_event(not_news, trigger).time is None


def test_a_participle_of_beginning_dates_the_start() -> None:
    # "the talks, launched in May": May is when the talks started, not all they lasted (the end stays open)
    text = "The Lake Chad talks, launched in May 2024 after delays, are the latest attempt at peace."
    assert "began" in the_event(text, "talks").cues
    assert "began" not in the_event(text.replace("launched", "held"), "talks").cues


@pytest.mark.parametrize(("text", "trigger", "begin", "end"), [
    # "after N units of EVENT": it lasted so long and ended by the time of what it preceded
    ("After two weeks of talks, Chad and Niger signed a truce on Friday.", "talks", D(2024, 10, 11), D(2024, 10, 25)),
    ("The accord was reached in Niamey after four years of negotiations and signed on March 3, 2019.",
     "negotiations", D(2015, 3, 4), D(2019, 3, 3)),
    # no number: one unit; the date of the clause's event (here the news of an undated report)
    ("Officials said the truce with Chad was renewed without an agreement on the roads following days of "
     "discussions in the capital.", "discussions", D(2024, 10, 29), D(2024, 10, 30)),
])
def test_what_lasted_until_a_dated_clause_ends_there(text: str, trigger: str, begin: dt.date, end: dt.date) -> None:
    event = the_event(text, trigger)
    assert event.time is not None and (event.time.begin, event.time.end) == (begin, end)


def test_what_lasted_keeps_a_time_of_its_own() -> None:
    text = "After two weeks of talks{}, Chad and Niger signed a truce on Friday."
    assert the_event(text.format(""), "talks").time.begin == D(2024, 10, 11)
    event = the_event(text.format(" in May"), "talks")
    assert (event.time.begin, event.time.end) == (D(2024, 5, 1), D(2024, 5, 31))


def test_a_signing_the_parser_hung_on_another_clause_dates_the_agreement_it_signed() -> None:
    text = ("The Andean Front is a splinter group of the guerrilla, which diverged from the peace agreement reached "
            "in Lima after three years of negotiations and was signed in Quito on March 3, 2015.")
    event = the_event(text, "peace agreement")
    assert event.time is not None and (event.time.begin, event.time.end) == (dt.date(2015, 3, 3), dt.date(2015, 3, 3))
    assert [p.text for p in event.places] == ["Quito"]
