"""HTML news pages as they come: trafilatura's main text and metadata, the fallback, precedence, offsets.

The pages are written for these tests and carry the usual furniture: a cookie banner, a site menu, a
share bar, related links, a newsletter box, a footer, JSON-LD or Open Graph metadata."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Namespace

from graph import html_text
from graph.build import to_graph
from graph.errors import InputError
from graph.html_text import extract_main_text
from graph.ingest import iter_documents
from graph.pipeline import run

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PAGE = Path(__file__).parent / "data" / "html" / "gulf-ledger.html"
FURNITURE = ("cookies", "Accept all", "Privacy policy", "Subscribe", "Business", "Opinion", "Share on",
             "Email this article", "Related stories", "Hostage families rally", "Oil prices edge",
             "morning briefing", "All rights reserved", "Terms", "By Amal Haddad", "{", "schema.org")

# No JSON-LD here: the date is in Open Graph's article:published_time and a <time>, the site name in
# og:site_name; the layout is <div>s with class names, the banner a GDPR box.
DIV_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Sudan ceasefire talks stall in Jeddah - Nile Courier</title>
<meta property="og:site_name" content="Nile Courier">
<meta property="article:published_time" content="2023-06-02T08:00:00Z">
</head><body>
<div class="gdpr-banner" id="consent">This site uses cookies.
<a href="#">Manage settings</a> <a href="#">I agree</a></div>
<div class="menu"><a href="/">Home</a> | <a href="/africa">Africa</a> | <a href="/sport">Sport</a></div>
<div class="content">
<h1 class="headline">Sudan ceasefire talks stall in Jeddah</h1>
<time datetime="2023-06-02">2 June 2023</time>
<div class="social"><a href="#">Tweet</a> <a href="#">WhatsApp</a></div>
<div class="story-text">
<p>Saudi Arabia and the United States suspended the talks between Sudan&#39;s army and the Rapid Support
Forces on Thursday, saying both sides had repeatedly violated a week-long truce agreed in Jeddah.</p>
<p>The mediators said they remained ready to resume the negotiations once the parties showed they were
serious about observing the ceasefire, according to a joint statement released in Riyadh.</p>
<p>The army had walked out of the talks a day earlier, accusing the paramilitary group of occupying
hospitals and homes in the capital, Khartoum, in breach of the agreement.</p>
</div>
<div class="read-more"><h4>Read more</h4><a href="/x">Refugees cross into Chad</a></div>
</div>
<div class="footer">Nile Courier &copy; 2023 &middot; <a href="/about">About us</a></div>
</body></html>"""


def read(*paths: Path) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    return list(iter_documents(list(paths), errors.append)), errors


def test_trafilatura_keeps_the_story_and_drops_the_furniture() -> None:
    extracted = extract_main_text(PAGE.read_text(encoding="utf-8"))
    assert extracted.extractor == "trafilatura"
    paragraphs = extracted.text.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 3  # one line a paragraph, a blank line between, as in a plain-text article
    assert paragraphs[0].startswith("Qatar said on Thursday that negotiators from Israel and Hamas")
    assert "“The gaps are narrow & closing,” one of them said." in paragraphs[1]  # entities decoded
    assert paragraphs[2].startswith("Israel’s prime minister’s office")
    assert extracted.text.endswith(".\n")
    for furniture in FURNITURE:
        assert furniture not in extracted.text, furniture
    assert "<" not in extracted.text and ">" not in extracted.text


def test_the_page_metadata_comes_from_json_ld_and_open_graph(tmp_path: Path) -> None:
    shutil.copy(PAGE, tmp_path / "qatar.html")
    (doc,), errors = read(tmp_path / "qatar.html")
    assert not errors
    assert doc.title == "Qatar brokers new round of Gaza talks"  # not the <title> with the site's name
    assert doc.published == dt.date(2024, 8, 15)  # datePublished, not dateModified
    assert doc.outlet == "The Gulf Ledger"
    assert doc.url == "https://gulfledger.example/world/qatar-talks"


