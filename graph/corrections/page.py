"""What the page needs of the corrections: which nodes and edges an analyst corrected (read from any built
graph, through the terms graph.corrections.rdf writes), and the selector that names a node in a
corrections file (the side panel's "copy as correction").

- ``corrected_nodes(graph)``: node IRI → the corrections that changed it (name, by, date, note), from
  ``?node parley:correctedBy ?c``.
- ``corrected_edges(graph)``: the (subject, property, object) IRIs of the edges corrections added, from
  ``?c parley:asserts [ rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ]``.
- ``selector_toml(node, story)``: a node of the page's Story → its selector as TOML
  (``{ label = "Qatar", kind = "State" }``), to paste into a corrections file or ``parley correct``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rdflib
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.analytics import Node, Story
from graph.corrections.parse import selector_toml as _toml
from graph.corrections.records import Selector
from graph.namespaces import PARLEY, PROV

CLAIM_WORDS = 8  # words of a claim's statement that name it
AROUND = 4  # words either side of an event's passage
WORD = r"\w[\w'’-]*"


@dataclass(frozen=True, slots=True)
class CorrectionNote:
    """A correction as the page shows it beside a node it changed."""

    name: str
    by: str
    date: str
    note: str


def _note(graph: rdflib.Graph, correction) -> CorrectionNote:
    by = graph.value(graph.value(correction, PROV.wasAttributedTo), RDFS.label)
    return CorrectionNote(name=str(graph.value(correction, RDFS.label) or correction), by=str(by or ""),
                          date=str(graph.value(correction, DCTERMS.date) or ""),
                          note=str(graph.value(correction, RDFS.comment) or ""))


def corrected_nodes(graph: rdflib.Graph) -> dict[str, list[CorrectionNote]]:
    out: dict[str, list[CorrectionNote]] = {}
    for node, correction in graph.subject_objects(PARLEY.correctedBy):
        out.setdefault(str(node), []).append(_note(graph, correction))
    return {iri: sorted(notes, key=lambda n: (n.date, n.name)) for iri, notes in sorted(out.items())}


def corrected_edges(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    edges = set()
    for statement in graph.objects(None, PARLEY.asserts):
        s, p, o = (graph.value(statement, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef):
            edges.add((str(s), str(p), str(o)))
    return edges


def selector_for(node: Node, story: Story) -> Selector:
    """The words that find ``node`` again after a rebuild: an actor by name and kind (an anonymous source, which
    is one per document, with its document); an event by its class, its first passage's document and words;
    a claim by its statement's first words and its first report's document."""
    evidence = sorted(node.evidence, key=lambda e: (e.doc, e.begin))
    if node.kind == "Claim":
        reports = sorted((a for a in node.assertions if a.doc), key=lambda a: a.doc)
        doc = reports[0].doc if reports else (evidence[0].doc if evidence else None)
        words = tuple(re.findall(WORD, node.statement or node.label)[:CLAIM_WORDS])
        return Selector(document=_doc_id(story, doc), words=words)
    if node.kind == "Event":
        first = evidence[0] if evidence else None
        kind = node.event_class if node.event_class not in (None, "Event") else node.plover
        words = _around(first) if first else ()
        twins = [other for other in story.of_kind("Event") if other.iri != node.iri
                 and kind in (other.event_class, other.plover) and first is not None
                 and any(e.doc == first.doc and set(words) <= set(re.findall(WORD, f"{e.before} {e.quote} {e.after}"))
                         for e in other.evidence)]
        # Another event of its kind told in the same words (two in one sentence): only the name tells them apart.
        return Selector(label=node.label if twins else None, kind=kind,
                        document=_doc_id(story, first.doc if first else None), words=words)
    document = _doc_id(story, evidence[0].doc) if node.kind == "AnonymousSource" and evidence else None
    # (a place that takes part in an event is drawn as an actor: its kind is left to its name)
    return Selector(label=node.label, kind=node.kind if node.kind != "Actor" else None, document=document)


def _around(evidence) -> tuple[str, ...]:
    """The passage's words and a few either side of it in its sentence (what tells it from another event of
    its kind in the document)."""
    before, after = (re.findall(WORD, text) for text in (evidence.before, evidence.after))
    return tuple(before[-AROUND:] + re.findall(WORD, evidence.quote) + after[:AROUND])


def selector_toml(node: Node, story: Story) -> str:
    return _toml(selector_for(node, story))


def _doc_id(story: Story, doc_iri: str | None) -> str | None:
    if doc_iri is None:
        return None
    doc = story.documents.get(doc_iri)
    return doc.id if doc else None
