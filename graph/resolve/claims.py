"""Claims across documents: one parley:Claim per proposition, one parley:Assertion per report of it.

Assertions are matched by what they say, not by their strings: the lemmas of their content
words (with the synonym groups of graph/data/attribution.toml, so "talks" meets "negotiations"),
the actors and events they are about, and the numbers they give. Each feature is weighted by its
rarity over the distinct texts (a word every assertion shares says nothing; reprints of one story
count once, and start as one group). Each assertion is compared only with those sharing one of
its rarest features (blocking), so the work grows with the corpus, not with its square; the
pairs are then grouped by average linkage, so one loose pair cannot chain two propositions
together. A document carries a claim once: two of its sentences are never one claim.

For each claim the reports are compared, and what differs is recorded as a discrepancy in plain
words: a different source ("a former senior Kremlin official" in one outlet, "a high-ranking
Russian official" in another), different intermediaries, a different polarity or certainty,
conflicting facts (whose forces are in a place), and different figures ("over a thousand strikes
since October 2022" against "more than 1,000 weapons in 2024"), also between related claims.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from graph.extract.sources import load_lexicon
from graph.gazetteer import load_gazetteer
from graph.model import (
    PLACE,
    ActorNode,
    AssertionMention,
    AssertionNode,
    ClaimNode,
    DocumentAnalysis,
    EntityMention,
    MentionRef,
    Span,
)
from graph.namespaces import digest, slug
from graph.resolve.records import RecordStore, StoredList, assertion_store

if TYPE_CHECKING:
    from graph.resolve.actors import ActorResolution
    from graph.resolve.events import EventResolution

DATA = Path(__file__).resolve().parent.parent / "data"
PREDICATE_BOOST = 1.5
MIN_SHARED = 2
CERTAINTY_STEPS = {"certain": 0, "probable": 1, "possible": 2, "unlikely": 3}


@dataclass(frozen=True, eq=False)  # (compared and hashed as the one object load_rules makes: a cache key)
class MergeRules:
    threshold: float
    blocking_keys: int
    blocking_max_postings: int
    weights: dict[str, float]
    synonyms: dict[str, str]
    ignore: frozenset[str]
    force_nouns: frozenset[str]
    force_window: int
    unit_synonyms: dict[str, str]
    tolerance: float
    bound_words: tuple[str, ...]
    period_pattern: str
    related_threshold: float


@functools.cache
def load_rules(path: Path = DATA / "attribution.toml") -> MergeRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    merge, facts, figures = data["merge"], data["facts"], data["figures"]
    synonyms = {word.lower(): group[0].lower() for group in merge["synonyms"] for word in group}
    units = {word.lower(): group[0].lower() for group in figures["unit_synonyms"] for word in group}
    return MergeRules(
        threshold=float(merge["threshold"]),
        blocking_keys=int(merge["blocking_keys"]),
        blocking_max_postings=int(merge["blocking_max_postings"]), weights=dict(merge["weights"]),
        synonyms=synonyms, ignore=frozenset(w.lower() for w in merge["ignore_lemmas"]),
        force_nouns=frozenset(w.lower() for w in facts["force_nouns"]), force_window=int(facts["force_place_window"]),
        unit_synonyms=units, tolerance=float(figures["tolerance"]),
        bound_words=tuple(sorted((w.lower() for w in figures["bound_words"]), key=len, reverse=True)),
        period_pattern=figures["period_pattern"], related_threshold=float(figures["related_threshold"]),
    )


# ------------------------------------------------------------------ one report, as the resolver sees it


@dataclass(frozen=True, slots=True)
class Said:
    """What claim resolution reads of an assertion after its features are counted: not its mentions,
    keywords and speakers, which would stay in memory for every assertion of the corpus."""

    statement: str
    content: Span
    about_entities: tuple[EntityMention, ...]  # the places it names, with their keys (force_presence)

    @classmethod
    def of(cls, assertion: AssertionMention) -> Said:
        return cls(assertion.statement, assertion.content,
                   tuple(m for m in assertion.about_entities if m.kind == PLACE and m.key))


@dataclass(slots=True)
class Report:
    doc_id: str
    doc_name: str  # the outlet or the document id, for plain-words descriptions
    index: int  # position in the corpus order (for determinism)
    mention: AssertionMention | Said
    node: AssertionNode
    about: set[str]
    features: dict[tuple[str, str], float] = field(default_factory=dict)
    norm: float = 0.0
    predicates: frozenset[str] = frozenset()
    distinctive: frozenset[tuple[str, str]] = frozenset()


# A report as kept: document, outlet, index, statement, content span, places named (each as its span's ends
# and EntityMention's other fields), the keys it is about.
ReportValues = tuple[str, str, int, str, int, int, tuple[tuple, ...], tuple[str, ...]]


_PLACE_FIELDS = tuple(f.name for f in fields(EntityMention) if f.name != "span")
_place_fields = attrgetter(*_PLACE_FIELDS)


class _ReportStore:
    """The reports in corpus order, in memory or on disk (see graph.resolve.records), read back by number.

    A report is kept without its assertion node: ``nodes`` keeps that once, under the same number (the
    claims' assertions are read from there), and a report read back is joined with it. Both are kept as
    plain values, which pickle several times faster than the objects. What only the comparison reads
    (features, predicates) is not kept: the first copies are compared in memory, before any is read back."""

    def __init__(self, directory: Path | None):
        self.nodes: RecordStore[AssertionNode] = assertion_store(directory)
        self._values: RecordStore[ReportValues] = RecordStore(directory, plain=True)

    def append(self, report: Report) -> None:
        said = report.mention
        places = tuple((m.span.begin, m.span.end, *_place_fields(m)) for m in said.about_entities)
        self._values.append((report.doc_id, report.doc_name, report.index, said.statement, said.content.begin,
                             said.content.end, places, tuple(report.about)))
        self.nodes.append(report.node)

    def __getitem__(self, number: int) -> Report:
        return _report_from_values(self._values[number], self.nodes[number])

    def read_many(self, numbers: Sequence[int]) -> Iterator[Report]:
        """The reports with these numbers, in that order (ascending numbers that lie close are read together)."""
        return map(_report_from_values, self._values.read_many(numbers), self.nodes.read_many(numbers))


def _report_from_values(values: ReportValues, node: AssertionNode) -> Report:
    doc_id, doc_name, index, statement, begin, end, places, about = values
    places = tuple(EntityMention(Span(b, e), **dict(zip(_PLACE_FIELDS, rest, strict=True))) for b, e, *rest in places)
    return Report(doc_id, doc_name, index, Said(statement, Span(begin, end), places), node, set(about))


def _features(report: Report, keywords: Sequence[str], rules: MergeRules, events: set[str],
              shared: dict | None = None) -> set[tuple[str, str]]:
    """The report's features; ``shared`` keeps one tuple per distinct feature across reports (most repeat)."""
    one = shared.setdefault if shared is not None else (lambda feature, _: feature)
    out: set[tuple[str, str]] = set()
    for word in keywords:
        if word.startswith("#"):
            value = word[1:]
            # A year dates the proposition; it is not one of its figures.
            feature = ("year" if re.fullmatch(r"(19|20)\d\d", value) else "number", value)
            out.add(one(feature, feature))
            continue
        if word.startswith("^"):
            word = rules.synonyms.get(word[1:], word[1:])
            if word not in rules.ignore:
                report.predicates |= {word}
            continue
        word = rules.synonyms.get(word, word)
        if word not in rules.ignore and len(word) > 1:
            feature = ("lemma", word)
            out.add(one(feature, feature))
    for key in report.about:
        feature = ("event" if key in events else "actor", key)
        out.add(one(feature, feature))
    return out


def _similarity(a: Report, b: Report) -> float:
    """The similarity of two reports, one pair at a time: the definition _candidate_pairs computes for a
    chunk of pairs at once on arrays (a test holds the two to the last bit)."""
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a, b) if len(a.features) <= len(b.features) else (b, a)
    if small.distinctive.isdisjoint(large.features):
        return 0.0  # (the test below, made first and in one step)
    common = [f for f in small.features if f in large.features]
    if len(common) < MIN_SHARED or not any(f in small.distinctive for f in common):
        # One shared word is a coincidence, and common words alone ("talks", "Ukraine") no proposition.
        return 0.0
    shared = sum(small.features[f] for f in common)
    score = shared / math.sqrt(a.norm * b.norm)  # the Ochiai coefficient over weighted feature sets
    # The same main predicate ("is unlikely to", "plans to continue") strengthens what else is shared;
    # alone ("ready") it proves nothing.
    if a.predicates & b.predicates:
        score = min(1.0, score * PREDICATE_BOOST)
    return score


