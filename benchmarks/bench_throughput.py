"""Build throughput against raw spaCy, single process, on the same texts.

raw:    nlp.pipe(texts) with Parley's pipeline (graph.nlp.load_nlp: the model plus the gazetteer ruler),
        the Docs thrown away: the floor no build can go below.
parley: the whole build: ingest, clean, parse, extract, resolve, build, Turtle written to disk
        (graph.pipeline.run(stream=True) + graph.export.write_outputs, what `parley build` does).

The two alternate, ``--repeats`` times each, so load from other processes falls on both alike;
the medians and their ratio are printed, with the parley build's stages.

    .venv/bin/python benchmarks/bench_throughput.py --docs 500 --repeats 3
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import add_components_option, components, corpus, describe_components, machine, median, table, words_in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
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
    nlp = load_nlp()  # loaded once, before any timing, for both
    load_extractors(chosen)
    texts = [d.text for d in iter_documents([path], print)]
    batch = int(pipeline_config()["nlp"].get("batch_size", 32))
    for _ in nlp.pipe(texts[:8], batch_size=batch):  # warm caches
        pass

    raw_times, parley_times, stages = [], [], []
    for repeat in range(args.repeats):
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch):
            pass
        raw_times.append(time.perf_counter() - started)

        with tempfile.TemporaryDirectory(prefix="parley-bench-") as out:
            started = time.perf_counter()
            result = run([path], print, stream=True, components=chosen)
            mark = time.perf_counter()
            write_outputs(result.quads, Path(out), ["turtle"])
            result.timings["write"] = time.perf_counter() - mark
            parley_times.append(time.perf_counter() - started)
            stages.append(result.timings)
            result.close()
        print(f"  repeat {repeat + 1}: raw {words / raw_times[-1]:,.0f} words/s, "
              f"parley {words / parley_times[-1]:,.0f} words/s", flush=True)

    raw, ours = median(raw_times), median(parley_times)
    print()
    print(table(["measure", "median"], [
        ["raw spaCy nlp.pipe", f"{words / raw:,.0f} words/s ({raw:.1f} s)"],
        ["parley build (stream, Turtle written)", f"{words / ours:,.0f} words/s ({ours:.1f} s)"],
        ["ratio parley / raw", f"{raw / ours:.2f}"],
    ]))
    print()
    names = ["analyze", "resolve", "build", "write"]
    print(table(["parley stage", "median s", "share"],
                [[n, f"{median([s[n] for s in stages]):.2f}", f"{median([s[n] for s in stages]) / ours:.1%}"]
                 for n in names]))


if __name__ == "__main__":
    main()
