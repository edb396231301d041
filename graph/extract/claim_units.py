"""The units a document is read in: sentences, joined where a quotation runs over several of them,
with a following attribution line ("- said the diplomat"), or with the quotation after "X told
reporters:". Each unit carries one assertion (graph/extract/claims.py)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc, Token

from graph.extract.base import doc_text, doc_tokens
from graph.extract.sources import AttributionLexicon
from graph.model import DocumentAnalysis, Span

QUOTES = "\"“”„«»‟"
PTB_QUOTES = ("``", "''")  # quotation marks as Penn Treebank text writes them


@dataclass
class Unit:
    """A stretch of text carrying one assertion: token range [start, end)."""

    start: int
    end: int
    quotes: list[tuple[int, int]] = field(default_factory=list)  # token ranges inside quotation marks
    attribution_line: tuple[int, int] | None = None  # a "- said X" line joined to the paragraph before


def _is_quote(token: Token, lex: AttributionLexicon) -> bool:
    text = token.text
    return text in lex.quote_characters or text in PTB_QUOTES


def _line_breaks(doc: Doc) -> list[bool]:
    """For each token i: does a line break separate it from the token before it (spaces skipped)?
    The document's first tokens, up to the first that is not a space, are on a new line.

    spaCy keeps no more than one " " after a token (whitespace_): any other space between two words,
    and so any line break, is a token of its own (is_space). Only those are read, not every token."""
    tokens = doc_tokens(doc)
    space_at = set(numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist())
    breaks = [False] * len(tokens)
    # After the start of the document and after each space holding a line break: every token up to
    # the first word (with it) is on a new line.
    for line_start in [0, *(k + 1 for k in sorted(space_at) if "\n" in tokens[k].text)]:
        for i in range(line_start, len(tokens)):
            breaks[i] = True
            if i not in space_at:
                break
    return breaks


def quote_ranges(doc: Doc, lex: AttributionLexicon, breaks: list[bool] | None = None) -> list[tuple[int, int]]:
    """Quotation marks paired in order within each paragraph: (open token, close token).
    ``breaks``: _line_breaks(doc), when the caller has it."""
    breaks = _line_breaks(doc) if breaks is None else breaks
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for i, token in enumerate(doc_tokens(doc)):
        if opened is not None and breaks[i] and i - opened > 0:
            # An unclosed quotation at a line break: continuation paragraphs often reopen it.
            opened = None
        if _is_quote(token, lex):
            if opened is None:
                opened = i
            else:
                out.append((opened, i))
                opened = None
    return out


def _content_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc_tokens(doc)[start:end] if not t.is_space]


def _attribution_line_verb(doc: Doc, start: int, end: int, lex: AttributionLexicon,
                           text: str | None = None) -> int | None:
    """A line that is only an attribution ("- said the diplomat, who…"): the index of its speech verb.

    The dash may open the line or close the sentence before (the parser's choice). ``text``: doc.text."""
    first = doc[start]
    if first.text in lex.dash_characters and start + 1 < end and lex.is_speech_verb(doc[start + 1]):
        return start + 1
    if lex.is_speech_verb(first) and first.is_lower and start > 0:
        text = doc_text(doc) if text is None else text
        at = first.idx
        while at > 0 and text[at - 1] in " \t":  # the character before, spaces and tabs skipped
            at -= 1
        before = text[at - 1] if at > 0 else ""
        if before == "\n" or (before and before in lex.dash_characters):
            return start
    return None


def build_units(doc: Doc, analysis: DocumentAnalysis, lex: AttributionLexicon) -> list[Unit]:
    sentences: list[tuple[int, int]] = []
    for sent in doc.sents:
        tokens = _content_tokens(doc, sent.start, sent.end)
        if not tokens:
            continue
        span = Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        if not analysis.document.in_body(span):
            continue
        if not any(t.is_alpha or t.is_digit for t in tokens):
            # A closing quotation mark the parser left on its own belongs to the sentence before.
            if sentences and any(_is_quote(t, lex) for t in tokens) and sentences[-1][1] == tokens[0].i:
                sentences[-1] = (sentences[-1][0], tokens[-1].i + 1)
            continue
        sentences.append((tokens[0].i, tokens[-1].i + 1))
    text = doc_text(doc)
    breaks = _line_breaks(doc)
    quotes = quote_ranges(doc, lex, breaks)
    units: list[Unit] = []
    for start, end in sentences:
        if units:
            last = units[-1]
            # A quotation still open at the end of the previous unit runs on into this one.
            if any(q0 < last.end <= q1 and q1 >= start and q0 >= last.start for q0, q1 in quotes) \
                    and not breaks[start]:
                last.end = end
                continue
            # "Peskov told reporters:" and the quotation after it, in the next paragraph or not.
            if doc[last.end - 1].text == ":" and _is_quote(doc[start], lex):
                last.end = end
                continue
            # A line that starts with a dash and a speech verb attributes the paragraph before it.
            verb_at = _attribution_line_verb(doc, start, end, lex, text)
            if verb_at is not None:
                paragraph_start = last.start
                while len(units) >= 2 and not breaks[units[-1].start]:
                    units.pop()
                    paragraph_start = units[-1].start
                units[-1] = Unit(paragraph_start, end, attribution_line=(verb_at, end))
                continue
        units.append(Unit(start, end))
    for unit in units:
        unit.quotes = [(q0, q1) for q0, q1 in quotes if unit.start <= q0 and q1 < unit.end]
    return units


@functools.lru_cache(maxsize=32)
def _cues_by_first_word(cues: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Cues grouped by their first word, each group in the cues' order (an empty cue is no cue)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        if cue:
            out.setdefault(cue[0], []).append(cue)
    return out
