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


def test_a_speech_verb_whose_object_points_back_is_an_attribution() -> None:
    text = ("Kenya said on Monday that the two armies had pulled back from the ridge. "
            "Somalia also confirmed the same the next day.")
    a = claim(text, "confirmed the same")
    assert a.source is not None and a.source.text == "Somalia"


def test_a_quotation_paragraph_left_open_is_the_next_paragraph_s_speaker_s() -> None:
    # The convention of a quotation running over paragraphs: the first one is not closed, the next one
    # opens again and names the speaker.
    text = ("Kenyan President William Ruto thanked the mediators on Friday.\n"
            "“Thank you for your patience, your trust and your commitment to this peace deal.\n"
            "“The region needs leaders who make peace and keep it,” William Ruto said after the signing.")
    a = claim(text, "your patience")
    assert a.source is not None and a.source.label == "William Ruto"


def test_every_sentence_of_a_quotation_left_open_in_its_paragraph_is_the_speaker_s() -> None:
    text = ("Kenya and Somalia extended the truce on Friday.\n"
            "Ruto's envoy Martin Kimani added: \"For two months, people in the border towns have felt the "
            "benefits of the truce. Attacks on the markets have fallen sharply, and the schools reopened in May.\n"
            "The talks resume next week.")
    a = claim(text, "schools reopened")
    assert a.source is not None and a.source.label == "Martin Kimani"
    assert claim(text, "talks resume").source is None


def test_both_sides_name_no_one_speaker() -> None:
    # "both sides", "the two sides": the parties together, no one actor; the sentence stays the document's.
    text = ("The ceasefire took effect at noon. However, shelling could still be heard in the town and further "
            "clashes were reported by both sides on a smaller scale.")
    assert claim(text, "further clashes").source is None
    assert claim("The two sides said the talks would continue in June.", "talks would continue").source is None