# ------------------------------------------------------------------ clustering


class _Clusters:
    """Average-linkage grouping over the candidate pairs.

    The pairs are taken best first; two groups join when the mean similarity over all their
    cross pairs reaches the threshold. Only candidate pairs have a similarity (any other pair
    shares nothing rare, and counts as 0), and the sums between groups are kept up to date as
    groups join, so each test costs one look-up, not a pass over both groups' members."""

    def __init__(self, doc_ids: Sequence[str], rules: MergeRules, pairs: Pairs,
                 twins: Sequence[int] | None = None):
        self.rules = rules
        # twins[i]: the first of the reports with exactly i's features (reprints of one sentence), whose
        # similarities stand for all of them. Twins start as one group.
        twins = twins if twins is not None else range(len(doc_ids))
        self.parent = array("q", twins)
        self.members: dict[int, array] = defaultdict(lambda: array("q"))  # (8 bytes a report, not 36)
        for i, rep in enumerate(twins):
            self.members[rep].append(i)
        self.members = dict(self.members)
        self.docs: dict[int, set[str]] = {rep: {doc_ids[i] for i in m} for rep, m in self.members.items()}
        self.pairs = pairs
        self.edges: dict[tuple[int, int], float] | None = None  # after settle(): the pairs within a group
        self.root = array("q")  # after settle(): each report's group
        self.link: dict[int, dict[int, float]] = defaultdict(dict)  # group → neighbour group → summed similarity
        numbers: dict[int, int] = {}  # one int object per report for the keys (not two per pair)
        sizes = {rep: len(m) for rep, m in self.members.items()}
        for score, i, j in pairs:
            i, j = numbers.setdefault(i, i), numbers.setdefault(j, j)
            weight = score * sizes[i] * sizes[j]
            self.link[i][j] = self.link[j][i] = weight

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def settle(self) -> None:
        """Merging is over: the links between groups go, the similarities within each group are kept."""
        self.link = defaultdict(dict)
        self.root = root = array("q", map(self.find, range(len(self.parent))))  # (once per report, not twice per pair)
        self.edges = {((i, j) if i < j else (j, i)): score for score, i, j in self.pairs if root[i] == root[j]}

    def closeness(self, rep: int, weight: dict[int, int]) -> float:
        """The summed similarity (after the merging) of a first copy to the reports of its group, given as
        ``weight``: each of the group's first copies → its number of reports (they stand for their reprints).
        (One expression per first copy, not a call: a group of a thousand texts asks for a million.)"""
        if self.edges is None:
            self.settle()
        edges = self.edges
        return sum(n * (1.0 if other == rep else edges.get((rep, other) if rep < other else (other, rep), 0.0))
                   for other, n in weight.items())

    def merge(self) -> None:
        """Take the pairs best first, and join the groups of each pair whose average similarity reaches the
        threshold. (Most pairs do not: their tests are made here, in the loop, not in a call per pair.)"""
        find, link, members, threshold = self.find, self.link, self.members, self.rules.threshold
        parent = self.parent
        for _, i, j in self.pairs:
            # (Most reports are a root or a root's child: that is looked up here, without a call.)
            ri, rj = parent[i], parent[j]
            if parent[ri] != ri:
                ri = find(ri)
            if parent[rj] != rj:
                rj = find(rj)
            if ri != rj and link[ri].get(rj, 0.0) / (len(members[ri]) * len(members[rj])) >= threshold:
                self._join(ri, rj)

    def _join(self, ri: int, rj: int) -> bool:
        """Join two groups (roots) whose average similarity reaches the threshold, unless they share a document."""
        if not self.docs[ri].isdisjoint(self.docs[rj]):
            return False  # one assertion per document and claim: its headline and body stay apart
        # The group with more neighbours keeps its links (and its name); the other's are folded in, so a
        # big group is not walked again on every merge. The sums are the same whichever way (a + b = b + a).
        link = self.link
        keep, gone = (ri, rj) if (len(link[ri]), -ri) >= (len(link[rj]), -rj) else (rj, ri)
        self.parent[gone] = keep
        for parts in (self.members, self.docs):
            mine, theirs = parts[keep], parts.pop(gone)
            if len(theirs) > len(mine):
                mine, theirs = theirs, mine
            if isinstance(mine, array):
                mine.extend(theirs)  # (members are sorted once, in groups())
            else:
                mine.update(theirs)
            parts[keep] = mine
        kept = link[keep]
        for other, value in link.pop(gone).items():
            theirs = link[other]
            theirs.pop(gone, None)
            if other != keep:
                theirs[keep] = kept[other] = kept.get(other, 0.0) + value
        kept.pop(keep, None)
        return True

    def groups(self) -> list[list[int]]:
        return sorted((sorted(m) for r, m in self.members.items() if self.find(r) == r), key=lambda m: m[0])


