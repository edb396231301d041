"""Reading a core-profile graph into a Story (graph/story.py).

``read_story`` reads any graph that follows /work/shared/CORE-PROFILE.md (and nothing more: no
build internals). Where the graph has them, the relations between actors and places (offices,
membership, location, affiliation: parley:OfficeHolding and parley:RelationStatement) are edges
too, of kind "relation", each with the passages that state it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

import rdflib
from rdflib import Literal, URIRef
from rdflib import namespace as _rdflib_ns

from graph import namespaces as _ns
from graph.errors import ParleyError
from graph.story import (
    ACTOR_KIND_ORDER,
    EVENT_CLASSES,
    RELATIONS,
    ROLE_PROPERTIES,
    Assertion,
    Document,
    Edge,
    Evidence,
    Node,
    Story,
    first_words,
)
from graph.triple_index import TripleIndex


class _Terms:
    """A namespace whose terms are made once: rdflib's Namespace makes a new URIRef at every attribute
    access, which was a fifth of read_story's time at 500 articles (250,000 of them)."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        value = self._namespace[name]
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)

    def __str__(self) -> str:
        return str(self._namespace)


DCTERMS, OWL, RDF, RDFS, SKOS = (_Terms(getattr(_rdflib_ns, n)) for n in ("DCTERMS", "OWL", "RDF", "RDFS", "SKOS"))
GAF, NIF, PARLEY, PROV, SEM = (_Terms(getattr(_ns, n)) for n in ("GAF", "NIF", "PARLEY", "PROV", "SEM"))

# What the story is read from: an rdflib graph, or the same triples in plain dictionaries (graph/triple_index.py).
Graph = rdflib.Graph | TripleIndex
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_QID = re.compile(r"^Q[1-9][0-9]*$")
_WIKIDATA_PREFIXES = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
                      "https://www.wikidata.org/wiki/", "http://www.wikidata.org/wiki/")
# Sentence ends for the context of a quote: ". ", "! ", "? " or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")
_in_document_order = attrgetter("doc", "begin", "end")


# ------------------------------------------------------------------ reading the profile


def _text(value) -> str | None:
    return str(value) if value is not None else None


