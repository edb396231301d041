"""The Dask build on a LocalCluster of two worker processes equals the build on one machine."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.export import serialize

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    # Two worker processes, one thread each: spaCy's pipeline is not shared between threads.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def local(seed_corpus):
    from graph.pipeline import run

    result = run([seed_corpus], lambda e: None, stream=True)
    yield result
    result.close()


@pytest.mark.slow
@pytest.mark.parametrize("through", ["shared folder", "scheduler"])
def test_dask_build_equals_the_local_build(client, local, seed_corpus, tmp_path, through):
    from graph.distributed import build_on_dask

    seen = []
    shard_dir = tmp_path / "shards" if through == "shared folder" else None
    result = build_on_dask([seed_corpus], lambda e: None, client, partition_size=2, shard_dir=shard_dir,
                           workdir=tmp_path, on_document=lambda a: seen.append(a.source.id))
    try:
        assert seen == [a.source.id for a in local.analyses]  # partitions come back in input order
        if shard_dir is not None:  # three partitions of at most two documents, one JSON Lines shard each
            shards = sorted(shard_dir.glob("analyses-*.jsonl"))
            assert [len(p.read_text().splitlines()) for p in shards] == [2, 2, 1]
        assert len(result.quads) == len(local.quads)
        for fmt in ("turtle", "trig"):  # the same triples, in the same named graphs, byte for byte
            assert serialize(result.quads, fmt) == serialize(local.quads, fmt), fmt
    finally:
        result.close()


@pytest.mark.slow
def test_dask_build_reports_bad_inputs_like_the_local_one(client, tmp_path):
    from graph.distributed import build_on_dask

    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text("Qatar mediated talks between Ukraine and Russia in Doha on Friday.")
    errors: list[InputError] = []
    result = build_on_dask([tmp_path], errors.append, client)
    try:
        assert [e.origin.endswith("empty.txt") for e in errors] == [True]
        assert len(result.analyses) == 1 and result.skipped == errors
        assert "ukraine" in result.corpus.actors
    finally:
        result.close()


@pytest.mark.slow
def test_bulk_load_into_oxigraph_holds_every_quad(local, tmp_path):
    import pyoxigraph

    from graph.distributed import bulk_load_oxigraph

    count = bulk_load_oxigraph(local.quads, tmp_path / "db")
    store = pyoxigraph.Store.read_only(str(tmp_path / "db"))
    try:
        assert count == len(store) == sum(1 for _ in local.quads.graph_lines())
        graphs = {str(g.value) for g in store.named_graphs()}
        assert sum("/graph/doc/" in g for g in graphs) == 5
    finally:
        del store


@pytest.mark.slow
def test_cli_dask_flag_writes_the_local_turtle(client, local, seed_corpus, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(seed_corpus), "-o", str(out), "--no-html",
                           "--dask", client.scheduler.address], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Built 5 documents" in proc.stdout
    assert (out / "graph.ttl").read_bytes() == serialize(local.quads, "turtle")
