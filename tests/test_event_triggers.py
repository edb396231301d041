"""Trigger words and their PLOVER categories (graph/data/events.toml [[trigger]], graph/extract/events/triggers.py):
sentences of our own."""

from __future__ import annotations

import datetime as dt

from tests.helpers import analyze_texts

COMPONENTS = ["entities", "sources", "events"]


def triggers_of(text: str) -> dict[str, tuple[str, str]]:
    (analysis,) = analyze_texts(text, published=dt.date(2024, 10, 30), components=COMPONENTS)
    return {text[e.trigger.begin:e.trigger.end]: (e.event_class, e.plover) for e in analysis.events}


def test_an_ultimatum_threatens() -> None:
    found = triggers_of("Peru issued an ultimatum to Ecuador over the border raids.")
    assert found.get("ultimatum") == ("Threat", "THREATEN")


def test_a_press_conference_is_not_a_summit() -> None:
    # Speaking to reporters is not a meeting of sides (what is said there is a claim); a conference of leaders is.
    assert "conference" not in triggers_of("The foreign minister told a news conference in Ankara on Monday that "
                                           "he expected more prisoners to be freed.")
    assert "conference" not in triggers_of("The envoy spoke at a press conference after the vote.")
    assert triggers_of("Leaders of the bloc met at a conference in Lima.").get("conference") == ("Summit", "CONSULT")
