"""The pipeline, end to end: ingest → clean → nlp → extract → resolve → build quads.

Documents stream through the NLP one batch at a time; what is kept per document is its
DocumentAnalysis (spans and labels, no spaCy objects). Resolution and the graph need all
of them, and the graph holds every document's text, so those are the only whole-corpus steps.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.build import QuadBuffer, build_quads
from graph.clean import clean_document
from graph.errors import InputError, InputNotice
from graph.extract import Extractor, extractors
from graph.ingest import IngestOptions, iter_documents
from graph.model import DocumentAnalysis, ResolvedCorpus, SourceDocument
from graph.nlp import parse_with_context, pipeline_config
from graph.resolve import resolve


def component_names() -> list[str]:
    return list(pipeline_config()["extract"]["components"])


def load_extractors(names: Iterable[str] | None = None) -> list[tuple[str, Extractor]]:
    """The configured extractors, in order. A component ``x`` lives in module graph.extract.x."""
    out = []
    for name in names or component_names():
        importlib.import_module(f"graph.extract.{name}")
        out.append((name, extractors.get(name)))
    return out


def analyze(documents: Iterable[SourceDocument], n_process: int = 1,
            on_document: Callable[[DocumentAnalysis], None] | None = None,
            components: Iterable[str] | None = None) -> Iterator[DocumentAnalysis]:
    """Clean, parse and extract each document, streaming. ``components`` overrides the configured extractors."""
    extractors_in_order = load_extractors(components)
    pairs = ((c.analysis_text, c) for c in map(clean_document, documents))
    for doc, cleaned in parse_with_context(pairs, n_process=n_process):
        analysis = DocumentAnalysis(document=cleaned)
        for _, extractor in extractors_in_order:
            extractor(doc, analysis)
        if on_document:
            on_document(analysis)
        yield analysis


def analyze_text(text: str, doc_id: str = "doc", published: dt.date | None = None, **meta) -> DocumentAnalysis:
    """One text → its analysis (for tests and notebooks)."""
    doc = SourceDocument(id=doc_id, text=text, origin=doc_id, published=published, **meta)
    return next(analyze([doc]))


@dataclass
class BuildResult:
    analyses: list[DocumentAnalysis]
    corpus: ResolvedCorpus
    quads: QuadBuffer
    skipped: list[InputError] = field(default_factory=list)
    seconds: float = 0.0


def build_corpus(analyses: list[DocumentAnalysis]) -> tuple[ResolvedCorpus, QuadBuffer]:
    corpus = resolve(analyses)
    return corpus, build_quads(corpus)


def run(inputs: Iterable[Path], on_error: Callable[[InputError], None], n_process: int = 1,
        on_document: Callable[[DocumentAnalysis], None] | None = None,
        options: IngestOptions | None = None) -> BuildResult:
    started = time.monotonic()
    skipped: list[InputError] = []

    def record(error: InputError) -> None:
        if not isinstance(error, InputNotice):
            skipped.append(error)
        on_error(error)

    documents = iter_documents(inputs, record, options)
    analyses = list(analyze(documents, n_process=n_process, on_document=on_document))
    corpus, quads = build_corpus(analyses)
    return BuildResult(analyses, corpus, quads, skipped, time.monotonic() - started)
