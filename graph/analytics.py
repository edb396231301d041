"""The story a built graph tells, read through the core profile, and its network analytics.

``read_story`` reads any graph that follows /work/shared/CORE-PROFILE.md (and nothing more:
no build internals) into a ``Story``: actors, places, events and claims as nodes, roles,
sources and links as labelled, directed edges, and for every node the passages of text it is
grounded in. Where the graph has them, the relations between actors and places (offices,
membership, location, affiliation: parley:OfficeHolding and parley:RelationStatement) are edges
too, of kind "relation", each with the passages that state it. ``analyze`` computes, with
networkx, who is central, who mediates between whom, how many documents corroborate each claim,
where the documents differ, and the communities of actors that act together. The visualization
and ``parley stats`` both use them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph.errors import ParleyError
from graph.namespaces import GAF, NIF, PARLEY, PROV, SEM

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
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_QID = re.compile(r"^Q[1-9][0-9]*$")
_WIKIDATA_PREFIXES = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
                      "https://www.wikidata.org/wiki/", "http://www.wikidata.org/wiki/")
# Sentence ends for the context of a quote: ". ", "! ", "? " or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


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


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage of a document that grounds a node: the mention and its sentence around it."""

    doc: str  # document IRI
    begin: int
    end: int
    quote: str  # nif:anchorOf, exactly as in the text
    before: str = ""  # the rest of the sentence before the mention
    after: str = ""


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


def _one(graph: rdflib.Graph, subject, predicate):
    """One value, chosen deterministically: English or untagged literals first, then the smallest."""
    values = list(graph.objects(subject, predicate))
    if not values:
        return None
    return min(values, key=lambda v: (getattr(v, "language", None) not in (None, "en"), str(v)))


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


def _subclasses(graph: rdflib.Graph, roots: Iterable[URIRef]) -> set[URIRef]:
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


def read_story(graph: rdflib.Graph, context_chars: int = 220) -> Story:
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
        evidence = [mentions[str(m)] for m in graph.objects(URIRef(iri), GAF.denotedBy) if str(m) in mentions]
        node.evidence = sorted(set(evidence), key=lambda e: (e.doc, e.begin, e.end))
        for assertion in node.assertions:
            found = [mentions[str(m)] for m in graph.objects(URIRef(assertion.iri), GAF.denotedBy)
                     if str(m) in mentions]
            if found:
                assertion.evidence = min(found, key=lambda e: (e.doc, e.begin, e.end))
                assertion.doc = assertion.doc or assertion.evidence.doc

    edges = _mark_corrected(graph, nodes, _read_edges(graph, nodes, mentions))
    _name_unlabelled_events(nodes, edges)
    return Story(nodes=dict(sorted(nodes.items())), edges=edges, documents=documents)


def _mark_corrected(graph: rdflib.Graph, nodes: dict[str, Node], edges: list[Edge]) -> list[Edge]:
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


def _read_documents(graph: rdflib.Graph) -> dict[str, Document]:
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


def _read_mentions(graph: rdflib.Graph, texts: dict[str, str], context_chars: int) -> dict[str, Evidence]:
    mentions = {}
    for m, doc in graph.subject_objects(NIF.referenceContext):
        begin, end = _int(graph.value(m, NIF.beginIndex)), _int(graph.value(m, NIF.endIndex))
        text = texts.get(str(doc))
        anchor = graph.value(m, NIF.anchorOf)
        if begin is None or end is None:
            if anchor is None:
                continue
            begin, end = 0, 0
        quote = str(anchor) if anchor is not None else (text[begin:end] if text else "")
        before, after = _sentence_context(text, begin, end, context_chars) if end > begin else ("", "")
        mentions[str(m)] = Evidence(doc=str(doc), begin=begin, end=end, quote=quote, before=before, after=after)
    return mentions


def _labels(graph: rdflib.Graph, s) -> tuple[str | None, list[str]]:
    label = _text(_one(graph, s, RDFS.label)) or _text(_one(graph, s, SKOS.prefLabel))
    alts = sorted({str(a) for a in graph.objects(s, SKOS.altLabel)} - {label})
    return label, alts


def _wikidata(graph: rdflib.Graph, s) -> str | None:
    for same in sorted(map(str, graph.objects(s, OWL.sameAs))):
        for prefix in _WIKIDATA_PREFIXES:
            if same.startswith(prefix) and _QID.match(same[len(prefix):]):
                return same[len(prefix):]
    return None


