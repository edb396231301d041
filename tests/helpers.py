"""Small helpers for tests: build a graph from texts of our own."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph

from graph.build import to_graph
from graph.model import DocumentAnalysis, SourceDocument
from graph.pipeline import analyze, build_corpus


def analyze_texts(*texts: str, published: dt.date | None = dt.date(2024, 10, 30),
                  components: list[str] | None = None) -> list[DocumentAnalysis]:
    docs = [SourceDocument(id=f"t{i}", text=t, origin=f"t{i}", published=published) for i, t in enumerate(texts)]
    return list(analyze(docs, components=components))


def graph_of(*texts: str, **kwargs) -> Graph:
    corpus, quads = build_corpus(analyze_texts(*texts, **kwargs))
    return to_graph(quads)


# Relations between actors (offices, membership, location, affiliation), with article markup beside
# them: the graph page and the browser test build this through the pipeline.
RELATIONS_TEXT = (
    "Ukrainian President Volodymyr Zelensky met NATO Secretary General Mark Rutte in Kyiv, Ukraine on Monday. "
    "Poland, a member of NATO, sent observers. "
    "Former British Prime Minister Boris Johnson visited Kyiv <script>window.__pwned=1</script> in May. "
    "Mykhailo Podolyak, an adviser to Zelenskyy, rejected the proposal. "
    "Russia destroyed the Trypilska TPP 40 km from Kyiv.")
# An office whose literal is markup (a graph may hold any text): the page must show it as text.
HOSTILE_OFFICE = '<img src=x onerror="window.__pwned=2">Secretary General'


def relations_graph() -> Graph:
    """RELATIONS_TEXT built by the pipeline, with Mark Rutte's office literal replaced by HOSTILE_OFFICE."""
    from rdflib import Literal

    from graph.namespaces import ID, PARLEY

    graph = graph_of(RELATIONS_TEXT)
    [holding] = graph.subjects(PARLEY.holder, ID["actor/mark-rutte"])
    graph.set((holding, PARLEY.office, Literal(HOSTILE_OFFICE)))
    return graph
