"""An on-disk Oxigraph store that grows document by document, and always equals a fresh build.

Layout of a store folder::

    parley-store.json          marks the folder as a Parley store (format version)
    HEAD                       the name of the current generation, replaced atomically
    write.lock                 held (flock) by the one process that writes
    analyses/ID-DIGEST.json    each document's DocumentAnalysis (graph.analysis_codec), immutable
    generations/gen-000042/
        oxigraph/              the Oxigraph (RocksDB) database: one named graph per document,
                               plus the graph of cross-document nodes (graph.build)
        manifest.json          document id → content hash and cached analysis; quad count
        reader.lock            shared-locked by every reader of this generation

Why generations: Oxigraph's read-only mode must not be used on a database another process
writes ("undefined behaviour" in its documentation), and readers (``parley query``, ``parley
serve``) run in other processes. So a write never touches the database readers use: it
builds the next generation beside it (one transactional load), then moves HEAD to it with an
atomic rename. A reader sees the old state or the new one, never half; a generation is
deleted only when no reader holds its lock.

Adding documents re-resolves every cached analysis (actors, events and claims span
documents), so the store equals ``parley build`` of all its documents; a document already
stored with the same content and analysis changes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.analysis_codec import dumps_analysis, loads_analysis
from graph.errors import ParleyError
from graph.fileio import atomic_write_text
from graph.model import DocumentAnalysis
from graph.namespaces import digest

STORE_FORMAT = 1
MARKER = "parley-store.json"
HEAD = "HEAD"
WRITE_LOCK = "write.lock"
ANALYSES = "analyses"
GENERATIONS = "generations"
READER_LOCK = "reader.lock"
MANIFEST = "manifest.json"
DB = "oxigraph"
BULK_THRESHOLD = 200_000  # quads; above it, load with Oxigraph's bulk loader (not one transaction, no need: unseen)

__all__ = ["StoreSummary", "StoreReader", "add_documents", "open_store", "stored_documents", "cached_analyses",
           "content_hash", "is_store", "quad_count", "write_nquads_shards", "export_nquads_shards", "load_shards",
           "merge_stores", "to_ox_quad", "shard_prefix"]


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

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)

    def describe(self) -> str:
        if not self.changed:
            return (f"Store {self.store}: nothing to change ({len(self.unchanged)} document(s) already stored); "
                    f"{self.documents} documents, {self.quads_after:,} quads.")
        return (f"Store {self.store}: {len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged; {self.documents} documents, "
                f"{self.quads_before:,} → {self.quads_after:,} quads ({self.generation}).")


# ------------------------------------------------------------------ layout helpers


def is_store(path: Path) -> bool:
    return (Path(path) / MARKER).is_file()


def _is_bare_oxigraph(path: Path) -> bool:
    """A plain Oxigraph database folder (e.g. made by `oxigraph load` from N-Quads shards)."""
    path = Path(path)
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def _read_head(store_dir: Path) -> str | None:
    try:
        name = (store_dir / HEAD).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


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


def _check_store_dir(store_dir: Path, create: bool) -> None:
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
    if not create:
        raise ParleyError(f"{store_dir}: not a Parley store (no {MARKER}); build one with parley build --store")
    # The temporary file of a marker being written is another writer creating this store at the same moment.
    if store_dir.exists() and any(not p.name.startswith(f".{MARKER}.") for p in store_dir.iterdir()):
        raise ParleyError(f"{store_dir}: the folder is not empty and is not a Parley store; choose another folder")
    store_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(store_dir / MARKER, json.dumps({"format": STORE_FORMAT, "kind": "parley-store"}) + "\n")


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


def add_documents(store_dir: Path, analyses: Sequence[DocumentAnalysis], *, wait: float = 60.0) -> StoreSummary:
    """Add (or replace) documents in the store at ``store_dir``, creating it if needed.

    A document whose id is stored with the same content hash and the same analysis is left
    alone; if nothing changes, nothing is written at all. Otherwise the whole corpus is
    re-resolved from the cached analyses and loaded into a new generation, which becomes
    current in one atomic step.
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
            # Only the extractors read analysis_text (resolve and build do not): not kept, so the
            # cache is half the size and the same whether the build streamed its analyses or not.
            analysis = dataclasses.replace(
                analysis, document=dataclasses.replace(analysis.document, analysis_text=""))
            doc_id, chash = analysis.source.id, content_hash(analysis)
            encoded = dumps_analysis(analysis)
            relpath = _analysis_file(doc_id, encoded)
            entry = documents.get(doc_id)
            if entry is not None and entry["hash"] == chash and entry["analysis"] == relpath:
                summary.unchanged.append(doc_id)
                continue
            (summary.replaced if entry is not None else summary.added).append(doc_id)
            target = store_dir / relpath
            if not target.is_file():  # content-addressed: an existing file has these very bytes
                atomic_write_text(target, encoded)
            documents[doc_id] = {"hash": chash, "analysis": relpath}
            fresh[doc_id] = analysis
        summary.documents = len(documents)
        summary.generation = _read_head(store_dir)
        if not summary.changed:
            summary.quads_after = summary.quads_before
            return summary
        corpus_analyses = [fresh.get(doc_id) or _load_analysis(store_dir, entry["analysis"])
                           for doc_id, entry in sorted(documents.items())]
        from graph.pipeline import build_corpus

        _, quads = build_corpus(corpus_analyses)
        new_manifest = {"format": STORE_FORMAT, "documents": dict(sorted(documents.items()))}
        generation, count = _write_generation(store_dir, (to_ox_quad(*q) for q in quads.quads()), new_manifest)
        summary.quads_after, summary.generation = count, generation
        _collect_garbage(store_dir)
        return summary