def _read_entity(graph: rdflib.Graph, s: URIRef, kind: str) -> Node:
    label, alts = _labels(graph, s)
    if label is None:
        label = alts.pop(0) if alts else _local(s).replace("-", " ")
    return Node(iri=str(s), kind=kind, label=label, alt_labels=alts, wikidata=_wikidata(graph, s))


def _read_event(graph: rdflib.Graph, s: URIRef, types: set[URIRef], event_classes: set[URIRef]) -> Node:
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


def _read_claim(graph: rdflib.Graph, s: URIRef, documents: dict[str, Document]) -> Node:
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


def _ordered_via(graph: rdflib.Graph, assertion) -> list:
    # The profile gives no order for parley:via; sort for determinism.
    return sorted((v for v in graph.objects(assertion, PARLEY.via) if isinstance(v, URIRef)), key=str)


def _read_edges(graph: rdflib.Graph, nodes: dict[str, Node], mentions: dict[str, Evidence]) -> list[Edge]:
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


def _read_relations(graph: rdflib.Graph, nodes: dict[str, Node], mentions: dict[str, Evidence]) -> set[Edge]:
    """Relations between actors and places: one edge per reified statement (a parley:OfficeHolding,
    or a parley:RelationStatement whose rdf:predicate is one of RELATIONS), with its passages; a
    direct triple (``?a parley:memberOf ?b``) that no statement grounds gives an edge without them."""
    edges: set[Edge] = set()

    def grounding(r) -> dict:
        evidence = sorted({mentions[str(m)] for m in graph.objects(r, GAF.denotedBy) if str(m) in mentions},
                          key=lambda e: (e.doc, e.begin, e.end))
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
    from graph.query import load_graph_file
    from graph.store import StoreReader, is_store

    path = Path(path)
    if not path.exists():
        raise ParleyError(f"{path}: no such file or folder")
    if path.is_dir():
        if is_store(path) or (path / "CURRENT").is_file():  # a Parley store, or a bare Oxigraph folder
            with StoreReader(path) as reader:
                return _to_rdflib(reader.store)
        for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.nt", "graph.jsonld"):
            if (path / name).is_file():
                return _to_rdflib(load_graph_file(path / name))
        raise ParleyError(f"{path}: neither a store nor a build folder (no graph.ttl in it)")
    return _to_rdflib(load_graph_file(path))


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


# ------------------------------------------------------------------ analytics


@dataclass(frozen=True, slots=True)
class ActorScore:
    iri: str
    label: str
    kind: str
    events: int  # events it takes part in
    claims: int  # claims it is the source of, passes on, or is the subject of
    partners: int  # distinct actors it shares an event or a claim with
    betweenness: float  # in the actor network: how much it sits between others
    importance: float  # PageRank in the whole graph (also sizes the nodes)


@dataclass(frozen=True, slots=True)
class Mediation:
    mediator: str
    role: str  # mediator | host
    parties: tuple[str, ...]
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Broker:
    """An actor that links actors who are not linked to each other (a structural go-between)."""

    actor: str
    betweenness: float
    between: tuple[tuple[str, str], ...]  # pairs it connects that share no event or claim


@dataclass(frozen=True, slots=True)
class Corroboration:
    claim: str
    statement: str
    documents: tuple[str, ...]
    outlets: tuple[str, ...]  # publishers, where the documents name them
    sources: tuple[str, ...]  # labels; "(own voice)" where the document speaks itself
    via: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Difference:
    """A point where the documents do not tell the same story."""

    subject: str  # the event, actor or claim it is about
    kind: str  # polarity | certainty | coverage
    detail: str  # in plain words


@dataclass(slots=True)
class Analytics:
    importance: dict[str, float]
    actors: list[ActorScore]
    mediations: list[Mediation]
    brokers: list[Broker]
    corroboration: list[Corroboration]
    differences: list[Difference]
    communities: list[list[str]]
    community_of: dict[str, int]
    components: int
    documents: int


