"""An on-disk Oxigraph store that grows document by document, and always equals a fresh build.

Layout of a store folder::

    parley-store.json          marks the folder as a Parley store (format version)
    HEAD                       the name of the current generation, replaced atomically
    write.lock                 held (flock) by the one process that writes
    analyses/ID-DIGEST.json    each document's DocumentAnalysis (graph.analysis_codec), immutable
    generations/gen-000042/
        oxigraph/              the Oxigraph (RocksDB) database: one named graph per document,
                               plus the graph of cross-document nodes (graph.build)
        manifest.json          document id → content hash and cached analysis; quad count;
                               the digest of the corrections applied
        corrections.toml       the analysts' corrections this generation applies (graph.corrections),
                               kept with it so that every later update applies them again
        reader.lock            shared-locked by every reader of this generation

Why generations: Oxigraph's read-only mode must not be used on a database another process
writes ("undefined behaviour" in its documentation), and readers (``parley query``, ``parley
serve``) run in other processes. So a write never touches the database readers use: it
builds the next generation beside it (one transactional load), then moves HEAD to it with an
atomic rename. A reader sees the old state or the new one, never half; a generation is
deleted only when no reader holds its lock.

Adding documents re-resolves every cached analysis (actors, events and claims span
documents), so the store equals ``parley build`` of all its documents; a document already
stored with the same content and analysis changes nothing. What is written is only what changed:
the new generation starts as a checkpoint of the previous one (hard links to its immutable files),
and only the named graphs whose digest (kept in the manifest) differs get their quads' difference.
The resolution itself still reads every stored analysis: an addition costs O(N) in CPU (decoding,
resolving and digesting the N documents), O(changed graphs) in writes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.analysis_codec import dumps_analysis, loads_analysis
from graph.corrections import Correction
from graph.corrections import combine as combine_corrections
from graph.corrections import dumps as dumps_corrections
from graph.corrections import load as load_corrections
from graph.errors import ParleyError
from graph.fileio import atomic_write_text
from graph.model import DocumentAnalysis
from graph.namespaces import digest
from graph.wording import count

if TYPE_CHECKING:
    from graph.build import QuadBuffer

STORE_FORMAT = 1
MARKER = "parley-store.json"
HEAD = "HEAD"
WRITE_LOCK = "write.lock"
ANALYSES = "analyses"
GENERATIONS = "generations"
READER_LOCK = "reader.lock"
MANIFEST = "manifest.json"
DB = "oxigraph"
CORRECTIONS = "corrections.toml"
BULK_THRESHOLD = 200_000  # quads; above it, load with Oxigraph's bulk loader (not one transaction, no need: unseen)

__all__ = ["StoreSummary", "StoreReader", "add_documents", "open_store", "stored_documents", "cached_analyses",
           "content_hash", "is_store", "quad_count", "write_nquads_shards", "export_nquads_shards", "load_shards",
           "merge_stores", "to_ox_quad", "shard_prefix", "check_store_target", "stored_corrections"]


def content_hash(analysis: DocumentAnalysis) -> str:
    """The document's content hash: the same as parley:contentHash in the graph (graph.build)."""
    from graph.build import content_hash as text_hash

    return text_hash(analysis.source.text)


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


# ------------------------------------------------------------------ layout helpers


def is_store(path: Path) -> bool:
    return (Path(path) / MARKER).is_file()


def _is_bare_oxigraph(path: Path) -> bool:
    """A plain Oxigraph database folder (e.g. made by `oxigraph load` from N-Quads shards)."""
    path = Path(path)
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


GENERATION_NAME = re.compile(r"gen-\d{6,}")


def _generations(store_dir: Path) -> list[Path]:
    """The finished generations in the store (not the .tmp- folder of a write in progress)."""
    gens = store_dir / GENERATIONS
    return sorted(p for p in gens.iterdir() if GENERATION_NAME.fullmatch(p.name)) if gens.is_dir() else []


def _read_head(store_dir: Path, *, reader: bool = False) -> str | None:
    """The current generation's name; None only for a new store (no HEAD file and no generation yet).

    A HEAD that is empty, unreadable, not a generation's name or names a missing generation is an
    error: reading it as "no documents yet" made the next write start from nothing and collect every
    generation, wiping the store. ``reader``: the caller does not hold the write lock (see
    _read_head_name).
    """
    name = _read_head_name(store_dir, reader=reader)
    for _ in range(50):
        if name is None or (store_dir / GENERATIONS / name).is_dir():
            return name
        # A writer may have moved HEAD on and collected this generation between our read and our look:
        # then HEAD now names another one. The same name again is a HEAD that names a missing generation.
        again = _read_head_name(store_dir, reader=reader)
        if again == name:
            raise ParleyError(f"{store_dir / HEAD}: names the generation {name}, which is missing from "
                              f"{store_dir / GENERATIONS} (damaged store)")
        name = again
    raise ParleyError(f"{store_dir}: the store keeps changing under the reader; try again")


