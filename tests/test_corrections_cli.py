"""Corrections through the commands: build and rebuild (byte for byte), the file beside the corpus, a
store that keeps applying them on every update, merge, ``parley correct``, and the reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from graph.cli import main
from graph.corrections import loads
from graph.ingest import default_corpus
from graph.namespaces import ID, PARLEY
from graph.pipeline import analyze_text
from graph.store import add_documents, merge_stores, open_store, stored_corrections

CORRECTIONS = """
[[correction]]
name = "government-is-no-actor"
change = "not-actor"
actor = { label = "government", kind = "Actor" }
by = "A. Analyst"
date = 2026-12-03
note = "a generic word, not one actor"

[[correction]]
name = "summit-host"
change = "event"
event = { kind = "Summit", with = "Switzerland" }
add = { host = ["Switzerland"] }
by = "B. Analyst"
date = 2026-12-02
note = "the summit was held in Switzerland"

[[correction]]
name = "no-such-state"
change = "actor"
actor = "Atlantis"
kind = "State"
by = "A. Analyst"
date = 2026-12-03
note = "an example of a stale one"
"""
GOVERNMENT = ID["actor/government"]
CORRECTED = f"ASK {{ ?e parley:host <{ID['actor/switzerland']}> ; parley:correctedBy ?c }}"


def ask(store_dir: Path, query: str) -> bool:
    prefixes = f"PREFIX parley: <{PARLEY}>\n"
    with open_store(store_dir) as store:
        return bool(store.query(prefixes + query, use_default_graph_as_union=True))


def government_in(store_dir: Path) -> bool:
    return ask(store_dir, f"ASK {{ <{GOVERNMENT}> a ?kind }}")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(default_corpus(), folder)
    return folder


def test_a_build_with_corrections_is_byte_identical_run_after_run_and_reports_the_stale_one(
        tmp_path, capsys, seed_corpus):
    path = tmp_path / "fixes.toml"
    path.write_text(CORRECTIONS, encoding="utf-8")
    outputs = []
    for run in range(2):
        out = tmp_path / f"out{run}"
        assert main(["build", str(seed_corpus), "-o", str(out), "--corrections", str(path), "--no-html",
                     "--format", "trig"]) == 0
        captured = capsys.readouterr()
        assert "correction 'no-such-state' (" in captured.err and "matches no actor" in captured.err
        assert "Corrections: 2 applied, 1 stale" in captured.out
        outputs.append(((out / "graph.ttl").read_bytes(), (out / "graph.trig").read_bytes()))
    assert outputs[0] == outputs[1]
    from rdflib import Graph
    from rdflib.namespace import RDF

    graph = Graph().parse(data=outputs[0][0].decode("utf-8"), format="turtle")
    assert (GOVERNMENT, RDF.type, None) not in graph and list(graph.subjects(PARLEY.correctedBy, None))
    assert main(["build", str(seed_corpus), "-o", str(tmp_path / "strict"), "--corrections", str(path),
                 "--no-html", "--strict", "-q"]) == 1


def test_the_file_beside_the_corpus_is_applied_and_not_counted_as_an_unread_file(corpus, tmp_path, capsys):
    (corpus / "corrections.toml").write_text(CORRECTIONS, encoding="utf-8")
    assert main(["build", str(corpus), "-o", str(tmp_path / "out"), "--no-html"]) == 0
    captured = capsys.readouterr()
    assert "Corrections: 2 applied" in captured.out
    assert "not read" not in captured.err
    from rdflib import Graph
    from rdflib.namespace import RDF

    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert (GOVERNMENT, RDF.type, None) not in graph
    assert list(graph.subjects(PARLEY.correctedBy, None))


def test_a_store_keeps_its_corrections_through_every_update(tmp_path, seed_build, capsys):
    store = tmp_path / "store"
    analyses = list(seed_build.result.analyses)
    fixes = loads(CORRECTIONS, "fixes.toml")
    summary = add_documents(store, analyses, corrections=fixes)
    assert any("no-such-state" in line for line in summary.corrections)
    assert ask(store, CORRECTED) and not government_in(store)
    # An update that names no corrections: the store applies its own again.
    extra = analyze_text("Envoys from Norway and Colombia met in Oslo on Tuesday to discuss a ceasefire.",
                         doc_id="own-1")
    summary = add_documents(store, [extra])
    assert summary.added == ["own-1"] and any("no-such-state" in line for line in summary.corrections)
    assert ask(store, CORRECTED) and not government_in(store)
    assert [c.name for c in stored_corrections(store)] == [c.name for c in fixes]
    # Nothing new: nothing written, the stale one said again.
    summary = add_documents(store, [extra])
    assert not summary.changed and any("no-such-state" in line for line in summary.corrections)
    # Other corrections and no new document: a new generation. None at all: the machine's graph again.
    generation = summary.generation
    summary = add_documents(store, [extra], corrections=fixes[1:])
    assert summary.corrections_changed and summary.generation != generation and government_in(store)
    summary = add_documents(store, [extra], corrections=[])
    assert summary.corrections_changed and not ask(store, CORRECTED) and stored_corrections(store) == []


def test_build_into_a_store_and_merge_carry_the_corrections(tmp_path, seed_corpus, seed_build, capsys):
    fixes = tmp_path / "fixes.toml"
    fixes.write_text(CORRECTIONS, encoding="utf-8")
    one = tmp_path / "one"
    assert main(["build", str(seed_corpus), "-o", str(tmp_path / "out"), "--no-html", "-q", "--store", str(one),
                 "--corrections", str(fixes)]) == 0
    err = capsys.readouterr().err
    assert err.count("'no-such-state'") == 1  # the build's graph and the store say it once
    assert ask(one, CORRECTED)
    two = tmp_path / "two"
    add_documents(two, [analyze_text("Talks between Chile and Peru resumed in Lima.", doc_id="own-2")])
    merged = tmp_path / "merged"
    summary = merge_stores(merged, [one, two])
    assert summary.documents == 6 and ask(merged, CORRECTED) and not government_in(merged)
    assert main(["merge", str(one), str(two), "--store", str(tmp_path / "m2"), "--strict"]) == 1
    assert "no-such-state" in capsys.readouterr().err


def test_parley_correct_adds_one_that_the_next_build_applies(tmp_path, seed_corpus, capsys):
    path = tmp_path / "corrections.toml"
    assert main(["correct", "event", "-f", str(path), "--event", "kind=Summit with=Switzerland",
                 "--add", "host=label=Switzerland kind=State", "--remove", "party=Volodymyr Zelensky",
                 "--by", "C. Analyst", "--date", "2026-12-01", "--note", "Zelensky led Ukraine's delegation"]) == 0
    assert main(["correct", "not-actor", "-f", str(path), "--actor", "label=government kind=Actor",
                 "--by", "C. Analyst", "--note", "a generic word"]) == 0
    capsys.readouterr()
    assert main(["correct", "not-actor", "-f", str(path), "--actor", "label=government kind=Actor",
                 "--by", "C. Analyst", "--note", "a generic word"]) == 2
    assert "holds this correction already" in capsys.readouterr().err
    [summit, government] = loads(path.read_text(encoding="utf-8"), str(path))
    assert summit.by == "C. Analyst" and summit.note == "Zelensky led Ukraine's delegation"
    assert [(role, s.label, s.kind) for role, s in summit.add] == [("host", "Switzerland", "State")]
    assert government.targets[0].kind == "Actor"
    assert main(["build", str(seed_corpus), "-o", str(tmp_path / "out"), "--no-html", "--corrections", str(path),
                 "--strict"]) == 0
    assert "Corrections: 2 applied, 0 stale" in capsys.readouterr().out


@pytest.mark.parametrize("words, problem", [
    (["--actor", "X"], "takes no --actor"),
    (["--event", "kind=Summit", "--status", "over"], "'status' must be one of"),
    (["--event", "kind=Summit", "--add", "Qatar"], "is not ROLE=SEL"),
    (["--event", "kind=Summit", "--date", "yesterday"], "'date' must be a date"),
])
def test_parley_correct_refuses_what_a_build_could_not_read(tmp_path, capsys, words, problem):
    path = tmp_path / "corrections.toml"
    assert main(["correct", "event", "-f", str(path), "--note", "n", "--by", "me", *words]) == 2
    err = capsys.readouterr().err
    assert problem in err and "Traceback" not in err and not path.exists()


def test_a_bad_corrections_file_stops_the_build_before_the_nlp_naming_it(tmp_path, capsys, seed_corpus):
    path = tmp_path / "fixes.toml"
    path.write_text('[[correction]]\nchange = "not-actor"\nactor = "X"\nby = "me"\ndate = 2026-12-03\n')
    out = tmp_path / "out"
    assert main(["build", str(seed_corpus), "-o", str(out), "--corrections", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: correction 1: 'note' (why) must be a non-empty string" in err
    assert not (out / "graph.ttl").exists()
    assert main(["build", str(seed_corpus), "-o", str(out), "--corrections", str(tmp_path / "missing.toml")]) == 2
    assert "no such corrections file" in capsys.readouterr().err


def test_the_ready_query_lists_the_corrections(tmp_path, seed_corpus, capsys):
    path = tmp_path / "fixes.toml"
    path.write_text(CORRECTIONS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(seed_corpus), "-o", str(out), "--corrections", str(path), "--no-html", "-q"]) == 0
    capsys.readouterr()
    assert main(["query", str(out / "graph.ttl"), "--name", "corrections", "--format", "csv"]) == 0
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["name"], r["by"], r["status"]) for r in rows] == [
        ("summit-host", "B. Analyst", "applied"), ("government-is-no-actor", "A. Analyst", "applied"),
        ("no-such-state", "A. Analyst", "stale")]
    assert rows[2]["problem"].startswith("correction 'no-such-state' matches no actor")
    assert URIRef(rows[0]["correction"]) == ID["correction/summit-host"]
