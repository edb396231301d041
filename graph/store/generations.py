"""Writing a generation: from the previous one (a RocksDB checkpoint) changing only the named graphs whose
digest changed, or loaded whole; HEAD moved to it atomically; generations no reader holds collected."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from graph.errors import ParleyError
from graph.fileio import atomic_write_text
from graph.namespaces import digest
from graph.store.layout import (
    ANALYSES,
    DB,
    GENERATIONS,
    HEAD,
    MANIFEST,
    READER_LOCK,
    SUBJECTS,
    _read_head,
    _read_manifest,
)
from graph.store.shards import to_ox_quad

if TYPE_CHECKING:
    from graph.build import GraphBuilder, QuadBuffer

BULK_THRESHOLD = 200_000  # quads; above it, load with Oxigraph's bulk loader (not one transaction, no need: unseen)
def _next_generation(store_dir: Path) -> str:
    numbers = [int(p.name.split("-")[1]) for p in (store_dir / GENERATIONS).glob("gen-*")
               if p.name.split("-")[1].isdigit()] if (store_dir / GENERATIONS).is_dir() else []
    return f"gen-{max(numbers, default=0) + 1:06d}"


def graph_digests(quads: QuadBuffer) -> dict[str, str]:
    """Named graph IRI → a digest of its triples (their N-Triples terms, sorted): what tells a write which
    graphs changed. Kept in the manifest; a process-independent value (Python's hash() is salted)."""
    out = {}
    n3 = _n3_forms()
    for graph, triples in quads.graphs.items():
        lines = sorted(f"{n3(s)} {n3(p)} {n3(o)}" for s, p, o in triples)
        out[str(graph)] = digest("\n".join(lines), 32)
    return dict(sorted(out.items()))


def _n3_forms() -> Callable[[object], str]:
    """A term's N-Triples form, an IRI's made once (nodes recur in many triples)."""
    iris: dict[URIRef, str] = {}

    def n3(term) -> str:
        if type(term) is not URIRef:
            return term.n3()
        form = iris.get(term)
        if form is None:
            form = iris[term] = term.n3()
        return form

    return n3


def subject_digests(triples: Iterable[tuple], n3: Callable[[object], str] | None = None) -> dict[str, str]:
    """Subject IRI → a digest of its triples in one graph: what tells a write which nodes of the corpus graph
    changed, so that it reads and rewrites those (the corpus graph holds every actor, event and claim: reading
    it whole from the database, and converting it whole, was most of a write's time).

    The triples of a position predicate (graph.build POSITIONS: the ready queries' orders) have a digest of
    their own, keyed "subject predicate": an addition renumbers most claims and events, and each of them
    then changes by that one triple, which is all a write rereads and replaces of it."""
    from graph.build import POSITIONS

    n3 = n3 or _n3_forms()
    lines: dict[str, list[str]] = defaultdict(list)
    for s, p, o in triples:
        if p in POSITIONS:
            lines[f"{s} {p}"].append(n3(o))
        else:
            lines[str(s)].append(f"{n3(p)} {n3(o)}")
    return {subject: digest("\n".join(sorted(found)), 16) for subject, found in sorted(lines.items())}


def _split_key(key: str) -> tuple[str, str | None]:
    """A key of subject_digests: (subject, the position predicate or None). (IRIs hold no space.)"""
    subject, _, predicate = key.partition(" ")
    return subject, predicate or None


@dataclass
class Digests:
    """What a write compares with the previous generation's: each named graph's digest (the manifest's
    "graphs"), and the per-subject digests of the graphs that are not a document's (SUBJECTS)."""

    graphs: dict[str, str]
    subjects: dict[str, dict[str, str]]


def builder_digests(builder: GraphBuilder) -> Digests:
    """A document graph's digest is of its facts (graph.document_facts: its triples need not be made for it); the
    others' of their subjects' digests."""
    from graph.build import document_graph_iri
    from graph.document_facts import facts_digest

    graphs = {str(document_graph_iri(doc_id)): facts_digest(facts) for doc_id, facts in builder.facts.items()}
    subjects: dict[str, dict[str, str]] = {}
    n3 = _n3_forms()
    for graph, triples in builder.out.graphs.items():
        if str(graph) in graphs:  # a document's graph holds only what its facts make (graph.document_facts)
            raise RuntimeError(f"{graph}: triples written into a document's graph apart from its facts; a store "
                               "could not tell when they change")
        subjects[str(graph)] = found = subject_digests(triples, n3)
        graphs[str(graph)] = digest("\n".join(f"{s} {d}" for s, d in found.items()), 32)
    return Digests(dict(sorted(graphs.items())), dict(sorted(subjects.items())))


def _read_subjects(gen_dir: Path) -> dict[str, dict[str, str]]:
    """The per-subject digests a generation was written with ({} for one written before they were kept)."""
    try:
        return json.loads((gen_dir / SUBJECTS).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _write_changes(store_dir: Path, previous: str | None, builder: GraphBuilder,
                   manifest: dict, files: dict[str, str] | None = None) -> tuple[str, int, int | None]:
    """Write the new generation from the previous one, changing only the named graphs whose digest changed.

    The previous generation's database is copied as a RocksDB checkpoint (hard links to its immutable
    files: no copy of the data), then each changed graph gets the difference of its quads (removed and
    added), each new graph its quads, each vanished graph is dropped. An addition to a store of N that
    changes a few documents' graphs and the corpus graph writes those, not the N graphs again. A store
    written before graph digests were kept (or a first write) is loaded whole. Returns (generation, quad
    count, graphs written or None for a whole load). ``files``: name → text, written beside the database.

    ``builder`` has built the corpus with its documents' facts kept (GraphBuilder keep_facts): the documents
    whose facts' digest changed are the only ones whose triples are made."""
    from graph.build import POSITIONS, document_graph_iri

    position_iris = frozenset(map(str, POSITIONS))
    computed = builder_digests(builder)
    digests = computed.graphs
    manifest = {**manifest, "graphs": digests}
    files = {**(files or {}), SUBJECTS: json.dumps(computed.subjects, separators=(",", ":")) + "\n"}
    quads = builder.out
    old = _read_manifest(store_dir / GENERATIONS / previous) if previous is not None else None
    if old is None or "graphs" not in old:
        builder.materialise(sorted(builder.facts))
        generation, count = _write_generation(store_dir, (to_ox_quad(*q) for q in quads.quads()), manifest,
                                              files=files)
        return generation, count, None
    before: dict[str, str] = old["graphs"]
    changed = [g for g, d in digests.items() if before.get(g) != d]
    vanished = [g for g in before if g not in digests]
    documents = {str(document_graph_iri(doc_id)): doc_id for doc_id in builder.facts}
    builder.materialise(documents[g] for g in changed if g in documents)
    by_iri = {str(g): g for g in quads.graphs}
    subjects_before = _read_subjects(store_dir / GENERATIONS / previous)

    def apply(store: ox.Store) -> int:
        delta = 0
        for iri in vanished:
            graph = ox.NamedNode(iri)
            delta -= sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
            store.remove_graph(graph)
        for iri in changed:
            graph, name = by_iri[iri], ox.NamedNode(iri)
            before_here, now_here = subjects_before.get(iri), computed.subjects.get(iri)
            if before_here is None or now_here is None:  # a document's graph, or none kept: the whole graph
                new = {to_ox_quad(s, p, o, graph) for s, p, o in quads.graphs[graph]}
                existing = set(store.quads_for_pattern(None, None, None, name))
            else:  # the subjects whose digest changed, and those gone
                touched = {k for k, d in now_here.items() if before_here.get(k) != d}
                touched |= before_here.keys() - now_here.keys()
                new = {to_ox_quad(s, p, o, graph) for s, p, o in quads.graphs[graph]
                       if (f"{s} {p}" if p in POSITIONS else str(s)) in touched}
                existing = set()
                for key in sorted(touched):
                    subject, predicate = _split_key(key)
                    found = store.quads_for_pattern(ox.NamedNode(subject),
                                                    ox.NamedNode(predicate) if predicate else None, None, name)
                    existing.update(q for q in found if predicate or q.predicate.value not in position_iris)
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


