"""The scale paths give the same graph as the simple one: streamed build, external sort, worker pool.

Also the serializers that replaced rdflib's: N-Triples is canonical (one triple a line, whatever the
text holds), Turtle and TriG parse back to the same triples in rdflib, pyoxigraph and rapper.
"""

from __future__ import annotations

import gc
import random
import subprocess

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from graph import export
from graph.build import CORPUS_GRAPH, QuadBuffer, document_graph_iri, to_graph
from graph.export import QuadSpool, nt_term, serialize, write_outputs
from graph.namespaces import NIF, PARLEY, doc_iri, instance_iri
from graph.pipeline import SpooledAnalyses, run
from tests.conftest import require

FORMATS = ["turtle", "trig", "nt", "nquads", "jsonld"]


@pytest.fixture(scope="module")
def streamed(seed_corpus, tmp_path_factory):
    result = run([seed_corpus], lambda e: None, stream=True, workdir=tmp_path_factory.mktemp("spool"))
    yield result
    result.close()


def test_streamed_build_equals_the_in_memory_build_byte_for_byte(seed_build, streamed, tmp_path):
    assert len(streamed.analyses) == len(seed_build.result.analyses) == 5
    assert len(streamed.quads) == len(seed_build.result.quads)
    written = write_outputs(streamed.quads, tmp_path, FORMATS)
    for fmt in ("turtle", "trig", "nt"):
        assert written[fmt].read_bytes() == (seed_build.out / written[fmt].name).read_bytes(), fmt
    assert set(to_graph(streamed.quads)) == set(seed_build.graph)
    # The summary's counts come from the resolved corpus, the same in both modes.
    assert streamed.corpus.actors.keys() == seed_build.result.corpus.actors.keys()
    assert streamed.corpus.claims.keys() == seed_build.result.corpus.claims.keys()


def test_spooled_analyses_read_back_without_the_analysis_text(seed_build, tmp_path):
    analyses = seed_build.result.analyses
    spool = SpooledAnalyses(tmp_path)
    for analysis in analyses:
        spool.append(analysis)
    assert len(spool) == len(analyses)
    back = list(spool)
    assert [a.source for a in back] == [a.source for a in analyses]
    assert [a.entities for a in back] == [a.entities for a in analyses]
    assert [a.assertions for a in back] == [a.assertions for a in analyses]
    assert all(a.document.analysis_text == "" for a in back)  # dropped: only the extractors read it
    assert spool[3].source.id == analyses[3].source.id and spool[-1].source == analyses[-1].source
    assert [d.source.id for d in spool.documents()] == [a.source.id for a in analyses]
    # A resolver reads back only its part of each analysis; the others come back empty.
    events_only = list(spool.only("events"))
    assert [a.events for a in events_only] == [a.events for a in analyses]
    assert any(a.events for a in events_only)
    assert not any(a.entities or a.assertions or a.relations for a in events_only)
    assert spool.only("relations")[2].relations == analyses[2].relations
    with pytest.raises(ValueError, match="no such part"):
        spool.only("texts")
    spool.close()
    assert not spool.path.exists()


def test_a_build_collects_garbage_less_often_and_restores_the_collector(seed_corpus):
    thresholds = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    run([seed_corpus], lambda error: None, on_document=lambda analysis: seen.append(gc.get_threshold()))
    assert seen and all(t[0] > thresholds[0] for t in seen)  # fewer collections while it runs
    assert gc.get_threshold() == thresholds and gc.get_freeze_count() == 0  # and as it was afterwards


def test_worker_pool_gives_the_same_turtle(seed_corpus, seed_build):
    pooled = run([seed_corpus], lambda e: None, n_process=2, stream=True)
    try:
        assert [a.source.id for a in pooled.analyses] == [a.source.id for a in seed_build.result.analyses]
        assert serialize(pooled.quads, "turtle") == seed_build.ttl.read_bytes()
    finally:
        pooled.close()


def test_external_sort_is_independent_of_insertion_order_and_run_size(seed_build, monkeypatch):
    quads = [(g, s, p, o) for s, p, o, g in seed_build.result.quads.quads()]
    expected = {fmt: serialize(seed_build.result.quads, fmt) for fmt in ("turtle", "trig", "nquads")}
    monkeypatch.setattr(export, "MERGE_FAN_IN", 3)  # forces a second merge level
    shuffled = quads + quads[:50]  # duplicates collapse, as in QuadBuffer's sets
    random.Random(4).shuffle(shuffled)
    with QuadSpool(run_lines=97) as spool:
        for quad in shuffled:
            spool.add(*quad)
        assert len(spool) == len(seed_build.result.quads)
        for fmt, data in expected.items():
            assert serialize(spool, fmt) == data, fmt
        # The sorted runs of quads stay (the order by graph is sorted from them, when asked for), merged
        # down to MERGE_FAN_IN; the runs merged into them and the runs by graph are gone.
        runs = sorted(path.name.split(".")[0] for path in spool.workdir.glob("*.run"))
        assert runs and set(runs) == {"quads"} and len(runs) <= 3
        workdir = spool.workdir
    assert not workdir.exists()


