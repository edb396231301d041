"""What a store's write makes and reads: the triples of the documents whose facts changed, the nodes of the corpus
graph whose digest changed, and still a store equal to a fresh build (also when a store kept neither digest)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.analysis_codec import from_jsonable
from graph.build import CORPUS_GRAPH, POSITIONS, GraphBuilder, document_graph_iri
from graph.document_facts import facts_digest
from graph.pipeline import build_corpus, resolve_corrected
from graph.store import GENERATIONS, HEAD, MANIFEST, add_documents
from graph.store.layout import SUBJECTS
from tests.helpers import analyze_texts
from tests.test_store_incremental import fresh_quads, store_quads

TEXTS = {
    "first": "Foreign Minister Anneli Varga met the envoy of Chile in Lima on Monday to discuss the fishing dispute.",
    "second": "Varga said on Tuesday that the fishing talks with Chile would resume in March.",
    "apart": "Floods closed the road to the port of Antofagasta on Sunday, the regional governor said.",
}


@pytest.fixture(scope="module")
def analyses() -> dict:
    return dict(zip(TEXTS, analyze_texts(*TEXTS.values()), strict=True))



def current(path):
    return path / GENERATIONS / (path / HEAD).read_text().strip()


def test_a_builder_that_keeps_facts_makes_only_the_documents_it_is_given(analyses):
    corpus = resolve_corrected(list(analyses.values()))
    builder = GraphBuilder(corpus, keep_facts=True)
    quads = builder.build()
    doc_graphs = {document_graph_iri(a.source.id) for a in analyses.values()}
    assert not doc_graphs & set(quads.graphs)  # no document's triples yet, the corpus graph's all
    assert quads.graphs[CORPUS_GRAPH] == build_corpus(list(analyses.values()))[1].graphs[CORPUS_GRAPH]
    builder.materialise(["t1"])
    whole = build_corpus(list(analyses.values()))[1]
    assert quads.graphs[document_graph_iri("t1")] == whole.graphs[document_graph_iri("t1")]
    assert not {document_graph_iri("t0"), document_graph_iri("t2")} & set(quads.graphs)


def test_a_documents_facts_digest_changes_with_what_its_mentions_denote(analyses):
    """The lone 'Varga' of the second text is Anneli Varga when the first is there: its facts (and digest) change;
    the unrelated text's do not."""
    def digests(chosen):
        builder = GraphBuilder(resolve_corrected([analyses[k] for k in chosen]), keep_facts=True)
        builder.build()
        return {doc_id: facts_digest(facts) for doc_id, facts in builder.facts.items()}

    alone, together = digests(["second", "apart"]), digests(["first", "second", "apart"])
    assert alone["t1"] != together["t1"]
    assert alone["t2"] == together["t2"]


def test_an_addition_rewrites_only_the_corpus_nodes_that_changed_and_equals_a_fresh_build(tmp_path, analyses):
    path = tmp_path / "store"
    add_documents(path, [analyses["second"], analyses["apart"]])
    subjects = json.loads((current(path) / SUBJECTS).read_text())
    assert str(CORPUS_GRAPH) in subjects and subjects[str(CORPUS_GRAPH)]
    summary = add_documents(path, [analyses["first"]])
    assert summary.graphs_written == 3  # the new document, the one whose 'Varga' it names, the corpus graph
    after = json.loads((current(path) / SUBJECTS).read_text())[str(CORPUS_GRAPH)]
    kept = {s for s, d in subjects[str(CORPUS_GRAPH)].items() if after.get(s) == d}
    assert kept and len(kept) < len(after)  # some nodes unchanged (not read back), some rewritten
    # A node's positions in the ready queries' orders have digests of their own ("subject predicate"), so that a
    # node the addition renumbers only is rewritten by that one triple.
    positions = {key.partition(" ")[2] for key in after if " " in key}
    assert positions == {str(p) for p in POSITIONS}
    assert all(key.partition(" ")[0] in after for key in after if " " in key)
    assert store_quads(path) == fresh_quads(analyses.values())
    assert len(store_quads(path)) == summary.quads_after


def test_a_store_that_kept_no_digests_of_facts_or_subjects_still_equals_a_fresh_build(tmp_path, analyses):
    """A store written before: its manifest's digests are of triples, and it has no subjects file. Its next write
    rewrites every document's graph (the digests differ) and the corpus graph whole."""
    path = tmp_path / "store"
    add_documents(path, [analyses["second"], analyses["apart"]])
    gen = current(path)
    (gen / SUBJECTS).unlink()
    manifest = json.loads((gen / MANIFEST).read_text())
    manifest["graphs"] = {g: "0" * 32 for g in manifest["graphs"]}
    (gen / MANIFEST).write_text(json.dumps(manifest))
    summary = add_documents(path, [analyses["first"]])
    assert summary.graphs_written == 4
    assert store_quads(path) == fresh_quads(analyses.values())


def test_the_decoder_keeps_the_errors_of_the_type_walk():
    assert from_jsonable(None, dt.date | None) is None
    assert from_jsonable("2024-10-30", dt.date | None) == dt.date(2024, 10, 30)
    assert from_jsonable(3, float) == 3.0 and isinstance(from_jsonable(3, float), float)
    with pytest.raises(ValueError, match="matches none"):
        from_jsonable(12, dt.date | None)
    with pytest.raises(TypeError, match="expected int"):
        from_jsonable(True, int)
    with pytest.raises(ValueError, match="expected 2 items"):
        from_jsonable([1], tuple[int, int])


def test_a_builder_that_keeps_no_facts_writes_each_at_once_and_holds_no_text(analyses):
    """A build (streamed or not) writes a document's triples as its facts come, and keeps neither the facts nor the
    texts: a streamed build must not hold the corpus's texts in memory."""
    builder = GraphBuilder(resolve_corrected(list(analyses.values())))
    quads = builder.build()
    assert not builder.facts and not builder._texts
    assert quads.graphs == build_corpus(list(analyses.values()))[1].graphs
    assert document_graph_iri("t0") in quads.graphs
