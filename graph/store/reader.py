"""Reading a store: its current generation opened read-only, with the generation's reader lock held."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph.errors import ParleyError
from graph.store.layout import (
    DB,
    GENERATIONS,
    READER_LOCK,
    _check_store_dir,
    _is_bare_oxigraph,
    _read_head,
    _read_manifest,
)

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


def quad_count(store_dir: Path) -> int:
    with open_store(store_dir) as store:
        return len(store)


