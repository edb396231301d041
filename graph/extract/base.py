"""Helpers shared by the extractors: finding the entity mention under a token or a span."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from graph.model import EntityMention, Span


class MentionIndex:
    """Entity mentions of one document, looked up by character offsets."""

    def __init__(self, mentions: Iterable[EntityMention]):
        self.mentions = sorted(mentions, key=lambda m: (m.span.begin, -m.span.end))
        self._begins = [m.span.begin for m in self.mentions]

    def overlapping(self, begin: int, end: int) -> list[EntityMention]:
        # Mentions are short; a mention overlapping [begin, end) starts before `end`.
        hi = bisect.bisect_left(self._begins, end)
        return [m for m in self.mentions[max(0, hi - 64):hi] if m.span.end > begin]

    def within(self, begin: int, end: int) -> list[EntityMention]:
        return [m for m in self.overlapping(begin, end) if begin <= m.span.begin and m.span.end <= end]

    def at_token(self, token: Token) -> EntityMention | None:
        """The mention that contains this token, if any."""
        begin, end = token.idx, token.idx + len(token.text)
        found = [m for m in self.overlapping(begin, end) if m.span.begin <= begin and end <= m.span.end]
        return found[0] if found else None

    def in_subtree(self, token: Token) -> list[EntityMention]:
        """Mentions inside the token's syntactic subtree (its phrase)."""
        sub = list(token.subtree)
        return self.within(sub[0].idx, sub[-1].idx + len(sub[-1].text))

    def in_span(self, span: SpacySpan) -> list[EntityMention]:
        return self.within(span.start_char, span.end_char)


def char_span(span: SpacySpan | Token) -> Span:
    if isinstance(span, Token):
        return Span(span.idx, span.idx + len(span.text))
    return Span(span.start_char, span.end_char)
