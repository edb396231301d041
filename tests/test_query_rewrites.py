"""A ready query rewritten for speed (ontology/queries/) gives the same rows as the text it replaced
(tests/data/queries_before/), on the seeds and on a synthetic corpus whose claims recur across documents."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.query import named_queries, run_query
from graph.store import to_ox_quad

BEFORE = Path(__file__).parent / "data" / "queries_before"
REWRITTEN = sorted(p.stem for p in BEFORE.glob("*.rq"))
ROOT = Path(__file__).resolve().parent.parent


def _store(quads) -> ox.Store:
    store = ox.Store()
    store.extend(to_ox_quad(*q) for q in quads.quads())
    return store


def _rows(store: ox.Store, text: str) -> list[tuple]:
    result = run_query(store, text)
    names = [v.value for v in result.variables]
    return [tuple(None if s[n] is None else str(s[n]) for n in names) for s in result]


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory) -> ox.Store:
    """Twelve synthetic articles (benchmarks/synth.py: the seeds' sentences recombined, states and people
    varied), so one claim is reported by several documents, through several sources."""
    from graph.pipeline import run

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import write_corpus

    path = write_corpus(tmp_path_factory.mktemp("synth") / "corpus.jsonl", 12, seed=3)
    return _store(run([path], lambda e: None).quads)


def test_every_rewrite_has_its_previous_text():
    assert REWRITTEN, "no rewritten ready query recorded"
    for name in REWRITTEN:
        assert name in named_queries(), name
        assert named_queries()[name].text.strip() != (BEFORE / f"{name}.rq").read_text().strip(), name


@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_gives_the_rows_it_gave_on_the_seeds(seed_build, name):
    store = _store(seed_build.result.quads)
    before = _rows(store, (BEFORE / f"{name}.rq").read_text())
    assert before, f"{name}: no rows on the seeds, nothing compared"
    assert _rows(store, named_queries()[name].text) == before


@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_gives_the_rows_it_gave_on_a_synthetic_corpus(synthetic_store, name):
    before = _rows(synthetic_store, (BEFORE / f"{name}.rq").read_text())
    assert len(before) > 10, f"{name}: too few rows on the synthetic corpus to compare"
    assert _rows(synthetic_store, named_queries()[name].text) == before
