"""One report of a proposition, as claim resolution sees it: the assertion's node, what it is about, its
features (content lemmas through the synonym groups, numbers, actors, events); the store that keeps the
reports of a corpus in memory or on disk; and the reprints, reports that say exactly what an earlier one
of another document said."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path

from graph.gazetteer import Gazetteer
from graph.model import (
    PLACE,
    ActorNode,
    AssertionMention,
    AssertionNode,
    EntityMention,
    EventNode,
    SourceDocument,
    Span,
)
from graph.resolve.claims.rules import MergeRules
from graph.resolve.records import RecordStore, assertion_store


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


def document_name(source: SourceDocument) -> str:
    """A document as the notes name it: outlet, title (else its first words) and date, as the page and the
    claims report name documents (analytics.Document.describe), never a bare id a reader cannot place."""
    from graph.analytics import Document, first_words  # (the page's module: loaded only when notes are made)

    return Document(iri=source.id, id=source.id, title=source.title, issued=source.published,
                    opening=first_words(source.text)).describe(source.outlet)


@dataclass(slots=True)
class Report:
    doc_id: str
    doc_name: str  # outlet, title (else first words) and date, for plain-words descriptions (document_name)
    index: int  # position in the corpus order (for determinism)
    mention: AssertionMention | Said
    node: AssertionNode
    about: set[str]
    features: dict[tuple[str, str], float] = field(default_factory=dict)
    norm: float = 0.0
    predicates: frozenset[str] = frozenset()
    distinctive: frozenset[tuple[str, str]] = frozenset()
    # The actors it names (no places), each with the states it stands for (report_sides): two reports
    # that both name actors and share none are about different actors, not one proposition.
    sides: frozenset[str] = frozenset()


# A report as kept: document, outlet, index, statement, content span, places named (each as its span's ends
# and EntityMention's other fields), the keys it is about.
ReportValues = tuple[str, str, int, str, int, int, tuple[tuple, ...], tuple[str, ...]]


_PLACE_FIELDS = tuple(f.name for f in fields(EntityMention) if f.name != "span")
_place_fields = attrgetter(*_PLACE_FIELDS)


class ReportStore:
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


def report_features(report: Report, keywords: Sequence[str], rules: MergeRules, events: set[str],
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


class Reprints:
    """For each report in corpus order, the first earlier report with the same features in another
    document (a reprint), or itself. Two such sentences of one document stay apart: a document carries a
    claim once. The words, numbers and actors say whether two sentences are one text; event keys are left
    out, since the event resolver may split one story's reprints. The same words about different actors
    ("The meeting lasted over an hour" of two meetings: their events' participants) are two texts."""

    def __init__(self) -> None:
        self.seen: dict[frozenset, list[tuple[int, set[str], frozenset[str]]]] = defaultdict(list)

    def first_copy(self, index: int, doc_id: str, features: set[tuple[str, str]],
                   sides: frozenset[str] = frozenset()) -> int:
        key = frozenset(f for f in features if f[0] != "event")
        for rep, docs, theirs in self.seen[key] if features else ():
            if doc_id not in docs and not (sides and theirs and sides.isdisjoint(theirs)):
                docs.add(doc_id)
                return rep
        self.seen[key].append((index, {doc_id}, sides))
        return index


def report_sides(about: set[str], actors: dict[str, ActorNode], events: dict[str, EventNode],
                 gazetteer: Gazetteer) -> frozenset[str]:
    """The actors a report is about: those it names (not the places: "in Lima" and "in Peru" are one talk)
    and the participants of the events it names ("the meeting lasted an hour": the meeting's parties),
    each with the state it stands for where one is known (a person's office or government, a body's state,
    a collective's affiliation: "Zelensky" and "Ukraine" are one side)."""
    keys = [k for k in about if k not in events]
    keys += sorted({actor for k in about if k in events for role in events[k].roles.values() for actor in role})
    out: set[str] = set()
    for key in keys:
        node = actors.get(key)
        if node is None or node.kind == PLACE:
            continue
        out.add(key)
        if node.affiliation:
            out.add(node.affiliation)
        entry = gazetteer.get(key)
        if entry is not None:
            office = entry.office or {}
            out.update(k for k in (entry.member_of, entry.government_of, office.get("holder_of")) if k)
    return frozenset(out)
