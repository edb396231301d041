"""Shared fixtures. The seed corpus is built once per test session (the NLP model loads once)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from graph.build import to_graph
from graph.export import write_outputs
from graph.ingest import default_corpus
from graph.pipeline import BuildResult, run

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@dataclass
class SeedBuild:
    result: BuildResult
    out: Path  # folder with graph.ttl, graph.trig, graph.jsonld, graph.nt
    graph: Graph

    @property
    def ttl(self) -> Path:
        return self.out / "graph.ttl"


@pytest.fixture(scope="session")
def seed_corpus() -> Path:
    return default_corpus()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, seed_corpus) -> SeedBuild:
    errors = []
    result = run([seed_corpus], errors.append)
    assert not errors, errors
    out = tmp_path_factory.mktemp("seeds")
    write_outputs(result.quads, out, ["turtle", "trig", "jsonld", "nt"])
    return SeedBuild(result=result, out=out, graph=to_graph(result.quads))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("../shared (the evaluation kit) is not beside the repository")
    return SHARED


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (scripts/test.sh installs it from Debian)")
    return path
