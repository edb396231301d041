"""Which reports are compared, and how alike they are.

Each feature is weighted by its rarity; two reports are alike by the Ochiai coefficient over their
weighted features, when they share at least two, one of them rare (``similarity``, one pair at a time;
``candidate_pairs``, the same sums for chunks of pairs at once in numpy). Each report is compared only
with those sharing one of its rarest features (blocking), so the pairs grow with the corpus, not with its
square."""

from __future__ import annotations

import functools
import math
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat

import numpy as np

from graph.resolve.claims.reports import Report
from graph.resolve.claims.rules import MergeRules

PREDICATE_BOOST = 1.5
MIN_SHARED = 2


def similarity(a: Report, b: Report) -> float:
    """The similarity of two reports, one pair at a time: the definition candidate_pairs computes for a
    chunk of pairs at once on arrays (a test holds the two to the last bit)."""
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a, b) if len(a.features) <= len(b.features) else (b, a)
    if small.distinctive.isdisjoint(large.features):
        return 0.0  # (the test below, made first and in one step)
    if a.sides and b.sides and a.sides.isdisjoint(b.sides):
        return 0.0  # the same words about different actors ("talks lasted two hours"): two propositions
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


def candidate_pairs(reports: list[Report], rules: MergeRules) -> Pairs:
    """Pairs worth comparing, with their similarity, best first.

    The similarity is similarity's, with the same sums in the same order, computed on numbered
    features, for a chunk of pairs at once (in numpy: it runs for every candidate pair). Numbered in
    sorted order, a pair's shared features are summed in number order, one feature at a time, as
    similarity sums them on Python 3.11 (a report's features are in sorted order, see resolve_claims;
    Python 3.12's sum() compensates, and may differ from it in the last bit)."""
    number = {f: k for k, f in enumerate(sorted({f for r in reports for f in r.features}))}
    # (each feature with its weight, and whether it is one of the report's rare ones)
    features = _Rows([(number[f], w, f in r.distinctive) for f, w in r.features.items()] for r in reports)
    predicate_number = {p: k for k, p in enumerate(sorted({p for r in reports for p in r.predicates}))}
    predicates = _Rows([(predicate_number[p], 0.0, False) for p in r.predicates] for r in reports)
    side_number = {a: k for k, a in enumerate(sorted({a for r in reports for a in r.sides}))}
    sides = _Rows([(side_number[a], 0.0, False) for a in r.sides] for r in reports)
    norms = np.array([r.norm for r in reports], dtype=np.float64)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    left, right = array("q"), array("q")
    for i, neighbours in _blocked_neighbours(reports, rules):
        left.extend(repeat(i, len(neighbours)))
        right.extend(neighbours)
        if len(left) >= PAIR_CHUNK:
            found.append(_score_pairs(np.frombuffer(left, dtype=np.int64), np.frombuffer(right, dtype=np.int64),
                                      features, predicates, sides, norms))
            left, right = array("q"), array("q")
    if left:
        found.append(_score_pairs(np.frombuffer(left, dtype=np.int64), np.frombuffer(right, dtype=np.int64),
                                  features, predicates, sides, norms))
    if not found:
        return Pairs()
    scores, lefts, rights = (np.concatenate(part) for part in zip(*found, strict=True))
    del found
    order = np.lexsort((rights, lefts, scores))[::-1]  # by (score, i, j), descending, as sorting the triples
    return Pairs(scores[order], lefts[order], rights[order])


def _score_pairs(left: np.ndarray, right: np.ndarray, features: _Rows, predicates: _Rows, sides: _Rows,
                 norms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (left[k], right[k]) that score above 0, as (scores, left, right)."""
    kept = (norms[left] != 0) & (norms[right] != 0)
    # The same words about different actors: two propositions (both name actors, and none in common).
    kept &= (sides.sizes[left] == 0) | (sides.sizes[right] == 0) | sides.meet(left, right)
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
    # Two assertions are similar only if they share a distinctive feature (similarity), and a feature
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
