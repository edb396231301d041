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


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS if (out / name).exists()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def _build(corpus: Path, out: Path) -> dict[str, bytes]:
    proc = subprocess.run(_command(corpus, out), cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return _snapshot(out)


def _kill_when(corpus: Path, out: Path, ready) -> bool:
    """Start a build, SIGKILL it as soon as ``ready(out, seconds since start)`` holds; True if it was killed."""
    started = time.monotonic()
    proc = subprocess.Popen(_command(corpus, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 900
        while proc.poll() is None and time.monotonic() < deadline:
            if ready(out, time.monotonic() - started):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
    finally:
        killed = proc.poll() is None or proc.returncode == -signal.SIGKILL
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return killed and proc.returncode == -signal.SIGKILL


def _writing(out: Path, _seconds: float) -> bool:
    """The build has started writing its outputs (a staging folder or a temporary file exists)."""
    return any(p.name.startswith(".") for p in out.iterdir())


def test_killed_builds_leave_previous_outputs_then_the_next_build_succeeds(tmp_path, seed_corpus):
    out = tmp_path / "out"
    old_corpus = _corpus(seed_corpus, tmp_path / "old.jsonl", 1)
    new_corpus = _corpus(seed_corpus, tmp_path / "new.jsonl", 2)  # a different graph
    started = time.monotonic()
    before = _build(old_corpus, out)
    seconds = time.monotonic() - started  # the new corpus has twice the documents: it takes longer
    assert set(before) == set(OUTPUTS)

    states = []
    # Moments: while the model loads, while documents are parsed, and as soon as outputs are written.
    for name, ready in [
        ("loading", lambda _out, t: t > 0.5),
        ("parsing", lambda _out, t: t > 0.8 * seconds),
        ("writing", _writing),
    ]:
        killed = _kill_when(new_corpus, out, ready)
        states.append((name, killed, _snapshot(out), _leftovers(out)))

    after = _build(new_corpus, out)
    assert after["graph.ttl"] != before["graph.ttl"]
    assert _leftovers(out) == []  # the killed builds' staging folders and temporary files are gone
    for name, killed, snapshot, _ in states:
        assert killed, f"the build ended before the kill point {name!r}"
        # Every output is whole: the old file or the new one, never a mix or a fragment.
        for file, data in snapshot.items():
            assert data in (before[file], after[file]), f"{file} is damaged after a kill while {name}"
        if name in ("loading", "parsing"):
            assert snapshot == before, f"outputs changed after a kill while {name}"
    # A kill as outputs begin to be written (before the renames) leaves the previous graph byte-identical.
    writing = next(s for s in states if s[0] == "writing")
    assert writing[2]["graph.ttl"] == before["graph.ttl"]


def test_interrupt_prints_one_line_and_keeps_outputs(tmp_path, seed_corpus):
    """Ctrl-C (SIGINT) during a build: a one-line message, exit 130, previous outputs untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous graph\n", encoding="utf-8")
    corpus = _corpus(seed_corpus, tmp_path / "c.jsonl", 8)  # parsing still runs at 3 s
    proc = subprocess.Popen(_command(corpus, out), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if line.strip()] == [
        "parley: interrupted; earlier outputs are left as they were"]
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous graph\n"
