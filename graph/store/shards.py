"""Quads between rdflib and Oxigraph, and N-Quads shards: the scale path (a store's contents written as
shards, shards bulk-loaded into a bare Oxigraph database)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.errors import ParleyError
from graph.namespaces import digest
from graph.store.reader import open_store

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
