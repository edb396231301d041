"""Writers and readers of one store in separate processes: two writers at once both land (one waits),
a writer that cannot get the lock fails clearly, a killed writer leaves the store as it was, and a
reader always sees one whole generation."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.analysis_codec import dumps_analysis
from graph.ingest import iter_documents
from graph.model import SourceDocument
from graph.pipeline import analyze, build_corpus
from graph.store import StoreReader, add_documents, stored_documents, to_ox_quad

ROOT = Path(__file__).resolve().parent.parent
OWN = [
    "Egypt and Qatar mediated talks between Israel and Hamas in Cairo on Sunday, officials said.",
    "Turkey hosted a round of negotiations between Russia and Ukraine in Istanbul on 29 March 2022.",
    "Saudi Arabia said it was ready to host talks on a ceasefire in Jeddah, according to Reuters.",
]

# A writer process: add the analyses in the given files to the store, the way `parley build --store` does.
WRITER = """
import sys
from pathlib import Path
from graph.analysis_codec import loads_analysis
from graph.errors import ParleyError
from graph.store import add_documents
store, wait, *files = sys.argv[1:]
analyses = [loads_analysis(Path(f).read_text(encoding="utf-8")) for f in files]
try:
    print(add_documents(Path(store), analyses, wait=float(wait)).describe(), flush=True)
except ParleyError as exc:
    print(f"parley: error: {exc}", file=sys.stderr)
    sys.exit(2)
"""


@pytest.fixture(scope="module")
def analyses(seed_corpus):
    docs = list(iter_documents([seed_corpus]))
    docs += [SourceDocument(id=f"own{i}", text=t, origin=f"own{i}") for i, t in enumerate(OWN)]
    return list(analyze(docs, components=["entities"]))  # entities only: the store's behaviour is the subject


@pytest.fixture()
def files(analyses, tmp_path) -> list[Path]:
    out = []
    for analysis in analyses:
        path = tmp_path / f"{analysis.source.id}.analysis.json"
        path.write_text(dumps_analysis(analysis), encoding="utf-8")
        out.append(path)
    return out


def _writer(store: Path, files: list[Path], wait: float = 120) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(store), str(wait), *map(str, files)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _contents(store: Path) -> tuple[str | None, set]:
    with StoreReader(store) as reader:
        return reader.generation, set(reader.store)


def _expected(analyses) -> set:
    _, quads = build_corpus(list(analyses))
    return {to_ox_quad(*q) for q in quads.quads()}


def test_two_writers_at_once_both_land_and_the_store_equals_a_fresh_build(tmp_path, analyses, files):
    store = tmp_path / "store"
    half = len(files) // 2
    first, second = _writer(store, files[:half]), _writer(store, files[half:])
    results = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert set(stored_documents(store)) == {a.source.id for a in analyses}
    # Whichever came second re-resolved over the first one's documents: the store is the whole corpus.
    _, quads = _contents(store)
    assert quads == _expected(analyses)
    generations = sorted(p.name for p in (store / "generations").iterdir())
    assert not any(name.startswith(".tmp") for name in generations)


def test_a_writer_that_cannot_get_the_lock_fails_clearly_and_changes_nothing(tmp_path, analyses):
    store = tmp_path / "store"
    add_documents(store, analyses[:2])
    before = _contents(store)
    # Another writer holds the store's lock (write.lock, flock-ed, as documented in graph/store.py).
    fd = os.open(store / "write.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.pwrite(fd, b"4242\n", 0)
        path = tmp_path / "more.json"
        path.write_text(dumps_analysis(analyses[2]), encoding="utf-8")
        proc = _writer(store, [path], wait=1)
        _, stderr = proc.communicate(timeout=300)
    finally:
        os.close(fd)
    assert proc.returncode == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert str(store) in lines[0] and "another process (pid 4242) is writing" in lines[0]
    assert _contents(store) == before


def test_a_killed_writer_leaves_the_store_as_it_was(tmp_path, analyses, files):
    store = tmp_path / "store"
    add_documents(store, analyses[:2])
    before = _contents(store)
    generations = store / "generations"
    killed = 0
    for _ in range(3):  # kill as soon as the next generation is being loaded, a few times
        proc = _writer(store, files)
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.name.startswith(".tmp-") for p in generations.iterdir()):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.001)
        proc.communicate(timeout=60)
        if proc.returncode == -signal.SIGKILL:
            killed += 1
            assert _contents(store) == before  # HEAD still names the old generation, whole
    assert killed, "the writer always finished before it could be killed"
    # The next writer cleans up what the killed ones left, and lands.
    summary = add_documents(store, analyses)
    assert summary.changed
    assert _contents(store)[1] == _expected(analyses)
    assert not any(p.name.startswith(".tmp-") for p in generations.iterdir())


def test_readers_see_one_whole_generation_while_writers_run(tmp_path, analyses, files):
    store = tmp_path / "store"
    add_documents(store, analyses[:1])
    seen: list[tuple[str, int, int, int]] = []
    problems: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                with StoreReader(store) as reader:
                    manifest = reader.manifest
                    graphs = {str(q.graph_name) for q in reader.store}
                    seen.append((reader.generation, len(reader.store), manifest["quads"], len(graphs)))
            except Exception as exc:  # a reader must never fail while writers work
                problems.append(repr(exc))
            time.sleep(0.01)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for start in range(1, len(files), 2):
            proc = _writer(store, files[: start + 2])
            proc.communicate(timeout=600)
            assert proc.returncode == 0
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    assert not problems, problems[:3]
    assert len({s[0] for s in seen}) > 1  # the readers saw generations change under them
    for generation, count, manifest_quads, _ in seen:
        assert count == manifest_quads, generation  # never a half-loaded generation
