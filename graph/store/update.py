"""Adding documents to a store, and merging stores: what changes, re-resolved and written as a new generation."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.analysis_codec import dumps_analysis
from graph.corrections import Correction
from graph.corrections import combine as combine_corrections
from graph.corrections import dumps as dumps_corrections
from graph.errors import ParleyError
from graph.model import DocumentAnalysis
from graph.namespaces import digest
from graph.store.analyses import (
    _analysis_file,
    _load_analysis,
    _rehash_entries,
    _same_as_stored,
    _store_analysis,
    _stored_corrections,
    _stored_form,
    cached_analyses,
    stored_corrections,
)
from graph.store.generations import _collect_garbage, _write_changes
from graph.store.layout import (
    CORRECTIONS,
    STORE_FORMAT,
    _check_store_dir,
    _current_manifest,
    _read_head,
    _write_lock,
    content_hash,
)
from graph.wording import count


@dataclass
class StoreSummary:
    store: Path
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    documents: int = 0
    quads_before: int = 0
    quads_after: int = 0
    generation: str | None = None
    notes: list[str] = field(default_factory=list)  # what the user should know (a renamed document)
    corrections: list[str] = field(default_factory=list)  # the corrections not applied, one line each
    corrections_changed: bool = False  # the store now applies other corrections than before
    graphs_written: int | None = None  # named graphs the write changed (None: the whole generation written)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.corrections_changed)

    def describe(self) -> str:
        if not self.changed:
            return (f"Store {self.store}: nothing to change ({count(len(self.unchanged), 'document')} already "
                    f"stored); {count(self.documents, 'document')}, {count(self.quads_after, 'quad', True)}.")
        corrected = ", corrections changed" if self.corrections_changed else ""
        written = "" if self.graphs_written is None else f", {count(self.graphs_written, 'named graph')} rewritten"
        return (f"Store {self.store}: {len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged{corrected}; {count(self.documents, 'document')}, "
                f"{self.quads_before:,} → {self.quads_after:,} quads ({self.generation}{written}).")


def add_documents(store_dir: Path, analyses: Sequence[DocumentAnalysis], *, wait: float = 60.0,
                  corrections: Sequence[Correction] | None = None) -> StoreSummary:
    """Add (or replace) documents in the store at ``store_dir``, creating it if needed.

    A document whose id is stored with the same content hash and the same analysis is left
    alone; if nothing changes, nothing is written at all. Otherwise the whole corpus is
    re-resolved from the cached analyses (O(N): see graph.store), and the new generation, which
    becomes current in one atomic step, gets the triples of the documents whose facts changed and
    of the corpus nodes whose digest changed (graph.store.generations). ``corrections``
    (graph.corrections) replace the store's own, which a generation keeps and every later update
    applies again (None: keep the store's own).
    """
    store_dir = Path(store_dir)
    ids = [a.source.id for a in analyses]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise ParleyError(f"two documents share the id {dupes[0]!r}; ids must be unique in a store")
    _check_store_dir(store_dir, create=True)
    with _write_lock(store_dir, wait):
        manifest = _current_manifest(store_dir)
        documents: dict[str, dict] = dict(manifest["documents"])
        summary = StoreSummary(store=store_dir, quads_before=manifest.get("quads", 0))
        fresh: dict[str, DocumentAnalysis] = {}
        for analysis in analyses:
            analysis = _stored_form(analysis)
            doc_id, chash = analysis.source.id, content_hash(analysis)
            encoded = dumps_analysis(analysis)
            entry = documents.get(doc_id)
            if entry is not None and _same_as_stored(store_dir, entry, chash, _analysis_file(doc_id, encoded),
                                                     encoded):
                summary.unchanged.append(doc_id)
                continue
            (summary.replaced if entry is not None else summary.added).append(doc_id)
            documents[doc_id], _ = _store_analysis(store_dir, analysis)
            fresh[doc_id] = analysis
        summary.documents = len(documents)
        summary.generation = _read_head(store_dir)
        if corrections is None:
            corrections = _stored_corrections(store_dir, summary.generation)
        corrections_text = dumps_corrections(corrections) if corrections else None
        corrections_digest = digest(corrections_text, 16) if corrections_text else None
        summary.corrections_changed = corrections_digest != manifest.get("corrections")
        summary.corrections = list(manifest.get("correction_problems", []))  # (said again by every update)
        if not summary.changed:
            summary.quads_after = summary.quads_before
            return summary
        from graph.build import GraphBuilder  # (here: the pipeline and the builder cost a second to import)
        from graph.pipeline import fewer_collections, resolve_corrected

        with fewer_collections():  # (as a build: the collector walked the corpus's objects again and again)
            corpus_analyses = [fresh.get(doc_id) or _load_analysis(store_dir, entry["analysis"])
                               for doc_id, entry in sorted(documents.items())]
            _rehash_entries(store_dir, documents, corpus_analyses)
            corpus = resolve_corrected(corpus_analyses, corrections)
            builder = GraphBuilder(corpus, keep_facts=True)  # (the documents' triples: of those that changed only)
            builder.build()
            del corpus_analyses
            summary.corrections = corpus.corrections.lines() if corpus.corrections is not None else []
            new_manifest = {"format": STORE_FORMAT, "documents": dict(sorted(documents.items()))}
            if corrections_digest:
                new_manifest["corrections"] = corrections_digest
                new_manifest["correction_problems"] = summary.corrections
            generation, count, written = _write_changes(store_dir, summary.generation, builder, new_manifest,
                                                        {CORRECTIONS: corrections_text} if corrections_text else {})
        summary.quads_after, summary.generation, summary.graphs_written = count, generation, written
        _collect_garbage(store_dir)
        return summary


def merge_stores(target: Path, sources: Iterable[Path], *, wait: float = 60.0,
                 corrections: Sequence[Correction] | None = None) -> StoreSummary:
    """Add every document of the ``sources`` stores (built elsewhere, e.g. on other machines) to ``target``.

    Uses their cached analyses, so no NLP runs again, and re-resolves the union: the result
    equals one build of all the documents (unlike a plain union of their quads). Two sources with
    one id and two texts keep both, as a build of both would: the later source's becomes ``id~2``
    (graph.ingest.free_id), with a note in the summary; one id with one text is one document. A
    document of a source replaces the target's under the same id, as a build --store of it would
    (so merging the same stores again after one changed updates the target). The corrections applied are
    ``corrections`` if given, else those of the target and of every source together (graph.corrections).
    """
    from graph.ingest import free_id

    sources = [Path(source) for source in sources]
    if corrections is None:
        corrections = combine_corrections([stored_corrections(Path(target)), *map(stored_corrections, sources)])
    analyses: dict[str, DocumentAnalysis] = {}
    came_from: dict[str, Path] = {}  # id → the store it came from
    notes: list[str] = []
    for source in map(Path, sources):
        for analysis in cached_analyses(source):
            doc_id = analysis.source.id
            first = analyses.get(doc_id)
            if first is not None and first.source.text == analysis.source.text:
                continue  # the same document in two stores (e.g. both built from one shared input)
            if first is not None:
                new_id = free_id(doc_id, analyses)
                notes.append(f"document id {doc_id!r} of {source} holds another text than the one of "
                             f"{came_from[doc_id]}; this one is {new_id!r}")
                analysis = dataclasses.replace(analysis, document=dataclasses.replace(
                    analysis.document, source=dataclasses.replace(analysis.source, id=new_id)))
                doc_id = new_id
            analyses[doc_id] = analysis
            came_from[doc_id] = source
    summary = add_documents(target, list(analyses.values()), wait=wait, corrections=corrections)
    summary.notes.extend(notes)
    return summary


