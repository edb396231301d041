"""Progress of the long stages (graph/progress.py): a tqdm bar on a terminal, one plain line every
interval in a pipe or a log, every stage of a build named, nothing with -q. No test sleeps or times:
the rhythm is checked with a clock the test moves, and the pipe with an interval of 0."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph import progress
from graph.ingest import count_documents

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_pipe_one_line_per_interval_with_total_percent_and_eta():
    clock, out = Clock(), io.StringIO()
    bar = progress.Progress("parse", 40, "documents", mode="lines", stream=out, interval=10, clock=clock,
                            ticker=False)
    for _ in range(40):  # 40 documents, one every 1.5 s: 60 s in all
        clock.now += 1.5
        bar.advance()
    bar.close()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    # Lines at 10.5, 21, 31.5, 42, 52.5 s (the first step past each 10 s), then the closing one.
    assert len(lines) == 6, lines
    assert lines[0] == "parley: parse: 7/40 documents (18 %), 00:10 elapsed, ETA 00:49"
    assert lines[-1].startswith("parley: parse: 40/40 documents (100 %), 01:00 elapsed") and lines[-1].endswith(
        "(done)")


def test_a_stage_shorter_than_the_interval_prints_nothing_in_a_pipe():
    clock, out = Clock(), io.StringIO()
    with progress.Progress("resolve", mode="lines", stream=out, interval=10, clock=clock, ticker=False) as bar:
        clock.now = 9.9
        bar._maybe_line(clock.now)  # what the ticker does while a stage with nothing to count runs
    assert out.getvalue() == ""


def test_a_stage_without_counts_says_it_still_runs():
    clock, out = Clock(), io.StringIO()
    with progress.Progress("page", mode="lines", stream=out, interval=10, clock=clock, ticker=False) as bar:
        for t in (5, 10, 15, 20.5):
            clock.now = t
            bar._maybe_line(clock.now)
    assert out.getvalue().splitlines() == ["parley: page: 00:10 elapsed", "parley: page: 00:20 elapsed",
                                           "parley: page: 00:20 elapsed (done)"]


def test_on_a_terminal_a_bar_with_total_percent_and_eta():
    out = Terminal()
    with progress.configured(stream=out), progress.stage("parse", 5, "documents") as bar:
        assert bar.mode == "bar"
        for _ in range(5):
            bar.advance()
    text = out.getvalue()
    assert re.search(r"parse: +0%\|.*\| 0/5 \[00:00<\?", text)  # percent, count of the total, ETA
    assert re.search(r"parse: 100%\|[#█]+\| 5/5 \[", text)


def test_quiet_and_the_environment_silence_it(monkeypatch):
    out = Terminal()
    with progress.configured(enabled=False, stream=out), progress.stage("parse", 5) as bar:
        bar.advance(5)
    monkeypatch.setenv("PARLEY_PROGRESS", "0")
    with progress.configured(stream=out), progress.stage("parse", 5) as bar:
        bar.advance(5)
    assert out.getvalue() == ""


def test_a_new_stage_ends_the_one_before():
    out = io.StringIO()
    with progress.configured(stream=out, interval=0):
        parse = progress.stage("parse", 2, "documents")
        parse.advance()
        with progress.stage("resolve"):
            assert parse.closed
        parse.advance()  # late counts of an ended stage are dropped, not drawn
    lines = out.getvalue().splitlines()
    assert list(dict.fromkeys(line.split(":")[1].strip() for line in lines)) == ["parse", "resolve"]
    assert "parley: parse: 1/2 documents (50 %)" in lines[1] and lines[2].endswith("(done)")


def test_the_total_counts_jsonl_records_and_folder_files(tmp_path, seed_corpus):
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("\n".join(json.dumps({"id": str(i), "text": "x"}) for i in range(7)) + "\n\n", encoding="utf-8")
    assert count_documents([jsonl]) == 7
    assert count_documents([seed_corpus]) == 5
    assert count_documents([seed_corpus, jsonl]) == 12


@pytest.mark.slow
def test_a_build_in_a_pipe_names_every_stage(tmp_path, seed_corpus):
    """Interval 0: each stage writes a line as it starts, so every stage of the build must show up."""
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", str(seed_corpus), "-o", str(tmp_path / "out"),
         "--format", "trig", "--store", str(tmp_path / "store")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PARLEY_PROGRESS_INTERVAL": "0"})
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert all(line.startswith("parley: ") for line in lines), lines
    stages = list(dict.fromkeys(line.split(":")[1].strip() for line in lines))
    assert stages == ["parse", "resolve", "quads", "Turtle", "TriG", "page", "store"]
    assert any(re.match(r"parley: parse: 5/5 documents \(100 %\)", line) for line in lines)
    assert re.search(r"Built 5 documents in \d+\.\d s", proc.stdout)

    quiet = subprocess.run(
        [sys.executable, "-m", "graph.cli", "validate", str(tmp_path / "out" / "graph.ttl"), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PARLEY_PROGRESS_INTERVAL": "0"})
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    loud = subprocess.run(
        [sys.executable, "-m", "graph.cli", "stats", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PARLEY_PROGRESS_INTERVAL": "0"})
    assert loud.returncode == 0
    assert list(dict.fromkeys(line.split(":")[1].strip() for line in loud.stderr.splitlines())) == ["read", "stats"]


def stderr_on_terminal(argv: list[str], leader: int, follower: int, timeout: float) -> str:
    """Run ``argv`` with its stderr on the pseudo-terminal's follower end; what it wrote there, once it exits 0."""
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the program ended and closed its end
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=timeout) == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_a_build_on_a_terminal_draws_bars(tmp_path, seed_corpus):
    """stderr on a pseudo-terminal: tqdm's bars, the parse bar with its total, percent and ETA."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 30 rows, 100 columns
    try:
        text = stderr_on_terminal(
            [sys.executable, "-m", "graph.cli", "build", str(seed_corpus), "-o", str(tmp_path / "out"), "--no-html"],
            leader, follower, timeout=600)
    finally:
        os.close(leader)
    assert re.search(r"parse: +0%\|.*\| 0/5 \[00:\d\d<\?", text), text[-2000:]
    assert re.search(r"parse: 100%\|.+\| 5/5 \[\d\d:\d\d<00:00", text), text[-2000:]
    for stage in ("resolve", "quads", "Turtle"):
        assert f"{stage}: " in text


def test_a_terminal_that_reports_no_size_still_gets_a_bar():
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()  # a fresh pseudo-terminal is 0 × 0
    try:
        code = "from graph import progress\nwith progress.stage('parse', 5, 'documents') as bar: bar.advance(5)"
        text = stderr_on_terminal([sys.executable, "-c", code], leader, follower, timeout=120)
    finally:
        os.close(leader)
    assert re.search(r"parse: 100%\|.+\| 5/5", text)
