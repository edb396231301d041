"""The story a built graph tells: its nodes (actors, places, events, claims), edges and documents.

A ``Story`` is what the page, ``parley stats`` and the notebook facade read a graph into
(graph/story_reader.py reads it from any graph that follows /work/shared/CORE-PROFILE.md):
actors, places, events and claims as nodes, roles, sources and links as labelled, directed
edges, and for every node the passages of text it is grounded in. ``Story.filtered`` keeps
the part of it a user asks for (documents, actors, a date, kinds).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import FrozenInstanceError, dataclass, field

from graph.errors import ParleyError

ACTOR_KIND_ORDER = ("AnonymousSource", "NewsOutlet", "Person", "State", "Organization", "Actor")
ACTOR_KINDS = frozenset(ACTOR_KIND_ORDER)
NODE_KINDS = (*ACTOR_KIND_ORDER, "Place", "Event", "Claim")
# Event classes of the core profile; the ontology may add subclasses (found via rdfs:subClassOf).
EVENT_CLASSES = ("Negotiation", "Agreement", "Attack", "MilitaryOperation", "Summit")
# Role properties, most specific first: sem:hasActor only counts where no specific role says more.
ROLE_PROPERTIES = ("mediator", "host", "party", "attacker", "target")
# Relations between actors and places (beyond the core profile; read when present): an office
# (parley:OfficeHolding: holder, heldIn), membership, location, distance, affiliation. Their edges
# are of kind "relation"; every other edge is a "link" of an event or a claim.
RELATIONS = ("holdsOffice", "memberOf", "affiliatedWith", "locatedIn", "locatedNear")
# What a user may type for --kind, mapped to node kinds.
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "state": ("State",), "organization": ("Organization",), "organisation": ("Organization",),
    "org": ("Organization",), "person": ("Person",), "outlet": ("NewsOutlet",), "newsoutlet": ("NewsOutlet",),
    "anonymous": ("AnonymousSource",), "anonymoussource": ("AnonymousSource",),
    "actor": ACTOR_KIND_ORDER, "place": ("Place",), "event": ("Event",), "claim": ("Claim",),
}

# ------------------------------------------------------------------ the story


@dataclass(frozen=True, slots=True)
class Document:
    iri: str
    id: str
    title: str | None = None
    issued: dt.date | None = None
    outlet: str | None = None  # the publisher's IRI (an actor), when known
    url: str | None = None
    headline: str | None = None  # the title, else the text's first line when it is short enough to be one
    opening: str | None = None  # the text's first words, to name a document that has no title

    @property
    def name(self) -> str:
        return self.title or self.headline or self.id

    def describe(self, outlet: str | None) -> str:
        """How a document is named wherever it is shown: outlet, title (else its first words, quoted) and
        date, never a bare id (the id only when the graph holds nothing else of it)."""
        title = self.title or (f"“{self.opening}”" if self.opening else None)
        parts = [p for p in (outlet, title, self.issued.isoformat() if self.issued else None) if p]
        return " · ".join(parts) if parts and (outlet or title) else " · ".join([self.id, *parts])


class Evidence:
    """A passage of a document that grounds a node: the mention and its sentence around it.

    doc: the document's IRI; begin, end: the mention's offsets; quote: nif:anchorOf, exactly as in the
    text; before, after: the rest of the sentence either side of the mention. A reader may give, instead
    of before and after, a ``context`` that finds them (called once, when they are first asked for): a
    page details a few hundred nodes, and finding the sentence of every mention of a 10,000-article
    graph (865,000 of them) was a fifth of reading its story. Immutable; equal when all six are equal
    (hashed by the first four, which decide the others within one graph), so a set of passages never
    finds a sentence it is not asked for.
    """

    __slots__ = ("doc", "begin", "end", "quote", "_before", "_after", "_context")

    def __init__(self, doc: str, begin: int, end: int, quote: str, before: str = "", after: str = "",
                 context: Callable[[], tuple[str, str]] | None = None) -> None:
        # (through the slots' own setters: __setattr__ refuses; one is made per mention, 865,000 at 10,000 articles)
        _SET_DOC(self, doc)
        _SET_BEGIN(self, begin)
        _SET_END(self, end)
        _SET_QUOTE(self, quote)
        _SET_BEFORE(self, before)
        _SET_AFTER(self, after)
        _SET_CONTEXT(self, context)

    @property
    def before(self) -> str:
        if self._context is not None:
            self._find_context()
        return self._before

    @property
    def after(self) -> str:
        if self._context is not None:
            self._find_context()
        return self._after

    def _find_context(self) -> None:
        before, after = self._context()  # type: ignore[misc]
        _SET_BEFORE(self, before)
        _SET_AFTER(self, after)
        _SET_CONTEXT(self, None)

    def _key(self) -> tuple[str, int, int, str]:
        return (self.doc, self.begin, self.end, self.quote)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evidence):
            return NotImplemented
        if self is other:
            return True
        return self._key() == other._key() and (self.before, self.after) == (other.before, other.after)

    def __hash__(self) -> int:
        return hash((self.doc, self.begin, self.end, self.quote))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self):  # (pickled with its sentence, not with the function that finds it)
        return (Evidence, (*self._key(), self.before, self.after))

    def __repr__(self) -> str:
        return (f"Evidence(doc={self.doc!r}, begin={self.begin!r}, end={self.end!r}, quote={self.quote!r}, "
                f"before={self.before!r}, after={self.after!r})")


_SET_DOC, _SET_BEGIN, _SET_END, _SET_QUOTE, _SET_BEFORE, _SET_AFTER, _SET_CONTEXT = (
    getattr(Evidence, name).__set__ for name in Evidence.__slots__)


@dataclass(slots=True)
class Assertion:
    """One report of a claim in one document."""

    iri: str
    doc: str | None
    source: str | None = None  # actor IRI; None: the document's own voice
    via: list[str] = field(default_factory=list)
    evidence: Evidence | None = None
    certainty: str | None = None  # optional terms beyond the core profile, read when present
    polarity: str | None = None


@dataclass(slots=True)
class Node:
    iri: str
    kind: str  # one of NODE_KINDS
    label: str
    alt_labels: list[str] = field(default_factory=list)
    wikidata: str | None = None  # a Q-id, validated
    event_class: str | None = None
    plover: str | None = None
    cameo: str | None = None
    begin: dt.date | None = None
    end: dt.date | None = None
    statement: str | None = None
    status: str | None = None  # an event's parley:status (asserted, negated, hypothetical, planned), when given
    # Set where a correction (graph/corrections.py) changed the node: the page marks it.
    corrected: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    # Differences between the documents that the builder recorded (parley:Discrepancy, beyond
    # the core profile; read when present): (kind, description).
    discrepancies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS

    @property
    def documents(self) -> set[str]:
        docs = {e.doc for e in self.evidence}
        docs |= {a.doc for a in self.assertions if a.doc}
        return docs


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    relation: str  # party, mediator, host, attacker, target, actor, place, disruptedBy, source, via, about,
    #                affiliation, or one of RELATIONS
    documents: tuple[str, ...] = ()  # for source/via and relations: the documents that say so
    # Relations only: the words that qualify it as written (the office, the distance), the office's
    # status (former, acting) and concept (headOfState …), the passages that state it, and whether
    # Parley's gazetteer states it too (alone, where there are no passages).
    words: str | None = None
    status: str | None = None
    concept: str | None = None
    evidence: tuple[Evidence, ...] = ()
    gazetteer: bool = False
    corrected: bool = False  # set where a correction changed the link: the page marks it

    @property
    def kind(self) -> str:
        """``relation`` (between actors and places: offices, membership, location) or ``link``."""
        return "relation" if self.relation in RELATIONS else "link"


@dataclass(slots=True)
class Story:
    nodes: dict[str, Node]
    edges: list[Edge]
    documents: dict[str, Document]
    _edge_index: tuple[tuple[int, int], dict[str, list[Edge]]] | None = field(default=None, repr=False, compare=False)

    def label(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.label if node else iri.rsplit("/", 1)[-1]

    def of_kind(self, *kinds: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind in kinds]

    def outlet_of(self, doc_iri: str) -> str:
        """The outlet that published a document, by name; else the document as ``document_name`` names it."""
        doc = self.documents.get(doc_iri)
        if doc is None:
            return doc_iri.rsplit("/", 1)[-1]
        if doc.outlet:
            return self.label(doc.outlet)
        return doc.describe(None)

    def document_name(self, doc_iri: str) -> str:
        """'Example Wire · Talks resume in Doha · 2024-10-30' (Document.describe)."""
        doc = self.documents.get(doc_iri)
        if doc is None:
            return doc_iri.rsplit("/", 1)[-1]
        return doc.describe(self.label(doc.outlet) if doc.outlet else None)

    def edges_of(self, iri: str) -> list[Edge]:
        """The edges into and out of a node (an index built on first use)."""
        index = self._index()
        return index.get(iri, [])

    def _index(self) -> dict[str, list[Edge]]:
        key = (id(self.edges), len(self.edges))
        if self._edge_index is None or self._edge_index[0] != key:
            index: dict[str, list[Edge]] = defaultdict(list)
            for e in self.edges:
                index[e.source].append(e)
                if e.target != e.source:
                    index[e.target].append(e)
            self._edge_index = (key, dict(index))
        return self._edge_index[1]

    def find_actor(self, query: str) -> list[str]:
        """Actors (and places) whose IRI, label or other label is ``query`` (case-insensitive)."""
        q = query.strip().casefold()
        hits = [n.iri for n in self.nodes.values() if n.kind not in ("Event", "Claim")
                and (n.iri.casefold() == q or n.iri.rsplit("/", 1)[-1].casefold() == q or n.label.casefold() == q
                     or any(a.casefold() == q for a in n.alt_labels) or (n.wikidata or "").casefold() == q)]
        if not hits:  # a part of a name: "zelensk" finds Volodymyr Zelensky
            hits = [n.iri for n in self.nodes.values() if n.kind not in ("Event", "Claim")
                    and (q in n.label.casefold() or any(q in a.casefold() for a in n.alt_labels))]
        return sorted(hits)

    def filtered(self, document: str | Iterable[str] | None = None, actor: str | Iterable[str] | None = None,
                 since: dt.date | str | None = None, kind: str | Iterable[str] | None = None) -> Story:
        """The part of the story that passes every filter given (they combine with AND).

        document: ids (or IRIs) of documents; keeps what is grounded in them.
        actor: names or IRIs; keeps each actor, its events and claims, and their other participants.
        since: a date; drops events that ended before it and claims only reported before it.
        kind: node kinds (state, organization, person, outlet, anonymous, actor, place, event, claim).
        """
        keep = set(self.nodes)
        if document:
            wanted = {document} if isinstance(document, str) else set(document)
            docs = {d.iri for d in self.documents.values() if d.id in wanted or d.iri in wanted}
            if unknown := sorted(w for w in wanted if not any(w in (d.id, d.iri) for d in self.documents.values())):
                raise ParleyError(f"--document: no document {', '.join(unknown)} in the graph")
            keep &= {iri for iri, n in self.nodes.items() if n.documents & docs}
        if actor:
            keep &= self._actor_neighbourhood([actor] if isinstance(actor, str) else list(actor))
        if since:
            keep &= self._since(_as_date(since))
        if kind:
            kinds = _parse_kinds(kind)
            keep &= {iri for iri, n in self.nodes.items() if n.kind in kinds}
        nodes = {iri: n for iri, n in self.nodes.items() if iri in keep}
        edges = [e for e in self.edges if e.source in keep and e.target in keep]
        return Story(nodes=nodes, edges=edges, documents=self.documents)

    def _actor_neighbourhood(self, queries: list[str]) -> set[str]:
        centres: set[str] = set()
        for q in queries:
            found = self.find_actor(q)
            if not found:
                raise ParleyError(f"--actor: no actor or place named {q!r} in the graph")
            centres.update(found)
        around = defaultdict(set)
        for e in self.edges:
            around[e.source].add(e.target)
            around[e.target].add(e.source)
        keep = set(centres)
        for c in centres:
            for n in around[c]:
                keep.add(n)
                # Through an event or a claim, its other participants belong to the actor's story.
                if self.nodes[n].kind in ("Event", "Claim"):
                    keep |= around[n]
        return keep

    def _since(self, since: dt.date) -> set[str]:
        issued = {d.iri: d.issued for d in self.documents.values()}

        def recent_docs(node: Node) -> bool:
            dates = [issued.get(d) for d in node.documents]
            return not dates or any(d is None or d >= since for d in dates)

        keep = set()
        for iri, node in self.nodes.items():
            if node.kind == "Event":
                last = node.end or node.begin
                ok = last >= since if last else recent_docs(node)
            elif node.kind == "Claim":
                ok = recent_docs(node)
            else:
                continue
            if ok:
                keep.add(iri)
        # Actors and places stay where they take part in what is kept, or are mentioned since.
        linked = {x for e in self.edges if e.source in keep or e.target in keep for x in (e.source, e.target)}
        for iri, node in self.nodes.items():
            if node.kind not in ("Event", "Claim") and (iri in linked or (node.evidence and recent_docs(node))):
                keep.add(iri)
        return keep


def first_words(text: str, words: int = 8) -> str | None:
    """The first ``words`` words of a text, with an ellipsis when there are more."""
    found = text.split(maxsplit=words)
    if not found:
        return None
    return " ".join(found[:words]) + ("…" if len(found) > words else "")


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ParleyError(f"--since: {value!r} is not a date (use YYYY-MM-DD)") from None


def _parse_kinds(kind: str | Iterable[str]) -> set[str]:
    words = kind.split(",") if isinstance(kind, str) else [w for k in kind for w in k.split(",")]
    kinds: set[str] = set()
    for word in words:
        key = word.strip().casefold().replace("-", "").replace("_", "").replace(" ", "")
        if not key:
            continue
        if key not in KIND_ALIASES:
            known = ", ".join(sorted(KIND_ALIASES))
            raise ParleyError(f"--kind: unknown kind {word.strip()!r} (known: {known})")
        kinds.update(KIND_ALIASES[key])
    return kinds
