"""Shared by the benchmark scripts: the machine's description, medians, the synthetic corpora, options."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = Path(os.environ.get("PARLEY_BENCH_CACHE", "/tmp/parley-bench"))


def machine() -> str:
    """nproc, CPU model, memory and the load average when the run started."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown memory"
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({model}), {memory}, Python {platform.python_version()}, "
            f"load average {load} at start")


def median(values: list[float]) -> float:
    return statistics.median(values)


def corpus(count: int, seed: int = 7) -> Path:
    """The synthetic corpus of ``count`` articles (benchmarks/synth.py), generated once and cached."""
    from synth import write_corpus

    return write_corpus(CACHE / f"synth-{seed}-{count}.jsonl", count, seed)


def words_in(path: Path) -> tuple[int, int]:
    """(documents, words) of a JSON Lines corpus, words as whitespace-separated tokens of the text."""
    import json

    docs = words = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            docs += 1
            words += len(json.loads(line)["text"].split())
    return docs, words


def add_components_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--components", default=None,
                        help="comma-separated extractors to run (default: graph/data/pipeline.toml's list)")


def components(args: argparse.Namespace) -> list[str] | None:
    return [c.strip() for c in args.components.split(",") if c.strip()] if args.components else None


def describe_components(chosen: list[str] | None) -> str:
    from graph.pipeline import component_names

    return ", ".join(chosen or component_names())


def table(header: list[str], rows: list[list]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def parley_command(*args: str) -> list[str]:
    """The ``parley`` command line a user runs, on this checkout's code (not an installed copy)."""
    return [sys.executable, "-m", "graph.cli", *args]


def run_measured(command: list[str], timeout: float | None = None) -> tuple[float, float, str]:
    """Run ``command`` in a child process: (wall seconds, the child's peak resident set in MB, its stdout).

    The peak is the child's own (os.wait4's rusage), not the largest of all children so far. A failing
    command raises with its stderr's end, so a benchmark never reports the timing of a broken run.
    """
    wall, peak, _, stdout = run_measured_cpu(command, timeout)
    return wall, peak, stdout


def run_measured_cpu(command: list[str], timeout: float | None = None) -> tuple[float, float, float, str]:
    """run_measured, with the child's CPU seconds (user and system) as the third item: on a shared machine
    the wall time holds the other users' load, the CPU time far less of it."""
    import subprocess
    import tempfile
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        try:
            _, status, usage = os.wait4(process.pid, 0) if timeout is None else _wait4(process, timeout)
        finally:
            process.returncode = 0  # (reaped by wait4; keeps Popen from waiting again)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command[2:])}: exit {code}\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, stdout


def _wait4(process, timeout: float):
    import signal
    import time

    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return pid, status, usage
        if time.monotonic() > deadline:
            process.send_signal(signal.SIGKILL)
            os.wait4(process.pid, 0)
            raise SystemExit(f"{' '.join(process.args[2:])}: stopped after {timeout:g} s")
        time.sleep(0.05)
