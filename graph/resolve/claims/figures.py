"""The figures a report gives (value, bound word, what is counted, the period), and where they disagree:
within one claim, and between related claims ("over a thousand strikes since October 2022" against
"more than 1,000 weapons in 2024")."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from graph.extract.sources import load_lexicon
from graph.resolve.claims.reports import Report
from graph.resolve.claims.rules import MergeRules

if TYPE_CHECKING:
    from graph.resolve.claims.clusters import Clusters
    from graph.resolve.claims.pairs import Pairs
    from graph.resolve.claims.reports import ReportStore

STOP_AFTER_UNIT = "(?:on|against|in|of|to|for|from|by|at|with|since|the|a|an|and|or|that|which|per|during)"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
SCALES = "thousand|million|billion|trillion|mln|bn"
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


def quoted(text: str) -> str:
    return f"“{text}”"


@dataclass(frozen=True)
class Figure:
    value: float
    bound: str | None
    unit: str | None
    period: str | None
    text: str


@functools.cache
def _number_words() -> dict[str, float]:
    return load_lexicon().number_words


@functools.lru_cache(maxsize=8)
def _figure_pattern(bound_words: tuple[str, ...]) -> re.Pattern:
    """The figure pattern, compiled once (figures() runs for every report of every related pair)."""
    words = _number_words()
    word_numbers = "|".join(re.escape(w) for w in sorted((w for w, v in words.items() if v and v != 1), key=len,
                                                         reverse=True))
    bounds = "|".join(re.escape(b) for b in bound_words)
    pattern = re.compile(
        rf"(?<![\w.-])(?:(?P<bound>{bounds})\s+)?(?P<currency>[$€£₴₽])?\s?"
        rf"(?P<num>{NUMBER}|(?:a\s+)?(?:{word_numbers}))\b(?:\s+(?P<scale>{SCALES})\b)?\s*"
        rf"(?:of\s+(?:its\s+|the\s+)?)?"
        rf"(?P<unit>sq\.?\s?km\.?|km²|km2|%|[A-Za-z][\w-]*(?:\s+(?!{STOP_AFTER_UNIT}\b)[a-z][\w-]*)?)?",
        re.IGNORECASE)
    return pattern


def figures(text: str, rules: MergeRules) -> list[Figure]:
    """The quantities a statement gives: value, bound word, what is counted, and the period."""
    words = _number_words()
    pattern = _figure_pattern(rules.bound_words)
    out = []
    for match in pattern.finditer(text):
        raw = match.group("num").lower().replace(",", "")
        raw = re.sub(r"^a\s+", "", raw)
        value = words.get(raw)
        if value is None:
            try:
                value = float(raw)
            except ValueError:
                continue
        if not value:
            continue
        if match.group("scale"):
            value *= words.get(match.group("scale").lower(), 1)  # "$4 billion", "1.2 million"
        if re.fullmatch(r"\d{4}", raw) and 1900 <= value <= 2100:
            continue  # a year: the period, not a figure
        before = text[max(0, match.start() - 12):match.start()].lower()
        if re.search(r"(?:" + "|".join(MONTHS) + r")\s*$", before):
            continue  # a day of a month
        unit = (match.group("currency") or match.group("unit") or "").strip().lower()
        if unit.split(" ")[0] in MONTHS:
            continue  # "12 August": a date
        unit = _unit_key(unit, rules)
        period = _period(text[match.end():match.end() + 60], rules)
        out.append(Figure(value, (match.group("bound") or "").lower() or None, unit, period,
                          re.sub(r"\s+", " ", match.group(0)).strip()))
    return out


def _unit_key(unit: str, rules: MergeRules) -> str | None:
    if not unit:
        return None
    compact = re.sub(r"[.\s]+", " ", unit).strip()
    for candidate in (compact, compact.replace(" ", ""), compact.split()[0]):
        if candidate in rules.unit_synonyms:
            return rules.unit_synonyms[candidate]
    return compact


def _period(text: str, rules: MergeRules) -> str | None:
    """The period a figure covers, said after it ("since October 2022", "since last summer")."""
    match = re.match(r"[^.;]*?\b(" + rules.period_pattern + ")", text)
    return match.group(1) if match else None


def _report_figures(report: Report, rules: MergeRules) -> tuple[Figure, ...]:
    return _content_figures(_content_text(report), rules)


@functools.lru_cache(maxsize=1 << 14)
def _content_figures(text: str, rules: MergeRules) -> tuple[Figure, ...]:
    """The figures of a claim's content. Reprints say it in the same words, and a report's figures are asked
    for by its claim and by each related claim: read once per wording."""
    # the period may sit before the figure ("In 2024, Russia used more than 1,000 weapons")
    lead = _period(text[:60], rules) if re.match(r"\s*(?:since|in|from|during|over)\s", text, re.I) else None
    out = []
    for fig in figures(text, rules):
        if fig.period is None and lead:
            fig = Figure(fig.value, fig.bound, fig.unit, lead.strip(), fig.text)
        out.append(fig)
    return tuple(out)


def _compare_figures(fa: Figure, fb: Figure, rules: MergeRules, strict: bool) -> bool:
    """Do two figures disagree? Within one claim: a different value for the same thing, the same value
    for different things, or another period. Between related claims (``strict``), only a different
    value or period for the same thing: there, the same number of different things is no news."""
    same_value = abs(fa.value - fb.value) <= rules.tolerance * max(fa.value, fb.value)
    same_unit = _same_unit(fa.unit, fb.unit, rules)
    if strict and not same_unit:
        return False
    if not (same_value or same_unit):
        return False  # two unrelated quantities
    return bool((same_unit and not same_value) or (same_value and fa.unit and fb.unit and not same_unit) or (
        fa.period and fb.period and fa.period.lower() != fb.period.lower()))


def figure_discrepancies(group: list[Report], rules: MergeRules) -> list[tuple[str, str]]:
    """Figures of one claim that disagree between documents, once per pair of figures as worded, each
    with every document that gives it: a claim a hundred outlets reprint names a disagreement once, not
    once per pair of outlets (which grew with the square of the outlets, in memory and in the graph).

    Listed in the order of the first two documents that disagree (by document id), then of the figures
    within them: with one document per figure, what comparing the documents pair by pair gave."""
    sides: dict[str, tuple[Figure, dict[str, tuple[int, str]]]] = {}  # wording → figure, document → (position, name)
    positions: dict[str, int] = defaultdict(int)
    for r in group:
        for fig in _report_figures(r, rules):
            side = sides.setdefault(_figure_words(fig), (fig, {}))
            side[1].setdefault(r.doc_id, (positions[r.doc_id], r.doc_name))
            positions[r.doc_id] += 1
    found: list[tuple[tuple, str]] = []
    words = list(sides)
    for x, wa in enumerate(words):
        for wb in words[x + 1:]:
            (fa, docs_a), (fb, docs_b) = sides[wa], sides[wb]
            first = _first_disagreement(docs_a, docs_b)
            if first is None or not _compare_figures(fa, fb, rules, strict=False):
                continue
            order, b_first = first
            one, other = (wb, wa) if b_first else (wa, wb)
            found.append((order, f"The figures differ: {_reporters(sides[one][1])} {one}; "
                                 f"{_reporters(sides[other][1])} {other}."))
    return [("figure", text) for _, text in sorted(found, key=lambda item: item[0])]


def _first_disagreement(docs_a: dict[str, tuple[int, str]],
                        docs_b: dict[str, tuple[int, str]]) -> tuple[tuple[str, str, int, int], bool] | None:
    """The first pair of different documents, one giving each figure, as (document, document, position,
    position) by document id, and whether it starts with b's document; None when one document gives both."""
    best = None
    for first, second, b_first in ((docs_a, docs_b, False), (docs_b, docs_a, True)):
        start = min(first)
        later = [d for d in second if d > start]
        if later:
            end = min(later)
            candidate = ((start, end, first[start][0], second[end][0]), b_first)
            if best is None or candidate[0] < best[0]:
                best = candidate
    return best


