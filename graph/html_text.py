"""Main text of an HTML article, with the standard library's tolerant parser.

Scripts, styles, iframes, forms and page furniture (nav, header, footer, aside) are dropped;
when the page has an <article> (or <main>), only its text is kept. Block elements become
lines, so the cleaning stage sees the same shape as in a plain-text article. Entities are
decoded; nothing of the markup survives, so no markup can reach the graph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "iframe", "template", "svg", "canvas", "form", "button", "select",
        "nav", "header", "footer", "aside", "object", "embed", "head"}
BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
         "blockquote", "br", "tr", "table", "figcaption", "figure", "pre", "dd", "dt", "hr"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "source", "track", "wbr"}


@dataclass(frozen=True)
class ExtractedText:
    text: str
    title: str | None


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


def extract_main_text(html: str) -> ExtractedText:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    article = _tidy(collector.parts["article"])
    text = article if len(article.strip()) > 200 else _tidy(collector.parts["all"])
    title = re.sub(r"\s+", " ", "".join(collector.title)).strip() or None
    return ExtractedText(text=text if text.strip() else "", title=title)
