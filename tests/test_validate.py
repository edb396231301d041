"""SHACL validation: built graphs conform; each broken rule of the core profile is caught and
reported in plain words (focus node, property, problem)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from graph.cli import main
from graph.namespaces import NIF, PARLEY, PROV, SEM
from graph.validate import load_rdf, validate_graph


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Graph:
    return seed_build.graph


def broken(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def lines_for(graph: Graph) -> list[str]:
    report = validate_graph(graph)
    assert not report.conforms
    return report.lines(graph)


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig", "graph.jsonld", "graph.nt"])
def test_every_built_seed_graph_conforms(seed_build, name, capsys):
    assert main(["validate", str(seed_build.out / name)]) == 0
    assert "conforms to the core profile" in capsys.readouterr().out


def test_a_graph_of_our_own_sentences_conforms():
    from tests.helpers import graph_of

    graph = graph_of("Qatar is mediating indirect talks between Russia and Ukraine in Doha, "
                     "a diplomat told the Financial Times on Tuesday.",
                     "Ukrainian drones struck an oil depot in the Bryansk region in August 2024, "
                     "Russian officials said.")
    report = validate_graph(graph)
    assert report.conforms, report.lines(graph)[:5]


def test_removing_labels_is_rejected_naming_the_actor(seed_graph, tmp_path, capsys):
    graph = broken(seed_graph)
    actor = next(graph.subjects(RDF.type, PARLEY.State))
    graph.remove((None, RDFS.label, None))
    path = tmp_path / "nolabels.ttl"
    graph.serialize(path, format="turtle")
    assert main(["validate", str(path), "--limit", "0"]) == 1
    out = capsys.readouterr().out
    assert "does NOT conform" in out
    slug = str(actor).rsplit("/", 1)[1]
    assert any(slug in line and "rdfs:label" in line and "canonical name" in line for line in out.splitlines())


def test_anchor_that_is_not_the_text_between_the_offsets(seed_graph):
    graph = broken(seed_graph)
    mention = next(graph.subjects(NIF.anchorOf, None))
    real = str(graph.value(mention, NIF.anchorOf))
    graph.set((mention, NIF.anchorOf, Literal(real + "x")))
    lines = lines_for(graph)
    assert any(f'its text is "{real}x" but the document has "{real}" there' in line for line in lines), lines


def test_offsets_must_be_integers_and_in_order(seed_graph):
    graph = broken(seed_graph)
    mention = next(graph.subjects(NIF.beginIndex, None))
    begin, end = graph.value(mention, NIF.beginIndex), graph.value(mention, NIF.endIndex)
    graph.set((mention, NIF.beginIndex, Literal(str(begin))))  # a string, not xsd:integer
    assert any("nif:beginIndex" in line and "xsd:integer" in line for line in lines_for(graph))
    graph = broken(seed_graph)
    graph.set((mention, NIF.beginIndex, Literal(int(end) + 1)))
    assert any("begin offset is after its end" in line for line in lines_for(graph))


def test_assertion_without_a_document(seed_graph):
    graph = broken(seed_graph)
    assertion = next(graph.subjects(RDF.type, PARLEY.Assertion))
    graph.remove((assertion, PROV.wasDerivedFrom, None))
    assert any("prov:wasDerivedFrom" in line and "needs exactly one document" in line for line in lines_for(graph))


def test_roles_must_point_at_actors(seed_graph):
    graph = broken(seed_graph)
    event = URIRef("https://w3id.org/parley/id/event/test-talks")
    graph.add((event, RDF.type, PARLEY.Negotiation))
    graph.add((event, RDFS.label, Literal("test talks")))
    graph.add((event, SEM.eventType, URIRef("https://w3id.org/parley/plover#CONSULT")))
    graph.add((event, PARLEY.mediator, Literal("Qatar")))  # a string, not the actor
    graph.add((event, SEM.hasBeginTimeStamp, Literal("August 2024")))  # not an xsd:date
    lines = [line for line in lines_for(graph) if "test-talks" in line]
    assert any("parley:mediator" in line and "must be an actor" in line for line in lines), lines
    assert any("sem:hasBeginTimeStamp" in line and "xsd:date" in line for line in lines), lines


def test_dates_in_order_and_typed(seed_graph):
    graph = broken(seed_graph)
    event = URIRef("https://w3id.org/parley/id/event/test-backwards")
    graph.add((event, RDF.type, PARLEY.Summit))
    graph.add((event, RDFS.label, Literal("backwards")))
    graph.add((event, SEM.eventType, URIRef("https://w3id.org/parley/plover#CONSULT")))
    graph.add((event, SEM.hasBeginTimeStamp, Literal("2024-09-01", datatype=XSD.date)))
    graph.add((event, SEM.hasEndTimeStamp, Literal("2024-08-01", datatype=XSD.date)))
    assert any("test-backwards" in line and "begins after it ends" in line for line in lines_for(graph))


def test_an_instance_of_no_known_kind(seed_graph):
    graph = broken(seed_graph)
    state = next(graph.subjects(RDF.type, PARLEY.State))
    graph.remove((state, RDF.type, None))
    graph.add((state, RDF.type, URIRef("https://example.org/Thing")))
    assert any("no known kind" in line for line in lines_for(graph))


def test_messages_do_not_let_text_drive_the_terminal(seed_graph, tmp_path, capsys):
    """A hostile label reaches the report; the printed line carries no escape sequence."""
    graph = broken(seed_graph)
    state = next(graph.subjects(RDF.type, PARLEY.State))
    graph.add((state, RDFS.label, Literal("\x1b[2J\x1b[31mowned")))  # a second label: a violation
    path = tmp_path / "hostile.ttl"
    graph.serialize(path, format="turtle")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "canonical name" in out


def test_unreadable_graph_is_one_line_naming_the_file(tmp_path, capsys):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix x: <http://x/> .\nx:a x:b \n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "not valid turtle" in err and "Traceback" not in err
    assert main(["validate", str(tmp_path / "graph.xyz")]) == 2
    assert "unknown RDF format" in capsys.readouterr().err


def test_load_rdf_merges_named_graphs(seed_build):
    merged = load_rdf(Path(seed_build.out / "graph.trig"))
    assert len(merged) == len(seed_build.graph)
