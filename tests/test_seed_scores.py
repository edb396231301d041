"""The evaluation kit's scorer (../shared/eval/score.py) on the seed build, with the issues' thresholds."""

from __future__ import annotations

import importlib.util
import tomllib

import pytest
from rdflib import Graph


@pytest.fixture(scope="module")
def report(shared_dir, seed_build, seed_corpus) -> dict:
    spec = importlib.util.spec_from_file_location("parley_seed_score", shared_dir / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = tomllib.loads((shared_dir / "eval" / "seeds.gold.toml").read_text(encoding="utf-8"))
    graph = Graph().parse(seed_build.ttl)
    return score.Scorer(score.View(graph), gold).run(seed_corpus)


def test_provenance_and_boilerplate(report):
    prov, noise = report["provenance"], report["noise"]
    assert prov["mentions_wrong"] == 0 and prov["mentions_checked"] > 100
    assert prov["text_exact"] == "5/5"
    assert noise["mentions_in_boilerplate"] == 0 and noise["noise_labels"] == []


def test_actors(report):
    actors = report["actors"]
    assert actors["f1"] >= 0.9, actors
    assert actors["kind_accuracy"] >= 0.9, actors
    assert actors["duplicates"] == {} and actors["wikidata_wrong"] == 0, actors


def test_places(report):
    assert report["places"]["recall"] >= 0.8, report["places"]
