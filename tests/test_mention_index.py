"""MentionIndex finds a token's entity mention by one look-up: the same mention a scan of every mention finds,
for mentions that nest and overlap as well as for mentions apart."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.base import MentionIndex
from graph.model import EntityMention, Span

TEXT = ("Qatari and Egyptian mediators met Hamas officials in Cairo on Monday, a senior Ukrainian official "
        "told the Financial Times, as the United Arab Emirates hosted talks in Abu Dhabi.")
NLP = spacy.blank("en")
DOC = NLP(TEXT)
BOUNDS = sorted({t.idx for t in DOC} | {t.idx + len(t.text) for t in DOC})


def _mention(begin: int, end: int, number: int) -> EntityMention:
    return EntityMention(Span(begin, end), TEXT[begin:end], "State", f"m{number}", TEXT[begin:end], "GPE", None,
                         None, None)


def _scan(mentions: list[EntityMention], idx: int, end: int) -> EntityMention | None:
    """The definition: the first mention, by start and then longest first, that holds the whole token."""
    ordered = sorted(mentions, key=lambda m: (m.span.begin, -m.span.end))
    return next((m for m in ordered if m.span.begin <= idx < m.span.end and end <= m.span.end), None)


spans = st.lists(st.tuples(st.sampled_from(BOUNDS), st.sampled_from(BOUNDS)).filter(lambda be: be[0] < be[1]),
                 max_size=12)


@settings(max_examples=300, deadline=None)
@given(spans)
def test_at_token_is_the_first_mention_holding_the_token(pairs):
    mentions = [_mention(b, e, k) for k, (b, e) in enumerate(pairs)]
    index = MentionIndex(mentions)
    for token in DOC:
        assert index.at_token(token) is _scan(mentions, token.idx, token.idx + len(token.text))


def test_nested_and_overlapping_mentions():
    uae = TEXT.index("United Arab Emirates")
    outer = _mention(uae, uae + len("United Arab Emirates"), 0)
    inner = _mention(uae + len("United "), uae + len("United Arab"), 1)  # inside the outer one
    across = _mention(uae + len("United Arab "), uae + len("United Arab Emirates hosted"), 2)  # overlaps its end
    index = MentionIndex([inner, across, outer])
    by_text = {t.text: t for t in DOC}
    assert index.at_token(by_text["United"]) is outer
    assert index.at_token(by_text["Arab"]) is outer  # the longer of the two starting no later
    assert index.at_token(by_text["Emirates"]) is outer
    assert index.at_token(by_text["hosted"]) is across
    assert index.at_token(by_text["Cairo"]) is None