def _date(value) -> dt.date | None:
    if value is None:
        return None
    py = value.toPython() if isinstance(value, Literal) else value
    if isinstance(py, dt.datetime):
        return py.date()
    if isinstance(py, dt.date):
        return py
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _one(graph: Graph, subject, predicate):
    """One value, chosen deterministically: English or untagged literals first, then the smallest."""
    values = list(graph.objects(subject, predicate))
    if not values:
        return None
    return min(values, key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


def _subclasses(graph: Graph, roots: Iterable[URIRef]) -> set[URIRef]:
    """The roots and every class the graph says is (transitively) a subclass of one."""
    found = set(roots)
    frontier = list(found)
    while frontier:
        cls = frontier.pop()
        for sub in graph.subjects(RDFS.subClassOf, cls):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


def _sentence_context(text: str | None, begin: int, end: int, limit: int) -> tuple[str, str]:
    """The rest of the sentence around [begin, end), at most ``limit`` characters each side."""
    if not text or not 0 <= begin <= end <= len(text):
        return "", ""
    window_start = max(0, begin - limit)
    start = window_start
    for match in _SENTENCE_END.finditer(text, window_start, begin):
        start = match.end()
    stop = min(len(text), end + limit)
    match = _SENTENCE_END.search(text, end, stop)
    if match:
        stop = match.start() + 1 if text[match.start()] in ".!?" else match.start()
    before = text[start:begin].lstrip()
    after = text[end:stop].rstrip()
    if start == window_start and window_start > 0:
        before = "…" + before
    if not match and stop < len(text):
        after += "…"
    return before, after


def read_story(graph: Graph, context_chars: int = 220) -> Story:
    """Read a core-profile graph into a Story. Anything the profile allows to be missing may be."""
    documents = _read_documents(graph)
    texts = {iri: str(t) for iri in documents if (t := graph.value(URIRef(iri), NIF.isString)) is not None}
    for iri, doc in documents.items():
        first = texts.get(iri, "").strip().split("\n", 1)[0].strip()
        documents[iri] = replace(doc, headline=doc.title or (first if 0 < len(first) <= 160 else None),
                                 opening=first_words(texts.get(iri, "")))
    mentions = _read_mentions(graph, texts, context_chars)

    event_classes = _subclasses(graph, [PARLEY.Event, SEM.Event, *(PARLEY[c] for c in EVENT_CLASSES)])
    nodes: dict[str, Node] = {}

    def types(s) -> set[URIRef]:
        return set(graph.objects(s, RDF.type))

    # Events: typed as one, or carrying what only events carry.
    event_iris = {s for cls in event_classes for s in graph.subjects(RDF.type, cls)}
    event_iris |= set(graph.subjects(SEM.eventType, None)) | set(graph.subjects(SEM.hasActor, None))
    event_iris |= {s for r in ROLE_PROPERTIES for s in graph.subjects(PARLEY[r], None)}
    claim_iris = set(graph.subjects(RDF.type, PARLEY.Claim)) | set(graph.subjects(PARLEY.assertion, None))
    event_iris -= claim_iris
    for s in event_iris:
        if isinstance(s, URIRef):
            nodes[str(s)] = _read_event(graph, s, types(s), event_classes)

    actor_classes = {k: _subclasses(graph, [PARLEY[k]]) for k in ACTOR_KIND_ORDER}
    actor_classes["Actor"] |= {SEM.Actor}
    place_classes = _subclasses(graph, [PARLEY.Place, SEM.Place])
    typed_actors = {s for classes in actor_classes.values() for c in classes for s in graph.subjects(RDF.type, c)}
    typed_places = {s for c in place_classes for s in graph.subjects(RDF.type, c)}
    # Participants, sources and intermediaries are actors even when the graph does not type them.
    untyped = {o for r in (*ROLE_PROPERTIES, "source", "via", "affiliation") for o in graph.objects(None, PARLEY[r])}
    untyped |= set(graph.objects(None, SEM.hasActor))
    for s in sorted(typed_actors | typed_places | untyped, key=str):
        if not isinstance(s, URIRef) or str(s) in nodes or s in claim_iris:
            continue
        ts = types(s)
        kind = next((k for k in ACTOR_KIND_ORDER if ts & actor_classes[k]), None)
        if kind is None:
            kind = "Place" if (ts & place_classes) and s not in untyped else "Actor"
        nodes[str(s)] = _read_entity(graph, s, kind)
    for s in set(graph.objects(None, SEM.hasPlace)) - set(map(URIRef, nodes)):
        if isinstance(s, URIRef):
            nodes[str(s)] = _read_entity(graph, s, "Place")

    for s in claim_iris:
        if isinstance(s, URIRef):
            nodes[str(s)] = _read_claim(graph, s, documents)

    # Grounding: every instance's mentions, in document order.
    for iri, node in nodes.items():
        evidence = [e for m in graph.objects(URIRef(iri), GAF.denotedBy) if (e := mentions.get(m)) is not None]
        node.evidence = sorted(set(evidence), key=_in_document_order)
        for assertion in node.assertions:
            found = [e for m in graph.objects(URIRef(assertion.iri), GAF.denotedBy)
                     if (e := mentions.get(m)) is not None]
            if found:
                assertion.evidence = min(found, key=_in_document_order)
                assertion.doc = assertion.doc or assertion.evidence.doc

    edges = _mark_corrected(graph, nodes, _read_edges(graph, nodes, mentions))
    _name_unlabelled_events(nodes, edges)
    return Story(nodes=dict(sorted(nodes.items())), edges=edges, documents=documents)


def _mark_corrected(graph: Graph, nodes: dict[str, Node], edges: list[Edge]) -> list[Edge]:
    """Flag what an analyst's correction changed (graph.corrections writes ``parley:correctedBy`` on each node it
    changed and ``parley:asserts`` a reified statement for each link it added), so the page can mark it."""
    for node_iri in set(graph.subjects(PARLEY.correctedBy, None)):
        if (node := nodes.get(str(node_iri))) is not None:
            node.corrected = True
    added = set()
    for statement in graph.objects(None, PARLEY.asserts):
        s, p, o = (graph.value(statement, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if isinstance(p, URIRef) and str(p).startswith(str(PARLEY)):
            added.add((str(s), str(p)[len(str(PARLEY)):], str(o)))
    if not added:
        return edges
    return [replace(e, corrected=True) if (e.source, e.relation, e.target) in added else e for e in edges]


def _name_unlabelled_events(nodes: dict[str, Node], edges: list[Edge]) -> None:
    """An event without rdfs:label is named by its class and participants: 'Negotiation: Russia, Ukraine'."""
    taking_part: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.relation in ROLE_PROPERTIES or e.relation == "actor":
            taking_part[e.source].append(nodes[e.target].label)
    for iri, node in nodes.items():
        if node.kind == "Event" and not node.label:
            who = ", ".join(sorted(set(taking_part[iri])))
            name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", node.event_class or "Event")
            node.label = f"{name}: {who}" if who else (f"{name} ({node.plover})" if node.plover else name)


def _read_documents(graph: Graph) -> dict[str, Document]:
    iris = set(graph.subjects(RDF.type, PARLEY.Document)) | set(graph.subjects(NIF.isString, None))
    iris |= set(graph.objects(None, NIF.referenceContext)) | set(graph.objects(None, PROV.wasDerivedFrom))
    docs = {}
    for d in iris:
        if not isinstance(d, URIRef):
            continue
        ident = _text(_one(graph, d, DCTERMS.identifier)) or _local(d)
        publisher = _one(graph, d, DCTERMS.publisher)
        docs[str(d)] = Document(
            iri=str(d), id=ident, title=_text(_one(graph, d, DCTERMS.title)),
            issued=_date(_one(graph, d, DCTERMS.issued)),
            outlet=str(publisher) if isinstance(publisher, URIRef) else None, url=_text(_one(graph, d, DCTERMS.source)))
    return dict(sorted(docs.items(), key=lambda kv: (kv[1].issued or dt.date.min, kv[1].id)))


def _mention_rows(graph: Graph) -> Iterable[tuple]:
    """(mention, document, begin, end, anchor) of each nif:referenceContext triple."""
    if isinstance(graph, TripleIndex):
        return graph.mentions()
    value = graph.value
    return ((m, doc, value(m, NIF.beginIndex), value(m, NIF.endIndex), value(m, NIF.anchorOf))
            for m, doc in graph.subject_objects(NIF.referenceContext))


def _read_mentions(graph: Graph, texts: dict[str, str], context_chars: int) -> dict[Any, Evidence]:
    """Every mention's passage, by the mention's term as the graph gives it (no string made to find one)."""
    mentions = {}
    for m, doc, begin, end, anchor in _mention_rows(graph):
        begin, end = _int(begin), _int(end)
        text = texts.get(str(doc))
        if begin is None or end is None:
            if anchor is None:
                continue
            begin, end = 0, 0
        quote = str(anchor) if anchor is not None else (text[begin:end] if text else "")
        # (the sentence around it found when first asked for: the page shows a few hundred nodes' passages)
        context = partial(_sentence_context, text, begin, end, context_chars) if end > begin and text else None
        mentions[m] = Evidence(str(doc), begin, end, quote, context=context)
    return mentions


def _labels(graph: Graph, s) -> tuple[str | None, list[str]]:
    label = _text(_one(graph, s, RDFS.label)) or _text(_one(graph, s, SKOS.prefLabel))
    alts = sorted({str(a) for a in graph.objects(s, SKOS.altLabel)} - {label})
    return label, alts


def _wikidata(graph: Graph, s) -> str | None:
    for same in sorted(map(str, graph.objects(s, OWL.sameAs))):
        for prefix in _WIKIDATA_PREFIXES:
            if same.startswith(prefix) and _QID.match(same[len(prefix):]):
                return same[len(prefix):]
    return None


def _read_entity(graph: Graph, s: URIRef, kind: str) -> Node:
    label, alts = _labels(graph, s)
    if label is None:
        label = alts.pop(0) if alts else _local(s).replace("-", " ")
    return Node(iri=str(s), kind=kind, label=label, alt_labels=alts, wikidata=_wikidata(graph, s))


def _read_event(graph: Graph, s: URIRef, types: set[URIRef], event_classes: set[URIRef]) -> Node:
    label, alts = _labels(graph, s)
    # The most specific class: one that is not a superclass of another of its types.
    specific = sorted(t for t in types & event_classes
                      if not any(o != t and (o, RDFS.subClassOf, t) in graph for o in types & event_classes))
    named = [t for t in specific if t not in (PARLEY.Event, SEM.Event)]
    event_class = _local(named[0]) if named else "Event"
    plover = cameo = None
    etype = _one(graph, s, SEM.eventType)
    if etype is not None:
        plover = _text(_one(graph, etype, SKOS.notation)) or _local(etype)
    cameo = _text(_one(graph, s, PARLEY.cameoCode))
    return Node(iri=str(s), kind="Event", label=label or "", alt_labels=alts, wikidata=_wikidata(graph, s),
                event_class=event_class, plover=plover.upper() if plover else None, cameo=cameo,
                status=_name(_one(graph, s, PARLEY.status)),
                begin=_date(_one(graph, s, SEM.hasBeginTimeStamp)), end=_date(_one(graph, s, SEM.hasEndTimeStamp)))


def _read_claim(graph: Graph, s: URIRef, documents: dict[str, Document]) -> Node:
    statement = _text(_one(graph, s, PARLEY.statement))
    label, alts = _labels(graph, s)
    assertions = []
    for a in sorted(graph.objects(s, PARLEY.assertion), key=str):
        doc = graph.value(a, PROV.wasDerivedFrom)
        source = graph.value(a, PARLEY.source)
        assertions.append(Assertion(
            iri=str(a), doc=str(doc) if doc is not None else None,
            source=str(source) if isinstance(source, URIRef) else None,
            via=[str(v) for v in _ordered_via(graph, a)],
            certainty=_name(_one(graph, a, PARLEY.certainty)), polarity=_name(_one(graph, a, PARLEY.polarity))))
    discrepancies = sorted((_name(graph.value(d, PARLEY.discrepancyKind)) or "difference",
                            _text(_one(graph, d, RDFS.comment)) or "")
                           for d in graph.subjects(PARLEY.concerns, s) if (d, RDF.type, PARLEY.Discrepancy) in graph)
    return Node(iri=str(s), kind="Claim", label=statement or label or _local(s), alt_labels=alts,
                statement=statement or label, assertions=assertions, discrepancies=discrepancies)


def _name(value) -> str | None:
    """A term's name: the local name of an IRI (parley:negative → negative), a literal's text."""
    if value is None:
        return None
    return _local(value) if isinstance(value, URIRef) else str(value)


def _ordered_via(graph: Graph, assertion) -> list:
    # The profile gives no order for parley:via; sort for determinism.
    return sorted((v for v in graph.objects(assertion, PARLEY.via) if isinstance(v, URIRef)), key=str)


def _read_edges(graph: Graph, nodes: dict[str, Node], mentions: dict[Any, Evidence]) -> list[Edge]:
    edges: set[Edge] = _read_relations(graph, nodes, mentions)
    for iri, node in nodes.items():
        s = URIRef(iri)
        if node.kind == "Event":
            roled = set()
            for role in ROLE_PROPERTIES:
                for o in graph.objects(s, PARLEY[role]):
                    if str(o) in nodes:
                        edges.add(Edge(iri, str(o), role))
                        roled.add(str(o))
            for o in graph.objects(s, SEM.hasActor):
                if str(o) in nodes and str(o) not in roled:
                    edges.add(Edge(iri, str(o), "actor"))
            for o in graph.objects(s, SEM.hasPlace):
                if str(o) in nodes:
                    edges.add(Edge(iri, str(o), "place"))
            for o in graph.objects(s, PARLEY.disruptedBy):
                if str(o) in nodes:
                    edges.add(Edge(iri, str(o), "disruptedBy"))
        elif node.kind == "Claim":
            for o in graph.objects(s, PARLEY.about):
                if str(o) in nodes:
                    edges.add(Edge(iri, str(o), "about"))
            said: dict[tuple[str, str], set[str]] = defaultdict(set)
            for a in node.assertions:
                if a.source and a.source in nodes:
                    said[(a.source, "source")].add(a.doc or "")
                for v in a.via:
                    if v in nodes:
                        said[(v, "via")].add(a.doc or "")
            for (target, relation), docs in said.items():
                edges.add(Edge(iri, target, relation, tuple(sorted(d for d in docs if d))))
        elif node.kind == "AnonymousSource":
            for o in graph.objects(s, PARLEY.affiliation):
                if str(o) in nodes:
                    edges.add(Edge(iri, str(o), "affiliation"))
    return sorted(edges, key=lambda e: (e.source, e.relation, e.target, e.words or "", e.status or "",
                                        e.concept or "", [(x.doc, x.begin, x.end) for x in e.evidence]))


def _read_relations(graph: Graph, nodes: dict[str, Node], mentions: dict[Any, Evidence]) -> set[Edge]:
    """Relations between actors and places: one edge per reified statement (a parley:OfficeHolding,
    or a parley:RelationStatement whose rdf:predicate is one of RELATIONS), with its passages; a
    direct triple (``?a parley:memberOf ?b``) that no statement grounds gives an edge without them."""
    edges: set[Edge] = set()

    def grounding(r) -> dict:
        evidence = sorted({e for m in graph.objects(r, GAF.denotedBy) if (e := mentions.get(m)) is not None},
                          key=_in_document_order)
        docs = {str(d) for d in graph.objects(r, PROV.wasDerivedFrom) if isinstance(d, URIRef)}
        return {"evidence": tuple(evidence), "documents": tuple(sorted(docs | {e.doc for e in evidence})),
                "gazetteer": any(str(v) == "gazetteer" for v in graph.objects(r, PARLEY.assertedBy))}

    holdings = set(graph.subjects(RDF.type, PARLEY.OfficeHolding)) | set(graph.subjects(PARLEY.holder, None))
    for h in holdings:
        holder, held_in = _one(graph, h, PARLEY.holder), _one(graph, h, PARLEY.heldIn)
        if str(holder) not in nodes or str(held_in) not in nodes:
            continue
        edges.add(Edge(str(holder), str(held_in), "holdsOffice", words=_text(_one(graph, h, PARLEY.office)),
                       status=_name(_one(graph, h, PARLEY.officeStatus)),
                       concept=_name(_one(graph, h, PARLEY.officeConcept)), **grounding(h)))
    predicates = {PARLEY[r]: r for r in RELATIONS if r != "holdsOffice"}
    statements = set(graph.subjects(RDF.type, PARLEY.RelationStatement))
    statements |= {s for p in predicates for s in graph.subjects(RDF.predicate, p)}
    for r in statements:
        subject, predicate, obj = (_one(graph, r, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        if predicate not in predicates or str(subject) not in nodes or str(obj) not in nodes:
            continue
        words = _text(_one(graph, r, PARLEY.distance)) if predicate == PARLEY.locatedNear else None
        edges.add(Edge(str(subject), str(obj), predicates[predicate], words=words, **grounding(r)))
    grounded = {(e.source, e.target) for e in edges}
    for relation in RELATIONS:
        for s, o in graph.subject_objects(PARLEY[relation]):
            if str(s) in nodes and str(o) in nodes and (str(s), str(o)) not in grounded:
                edges.add(Edge(str(s), str(o), relation))
    return edges


def load_graph(path: Path) -> rdflib.Graph:
    """A built graph from an RDF file (.ttl, .trig, .nq, .nt, .jsonld …), a build output folder
    (its graph.ttl), or a Parley store; named graphs are merged into one."""
    with graph_quads(Path(path)) as quads:
        return _to_rdflib(quads)


@contextmanager
def graph_quads(path: Path) -> Iterator:
    """The quads (pyoxigraph's) of what load_graph takes, while the context lasts (a store stays open)."""
    from graph.query import load_graph_file
    from graph.store import StoreReader, is_store

    if not path.exists():
        raise ParleyError(f"{path}: no such file or folder")
    if path.is_dir():
        if is_store(path) or (path / "CURRENT").is_file():  # a Parley store, or a bare Oxigraph folder
            with StoreReader(path) as reader:
                yield reader.store
            return
        for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.nt", "graph.jsonld"):
            if (path / name).is_file():
                yield load_graph_file(path / name)
                return
        raise ParleyError(f"{path}: neither a store nor a build folder (no graph.ttl in it)")
    yield load_graph_file(path)


def _to_rdflib(store) -> rdflib.Graph:
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            if t.datatype.value == _XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string; rdflib leaves it untyped
                return Literal(t.value)
            return Literal(t.value, datatype=URIRef(t.datatype.value))
        return rdflib.BNode(t.value)

    graph = rdflib.Graph()
    for quad in store:
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph
