"""The clusters event resolution builds (graph/resolve/events.py): what a cluster of mentions keeps of them
(participants, places, cues, times summed up, not a record per mention), and the coreference rules it is
compared by (data: [coreference] in graph/data/events.toml)."""

from __future__ import annotations

import datetime as dt
import tomllib
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.extract.events import DATA


@dataclass(frozen=True)
class CorefRules:
    status_group: dict[str, int]
    class_group: dict[str, str]
    oppositions: tuple[tuple[frozenset[str], ...], ...]
    stop_cues: frozenset[str]
    cross_threshold: float
    within_threshold: float
    max_block: int
    earlier_cues: frozenset[str]
    undated_before: dt.timedelta
    bare_dropped: frozenset[str]
    undated_after: dt.timedelta
    definite: frozenset[str]
    time_slack: dt.timedelta
    call_words: frozenset[str]
    call_classes: frozenset[str]
    distinct: frozenset[str]
    countable: frozenset[str]
    extension_cues: frozenset[str]
    own_word: frozenset[str]


@lru_cache(maxsize=2)
def load_rules(path: Path = DATA) -> CorefRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["coreference"]
    status_group = {s: i for i, group in enumerate(data["status_groups"]) for s in group}
    class_group = {c: group[0] for group in data["class_groups"] for c in group}
    return CorefRules(
        status_group=status_group, class_group=class_group,
        oppositions=tuple(tuple(frozenset(side) for side in row) for row in data["cue_oppositions"]),
        stop_cues=frozenset(data["stop_cues"]),
        cross_threshold=float(data["cross_document_threshold"]),
        within_threshold=float(data["within_document_threshold"]),
        max_block=int(data["max_block"]),
        earlier_cues=frozenset(data["earlier_cues"]),
        undated_before=dt.timedelta(days=int(data["undated_days_before"])),
        bare_dropped=frozenset(data["bare_dropped_classes"]),
        undated_after=dt.timedelta(days=int(data["undated_days_after"])),
        definite=frozenset(data["definite_determiners"]),
        time_slack=dt.timedelta(days=int(data["time_slack_days"])),
        call_words=frozenset(data["call_words"]),
        call_classes=frozenset(data["call_classes"]),
        distinct=frozenset(data["distinct_determiners"]),
        countable=frozenset(data["countable_nouns"]),
        extension_cues=frozenset(data["extension_cues"]),
        own_word=frozenset(data["own_word_nouns"]),
    )


# ------------------------------------------------------------------ a cluster of mentions


@dataclass(slots=True)
class _Tally:
    """What a node needs of its cluster's mentions, summed up as they join (not a record per mention).

    Each value keeps its count and its first mention's number (mentions are numbered in corpus order:
    document, then trigger offset), so a majority broken by first occurrence is what it was over the
    list of mentions."""

    first: tuple[int, str, int, int]  # (number, document id, trigger begin, trigger end) of the first mention
    kinds: dict[tuple[str, str, str | None], list[int]]  # (class, PLOVER, CAMEO) → [count, first]
    statuses: dict[str, list[int]]  # status → [count, first]
    texts: Counter  # trigger wordings
    cues: dict[str, tuple[int, int]]  # cue as written → (first mention, position in its cues)
    mentions: array  # numbers in the mention store, for the grounding

    def absorb(self, other: _Tally) -> None:
        self.first = min(self.first, other.first)
        for mine, theirs in ((self.kinds, other.kinds), (self.statuses, other.statuses)):
            for value, (count, first) in theirs.items():
                _count(mine, value, count, first)
        self.texts.update(other.texts)
        for cue, at in other.cues.items():
            if cue not in self.cues or at < self.cues[cue]:
                self.cues[cue] = at
        self.mentions.extend(other.mentions)


def _majority_of(counts: dict) -> object:
    """The most frequent value, the first one met among equals."""
    return max(counts, key=lambda value: (counts[value][0], -counts[value][1]))


