"""Helpers shared by the extractors: finding the entity mention under a token or a span."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy
from spacy.attrs import HEAD
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from graph.model import EntityMention, Span


class MentionIndex:
    """Entity mentions of one document, looked up by character offsets."""

    def __init__(self, mentions: Iterable[EntityMention]):
        self.mentions = sorted(mentions, key=lambda m: (m.span.begin, -m.span.end))
        self._begins = [m.span.begin for m in self.mentions]
        self._longest = max((m.span.end - m.span.begin for m in self.mentions), default=0)
        # Each character a mention covers → the mentions covering it, in the order above: a token's
        # mention is found by one look-up (extractors ask for every token of the document). A mention
        # that overlaps no earlier one (most) has its characters mapped in one call, to one shared tuple.
        covering: dict[int, tuple[EntityMention, ...]] = {}
        reach = 0  # where the mentions so far end
        for m in self.mentions:
            begin, end = m.span.begin, m.span.end
            if begin >= reach:
                covering.update(dict.fromkeys(range(begin, end), (m,)))
            else:
                for char in range(begin, end):
                    covering[char] = covering.get(char, ()) + (m,)
            reach = max(reach, end)
        self._covering = covering

    def overlapping(self, begin: int, end: int) -> list[EntityMention]:
        # A mention overlapping [begin, end) starts before `end` and no earlier than the longest one reaches.
        lo = bisect.bisect_left(self._begins, begin - self._longest)
        hi = bisect.bisect_left(self._begins, end)
        return [m for m in self.mentions[lo:hi] if m.span.end > begin]

    def within(self, begin: int, end: int) -> list[EntityMention]:
        return [m for m in self.overlapping(begin, end) if begin <= m.span.begin and m.span.end <= end]

    def at_token(self, token: Token) -> EntityMention | None:
        """The mention that contains this token, if any."""
        covering = self._covering.get(token.idx)
        if not covering:
            return None
        end = token.idx + len(token.text)
        return next((m for m in covering if end <= m.span.end), None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document: spaCy's Doc.text joins every token on each call, and
    the extractors ask for it many times (a demonym's mention text, each quotation scan)."""
    text = doc.user_data.get("parley_text")
    if text is None:
        text = doc.user_data["parley_text"] = doc.text
    return text


def parsed_from(doc: Doc, text: str) -> None:
    """Say which text ``doc`` was parsed from (spaCy's tokens give it back exactly), so that doc_text
    need not join every token of the document to have it."""
    doc.user_data["parley_text"] = text


# The tokens of the document the extractors are reading: iterating a Doc, or indexing it, makes a new
# Token object for every token each time, and the extractors walk each document a dozen times. Only
# the last document is kept (a list in the Doc's own user_data would tie it in a reference cycle).
_last_tokens: tuple[Doc, list[Token]] | None = None


def doc_tokens(doc: Doc) -> list[Token]:
    """The tokens of ``doc``, made once (for the document being read)."""
    global _last_tokens
    if _last_tokens is None or _last_tokens[0] is not doc:
        _last_tokens = (doc, list(doc))
    return _last_tokens[1]


def doc_lowers(doc: Doc) -> list[str]:
    """Each token's ``lower_``, read once per document: spaCy looks it up in its string store on every
    call, and the extractors compare words all along the document. A list of strings refers to no
    Token, so the Doc's user_data can keep it (without a reference cycle)."""
    lowers = doc.user_data.get("parley_lowers")
    if lowers is None:
        lowers = doc.user_data["parley_lowers"] = [t.lower_ for t in doc_tokens(doc)]
    return lowers


def doc_heads(doc: Doc) -> list[int]:
    """The index of each token's syntactic head, read once per document from the Doc's array (spaCy makes a
    new Token on every ``.head``). spaCy gives the heads as offsets from each token, in unsigned integers:
    viewed as signed, they go back to the left."""
    heads = doc.user_data.get("parley_heads")
    if heads is None:
        heads = doc.user_data["parley_heads"] = (doc.to_array(HEAD).view(numpy.int64)
                                                 + numpy.arange(len(doc))).tolist()
    return heads


def char_span(span: SpacySpan | Token) -> Span:
    if isinstance(span, Token):
        return Span(span.idx, span.idx + len(span.text))
    return Span(span.start_char, span.end_char)
