"""The build-graph stage: a ResolvedCorpus → RDF quads following the core profile.

Triples are grouped by named graph: one graph per document (the document, its mentions,
the groundings of nodes in it, the assertions it makes) and one graph of the cross-document
nodes (actors, places, events, claims, relations). ``to_graph`` merges them for Turtle,
``to_dataset`` keeps them apart for TriG and the store. No blank nodes, so the output is
the same, byte for byte, for the same input.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from graph.document_facts import Fact, materialise
from graph.gazetteer import load_gazetteer
from graph.model import (
    PLACE,
    ActorNode,
    ClaimNode,
    CleanedDocument,
    EventNode,
    MentionRef,
    RelationNode,
    ResolvedCorpus,
)
from graph.namespaces import (
    ID,
    PARLEY,
    PLOVER,
    PROV,
    SEM,
    WD,
    bind_prefixes,
    doc_iri,
    instance_iri,
    slug,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]
CORPUS_GRAPH = ID["graph/corpus"]


@functools.lru_cache(maxsize=4096)
def document_graph_iri(doc_id: str) -> URIRef:
    return ID["graph/doc/" + quote(doc_id, safe="")]


# The terms written for every actor, event and claim are made once, not per call (rdflib builds a new URIRef
# on every namespace attribute access, and a Literal from an int costs more than the rest together).
_TYPE = RDF.type
_doc_iri = functools.lru_cache(maxsize=4096)(doc_iri)
_int_literal = functools.lru_cache(maxsize=1 << 16)(Literal)
# The same for the terms written for every actor, event and claim.
_LABEL, _ALT_LABEL, _SAME_AS, _ABOUT = RDFS.label, SKOS.altLabel, OWL.sameAs, PARLEY.about
_STATEMENT_ORDER, _OUTLET_ORDER, _TIMELINE_ORDER = PARLEY.statementOrder, PARLEY.outletOrder, PARLEY.timelineOrder
# The predicates whose objects are positions (add_sort_keys): an addition renumbers them, and a store's write
# keeps each of their triples apart from the rest of its node (graph.store.generations subject_digests).
POSITIONS = frozenset((_STATEMENT_ORDER, _OUTLET_ORDER, _TIMELINE_ORDER))
_NO_DATE = dt.date.min  # (an undated node's stand-in in a sort key; the flag before it orders it apart)
_EVENT_TYPE, _HAS_ACTOR, _HAS_PLACE = SEM.eventType, SEM.hasActor, SEM.hasPlace
_BEGINS, _ENDS = SEM.hasBeginTimeStamp, SEM.hasEndTimeStamp


@functools.lru_cache(maxsize=1024)
def _parley(name: str) -> URIRef:
    """PARLEY[name], made once (the builder asks for the same few terms for every assertion and event)."""
    return PARLEY[name]


@functools.lru_cache(maxsize=1024)
def _plover(code: str) -> URIRef:
    return PLOVER[code]


_DERIVED_FROM = PROV.wasDerivedFrom


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def actor_iri(node: ActorNode) -> URIRef:
    return instance_iri("place" if node.kind == PLACE else "actor", node.key)


def event_iri(key: str) -> URIRef:
    return instance_iri("event", key)


def claim_iri(key: str) -> URIRef:
    return instance_iri("claim", key)


def assertion_iri(key: str) -> URIRef:
    return instance_iri("assertion", key)


@functools.lru_cache(maxsize=4096)  # (events of one period share their dates)
def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


@dataclass
class QuadBuffer:
    """Triples by named graph; a set per graph, so repeated facts are written once."""

    graphs: dict[URIRef, set[Triple]] = field(default_factory=lambda: defaultdict(set))

    def add(self, graph: URIRef, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graphs[graph].add((s, p, o))

    def add_string(self, graph: URIRef, s: URIRef, p: URIRef, text: str) -> None:
        """``add`` with a plain string literal as the object (a QuadSpool writes it without making a Literal)."""
        self.graphs[graph].add((s, p, Literal(text)))

    def quads(self) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
        for g in sorted(self.graphs):
            for s, p, o in sorted(self.graphs[g]):
                yield s, p, o, g

    def __len__(self) -> int:
        return len({t for triples in self.graphs.values() for t in triples})


class GraphBuilder:
    """The quads of a resolved corpus. A document's graph is made from its facts (graph.document_facts): with
    ``keep_facts``, they are kept (``facts``) and only the documents ``materialise`` is given get their triples,
    which is how a store's write makes the graphs of the documents that changed alone; without, each fact
    becomes its triples at once, and none is kept (a streamed build holds no mention in memory)."""

    def __init__(self, corpus: ResolvedCorpus, keep_facts: bool = False):
        self.corpus = corpus
        self.out = QuadBuffer()
        self.keep_facts = keep_facts
        self.facts: dict[str, set[Fact]] = defaultdict(set)  # document id → its graph's facts (keep_facts)
        # Document id → its text, which the document's fact names by its hash (kept with the facts only: a
        # streamed build holds no text of the corpus in memory).
        self._texts: dict[str, str] = {}
        self._actor_refs: dict[str, URIRef | None] = {}  # an actor's IRI, made once per build
        # Document id → what carries it: its publisher's IRI, or the document itself when its outlet is unknown
        # (what parley:outletCount counts, as claims-by-outlets did at query time).
        self._carriers: dict[str, URIRef] = {}
        self._claim_counts: dict[str, tuple[int, int]] = {}  # claim key → (outlets, documents): outletOrder's keys

    # -------------------------------------------------------------- documents and mentions
    def record(self, doc_id: str, fact: Fact, text: str | None = None) -> None:
        """A fact of a document's graph: kept (keep_facts), or its triples written now. ``text``: the document's,
        with its document fact."""
        if self.keep_facts:
            self.facts[doc_id].add(fact)
            if text is not None:
                self._texts[doc_id] = text
        else:
            materialise(document_graph_iri(doc_id), doc_id, fact, self.out.add, self.out.add_string,
                        {doc_id: text} if text is not None else self._texts)

    def materialise(self, doc_ids: Iterable[str]) -> None:
        """The triples of these documents' graphs, from their kept facts (keep_facts)."""
        add, add_string = self.out.add, self.out.add_string
        for doc_id in doc_ids:
            graph = document_graph_iri(doc_id)
            for fact in self.facts.get(doc_id, ()):
                materialise(graph, doc_id, fact, add, add_string, self._texts)

    def add_document(self, cleaned: CleanedDocument) -> None:
        doc = cleaned.source
        self._carriers[doc.id] = doc_iri(doc.id)
        publisher = self._outlet_node(doc.outlet) if doc.outlet else None
        if publisher is not None:
            self._carriers[doc.id] = actor_iri(publisher)
        self.record(doc.id, ("document", doc.id, content_hash(doc.text), doc.published, doc.title or None,
                             doc.url or None, doc.language or None,
                             str(actor_iri(publisher)) if publisher is not None else None), doc.text)

    def _outlet_node(self, name: str) -> ActorNode | None:
        entry = load_gazetteer().lookup(name)
        key = entry.key if entry else slug(name)
        if self.corpus.corrections is not None:  # an outlet an analyst merged into another (graph.corrections)
            key = self.corpus.corrections.moved.get(key, key)
        return self.corpus.actors.get(key)

    def ground(self, instance: URIRef, ref: MentionRef) -> None:
        """instance gaf:denotedBy a NIF mention; the mention lives in its document's graph."""
        self.record(ref.doc_id, ("mention", str(instance), ref.span.begin, ref.span.end, ref.text))

    # -------------------------------------------------------------- actors and places
    def add_actor(self, node: ActorNode) -> None:
        g, a, add = CORPUS_GRAPH, actor_iri(node), self.out.add
        if node.kind == PLACE:
            add(g, a, _TYPE, _parley("Place"))
        else:
            add(g, a, _TYPE, _parley(node.kind))
            if node.venue:
                add(g, a, _TYPE, _parley("Place"))
        add_string = self.out.add_string
        add_string(g, a, _LABEL, node.label)
        for alt in sorted(node.alt_labels):
            add_string(g, a, _ALT_LABEL, alt)
        if node.wikidata:
            add(g, a, _SAME_AS, WD[node.wikidata])
        if node.affiliation and node.affiliation in self.corpus.actors:
            add(g, a, _parley("affiliation"), actor_iri(self.corpus.actors[node.affiliation]))
        if node.rank:
            add_string(g, a, _parley("rank"), node.rank)
        if node.count is not None:
            add(g, a, _parley("count"), _int_literal(node.count))
        for ref in node.mentions:
            self.ground(a, ref)

    def actor_ref(self, key: str) -> URIRef | None:
        refs = self._actor_refs
        if key not in refs:
            node = self.corpus.actors.get(key)
            refs[key] = actor_iri(node) if node is not None else None
        return refs[key]

    # -------------------------------------------------------------- events
    def add_event(self, node: EventNode) -> None:
        g, e, add = CORPUS_GRAPH, event_iri(node.key), self.out.add
        add(g, e, _TYPE, _parley(node.event_class))
        self.out.add_string(g, e, _LABEL, node.label)
        add(g, e, _EVENT_TYPE, _plover(node.plover))
        if node.cameo:
            self.out.add_string(g, e, _parley("cameoCode"), node.cameo)
        add(g, e, _parley("status"), _parley(node.status))
        for role in sorted(node.roles):
            for key in sorted(node.roles[role]):
                actor = self.actor_ref(key)
                if actor is None:
                    continue
                add(g, e, _HAS_ACTOR, actor)  # every participant, a place that is hit too (CORE-PROFILE)
                if role != "actor":
                    add(g, e, _parley(role), actor)
        for key in sorted(node.places):
            place = self.actor_ref(key)
            if place is not None:
                add(g, e, _HAS_PLACE, place)
        if node.begin:
            add(g, e, _BEGINS, _date(node.begin))
        if node.end:
            add(g, e, _ENDS, _date(node.end))
        for relation, other in sorted(node.links):
            if other in self.corpus.events:
                add(g, e, _parley(relation), event_iri(other))
        for ref in node.mentions:
            self.ground(e, ref)

    # -------------------------------------------------------------- claims
    def add_claim(self, node: ClaimNode) -> None:
        g, c, add = CORPUS_GRAPH, claim_iri(node.key), self.out.add
        add_string = self.out.add_string
        add(g, c, _TYPE, _parley("Claim"))
        add_string(g, c, _parley("statement"), node.statement)
        add_string(g, c, _LABEL, node.statement if len(node.statement) <= 120 else node.statement[:117] + "…")
        assertions = list(node.assertions)  # (read back from disk once, in a streamed build)
        documents = {a.doc_id for a in assertions}
        add(g, c, _parley("documentCount"), _int_literal(len(documents)))
        outlets = {self._carriers.get(doc_id, _doc_iri(doc_id)) for doc_id in documents}
        add(g, c, _parley("outletCount"), _int_literal(len(outlets)))
        self._claim_counts[node.key] = (len(outlets), len(documents))
        for key in sorted(node.about):
            target = self.actor_ref(key) or (event_iri(key) if key in self.corpus.events else None)
            if target is not None:
                add(g, c, _ABOUT, target)
        for a in assertions:
            ai = assertion_iri(a.key)
            add(g, c, _parley("assertion"), ai)
            source = self.actor_ref(a.source) if a.source else None
            via = tuple(str(actor) for key in a.via if (actor := self.actor_ref(key)))
            chain = (" → ".join(self.corpus.actors[k].label for k in a.via if k in self.corpus.actors)
                     if a.via else None)
            self.record(a.doc_id, ("assertion", str(ai), a.certainty, a.polarity, str(source) if source else None,
                                   via, chain))
            self.ground(ai, a.mention)
        for index, (kind, description) in enumerate(node.discrepancies):
            d = instance_iri("discrepancy", f"{node.key}/{index}")
            add(g, d, RDF.type, PARLEY.Discrepancy)
            add(g, d, PARLEY.discrepancyKind, PARLEY[kind])
            add(g, d, PARLEY.concerns, c)
            add(g, d, RDFS.comment, Literal(description))

    # -------------------------------------------------------------- relations
    def add_relation(self, node: RelationNode) -> None:
        """A relation as a direct edge (for simple queries) and as a reified, grounded node (for its evidence).

        Offices become a parley:OfficeHolding (holder, heldIn, office as written, concept); a former office
        gets no direct edge, since ``?p parley:holdsOffice ?state`` reads as holding it now. Other relations
        become a parley:RelationStatement. Evidence: gaf:denotedBy the passage, prov:wasDerivedFrom its document;
        a fact that comes from the gazetteer says so with parley:assertedBy "gazetteer".
        """
        g, add = CORPUS_GRAPH, self.out.add
        subject, obj = self.actor_ref(node.subject), self.actor_ref(node.object)
        if subject is None or obj is None:
            return
        r = instance_iri("relation", node.key)
        former = node.qualifier == "former"
        if not former:
            add(g, subject, PARLEY[node.relation], obj)
        names = [self.corpus.actors[node.subject].label, self.corpus.actors[node.object].label]
        if node.office or node.office_concept:
            add(g, r, RDF.type, PARLEY.OfficeHolding)
            add(g, r, PARLEY.holder, subject)
            add(g, r, PARLEY.heldIn, obj)
            if node.office:
                add(g, r, PARLEY.office, Literal(node.office))
            if node.office_concept:
                add(g, r, PARLEY.officeConcept, PARLEY[node.office_concept])
            if node.qualifier in ("former", "acting"):
                add(g, r, PARLEY.officeStatus, PARLEY[node.qualifier])
            office = node.office or node.office_concept or ""
            label = f"{names[0]}: {(node.qualifier + ' ') if node.qualifier else ''}{office} ({names[1]})"
        else:
            add(g, r, RDF.type, PARLEY.RelationStatement)
            add(g, r, RDF.subject, subject)
            add(g, r, RDF.predicate, PARLEY[node.relation])
            add(g, r, RDF.object, obj)
            if node.relation == "locatedNear" and node.qualifier:
                add(g, r, PARLEY.distance, Literal(node.qualifier))
            words = {"locatedIn": "in", "memberOf": "member of", "affiliatedWith": "affiliated with",
                     "locatedNear": f"{node.qualifier} from" if node.qualifier else "near"}
            label = f"{names[0]} {words.get(node.relation, node.relation)} {names[1]}"
        add(g, r, RDFS.label, Literal(label))
        if node.from_gazetteer:
            add(g, r, PARLEY.assertedBy, Literal("gazetteer"))
        for ref in node.evidence:
            self.ground(r, ref)
            add(g, r, PROV.wasDerivedFrom, doc_iri(ref.doc_id))

    def build(self) -> QuadBuffer:
        for cleaned in self.corpus.documents:
            self.add_document(cleaned)
        for node in self.corpus.actors.values():
            self.add_actor(node)
        for node in self.corpus.events.values():
            self.add_event(node)
        for node in self.corpus.claims.values():
            self.add_claim(node)
        for node in self.corpus.relations.values():
            self.add_relation(node)
        self.add_sort_keys()
        if self.corpus.corrections is not None:
            from graph.corrections.rdf import add_correction_quads  # (imported here: it imports this module)

            add_correction_quads(self.out.add, self.corpus)
        return self.out


    def add_sort_keys(self) -> None:
        """Each claim's and event's place in the ready queries' orders, as integers from 0.

        Why: Oxigraph compares strings and IRIs by reading each from its dictionary (ORDER BY ?statement
        over 10,000 claims: 0.85 s at a million triples), integers in place, and a join of two patterns
        over every claim costs as much again; a query that pages (ontology/queries/, LIMIT/OFFSET in a
        subquery) scans one of these predicates alone and keeps the first K. parley:statementOrder:
        claims by statement, then key; parley:outletOrder: by outlets carrying them, then documents (both
        most first), then statementOrder; parley:timelineOrder: dated events first, by begin, end (none
        first, as SPARQL orders unbound), label, IRI. They are positions, so an addition renumbers the
        nodes after a new one: a store's write changes up to one quad per claim and event for each."""
        claims = [key for _, key in sorted((node.statement, node.key) for node in self.corpus.claims.values())]
        add, g, counts = self.out.add, CORPUS_GRAPH, self._claim_counts
        for rank, key in enumerate(claims):
            add(g, claim_iri(key), _STATEMENT_ORDER, _int_literal(rank))
        by_outlets = sorted(range(len(claims)), key=lambda i: (-counts[claims[i]][0], -counts[claims[i]][1], i))
        for rank, i in enumerate(by_outlets):
            add(g, claim_iri(claims[i]), _OUTLET_ORDER, _int_literal(rank))
        events = sorted((node.begin is None, node.begin or _NO_DATE, node.end is not None, node.end or _NO_DATE,
                         node.label, str(event_iri(node.key))) for node in self.corpus.events.values())
        for rank, item in enumerate(events):
            add(g, URIRef(item[-1]), _TIMELINE_ORDER, _int_literal(rank))


def build_quads(corpus: ResolvedCorpus) -> QuadBuffer:
    return GraphBuilder(corpus).build()


def to_graph(quads: QuadBuffer | Iterable) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for s, p, o, _ in (quads.quads() if isinstance(quads, QuadBuffer) else quads):
        graph.add((s, p, o))
    return graph


def to_dataset(quads: QuadBuffer) -> Dataset:
    dataset = Dataset()
    bind_prefixes(dataset)
    for s, p, o, g in quads.quads():
        dataset.add((s, p, o, g))
    return dataset
