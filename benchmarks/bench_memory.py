"""Peak memory of a build as the corpus grows (100, 1,000, 10,000 articles by default).

Each build runs in a fresh process (the peak resident set size, ru_maxrss, is per process):

stream:    what `parley build --no-html` does: analyses spooled to disk, resolution over the spool,
           quads streamed to an external sort, Turtle written from it (graph.pipeline.run(stream=True)).
in-memory: graph.pipeline.run(stream=False): every analysis in a list and every quad in a QuadBuffer,
           as the build was before streaming (only at the smaller sizes: ``--memory-sizes``).

With ``--workers`` > 1 the NLP runs in worker processes; the table then gives the main process's
peak (which holds the resolution) and the largest worker's.

    .venv/bin/python benchmarks/bench_memory.py --sizes 100,1000,10000 --memory-sizes 100,1000
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--memory-sizes", default="100,1000", help="sizes also built in memory, for comparison")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="stream", help=argparse.SUPPRESS)
    add_components_option(parser)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(f"machine: {machine()}")
    print(f"extractors: {describe_components(components(args))}; workers: {args.workers}; "
          "corpus: synthetic (benchmarks/synth.py)")
    rows = []
    plan = [(n, "stream") for n in sorted(int(s) for s in args.sizes.split(","))]
    plan += [(n, "in-memory") for n in sorted(int(s) for s in args.memory_sizes.split(",") if s)]
    for n, mode in plan:
        command = [sys.executable, __file__, "--child", "--corpus", str(corpus(n)), "--mode",
                   "stream" if mode == "stream" else "memory", "--workers", str(args.workers)]
        if args.components:
            command += ["--components", args.components]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"the build of {n} articles failed")
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        row = [n, mode, f"{data['main_mb']:.0f}", f"{data['workers_mb']:.0f}" if args.workers > 1 else "–",
               f"{data['triples']:,}", f"{data['seconds']:.0f}"]
        rows.append(row)
        print("  " + " | ".join(map(str, row)), flush=True)
    print()
    print(table(["articles", "mode", "peak RSS MB (main)", "peak RSS MB (largest worker)", "triples", "seconds"],
                rows))


if __name__ == "__main__":
    main()
