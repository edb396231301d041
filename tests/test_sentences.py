"""Sentence splitting (graph/nlp.py) on texts of our own: a line break ends a sentence; inside a line a
sentence begins only after a sentence's closing punctuation; a quote that ends its own sentence stays with
the short speech frame after it ("“…in 2025.” NAME wrote on X.")."""

from __future__ import annotations

import pytest

from graph.nlp import load_nlp


def sentences(text: str) -> list[str]:
    return [s.text.strip() for s in load_nlp()(text).sents if s.text.strip()]


@pytest.mark.parametrize("headline", [
    "Armenia and Azerbaijan Swap 32 Soldiers Each Following EU Talks",
    "Sudan and Chad Release 80 Detainees Each After Qatari Mediation",
])
def test_a_title_case_headline_and_the_sentence_after_it_are_whole(headline: str) -> None:
    body = ("Armenia and Azerbaijan carried out a prisoner exchange on Friday, releasing 32 soldiers each, "
            "in an operation facilitated by the European Union.")
    assert sentences(f"{headline}\n\n{body} Both governments confirmed it.") == \
        [headline, body, "Both governments confirmed it."]


@pytest.mark.parametrize("quote", [
    "“The talks will resume in Geneva in 2025.”",
    "\"We expect the first convoys to cross before March 2026.\"",
    "“The border stays closed until further notice!”",
])
def test_a_quote_that_ends_its_sentence_stays_with_its_speech_frame(quote: str) -> None:
    text = f"Kenya and Somalia held talks in Nairobi on Monday. {quote} Ruto wrote on X. He gave no date."
    assert sentences(text) == ["Kenya and Somalia held talks in Nairobi on Monday.", f"{quote} Ruto wrote on X.",
                               "He gave no date."]


def test_a_quote_followed_by_a_sentence_that_is_no_frame_is_cut_there() -> None:
    text = "“We are ready to talk.” The army moved north on Sunday and shelled the port town of Beira for hours."
    assert sentences(text) == ["“We are ready to talk.”",
                               "The army moved north on Sunday and shelled the port town of Beira for hours."]


def test_sentences_inside_a_line_still_end_at_their_full_stops() -> None:
    text = "The envoys met in Doha. They agreed to meet again! Will the truce hold? Nobody knows."
    assert sentences(text) == ["The envoys met in Doha.", "They agreed to meet again!", "Will the truce hold?",
                               "Nobody knows."]


def test_the_quote_before_its_frame_is_attributed_to_the_frame_s_speaker() -> None:
    from tests.helpers import analyze_texts

    text = ("Kenya and Somalia held talks in Nairobi on Monday. “The talks will resume in Geneva in 2025.” "
            "President William Ruto wrote on X.")
    (analysis,) = analyze_texts(text, components=["entities", "sources", "claims"])
    [quoted] = [a for a in analysis.assertions if "resume in Geneva" in a.statement]
    assert quoted.statement == "The talks will resume in Geneva in 2025"
    assert quoted.source is not None and quoted.source.text == "William Ruto"
    assert not [a for a in analysis.assertions if a.statement.startswith("on X")]