def _writer_active(store_dir: Path) -> bool:
    """Whether a process holds the store's write lock now (without taking it)."""
    try:
        fd = os.open(store_dir / WRITE_LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # (releases the shared lock, if taken)
    return False


def _read_head_name(store_dir: Path, *, reader: bool = False) -> str | None:
    """HEAD's content, checked to be a generation's name (not that the generation exists).

    A store's first write makes its generation, then HEAD: a reader that looks in between sees a
    generation and no HEAD, and reads the store as still empty if a writer holds the lock. A writer
    (the lock is its own) or a reader with no writer about sees a damaged store.
    """
    path = store_dir / HEAD
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if _generations(store_dir) and not (reader and _writer_active(store_dir)):
            raise ParleyError(f"{path}: missing, though the store holds generations "
                              f"({', '.join(p.name for p in _generations(store_dir)[-3:])}); damaged store: "
                              "write the name of the right generation into HEAD") from None
        return None
    except OSError as exc:
        raise ParleyError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        name = None
    if not name:
        raise ParleyError(f"{path}: {'empty' if not raw.strip() else 'not text'}; it must name the store's "
                          "current generation (damaged store)")
    if not GENERATION_NAME.fullmatch(name):
        raise ParleyError(f"{path}: {name[:40]!r} is not the name of a generation (damaged store)")
    return name


def _read_manifest(gen_dir: Path) -> dict:
    try:
        return json.loads((gen_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParleyError(f"{gen_dir}: the store generation has no manifest (damaged store?)") from None
    except json.JSONDecodeError as exc:
        raise ParleyError(f"{gen_dir / MANIFEST}: not valid JSON ({exc})") from None


def _current_manifest(store_dir: Path) -> dict:
    head = _read_head(store_dir)
    if head is None:
        return {"format": STORE_FORMAT, "documents": {}, "quads": 0}
    return _read_manifest(store_dir / GENERATIONS / head)


def _check_store_dir(store_dir: Path, create: bool, *, dry_run: bool = False) -> None:
    """Refuse what cannot be (or become) a store; with ``create``, make a new one. ``dry_run``: check that
    it could become one, make nothing."""
    if store_dir.exists() and not store_dir.is_dir():
        raise ParleyError(f"{store_dir}: not a folder")
    if is_store(store_dir):
        try:
            marker = json.loads((store_dir / MARKER).read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            raise ParleyError(f"{store_dir / MARKER}: damaged store marker") from None
        if marker.get("format") != STORE_FORMAT:
            raise ParleyError(f"{store_dir}: a store of format {marker.get('format')!r}; this parley reads "
                              f"format {STORE_FORMAT}")
        return
    if not create and not dry_run:
        raise ParleyError(f"{store_dir}: not a Parley store (no {MARKER}); build one with parley build --store")
    # The temporary file of a marker being written is another writer creating this store at the same moment.
    if store_dir.exists() and any(not p.name.startswith(f".{MARKER}.") for p in store_dir.iterdir()):
        raise ParleyError(f"{store_dir}: the folder is not empty and is not a Parley store; choose another folder")
    if dry_run:
        return
    store_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(store_dir / MARKER, json.dumps({"format": STORE_FORMAT, "kind": "parley-store"}) + "\n")


def check_store_target(store_dir: Path) -> None:
    """Fail now, before a build's NLP, if ``store_dir`` cannot take documents: not a folder, a folder
    that is not a store, another format, or a damaged HEAD. A folder that does not exist yet is fine."""
    store_dir = Path(store_dir)
    if not store_dir.exists():
        return
    if store_dir.is_dir() and not is_store(store_dir):
        _check_store_dir(store_dir, create=False, dry_run=True)  # an empty folder becomes a store
        return
    _check_store_dir(store_dir, create=False)
    _read_head(store_dir)


@contextlib.contextmanager
def _write_lock(store_dir: Path, wait: float) -> Iterator[None]:
    """One writer at a time. Another writer waits up to ``wait`` seconds, then fails clearly."""
    path = store_dir / WRITE_LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
                    raise ParleyError(f"{store_dir}: another process (pid {holder}) is writing to this store; "
                                      f"gave up after waiting {wait:g} s") from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing releases the lock


# ------------------------------------------------------------------ rdflib → Oxigraph terms


def _ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_ox_quad(s, p, o, g) -> ox.Quad:
    return ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), _ox_term(g) if g is not None else ox.DefaultGraph())


# ------------------------------------------------------------------ writing


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


def add_documents(store_dir: Path, analyses: Sequence[DocumentAnalysis], *, wait: float = 60.0,
                  corrections: Sequence[Correction] | None = None) -> StoreSummary:
    """Add (or replace) documents in the store at ``store_dir``, creating it if needed.

    A document whose id is stored with the same content hash and the same analysis is left
    alone; if nothing changes, nothing is written at all. Otherwise the whole corpus is
    re-resolved from the cached analyses and loaded into a new generation, which becomes
    current in one atomic step. ``corrections`` (graph.corrections) replace the store's own, which
    a generation keeps and every later update applies again (None: keep the store's own).
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
        corpus_analyses = [fresh.get(doc_id) or _load_analysis(store_dir, entry["analysis"])
                           for doc_id, entry in sorted(documents.items())]
        _rehash_entries(store_dir, documents, corpus_analyses)
        from graph.pipeline import build_corpus

        corpus, quads = build_corpus(corpus_analyses, corrections)
        summary.corrections = corpus.corrections.lines() if corpus.corrections is not None else []
        new_manifest = {"format": STORE_FORMAT, "documents": dict(sorted(documents.items()))}
        if corrections_digest:
            new_manifest["corrections"] = corrections_digest
            new_manifest["correction_problems"] = summary.corrections
        generation, count, written = _write_changes(store_dir, summary.generation, quads, new_manifest,
                                                    {CORRECTIONS: corrections_text} if corrections_text else {})
        summary.quads_after, summary.generation, summary.graphs_written = count, generation, written
        _collect_garbage(store_dir)
        return summary


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


def _next_generation(store_dir: Path) -> str:
    numbers = [int(p.name.split("-")[1]) for p in (store_dir / GENERATIONS).glob("gen-*")
               if p.name.split("-")[1].isdigit()] if (store_dir / GENERATIONS).is_dir() else []
    return f"gen-{max(numbers, default=0) + 1:06d}"


def graph_digests(quads: QuadBuffer) -> dict[str, str]:
    """Named graph IRI → a digest of its triples (their N-Triples terms, sorted): what tells a write which
    graphs changed. Kept in the manifest; a process-independent value (Python's hash() is salted)."""
    out = {}
    for graph, triples in quads.graphs.items():
        lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples)
        out[str(graph)] = digest("\n".join(lines), 32)
    return dict(sorted(out.items()))


def _write_changes(store_dir: Path, previous: str | None, quads: QuadBuffer,
                   manifest: dict, files: dict[str, str] | None = None) -> tuple[str, int, int | None]:
    """Write the new generation from the previous one, changing only the named graphs whose digest changed.

    The previous generation's database is copied as a RocksDB checkpoint (hard links to its immutable
    files: no copy of the data), then each changed graph gets the difference of its quads (removed and
    added), each new graph its quads, each vanished graph is dropped. An addition to a store of N that
    changes a few documents' graphs and the corpus graph writes those, not the N graphs again. A store
    written before graph digests were kept (or a first write) is loaded whole. Returns (generation, quad
    count, graphs written or None for a whole load). ``files``: name → text, written beside the database."""
    digests = graph_digests(quads)
    manifest = {**manifest, "graphs": digests}
    old = _read_manifest(store_dir / GENERATIONS / previous) if previous is not None else None
    if old is None or "graphs" not in old:
        generation, count = _write_generation(store_dir, (to_ox_quad(*q) for q in quads.quads()), manifest,
                                              files=files)
        return generation, count, None
    before: dict[str, str] = old["graphs"]
    changed = [g for g, d in digests.items() if before.get(g) != d]
    vanished = [g for g in before if g not in digests]
    by_iri = {str(g): g for g in quads.graphs}

    def apply(store: ox.Store) -> int:
        delta = 0
        for iri in vanished:
            graph = ox.NamedNode(iri)
            delta -= sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
            store.remove_graph(graph)
        for iri in changed:
            graph = by_iri[iri]
            new = {to_ox_quad(s, p, o, graph) for s, p, o in quads.graphs[graph]}
            existing = set(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
            gone, added = existing - new, new - existing
            for quad in sorted(gone, key=str):
                store.remove(quad)
            store.extend(sorted(added, key=str))
            delta += len(added) - len(gone)
        return delta

    generation, count = _write_generation(store_dir, [], manifest, start_from=previous, change=apply,
                                          count_before=old.get("quads", 0), files=files)
    return generation, count, len(changed) + len(vanished)


def _write_generation(store_dir: Path, quads: Iterable[ox.Quad], manifest: dict, *, start_from: str | None = None,
                      change: Callable[[ox.Store], int] | None = None, count_before: int = 0,
                      files: dict[str, str] | None = None) -> tuple[str, int]:
    """Load ``quads`` into a new generation (with ``files``: name → text) and make it current. Caller holds
    the write lock.

    ``start_from``: the generation whose database the new one starts as a copy of (a checkpoint), and
    ``change(store) -> quads added minus removed`` what is then done to it; nothing of this is seen by
    readers until HEAD moves, so the changes need not be one transaction."""
    generation = _next_generation(store_dir)
    tmp = store_dir / GENERATIONS / f".tmp-{generation}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / READER_LOCK).touch()
    quads = list(quads)
    if start_from is not None:
        source = ox.Store.read_only(str(store_dir / GENERATIONS / start_from / DB))
        try:
            source.backup(str(tmp / DB))
        finally:
            del source
    store = ox.Store(str(tmp / DB))
    try:
        if start_from is not None and change is not None:
            count = count_before + change(store)
        elif len(quads) > BULK_THRESHOLD:
            store.bulk_extend(quads)
        else:
            store.extend(quads)  # one transaction
        store.flush()
        if start_from is None:
            count = len(store)
    finally:
        del store  # closes RocksDB (and its lock) before the folder is renamed
    manifest = {**manifest, "quads": count}
    for name, text in (files or {}).items():
        atomic_write_text(tmp / name, text)
    atomic_write_text(tmp / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    os.replace(tmp, store_dir / GENERATIONS / generation)
    _fsync_dir(store_dir / GENERATIONS)
    atomic_write_text(store_dir / HEAD, generation + "\n")  # the switch: readers now open the new generation
    return generation, count


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _collect_garbage(store_dir: Path) -> None:
    """Delete generations no reader holds, except the current one, and analyses nobody names."""
    try:
        head = _read_head(store_dir)
    except ParleyError:
        return  # a damaged HEAD: which generation it meant is unknown, so none may go
    if head is None:
        return  # (never: the caller has just written HEAD; but no HEAD must never mean "delete them all")
    gens = store_dir / GENERATIONS
    kept: list[Path] = []
    for gen in sorted(gens.iterdir()) if gens.is_dir() else []:
        if gen.name == head:
            kept.append(gen)
            continue
        if gen.name.startswith(".tmp-"):
            shutil.rmtree(gen, ignore_errors=True)  # left by a writer that died; we hold the write lock
            continue
        try:
            fd = os.open(gen / READER_LOCK, os.O_RDONLY)
        except FileNotFoundError:
            shutil.rmtree(gen, ignore_errors=True)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            kept.append(gen)  # a reader still uses it; a later write will collect it
            os.close(fd)
            continue
        try:
            shutil.rmtree(gen, ignore_errors=True)
        finally:
            os.close(fd)
    named = set()
    for gen in kept:
        with contextlib.suppress(ParleyError):
            named |= {entry["analysis"] for entry in _read_manifest(gen)["documents"].values()}
    for path in (store_dir / ANALYSES).glob("*.json") if (store_dir / ANALYSES).is_dir() else []:
        if f"{ANALYSES}/{path.name}" not in named:
            path.unlink(missing_ok=True)


# ------------------------------------------------------------------ reading


class StoreReader:
    """The current generation of a store, opened read-only, with its reader lock held.

    ``refresh()`` moves to a newer generation when a writer has made one (the server calls
    it before each request). Also opens a bare Oxigraph folder (no generations) read-only.
    """

    def __init__(self, store_dir: Path):
        self.store_dir = Path(store_dir)
        self.generation: str | None = None
        self.store: ox.Store | None = None
        self._lock_fd: int | None = None
        if not self.store_dir.is_dir():
            raise ParleyError(f"{self.store_dir}: no such store folder")
        if _is_bare_oxigraph(self.store_dir):
            self.store = self._open(self.store_dir)
            return
        _check_store_dir(self.store_dir, create=False)
        if _read_head(self.store_dir, reader=True) is None:
            raise ParleyError(f"{self.store_dir}: the store is empty (no document added yet)")
        self.refresh()

    @staticmethod
    def _open(path: Path) -> ox.Store:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged file ("Corruption: ...") as RuntimeError
            detail = str(exc).split("  ")[0]  # (RocksDB appends a second sentence after two spaces)
            raise ParleyError(f"{path}: cannot open the Oxigraph database read-only ({detail}); "
                              "the store is damaged, rebuild it or restore it from a copy") from None

    @property
    def manifest(self) -> dict:
        if self.generation is None:
            return {"documents": {}, "quads": len(self.store) if self.store is not None else 0}
        return _read_manifest(self.store_dir / GENERATIONS / self.generation)

    def refresh(self) -> bool:
        """Open the newest generation if it is not the one open. True if it moved."""
        if self.generation is None and self.store is not None:
            return False  # a bare Oxigraph folder has no generations
        for _ in range(50):
            head = _read_head(self.store_dir, reader=True)
            if head is None or head == self.generation:
                return False
            gen = self.store_dir / GENERATIONS / head
            try:
                fd = os.open(gen / READER_LOCK, os.O_RDONLY)
            except FileNotFoundError:
                # HEAD moved on and this generation was collected meanwhile: read HEAD again. If HEAD still
                # names it, it is current (a current generation is never collected) and its lock is gone.
                if _read_head(self.store_dir, reader=True) == head:
                    raise ParleyError(f"{gen / READER_LOCK}: missing from the current generation "
                                      "(damaged store); create it as an empty file") from None
                continue
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                same = os.fstat(fd).st_ino == os.stat(gen / READER_LOCK).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            try:
                store = self._open(gen / DB)
            except ParleyError:
                os.close(fd)
                raise
            self.close()
            self.store, self.generation, self._lock_fd = store, head, fd
            return True
        raise ParleyError(f"{self.store_dir}: the store keeps changing under the reader; try again")

    def close(self) -> None:
        self.store = None  # drops the RocksDB handle
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextlib.contextmanager
def open_store(store_dir: Path) -> Iterator[ox.Store]:
    """The store's current contents, read-only, for the duration of the block."""
    with StoreReader(store_dir) as reader:
        yield reader.store


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


def quad_count(store_dir: Path) -> int:
    with open_store(store_dir) as store:
        return len(store)


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


# ------------------------------------------------------------------ N-Quads shards (the scale path)


def shard_prefix(doc_ids: Iterable[str]) -> str:
    """A file prefix that differs between builds of different documents (machines need not coordinate)."""
    return "part-" + digest("\n".join(sorted(doc_ids)), 10)


def write_nquads_shards(quads: Iterable[tuple], out_dir: Path, *, prefix: str = "part",
                        shard_size: int = 1_000_000) -> list[Path]:
    """Write (s, p, o, g) quads as N-Quads files of at most ``shard_size`` quads each.

    Oxigraph's bulk loader (``oxigraph load``, or ``load_shards`` below) takes them as they
    are; each file is written atomically, so a half-written shard is never left behind.
    """
    from graph.fileio import atomic_writer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    batch: list[ox.Quad] = []

    def flush() -> None:
        path = out_dir / f"{prefix}-{len(written):05d}.nq"
        with atomic_writer(path, "wb") as handle:
            ox.serialize(batch, handle, ox.RdfFormat.N_QUADS)
        written.append(path)
        batch.clear()

    for quad in quads:
        batch.append(quad if isinstance(quad, ox.Quad) else to_ox_quad(*quad))
        if len(batch) >= shard_size:
            flush()
    if batch or not written:
        flush()
    return written


def export_nquads_shards(store_dir: Path, out_dir: Path, *, prefix: str = "part",
                         shard_size: int = 1_000_000) -> list[Path]:
    """The store's current contents as N-Quads shards."""
    with open_store(store_dir) as store:
        return write_nquads_shards(iter(store), out_dir, prefix=prefix, shard_size=shard_size)


def load_shards(db_dir: Path, shards: Sequence[Path]) -> int:
    """Bulk-load N-Quads shards into a new bare Oxigraph database at ``db_dir``; returns its quad count.

    ``parley query --store`` and ``parley serve --store`` open such a folder read-only.
    """
    db_dir = Path(db_dir)
    if db_dir.exists() and any(db_dir.iterdir()):
        raise ParleyError(f"{db_dir}: the folder is not empty; load shards into a new folder")
    store = ox.Store(str(db_dir))
    try:
        for shard in shards:
            try:
                store.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise ParleyError(f"{shard}: not valid N-Quads ({exc})") from None
        store.optimize()
        return len(store)
    finally:
        del store