class _Reprints:
    """For each report in corpus order, the first earlier report with the same features in another
    document (a reprint), or itself. Two such sentences of one document stay apart: a document carries a
    claim once. The words, numbers and actors say whether two sentences are one text; event keys are left
    out, since the event resolver may split one story's reprints."""

    def __init__(self) -> None:
        self.seen: dict[frozenset, list[tuple[int, set[str]]]] = defaultdict(list)

    def first_copy(self, index: int, doc_id: str, features: set[tuple[str, str]]) -> int:
        key = frozenset(f for f in features if f[0] != "event")
        for rep, docs in self.seen[key] if features else ():
            if doc_id not in docs:
                docs.add(doc_id)
                return rep
        self.seen[key].append((index, {doc_id}))
        return index


class Pairs:
    """Scored pairs of reports, best first, as three arrays: a Python tuple and float per pair cost four
    times the memory, and a corpus has hundreds of thousands of pairs. Iterates as (score, i, j)."""

    __slots__ = ("scores", "left", "right")

    def __init__(self, scores: np.ndarray | Sequence[float] = (), left: np.ndarray | Sequence[int] = (),
                 right: np.ndarray | Sequence[int] = ()):
        self.scores, self.left, self.right = _as_array("d", scores), _as_array("q", left), _as_array("q", right)

    def __iter__(self) -> Iterator[tuple[float, int, int]]:
        return zip(self.scores, self.left, self.right, strict=True)

    def __len__(self) -> int:
        return len(self.scores)

    def renumbered(self, numbers: Sequence[int]) -> Pairs:
        """The same pairs with each report index i replaced by numbers[i]."""
        table = np.asarray(numbers, dtype=np.int64)  # (looked up in C)
        self.left = _as_array("q", table[np.frombuffer(self.left, dtype=np.int64)])
        self.right = _as_array("q", table[np.frombuffer(self.right, dtype=np.int64)])
        return self


