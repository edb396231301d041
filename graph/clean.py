"""The cleaning stage: find the article body and prepare the text the NLP reads.

Boilerplate (the "Read also" lists, headlines of other stories, donation appeals, share
and image placeholders, "follow us on X") is found line by line with the patterns of
graph/data/boilerplate.toml. Nothing is cut: dropped regions are blanked to spaces in
``analysis_text`` (newlines kept) so that every offset still points into the source text.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.model import CleanedDocument, SourceDocument, Span

DATA = Path(__file__).parent / "data"
SENTENCE_END = re.compile(r"""[.!?:;"'”’)\]…]\s*$""")


@dataclass(frozen=True)
class CleaningRules:
    tail_markers: tuple[re.Pattern, ...]
    drop_lines: tuple[re.Pattern, ...]
    dateline: re.Pattern
    dateline_prefix: re.Pattern
    caption_max_chars: int
    trailing_line_max_chars: int
    trailing_credit: re.Pattern
    min_body_share: float
    char_map: dict[int, str]


@functools.cache
def load_rules(boilerplate: Path = DATA / "boilerplate.toml",
               characters: Path = DATA / "characters.toml") -> CleaningRules:
    data = tomllib.loads(boilerplate.read_text(encoding="utf-8"))
    chars = tomllib.loads(characters.read_text(encoding="utf-8"))["map"]
    for key, value in chars.items():
        if len(key) != 1 or len(value) != 1:
            raise ValueError(f"{characters}: {key!r} → {value!r} must map one character to one character")
    compile_all = lambda pats: tuple(re.compile(p, re.IGNORECASE) for p in pats)  # noqa: E731
    return CleaningRules(
        tail_markers=compile_all(data["tail_markers"]),
        drop_lines=compile_all(data["drop_lines"]),
        dateline=re.compile(data["dateline"]),
        dateline_prefix=re.compile(data["dateline_prefix"]),
        caption_max_chars=int(data["caption_max_chars"]),
        trailing_line_max_chars=int(data["trailing_line_max_chars"]),
        trailing_credit=re.compile(data["trailing_credit"]),
        min_body_share=float(data["min_body_share"]),
        char_map={ord(k): v for k, v in chars.items()},
    )


def _lines(text: str) -> list[Span]:
    """Each line's span without its newline and surrounding blanks; blank lines left out."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append(Span(match.start() + lead, match.start() + lead + len(stripped)))
    return spans


def _is_headline(line: str) -> bool:
    return len(line) < 150 and not SENTENCE_END.search(line) and line[:1].isupper()


def find_dropped(text: str, rules: CleaningRules) -> list[tuple[Span, str]]:
    lines = _lines(text)
    dropped: list[tuple[Span, str]] = []
    body_chars = 0
    keep_until = len(lines)
    for index, span in enumerate(lines):
        line = text[span.begin:span.end]
        # A tail marker opens the furniture only after some story: a first-line "Read more" is a headline.
        if body_chars >= 200 and any(p.search(line) for p in rules.tail_markers):
            keep_until = index
            dropped.append((Span(span.begin, len(text)), f"page furniture after {line[:30]!r}"))
            break
        body_chars += len(line)
    # A run of three or more headline-like lines ending the document: other stories' titles.
    run = keep_until
    while run > 0 and _is_headline(text[lines[run - 1].begin:lines[run - 1].end]):
        run -= 1
    short = all(len(lines[i]) <= rules.trailing_line_max_chars for i in range(run, keep_until))
    if run > 0 and (keep_until - run >= 3 or (keep_until > run and short and body_chars >= 500)):
        dropped.append((Span(lines[run].begin, lines[keep_until - 1].end), "list of other headlines"))
        keep_until = run
    if keep_until > 0 and (credit := rules.trailing_credit.search(text, lines[keep_until - 1].begin,
                                                                   lines[keep_until - 1].end)):
        dropped.append((Span(credit.start(), lines[keep_until - 1].end), "credit after the last sentence"))
    seen: set[str] = set()
    for span in lines[:keep_until]:
        line = text[span.begin:span.end]
        folded = re.sub(r"\W+", " ", line.casefold()).strip()
        reason = None
        if any(p.search(line) for p in rules.drop_lines):
            reason = "boilerplate line"
        elif rules.dateline.match(line):
            reason = "dateline"
        elif folded in seen and len(folded) > 20:
            reason = "repeated line"
        elif len(line) <= rules.caption_max_chars and line.endswith(",") and line.count(" ") < 8:
            reason = "image caption"
        seen.add(folded)
        if reason:
            dropped.append((span, reason))
        elif prefix := rules.dateline_prefix.match(line):
            # "CAIRO, March 3 (Reuters) - Egyptian mediators held talks …": the city where the report was
            # filed is not the subject of the sentence it opens.
            dropped.append((Span(span.begin, span.begin + prefix.end()), "dateline"))
    return sorted(dropped, key=lambda d: d[0].begin)


def _complement(length: int, dropped: list[Span]) -> tuple[Span, ...]:
    body, at = [], 0
    for span in sorted(dropped, key=lambda s: s.begin):
        if span.begin > at:
            body.append(Span(at, span.begin))
        at = max(at, span.end)
    if at < length:
        body.append(Span(at, length))
    return tuple(body)


def blank(text: str, regions: list[Span]) -> str:
    chars = list(text)
    for span in regions:
        for i in range(span.begin, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def clean_document(doc: SourceDocument, rules: CleaningRules | None = None) -> CleanedDocument:
    rules = rules or load_rules()
    dropped = find_dropped(doc.text, rules)
    regions = [span for span, _ in dropped]
    body = _complement(len(doc.text), regions)
    kept = sum(len(s) for s in body if doc.text[s.begin:s.end].strip())
    if doc.text.strip() and kept < rules.min_body_share * len(doc.text.strip()):
        # Better noise than a lost article: keep everything.
        dropped, regions, body = [], [], (Span(0, len(doc.text)),)
    analysis = blank(doc.text.translate(rules.char_map), regions)
    # Control characters confuse the tokenizer; map them to spaces (same length).
    analysis = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", analysis)
    assert len(analysis) == len(doc.text)
    return CleanedDocument(source=doc, analysis_text=analysis, body=body, dropped=tuple(dropped))
