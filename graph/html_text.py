"""Main text and metadata of an HTML news page: trafilatura first, the standard library's parser as fallback.

trafilatura (with htmldate for the publication date) finds the article body among the page's furniture
(menus, share bars, related links, cookie banners) and reads title, date and site name from the markup
(JSON-LD, Open Graph, <time>). Its text is what the document stores: every later offset points into
it, so nothing after this module may change it. Each paragraph becomes one line with a blank line
between paragraphs, the shape the cleaning stage sees in a plain-text article.

When trafilatura finds nothing (a page of one or two short paragraphs is below what it calls an article)
or fails on a hostile page, the hand-written extraction below reads it instead: scripts, styles, iframes,
forms and page furniture (nav, header, footer, aside) dropped, only <article>/<main> when there is one.
Either way entities are decoded and nothing of the markup survives, so no markup can reach the graph.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import trafilatura

SKIP = {"script", "style", "noscript", "iframe", "template", "svg", "canvas", "form", "button", "select",
        "nav", "header", "footer", "aside", "object", "embed", "head"}
BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
         "blockquote", "br", "tr", "table", "figcaption", "figure", "pre", "dd", "dt", "hr"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "track", "wbr"}


# htmldate is told to read the date the markup states (JSON-LD, meta tags, <time>) and not to search the
# text for any date-like string: a wrong publication date would misplace every relative time expression,
# while no date leaves them unresolved, which is honest.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
# trafilatura's own minimum for an article (MIN_EXTRACTED_SIZE in its settings.cfg).
MIN_ARTICLE_CHARS = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE", fallback=250)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")

# trafilatura and htmldate log at WARNING about pages they find odd (a common case for hostile input);
# the build reports a bad page itself, in one line naming the file, so their notes would be noise.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass(frozen=True)
class ExtractedText:
    text: str
    title: str | None
    published: str | None = None  # YYYY-MM-DD, as the page states it
    site_name: str | None = None
    url: str | None = None
    extractor: str = "fallback"  # "trafilatura" or "fallback": which one found the text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        # Open tags counted, so an end tag with no start is refused in O(1): a page of thousands of
        # stray end tags would otherwise scan the stack each time (quadratic; found by fuzzing).
        self.open: Counter[str] = Counter()
        self.parts: dict[str, list[str]] = {"all": [], "article": []}
        self.article_depth = 0
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in VOID:
            if tag in BLOCK:
                self._newline()
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if tag in SKIP:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if tag in BLOCK:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open[tag]:
            return
        while self.stack:  # close unclosed children too (tolerant of bad nesting)
            top = self.stack.pop()
            self.open[top] -= 1
            if top in SKIP:
                self.skip_depth -= 1
            if top in ("article", "main"):
                self.article_depth -= 1
            if top == "title":
                self.in_title = False
            if top in BLOCK:
                self._newline()
            if top == tag:
                break

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![junk`` makes CPython 3.11's parser raise AssertionError (found by fuzzing); a browser
        reads it as a bogus comment up to the next ``>``, and so do we."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def close(self) -> None:
        """A ``<!--`` never closed is a comment to the end of the page, as a browser reads it; the standard
        parser hands it over as text at close(), and an editor's hidden note became article text."""
        if self.rawdata.startswith("<!--"):
            self.rawdata = ""
        super().close()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth > 0:
            return
        self.parts["all"].append(data)
        if self.article_depth > 0:
            self.parts["article"].append(data)

    def _newline(self) -> None:
        for key in ("all", "article") if self.article_depth > 0 else ("all",):
            self.parts[key].append("\n")


def _tidy(chunks: list[str]) -> str:
    text = "".join(chunks).replace("\r\n", "\n").replace("\xa0", " ")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _fallback(html: str) -> ExtractedText:
    """The standard library's tolerant parser: used when trafilatura finds no article."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    article = _tidy(collector.parts["article"])
    text = article if len(article.strip()) > 200 else _tidy(collector.parts["all"])
    title = _one_line("".join(collector.title))
    return ExtractedText(text=text if text.strip() else "", title=title)


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return re.sub(r"\s+", " ", value.replace("\xa0", " ")).strip() or None


def _paragraphs(text: str) -> str:
    """trafilatura's text (one line per paragraph, heading or list item) as stored: lines tidied, a blank
    line between paragraphs, one final newline."""
    lines = (re.sub(r"[ \t\f\v]+", " ", line.replace("\xa0", " ")).strip() for line in text.splitlines())
    kept = [line for line in lines if line]
    return "\n\n".join(kept) + "\n" if kept else ""


def _trafilatura(html: str) -> ExtractedText | None:
    """trafilatura's text and metadata; text "" when it found no article of its minimum size."""
    try:
        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=True, date_extraction_params=DATE_PARAMS)
    except Exception:  # a third-party parser (lxml) on hostile input: any failure means "use the fallback"
        return None
    if found is None:
        return None
    text = found.text or ""
    # Below its minimum article size trafilatura returns a baseline that breaks a line at every inline tag
    # ("Egypt\nbrokered\na truce."), which would split sentences for the NLP: the fallback reads such pages.
    text = _paragraphs(text) if len(text.strip()) >= MIN_ARTICLE_CHARS else ""
    date = found.date if isinstance(found.date, str) and ISO_DATE.match(found.date) else None
    return ExtractedText(text=text, title=_one_line(found.title), published=date,
                         site_name=_one_line(found.sitename), url=_one_line(found.url), extractor="trafilatura")


def extract_main_text(html: str) -> ExtractedText:
    """The page's main text and what it says about itself; text "" when there is none.

    trafilatura's text when it finds an article; else the fallback's text, with trafilatura's metadata
    where it found any (a short page may still carry JSON-LD)."""
    extracted = _trafilatura(html)
    if extracted is not None and extracted.text:
        if extracted.title is None:  # trafilatura found no title where the <title> element may have one
            extracted = replace(extracted, title=_fallback(html).title)
        return extracted
    fallback = _fallback(html)
    if extracted is None:
        return fallback
    return replace(extracted, text=fallback.text, title=extracted.title or fallback.title, extractor="fallback")
