"""The store's cache of analyses: each document's DocumentAnalysis in its stored form, content-addressed under
analyses/, named by the manifest; and what a generation applies (its corrections)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from graph.analysis_codec import dumps_analysis, loads_analysis
from graph.corrections import Correction
from graph.corrections import load as load_corrections
from graph.errors import ParleyError
from graph.fileio import atomic_write_text
from graph.model import DocumentAnalysis
from graph.namespaces import digest
from graph.store.layout import (
    ANALYSES,
    CORRECTIONS,
    GENERATIONS,
    _check_store_dir,
    _current_manifest,
    _read_head,
    content_hash,
    is_store,
)

# ------------------------------------------------------------------ the analysis files


def _analysis_file(doc_id: str, encoded: str) -> str:
    return f"{ANALYSES}/{quote(doc_id, safe='')[:80]}-{digest(encoded, 16)}.json"


# A manifest entry written with this "form" holds an analysis in its stored form (below); entries from
# stores written before (no "form") name analyses that still carry their origin, and are rehashed once.
ENTRY_FORM = 2


def _stored_form(analysis: DocumentAnalysis) -> DocumentAnalysis:
    """The analysis as the store keeps it: what the graph is made of, and nothing of how it was read.

    Only the extractors read analysis_text (resolve and build do not): not kept, so the cache is half
    the size and the same whether the build streamed its analyses or not. The origin (the file and
    line a record was read from) is for messages only: kept, it made the same records read from
    another path, or after a blank line, look changed and rewrote the store.
    """
    document = analysis.document
    if document.analysis_text or document.source.origin:
        document = dataclasses.replace(document, analysis_text="",
                                       source=dataclasses.replace(document.source, origin=""))
        analysis = dataclasses.replace(analysis, document=document)
    return analysis


def _same_as_stored(store_dir: Path, entry: dict, chash: str, relpath: str, encoded: str) -> bool:
    """Whether the stored entry holds this very analysis (``encoded``, in stored form, named ``relpath``)."""
    if entry["hash"] != chash:
        return False
    if entry["analysis"] == relpath:
        return True
    if entry.get("form") == ENTRY_FORM:
        return False
    # An entry of a store written before: its file name hashes the analysis with its origin. Compare
    # what it holds instead; the next write that makes a generation renames it (_rehash_entries).
    with contextlib.suppress(ParleyError):
        return dumps_analysis(_stored_form(_load_analysis(store_dir, entry["analysis"]))) == encoded
    return False


def _store_analysis(store_dir: Path, analysis: DocumentAnalysis) -> tuple[dict, str]:
    """Write the analysis file (content-addressed: if it exists, it has these very bytes); its manifest entry."""
    encoded = dumps_analysis(analysis)
    relpath = _analysis_file(analysis.source.id, encoded)
    target = store_dir / relpath
    if not target.is_file():
        atomic_write_text(target, encoded)
    return {"hash": content_hash(analysis), "analysis": relpath, "form": ENTRY_FORM}, encoded


def _rehash_entries(store_dir: Path, documents: dict[str, dict], corpus: Sequence[DocumentAnalysis]) -> None:
    """Once per store written before ENTRY_FORM: its entries get the stored form's file and name.

    Runs only when a new generation is being written anyway; the old files go with the old
    generation (garbage collection keeps what a generation still read names).
    """
    for analysis in corpus:
        entry = documents[analysis.source.id]
        if entry.get("form") != ENTRY_FORM:
            documents[analysis.source.id], _ = _store_analysis(store_dir, _stored_form(analysis))


def _load_analysis(store_dir: Path, relpath: str) -> DocumentAnalysis:
    path = store_dir / relpath
    try:
        analysis = loads_analysis(path.read_text(encoding="utf-8"), origin=str(path))
    except FileNotFoundError:
        raise ParleyError(f"{path}: a cached analysis named in the store's manifest is missing") from None
    except OSError as exc:
        raise ParleyError(f"{path}: cannot read a cached analysis ({exc.strerror or exc})") from None
    if not analysis.source.origin:  # (stored without one: its messages name the cached file)
        analysis = dataclasses.replace(analysis, document=dataclasses.replace(
            analysis.document, source=dataclasses.replace(analysis.source, origin=str(path))))
    return analysis


def stored_documents(store_dir: Path) -> dict[str, str]:
    """Document id → content hash of every stored document (lets a caller skip the NLP of those)."""
    store_dir = Path(store_dir)
    if not is_store(store_dir):
        return {}
    return {doc_id: entry["hash"] for doc_id, entry in _current_manifest(store_dir)["documents"].items()}


def cached_analyses(store_dir: Path) -> list[DocumentAnalysis]:
    store_dir = Path(store_dir)
    _check_store_dir(store_dir, create=False)
    manifest = _current_manifest(store_dir)
    return [_load_analysis(store_dir, entry["analysis"]) for _, entry in sorted(manifest["documents"].items())]


def _stored_corrections(store_dir: Path, generation: str | None) -> list[Correction]:
    """The corrections a generation applies (none for a new store, or one written before corrections)."""
    if generation is None:
        return []
    path = store_dir / GENERATIONS / generation / CORRECTIONS
    return load_corrections([path]) if path.is_file() else []


def stored_corrections(store_dir: Path) -> list[Correction]:
    """The corrections the store applies now (graph.corrections), as every update will apply them again."""
    store_dir = Path(store_dir)
    if not is_store(store_dir):
        return []
    return _stored_corrections(store_dir, _read_head(store_dir))


