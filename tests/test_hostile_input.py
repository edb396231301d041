"""Hostile input: every bad file or record gets one line naming it and its problem, the rest of the
build goes on, and what is read (control characters, RDF syntax, markup, odd Unicode) reaches the
graph as data, exactly, in every format."""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from graph.cli import main
from graph.errors import InputError
from graph.export import serialize
from graph.html_text import extract_main_text
from graph.ingest import MAX_CHARS, IngestOptions, iter_documents
from graph.model import SourceDocument
from graph.namespaces import NIF
from graph.pipeline import analyze, build_corpus
from tests.conftest import require

STORY = ("Qatar said on Monday that talks between Ukraine and Russia on halting strikes on energy "
         "infrastructure would resume in Doha next month, according to two officials briefed on the plan.\n")
TURTLE_SYNTAX = '"""> ; . <http://x> @prefix ex: <http://example.org/> . _:b0 a ex:X ; \'\'\' \\" \\u0022'


def read(*paths: Path, **options) -> tuple[list[SourceDocument], list[InputError]]:
    errors: list[InputError] = []
    docs = list(iter_documents(list(paths), errors.append, IngestOptions(**options)))
    return docs, errors


def only_error(errors: list[InputError]) -> str:
    assert len(errors) == 1, [str(e) for e in errors]
    message = str(errors[0])
    assert "\n" not in message
    return message


