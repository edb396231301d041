"""The `parley build` command end to end: outputs, summary, bad input, determinism, independent parsers."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph

from graph.namespaces import NIF
from tests.conftest import require

PARLEY = [sys.executable, "-m", "graph.cli"]


def parley(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*PARLEY, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_corpus):
    out = tmp_path_factory.mktemp("cli")
    proc = parley("build", seed_corpus, "-o", out, "--format", "trig,jsonld,nt")
    assert proc.returncode == 0, proc.stderr
    return out, proc


def test_build_writes_every_format_and_a_summary(built):
    out, proc = built
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nt", "graph.html"):
        assert (out / name).stat().st_size > 1000, name
    assert "Built 5 documents" in proc.stdout and "triples" in proc.stdout
    assert "claims" in proc.stdout.splitlines()[1]  # the claims summary line
    assert str(out / "graph.ttl") in proc.stdout
    # In a pipe, no bar: at most a plain progress line every 10 s (graph/progress.py), no carriage returns.
    assert "\r" not in proc.stderr and all(line.startswith("parley: ") for line in proc.stderr.splitlines())
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind


def test_formats_parse_back_to_the_same_triples(built):
    out, _ = built
    turtle = Graph().parse(out / "graph.ttl")
    assert len(turtle) > 500
    for name, fmt in (("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        other = Graph().parse(out / name, format=fmt)
        assert len(other) == len(turtle) and set(other) == set(turtle), name
    trig = Dataset()
    trig.parse(out / "graph.trig", format="trig")
    graphs = {str(c.identifier) for c in trig.graphs() if len(c)}
    assert sum(1 for g in graphs if "/graph/doc/" in g) == 5  # one named graph per document
    assert {t for t in trig.quads()} and len({(s, p, o) for s, p, o, _ in trig.quads()}) == len(turtle)


def test_every_mention_anchor_equals_the_text_at_its_offsets(built):
    out, _ = built
    g = Graph().parse(out / "graph.ttl")
    checked = 0
    for m in g.subjects(NIF.referenceContext, None):
        text = str(g.value(g.value(m, NIF.referenceContext), NIF.isString))
        begin, end = int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))
        assert text[begin:end] == str(g.value(m, NIF.anchorOf))
        checked += 1
    assert checked > 100


def test_rapper_accepts_the_turtle(built):
    rapper = require("rapper")
    out, _ = built
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(out / "graph.ttl")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([rapper, "-i", "trig", "-c", str(out / "graph.trig")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_same_input_gives_byte_identical_turtle(built, tmp_path, seed_corpus):
    out, _ = built
    proc = parley("build", seed_corpus, "-o", tmp_path, "--no-html", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_no_input_builds_the_bundled_corpus(tmp_path):
    proc = parley("build", "-o", tmp_path / "out", "--no-html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Built 5 documents" in proc.stdout


def test_bad_inputs_get_one_line_each_and_no_traceback(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "latin1.txt").write_bytes("Café à Genève".encode("latin-1"))
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": "Qatar mediated talks."}\n{oops\n')
    (tmp_path / "good.txt").write_text("Egypt and Qatar mediated talks between Israel and Hamas in Cairo.")
    out = tmp_path / "out"
    proc = parley("build", tmp_path, tmp_path / "missing.txt", "-o", out, "--no-html")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    for name, problem in (("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8"),
                          ("bad.jsonl:2", "malformed JSON"), ("missing.txt", "no such file")):
        assert any(name in line and problem in line for line in lines), (name, lines)
    assert "Built 2 documents" in proc.stdout and "Skipped 5 inputs: " in proc.stdout
    assert "1 × the file is empty" in proc.stdout and "1 × malformed JSON" in proc.stdout
    strict = parley("build", tmp_path, "-o", tmp_path / "strict", "--no-html", "--strict", "-q")
    assert strict.returncode == 1


def test_nothing_readable_fails_without_touching_previous_outputs(tmp_path, built):
    out, _ = built
    before = (out / "graph.ttl").read_bytes()
    (tmp_path / "empty").mkdir()
    proc = parley("build", tmp_path / "empty", "-o", out)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 2 and "nothing to build" in proc.stderr and "Traceback" not in proc.stderr
    assert (out / "graph.ttl").read_bytes() == before


def test_unknown_format_is_a_clear_error(tmp_path, seed_corpus):
    proc = parley("build", seed_corpus, "-o", tmp_path, "--format", "rdfxml")
    assert proc.returncode == 2 and "unknown format 'rdfxml'" in proc.stderr


def test_jsonl_metadata_reaches_the_graph(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "n1", "text": "Qatar mediated talks between Ukraine and Russia in Doha.",
                                "title": "Talks", "outlet": "Reuters", "published": "2024-08-02",
                                "url": "https://example.org/n1"}) + "\n", encoding="utf-8")
    proc = parley("build", path, "-o", tmp_path / "out", "--no-html", "-q")
    assert proc.returncode == 0, proc.stderr
    ttl = (tmp_path / "out" / "graph.ttl").read_text()
    for expected in ('"2024-08-02"^^xsd:date', '"Talks"', "<https://example.org/n1>", "dcterms:publisher"):
        assert expected in ttl, expected


def test_help_lists_commands():
    proc = parley("--help")
    assert proc.returncode == 0 and "build" in proc.stdout




def test_outputs_are_readable_like_any_new_file(built):
    import os
    import stat

    out, _ = built
    mask = os.umask(0)
    os.umask(mask)
    for name in ("graph.ttl", "graph.html"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o666 & ~mask, name


def test_merge_stores_equals_one_store_of_everything(tmp_path, seed_corpus):
    import shutil

    from graph.analytics import load_graph
    from graph.store import quad_count

    docs = sorted(seed_corpus.glob("*.txt"))
    for part, chosen in (("a", docs[:2]), ("b", docs[2:])):
        folder = tmp_path / f"in-{part}"
        folder.mkdir()
        for doc in chosen:
            shutil.copy(doc, folder)
        shutil.copy(seed_corpus / "manifest.jsonl", folder)
        proc = parley("build", folder, "-o", tmp_path / f"out-{part}", "--no-html", "-q", "--store", tmp_path / part)
        assert proc.returncode == 0, proc.stderr
    proc = parley("merge", tmp_path / "a", tmp_path / "b", "--store", tmp_path / "merged")
    assert proc.returncode == 0, proc.stderr
    whole = parley("build", seed_corpus, "-o", tmp_path / "out-all", "--no-html", "-q", "--store", tmp_path / "all")
    assert whole.returncode == 0, whole.stderr
    assert quad_count(tmp_path / "merged") == quad_count(tmp_path / "all")
    assert set(load_graph(tmp_path / "merged")) == set(load_graph(tmp_path / "all"))
    bad = parley("merge", tmp_path / "in-a", "--store", tmp_path / "merged")
    assert bad.returncode == 2 and "not a Parley store" in bad.stderr


def test_a_broken_turtle_file_gets_one_message_with_line_and_column_from_every_command(tmp_path, capsys):
    from graph.cli import main

    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "no end .\n', encoding="utf-8")
    for argv in (["report", str(bad)], ["stats", str(bad)], ["validate", str(bad)], ["query", str(bad), "ASK {}"],
                 ["viz", str(bad), "-o", str(tmp_path / "page.html")]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(bad) in err and "line 3, column" in err, (argv, err)
        assert "Traceback" not in err and "b'" not in err
    assert not (tmp_path / "page.html").exists()


def test_a_misspelled_command_suggests_the_nearest(capsys):
    from graph.cli import main

    assert main(["qurey", "x.ttl"]) == 2
    assert "did you mean 'query'" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert "no command 'frobnicate'" in err and "build" in err and "did you mean" not in err