def _as_array(typecode: str, values: np.ndarray | Sequence[float]) -> array:
    """A numpy array's values in an array.array ("d": float64, "q": int64), copied once."""
    out = array(typecode)
    out.frombytes(memoryview(np.ascontiguousarray(values, dtype=np.float64 if typecode == "d" else np.int64)).cast("B"))
    return out


# Candidate pairs scored at once: a chunk's arrays take a few hundred kilobytes, whatever the size of the
# corpus. (Measured in a fresh process: with larger chunks, malloc maps and unmaps their arrays chunk after
# chunk; with smaller ones, the calls per chunk cost more.)
PAIR_CHUNK = 1 << 11


class _Rows:
    """Sets of numbers, one per report, as one array: row r's numbers, ascending, at starts[r]:starts[r + 1],
    each with a value and a flag. ``holds`` answers "is number x in row r" for many at once."""

    def __init__(self, rows: Iterable[Sequence[tuple[int, float, bool]]]):
        numbers: list[int] = []
        values: list[float] = []
        flags: list[bool] = []
        sizes: list[int] = []
        for row in rows:
            for x, value, flag in sorted(row):
                numbers.append(x)
                values.append(value)
                flags.append(flag)
            sizes.append(len(row))
        self.numbers = np.array(numbers, dtype=np.int64)
        self.values = np.array(values, dtype=np.float64)
        self.flags = np.array(flags, dtype=bool)
        self.sizes = np.array(sizes, dtype=np.int64)
        self.starts = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(self.sizes, out=self.starts[1:])
        self.width = int(self.numbers.max()) + 1 if len(numbers) else 1  # (above every number)

    @functools.cached_property
    def keys(self) -> np.ndarray:
        """Each entry's (row, number) as one integer, ascending: rows in order, numbers ascending within a row."""
        return np.repeat(np.arange(len(self.sizes), dtype=np.int64), self.sizes) * self.width + self.numbers

    def expand(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each entry of each of ``rows`` in turn (ascending within a row): the index in ``rows`` it
        comes from, and its position in the table."""
        sizes = self.sizes[rows]
        index = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
        ends = np.cumsum(sizes)
        at = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
        at += np.repeat(self.starts[rows] - (ends - sizes), sizes)
        return index, at

    def holds(self, rows: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        """Whether row rows[k] has number numbers[k], for each k (numbers below ``width``)."""
        keys = rows * self.width + numbers
        where = np.searchsorted(self.keys, keys)
        inside = where < len(self.keys)
        out = np.zeros(len(keys), dtype=bool)
        out[inside] = self.keys[where[inside]] == keys[inside]
        return out

    def meet(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Whether rows left[k] and right[k] share a number, for each k."""
        index, at = self.expand(left)
        out = np.zeros(len(left), dtype=bool)
        out[index[self.holds(right[index], self.numbers[at])]] = True
        return out


def _candidate_pairs(reports: list[Report], rules: MergeRules) -> Pairs:
    """Pairs worth comparing, with their similarity, best first.

    The similarity is _similarity's, with the same sums in the same order, computed on numbered
    features, for a chunk of pairs at once (in numpy: it runs for every candidate pair). Numbered in
    sorted order, a pair's shared features are summed in number order, one feature at a time, as
    _similarity sums them on Python 3.11 (a report's features are in sorted order, see resolve_claims;
    Python 3.12's sum() compensates, and may differ from it in the last bit)."""
    number = {f: k for k, f in enumerate(sorted({f for r in reports for f in r.features}))}
    # (each feature with its weight, and whether it is one of the report's rare ones)
    features = _Rows([(number[f], w, f in r.distinctive) for f, w in r.features.items()] for r in reports)
    predicate_number = {p: k for k, p in enumerate(sorted({p for r in reports for p in r.predicates}))}
    predicates = _Rows([(predicate_number[p], 0.0, False) for p in r.predicates] for r in reports)
    norms = np.array([r.norm for r in reports], dtype=np.float64)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    left, right = array("q"), array("q")
    for i, neighbours in _blocked_neighbours(reports, rules):
        left.extend(repeat(i, len(neighbours)))
        right.extend(neighbours)
        if len(left) >= PAIR_CHUNK:
            found.append(_score_pairs(np.frombuffer(left, dtype=np.int64), np.frombuffer(right, dtype=np.int64),
                                      features, predicates, norms))
            left, right = array("q"), array("q")
    if left:
        found.append(_score_pairs(np.frombuffer(left, dtype=np.int64), np.frombuffer(right, dtype=np.int64),
                                  features, predicates, norms))
    if not found:
        return Pairs()
    scores, lefts, rights = (np.concatenate(part) for part in zip(*found, strict=True))
    del found
    order = np.lexsort((rights, lefts, scores))[::-1]  # by (score, i, j), descending, as sorting the triples
    return Pairs(scores[order], lefts[order], rights[order])


def _score_pairs(left: np.ndarray, right: np.ndarray, features: _Rows, predicates: _Rows,
                 norms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (left[k], right[k]) that score above 0, as (scores, left, right)."""
    kept = (norms[left] != 0) & (norms[right] != 0)
    left, right = left[kept], right[kept]
    # The smaller report's features (ascending, pair after pair) that the other has, with its weights.
    left_smaller = features.sizes[left] <= features.sizes[right]
    small = np.where(left_smaller, left, right)
    other = np.where(left_smaller, right, left)
    # Both reports' features as (pair, feature), each list ascending: merged by a stable sort (one pass of
    # timsort over two sorted runs), a feature both have is two equal neighbours, the smaller's first.
    pair, at = features.expand(small)
    other_pair, other_at = features.expand(other)
    width = features.width
    keys = np.concatenate((pair * width + features.numbers[at], other_pair * width + features.numbers[other_at]))
    order = np.argsort(keys, kind="stable")
    merged = keys[order]
    first = order[:-1][merged[1:] == merged[:-1]]
    pair, at = pair[first], at[first]
    count = np.bincount(pair, minlength=len(left))
    # One shared word is a coincidence, and common words alone no proposition: a pair shares one of the
    # smaller report's rare features.
    distinctive = np.zeros(len(left), dtype=bool)
    distinctive[pair[features.flags[at]]] = True
    # The sums, one feature at a time: the k-th shared feature of every pair is added in the k-th step,
    # so each pair's sum is made in the order the features come in.
    rank = np.arange(len(pair), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    most = int(rank.max()) if len(rank) else -1
    # (Ranks are small: as 16-bit integers, numpy sorts them stably by radix, in one pass.)
    by_rank = np.argsort(rank.astype(np.int16) if most < 1 << 15 else rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(most + 2))
    weights = features.values[at]
    sums = np.zeros(len(left), dtype=np.float64)
    for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        step = by_rank[begin:end]  # (one entry per pair: no index repeats)
        sums[pair[step]] += weights[step]
    scores = sums / np.sqrt(norms[left] * norms[right])  # the Ochiai coefficient over weighted feature sets
    boosted = predicates.meet(left, right)
    scores[boosted] = np.minimum(1.0, scores[boosted] * PREDICATE_BOOST)
    kept = (count >= MIN_SHARED) & distinctive & (scores > 0)
    return scores[kept], left[kept], right[kept]


def blocked_pairs(reports: list[Report], rules: MergeRules) -> set[tuple[int, int]]:
    """The pairs of assertions to compare at all.

    Each assertion is looked up under its few rarest features (blocking keys): two reports of one
    proposition share at least one rare word, name, event or number. A key more than
    ``blocking_max_postings`` assertions have blocks nothing and is skipped, so the number of
    pairs grows with the corpus, not with its square; reprints of one story still meet."""
    return set(_blocked_in_order(reports, rules))


def _blocking_keys(reports: list[Report], rules: MergeRules) -> tuple[dict[tuple[str, str], list[int]],
                                                                       list[list[tuple[str, str]]]]:
    """The postings of every feature, and for each assertion the keys it is looked up under."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, report in enumerate(reports):
        for feature in report.features:
            postings[feature].append(i)
    # Two assertions are similar only if they share a distinctive feature (_similarity), and a feature
    # is distinctive when at most about √(2n) assertions have it. A key that many more have is
    # still one of an assertion's rarest, but every pair met only through it scores 0 (a shared
    # distinctive feature would be rarer, so one of the assertion's keys too): it is not walked.
    # Each assertion thus meets at most blocking_keys·√(2n) others: O(n^1.5) pairs at worst.
    n = len(reports)
    cap = math.log((n + 1) / 2) if n >= 2 else 1.0
    keys_of: list[list[tuple[str, str]]] = []
    for report in reports:
        keys = sorted((f for f in report.features if 1 < len(postings[f]) <= rules.blocking_max_postings),
                      key=lambda f: (len(postings[f]), f))[:rules.blocking_keys]
        walked = []
        for key in keys:
            if math.log((n + 1) / len(postings[key])) < cap / 2:
                break  # keys come rarest first
            walked.append(key)
        keys_of.append(walked)
    return postings, keys_of


def _blocked_in_order(reports: list[Report], rules: MergeRules) -> Iterator[tuple[int, int]]:
    """blocked_pairs, as (i, j) with i < j in sorted order."""
    for i, neighbours in _blocked_neighbours(reports, rules):
        for j in neighbours:
            yield i, j


def _blocked_neighbours(reports: list[Report], rules: MergeRules) -> Iterator[tuple[int, list[int]]]:
    """blocked_pairs one assertion at a time (no set of all pairs): each i with the j > i it is compared
    with, in order, those where j has one of i's keys, or i has one of j's."""
    postings, keys_of = _blocking_keys(reports, rules)
    walked_by: dict[tuple[str, str], list[int]] = defaultdict(list)  # key → the assertions looked up under it
    for i, keys in enumerate(keys_of):
        for key in keys:
            walked_by[key].append(i)
    for i, report in enumerate(reports):
        found: set[int] = set()
        for key in keys_of[i]:
            found.update(postings[key])
        for feature in report.features:
            if feature in walked_by:
                found.update(walked_by[feature])
        later = sorted(found)
        del later[:bisect_right(later, i)]  # (the j > i, cut in C, not tested one by one)
        yield i, later


# ------------------------------------------------------------------ entry point


def resolve_claims(analyses: Sequence[DocumentAnalysis], actors: ActorResolution,
                   events: EventResolution, records: Path | None = None) -> dict[str, ClaimNode]:
    """``records``: a folder for the per-assertion records (None: in memory), see graph.resolve.records.

    Each report goes to a store as it is read; memory keeps the features of the first copies (what
    is compared), and a number or two per report, until the groups are made."""
    rules = load_rules()
    stored = _ReportStore(records)
    doc_ids: list[str] = []  # each report's document
    # Each first copy (the report, and its features before they are weighted; a reprint's stand in its
    # first copy's), and the features of each first copy with those only its reprints have (rarity counts
    # each once per text).
    firsts: dict[int, Report] = {}
    raw: dict[int, set[tuple[str, str]]] = {}
    covered: dict[int, set[tuple[str, str]]] = {}
    twins = array("q")
    reprints, shared = _Reprints(), {}
    event_keys = set(events.nodes)
    for analysis in analyses:
        doc_id = analysis.source.id
        text = analysis.source.text
        name = analysis.source.outlet or doc_id
        doc_slug = slug(doc_id, 40)
        for assertion in analysis.assertions:
            span = assertion.span
            key = f"{doc_slug}-{span.begin}-{span.end}"
            source = actors.key_of(doc_id, assertion.source) if assertion.source else None
            via = list(dict.fromkeys(k for m in assertion.via if (k := actors.key_of(doc_id, m))))
            node = AssertionNode(key=key, doc_id=doc_id, mention=MentionRef(doc_id, span, text[span.begin:span.end]),
                                 source=source, via=via, certainty=assertion.certainty, polarity=assertion.polarity)
            about = {k for m in assertion.about_entities if (k := actors.key_of(doc_id, m))}
            about |= {k for i in assertion.about_events if (k := events.key_of(doc_id, i))}
            report = Report(doc_id, name, len(doc_ids), Said.of(assertion), node, about)
            features = _features(report, assertion.keywords, rules, event_keys, shared)
            rep = reprints.first_copy(report.index, doc_id, features)
            if rep == report.index:
                raw[rep] = covered[rep] = features
                firsts[rep] = report
            elif not features <= covered[rep]:
                if covered[rep] is raw[rep]:
                    covered[rep] = set(raw[rep])
                covered[rep] |= features
            twins.append(rep)
            doc_ids.append(doc_id)
            stored.append(report)
    if not doc_ids:
        return {}
    del reprints, shared
    # Rarity is counted over distinct texts: reprints of one story do not make its words common.
    df: dict[tuple[str, str], int] = defaultdict(int)
    for features in covered.values():
        for feature in features:
            df[feature] += 1
    del covered
    n = len(raw)
    # A word only one assertion has cannot match anything; weighted like a pair's, it still counts
    # against the similarity, without drowning what the two reports share.
    cap = math.log((n + 1) / 2) if n >= 2 else 1.0
    for index, features in raw.items():  # (a reprint's first copy stands for it: only those are compared)
        report = firsts[index]
        # In sorted order: the similarities sum these weights in this order, and a set's order changes
        # with the process's string hashing (same input, other sums in the last bit, other claims).
        report.features = {f: rules.weights.get(f[0], 1.0) * min(cap, math.log((n + 1) / df[f]))
                           for f in sorted(features)}
        report.norm = sum(report.features.values())
        # Distinctive: at least half as rare as the rarest (a feature of ≤ √(2(n+1)) assertions).
        report.distinctive = frozenset(f for f in features if math.log((n + 1) / df[f]) >= cap / 2)

    representatives = list(raw)  # the first copies, in corpus order
    del raw
    pairs = _candidate_pairs([firsts[i] for i in representatives], rules).renumbered(representatives)
    for report in firsts.values():  # compared: the features go, and the groups read the reports back
        report.features, report.distinctive = {}, frozenset()
    del firsts
    clusters = _Clusters(doc_ids, rules, pairs, twins)
    clusters.merge()
    clusters.settle()

    actor_nodes = actors.nodes
    related = related_figure_discrepancies(stored, pairs, clusters, rules, doc_ids)
    claims: dict[str, ClaimNode] = {}
    for members in clusters.groups():
        group = list(stored.read_many(members))
        # The medoid: the report closest to all others (reprints counted by their number).
        weight: dict[int, int] = defaultdict(int)
        for r in group:
            weight[twins[r.index]] += 1
        medoid_index = max(weight, key=lambda rep: (clusters.closeness(rep, weight) + weight[rep] - 1, -rep))
        medoid = group[members.index(medoid_index)]  # (a first copy is in its group: not read again)
        statement = medoid.mention.statement
        key = f"{slug(statement, 48)}-{digest(medoid.node.key, 8)}"
        claim = ClaimNode(key=key, statement=statement, assertions=StoredList(stored.nodes, members))
        for report in group:
            claim.about |= report.about
        claim.discrepancies = discrepancies(group, actor_nodes, rules)
        claim.discrepancies += related.get(clusters.find(members[0]), [])
        claims[key] = claim
    return dict(sorted(claims.items()))


# ------------------------------------------------------------------ discrepancies


def _quoted(text: str) -> str:
    return f"“{text}”"


def _docs(reports: list[Report]) -> str:
    names = list(dict.fromkeys(r.doc_name for r in reports))
    return ", ".join(names)


def _source_label(report: Report, actors: dict[str, ActorNode]) -> str:
    node = actors.get(report.node.source or "")
    if node is None:
        return "its own voice"
    label = node.label
    if node.kind == "AnonymousSource":
        lex = load_lexicon()
        head = next((w for w in re.sub(r"[-–]", " ", label.lower()).split() if w in lex.source_nouns), "")
        if not node.count and not head.endswith("s") and not label.lower().startswith(tuple(lex.reporter_owners)):
            label = _indefinite(label)
    via = [actors[k].label for k in report.node.via if k in actors and k != report.node.source]
    return _quoted(label) + (f" (via {', '.join(via)})" if via else "")


def _indefinite(phrase: str) -> str:
    """'a senior official', 'an unnamed official', 'a Ukrainian official', 'a European diplomat'."""
    word = phrase.lower()
    vowel_sound = word[:1] in "aeio" or (word.startswith("u") and not word.startswith(("uk", "uni", "usa", "u.")))
    vowel_sound = (vowel_sound and not word.startswith(("eu", "one"))) or word.startswith(("hour", "honest"))
    return ("an " if vowel_sound else "a ") + phrase


@dataclass(frozen=True)
class SourceProfile:
    """What a source description commits to, for telling two outlets' descriptions apart."""

    key: str
    kind: str
    affiliation: str | None
    former: bool
    rank: str | None
    head: str | None  # official, diplomat… (None for the unspecific "sources", "interlocutors")


@functools.cache
def _unspecific_heads() -> frozenset[str]:
    return frozenset({"source", "sources", "interlocutor", "interlocutors", "people", "person", "individual",
                      "individuals", "insider", "insiders"})


def _profile(key: str, actors: dict[str, ActorNode]) -> SourceProfile | None:
    node = actors.get(key)
    if node is None:
        return None
    return _node_profile(node.key, node.kind, node.label, node.rank, node.affiliation)


@functools.lru_cache(maxsize=65536)
def _node_profile(key: str, kind: str, label: str, rank: str | None, affiliation: str | None) -> SourceProfile:
    lex = load_lexicon()
    words = re.sub(r"[-–]", " ", label.lower()).split()
    head = next((w for w in words if w in lex.source_nouns), None)
    if head is not None:
        head = head[:-1] if head.endswith("s") and head[:-1] in lex.source_nouns else head
        if head in _unspecific_heads():
            head = None
    rank_words = (rank or "").split()
    former = any(w in lex.former_ranks for w in rank_words)
    current = " ".join(w for w in rank_words if w not in lex.former_ranks)
    classes = {lex.rank_classes[current]} if current in lex.rank_classes else \
        {lex.rank_classes.get(w) for w in rank_words if w not in lex.former_ranks}
    rank_class = next(iter(sorted(c for c in classes if c)), None)
    return SourceProfile(key, kind, affiliation, former, rank_class, head)


def _compatible(a: Report, b: Report, actors: dict[str, ActorNode]) -> bool:
    """Can the two reports' sources be the same speaker, as the documents describe them?"""
    sa, sb = a.node.source, b.node.source
    if sa is None or sb is None or sa == sb:
        return True  # a document's own voice names no source to disagree with
    # "According to the FT" and "a senior official told the FT": one chain seen at two depths.
    if sa in b.node.via or sb in a.node.via:
        return True
    pa, pb = _profile(sa, actors), _profile(sb, actors)
    if pa is None or pb is None:
        return True
    if pa.kind != "AnonymousSource" or pb.kind != "AnonymousSource":
        return False  # two named speakers, or a named one and an unnamed one
    if pa.affiliation and pb.affiliation and pa.affiliation != pb.affiliation:
        return False
    if pa.former != pb.former:
        return False
    if pa.rank and pb.rank and pa.rank != pb.rank:
        return False
    return not (pa.head and pb.head and pa.head != pb.head)


def discrepancies(group: list[Report], actors: dict[str, ActorNode], rules: MergeRules) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    docs = {r.doc_id for r in group}
    if len(docs) < 2:
        return out
    # --- sources: compared once per distinct description (reprints repeat one), then listed by attribution
    distinct: dict[tuple, Report] = {}
    for r in group:
        profile = _profile(r.node.source, actors) if r.node.source else None
        sig = (r.node.source if profile is None or profile.kind != "AnonymousSource" else
               (profile.kind, profile.affiliation, profile.former, profile.rank, profile.head), tuple(r.node.via))
        distinct.setdefault(sig, r)
    chains = list(distinct.values())
    if any(not _compatible(a, b, actors) for x, a in enumerate(chains) for b in chains[x + 1:]):
        by_label: dict[str, list[str]] = {}
        for r in group:
            label = "no source" if r.node.source is None else _source_label(r, actors)
            by_label.setdefault(label, []).append(r.doc_name)
        parts = [f"{', '.join(docs)} give{'s' if len(docs) == 1 else ''} no source" if label == "no source"
                 else f"{', '.join(docs)} attribute{'s' if len(docs) == 1 else ''} it to {label}"
                 for label, docs in by_label.items()]
        out.append(("source", "The outlets name different sources for this claim: " + "; ".join(parts) + "."))
    # --- intermediaries: reports passed on by outlets that share none
    vias: dict[frozenset[str], list[Report]] = defaultdict(list)
    for r in group:
        if r.node.via:
            vias[frozenset(r.node.via)].append(r)
    chains_via = list(vias)
    if any(not (a & b) for x, a in enumerate(chains_via) for b in chains_via[x + 1:]):
        parts = [f"{_docs(rs)} via {', '.join(actors[k].label if k in actors else k for k in sorted(keys))}"
                 for keys, rs in sorted(vias.items(), key=lambda kv: _docs(kv[1]))]
        out.append(("via", "The outlets pass this claim on through different intermediaries: " + "; ".join(parts)
                    + "."))
    # --- polarity and certainty
    polarities = defaultdict(list)
    for r in group:
        polarities[r.node.polarity].append(r)
    if len(polarities) > 1:
        out.append(("polarity", f"{_docs(polarities.get('positive', []))} report it as so; "
                                f"{_docs(polarities.get('negative', []))} report it as not so."))
    levels = defaultdict(list)
    for r in group:
        levels[r.node.certainty].append(r)
    steps = [CERTAINTY_STEPS.get(level, 0) for level in levels]
    if steps and max(steps) - min(steps) >= 2:
        parts = [f"{_docs(rs)} as {level}" for level, rs in sorted(levels.items(), key=lambda kv: CERTAINTY_STEPS.get(
            kv[0], 0))]
        out.append(("certainty", "The outlets differ in how sure the claim is: " + "; ".join(parts) + "."))
    # --- facts: whose forces are where
    presence: dict[str, dict[str, list[Report]]] = defaultdict(lambda: defaultdict(list))
    place_labels: dict[str, str] = {}
    for r in group:
        for place, side, text in force_presence(r, rules):
            if r not in presence[place][side]:
                presence[place][side].append(r)
            place_labels[place] = text
    for place in sorted(presence):
        sides = presence[place]
        if len(sides) > 1:
            label = actors[place].label if place in actors else place_labels[place]
            parts = [f"{_docs(rs)} put {_side_label(side, actors)} forces there" for side, rs in sorted(sides.items())]
            out.append(("fact", f"The outlets disagree on whose forces are in {label}: " + "; ".join(parts) + "."))
    # --- figures
    out.extend(_figure_discrepancies(group, rules))
    return out


def _side_label(key: str, actors: dict[str, ActorNode]) -> str:
    entry = load_gazetteer().get(key)
    if entry is not None and entry.demonyms:
        return entry.demonyms[0]
    return actors[key].label if key in actors else key


@functools.cache
def _demonym_pattern() -> re.Pattern:
    gazetteer = load_gazetteer()
    words = sorted({d for e in gazetteer.entries.values() if e.kind == "State" for d in e.demonyms}, key=len,
                   reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


def force_presence(report: Report, rules: MergeRules) -> list[tuple[str, str, str]]:
    """(place key, side key, place text) for each "<demonym> forces … <place>" in the report's content:
    the forces named last before a place are the ones said to be there ("push Ukrainian forces out of
    the Kursk region", "Ukrainian forces remain in control of … the Kursk Oblast")."""
    mention = report.mention
    content = mention.content
    places = sorted((m for m in mention.about_entities if m.kind == PLACE and m.key), key=lambda m: m.span.begin)
    if not places:
        return []
    gazetteer = load_gazetteer()
    text = report.node.mention.text
    base = report.node.mention.span.begin
    forces: list[tuple[int, str]] = []  # (end offset in document, side key)
    for match in _demonym_pattern().finditer(text):
        noun = re.match(r"\s+(\w+)", text[match.end():])
        if noun and noun.group(1).lower() in rules.force_nouns:
            side = gazetteer.demonym(match.group(1))
            if side:
                forces.append((base + match.end() + noun.end(), gazetteer.acting_key(side)))
    out = []
    for place in places:
        if not (content.begin <= place.span.begin < content.end) and not report.node.mention.span.contains(place.span):
            continue
        before = [(end, side) for end, side in forces if end <= place.span.begin]
        if not before:
            continue
        end, side = before[-1]
        words_between = len(re.findall(r"\w+", _slice(report, end, place.span.begin)))
        if words_between <= rules.force_window:
            out.append((place.key, side, place.text))
    return out


def _slice(report: Report, begin: int, end: int) -> str:
    mention = report.node.mention
    return mention.text[begin - mention.span.begin:end - mention.span.begin]


# --- figures

STOP_AFTER_UNIT = "(?:on|against|in|of|to|for|from|by|at|with|since|the|a|an|and|or|that|which|per|during)"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
SCALES = "thousand|million|billion|trillion|mln|bn"
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"


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


def _figure_discrepancies(group: list[Report], rules: MergeRules) -> list[tuple[str, str]]:
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


def related_figure_discrepancies(reports: _ReportStore, pairs: Pairs, clusters: _Clusters,
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
    return _quoted(fig.text) + (f" {period}" if period and fig.period not in fig.text else "")


def _content_text(report: Report) -> str:
    mention = report.node.mention
    content = report.mention.content
    return mention.text[max(0, content.begin - mention.span.begin):content.end - mention.span.begin]
