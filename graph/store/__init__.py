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
                               the digest of the corrections applied; a digest per named graph
        subjects.json          per subject, a digest of its triples in each graph that is not a
                               document's (the corpus graph): which nodes the next write rereads
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
and only the named graphs whose digest (kept in the manifest) differs get their quads' difference. A
document graph's digest is of its facts (graph.document_facts), so only the changed documents' triples
are made; in the corpus graph only the subjects whose digest changed are read back and diffed.
The resolution itself still reads every stored analysis: an addition costs O(N) in CPU (decoding and
resolving the N documents, building the corpus graph's nodes), and O(claims + events) in writes, since
the ready queries' orders (graph.build add_sort_keys) are positions that an addition renumbers.

The package, one module per idea: layout (the folder, HEAD, manifests, the write lock), analyses (the cache
of analyses and corrections), generations (writing one, collecting old ones), reader (reading the current
one), update (adding documents, merging stores), shards (quads as N-Quads shards, the scale path).
"""

from __future__ import annotations

from graph.store.analyses import _stored_corrections, cached_analyses, stored_corrections, stored_documents
from graph.store.generations import BULK_THRESHOLD, graph_digests
from graph.store.layout import (
    ANALYSES,
    CORRECTIONS,
    DB,
    GENERATIONS,
    HEAD,
    MANIFEST,
    MARKER,
    READER_LOCK,
    STORE_FORMAT,
    WRITE_LOCK,
    _read_manifest,
    _write_lock,
    check_store_target,
    content_hash,
    is_store,
)
from graph.store.reader import StoreReader, open_store, quad_count
from graph.store.shards import export_nquads_shards, load_shards, shard_prefix, to_ox_quad, write_nquads_shards
from graph.store.update import StoreSummary, add_documents, merge_stores

__all__ = ["StoreSummary", "StoreReader", "add_documents", "open_store", "stored_documents", "cached_analyses",
           "content_hash", "is_store", "quad_count", "write_nquads_shards", "export_nquads_shards", "load_shards",
           "merge_stores", "to_ox_quad", "shard_prefix", "check_store_target", "stored_corrections", "graph_digests",
           # (the layout's names, and what the store's tests look into)
           "ANALYSES", "BULK_THRESHOLD", "CORRECTIONS", "DB", "GENERATIONS", "HEAD", "MANIFEST", "MARKER",
           "READER_LOCK", "STORE_FORMAT", "WRITE_LOCK", "_read_manifest", "_stored_corrections", "_write_lock"]
