"""parley query: SPARQL over a graph file or a store, ready queries, result formats, errors with
positions, terminal-safe tables."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from graph.cli import main
from graph.namespaces import PARLEY
from graph.query import named_queries, render_table, terminal_safe


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def trig(seed_build) -> Path:
    return seed_build.out / "graph.trig"


def test_ready_queries_are_listed_with_descriptions(capsys):
    code, out, _ = run(capsys, "--list")
    assert code == 0
    for name in ("mediators", "claims-by-outlets", "attribution-differs", "timeline", "who-attacked-what",
                 "claim-sources", "who-speaks-for-whom"):
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert len(line.split(None, 1)[1]) > 10, line  # a description (its first clause), from the comment


def test_mediators_of_the_seed_negotiations_include_qatar(capsys, trig):
    code, out, _ = run(capsys, str(trig), "--name", "mediators", "--format", "csv")
    assert code == 0
    rows = csv_rows(out)
    assert "Qatar" in {r["mediator"] for r in rows}
    assert all(r["kind"] for r in rows)  # the event class is shown


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_ready_query_runs_on_the_seeds_over_file_and_store_alike(capsys, trig, seed_store, name):
    code, from_file, err = run(capsys, str(trig), "--name", name, "--format", "tsv")
    assert code == 0, err
    code, from_store, err = run(capsys, "--store", str(seed_store), "--name", name, "--format", "tsv")
    assert code == 0, err
    # GROUP_CONCAT's order is not defined by SPARQL and differs between stores: compare the lists as sets.
    assert normalized(from_file) == normalized(from_store)


def normalized(tsv: str) -> list[list]:
    return [[sorted(cell.strip('"').split(", ")) for cell in line.split("\t")] for line in tsv.splitlines()]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seed_build) -> Path:
    from graph.store import add_documents

    path = tmp_path_factory.mktemp("qstore") / "store"
    add_documents(path, seed_build.result.analyses)
    return path


def test_claims_by_outlets_counts_agree_with_the_graph(capsys, trig, seed_build):
    code, out, _ = run(capsys, str(trig), "--name", "claims-by-outlets", "--format", "csv")
    rows = csv_rows(out)
    assert rows, "the seeds carry claims"
    counts = [(int(r["outlets"]), int(r["documents"])) for r in rows]
    assert counts == sorted(counts, reverse=True)  # most widely carried first
    graph = seed_build.graph
    for row in rows[:5]:
        claim = URIRef(row["claim"])
        docs = {graph.value(a, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
                for a in graph.objects(claim, PARLEY.assertion)}
        assert int(row["documents"]) == len(docs)


def test_attribution_differs_pairs_really_differ(capsys, trig):
    code, out, _ = run(capsys, str(trig), "--name", "attribution-differs", "--format", "json")
    data = json.loads(out)
    for binding in data["results"]["bindings"]:
        assert binding["document1"]["value"] != binding["document2"]["value"]
        assert binding["attribution1"]["value"] != binding["attribution2"]["value"]


def test_timeline_is_in_date_order(capsys, trig):
    code, out, _ = run(capsys, str(trig), "--name", "timeline", "--format", "csv")
    begins = [r["begin"] for r in csv_rows(out)]
    dated = [b for b in begins if b]
    assert dated == sorted(dated)
    assert begins[: len(dated)] == dated  # undated events come last


def test_bind_narrows_a_ready_query_to_one_claim(capsys, trig):
    _, out, _ = run(capsys, str(trig), "--name", "claim-sources", "--format", "csv")
    rows = csv_rows(out)
    claim = rows[0]["claim"]
    short = "id:" + claim.split("/id/", 1)[1]
    _, out, _ = run(capsys, str(trig), "--name", "claim-sources", "--bind", f"claim={short}", "--format", "csv")
    narrowed = csv_rows(out)
    assert narrowed and {r["claim"] for r in narrowed} == {claim}
    assert len(narrowed) == sum(1 for r in rows if r["claim"] == claim)


def test_query_from_a_file_and_prefixes_predeclared(capsys, trig, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?label WHERE { ?s a parley:State ; rdfs:label ?label } ORDER BY ?label", encoding="utf-8")
    code, out, _ = run(capsys, str(trig), "--file", str(q), "--format", "csv")
    assert code == 0 and {"Qatar", "Russia", "Ukraine"} <= {r["label"] for r in csv_rows(out)}


def test_syntax_error_shows_the_position_not_a_traceback(capsys, trig):
    code, out, err = run(capsys, str(trig), "SELECT ?s WHERE {\n  ?s a parley:State ;\n  ?p }")
    assert code == 2 and out == ""
    assert "line 3, column" in err and "^" in err and "Traceback" not in err
    assert "  ?p }" in err  # the offending line is shown


def test_errors_name_the_problem(capsys, trig, tmp_path):
    code, _, err = run(capsys, str(trig), "--name", "nope")
    assert code == 2 and "no ready query named 'nope'" in err and "mediators" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    code, _, err = run(capsys, str(bad), "ASK {}")
    assert code == 2 and str(bad) in err and "not valid turtle" in err
    code, _, err = run(capsys, "--store", str(tmp_path / "none"), "ASK {}")
    assert code == 2 and "no such store folder" in err
    code, _, err = run(capsys, str(trig))
    assert code == 2 and "no query" in err


@pytest.fixture()
def hostile(tmp_path) -> Path:
    """A graph whose labels hold what CSV and terminals must handle: commas, quotes, line breaks,
    an escape sequence and a right-to-left override."""
    graph = Graph()
    for i, label in enumerate(['Smith, "Jr."\nline two', "\x1b[2J\x1b[31mred\x07", "abc\u202eevil"]):
        node = URIRef(f"https://w3id.org/parley/id/actor/h{i}")
        graph.add((node, RDF.type, PARLEY.Person))
        graph.add((node, RDFS.label, Literal(label)))
    path = tmp_path / "hostile.ttl"
    graph.serialize(path, format="turtle")
    return path


QUERY = "SELECT ?s ?label WHERE { ?s a parley:Person ; rdfs:label ?label } ORDER BY ?s"


def test_csv_and_json_carry_text_exactly(capsys, hostile):
    _, out, _ = run(capsys, str(hostile), QUERY, "--format", "csv")
    labels = [r["label"] for r in csv_rows(out)]
    assert labels == ['Smith, "Jr."\nline two', "\x1b[2J\x1b[31mred\x07", "abc\u202eevil"]
    _, out, _ = run(capsys, str(hostile), QUERY, "--format", "json")
    assert [b["label"]["value"] for b in json.loads(out)["results"]["bindings"]] == labels


def test_table_is_safe_on_a_terminal(capsys, hostile):
    _, out, _ = run(capsys, str(hostile), QUERY, "--format", "table")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    lines = out.splitlines()
    assert len(lines) == 2 + 3 + 1  # header, rule, one line per row (the line break is flattened), count
    assert 'Smith, "Jr." line two' in out


def test_construct_results_are_rdf(capsys, trig):
    code, out, _ = run(capsys, str(trig), "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a parley:State ; rdfs:label ?l }",
                       "--format", "turtle")
    assert code == 0
    assert len(Graph().parse(data=out, format="turtle")) >= 3
    code, _, err = run(capsys, str(trig), "ASK { ?s ?p ?o }", "--format", "turtle")
    assert code == 2 and "ASK result" in err


def test_render_table_pads_wide_characters():
    table = render_table(["a", "b"], [["東京", "x"], ["ab", "y"]])
    first, _, row1, row2, _ = table.splitlines()
    def columns(text: str) -> int:  # display columns: East Asian wide characters take two
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    assert columns(row1[: row1.index("x")]) == columns(row2[: row2.index("y")]) == 6


def test_terminal_safe_keeps_ordinary_text():
    assert terminal_safe("Zelenskyy’s “plan” — 5 km") == "Zelenskyy’s “plan” — 5 km"
    assert terminal_safe("a\tb\r\nc\x1b[0m") == "a b  c[0m"


def test_query_errors_are_said_in_words(capsys, trig):
    code, _, err = run(capsys, str(trig), "SELECT ?s WHERE { ?s foo:bar ?o }")
    assert code == 2 and "prefix foo:" in err and "parley:" in err and "\\u{" not in err
    code, _, err = run(capsys, str(trig), "SELEC ?s WHERE { ?s ?p ?o }")
    assert code == 2 and "SELECT, CONSTRUCT, DESCRIBE, ASK" in err and "SelectQuery" not in err
    code, _, err = run(capsys, str(trig), "SELECT ?s WHERE { ?s ?p ?o ")
    assert code == 2 and "ends before it is complete" in err
    code, _, err = run(capsys, str(trig), "DELETE WHERE { ?s ?p ?o }")
    assert code == 2 and "read-only" in err and "Update" in err
    code, _, err = run(capsys, "--name", "mediator", str(trig))
    assert code == 2 and "did you mean 'mediators'" in err
    # Declared prefixes, predeclared ones and IRIs pass the check.
    code, out, _ = run(capsys, str(trig), "PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) "
                                          "WHERE { ?s a parley:State . OPTIONAL { ?s ex:p <http://x/o> } }",
                       "--format", "csv")
    assert code == 0 and int(out.split()[1]) > 0
