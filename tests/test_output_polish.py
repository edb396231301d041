"""Output polish (issue 22, item 5): one set of counts across the build summary, the page and `stats`;
"1 document"; answers that end their last line; CONSTRUCT as Turtle with only the prefixes it uses and no
`\\/`; `query --list` aligned, in plain words; `viz` without -o."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from graph.analytics import analyze, format_stats, read_story
from graph.cli import main
from graph.commands.build import print_summary
from graph.visualize import write_html
from graph.wording import count

COUNTED = ("document", "actor", "place", "event", "claim")


def counts_in(text: str) -> dict[str, int]:
    return {word: int(m[1]) for word in COUNTED
            if (m := re.search(rf"\b(\d+) {word}s?\b", text))}


def test_count_is_singular_for_one() -> None:
    assert count(1, "document") == "1 document" and count(0, "document") == "0 documents"
    assert count(2, "discrepancy") == "2 discrepancies" and count(1200, "triple", True) == "1,200 triples"


def test_build_summary_page_and_stats_state_the_same_counts(seed_build, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    print_summary(seed_build.result, {})
    built = counts_in(capsys.readouterr().out.splitlines()[0])
    story = read_story(seed_build.graph)
    stats = counts_in(format_stats(story, analyze(story)).splitlines()[0])
    page = write_html(seed_build.graph, tmp_path / "page.html").read_text(encoding="utf-8")
    summary = re.search(r"\d+ documents · [^\"<]*", page)
    assert summary is not None
    assert built == stats == counts_in(summary[0])
    assert set(built) == set(COUNTED) and built["document"] == 5


def test_one_document_is_said_in_the_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Qatar said on Monday that talks between Russia and Ukraine would resume "
                                    "in Doha next week, according to officials.\n", encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--no-html"]) == 0
    out = capsys.readouterr().out
    assert "Built 1 document in " in out and "1 documents" not in out and "(s)" not in out
    assert main(["stats", str(tmp_path / "out" / "graph.ttl")]) == 0
    assert capsys.readouterr().out.startswith("1 document, ")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_query_answers_end_with_a_newline(seed_build, fmt: str, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    ttl = str(seed_build.ttl)
    assert main(["query", ttl, "ASK { ?s ?p ?o }", "--format", "json" if fmt in ("csv", "tsv") else fmt]) == 0
    assert capsysbinary.readouterr().out.endswith(b"\n")
    assert main(["query", ttl, "SELECT ?e WHERE { ?e a parley:Negotiation } LIMIT 2", "--format", fmt]) == 0
    assert capsysbinary.readouterr().out.endswith(b"\n")
    assert main(["query", ttl, "CONSTRUCT { ?e a parley:Negotiation } WHERE { ?e a parley:Negotiation } LIMIT 1",
                 "--format", "jsonld"]) == 0
    assert capsysbinary.readouterr().out.endswith(b"\n")


def test_construct_as_turtle_declares_only_the_prefixes_it_uses(seed_build, capsys) -> None:
    query = ("CONSTRUCT { ?e rdfs:label ?l ; sem:hasActor ?a } "
             "WHERE { ?e a parley:Negotiation ; rdfs:label ?l ; sem:hasActor ?a }")
    assert main(["query", str(seed_build.ttl), query, "--format", "turtle"]) == 0
    out = capsys.readouterr().out
    declared = re.findall(r"^@prefix (\w*):", out, flags=re.M)
    assert sorted(declared) == ["rdfs", "sem"]  # not parley (no type written), nor the other thirteen
    assert "\\/" not in out and "<https://w3id.org/parley/id/event/" in out
    from rdflib import Graph

    assert len(Graph().parse(data=out, format="turtle")) > 0


def test_query_list_is_aligned_and_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines[:lines.index("")]]
    assert len(rows) >= 8
    starts = {len(re.match(r"\S+\s+", row)[0]) for row in rows}
    assert len(starts) == 1  # every description starts in one column
    assert any(row.split(None, 1) == ["mediators", "Mediators of each negotiation"] for row in rows)
    for row in rows:
        assert len(row) <= 100 and "?" not in row and "SPARQL" not in row and "GROUP_CONCAT" not in row
    assert "--name NAME" in lines[-1]


def test_viz_without_output_writes_beside_the_input(seed_build, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(seed_build.ttl, folder / "graph.ttl")
    assert main(["viz", str(folder / "graph.ttl"), "--actor", "Qatar"]) == 0
    out = capsys.readouterr().out
    assert (folder / "graph-qatar.html").is_file() and str(folder / "graph-qatar.html") in out
    assert main(["viz", str(folder)]) == 0
    assert (folder / "graph.html").is_file() and "no -o given" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus", "corpus-folder/"])
def test_synth_writes_what_build_reads(tmp_path: Path, name: str) -> None:
    import subprocess
    import sys

    from graph.ingest import iter_documents

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / name
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "synth.py"), "4", "-o", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert "parley build" in proc.stdout
    errors: list = []
    docs = list(iter_documents([out], errors.append))
    assert not errors and len(docs) == 4
    assert all(d.title and d.outlet and d.published for d in docs)  # the metadata came along
    bad = subprocess.run([sys.executable, str(root / "benchmarks" / "synth.py"), "2", "-o", str(tmp_path / "c.txt")],
                         capture_output=True, text=True, timeout=120, cwd=root)
    assert bad.returncode != 0 and ".jsonl file or a folder" in bad.stderr


def readme_blocks(after: str) -> str:
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = text.index("```sh\n", text.index(after)) + len("```sh\n")
    return text[start:text.index("```", start)]


@pytest.mark.slow
def test_the_readme_examples_run_as_written(tmp_path: Path) -> None:
    """The "Using the graph" and store examples, line by line as the README has them, from a folder that
    has the repository's files (`serve` left out: it runs until stopped; tests/test_serve.py covers it)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "graph").symlink_to(root / "graph")
    script = readme_blocks("## Using the graph") + readme_blocks("### A store, an endpoint")
    script = script.replace("P=.venv/bin/parley", f"P='{sys.executable} -m graph.cli'")
    lines = [line for line in script.splitlines() if line.strip() and " serve " not in line]
    assert len(lines) >= 12
    env = {**__import__("os").environ, "PYTHONPATH": str(root), "PARLEY_PROGRESS": "0"}
    for number, _ in enumerate(lines[1:], 2):
        proc = subprocess.run(["bash", "-e", "-c", "\n".join([lines[0], lines[number - 1]])], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, (lines[number - 1], proc.stdout[-2000:], proc.stderr[-2000:])
    for made in ("out/graph.ttl", "out/graph.trig", "out/graph.jsonld", "out/graph.nt", "out/graph.html",
                 "qatar.html", "out/graph-qatar.html", "db", "store-1", "store-2"):
        assert (tmp_path / made).exists(), made
