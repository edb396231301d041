"""A store folder's layout (graph.store describes it): its marker, HEAD and generations, their manifests, and
the write lock. What every other part of the store reads and checks first."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

from graph.errors import ParleyError
from graph.fileio import atomic_write_text
from graph.model import DocumentAnalysis

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
SUBJECTS = "subjects.json"  # a generation's per-subject digests of its graphs that are not a document's


def content_hash(analysis: DocumentAnalysis) -> str:
    """The document's content hash: the same as parley:contentHash in the graph (graph.build)."""
    from graph.build import content_hash as text_hash

    return text_hash(analysis.source.text)


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


