"""Adding documents to a store writes only the named graphs that change, and the store still equals a fresh
build of all its documents, also when the addition merges what was apart or splits what was one."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.build import CORPUS_GRAPH, document_graph_iri
from graph.namespaces import PARLEY
from graph.pipeline import build_corpus
from graph.store import GENERATIONS, HEAD, _read_manifest, add_documents, open_store, to_ox_quad
from tests.helpers import analyze_texts

TEXTS = {
    # A lone surname, then the one full name it joins, then a second full name that makes it ambiguous.
    "lone": "Halvorsen said on Tuesday that the talks in Oslo would resume next week.",
    "ingrid": "Negotiator Ingrid Halvorsen met delegates from Chile and Peru in Lima on Monday.",
    "erik": "Erik Halvorsen, a senior diplomat, told reporters in Santiago that no deal was near.",
    # Names nothing the others name: its graph must not be rewritten by their additions.
    "apart": "Heavy rain closed the harbour of Valparaiso on Sunday, the port authority said.",
}


@pytest.fixture(scope="module")
def analyses() -> dict:
    found = analyze_texts(*TEXTS.values())
    return dict(zip(TEXTS, found, strict=True))


def fresh_quads(analyses) -> set[ox.Quad]:
    _, quads = build_corpus(list(analyses))
    return {to_ox_quad(*q) for q in quads.quads()}


def store_quads(path) -> set[ox.Quad]:
    with open_store(path) as store:
        return set(store)


def graph_of(path, doc_id: str) -> set[ox.Quad]:
    graph = ox.NamedNode(str(document_graph_iri(doc_id)))
    with open_store(path) as store:
        return set(store.quads_for_pattern(None, None, None, graph))


def person_iris(path) -> set[str]:
    with open_store(path) as store:
        rows = store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p a <{PARLEY.Person}> }} }}")
        return {row["p"].value for row in rows}


def test_an_addition_that_merges_rewrites_the_earlier_document_and_equals_a_fresh_build(tmp_path, analyses):
    path = tmp_path / "store"
    add_documents(path, [analyses["lone"], analyses["apart"]])
    lone_before, apart_before = graph_of(path, "t0"), graph_of(path, "t3")
    summary = add_documents(path, [analyses["ingrid"]])
    # The lone surname now stands for Ingrid Halvorsen: its document's graph changed, the unrelated one's not.
    assert graph_of(path, "t0") != lone_before
    assert graph_of(path, "t3") == apart_before
    assert any(iri.endswith("/ingrid-halvorsen") for iri in person_iris(path))
    assert summary.graphs_written is not None and summary.graphs_written <= 3  # t0, t1 and the corpus graph
    assert store_quads(path) == fresh_quads([analyses[k] for k in ("lone", "apart", "ingrid")])


def test_an_addition_that_splits_equals_a_fresh_build(tmp_path, analyses):
    path = tmp_path / "store"
    add_documents(path, [analyses["lone"], analyses["ingrid"], analyses["apart"]])
    merged = graph_of(path, "t0")
    summary = add_documents(path, [analyses["erik"]])
    # With two Halvorsens the lone surname is no longer Ingrid's: the earlier graph changes back.
    assert graph_of(path, "t0") != merged
    assert summary.graphs_written is not None and summary.graphs_written < 5
    assert store_quads(path) == fresh_quads([analyses[k] for k in ("lone", "ingrid", "apart", "erik")])
    assert len(store_quads(path)) == summary.quads_after


def test_a_replaced_document_and_the_graph_it_leaves(tmp_path, analyses):
    """A document replaced by another text under its id: its graph is the new one's, the quad count exact."""
    import dataclasses

    path = tmp_path / "store"
    add_documents(path, [analyses["lone"], analyses["apart"]])
    other = analyses["erik"]
    renamed = dataclasses.replace(other, document=dataclasses.replace(
        other.document, source=dataclasses.replace(other.source, id="t0")))
    summary = add_documents(path, [renamed])
    assert summary.replaced == ["t0"]
    assert store_quads(path) == fresh_quads([renamed, analyses["apart"]])
    assert len(store_quads(path)) == summary.quads_after


def test_the_manifest_keeps_a_digest_per_named_graph(tmp_path, analyses):
    path = tmp_path / "store"
    add_documents(path, [analyses["lone"], analyses["apart"]])
    manifest = _read_manifest(path / GENERATIONS / (path / HEAD).read_text().strip())
    assert set(manifest["graphs"]) == {str(CORPUS_GRAPH), str(document_graph_iri("t0")),
                                       str(document_graph_iri("t3"))}