TRICKY = ["two\nlines", 'ends with a quote"', 'three """ quotes', "back\\slash and \\n literally",
          "tab\there", "carriage\r\nreturn", "bell\x07 and \x1f", "émigré – “quoted” Київ", '"\n"', "\\", ""]


def _tricky_buffer(texts: list[str]) -> QuadBuffer:
    buffer = QuadBuffer()
    for i, text in enumerate(texts):
        d = doc_iri(f"d{i}")
        buffer.add(document_graph_iri(f"d{i}"), d, NIF.isString, Literal(text))
        buffer.add(CORPUS_GRAPH, instance_iri("actor", f"a{i}"), RDFS.label, Literal(text, lang="en"))
    buffer.add(CORPUS_GRAPH, instance_iri("actor", "a0"), PARLEY["count"], Literal(4))
    buffer.add(CORPUS_GRAPH, instance_iri("actor", "a0"), PARLEY.issued, Literal("2024-08-02", datatype=XSD.date))
    buffer.add(CORPUS_GRAPH, instance_iri("actor", "a0"), PARLEY.ref, URIRef("https://example.org/a#b=c,d"))
    return buffer


def _oxigraph_triples(data: bytes, fmt) -> set:
    return {(str(t.subject), str(t.predicate), str(t.object))
            for t in pyoxigraph.parse(data, fmt, without_named_graphs=fmt != pyoxigraph.RdfFormat.TRIG)}


def test_every_format_round_trips_texts_with_quotes_newlines_and_control_characters(tmp_path):
    buffer = _tricky_buffer(TRICKY)
    reference = set(to_graph(buffer))
    nt = serialize(buffer, "nt")
    assert nt.count(b"\n") == len(reference)  # one triple a line: N-Triples has no multi-line strings
    for fmt, rdflib_format in (("nt", "nt"), ("turtle", "turtle"), ("jsonld", "json-ld")):
        assert set(Graph().parse(data=serialize(buffer, fmt), format=rdflib_format)) == reference, fmt
    dataset = Dataset()
    dataset.parse(data=serialize(buffer, "trig"), format="trig")
    assert {(s, p, o) for s, p, o, _ in dataset.quads()} == reference
    ox_nt = _oxigraph_triples(nt, pyoxigraph.RdfFormat.N_TRIPLES)
    assert _oxigraph_triples(serialize(buffer, "turtle"), pyoxigraph.RdfFormat.TURTLE) == ox_nt
    assert _oxigraph_triples(serialize(buffer, "trig"), pyoxigraph.RdfFormat.TRIG) == ox_nt
    ttl = serialize(buffer, "turtle").decode()
    assert '"""two\nlines"""' in ttl  # texts keep their line breaks in Turtle, readable
    assert "parley:count 4" in ttl and '"2024-08-02"^^xsd:date' in ttl


def test_rapper_accepts_turtle_trig_and_ntriples_with_tricky_texts(tmp_path):
    rapper = require("rapper")
    written = write_outputs(_tricky_buffer(TRICKY), tmp_path, ["turtle", "trig", "nt", "nquads"])
    expected = len(to_graph(_tricky_buffer(TRICKY)))
    for fmt, parser in (("turtle", "turtle"), ("trig", "trig"), ("nt", "ntriples"), ("nquads", "nquads")):
        proc = subprocess.run([rapper, "-i", parser, "-c", str(written[fmt])], capture_output=True, text=True)
        assert proc.returncode == 0, (fmt, proc.stderr)
        assert f"returned {expected} triples" in proc.stderr, (fmt, proc.stderr)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_survives_ntriples_and_turtle(text):
    term = nt_term(Literal(text))
    assert "\n" not in term and "\r" not in term
    parsed = next(iter(pyoxigraph.parse(f"<http://e/s> <http://e/p> {term} .\n".encode(),
                                        pyoxigraph.RdfFormat.N_TRIPLES)))
    assert parsed.object.value == text
    buffer = QuadBuffer()
    buffer.add(CORPUS_GRAPH, URIRef("http://e/s"), URIRef("http://e/p"), Literal(text))
    back = next(iter(pyoxigraph.parse(serialize(buffer, "turtle"), pyoxigraph.RdfFormat.TURTLE)))
    assert back.object.value == text