def actor_network(story: Story) -> nx.Graph:
    """Actors linked when they share an event or a claim; weight = how many they share."""
    around: dict[str, set[str]] = defaultdict(set)
    for e in story.edges:
        hub, other = story.nodes[e.source], story.nodes[e.target]
        if hub.kind in ("Event", "Claim") and other.is_actor:
            around[e.source].add(e.target)
    g = nx.Graph()
    g.add_nodes_from(sorted(n.iri for n in story.nodes.values() if n.is_actor))
    for hub in sorted(around):
        for a, b in combinations(sorted(around[hub]), 2):
            w = g.get_edge_data(a, b, {}).get("weight", 0)
            g.add_edge(a, b, weight=w + 1)
    return g


def importance(story: Story) -> dict[str, float]:
    """PageRank of every node in the undirected graph (isolated nodes get the floor)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(story.nodes))
    g.add_edges_from((e.source, e.target) for e in story.edges)
    if g.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(g, alpha=0.85, tol=1e-10, max_iter=500)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - undirected graphs converge
        return nx.degree_centrality(g)


def _betweenness(g: nx.Graph) -> dict[str, float]:
    if g.number_of_nodes() > 800:  # exact is O(VE): sample pivots, with a fixed seed for repeatability,
        # as many as about five million edge visits allow (300 at most): a dense actor network of a large
        # corpus (167,000 edges at 500 articles) took 90 s with 300 pivots, the page's whole budget.
        k = max(30, min(300, 5_000_000 // max(1, g.number_of_edges())))
        return nx.betweenness_centrality(g, k=min(k, g.number_of_nodes()), seed=7)
    return nx.betweenness_centrality(g)


def analyze(story: Story, top_brokers: int = 10) -> Analytics:
    imp = importance(story)
    net = actor_network(story)
    btw = _betweenness(net)
    events: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for e in story.edges:
        kind = story.nodes[e.source].kind
        if kind == "Event" and story.nodes[e.target].is_actor:
            events[e.target] += 1
        elif kind == "Claim" and story.nodes[e.target].is_actor:
            claims[e.target] += 1
    actors = [ActorScore(iri=n.iri, label=n.label, kind=n.kind, events=events[n.iri], claims=claims[n.iri],
                         partners=net.degree(n.iri), betweenness=btw.get(n.iri, 0.0), importance=imp.get(n.iri, 0.0))
              for n in story.nodes.values() if n.is_actor]
    actors.sort(key=lambda a: (-a.importance, -a.betweenness, a.label))

    communities = _communities(net, story)
    community_of = {iri: i for i, members in enumerate(communities) for iri in members}
    undirected = nx.Graph()
    undirected.add_nodes_from(story.nodes)
    undirected.add_edges_from((e.source, e.target) for e in story.edges)
    return Analytics(
        importance=imp, actors=actors, mediations=mediations(story), brokers=brokers(story, net, btw, top_brokers),
        corroboration=corroboration(story), differences=differences(story), communities=communities,
        community_of=community_of, components=nx.number_connected_components(undirected) if story.nodes else 0,
        documents=len({d for n in story.nodes.values() for d in n.documents}))


def mediations(story: Story) -> list[Mediation]:
    """Who mediates (or hosts) between whom, from the events' roles."""
    found: dict[tuple[str, str, tuple[str, ...]], set[str]] = defaultdict(set)
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in story.edges:
        if story.nodes[e.source].kind == "Event":
            roles[e.source][e.relation].add(e.target)
    for event, by_role in roles.items():
        parties = by_role.get("party", set()) | by_role.get("attacker", set()) | by_role.get("target", set())
        for role in ("mediator", "host"):
            for m in by_role.get(role, ()):
                between = tuple(sorted(parties - {m}, key=story.label))
                found[(m, role, between)].add(event)
    result = [Mediation(mediator=m, role=role, parties=parties, events=tuple(sorted(evs)))
              for (m, role, parties), evs in found.items()]
    result.sort(key=lambda x: (x.role != "mediator", -len(x.events), story.label(x.mediator), x.parties))
    return result


def brokers(story: Story, net: nx.Graph | None = None, btw: dict[str, float] | None = None,
            top: int = 10) -> list[Broker]:
    """Actors with the highest betweenness in the actor network, with pairs only they connect."""
    net = net if net is not None else actor_network(story)
    btw = btw if btw is not None else _betweenness(net)
    result = []
    for iri in sorted(btw, key=lambda i: (-btw[i], story.label(i))):
        if btw[iri] <= 0 or len(result) >= top:
            break
        neighbours = sorted(net.neighbors(iri), key=lambda i: (-net[iri][i]["weight"], story.label(i)))
        pairs = tuple((a, b) for a, b in combinations(neighbours[:12], 2) if not net.has_edge(a, b))[:6]
        result.append(Broker(actor=iri, betweenness=btw[iri], between=pairs))
    return result


