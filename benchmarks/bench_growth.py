"""Cost growth with the corpus: resolution, graph building, writing and store size at several sizes.

The synthetic corpus is analysed once (NLP and extraction, not timed; cached as JSON Lines with
graph.analysis_codec), then the first n analyses are resolved and built for each n. For each
stage the exponent k of time ∝ n^k is fitted over the sizes (least squares on log–log): about 1
is linear, 2 is quadratic. Resolution is also timed per resolver (actors, events, claims,
relations), so a resolver that compares all pairs shows itself.

    .venv/bin/python benchmarks/bench_growth.py --sizes 125,250,500,1000 --workers 2
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

from common import CACHE, add_components_option, components, corpus, describe_components, machine, median, table


def analyses_for(count: int, chosen: list[str] | None, workers: int) -> list:
    """The analyses of the synthetic corpus of ``count`` articles, computed once and cached."""
    from graph.analysis_codec import dumps_analysis, loads_analysis
    from graph.ingest import iter_documents
    from graph.pipeline import analyze

    tag = "-".join(chosen) if chosen else "all"
    path = CACHE / f"analyses-{count}-{tag}.jsonl"
    if not path.is_file():
        tmp = path.with_suffix(".tmp")
        path.parent.mkdir(parents=True, exist_ok=True)  # (a new machine's cache folder does not exist yet)
        with open(tmp, "w", encoding="utf-8") as handle:
            for analysis in analyze(iter_documents([corpus(count)], print), n_process=workers, components=chosen):
                handle.write(dumps_analysis(analysis) + "\n")
        tmp.replace(path)
    with open(path, encoding="utf-8") as handle:
        return [loads_analysis(line) for line in handle]


def exponent(sizes: list[int], times: list[float]) -> float:
    xs, ys = [math.log(n) for n in sizes], [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(analyses: list, repeats: int) -> dict[str, float]:
    from graph.pipeline import fewer_collections

    runs: list[dict[str, float]] = []
    for _ in range(repeats):
        with fewer_collections():  # as graph.pipeline.run collects garbage during a build
            runs.append(_measure_once(analyses))
    return {key: median([r[key] for r in runs]) for key in runs[0]}


def _measure_once(analyses: list) -> dict[str, float]:
    from graph.distributed import bulk_load_oxigraph
    from graph.export import write_outputs
    from graph.pipeline import SpooledAnalyses, build_streaming
    from graph.resolve.actors import resolve_actors
    from graph.resolve.claims import resolve_claims
    from graph.resolve.events import resolve_events
    from graph.resolve.relations import resolve_relations

    row: dict[str, float] = {}
    started = time.perf_counter()
    actors = resolve_actors(analyses)
    row["actors"] = time.perf_counter() - started
    mark = time.perf_counter()
    events = resolve_events(analyses, actors)
    row["events"] = time.perf_counter() - mark
    mark = time.perf_counter()
    resolve_claims(analyses, actors, events)
    row["claims"] = time.perf_counter() - mark
    mark = time.perf_counter()
    resolve_relations(analyses, actors)
    row["relations"] = time.perf_counter() - mark
    with tempfile.TemporaryDirectory(prefix="parley-growth-") as tmp:
        spooled = SpooledAnalyses(Path(tmp))
        for analysis in analyses:
            spooled.append(analysis)
        timings: dict[str, float] = {}
        _, quads = build_streaming(spooled, Path(tmp), timings)  # resolve (all four) + build quads, streamed
        row["resolve"], row["build"] = timings["resolve"], timings["build"]
        mark = time.perf_counter()
        written = write_outputs(quads, Path(tmp) / "out", ["turtle", "nquads"])
        row["write"] = time.perf_counter() - mark
        row["ttl_bytes"] = written["turtle"].stat().st_size
        mark = time.perf_counter()
        row["quads"] = bulk_load_oxigraph(quads, Path(tmp) / "oxigraph")
        row["load"] = time.perf_counter() - mark
        row["store_bytes"] = du(Path(tmp) / "oxigraph")
        row["triples"] = len(quads)
        quads.close()
        spooled.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="125,250,500,1000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="processes for the (untimed) analysis")
    add_components_option(parser)
    args = parser.parse_args()
    chosen = components(args)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"machine: {machine()}")
    print(f"corpus: synthetic (benchmarks/synth.py), sizes {sizes}; extractors: {describe_components(chosen)}")
    everything = analyses_for(sizes[-1], chosen, args.workers)
    rows = {}
    for n in sizes:
        rows[n] = measure(everything[:n], args.repeats)
        r = rows[n]
        print(f"  n={n}: resolve {r['resolve']:.2f} s (claims {r['claims']:.2f}), build {r['build']:.2f} s, "
              f"write {r['write']:.2f} s, {int(r['triples']):,} triples", flush=True)
    print()
    stages = ["actors", "events", "claims", "relations", "resolve", "build", "write", "load"]
    header = ["articles", *[f"{s} s" for s in stages], "triples", "graph.ttl MB", "Oxigraph MB"]
    body = [[n, *[f"{rows[n][s]:.3f}" for s in stages], f"{int(rows[n]['triples']):,}",
             f"{rows[n]['ttl_bytes'] / 1e6:.1f}", f"{rows[n]['store_bytes'] / 1e6:.1f}"] for n in sizes]
    body.append(["exponent k", *[f"{exponent(sizes, [rows[n][s] for n in sizes]):.2f}" for s in stages],
                 f"{exponent(sizes, [rows[n]['triples'] for n in sizes]):.2f}",
                 f"{exponent(sizes, [rows[n]['ttl_bytes'] for n in sizes]):.2f}",
                 f"{exponent(sizes, [rows[n]['store_bytes'] for n in sizes]):.2f}"])
    print(table(header, body))


if __name__ == "__main__":
    main()