def test_a_page_of_divs_with_open_graph_dates(tmp_path: Path) -> None:
    (tmp_path / "sudan.html").write_text(DIV_PAGE, encoding="utf-8")
    (doc,), errors = read(tmp_path / "sudan.html")
    assert not errors
    assert doc.published == dt.date(2023, 6, 2) and doc.outlet == "Nile Courier"
    assert doc.title == "Sudan ceasefire talks stall in Jeddah"
    assert "Sudan's army and the Rapid Support Forces" in doc.text
    assert "in breach of the agreement." in doc.text
    for furniture in ("cookies", "I agree", "Sport", "Tweet", "WhatsApp", "Read more", "Refugees", "About us"):
        assert furniture not in doc.text, furniture


def test_sidecar_and_manifest_fields_win_over_the_page(tmp_path: Path) -> None:
    shutil.copy(PAGE, tmp_path / "qatar.html")
    (tmp_path / "qatar.json").write_text(json.dumps({"published": "2024-08-14", "outlet": "Wire copy"}))
    (doc,), _ = read(tmp_path / "qatar.html")
    assert doc.published == dt.date(2024, 8, 14) and doc.outlet == "Wire copy"
    assert doc.title == "Qatar brokers new round of Gaza talks"  # a field the sidecar leaves out: the page's
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"path": "qatar.html", "title": "Doha round",
                                                         "published": "2024-08-13"}) + "\n")
    (doc,), _ = read(tmp_path)
    assert doc.title == "Doha round" and doc.published == dt.date(2024, 8, 13)  # the manifest over both
    assert doc.outlet == "Wire copy"


def test_a_tiny_page_falls_back_to_the_standard_library_parser() -> None:
    """Below its minimum article size trafilatura returns nothing, or a baseline that breaks a line at each
    inline tag; the old extraction reads such a page, and the metadata trafilatura found is kept."""
    extracted = extract_main_text("<html><head><title>Truce</title></head><body><nav>Home</nav>"
                                  "<div>Egypt <b>brokered</b> a truce.</div><script>x()</script></body></html>")
    assert extracted.extractor == "fallback"
    assert extracted.text == "Egypt brokered a truce.\n" and extracted.title == "Truce"
    short = extract_main_text('<html><head><meta property="og:site_name" content="Nile Courier">'
                              '<meta property="article:published_time" content="2023-06-02T08:00:00Z"></head>'
                              "<body><p>Egypt <i>brokered</i> a truce.</p></body></html>")
    assert (short.extractor, short.text) == ("fallback", "Egypt brokered a truce.\n")
    assert (short.site_name, short.published) == ("Nile Courier", "2023-06-02")


def test_trafilatura_failing_on_a_page_means_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("lxml: document is empty")

    monkeypatch.setattr(html_text.trafilatura, "bare_extraction", broken)
    extracted = extract_main_text(DIV_PAGE)
    assert extracted.extractor == "fallback"
    assert "Sudan's army" in extracted.text and "<" not in extracted.text


def test_a_page_with_no_text_is_one_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><head><script type='application/ld+json'>"
                                         '{"datePublished": "2024-01-01"}</script></head><body></body></html>')
    docs, errors = read(tmp_path / "empty.html")
    assert docs == [] and len(errors) == 1
    assert str(errors[0]).startswith(str(tmp_path / "empty.html")) and "no article text" in str(errors[0])


def test_every_offset_points_into_the_stored_extracted_text(tmp_path: Path) -> None:
    shutil.copy(PAGE, tmp_path / "qatar.html")
    (tmp_path / "sudan.html").write_text(DIV_PAGE, encoding="utf-8")
    docs, _ = read(tmp_path)
    errors: list[InputError] = []
    g = to_graph(run([tmp_path], errors.append).quads)
    assert not errors
    stored = {str(text) for text in g.objects(None, NIF.isString)}
    assert stored == {doc.text for doc in docs}  # the document's text is the extracted text, unchanged
    checked = 0
    for mention in g.subjects(NIF.referenceContext, None):
        text = str(g.value(g.value(mention, NIF.referenceContext), NIF.isString))
        begin, end = int(g.value(mention, NIF.beginIndex)), int(g.value(mention, NIF.endIndex))
        assert text[begin:end] == str(g.value(mention, NIF.anchorOf))
        checked += 1
    assert checked >= 6  # Qatar, Israel, Hamas, Egypt, Sudan, Saudi Arabia, ... each grounded
