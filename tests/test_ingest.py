"""Ingest: each input kind, metadata, and each kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graph.errors import InputError, InputNotice
from graph.html_text import extract_main_text
from graph.ingest import IngestOptions, iter_documents


def read(paths, **kw):
    errors: list[InputError] = []
    docs = list(iter_documents([Path(p) for p in paths], errors.append, **kw))
    return docs, errors


def test_seed_folder_reads_manifest(seed_corpus):
    docs, errors = read([seed_corpus])
    assert not errors
    assert [d.id for d in docs] == sorted(d.id for d in docs)
    assert len(docs) == 5
    assert all(d.published == dt.date(2024, 10, 30) for d in docs)
    first = seed_corpus / f"{docs[0].id}.txt"
    assert docs[0].text == first.read_text(encoding="utf-8")  # exactly as read


def test_txt_with_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Qatar mediates talks between Ukraine and Russia.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"id": "story-1", "title": "Talks", "outlet": "Reuters",
                                                 "published": "2024-08-02", "url": "https://example.org/a"}))
    docs, errors = read([tmp_path])
    assert not errors
    (doc,) = docs
    assert (doc.id, doc.title, doc.outlet, doc.published, doc.url) == (
        "story-1", "Talks", "Reuters", dt.date(2024, 8, 2), "https://example.org/a")


def test_jsonl_records_and_a_malformed_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "r1", "text": "Turkey hosted talks in Istanbul.", "published": "2022-03-29"}),
        "{not json",
        json.dumps({"id": "r3", "text": ""}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "r5", "text": "Egypt mediated a ceasefire.", "outlet": "AP"}),
    ]) + "\n", encoding="utf-8")
    docs, errors = read([path])
    assert [d.id for d in docs] == ["r1", "r5"]
    assert docs[0].published == dt.date(2022, 3, 29) and docs[1].outlet == "AP"
    messages = [str(e) for e in errors]
    assert any(":2:" in m and "malformed JSON" in m for m in messages)
    assert any(":3:" in m and "no 'text'" in m for m in messages)
    assert any(":4:" in m and "JSON object" in m for m in messages)


def test_html_main_text_drops_scripts_and_furniture(tmp_path):
    html = """<html><head><title>Talks resume</title><script>alert(1)</script></head><body>
    <nav>Home | World | Subscribe</nav>
    <article><h1>Talks resume in Doha</h1>
    <p>Qatar said on Monday that talks between the two sides would resume in Doha.</p>
    <iframe src="https://ads.example"></iframe>
    <p>The mediators expect a deal &amp; a ceasefire within weeks, officials said.</p>
    <p>Both delegations arrived on Sunday evening for what diplomats call a decisive round of negotiations.</p>
    </article><footer>© Example News</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    docs, errors = read([tmp_path / "page.html"])
    assert not errors
    (doc,) = docs
    assert doc.title == "Talks resume in Doha"  # trafilatura reads the headline, not the <title> tab text
    assert "Qatar said on Monday" in doc.text and "deal & a ceasefire" in doc.text
    for furniture in ("alert(1)", "Subscribe", "ads.example", "©", "<p>"):
        assert furniture not in doc.text


def test_html_without_article_keeps_body_text():
    text = extract_main_text("<body><div>Egypt <b>brokered</b> a truce.</div><script>x()</script></body>").text
    assert text.strip() == "Egypt brokered a truce."


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"caf\xe9 au lait", "not valid UTF-8"),
])
def test_bad_files_are_named_with_their_problem(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    docs, errors = read([path])
    assert docs == []
    assert len(errors) == 1 and str(path) in str(errors[0]) and problem in str(errors[0])


def test_missing_path_unknown_kind_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "data.csv").write_text("a,b\n")
    docs, errors = read([tmp_path / "nope.txt", tmp_path / "empty", tmp_path / "data.csv"])
    assert docs == []
    text = "\n".join(map(str, errors))
    assert "no such file or folder" in text and "holds no .txt" in text and "unknown kind of file" in text


def test_good_files_survive_bad_neighbours(tmp_path):
    (tmp_path / "good.txt").write_text("Qatar mediated talks.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    docs, errors = read([tmp_path])
    assert [d.id for d in docs] == ["good"] and len(errors) == 1


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    docs, errors = read([path], options=IngestOptions(max_bytes=100))
    assert docs == [] and "over the limit" in str(errors[0])


def test_duplicate_ids(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "x", "text": "One."}, {"id": "x", "text": "Two."}, {"id": "x", "text": "One."}]) + "\n")
    docs, errors = read([tmp_path / "a.jsonl"])
    # another text under a used id is kept under a new id; the very same document is not read twice
    assert [(d.id, d.text) for d in docs] == [("x", "One."), ("x~2", "Two.")]
    assert isinstance(errors[0], InputNotice) and "this one is 'x~2'" in str(errors[0])
    assert not isinstance(errors[1], InputNotice) and "the same document as" in str(errors[1])


def test_bad_published_date(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "x", "text": "One.", "published": "yesterday"}) + "\n")
    docs, errors = read([tmp_path / "a.jsonl"])
    assert docs == [] and "'published' is not a date" in str(errors[0])


def test_a_folder_says_how_many_files_of_other_kinds_it_did_not_read(tmp_path):
    (tmp_path / "talks.txt").write_text("Envoys of Ruritania and Freedonia met in Vienna on Monday.", encoding="utf-8")
    (tmp_path / "talks.json").write_text('{"outlet": "The Vienna Courier"}', encoding="utf-8")  # a sidecar
    for name in ("minutes.pdf", "agenda.pdf", "photo.jpg", ".hidden.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    notes: list = []
    docs = list(iter_documents([tmp_path], notes.append))
    assert [d.id for d in docs] == ["talks"] and docs[0].outlet == "The Vienna Courier"
    (note,) = notes
    assert isinstance(note, InputNotice) and str(tmp_path) in str(note)
    assert "3 files of other kinds" in str(note) and ".pdf ×2" in str(note) and ".jpg" in str(note)
