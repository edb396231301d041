"""The distributed build: extraction on a Dask cluster, resolution and the graph on this machine.

When a corpus outgrows one machine, the costly part is the NLP (parsing and extraction take
well over 95% of a build's time; see benchmarks/RESULTS.md). So the documents are cut into
partitions, and each Dask task cleans, parses and extracts one partition and writes a shard:
the partition's DocumentAnalysis records as JSON Lines (graph.analysis_codec, the format the
store keeps too). This process reads the shards back in partition order, resolves actors,
events and claims across all documents, streams the quads to disk and writes the outputs
exactly as ``parley build`` does, so the result is the same graph, byte for byte, as a build
on one machine. ``bulk_load_oxigraph`` then loads the quads into an Oxigraph database with
Oxigraph's bulk loader.

Use it as ``parley build CORPUS --dask tcp://scheduler:8786`` or from Python::

    from dask.distributed import Client, LocalCluster
    from graph.distributed import build_on_dask
    with LocalCluster(n_workers=4) as cluster, Client(cluster) as client:
        result = build_on_dask(["corpus/"], print, client, shard_dir=Path("/shared/parley-shards"))
        write_outputs(result.quads, Path("out"), ["turtle", "nquads"])
        result.close()

Documents are read here (ingest reports bad files here, one line each) and sent to the
workers with their partition, so the workers need no access to the input files. Shards go to
``shard_dir`` when it is given (a folder every worker and this process can reach: a shared
file system), else they come back through Dask as text.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from graph.analysis_codec import dumps_analysis, loads_analysis
from graph.corrections import Correction
from graph.errors import InputError, InputNotice, ParleyError
from graph.export import QuadSpool
from graph.fileio import atomic_write_text
from graph.ingest import IngestOptions, iter_documents
from graph.model import DocumentAnalysis, SourceDocument
from graph.pipeline import BuildResult, SpooledAnalyses, analyze, build_streaming

PARTITION_SIZE = 32  # documents per task: long enough to amortize a task, short enough to balance
IN_FLIGHT_PER_WORKER = 2  # partitions queued per worker thread, so memory holds a few partitions only

__all__ = ["build_on_dask", "analyze_partition", "bulk_load_oxigraph", "PARTITION_SIZE"]


def analyze_partition(index: int, documents: Sequence[SourceDocument], components: list[str] | None = None,
                      shard_dir: str | None = None) -> str:
    """The Dask task: one partition's analyses as JSON Lines, written to ``shard_dir`` (returns the path)
    or returned as text. Runs on a worker; the model loads once per worker process."""
    text = "".join(dumps_analysis(a) + "\n" for a in analyze(documents, components=components))
    if shard_dir is None:
        return text
    path = Path(shard_dir) / f"analyses-{index:06d}.jsonl"
    atomic_write_text(path, text)
    return str(path)


def _read_shard(result: str, shard_dir: str | None, index: int) -> Iterable[DocumentAnalysis]:
    if shard_dir is None:
        lines, origin = result.splitlines(), f"partition {index}"
    else:
        lines, origin = Path(result).read_text(encoding="utf-8").splitlines(), result
    for number, line in enumerate(lines, 1):
        yield loads_analysis(line, origin=f"{origin}:{number}")


def build_on_dask(inputs: Iterable[Path], on_error: Callable[[InputError], None], scheduler, *,
                  options: IngestOptions | None = None, components: Iterable[str] | None = None,
                  partition_size: int = PARTITION_SIZE, shard_dir: Path | None = None,
                  workdir: Path | None = None,
                  on_document: Callable[[DocumentAnalysis], None] | None = None,
                  corrections: Sequence[Correction] | None = None) -> BuildResult:
    """Build the graph of ``inputs`` with the NLP on a Dask cluster; returns a streamed BuildResult.

    ``scheduler`` is a ``dask.distributed.Client`` or a scheduler address ("tcp://host:8786").
    The result equals ``graph.pipeline.run(inputs, ..., stream=True)``.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise ParleyError("the distributed build needs Dask: pip install 'dask[distributed]'") from None
    started = time.monotonic()
    own_client = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler) if own_client else scheduler
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParleyError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    shard = str(shard_dir) if shard_dir is not None else None
    if shard_dir is not None:
        Path(shard_dir).mkdir(parents=True, exist_ok=True)
    components = list(components) if components is not None else None
    skipped: list[InputError] = []

    def record(error: InputError) -> None:
        if not isinstance(error, InputNotice):
            skipped.append(error)
        on_error(error)

    spooled = SpooledAnalyses(workdir)
    try:
        threads = max(1, sum(client.nthreads().values()))
        limit = threads * IN_FLIGHT_PER_WORKER
        window: deque = deque()

        def collect() -> None:
            index, future = window.popleft()
            for analysis in _read_shard(future.result(), shard, index):
                if on_document:
                    on_document(analysis)
                spooled.append(analysis)

        documents = iter(iter_documents(inputs, record, options))
        for index in itertools.count():
            partition = list(itertools.islice(documents, partition_size))
            if not partition:
                break
            future = client.submit(analyze_partition, index, partition, components, shard,
                                   key=f"parley-analyze-{index}-{id(spooled)}", pure=False)
            window.append((index, future))
            while len(window) >= limit:
                collect()
        while window:
            collect()
        timings = {"analyze": time.monotonic() - started}
        corpus, quads = build_streaming(spooled, workdir, timings, corrections)
    except BaseException:
        spooled.close()
        raise
    finally:
        if own_client:
            client.close()
    return BuildResult(spooled, corpus, quads, skipped, time.monotonic() - started, timings)


def bulk_load_oxigraph(quads: QuadSpool, db_dir: Path, shard_quads: int = 1_000_000) -> int:
    """Load a build's quads (one named graph per document, plus the corpus graph) into a new Oxigraph
    database at ``db_dir`` with Oxigraph's bulk loader, from N-Quads shards; returns the quad count."""
    from graph.store import load_shards

    shards: list[Path] = []
    lines = (f"{line[:-2]}{graph} .\n" for graph, line in quads.graph_lines())
    for number in itertools.count():
        chunk = list(itertools.islice(lines, shard_quads))
        if not chunk:
            break
        path = quads.workdir / f"load-{number:05d}.nq"
        path.write_text("".join(chunk), encoding="utf-8")
        shards.append(path)
    try:
        return load_shards(Path(db_dir), shards)
    finally:
        for path in shards:
            path.unlink(missing_ok=True)