# ------------------------------------------------------------------ one line per bad input


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b" \n\t\r\n  ", "the file is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Les négociations à Genève".encode("latin-1"), "not valid UTF-8 (byte 5"),
    ("utf16.txt", "Talks in Doha".encode("utf-16"), "UTF-16 text"),
    ("utf16be.txt", codecs.BOM_UTF16_BE + "Talks in Doha".encode("utf-16-be"), "UTF-16 text"),
    ("utf32.txt", "Talks in Doha".encode("utf-32"), "UTF-32 text"),
    ("empty.jsonl", b"\n\n", "the file is empty"),
    ("empty.html", b"<html><body><script>var story = 'Talks resume';</script></body></html>", "no article text"),
])
def test_bad_file_is_named_with_its_problem(tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    docs, errors = read(tmp_path / name)
    assert docs == []
    message = only_error(errors)
    assert message.startswith(str(tmp_path / name)) and problem in message


def test_size_limits_are_stated_with_the_numbers(tmp_path):
    (tmp_path / "big.txt").write_text(STORY * 50, encoding="utf-8")
    _, errors = read(tmp_path / "big.txt", max_bytes=1000)
    assert "over the limit of 1,000 (raise it with --max-bytes)" in only_error(errors)
    (tmp_path / "big.jsonl").write_text(json.dumps({"id": "a", "text": STORY * 50}) + "\n"
                                        + json.dumps({"id": "b", "text": STORY}) + "\n", encoding="utf-8")
    docs, errors = read(tmp_path / "big.jsonl", max_bytes=1000)
    assert [d.id for d in docs] == ["b"] and "big.jsonl:1: the record is" in only_error(errors)
    # Texts longer than the NLP reads at once are refused before they reach it.
    docs, errors = read(tmp_path / "big.txt", max_chars=len(STORY) * 10)
    assert docs == [] and f"over the limit of {len(STORY) * 10:,}" in only_error(errors)


def test_the_character_limit_is_within_what_spacy_accepts():
    from graph.nlp import load_nlp

    assert load_nlp().max_length >= MAX_CHARS  # so no accepted document meets spaCy's E088 error


def test_malformed_json_lines_each_named_by_line(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": STORY}),
        '{"id": "cut", "text": "Talks in Do',
        json.dumps({"id": "notext"}),
        json.dumps({"id": "numtext", "text": 42}),
        json.dumps({"id": "date", "text": STORY, "published": "last Tuesday"}),
        json.dumps({"id": "title", "text": STORY, "title": ["a", "list"]}),
        '{"id": "sur", "text": "Talks \\ud83d in Doha"}',
        json.dumps([STORY]),
        "",
        json.dumps({"id": "ok2", "text": "Egypt mediated talks in Cairo.", "url": "javascript:alert(1)"}),
    ]
    data = "\n".join(lines).encode("utf-8") + b"\n" + b'{"id": "l", "text": "caf\xe9"}\n'
    (tmp_path / "news.jsonl").write_bytes(b"\xef\xbb\xbf" + data)  # a BOM on the first line is fine
    docs, errors = read(tmp_path / "news.jsonl")
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert docs[1].url == "javascript:alert(1)"  # kept as data; never rendered as a link (see the viz test)
    expected = {2: "malformed JSON", 3: "no 'text'", 4: "no 'text'", 5: "not a date", 6: "must be a string",
                7: "lone surrogate", 8: "JSON object", 11: "not valid UTF-8"}
    got = {int(e.origin.rsplit(":", 1)[1]): e.problem for e in errors}
    assert set(got) == set(expected), got
    for number, problem in expected.items():
        assert problem in got[number]
    assert all(e.origin.startswith(f"{tmp_path / 'news.jsonl'}:") and "\n" not in str(e) for e in errors)


def test_surrogate_in_a_sidecar_or_manifest_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": "Talks \\udc00"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("Doha", "Cairo"), encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text('{"path": "b.txt", "id": "b\\ud800"}\n', encoding="utf-8")
    docs, errors = read(tmp_path)
    assert docs == []
    assert sorted(Path(e.origin).name for e in errors) == ["a.txt", "b.txt"]
    assert all("surrogate" in e.problem for e in errors)


DEEP = "[" * 1000 + "]" * 1000  # past the JSON decoder's recursion limit
HUGE = "7" * 5000  # past CPython's 4,300-digit limit on int-to-str conversion


def test_a_record_that_breaks_the_json_decoder_is_one_skipped_line(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": STORY}),
        '{"id": "deep", "text": "Talks in Doha.", "tags": ' + DEEP + "}",
        DEEP,
        '{"id": ' + HUGE + ', "text": "Talks in Doha."}',
        '{"id": "big", "text": "Talks in Doha.", "count": ' + HUGE + "}",
        json.dumps({"id": "ok2", "text": "Egypt mediated talks in Cairo."}),
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = read(tmp_path / "news.jsonl")
    assert [d.id for d in docs] == ["ok1", "ok2"]
    got = {e.origin: e.problem for e in errors}
    path = tmp_path / "news.jsonl"
    assert set(got) == {f"{path}:{n}" for n in (2, 3, 4, 5)}, got
    assert "nested too deeply" in got[f"{path}:2"] and "nested too deeply" in got[f"{path}:3"]
    assert "4300 digits" in got[f"{path}:4"] and "4300 digits" in got[f"{path}:5"]
    assert all("\n" not in str(e) and len(str(e)) < 300 for e in errors)


def test_a_sidecar_or_manifest_that_breaks_the_json_decoder_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": ' + DEEP + "}", encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<article><p>{STORY}</p></article>", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"id": ' + HUGE + "}", encoding="utf-8")
    (tmp_path / "c.txt").write_text(STORY.replace("Doha", "Cairo"), encoding="utf-8")
    (tmp_path / "d.txt").write_text(STORY.replace("Doha", "Muscat"), encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        '{"path": "c.txt", "title": ' + DEEP + "}\n" + '{"path": "d.txt", "n": ' + HUGE + "}\n"
        + json.dumps({"path": "d.txt", "id": "dee"}) + "\n", encoding="utf-8")
    docs, errors = read(tmp_path)
    assert [d.id for d in docs] == ["c", "dee"]  # c's manifest record was skipped, not c itself
    got = {Path(e.origin).name: e.problem for e in errors}
    assert set(got) == {"a.json", "b.json", "manifest.jsonl:1", "manifest.jsonl:2"}, got
    assert "nested too deeply" in got["a.json"] and "4300 digits" in got["b.json"]
    assert "nested too deeply" in got["manifest.jsonl:1"] and "4300 digits" in got["manifest.jsonl:2"]


@pytest.mark.parametrize(("value", "kind"), [
    (["a", "b"], "a list"), ({"x": 1}, "an object"), (True, "a boolean"), (False, "a boolean"), (1.5, "a fraction"),
])
def test_an_id_that_is_not_text_is_refused_not_turned_into_python_text(tmp_path, value, kind):
    (tmp_path / "news.jsonl").write_text(json.dumps({"id": value, "text": STORY}) + "\n"
                                         + json.dumps({"id": 17, "text": STORY + "Again."}) + "\n", encoding="utf-8")
    (tmp_path / "side.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "side.json").write_text(json.dumps({"id": value}), encoding="utf-8")
    (tmp_path / "listed.txt").write_text(STORY + "Listed.", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"path": "listed.txt", "id": value}) + "\n",
                                             encoding="utf-8")
    docs, errors = read(tmp_path)
    assert [d.id for d in docs] == ["17"]  # a whole number is an id as it was written
    assert sorted(Path(e.origin).name for e in errors) == ["listed.txt", "news.jsonl:1", "side.txt"], errors
    assert all(f"'id' must be a string or a whole number, not {kind}" in e.problem for e in errors)
    (tmp_path / "p.jsonl").write_text(json.dumps({"id": "p", "text": STORY, "published": [2024, 1, 1]}) + "\n",
                                      encoding="utf-8")
    docs, errors = read(tmp_path / "p.jsonl")
    assert docs == [] and "'published' must be a date string" in only_error(errors)


