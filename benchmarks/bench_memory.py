"""Peak memory of a build as the corpus grows (100, 1,000, 10,000 articles by default).

Each build runs in a fresh process (the peak resident set size, ru_maxrss, is per process):

stream:    what `parley build --no-html` does: analyses spooled to disk, resolution over the spool,
           quads streamed to an external sort, Turtle written from it (graph.pipeline.run(stream=True)).
in-memory: graph.pipeline.run(stream=False): every analysis in a list and every quad in a QuadBuffer,
           as the build was before streaming (only at the smaller sizes: ``--memory-sizes``).

With ``--workers`` > 1 the NLP runs in worker processes; the table then gives the main process's
peak (which holds the resolution) and the largest worker's.

replay (``--replay ANALYSES.jsonl``): the main process of such a build without the NLP: cached
analyses (bench_growth.py writes them) are read, copied under new document ids up to the size,
spooled, resolved, built and written. A worker's memory does not depend on the corpus (one batch
at a time), so this measures all that can grow, at sizes a shared machine cannot parse in time.

    .venv/bin/python benchmarks/bench_memory.py --sizes 100,1000,10000 --memory-sizes 100,1000
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import add_components_option, components, corpus, describe_components, machine, table


def child(args: argparse.Namespace) -> None:
    """One build in this process; prints a JSON line with the peaks."""
    from graph.export import write_outputs
    from graph.pipeline import run

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="parley-mem-") as out:
        result = run([Path(args.corpus)], lambda e: None, n_process=args.workers, stream=args.mode == "stream",
                     components=components(args))
        write_outputs(result.quads, Path(out), ["turtle"])
        documents, triples = len(result.analyses), len(result.quads)
        result.close()
    print(json.dumps({
        "seconds": time.perf_counter() - started, "documents": documents, "triples": triples,
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def replay_child(args: argparse.Namespace) -> None:
    """What the main process of a ``--workers`` build does, with the analyses read from a file instead of
    coming back from the workers: spool them, resolve, build, write Turtle. Prints the peak as JSON."""
    import dataclasses

    from graph.analysis_codec import loads_analysis
    from graph.export import write_outputs
    from graph.pipeline import SpooledAnalyses, build_streaming, fewer_collections

    def analyses():
        produced = 0
        for copy in itertools.count():
            with open(args.replay, encoding="utf-8") as handle:
                for line in handle:
                    if produced == args.count:
                        return
                    a = loads_analysis(line)
                    source = dataclasses.replace(a.source, id=f"{a.source.id}-r{copy}")
                    yield dataclasses.replace(a, document=dataclasses.replace(a.document, source=source))
                    produced += 1

    started = time.perf_counter()
    if args.mode == "memory":  # the build before streaming: a list, a QuadBuffer, rdflib's Turtle serializer
        from graph.build import to_graph
        from graph.pipeline import build_corpus

        _, buffer = build_corpus(list(analyses()))
        with tempfile.TemporaryDirectory(prefix="parley-mem-") as out:
            to_graph(buffer).serialize(Path(out) / "graph.ttl", format="turtle")
        print(json.dumps({"seconds": time.perf_counter() - started, "documents": args.count, "triples": len(buffer),
                          "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "workers_mb": 0}))
        return
    with tempfile.TemporaryDirectory(prefix="parley-mem-") as out, fewer_collections():  # as run() does
        spooled = SpooledAnalyses(Path(out))
        for analysis in analyses():
            spooled.append(analysis)
        _, quads = build_streaming(spooled, Path(out))
        write_outputs(quads, Path(out) / "out", ["turtle"])
        triples = len(quads)
        quads.close()
        spooled.close()
    print(json.dumps({"seconds": time.perf_counter() - started, "documents": args.count, "triples": triples,
                      "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "workers_mb": 0}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--memory-sizes", default="100,1000", help="sizes also built in memory, for comparison")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="stream", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--replay", metavar="ANALYSES", default=None,
                        help="measure the main process only, replaying cached analyses (JSON Lines, "
                             "graph.analysis_codec; copies get new document ids) instead of running the NLP")
    add_components_option(parser)
    args = parser.parse_args()
    if args.child:
        (replay_child if args.replay else child)(args)
        return
    print(f"machine: {machine()}")
    print(f"extractors: {describe_components(components(args))}; workers: {args.workers}; "
          "corpus: synthetic (benchmarks/synth.py)")
    rows = []
    sizes = sorted(int(s) for s in args.sizes.split(","))
    # The largest build last: the smaller ones (and the in-memory comparison) are reported before it.
    plan = [(n, "stream") for n in sizes[:-1]]
    plan += [(n, "in-memory") for n in sorted(int(s) for s in args.memory_sizes.split(",") if s)]
    plan += [(sizes[-1], "stream")]
    for n, mode in plan:
        if args.replay:
            command = [sys.executable, __file__, "--child", "--replay", args.replay, "--count", str(n),
                       "--mode", "stream" if mode == "stream" else "memory"]
        else:
            command = [sys.executable, __file__, "--child", "--corpus", str(corpus(n)), "--mode",
                       "stream" if mode == "stream" else "memory", "--workers", str(args.workers)]
        if args.components:
            command += ["--components", args.components]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"the build of {n} articles failed")
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        row = [n, f"replay, {mode}" if args.replay else mode, f"{data['main_mb']:.0f}",
               f"{data['workers_mb']:.0f}" if args.workers > 1 and not args.replay else "–",
               f"{data['triples']:,}", f"{data['seconds']:.0f}"]
        rows.append(row)
        print("  " + " | ".join(map(str, row)), flush=True)
    print()
    print(table(["articles", "mode", "peak RSS MB (main)", "peak RSS MB (largest worker)", "triples", "seconds"],
                rows))


if __name__ == "__main__":
    main()
