"""Time and peak memory of `parley build` on hostile sizes (tests/test_hostile_input.py checks the behaviour;
the figures live here, not in timed tests):

tiny:      N tiny documents in one JSON Lines file (default 10,000 and 100,000), one sentence each.
long-line: one document that is a single line of C characters without punctuation (default 200,000), and
           the largest document accepted (graph.ingest.MAX_CHARS, 1,000,000) with ``--with-max``.

Each build is `parley build FILE -o TMP --no-html -q` in a fresh process; the peak resident set size is
that process's (os.wait4). The table is printed as markdown.

    .venv/bin/python benchmarks/bench_hostile.py --tiny 10000,100000 --long 200000 [--with-max] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, ROOT, machine, table

STORY = ("Qatar said on Monday that talks between Ukraine and Russia on halting strikes on energy "
         "infrastructure would resume in Doha next month according to two officials briefed on the plan")


def tiny_corpus(count: int) -> Path:
    path = CACHE / f"tiny-{count}.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                out.write(json.dumps({"id": f"tiny{n}", "text": f"Qatar hosted round {n} of the talks in Doha.",
                                      "published": "2024-10-30"}) + "\n")
    return path


def long_line(chars: int) -> Path:
    path = CACHE / f"line-{chars}.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        words = re.findall(r"\w+", STORY)
        text, n = [], 0
        while n < chars:
            text.append(words[len(text) % len(words)])
            n += len(text[-1]) + 1
        path.write_text(" ".join(text)[:chars], encoding="utf-8")
    return path


def build(path: Path, keep: Path | None = None) -> tuple[float, float, int, str]:
    """(seconds, peak MiB, exit code, last line of stderr) of one `parley build` (its outputs kept in ``keep``)."""
    with tempfile.TemporaryDirectory(prefix="parley-hostile-") as tmp:
        out = str(keep) if keep else tmp
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "build", str(path), "-o", out, "--no-html", "-q"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = proc.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return seconds, usage.ru_maxrss / 1024, proc.returncode, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", default="10000,100000", help="comma-separated document counts (tiny documents)")
    parser.add_argument("--long", default="200000", help="comma-separated line lengths in characters")
    parser.add_argument("--with-max", action="store_true", help="also a document of graph.ingest.MAX_CHARS")
    parser.add_argument("--keep", type=Path, help="keep each build's outputs in KEEP/<input name> (to check them)")
    args = parser.parse_args()
    from graph.ingest import MAX_CHARS

    cases = [(f"{int(n):,} tiny documents", tiny_corpus(int(n))) for n in args.tiny.split(",") if n]
    lengths = [int(n) for n in args.long.split(",") if n] + ([MAX_CHARS] if args.with_max else [])
    cases += [(f"one line of {n:,} characters", long_line(n)) for n in lengths]
    print(machine())
    rows = []
    for name, path in cases:
        seconds, peak, code, last = build(path, args.keep.resolve() / path.stem if args.keep else None)
        rows.append([name, f"{seconds:.1f}", f"{peak:,.0f}", code, last[:80]])
        print(f"  {name}: {seconds:.1f} s, {peak:,.0f} MiB, exit {code}", file=sys.stderr, flush=True)
    print(table(["input", "seconds", "peak MiB", "exit", "stderr (last line)"], rows))


if __name__ == "__main__":
    main()