def _counts_by(kinds: dict[tuple, list[int]], part: int, where: tuple[int, object] | None = None) -> dict:
    """Counts (with first mentions) of one part of (class, PLOVER, CAMEO), over the entries whose
    ``where[0]``-th part is ``where[1]``."""
    out: dict = {}
    for kind, (count, first) in kinds.items():
        if where is None or kind[where[0]] == where[1]:
            _count(out, kind[part], count, first)
    return out


def _count(counts: dict, value: object, count: int, first: int) -> None:
    """Add ``count`` mentions of ``value``, the first of them ``first``, to counts of [count, first]."""
    entry = counts.get(value)
    if entry is None:
        counts[value] = [count, first]
    else:
        entry[0] += count
        entry[1] = min(entry[1], first)


@dataclass(slots=True)
class Cluster:
    event_class: str
    status_group: int
    tally: _Tally
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    places: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # the trigger words, stemmed
    call: bool = False  # a telephone or video call ("spoke by phone"), never the talks it is about
    plural: bool = False  # "agreements" (several, "with both countries"), never one of them: "the agreement"
    links: set[tuple[str, int]] = field(default_factory=set)  # (relation, target cluster id)
    # The mentions' times summed up, so that a cluster of a thousand mentions costs what one costs:
    # latest begin and earliest end (their intersection), earliest begin and latest end (their hull).
    timed: bool = False
    meet: tuple[dt.date, dt.date] = (dt.date.min, dt.date.max)
    hull: tuple[dt.date, dt.date] = (dt.date.max, dt.date.min)
    docs: set[str] = field(default_factory=set)
    # The dates its documents allow an undated mention (around their publication): the hull over them.
    bound: tuple[dt.date, dt.date] | None = None
    # For comparing: each role's fillers as the actors they stand for ("Russian delegations" → Russia).
    role_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    actors: set[str] = field(default_factory=set)

    def add_role(self, role: str, key: str, identity: str) -> None:
        self.roles[role].add(key)
        self.role_ids[role].add(identity)
        self.actors.add(identity)

    def add_time(self, begin: dt.date, end: dt.date) -> None:
        self.timed = True
        self.meet = (max(self.meet[0], begin), min(self.meet[1], end))
        self.hull = (min(self.hull[0], begin), max(self.hull[1], end))

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The most specific interval the mentions agree on: their intersection ("last year's"
        and "last fall" → fall), or, when they do not overlap, the interval spanning them."""
        if not self.timed:
            return None
        if self.meet[0] <= self.meet[1]:
            return self.meet
        if self.meet[0] - self.meet[1] <= load_rules().time_slack:
            return self.meet[1], self.meet[0]  # "on Sunday" and "on Monday": the two days, not the hull of all
        return self.hull

    def when(self) -> tuple[dt.date, dt.date] | None:
        """Its dates, or else the bound its documents' publication gives it. An open end ("talks began on 25
        October") ends, for comparing, where what its documents can report ends: talks that began in one
        year's report are not talks that began two years later."""
        span = self.span()
        if span is None:
            return self.bound
        if span[1] == dt.date.max and self.bound is not None:
            return span[0], max(span[0], self.bound[1])
        return span

    def absorb(self, other: Cluster) -> None:
        self.tally.absorb(other.tally)
        self.docs |= other.docs
        if other.bound is not None:
            self.bound = other.bound if self.bound is None else (
                min(self.bound[0], other.bound[0]), max(self.bound[1], other.bound[1]))
        for role, keys in other.roles.items():
            self.roles[role] |= keys
        for role, keys in other.role_ids.items():
            self.role_ids[role] |= keys
        self.actors |= other.actors
        self.places |= other.places
        if other.timed:
            self.timed = True
            self.meet = (max(self.meet[0], other.meet[0]), min(self.meet[1], other.meet[1]))
            self.hull = (min(self.hull[0], other.hull[0]), max(self.hull[1], other.hull[1]))
        self.cues |= other.cues
        self.words |= other.words
        self.call |= other.call
        self.plural |= other.plural
        self.links |= other.links
