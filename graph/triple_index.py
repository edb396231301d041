"""A graph's triples in plain dictionaries, read the way graph/story_reader.py reads a graph.

The page of a build used to load the build's whole graph into rdflib before reading its story:
at 500 articles (436,000 triples) that was 27 of the page stage's 46 seconds, most of it making
and indexing rdflib terms. This index holds what ``read_story`` asks of a graph (``value``,
``objects``, ``subjects``, ``subject_objects``, ``in``), filled straight from the sorted
N-Triples lines a build has already written (export.QuadSpool.triple_lines), from a QuadBuffer's
terms, or from a file parsed by pyoxigraph.

Terms are as cheap as they can be while still reading as rdflib's: an IRI is an rdflib URIRef
(made once per distinct IRI), so that ``isinstance(x, URIRef)`` and lookups by rdflib's namespace
constants work; a literal is its lexical form as a ``str`` (``int()``, ``dt.date.fromisoformat``
and ``str()`` are all story_reader asks of one), with its language tag kept where it has one.

A mention's four properties (its document, offsets and anchor: NIF's referenceContext, beginIndex,
endIndex, anchorOf) are kept apart, in a column each (subject → value): they are most of a build's
triples (865,000 mentions, 3.5 million of the 5.8 million triples kept at 10,000 articles), and a
dictionary and four lists for each mention were most of the index's time and memory. The reading
methods answer from the columns and the rest alike; ``mentions()`` reads the columns whole.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, URIRef

from graph.errors import ParleyError


class LangString(str):
    """A literal with a language tag (story_reader prefers English or untagged labels)."""

    language: str

    def __new__(cls, text: str, language: str) -> LangString:
        self = super().__new__(cls, text)
        self.language = language
        return self


Term = URIRef | BNode | str

# N-Triples' escapes (ECHAR and UCHAR), as export.nt_term writes them.
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_NIF = "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
# The properties kept in columns (one value a subject; a second value of one goes with the other triples).
REFERENCE_CONTEXT, BEGIN_INDEX, END_INDEX, ANCHOR_OF = (
    URIRef(f"{_NIF[1:]}{name}") for name in ("referenceContext", "beginIndex", "endIndex", "anchorOf"))
_COLUMNS = (REFERENCE_CONTEXT, BEGIN_INDEX, END_INDEX, ANCHOR_OF)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


# An IRI of a build's own triples, made without rdflib's check of every character (it only warns, and
# the build made each IRI from an rdflib URIRef already): the same object, at half the cost.
_new_iri = functools.partial(str.__new__, URIRef)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                       else _ECHARS.get(m.group(3), m.group(3)), text)


class TripleIndex:
    """Triples by subject and predicate, and by predicate (then object, built on first use)."""

    def __init__(self) -> None:
        self._spo: dict[Term, dict[URIRef, list[Term]]] = {}
        self._by_p: dict[URIRef, list[tuple[Term, Term]]] = defaultdict(list)
        self._pos: dict[URIRef, dict[Term, list[Term]]] = {}
        self._columns: dict[URIRef, dict[Term, Term]] = {p: {} for p in _COLUMNS}
        self._iris: dict[str, URIRef] = {}
        self.count = 0
        self.skipped = 0  # triples left out (from_nt_lines: a mention's NIF classes)

    # -- filling
    def iri(self, text: str) -> URIRef:
        found = self._iris.get(text)
        if found is None:
            found = self._iris[text] = URIRef(text)
        return found

    def add(self, s: Term, p: URIRef, o: Term) -> None:
        """Add a triple that is not in the index yet (the callers give distinct triples)."""
        column = self._columns.get(p)
        if column is not None and s not in column:
            column[s] = o
        else:
            self._spo.setdefault(s, {}).setdefault(p, []).append(o)
            self._by_p[p].append((s, o))
        self.count += 1

    @classmethod
    def from_nt_lines(cls, lines: Iterable[str], origin: str = "the build's triples") -> TripleIndex:
        """From distinct N-Triples lines (``<s> <p> object .``), as a build writes them: IRIs and
        literals only, one triple a line. A mention's NIF classes (nif:String, nif:OffsetBasedString:
        two lines of every five a mention has) are left out: the story finds documents and mentions by
        their properties, never by those classes."""
        index = cls()
        iris, spo, by_p, columns = index._iris, index._spo, index._by_p, index._columns
        count = skipped = 0
        # A subject's lines come together (sorted, as a build writes them): its term and its predicates'
        # dictionary are looked up once for the run, and so is a run's predicate.
        last_subject = last_predicate = None
        s: Term | None = None
        p: URIRef | None = None
        by_s: dict[URIRef, list[Term]] | None = None
        column: dict[Term, Term] | None = None
        for number, line in enumerate(lines, 1):
            # (inlined: this loop reads every triple of the build, 7.5 million at 10,000 articles)
            try:
                subject, predicate, rest = line.split(" ", 2)
                if rest.endswith(" .\n") and rest[-4] != " ":  # (every line of a build: no other space to strip)
                    rest = rest[:-3]
                else:
                    rest = rest.rstrip()
                    if not rest.endswith(" ."):
                        raise ValueError
                    rest = rest[:-2].rstrip()
                if not (subject[0] == "<" and predicate[0] == "<"):
                    raise ValueError
                if rest[0] == "<":
                    if predicate == _RDF_TYPE and rest.startswith(_NIF):
                        skipped += 1
                        continue
                    obj: Term | None = iris.get(rest)  # (keyed as written, <…>: IRIs are made once)
                    if obj is None:
                        obj = iris[rest] = _new_iri(_unescape(rest[1:-1]))
                else:
                    quote = rest.rindex('"')
                    text = _unescape(rest[1:quote])
                    suffix = rest[quote + 1:]
                    obj = LangString(text, suffix[1:]) if suffix.startswith("@") else text
                if subject != last_subject:
                    s = iris.get(subject)
                    if s is None:
                        s = iris[subject] = _new_iri(_unescape(subject[1:-1]))
                    last_subject, by_s = subject, spo.get(s)
                if predicate != last_predicate:
                    p = iris.get(predicate)
                    if p is None:
                        p = iris[predicate] = _new_iri(_unescape(predicate[1:-1]))
                    last_predicate, column = predicate, columns.get(p)
            except (ValueError, IndexError):
                raise ParleyError(f"{origin}, line {number}: not an N-Triples line of IRIs and literals") from None
            count += 1
            if column is not None and s not in column:
                column[s] = obj
                continue
            if by_s is None:
                by_s = spo[s] = {}  # type: ignore[index]
            values = by_s.get(p)  # type: ignore[arg-type]
            if values is None:
                by_s[p] = [obj]  # type: ignore[index]
            else:
                values.append(obj)
            by_p[p].append((s, obj))  # type: ignore[index]
        index.count, index.skipped = count, skipped
        return index

    @classmethod
    def from_terms(cls, triples: Iterable[tuple]) -> TripleIndex:
        """From rdflib terms (a QuadBuffer's quads, an rdflib.Graph) or pyoxigraph's; duplicates
        (the same triple in two named graphs) are kept once."""
        index = cls()
        seen: set[tuple[Term, Term, Term]] = set()
        for triple in triples:
            s, p, o = (index._term(t) for t in triple[:3])
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                index.add(s, p, o)  # type: ignore[arg-type]
        return index

    def _term(self, t) -> Term:
        kind = type(t).__name__
        if kind in ("URIRef", "NamedNode"):
            return self.iri(str(t) if kind == "URIRef" else t.value)
        if kind in ("BNode", "BlankNode"):
            return BNode(str(t) if kind == "BNode" else t.value)
        # A literal: rdflib's str() is its lexical form (its .value is the Python value); pyoxigraph's .value is.
        text = str(t) if type(t).__module__.startswith("rdflib") else t.value
        language = getattr(t, "language", None)
        return LangString(text, language) if language else str(text)

    # -- reading (the part of rdflib.Graph's API that story_reader uses)
    def value(self, subject: Term, predicate: URIRef, default: Term | None = None) -> Term | None:
        column = self._columns.get(predicate)
        if column is not None and subject in column:
            return column[subject]
        found = self._spo.get(subject, {}).get(predicate)
        return found[0] if found else default

    def objects(self, subject: Term | None = None, predicate: URIRef | None = None) -> Iterator[Term]:
        column = self._columns.get(predicate) if predicate is not None else None
        if subject is None:
            if predicate is None:
                raise ValueError("objects() needs a subject or a predicate")
            rest = (o for _, o in self._by_p.get(predicate, ()))
            return itertools.chain(column.values(), rest) if column else rest
        by_p = self._spo.get(subject, {})
        if predicate is None:
            own = [o for c in self._columns.values() if (o := c.get(subject)) is not None]
            return itertools.chain(own, (o for values in by_p.values() for o in values))
        if column is not None and subject in column:
            return itertools.chain((column[subject],), by_p.get(predicate, ()))
        return iter(by_p.get(predicate, ()))

    def subjects(self, predicate: URIRef, obj: Term | None = None) -> Iterator[Term]:
        if obj is None:
            rest = (s for s, _ in self._by_p.get(predicate, ()))
            column = self._columns.get(predicate)
            return itertools.chain(column, rest) if column else rest
        return iter(self._objects_index(predicate).get(obj, ()))

    def subject_objects(self, predicate: URIRef) -> Iterator[tuple[Term, Term]]:
        column = self._columns.get(predicate)
        rest = iter(self._by_p.get(predicate, ()))
        return itertools.chain(column.items(), rest) if column else rest

    def mentions(self) -> Iterator[tuple[Term, Term, Term | None, Term | None, Term | None]]:
        """(mention, document, begin, end, anchor) for each nif:referenceContext triple, with ``value``'s begin,
        end and anchor (a column holds every subject's first value): what story_reader reads of a mention,
        as dictionary lookups rather than three calls each."""
        begins, ends, anchors = (self._columns[p] for p in (BEGIN_INDEX, END_INDEX, ANCHOR_OF))
        for m, doc in self.subject_objects(REFERENCE_CONTEXT):
            yield m, doc, begins.get(m), ends.get(m), anchors.get(m)

    def __contains__(self, triple: tuple[Term, URIRef, Term]) -> bool:
        s, p, o = triple
        column = self._columns.get(p)
        if column is not None and s in column and column[s] == o:
            return True
        return o in self._spo.get(s, {}).get(p, ())

    def __len__(self) -> int:
        return self.count

    def _objects_index(self, predicate: URIRef) -> dict[Term, list[Term]]:
        found = self._pos.get(predicate)
        if found is None:
            found = defaultdict(list)
            for s, o in self.subject_objects(predicate):
                found[o].append(s)
            self._pos[predicate] = found = dict(found)
        return found


def load_triples(path: Path) -> TripleIndex:
    """A graph file, a build folder or a store (as story_reader.load_graph takes them), as an index:
    parsed by pyoxigraph, without rdflib's terms in between."""
    from graph.story_reader import graph_quads

    with graph_quads(Path(path)) as quads:
        return TripleIndex.from_terms((q.subject, q.predicate, q.object) for q in quads)


def index_of_build(quads) -> TripleIndex:
    """The merged graph of a build (an export.QuadSpool, read from its sorted triples on disk, or a
    build.QuadBuffer in memory) as an index: what the page reads, without the graph loaded into rdflib."""
    lines = getattr(quads, "triple_lines", None)
    if lines is not None:
        return TripleIndex.from_nt_lines(lines())
    return TripleIndex.from_terms((s, p, o) for s, p, o, _ in quads.quads())