def corroboration(story: Story) -> list[Corroboration]:
    """Every claim with the documents, outlets and sources that carry it, most corroborated first."""
    result = []
    for claim in story.of_kind("Claim"):
        docs = sorted(claim.documents)
        sources = sorted({story.label(a.source) if a.source else "(own voice)" for a in claim.assertions})
        via = sorted({story.label(v) for a in claim.assertions for v in a.via})
        # Outlets only where the documents name their publisher: a document's id is not an outlet.
        outlets = sorted({story.label(o) for d in docs if (o := getattr(story.documents.get(d), "outlet", None))})
        result.append(Corroboration(claim=claim.iri, statement=claim.statement or claim.label, documents=tuple(docs),
                                    outlets=tuple(outlets), sources=tuple(sources), via=tuple(via)))
    result.sort(key=lambda c: (-len(c.documents), -len(c.outlets), c.statement))
    return result


def differences(story: Story) -> list[Difference]:
    """Where documents differ: a claim asserted and denied, or with different certainty, and
    events or claims that only some of the documents reporting on the same subject carry."""
    found = []
    for claim in story.of_kind("Claim"):
        polarities = defaultdict(set)
        certainties = defaultdict(set)
        for a in claim.assertions:
            if a.polarity and a.doc:
                polarities[a.polarity].add(story.outlet_of(a.doc))
            if a.certainty and a.doc:
                certainties[a.certainty].add(story.outlet_of(a.doc))
        text = claim.statement or claim.label
        found += [Difference(claim.iri, kind, f"“{_cut(text, 100)}”: {description}")
                  for kind, description in claim.discrepancies if description]
        if len(polarities) > 1:
            detail = "; ".join(f"{p}: {', '.join(sorted(o))}" for p, o in sorted(polarities.items()))
            found.append(Difference(claim.iri, "polarity", f"“{text}” is asserted and denied ({detail})"))
        if len(certainties) > 1:
            detail = "; ".join(f"{c}: {', '.join(sorted(o))}" for c, o in sorted(certainties.items()))
            found.append(Difference(claim.iri, "certainty", f"“{text}” is told with different certainty ({detail})"))
    # Coverage: for each event, the claims about it that not every reporting document carries.
    about = defaultdict(list)
    for e in story.edges:
        if e.relation == "about" and story.nodes[e.target].kind == "Event":
            about[e.target].append(story.nodes[e.source])
    for event_iri in sorted(about):
        event = story.nodes[event_iri]
        reporting = event.documents | {d for c in about[event_iri] for d in c.documents}
        if len(reporting) < 2:
            continue
        for claim in sorted(about[event_iri], key=lambda c: c.iri):
            missing = reporting - claim.documents
            if claim.documents and missing:
                carried = ", ".join(sorted({story.outlet_of(d) for d in claim.documents}))
                silent = ", ".join(sorted({story.outlet_of(d) for d in missing}))
                found.append(Difference(event_iri, "coverage",
                                        f"on {event.label}: “{claim.statement or claim.label}” — reported by {carried};"
                                        f" not by {silent}"))
    return found


def _communities(net: nx.Graph, story: Story) -> list[list[str]]:
    """Groups of actors that act together, largest first: Louvain modularity (near-linear; greedy
    modularity took minutes at 6,000 actors), with a fixed seed so that a graph always gives the same groups."""
    linked = net.subgraph([n for n in net if net.degree(n) > 0])
    if linked.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(linked, weight="weight", seed=7)
    result = [sorted(g, key=lambda i: (-net.degree(i, weight="weight"), story.label(i))) for g in groups]
    result = [g for g in result if len(g) > 1]
    result.sort(key=lambda g: (-len(g), story.label(g[0])))
    return result


# ------------------------------------------------------------------ the text report


ACTOR_KINDS_COUNTED = ("State", "Organization", "Person", "NewsOutlet", "AnonymousSource", "Actor")


