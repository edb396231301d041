"""The pipeline, end to end: ingest → clean → nlp → extract → resolve → build quads.

Documents stream through the NLP one batch at a time (in this process, or in a pool of worker
processes with ``n_process`` > 1, each of which cleans, parses and extracts whole documents and
sends back only the small DocumentAnalysis). Resolution needs every document's analysis, and the
graph holds every document's text; how those are kept depends on the mode:

- ``run(..., stream=False)`` (the default, for tests and small inputs) keeps the analyses in a list
  and the quads in a QuadBuffer, all in memory.
- ``run(..., stream=True)`` (what ``parley build`` uses) spools each analysis to a temporary file as
  it completes (without its analysis text, which nothing after extraction reads), resolves over
  the spool, one document at a time, and streams the quads to a QuadSpool on disk that the export
  sorts externally. The resolvers keep their per-mention records (groundings, which node each
  mention became, claims' reports) and the finished event nodes in files beside the spool
  (graph.resolve.records). Memory then holds the model, one batch of documents and what resolution
  works with (a summary per actor, per open event and per distinct claim text, and a few numbers per
  mention), not the texts, the mentions or the triples of the corpus.

Both modes give the same graph, byte for byte (tests/test_pipeline_scale.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import importlib
import io
import itertools
import pickle
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph import pickling, progress
from graph.build import GraphBuilder, QuadBuffer, build_quads
from graph.clean import clean_document
from graph.corrections import Correction, correct
from graph.errors import InputError, InputNotice
from graph.export import QuadSpool
from graph.extract import Extractor, extractors
from graph.extract.base import parsed_from
from graph.fileio import work_folder
from graph.ingest import IngestOptions, iter_documents
from graph.model import CleanedDocument, DocumentAnalysis, ResolvedCorpus, SourceDocument
from graph.nlp import parse_with_context, pipeline_config
from graph.resolve import resolve

# Documents sent to a worker process at a time, and batches in flight per worker: enough to keep
# the workers busy, few enough that memory holds a handful of batches, not the corpus.
WORKER_BATCH = 16
IN_FLIGHT_PER_WORKER = 2


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
    """Clean, parse and extract each document, streaming, in input order.

    ``components`` overrides the configured extractors. With ``n_process`` > 1 the work runs in
    that many worker processes (each loads the model once); the analyses are the same.
    """
    components = list(components) if components is not None else None
    if n_process > 1:
        stream = _analyze_in_pool(documents, n_process, components)
    else:
        stream = _analyze_here(documents, components)
    for analysis in stream:
        if on_document:
            on_document(analysis)
        yield analysis


def _analyze_here(documents: Iterable[SourceDocument], components: list[str] | None) -> Iterator[DocumentAnalysis]:
    extractors_in_order = load_extractors(components)
    pairs = ((c.analysis_text, c) for c in map(clean_document, documents))
    for doc, cleaned in parse_with_context(pairs):
        parsed_from(doc, cleaned.analysis_text)
        analysis = DocumentAnalysis(document=cleaned)
        for _, extractor in extractors_in_order:
            extractor(doc, analysis)
        yield analysis


def _warm_worker(components: list[str] | None) -> None:
    """Load the model and the extractors once per worker process, before the first batch."""
    from graph.nlp import load_nlp

    load_nlp()
    load_extractors(components)


def _analyze_batch(batch: list[SourceDocument], components: list[str] | None) -> list[DocumentAnalysis]:
    return list(_analyze_here(batch, components))


def _analyze_in_pool(documents: Iterable[SourceDocument], n_process: int,
                     components: list[str] | None) -> Iterator[DocumentAnalysis]:
    """Batches of documents to a process pool, results back in input order, a bounded number in flight
    (Pool.imap would read the whole input ahead and hold every text in its queue)."""
    window: deque[Future] = deque()
    limit = n_process * IN_FLIGHT_PER_WORKER
    iterator = iter(documents)
    with ProcessPoolExecutor(n_process, initializer=_warm_worker, initargs=(components,)) as pool:
        while batch := list(itertools.islice(iterator, WORKER_BATCH)):
            window.append(pool.submit(_analyze_batch, batch, components))
            while len(window) >= limit:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def analyze_text(text: str, doc_id: str = "doc", published: dt.date | None = None, **meta) -> DocumentAnalysis:
    """One text → its analysis (for tests and notebooks)."""
    doc = SourceDocument(id=doc_id, text=text, origin=doc_id, published=published, **meta)
    return next(analyze([doc]))


# ------------------------------------------------------------------ analyses on disk


# The parts of an analysis a spool keeps apart, so that a pass reads back only the parts it needs.
PARTS = ("entities", "events", "assertions", "relations")


class SpooledAnalyses(Sequence[DocumentAnalysis]):
    """Analyses written to a temporary file as they complete and read back, one at a time, on each pass.

    Resolution iterates the corpus a few times (actors, events, claims, relations, then the
    documents for the graph); each pass decodes one analysis at a time, so memory holds the
    resolved nodes, not the analyses. Each analysis is written as its document and its PARTS,
    pickled apart, and ``only(...)`` reads back just the parts a pass names (the actors need the
    entities, not the events and claims), so the passes together decode the corpus about once.
    The file is private to this process (pickle: it is about ten times faster to read than JSON,
    and nothing else reads it; graph.analysis_codec is the format for files that others read).
    """

    def __init__(self, workdir: Path | None = None, keep_analysis_text: bool = False):
        self._tmp = work_folder("parley-analyses-", workdir)  # (named by pid: a killed build's is removed later)
        self.workdir = Path(self._tmp.name)  # (resolution keeps its per-mention records here too)
        self.path = self.workdir / "analyses.pickle"
        self._writer: io.BufferedWriter | None = open(self.path, "wb")  # noqa: SIM115 (closed in _seal)
        # Per analysis: where its document and each of its parts begin, and where it ends.
        self._offsets: list[tuple[int, ...]] = []
        self.keep_analysis_text = keep_analysis_text

    def append(self, analysis: DocumentAnalysis) -> None:
        if self._writer is None:
            raise RuntimeError("the spool is sealed")
        document = analysis.document
        if not self.keep_analysis_text:
            # Only the extractors read analysis_text; dropping it halves the text the spool carries.
            document = dataclasses.replace(document, analysis_text="")
        offsets = []
        for value in (document, *(getattr(analysis, part) for part in PARTS)):
            offsets.append(self._writer.tell())
            pickling.dump(value, self._writer)
        offsets.append(self._writer.tell())
        self._offsets.append(tuple(offsets))

    def _seal(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __len__(self) -> int:
        return len(self._offsets)

    def _read(self, handle: io.BufferedReader, index: int, wanted: frozenset[str]) -> DocumentAnalysis:
        offsets = self._offsets[index]
        handle.seek(offsets[0])
        record = memoryview(handle.read(offsets[-1] - offsets[0]))
        base = offsets[0]
        document = pickle.loads(record[:offsets[1] - base])
        parts = {part: pickle.loads(record[offsets[k + 1] - base:offsets[k + 2] - base])
                 for k, part in enumerate(PARTS) if part in wanted}
        return DocumentAnalysis(document=document, **parts)

    def _each(self, wanted: frozenset[str]) -> Iterator[DocumentAnalysis]:
        self._seal()
        with open(self.path, "rb") as handle:
            for index in range(len(self._offsets)):
                yield self._read(handle, index, wanted)

    def __iter__(self) -> Iterator[DocumentAnalysis]:
        return iter(self.only(*PARTS))

    def __getitem__(self, index):  # type: ignore[override]
        return self.only(*PARTS)[index]

    def only(self, *parts: str) -> SpooledView:
        """The analyses with just these PARTS read back (the others empty), and their documents."""
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise ValueError(f"no such part of an analysis: {', '.join(sorted(unknown))}")
        return SpooledView(self, frozenset(parts))

    def documents(self) -> SpooledDocuments:
        return SpooledDocuments(self)

    def close(self) -> None:
        self._seal()
        self._tmp.cleanup()


class SpooledView(Sequence[DocumentAnalysis]):
    """A spool read back with some of each analysis's parts (SpooledAnalyses.only)."""

    def __init__(self, analyses: SpooledAnalyses, parts: frozenset[str]):
        self.analyses, self.parts = analyses, parts

    def __len__(self) -> int:
        return len(self.analyses)

    def __iter__(self) -> Iterator[DocumentAnalysis]:
        return self.analyses._each(self.parts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        self.analyses._seal()
        with open(self.analyses.path, "rb") as handle:
            return self.analyses._read(handle, range(len(self))[index], self.parts)


class SpooledDocuments(Sequence[CleanedDocument]):
    """The cleaned documents of a spool, read back on iteration (what the graph builder walks)."""

    def __init__(self, analyses: SpooledAnalyses):
        self.view = analyses.only()

    def __len__(self) -> int:
        return len(self.view)

    def __iter__(self) -> Iterator[CleanedDocument]:
        return (a.document for a in self.view)

    def __getitem__(self, index):  # type: ignore[override]
        item = self.view[index]
        return [a.document for a in item] if isinstance(index, slice) else item.document


# ------------------------------------------------------------------ the whole build


@dataclass
class BuildResult:
    analyses: Sequence[DocumentAnalysis]  # a list, or a SpooledAnalyses in stream mode
    corpus: ResolvedCorpus
    quads: QuadBuffer | QuadSpool  # a QuadSpool in stream mode
    skipped: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds (analyze, resolve, build)

    def close(self) -> None:
        """Remove the temporary files of a streamed build (a no-op for an in-memory one)."""
        for part in (self.analyses, self.quads):
            if isinstance(part, (SpooledAnalyses, QuadSpool)):
                part.close()


def resolve_corrected(analyses: Sequence[DocumentAnalysis],
                      corrections: Sequence[Correction] | None = None) -> ResolvedCorpus:
    """Resolution, then the analysts' corrections (graph.corrections) on what it resolved: the one place
    every build, store update and merge goes through."""
    return correct(resolve(analyses), corrections)


def build_corpus(analyses: Sequence[DocumentAnalysis],
                 corrections: Sequence[Correction] | None = None) -> tuple[ResolvedCorpus, QuadBuffer]:
    corpus = resolve_corrected(analyses, corrections)
    return corpus, build_quads(corpus)


def build_streaming(analyses: SpooledAnalyses, workdir: Path | None = None,
                    timings: dict[str, float] | None = None,
                    corrections: Sequence[Correction] | None = None) -> tuple[ResolvedCorpus, QuadSpool]:
    """Resolve over spooled analyses and write the quads to a QuadSpool (sorted, ready to export)."""
    timings = timings if timings is not None else {}
    started = time.monotonic()
    with progress.stage("resolve"):
        corpus = resolve_corrected(analyses, corrections)  # (its documents: the spool's, read back when walked)
    timings["resolve"] = time.monotonic() - started
    started = time.monotonic()
    with progress.stage("quads"):
        builder = GraphBuilder(corpus)
        builder.out = QuadSpool(workdir)  # type: ignore[assignment]  (same add() as QuadBuffer)
        spool = builder.build()
        spool.finish()  # type: ignore[attr-defined]
    timings["build"] = time.monotonic() - started
    return corpus, spool  # type: ignore[return-value]


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a build runs.

    A build allocates millions of small objects that live until it ends (analyses, clusters, index
    entries, nodes), and the collector would walk them again and again: about a sixth of resolution
    time at 500 articles. Objects that exist before the build (the model) are frozen out of it;
    reference counting still frees everything that is not in a cycle at once.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


@fewer_collections()
def run(inputs: Iterable[Path], on_error: Callable[[InputError], None], n_process: int = 1,
        on_document: Callable[[DocumentAnalysis], None] | None = None,
        options: IngestOptions | None = None, *, stream: bool = False,
        components: Iterable[str] | None = None, workdir: Path | None = None,
        expected: int | None = None, corrections: Sequence[Correction] | None = None) -> BuildResult:
    """Build the graph of ``inputs``. ``stream=True`` keeps analyses and quads on disk (see the module doc);
    ``workdir`` is where their temporary files go (default: the system's temporary folder); ``expected``,
    the number of documents, when known, is the parse stage's total (graph.progress); ``corrections``, an
    analyst's, are applied after resolution (graph.corrections)."""
    started = time.monotonic()
    skipped: list[InputError] = []

    def record(error: InputError) -> None:
        if not isinstance(error, InputNotice):
            skipped.append(error)
        on_error(error)

    documents = iter_documents(inputs, record, options)
    analyzed = analyze(documents, n_process=n_process, on_document=on_document, components=components)
    timings: dict[str, float] = {}
    if stream:
        spooled = SpooledAnalyses(workdir)
        for analysis in progress.track(analyzed, "parse", expected, "documents"):
            spooled.append(analysis)
        timings["analyze"] = time.monotonic() - started
        corpus, quads = build_streaming(spooled, workdir, timings, corrections)
        return BuildResult(spooled, corpus, quads, skipped, time.monotonic() - started, timings)
    analyses = list(progress.track(analyzed, "parse", expected, "documents"))
    timings["analyze"] = time.monotonic() - started
    mark = time.monotonic()
    with progress.stage("resolve"):
        corpus = resolve_corrected(analyses, corrections)
    timings["resolve"] = time.monotonic() - mark
    mark = time.monotonic()
    with progress.stage("quads"):
        buffer = build_quads(corpus)
    timings["build"] = time.monotonic() - mark
    return BuildResult(analyses, corpus, buffer, skipped, time.monotonic() - started, timings)
