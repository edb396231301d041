"""Property-based tests (hypothesis) of ingest, cleaning, offsets and serialization, for any text,
and a bounded run of the coverage-guided fuzzer (fuzz/fuzz_ingest.py) on the ingest path."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from graph.build import to_graph
from graph.clean import clean_document
from graph.errors import InputError
from graph.export import serialize
from graph.ingest import IngestOptions, iter_documents
from graph.model import SourceDocument
from graph.pipeline import analyze, build_corpus

ROOT = Path(__file__).resolve().parent.parent

# Pieces of real news text, markup, RDF syntax and odd Unicode, so that generated texts reach the
# entity recognizer and the serializers' escaping, not only random code points.
FRAGMENTS = [
    "Qatar said on Monday that talks between Ukraine and Russia would resume in Doha.",
    "Turkey hosted the negotiations in Istanbul, officials told Reuters.",
    "President Volodymyr Zelensky met Recep Tayyip Erdogan in Ankara on 12 March 2024.",
    "A senior Ukrainian official said Kyiv was ready to stop strikes on energy sites.",
    '"""> ; . <http://x> @prefix ex: <http://example.org/> .',
    "<script>alert(1)</script>", "</script><img src=x onerror=alert(1)>", "javascript:alert(1)",
    "\\", '"', "'", "\\u0041", "\\n", "%20", "#", "?", "&amp;", "\n", "\r\n", "\t", "\x00", "\x0b", "\x1b[31m",
    "\x7f", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "e\u0301",
    "\u202e", "ʼ", "’", "—", "«", "»", "\xa0", "Read also", "Follow us on Telegram",
]
UNICODE = st.characters(exclude_categories=("Cs",))  # lone surrogates are not valid UTF-8: refused at ingest
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(UNICODE, max_size=12)), min_size=1,
                max_size=20).map("".join)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(path: Path, options: IngestOptions | None = None):
    errors: list[InputError] = []
    docs = list(iter_documents([path], errors.append, options))
    return docs, errors


# ------------------------------------------------------------------ ingest


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_any_bytes_are_read_or_refused_with_one_line_naming_the_file(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        docs, errors = _read(path)
    for error in errors:
        message = str(error)
        assert message.startswith(str(path)) and "\n" not in message
    for doc in docs:
        doc.text.encode("utf-8")  # every output format is UTF-8
        assert doc.text.strip()
    assert docs or errors  # nothing is dropped silently


@settings(max_examples=100, deadline=None)
@given(records=st.lists(st.one_of(
    st.fixed_dictionaries({"id": st.text(UNICODE, min_size=1, max_size=8), "text": TEXT},
                          optional={"title": st.text(UNICODE, max_size=20), "url": st.text(UNICODE, max_size=20),
                                    "published": st.sampled_from(["2024-10-30", "2024-02-30", "soon", ""])}),
    st.builds(dict), st.just([1, 2])), min_size=1, max_size=6))
def test_jsonl_records_each_become_a_document_or_one_error(records):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        docs, errors = _read(path)
    # Every line is accounted for: a document or a one-line message naming it (or both: a reused id).
    lines = {e.origin for e in errors} | {d.origin for d in docs}
    assert lines == {f"{path}:{n}" for n in range(1, len(records) + 1)}
    assert len({d.id for d in docs}) == len(docs)  # ids name graph nodes


# ------------------------------------------------------------------ cleaning


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_cleaning_keeps_length_lines_and_offsets(text):
    cleaned = clean_document(SourceDocument(id="d", text=text, origin="d"))
    analysis = cleaned.analysis_text
    assert len(analysis) == len(text)
    assert [i for i, c in enumerate(analysis) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    at = 0
    for span in cleaned.body:
        assert at <= span.begin <= span.end <= len(text)
        at = span.end
    for span, reason in cleaned.dropped:
        assert 0 <= span.begin <= span.end <= len(text) and reason
        assert not analysis[span.begin:span.end].strip()  # dropped text never reaches the NLP
    assert not any(0 < ord(c) < 32 and c != "\n" for c in analysis)  # control characters do not either


# ------------------------------------------------------------------ offsets


@SLOW
@given(text=TEXT)
def test_every_mention_anchor_equals_the_text_at_its_offsets(text):
    assume(text.strip())
    (analysis,) = analyze([SourceDocument(id="d", text=text, origin="d")], components=["entities"])
    for mention in analysis.entities:
        assert text[mention.span.begin:mention.span.end] == mention.text
        assert mention.text.strip() == mention.text and mention.text


# ------------------------------------------------------------------ serialization


def _triples(data: bytes, fmt: str) -> set:
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format=fmt)
    return set(graph)


@SLOW
@given(text=TEXT, title=st.text(UNICODE, max_size=30), url=st.sampled_from(
    ["https://example.org/a b?q=<x>&y=\"1\"", "javascript:alert(1)", "http://x/%zz#frag", "not a url"]))
def test_every_graph_parses_back_to_the_same_triples(text, title, url):
    assume(text.strip())
    doc = SourceDocument(id="d \"1\" <x>", text=text, origin="d", title=title.strip() or None, url=url)
    _, quads = build_corpus(list(analyze([doc], components=["entities"])))
    expected = set(to_graph(quads))
    assert _triples(serialize(quads, "turtle"), "turtle") == expected
    assert _triples(serialize(quads, "nt"), "nt") == expected
    # The document's text comes back exactly, control characters and all.
    (stored,) = {str(o) for _, p, o in expected if str(p).endswith("#isString")}
    assert stored == text


# ------------------------------------------------------------------ coverage-guided fuzzing


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed (test extra)")
def test_atheris_ingest_harness_finds_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    harness = ROOT / "fuzz" / "fuzz_ingest.py"
    proc = subprocess.run(
        [sys.executable, str(harness), "-max_total_time=30", "-timeout=10", "-rss_limit_mb=2048",
         f"-dict={ROOT / 'fuzz' / 'ingest.dict'}", f"-artifact_prefix={tmp_path}/", str(corpus),
         str(ROOT / "fuzz" / "seeds")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    findings = list(tmp_path.glob("crash-*")) + list(tmp_path.glob("timeout-*")) + list(tmp_path.glob("oom-*"))
    assert proc.returncode == 0 and not findings, proc.stderr[-3000:]
    assert "Done" in proc.stderr  # it really ran


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed (test extra)")
def test_atheris_sparql_guard_harness_finds_nothing(tmp_path):
    # Queries the read-only check clears, run on Oxigraph in a process without network rights: a fetch
    # attempt (refused by the filter) or an unexpected exception of the check is a finding.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_sparql_guard.py"), "-max_total_time=20", "-timeout=10",
         "-rss_limit_mb=2048", f"-dict={ROOT / 'fuzz' / 'sparql.dict'}", f"-artifact_prefix={tmp_path}/",
         str(corpus), str(ROOT / "fuzz" / "seeds" / "sparql")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    findings = list(tmp_path.glob("crash-*")) + list(tmp_path.glob("timeout-*")) + list(tmp_path.glob("oom-*"))
    assert proc.returncode == 0 and not findings, proc.stderr[-3000:]
    assert "Done" in proc.stderr
