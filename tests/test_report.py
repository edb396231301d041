"""`parley report`: the claims of a built graph in plain words, read back from the RDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDF

from graph.cli import main
from graph.namespaces import PARLEY
from graph.report import build_report, render_text, summary_line
from tests.helpers import graph_of

COMPONENTS = ["entities", "sources", "claims"]

TEXTS = (
    "A former senior Kremlin official told the Financial Times that Putin is unlikely to agree to a deal on "
    "energy strikes while Ukrainian forces hold the Kursk region. "
    "According to the Ministry of Energy, Russia has carried out over a thousand strikes on Ukrainian energy "
    "infrastructure since October 2022.",
    "A high-ranking Russian official emphasized that Putin is unlikely to agree to a deal on energy strikes while "
    "Ukrainian forces hold the Kursk region. In 2024, Russia used more than 1,000 weapons against Ukraine's energy "
    "infrastructure.",
    "Qatar has played a leading role in earlier mediation efforts.",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    graph = graph_of(*TEXTS, components=COMPONENTS)
    path = tmp_path_factory.mktemp("report") / "graph.ttl"
    graph.serialize(path, format="turtle")
    return path


def _opening(i: int) -> str:
    from graph.analytics import first_words

    return f"“{first_words(TEXTS[i])}”"


def test_report_reads_claims_chains_and_discrepancies(built: Path) -> None:
    from graph.validate import load_rdf

    graph = load_rdf(built)
    report = build_report(graph)
    assert len(report.claims) == len(set(graph.subjects(RDF.type, PARLEY.Claim)))
    first = report.claims[0]  # the most widely carried claim comes first
    assert first.documents == 2 and "unlikely" in first.statement
    # Documents are named by title, else first words (and date): never by their ids.
    chains = {a.document.split(" · ")[0]: (a.source, a.via, a.certainty) for a in first.assertions}
    assert not any(name in ("t0", "t1") for name in chains)
    chains = {("t0" if name == _opening(0) else "t1" if name == _opening(1) else name): v for name, v in chains.items()}
    assert chains["t0"] == ("former senior Kremlin official", ["Financial Times"], "unlikely")
    assert chains["t1"][0] == "high-ranking Russian official" and chains["t1"][2] == "unlikely"
    assert [d.kind for d in first.discrepancies] == ["source"]
    assert report.discrepancy_kinds == {"source": 1, "figure": 1}
    assert summary_line(report).endswith("2 discrepancies (1 figure, 1 source)")


def test_report_text_in_plain_words(built: Path) -> None:
    from graph.validate import load_rdf

    text = render_text(build_report(load_rdf(built)), only_discrepancies=True, width=200)
    assert "asserted in 2 documents" in text
    assert re.search(re.escape(_opening(0)) + r"( · \d{4}-\d\d-\d\d)?: from former senior Kremlin official via "
                     r"Financial Times \[unlikely\]", text), text
    assert "! figure: The figures differ" in text and "“more than 1,000 weapons” in 2024" in text
    assert "leading role" not in text  # no discrepancy there


def test_report_command(built: Path, capsys, tmp_path: Path) -> None:
    assert main(["report", str(built), "--discrepancies"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 claims, 2 carried by more than one document, 2 discrepancies")
    target = tmp_path / "claims.json"
    assert main(["report", str(built), "--format", "json", "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["documents"] for c in data["claims"]] == [2, 2, 1]


def test_report_on_a_missing_or_broken_file(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path / "none.ttl")]) == 2
    assert "none.ttl" in capsys.readouterr().err
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <", encoding="utf-8")
    assert main(["report", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.ttl" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_report_on_the_seeds_shows_each_kind_of_discrepancy(seed_build) -> None:
    report = build_report(seed_build.graph)
    described = {d.kind: [] for c in report.claims for d in c.discrepancies}
    for claim in report.claims:
        for d in claim.discrepancies:
            described[d.kind].append(d.description)
    # "a former senior Kremlin official" in one outlet, "a high-ranking Russian official" in another
    assert any("former senior Kremlin official" in d and "high-ranking Russian official" in d
               for d in described.get("source", []))
    # whose troops are in Kursk
    assert any("Kursk" in d and "Russian forces" in d and "Ukrainian forces" in d for d in described.get("fact", []))
    # "over a thousand strikes since October 2022" against "more than 1,000 weapons in 2024"
    assert any("over a thousand strikes" in d and "1,000 weapons" in d for d in described.get("figure", []))


def test_report_text_neutralises_terminal_control_characters(tmp_path: Path) -> None:
    hostile = "Russia attacked the plant, \x1b[2J\x1b[31mthe ministry\u202e said\x07 on Tuesday."
    graph = graph_of(hostile, components=COMPONENTS)
    text = render_text(build_report(graph))
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "<U+001B>" in text


def test_summary_from_the_resolved_claims_matches_the_graph(built: Path) -> None:
    from graph.pipeline import build_corpus
    from graph.report import summarize_claims
    from graph.validate import load_rdf
    from tests.helpers import analyze_texts

    corpus, _ = build_corpus(analyze_texts(*TEXTS, components=COMPONENTS))
    assert summarize_claims(corpus.claims) == summary_line(build_report(load_rdf(built)))
