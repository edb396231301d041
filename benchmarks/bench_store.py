"""Growing a store: build a store of N articles, add k more, time and peak memory of the addition, and check
that the grown store equals a fresh resolution of all N + k.

1. the store of N: ``parley build CORPUS_N --store DB --no-html`` (or, with ``--replay``, the analyses of
   a smaller synthetic corpus copied under new document ids up to N and added with graph.store.add_documents
   in a child process: the NLP of 10,000 articles takes hours on this machine, and an addition does not run
   the NLP of what is already stored);
2. with ``--replay``, the addition of k more replayed analyses (the store's own cost: no NLP, no model to load),
   in a child process: wall and CPU time, the child's peak, and the named graphs it rewrote;
3. the addition, timed as a user runs it: ``parley build CORPUS_k --store DB --no-html`` (articles N … N+k−1
   of the same synthetic series, so the corpus of N+k is the two together): wall and CPU time, the child's peak;
4. the check: ``parley merge DB --store FRESH`` resolves every stored analysis together into an empty store
   (what a fresh build of the N+k documents gives, without their NLP again), and the two stores' quads are
   compared as sets. Any difference is printed (counts, and a few quads of each side), never hidden.

For comparison, the same N+k built at once into a store (``--fresh-build``, costly: the NLP of all N+k).

    .venv/bin/python benchmarks/bench_store.py --docs 200 --add 10
    .venv/bin/python benchmarks/bench_store.py --docs 1000 --add 10 --replay 200
    .venv/bin/python benchmarks/bench_store.py --docs 10000 --add 10 --replay 200 --chunk 2000 --no-check
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from common import CACHE, corpus, machine, parley_command, run_measured_cpu, table


def extra_corpus(first: int, count: int, seed: int = 7) -> Path:
    """Articles ``first`` … ``first + count - 1`` of the synthetic series (those a corpus of first+count adds)."""
    from synth import article

    path = CACHE / f"synth-{seed}-{first}+{count}.jsonl"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(article(i, seed), ensure_ascii=False) + "\n"
                               for i in range(first, first + count)), encoding="utf-8")
        tmp.replace(path)
    return path


def replay_child(args: argparse.Namespace) -> None:
    """Add ``--count`` analyses (the cached ones of ``--replay`` articles, copied under new ids) to ``--db``."""
    import dataclasses

    from graph.analysis_codec import loads_analysis
    from graph.store import add_documents

    with open(args.analyses, encoding="utf-8") as handle:
        base = [loads_analysis(line) for line in handle]
    analyses = []
    for i in range(args.start, args.start + args.count):
        a = base[i % len(base)]
        source = dataclasses.replace(a.source, id=f"{a.source.id}-r{i // len(base)}")
        analyses.append(dataclasses.replace(a, document=dataclasses.replace(a.document, source=source)))
    print(add_documents(Path(args.db), analyses).describe())


def cached_analyses_file(count: int) -> Path:
    """The analyses of the first ``count`` synthetic articles, as JSON Lines (made once, with the NLP)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_growth import analyses_for

    analyses_for(count, None, 1)
    return CACHE / f"analyses-{count}-all.jsonl"


def store_quads(db: Path) -> set[str]:
    """The store's current quads, each as its N-Quads line."""
    from graph.store import open_store

    with open_store(db) as store:
        return {str(q) for q in store}


