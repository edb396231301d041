"""Interrupted builds: `parley build` killed (SIGKILL) at several moments leaves the previous outputs
as they were, byte for byte, and the next build cleans up after it and succeeds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FORMATS = "trig,jsonld,nt,nquads"  # several files, so a kill can fall between two of them
OUTPUTS = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nt", "graph.nq")


def _corpus(seed_corpus: Path, path: Path, copies: int) -> Path:
    """The seed articles, ``copies`` times over under new ids: enough work for a build to take a while."""
    texts = sorted(p.read_text(encoding="utf-8") for p in seed_corpus.glob("*.txt"))
    with path.open("w", encoding="utf-8") as out:
        for n in range(copies):
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"copy{n}-{i}", "text": text, "published": "2024-10-30"}) + "\n")
    return path


def _command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "build", str(corpus), "-o", str(out), "--format", FORMATS,
            "--no-html", "-q"]


def _paused_at(point: str, marker: Path) -> dict[str, str]:
    """The environment of a build that stops at ``point`` (graph.progress's test hook: STAGE or
    STAGE:N documents) and writes ``marker`` there: the test acts when the build is there, whatever the load."""
    return {**os.environ, "PARLEY_PAUSE_AT": point, "PARLEY_PAUSE_MARKER": str(marker)}


def _wait_for(marker: Path, proc: subprocess.Popen) -> bool:
    """Wait until the build reaches its pause point (True), or ends without reaching it (False)."""
    deadline = time.monotonic() + 900  # a guard against a hung test, not a measure of anything
    while time.monotonic() < deadline:
        if marker.exists():
            return True
        if proc.poll() is not None:
            return marker.exists()
        time.sleep(0.01)
    return False


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS if (out / name).exists()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def _build(corpus: Path, out: Path) -> dict[str, bytes]:
    proc = subprocess.run(_command(corpus, out), cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return _snapshot(out)


def _kill_at(corpus: Path, out: Path, point: str, marker: Path, check=None) -> tuple[bool, bool]:
    """Start a build, SIGKILL it once it waits at ``point``: (it was killed there, ``check(out)`` held then)."""
    proc = subprocess.Popen(_command(corpus, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=_paused_at(point, marker))
    checked = True
    try:
        reached = _wait_for(marker, proc)
        if reached:
            checked = check(out) if check else True
            proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return reached and proc.returncode == -signal.SIGKILL, checked


def _writing(out: Path) -> bool:
    """The build has started writing its outputs (a staging folder or a temporary file exists)."""
    return any(p.name.startswith(".") for p in out.iterdir())


def test_killed_builds_leave_previous_outputs_then_the_next_build_succeeds(tmp_path, seed_corpus):
    out = tmp_path / "out"
    old_corpus = _corpus(seed_corpus, tmp_path / "old.jsonl", 1)
    new_corpus = _corpus(seed_corpus, tmp_path / "new.jsonl", 2)  # a different graph
    before = _build(old_corpus, out)
    assert set(before) == set(OUTPUTS)

    states = []
    # Moments: before the model loads (the parse stage opens), after three documents are parsed, and as the
    # first output (Turtle) begins to be written in the staging folder.
    for name, point, check in [("loading", "parse", None), ("parsing", "parse:3", None),
                               ("writing", "Turtle", _writing)]:
        killed, checked = _kill_at(new_corpus, out, point, tmp_path / f"paused-{name}", check)
        states.append((name, killed, checked, _snapshot(out), _leftovers(out)))

    after = _build(new_corpus, out)
    assert after["graph.ttl"] != before["graph.ttl"]
    assert _leftovers(out) == []  # the killed builds' staging folders and temporary files are gone
    for name, killed, checked, snapshot, _ in states:
        assert killed, f"the build was not killed at {name!r}"
        assert checked, f"the build was not where it should be at {name!r}"
        # Every output is whole: the old file or the new one, never a mix or a fragment.
        for file, data in snapshot.items():
            assert data in (before[file], after[file]), f"{file} is damaged after a kill while {name}"
        if name in ("loading", "parsing"):
            assert snapshot == before, f"outputs changed after a kill while {name}"
    # A kill as outputs begin to be written (before the renames) leaves the previous graph byte-identical.
    writing = next(s for s in states if s[0] == "writing")
    assert writing[3]["graph.ttl"] == before["graph.ttl"]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupt_prints_one_line_and_keeps_outputs(tmp_path, seed_corpus):
    """Ctrl-C (SIGINT) during a build: a one-line message, exit 130, previous outputs untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous graph\n", encoding="utf-8")
    corpus = _corpus(seed_corpus, tmp_path / "c.jsonl", 2)
    marker = tmp_path / "paused"
    # A Ctrl-C at a terminal reaches a program whose SIGINT is at its default. A test run started in the
    # background by a shell without job control (a CI script's `cmd &`) inherits SIGINT ignored, and so would
    # the build, which then rightly ignores it too: the child gets the terminal's default back.
    proc = subprocess.Popen(_command(corpus, out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**_paused_at("parse:2", marker), "PYTHONUNBUFFERED": "1"},
                            preexec_fn=_default_sigint)
    try:
        assert _wait_for(marker, proc), "the build ended before it parsed two documents"
        proc.send_signal(signal.SIGINT)  # while it parses: two documents done, eight to go
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if line.strip()] == [
        "parley: interrupted; earlier outputs are left as they were"]
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous graph\n"