def _reporters(docs: dict[str, tuple[int, str]]) -> str:
    names = list(dict.fromkeys(name for _, (_, name) in sorted(docs.items())))
    return ", ".join(names) + (" reports" if len(names) == 1 else " report")


def related_figure_discrepancies(reports: ReportStore, pairs: Pairs, clusters: Clusters,
                                 rules: MergeRules, doc_ids: Sequence[str]) -> dict[int, list[tuple[str, str]]]:
    """Figures that differ between reports of two related claims (similar, but not one proposition,
    because their numbers differ: "more than 150 times since July 2023" and "about 200 times since last
    summer"). Keyed by the group (the claim) of the first report. ``doc_ids``: each report's document (a
    report is read back from its store only when its figures are needed)."""
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if clusters.edges is None:
        clusters.settle()
    root = clusters.root
    # The pairs of related claims, as arrays (tested in C, not pair by pair): similar enough (they come best
    # first: a prefix), from two documents, in two groups.
    scores = np.frombuffer(pairs.scores, dtype=np.float64)
    related = int(np.count_nonzero(scores >= rules.related_threshold))
    left = np.frombuffer(pairs.left, dtype=np.int64)[:related]
    right = np.frombuffer(pairs.right, dtype=np.int64)[:related]
    numbering: dict[str, int] = {}
    doc = np.array([numbering.setdefault(d, len(numbering)) for d in doc_ids], dtype=np.int64)
    groups = np.frombuffer(root, dtype=np.int64)
    apart = (doc[left] != doc[right]) & (groups[left] != groups[right])
    left, right = left[apart], right[apart]
    # Their reports' figures, the reports read in ascending order (neighbours in one read); kept for those
    # that give any.
    numbers = np.union1d(left, right).tolist()
    figures_of = {k: found for k, report in zip(numbers, reports.read_many(numbers), strict=True)
                  if (found := _report_figures(report, rules))}
    has_figures = np.zeros(len(doc), dtype=bool)
    has_figures[list(figures_of)] = True
    both = has_figures[left] & has_figures[right]
    for i, j in zip(left[both].tolist(), right[both].tolist(), strict=True):
        pair: tuple[Report, Report] | None = None  # (read back once a pair's figures differ)
        for fa in figures_of[i]:
            for fb in figures_of[j]:
                if _compare_figures(fa, fb, rules, strict=True):
                    a, b = pair = pair or (reports[i], reports[j])
                    first, second = (a, fa), (b, fb)
                    if (b.doc_id, b.index) < (a.doc_id, a.index):
                        first, second = second, first
                    out[root[first[0].index]].append((
                        "figure", f"A related report gives another figure: {first[0].doc_name} reports "
                                  f"{_figure_words(first[1])} (“{first[0].mention.statement}”); {second[0].doc_name} "
                                  f"reports {_figure_words(second[1])} (“{second[0].mention.statement}”)."))
    return out


def _same_unit(a: str | None, b: str | None, rules: MergeRules) -> bool:
    """Do two figures count the same thing? "energy capacity" and "electricity generation capacity" do
    (a shared word, read through the synonym groups); "strikes" and "weapons" do not."""
    if a is None or b is None:
        return False
    if a == b:
        return True

    def words(unit: str) -> set[str]:
        out = set()
        for word in re.split(r"[\s-]+", unit):
            word = word[:-1] if word.endswith("s") and len(word) > 3 else word
            out.add(rules.synonyms.get(word, word))
        return out

    return bool(words(a) & words(b))


def _figure_words(fig: Figure) -> str:
    period = fig.period[:1].lower() + fig.period[1:] if fig.period else None
    return quoted(fig.text) + (f" {period}" if period and fig.period not in fig.text else "")


def _content_text(report: Report) -> str:
    mention = report.node.mention
    content = report.mention.content
    return mention.text[max(0, content.begin - mention.span.begin):content.end - mention.span.begin]
