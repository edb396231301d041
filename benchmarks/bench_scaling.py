"""Scaling with worker processes: `parley build --workers N` for N = 1 … ``--max-workers``.

Each N builds the same synthetic corpus (graph.pipeline.run(stream=True, n_process=N) + Turtle
written), ``--repeats`` times, round-robin over N so load from other processes falls on all
alike. Reported: median throughput, speed-up over one worker and efficiency (speed-up / N).
The pool's start-up (each worker loads the model) is included: it is part of a build.
For reference, raw spaCy with nlp.pipe(n_process=N) on the same texts is measured the same way.

    .venv/bin/python benchmarks/bench_scaling.py --docs 200 --max-workers 2 --repeats 2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import add_components_option, components, corpus, describe_components, machine, median, table, words_in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--max-workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-raw", action="store_true", help="skip the raw spaCy reference")
    add_components_option(parser)
    args = parser.parse_args()
    chosen = components(args)

    from graph.export import write_outputs
    from graph.ingest import iter_documents
    from graph.nlp import load_nlp, pipeline_config
    from graph.pipeline import load_extractors, run

    print(f"machine: {machine()}")
    path = corpus(args.docs)
    docs, words = words_in(path)
    print(f"corpus: {docs} synthetic articles (benchmarks/synth.py), {words:,} words; extractors: "
          f"{describe_components(chosen)}")
    nlp = load_nlp()
    load_extractors(chosen)
    texts = [d.text for d in iter_documents([path], print)]
    batch = int(pipeline_config()["nlp"].get("batch_size", 32))
    counts = list(range(1, args.max_workers + 1))
    parley: dict[int, list[float]] = {n: [] for n in counts}
    raw: dict[int, list[float]] = {n: [] for n in counts}
    for repeat in range(args.repeats):
        for n in counts:
            with tempfile.TemporaryDirectory(prefix="parley-bench-") as out:
                started = time.perf_counter()
                result = run([path], print, n_process=n, stream=True, components=chosen)
                write_outputs(result.quads, Path(out), ["turtle"])
                parley[n].append(time.perf_counter() - started)
                result.close()
            if not args.no_raw:
                started = time.perf_counter()
                for _ in nlp.pipe(texts, batch_size=batch, n_process=n):
                    pass
                raw[n].append(time.perf_counter() - started)
            print(f"  repeat {repeat + 1}, {n} worker(s): parley {words / parley[n][-1]:,.0f} words/s"
                  + ("" if args.no_raw else f", raw spaCy {words / raw[n][-1]:,.0f} words/s"), flush=True)
    rows = []
    for label, series in (("parley build", parley), ("raw spaCy nlp.pipe", raw)):
        if not series[1]:
            continue
        base = median(series[1])
        for n in counts:
            t = median(series[n])
            rows.append([label, n, f"{words / t:,.0f}", f"{base / t:.2f}", f"{base / t / n:.0%}"])
    print()
    print(table(["", "workers", "words/s (median)", "speed-up", "efficiency"], rows))


if __name__ == "__main__":
    main()