def test_an_unreadable_subfolder_is_named_not_skipped_in_silence(tmp_path, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(STORY, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(STORY.replace("Doha", "Cairo"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # (chmod 000 does not stop root, who runs some CI: refuse as the kernel would)
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, errors = read(tmp_path)
    assert [d.id for d in docs] == ["a"]
    message = only_error(errors)
    assert message.startswith(f"{locked}: the folder cannot be read (Permission denied)")


# ------------------------------------------------------------------ HTML


def test_an_unterminated_html_comment_is_not_article_text():
    page = "<article><p>Qatar said talks would resume in Doha.</p><!-- editor: check the date <p>Draft</p>"
    text = extract_main_text(page).text
    assert text == "Qatar said talks would resume in Doha.\n"
    closed = extract_main_text("<p>Talks in Doha.</p><!-- note --><p>Egypt agreed.</p>").text
    assert closed == "Talks in Doha.\n\nEgypt agreed.\n"



def test_html_scripts_iframes_and_handlers_leave_no_markup(tmp_path):
    page = f"""<!doctype html><html><head><title>Talks &lt;resume&gt;</title>
    <script>document.write("<p>injected</p>")</script><style>p {{ color: red }}</style></head>
    <body onload="alert('body')"><nav><a href="javascript:alert(1)">Home</a></nav>
    <article><h1>Talks &lt;resume&gt;</h1><p>{STORY}</p>
    <iframe src="https://evil.example/"><p>iframe fallback</p></iframe>
    <p>Officials said the &lt;script&gt; tag is only text here &amp; stays text.</p>
    <img src=x onerror="alert('img')"><noscript>enable scripts</noscript>
    <![if !IE]><p>conditional</p><![endif]> <![bogus section>
    <svg><script>alert('svg')</script></svg><object data="x.swf">flash</object></article></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (doc,), errors = read(tmp_path / "page.html")
    assert not errors
    assert doc.title == "Talks <resume>"
    assert "Qatar said on Monday" in doc.text and "the <script> tag is only text here & stays text" in doc.text
    for gone in ("injected", "color: red", "alert", "evil.example", "iframe fallback", "enable scripts",
                 "flash", "onerror", "<p", "<img", "bogus"):
        assert gone not in doc.text, gone


def test_many_unmatched_end_tags_are_linear():
    """Each stray end tag used to scan the open-tag stack: 50,000 of them took minutes, now a moment."""
    n = 50_000
    result = extract_main_text("<b>" * n + "<p>Qatar hosted the talks.</p>" + "</i>" * n)
    assert result.text == "Qatar hosted the talks.\n"


# ------------------------------------------------------------------ what is read reaches the graph exactly


def _graph_formats(text: str, tmp_path: Path, **meta) -> tuple[Graph, dict[str, bytes]]:
    doc = SourceDocument(id=meta.pop("doc_id", "hostile"), text=text, origin="hostile", **meta)
    _, quads = build_corpus(list(analyze([doc], components=["entities"])))
    data = {fmt: serialize(quads, fmt) for fmt in ("turtle", "nt", "trig", "nquads")}
    graph = Graph()
    graph.parse(data=data["turtle"].decode("utf-8"), format="turtle")
    for fmt in ("nt",):
        other = Graph()
        other.parse(data=data[fmt].decode("utf-8"), format=fmt)
        assert set(other) == set(graph), fmt
    return graph, data


def test_control_characters_are_kept_in_the_graph_and_escaped(tmp_path):
    text = "Qatar\x00 said\x01 talks\x0b between\x0c Ukraine\x1b[31m and Russia\x7f resumed\u2028 in\u0085 Doha.\r\n"
    graph, data = _graph_formats(text, tmp_path)
    assert set(graph.objects(None, NIF.isString)) == {Literal(text)}
    for fmt in ("nt", "nquads"):  # line-based formats: one statement a line, controls escaped
        body = data[fmt].decode("utf-8")
        assert "\x00" not in body and "\x1b" not in body and "\r" not in body
    (tmp_path / "g.ttl").write_bytes(data["turtle"])
    rapper = require("rapper")
    proc = subprocess.run([rapper, "-q", "-i", "turtle", "-c", str(tmp_path / "g.ttl")], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_rdf_syntax_inside_text_and_metadata_stays_a_literal(tmp_path):
    text = f"{STORY}{TURTLE_SYNTAX}\nThe delegation left Doha.\n"
    graph, data = _graph_formats(text, tmp_path, doc_id='x> <y" ;.', title=TURTLE_SYNTAX,
                                 url='https://example.org/a b?q=<x>&y="1"')
    assert set(graph.objects(None, NIF.isString)) == {Literal(text)}
    assert {str(t) for t in graph.objects(None, DCTERMS.title)} == {TURTLE_SYNTAX}
    assert not any(str(s).startswith("http://x") or str(s).startswith("http://example.org/") for s in graph.subjects())
    rapper = require("rapper")
    for fmt, parser in (("turtle", "turtle"), ("nt", "ntriples"), ("trig", "trig"), ("nquads", "nquads")):
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(data[fmt])
        proc = subprocess.run([rapper, "-i", parser, "-c", str(path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and "rror" not in proc.stderr, (fmt, proc.stderr)
        if fmt in ("turtle", "nt"):  # (TriG and N-Quads count a triple once per named graph)
            assert f"returned {len(graph)} triples" in proc.stderr, (fmt, proc.stderr)


# ------------------------------------------------------------------ size


@pytest.mark.slow
def test_a_200000_character_line_without_punctuation_is_analysed():
    words = re.findall(r"\w+", STORY)  # the story's words, with their capitals, and no punctuation
    text = " ".join(words[i % len(words)] for i in range(40_000))[:200_000]
    assert len(text) == 200_000 and "." not in text and "\n" not in text
    (analysis,) = analyze([SourceDocument(id="long", text=text, origin="long")])
    assert analysis.entities  # the NLP read it all
    assert max(m.span.end for m in analysis.entities) > 190_000
    for mention in analysis.entities:
        assert text[mention.span.begin:mention.span.end] == mention.text


def test_ten_thousand_tiny_documents_are_read(tmp_path):
    """The ingest side of a large JSON Lines file (the whole build: the test below; the 100,000 of
    benchmarks/bench_hostile.py)."""
    path = tmp_path / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(10_000):
            out.write(json.dumps({"id": f"t{n}", "text": f"Qatar hosted round {n} of the talks."}) + "\n")
    docs, errors = read(path)
    assert not errors and len(docs) == 10_000 and docs[-1].text == "Qatar hosted round 9999 of the talks."


def test_thousands_of_tiny_documents_are_all_built(tmp_path, capsys):
    """The whole build of many one-sentence documents (the 100,000 of benchmarks/bench_hostile.py, scaled down):
    every record becomes a document node with its identifier and exact text, in Turtle and in N-Quads (one
    named graph each). All mention Doha, so event resolution sees one block key shared by thousands of events."""
    import pyoxigraph as ox

    n = 2_500
    texts = {f"tiny{i}": f"Qatar hosted round {i} of the talks in Doha." for i in range(n)}
    path = tmp_path / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for doc_id, text in texts.items():
            out.write(json.dumps({"id": doc_id, "text": text, "published": "2024-10-30"}) + "\n")
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "--no-html", "--format", "nquads"]) == 0
    assert f"Built {n} documents" in capsys.readouterr().out
    parley, nif, dcterms = ("https://w3id.org/parley/ontology#", "http://persistence.uni-leipzig.org/nlp2rdf/"
                            "ontologies/nif-core#", "http://purl.org/dc/terms/")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    ident_of, text_of = ox.NamedNode(dcterms + "identifier"), ox.NamedNode(nif + "isString")
    for name, fmt in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.nq", ox.RdfFormat.N_QUADS)):
        store = ox.Store()
        store.bulk_load(path=str(out / name), format=fmt)
        documents = {q.subject for q in store.quads_for_pattern(None, a, ox.NamedNode(parley + "Document"))}
        found: dict[str, str] = {}
        for doc in documents:
            (ident,) = {q.object.value for q in store.quads_for_pattern(doc, ident_of, None)}
            (text,) = {q.object.value for q in store.quads_for_pattern(doc, text_of, None)}
            found[ident] = text
        assert len(documents) == n and found == texts, (name, len(documents), sorted(set(texts) - set(found))[:5])
        if fmt == ox.RdfFormat.N_QUADS:
            assert len({q.graph_name for q in store.quads_for_pattern(None, text_of, None)}) == n


# ------------------------------------------------------------------ the command: skip, count, go on


def test_build_skips_each_bad_input_with_one_line_and_counts_them(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(STORY, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (src / "cp1252.txt").write_bytes("Talks \u201cresume\u201d in Doha".encode("cp1252"))
    (src / "huge.txt").write_text(STORY * 200, encoding="utf-8")
    (src / "news.jsonl").write_text(json.dumps({"id": "j1", "text": "Egypt mediated talks in Cairo."}) + "\n"
                                    + '{"id": "j2", "text": \n' + '{"id": "j3", "text": "a\\udfff"}\n',
                                    encoding="utf-8")
    (src / "page.html").write_text(f"<article><script>alert(1)</script><p>{STORY}</p></article>", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(src), "-o", str(out), "--no-html", "--max-bytes", "5000"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    skipped = [line for line in captured.err.splitlines() if line.startswith("parley: skipped ")]
    assert len(skipped) == 6 and len(captured.err.strip().splitlines()) == 6, captured.err
    for name, problem in (("empty.txt", "empty"), ("binary.txt", "binary"), ("cp1252.txt", "UTF-8"),
                          ("huge.txt", "--max-bytes"), ("news.jsonl:2", "malformed JSON"),
                          ("news.jsonl:3", "surrogate")):
        assert sum(name + ":" in line and problem in line for line in skipped) == 1, (name, skipped)
    assert "Built 3 documents" in captured.out and "Skipped 6 inputs" in captured.out
    assert (out / "graph.ttl").is_file()
    assert main(["build", str(src), "-o", str(tmp_path / "strict"), "--no-html", "--max-bytes", "5000",
                 "--strict", "-q"]) == 1
    assert (tmp_path / "strict" / "graph.ttl").is_file()  # --strict still builds what it could read


# ------------------------------------------------------------------ the output folder, and what a killed build leaves


def _no_nlp(monkeypatch) -> None:
    from graph import pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("the NLP ran before the output folder was checked")

    monkeypatch.setattr(pipeline, "run", refuse)


def test_an_output_folder_that_cannot_be_written_is_said_before_the_nlp(tmp_path, capsys, monkeypatch):
    import tempfile

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    _no_nlp(monkeypatch)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(suffix=None, prefix=None, dir=None):  # (chmod 555 does not stop root: refuse as the kernel would)
        if dir is not None and Path(dir) == readonly:
            raise PermissionError(errno.EACCES, "Permission denied", str(Path(dir) / (prefix or "")))
        return real_mkdtemp(suffix, prefix, dir)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    for out, problem in ((tmp_path / "afile", "is a file, not a folder"),
                         (tmp_path / "afile" / "sub", "cannot write in the output folder (-o) (Not a directory)"),
                         (readonly, "cannot write in the output folder (-o) (Permission denied)")):
        assert main(["build", str(tmp_path / "a.txt"), "-o", str(out), "--no-html"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"parley: error: {out}: ") and problem in err and err.count("\n") == 1, err


def test_a_full_disk_while_writing_the_outputs_is_one_line(tmp_path, capsys, monkeypatch):
    from graph.commands import build as build_command

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")

    def full(quads, out, formats):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "graph.ttl"))

    monkeypatch.setattr(build_command, "write_outputs", full)
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--no-html", "-q"]) == 2
    err = capsys.readouterr().err
    assert "graph.ttl: cannot write the outputs (No space left on device)" in err and err.count("\n") == 1, err
    assert [p.name for p in (tmp_path / "out").iterdir()] == []  # no staging or work folder left


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_spools_left_by_a_killed_process_are_removed_by_the_next(tmp_path, monkeypatch):
    import tempfile

    from graph.export import QuadSpool
    from graph.pipeline import SpooledAnalyses

    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    dead, alive = _dead_pid(), os.getpid()
    for name in (f"parley-quads-{dead}-k1", f"parley-analyses-{dead}-k2", f"parley-quads-{alive}-live",
                 "parley-quads-nopid", "other-dir"):
        (system_tmp / name).mkdir()
        (system_tmp / name / "runs.1").write_text("x" * 1000)
    quads, analyses = QuadSpool(), SpooledAnalyses()
    try:
        assert quads.workdir.parent == system_tmp and quads.workdir.name.startswith(f"parley-quads-{alive}-")
        assert analyses.workdir.name.startswith(f"parley-analyses-{alive}-")
        left = sorted(p.name for p in system_tmp.iterdir())
        assert f"parley-quads-{dead}-k1" not in left and f"parley-analyses-{dead}-k2" not in left
        assert {f"parley-quads-{alive}-live", "parley-quads-nopid", "other-dir"} <= set(left)
    finally:
        quads.close()
        analyses.close()
    assert not quads.workdir.exists() and not analyses.workdir.exists()


def test_a_build_keeps_its_spools_in_the_output_folder(tmp_path, capsys, monkeypatch):
    import tempfile

    from graph import pipeline

    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    out = tmp_path / "out"
    out.mkdir()
    killed = out / f".parley-staging-{_dead_pid()}-abc"  # what a build killed during the NLP left
    (killed / "parley-quads-1-x").mkdir(parents=True)
    (killed / "parley-quads-1-x" / "quads.1.run").write_text("x" * 1000)
    seen: list[Path] = []
    real = pipeline.SpooledAnalyses.__init__

    def spy(self, workdir=None, **kwargs):
        real(self, workdir, **kwargs)
        seen.append(self.workdir)

    monkeypatch.setattr(pipeline.SpooledAnalyses, "__init__", spy)
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(out), "--no-html", "-q"]) == 0
    (spool,) = seen
    assert spool.parent.parent == out and spool.parent.name.startswith(f".parley-staging-{os.getpid()}-")
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]  # the killed build's folder went too
    assert list(system_tmp.iterdir()) == []  # nothing of the build in the system's temporary folder