def _load_analysis(store_dir: Path, relpath: str) -> DocumentAnalysis:
    path = store_dir / relpath
    try:
        return loads_analysis(path.read_text(encoding="utf-8"), origin=str(path))
    except FileNotFoundError:
        raise ParleyError(f"{path}: a cached analysis named in the store's manifest is missing") from None


def _next_generation(store_dir: Path) -> str:
    numbers = [int(p.name.split("-")[1]) for p in (store_dir / GENERATIONS).glob("gen-*")
               if p.name.split("-")[1].isdigit()] if (store_dir / GENERATIONS).is_dir() else []
    return f"gen-{max(numbers, default=0) + 1:06d}"


def _write_generation(store_dir: Path, quads: Iterable[ox.Quad], manifest: dict) -> tuple[str, int]:
    """Load ``quads`` into a new generation and make it current. Caller holds the write lock."""
    generation = _next_generation(store_dir)
    tmp = store_dir / GENERATIONS / f".tmp-{generation}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / READER_LOCK).touch()
    quads = list(quads)
    store = ox.Store(str(tmp / DB))
    try:
        if len(quads) > BULK_THRESHOLD:
            store.bulk_extend(quads)
        else:
            store.extend(quads)  # one transaction
        store.flush()
        count = len(store)
    finally:
        del store  # closes RocksDB (and its lock) before the folder is renamed
    manifest = {**manifest, "quads": count}
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
    head = _read_head(store_dir)
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
        if _read_head(self.store_dir) is None:
            raise ParleyError(f"{self.store_dir}: the store is empty (no document added yet)")
        self.refresh()

    @staticmethod
    def _open(path: Path) -> ox.Store:
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise ParleyError(f"{path}: cannot open the Oxigraph database read-only ({exc})") from None

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
            head = _read_head(self.store_dir)
            if head is None or head == self.generation:
                return False
            gen = self.store_dir / GENERATIONS / head
            try:
                fd = os.open(gen / READER_LOCK, os.O_RDONLY)
            except FileNotFoundError:
                time.sleep(0.02)  # HEAD moved on and this generation was collected meanwhile: read HEAD again
                continue
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                same = os.fstat(fd).st_ino == os.stat(gen / READER_LOCK).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            store = self._open(gen / DB)
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


def quad_count(store_dir: Path) -> int:
    with open_store(store_dir) as store:
        return len(store)


def merge_stores(target: Path, sources: Iterable[Path], *, wait: float = 60.0) -> StoreSummary:
    """Add every document of the ``sources`` stores (built elsewhere, e.g. on other machines) to ``target``.

    Uses their cached analyses, so no NLP runs again, and re-resolves the union: the result
    equals one build of all the documents (unlike a plain union of their quads).
    """
    analyses: dict[str, DocumentAnalysis] = {}
    for source in sources:
        for analysis in cached_analyses(Path(source)):
            analyses[analysis.source.id] = analysis
    return add_documents(target, list(analyses.values()), wait=wait)


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
