"""Who a pronoun that opens a sentence stands for, on texts of our own: the one person the sentence before
names (whatever their role in it) when no one spoke since; else the latest speaker."""

from __future__ import annotations

from graph.model import AssertionMention
from tests.helpers import analyze_texts


def claim(text: str, words: str) -> AssertionMention:
    (analysis,) = analyze_texts(text, components=["entities", "sources", "claims"])
    [found] = [a for a in analysis.assertions if words in a.statement]
    return found


def test_he_after_a_sentence_naming_a_mediator_is_the_mediator() -> None:
    text = ("A Nairobi-based analyst told reporters that the talks were expected to fail. "
            "The negotiations remained difficult, and the talks ended under the mediation of Mr. Ali Hassan, "
            "Qatar’s special envoy. He advised both sides to prepare for further talks and to meet again later.")
    a = claim(text, "advised both sides")
    assert a.source is not None and a.source.text == "Ali Hassan"


def test_he_after_the_speaker_s_own_sentence_is_still_the_speaker() -> None:
    text = ("A Nairobi-based analyst told reporters that the talks would fail and that Mr. Ali Hassan had "
            "come too late. He added that the rebels would not sign.")
    a = claim(text, "rebels would not sign")
    assert a.source is not None and a.source.label == "Nairobi-based analyst"
