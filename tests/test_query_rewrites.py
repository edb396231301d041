"""A ready query rewritten for speed (ontology/queries/) gives the same rows as the text it replaced
(tests/data/queries_before/), on the seeds and on a synthetic corpus whose claims recur across documents.

A query that pages (graph.query.paged) gives them over its pages: every page of three subjects, read in
turn, together give the rows the text before gave at once (compared as multisets: the order of rows changed
where a query now orders by a materialised key, e.g. claims most widely carried first)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import ParleyError
from graph.query import named_queries, paged, run_query
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


def _subjects(store: ox.Store, text: str) -> int:
    """How many subjects the query pages through: the nodes that carry its order predicate."""
    predicate = re.search(r"\{ SELECT \?\w+ \?order WHERE \{ \?\w+ (parley:\w+) \?order \}", text).group(1)
    count = run_query(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {predicate} ?o }}")
    return int(next(iter(count))["n"].value)


def _now(store: ox.Store, name: str) -> list[tuple]:
    """The query's rows as it runs now: all its pages' in turn (pages of three), or its only answer."""
    query = named_queries()[name]
    if not query.pages:
        return _rows(store, query.text)
    pages = -(-_subjects(store, query.text) // 3)
    assert pages > 1, f"{name}: fewer than two pages, paging not exercised"
    rows = [row for page in range(1, pages + 2) for row in _rows(store, paged(query.text, page, 3))]
    return rows


def _same_rows(now: list[tuple], before: list[tuple]) -> bool:
    key = lambda row: tuple("" if v is None else v for v in row)  # noqa: E731
    return sorted(now, key=key) == sorted(before, key=key)


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
    assert _same_rows(_now(store, name), before)


@pytest.mark.parametrize("name", REWRITTEN)
def test_a_rewritten_query_gives_the_rows_it_gave_on_a_synthetic_corpus(synthetic_store, name):
    before = _rows(synthetic_store, (BEFORE / f"{name}.rq").read_text())
    assert len(before) > 5, f"{name}: too few rows on the synthetic corpus to compare"
    assert _same_rows(_now(synthetic_store, name), before)


def test_a_paged_query_returns_its_default_page_and_refuses_a_page_it_cannot_make(seed_build):
    store = _store(seed_build.result.quads)
    query = named_queries()["claim-sources"]
    claims = _subjects(store, query.text)
    first = {row[0] for row in _rows(store, paged(query.text, 1, 2))}
    assert len(first) == 2 < claims
    assert len({row[0] for row in _rows(store, paged(query.text, 1, 0))}) == claims  # size 0: all at once
    assert _rows(store, paged(query.text, claims + 1, 1)) == []
    with pytest.raises(ParleyError, match="pages count from 1"):
        paged(query.text, 0, 10)
    with pytest.raises(ParleyError, match="does not page"):
        paged(named_queries()["mediators"].text)