def headline_counts(story: Story, documents: int) -> dict[str, int]:
    """The counts that the build summary, the page and ``parley stats`` all state, read one way: an actor is
    what the graph types as one or names as a participant, source or intermediary (a place taking part in
    an event counts as an actor, as the page draws it); a place is every other place."""
    kinds = Counter(n.kind for n in story.nodes.values())
    return {"documents": documents, "actors": sum(kinds[k] for k in ACTOR_KINDS_COUNTED),
            "places": kinds["Place"], "events": kinds["Event"], "claims": kinds["Claim"]}


def headline(counts: dict[str, int], sep: str = ", ") -> str:
    """'5 documents, 38 actors, 9 places, 40 events, 41 claims' (singular where one)."""
    from graph.wording import count

    return sep.join(count(counts[k], k[:-1]) for k in ("documents", "actors", "places", "events", "claims"))


def format_stats(story: Story, analytics: Analytics, top: int = 10) -> str:
    """The analytics as plain text, for ``parley stats``."""
    lab = story.label
    counts = Counter(n.kind for n in story.nodes.values())
    lines = [headline(headline_counts(story, analytics.documents)) + ".",
             f"Network: {len(story.nodes)} nodes, {len(story.edges)} edges, "
             f"{analytics.components} connected part{'s' if analytics.components != 1 else ''}",
             "Nodes by kind: " + ", ".join(f"{k} {counts[k]}" for k in NODE_KINDS if counts[k])]

    lines += ["", f"Most central actors (top {top}; importance = PageRank, betweenness in the actor network)"]
    lines.append(f"  {'actor':<34} {'kind':<16} {'events':>6} {'claims':>6} {'partners':>8} "
                 f"{'between':>8} {'import':>7}")
    for a in analytics.actors[:top]:
        lines.append(f"  {_cut(a.label, 34):<34} {a.kind:<16} {a.events:>6} {a.claims:>6} {a.partners:>8} "
                     f"{a.betweenness:>8.3f} {a.importance:>7.4f}")

    lines += ["", "Who mediates between whom"]
    if not analytics.mediations:
        lines.append("  no event names a mediator or a host")
    for m in analytics.mediations[:top]:
        events = "; ".join(_cut(lab(e), 50) for e in m.events[:3])
        lines.append(f"  {lab(m.mediator)} ({m.role}) {between_words(story, m.parties)}: {len(m.events)} event(s): "
                     f"{events}")
    for b in analytics.brokers[:5]:
        pairs = ", ".join(f"{lab(x)}–{lab(y)}" for x, y in b.between[:3])
        lines.append(f"  go-between in the network: {lab(b.actor)} (betweenness {b.betweenness:.3f})"
                     + (f", the only link of {pairs}" if pairs else ""))

    lines += ["", f"Claims by corroboration (documents that carry each; top {top})"]
    if not analytics.corroboration:
        lines.append("  no claims in the graph")
    for c in analytics.corroboration[:top]:
        outlets = f", {len(c.outlets)} outlet(s)" if c.outlets else ""
        lines.append(f"  {len(c.documents)} doc(s){outlets}: {_cut(c.statement, 90)}")
        lines.append(f"      sources: {', '.join(c.sources)}" + (f"; via: {', '.join(c.via)}" if c.via else ""))

    if analytics.differences:
        lines += ["", "Where the documents differ"]
        lines += [f"  [{d.kind}] {_cut(d.detail, 160)}" for d in analytics.differences[:top]]

    lines += ["", "Communities of actors (Louvain modularity on shared events and claims)"]
    if not analytics.communities:
        lines.append("  no actors share an event or a claim")
    for i, members in enumerate(analytics.communities[:top], 1):
        names = ", ".join(lab(m) for m in members[:8]) + (f" and {len(members) - 8} more" if len(members) > 8 else "")
        lines.append(f"  {i}. ({len(members)}) {names}")
    return "\n".join(lines) + "\n"


def between_words(story: Story, parties: tuple[str, ...]) -> str:
    """'between Russia and Ukraine', 'with Ukraine' (one party named), 'between parties not named'."""
    names = [story.label(p) for p in parties]
    if not names:
        return "between parties not named"
    if len(names) == 1:
        return f"with {names[0]}"
    return "between " + ", ".join(names[:-1]) + " and " + names[-1]


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
