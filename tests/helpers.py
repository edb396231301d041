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