def compare(grown: Path, fresh: Path) -> tuple[bool, str]:
    a, b = store_quads(grown), store_quads(fresh)
    if a == b:
        return True, f"equal: {len(a):,} quads"
    only_a, only_b = sorted(a - b), sorted(b - a)
    lines = [f"DIFFERENT: {len(only_a):,} quads only in the grown store, {len(only_b):,} only in the fresh one "
             f"(of {len(a):,} / {len(b):,})"]
    lines += [f"  grown only: {q[:200]}" for q in only_a[:5]] + [f"  fresh only: {q[:200]}" for q in only_b[:5]]
    return False, "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="N, the store's size before the addition (default 200)")
    parser.add_argument("--add", type=int, default=10, help="k, the articles added (default 10)")
    parser.add_argument("--replay", type=int, default=0, metavar="M",
                        help="make the store of N from the analyses of M synthetic articles copied under new ids")
    parser.add_argument("--fresh-build", action="store_true", help="also time building all N+k at once into a store")
    parser.add_argument("--chunk", type=int, default=0, metavar="M",
                        help="with --replay, make the store of N by additions of M (default: one addition of N)")
    parser.add_argument("--no-check", action="store_true",
                        help="leave out the fresh resolution of all N+k and the comparison (for sizes it cannot hold)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--analyses", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        replay_child(args)
        return

    print(f"machine: {machine()}")
    n, k = args.docs, args.add
    rows = []
    with tempfile.TemporaryDirectory(prefix="parley-bench-store-") as tmp:
        db, out = Path(tmp) / "db", Path(tmp) / "out"
        total = n + k
        if args.replay:
            analyses = cached_analyses_file(args.replay)
            replay = [sys.executable, __file__, "--child", "--db", str(db), "--analyses", str(analyses)]
            chunk = args.chunk or n
            wall = cpu = peak = 0.0
            for start in range(0, n, chunk):  # (in parts: one load of 10,000 holds all their quads in memory)
                w, p, c, _ = run_measured_cpu([*replay, "--count", str(min(chunk, n - start)), "--start", str(start)])
                wall, cpu, peak = wall + w, cpu + c, max(peak, p)
            parts = f", {-(-n // chunk)} additions" if chunk < n else ""
            rows.append([f"store of {n:,} (replayed analyses of {args.replay} articles, new ids{parts})",
                         f"{wall:.1f}", f"{cpu:.1f}", f"{peak:,.0f}"])
            print("  " + " | ".join(rows[-1]), flush=True)
            wall, peak, cpu, stdout = run_measured_cpu([*replay, "--count", str(k), "--start", str(n)])
            rows.append([f"add {k} replayed analyses to it (no NLP)", f"{wall:.1f}", f"{cpu:.1f}", f"{peak:,.0f}"])
            print("  " + " | ".join(rows[-1]), flush=True)
            print(f"  {stdout.strip()}")
            total += k
        else:
            wall, peak, cpu, _ = run_measured_cpu(parley_command("build", str(corpus(n)), "--store", str(db),
                                                                 "-o", str(out), "--no-html", "--quiet"))
            rows.append([f"store of {n:,} (parley build --store)", f"{wall:.1f}", f"{cpu:.1f}", f"{peak:,.0f}"])
            print("  " + " | ".join(rows[-1]), flush=True)
        wall, peak, cpu, stdout = run_measured_cpu(parley_command("build", str(extra_corpus(n, k)), "--store",
                                                                  str(db), "-o", str(out), "--no-html"))
        rows.append([f"add {k} articles to it (parley build --store, their NLP included)", f"{wall:.1f}",
                     f"{cpu:.1f}", f"{peak:,.0f}"])
        print("  " + " | ".join(rows[-1]), flush=True)
        said = next((line for line in stdout.splitlines() if line.startswith("Store ")), "")
        print(f"  {said}")
        if args.no_check:
            equal, detail = True, "not checked (--no-check)"
        else:
            fresh = Path(tmp) / "fresh"
            wall, peak, cpu, _ = run_measured_cpu(parley_command("merge", str(db), "--store", str(fresh)))
            rows.append([f"all {total:,} resolved afresh from the cached analyses (parley merge)", f"{wall:.1f}",
                         f"{cpu:.1f}", f"{peak:,.0f}"])
            print("  " + " | ".join(rows[-1]), flush=True)
            equal, detail = compare(db, fresh)
        if args.fresh_build and not args.replay:
            whole = Path(tmp) / "whole"
            wall, peak, cpu, _ = run_measured_cpu(parley_command("build", str(corpus(n + k)), "--store", str(whole),
                                                                 "-o", str(out), "--no-html", "--quiet"))
            rows.append([f"all {n + k:,} built at once into a store", f"{wall:.1f}", f"{cpu:.1f}", f"{peak:,.0f}"])
            same, detail_whole = compare(db, whole)
            detail += f"\ngrown store against the store built at once: {detail_whole}"
            equal = equal and same
    print()
    print(table(["step", "wall s", "CPU s", "peak MB"], rows))
    print()
    print(f"grown store against a fresh resolution of all {total:,}: {detail}")
    if not equal:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
