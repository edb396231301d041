"""The page of a build is read from the build's own triples (graph/triple_index.py), not from the
graph loaded into rdflib: the same page, byte for byte, as the rdflib path gives, which
`parley viz GRAPH` still takes."""

from __future__ import annotations

import pytest
from profile_fixture import profile_graph
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.analytics import read_story
from graph.errors import ParleyError
from graph.export import QuadSpool, nt_term
from graph.triple_index import LangString, TripleIndex, index_of_build, load_triples
from graph.visualize import render_html, write_html


def _nt_lines(graph) -> list[str]:
    return sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph})


def test_the_page_from_the_triples_is_the_page_from_rdflib(tmp_path):
    graph = profile_graph()
    actor = next(s for s in graph.subjects(RDFS.label, None) if "/actor/" in str(s) or "/person/" in str(s))
    # Literals N-Triples must escape (a quote, a line break, a tab, a backslash, a control character),
    # outside the Basic Multilingual Plane, and with language tags: read back as they were written.
    graph.add((actor, SKOS.altLabel, Literal('the "Negotiator"\nof\tthe talks \\ back\x07slash 🕊')))
    graph.add((actor, SKOS.altLabel, Literal("le négociateur", lang="fr")))
    index = TripleIndex.from_nt_lines(_nt_lines(graph))
    assert len(index) + index.skipped == len(graph)
    assert read_story(index) == read_story(graph)
    assert 'the "Negotiator"\nof\tthe talks \\ back\x07slash 🕊' in read_story(index).nodes[str(actor)].alt_labels
    french = [o for o in index.objects(URIRef(str(actor)), SKOS.altLabel) if isinstance(o, LangString)]
    assert [(str(o), o.language) for o in french] == [("le négociateur", "fr")]
    assert render_html(read_story(index)) == render_html(read_story(graph))
    from_rdflib, from_index = write_html(graph, tmp_path / "a.html"), write_html(index, tmp_path / "b.html")
    assert from_rdflib.read_bytes() == from_index.read_bytes()


def test_a_build_page_reads_its_spooled_triples(seed_build, tmp_path):
    spool = QuadSpool(tmp_path).update(seed_build.result.quads).finish()
    index = index_of_build(spool)
    # Every triple but a mention's NIF classes, which the story never reads.
    assert index.skipped and len(index) + index.skipped == len(seed_build.graph)
    assert read_story(index) == read_story(seed_build.graph)
    assert read_story(index_of_build(seed_build.result.quads)) == read_story(seed_build.graph)
    a, b = write_html(seed_build.graph, tmp_path / "a.html"), write_html(index, tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()
    spool.close()


def test_a_graph_file_is_read_the_same_way(seed_build):
    assert read_story(load_triples(seed_build.ttl)) == read_story(seed_build.graph)
    assert read_story(load_triples(seed_build.out)) == read_story(seed_build.graph)


def test_a_broken_line_names_where_it_is():
    with pytest.raises(ParleyError, match=r"graph\.nt, line 2: not an N-Triples line"):
        TripleIndex.from_nt_lines(['<a:x> <a:p> "ok" .\n', "<a:x> <a:p> no quote\n"], origin="graph.nt")


def test_parley_viz_of_a_graph_file_writes_the_same_page(seed_build, tmp_path):
    from graph.cli import main

    assert main(["viz", str(seed_build.ttl), "-o", str(tmp_path / "viz.html")]) == 0
    expected = write_html(seed_build.graph, tmp_path / "rdflib.html")
    assert (tmp_path / "viz.html").read_bytes() == expected.read_bytes()
