"""The corrections' provenance in the graph, in its own named graph (``id:graph/corrections``).

Each correction is a ``parley:Correction`` (a ``prov:Entity``) attributed to its analyst
(``prov:wasAttributedTo``, a ``prov:Agent``), dated (``dcterms:date``), with its note
(``rdfs:comment``), its kind (``parley:change``), the text it was written as (``parley:asWritten``)
and what became of it (``parley:correctionStatus``: applied, already, stale, conflict; a problem's
words in ``parley:problem``). What it did: ``parley:corrects`` each node it changed (and the node
``parley:correctedBy`` it: the mark the page reads), ``parley:asserts`` each statement it added and
``parley:retracts`` each of the machine's that it took away, both reified as ``rdf:Statement``s
(reified, so that the machine's original stays queryable without being asserted), and
``parley:mergedAway`` the IRIs of nodes it merged into others or removed.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from graph.build import actor_iri
from graph.corrections.parse import to_toml
from graph.corrections.records import Correction, Fact
from graph.model import ResolvedCorpus
from graph.namespaces import ID, PARLEY, PROV, digest, instance_iri, slug

CORRECTIONS_GRAPH = ID["graph/corrections"]

Add = Callable[[URIRef, URIRef, URIRef, "URIRef | Literal"], None]


def correction_iri(correction: Correction) -> URIRef:
    return instance_iri("correction", slug(correction.name, 80))


def analyst_iri(name: str) -> URIRef:
    return instance_iri("analyst", slug(name, 80))


def add_correction_quads(add: Add, corpus: ResolvedCorpus) -> None:
    """Write the corrections of ``corpus`` (its ``.corrections`` report) with ``add(graph, s, p, o)``."""
    g, report, existing = CORRECTIONS_GRAPH, corpus.corrections, _in_graph(corpus)
    if report is None:
        return
    for applied in report.applied:
        c = _describe(add, applied.correction, "already" if applied.already else "applied")
        _facts(add, c, PARLEY.asserts, applied.added)
        _facts(add, c, PARLEY.retracts, applied.removed)
        gone = set(applied.gone)
        for iri in sorted(set(applied.changed) - gone):
            if existing(iri):
                add(g, c, PARLEY.corrects, iri)
                add(g, iri, PARLEY.correctedBy, c)
        for iri in sorted(gone):
            add(g, c, PARLEY.mergedAway, iri)
    for problem in report.problems:
        c = _describe(add, problem.correction, problem.kind)
        add(g, c, PARLEY.problem, Literal(problem.describe(origin=False)))


def _in_graph(corpus: ResolvedCorpus) -> Callable[[URIRef], bool]:
    """Whether a node a correction changed is in the corrected graph: one merged away, removed, or whose IRI a
    later correction changed (a place that became a state) gets no parley:correctedBy."""
    actors = {actor_iri(node) for node in corpus.actors.values()}
    events, claims = str(ID["event/"]), str(ID["claim/"])

    def exists(iri: URIRef) -> bool:
        text = str(iri)
        if text.startswith(events):
            return unquote(text[len(events):]) in corpus.events
        if text.startswith(claims):
            return unquote(text[len(claims):]) in corpus.claims
        return iri in actors or text.startswith(str(ID["assertion/"]))
    return exists


def _describe(add: Add, correction: Correction, status: str) -> URIRef:
    g, c, analyst = CORRECTIONS_GRAPH, correction_iri(correction), analyst_iri(correction.by)
    add(g, c, RDF.type, PARLEY.Correction)
    add(g, c, RDFS.label, Literal(correction.name))
    add(g, c, PARLEY.change, Literal(correction.change))
    add(g, c, PROV.wasAttributedTo, analyst)
    add(g, c, DCTERMS.date, Literal(correction.date.isoformat(), datatype=XSD.date))
    add(g, c, RDFS.comment, Literal(correction.note))
    add(g, c, PARLEY.asWritten, Literal(to_toml(correction)))
    add(g, c, PARLEY.correctionStatus, PARLEY[status])
    add(g, analyst, RDF.type, PROV.Agent)
    add(g, analyst, RDFS.label, Literal(correction.by))
    return c


def _facts(add: Add, correction: URIRef, link: URIRef, facts: list[Fact]) -> None:
    g = CORRECTIONS_GRAPH
    for fact in facts:
        st = URIRef(f"{correction}/{'asserts' if link == PARLEY.asserts else 'retracts'}/"
                    f"{digest(f'{fact.subject} {fact.predicate} {fact.object.n3()}', 12)}")
        add(g, correction, link, st)
        add(g, st, RDF.type, RDF.Statement)
        add(g, st, RDF.subject, fact.subject)
        add(g, st, RDF.predicate, fact.predicate)
        add(g, st, RDF.object, fact.object)
