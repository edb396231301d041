"""The pages `parley serve` shows a person: the explorer at ``/`` and the query editor at ``/query``.

Both are static files (graph/data/explorer/, the vendored YASGUI in graph/data/yasgui/, and the
vis-network copy that pyvis ships, as the static page uses it) that fetch everything they show from the
server's own read-only endpoint, ``/sparql``, with bounded queries: the server holds no page data, so
a store of any size opens as fast as a small one. The endpoint's guards apply to them as to any
client: they are ordinary SPARQL requests.

Every HTML answer carries a Content-Security-Policy that lets the page load scripts, styles, images
and fonts from this server only and connect to nothing but it, so neither a vendored library nor text
from the graph can make the browser send a request elsewhere.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from graph.query import SPARQL_PREFIXES, named_queries
from graph.visualize import VIS_JS, VIZ_DIR, load_style

__all__ = ["Page", "CSP", "page", "ASSET_ROOT"]

DATA = Path(__file__).parent / "data"
EXPLORER_DIR = DATA / "explorer"
YASGUI_DIR = DATA / "yasgui"
ASSET_ROOT = "/assets/"

# 'unsafe-inline' styles only: vis-network and YASGUI set style attributes from script. No inline
# script runs (script-src 'self'), and connect-src 'self' keeps every fetch on this server.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".json": "application/json"}

# URL path -> file. Only these are served: no path from the request ever reaches the file system.
_FILES: dict[str, Path] = {
    "/": EXPLORER_DIR / "explorer.html",
    "/query": EXPLORER_DIR / "query.html",
    ASSET_ROOT + "explorer.js": EXPLORER_DIR / "explorer.js",
    ASSET_ROOT + "explorer.css": EXPLORER_DIR / "explorer.css",
    ASSET_ROOT + "sparql.js": EXPLORER_DIR / "sparql.js",
    ASSET_ROOT + "query.js": EXPLORER_DIR / "query.js",
    ASSET_ROOT + "query.css": EXPLORER_DIR / "query.css",
    ASSET_ROOT + "yasr-chart.js": EXPLORER_DIR / "yasr-chart.js",
    ASSET_ROOT + "page.css": VIZ_DIR / "page.css",  # the static page's look, shared as it is
    ASSET_ROOT + "vis-network.min.js": VIS_JS,
    ASSET_ROOT + "yasgui.min.js": YASGUI_DIR / "yasgui.min.js",
    ASSET_ROOT + "yasgui.min.css": YASGUI_DIR / "yasgui.min.css",
}
CONFIG_PATH = ASSET_ROOT + "config.json"
_STRINGS_AND_IRIS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>')


@dataclass(frozen=True)
class Page:
    """One answer of the pages: its media type, its bytes and the headers it needs."""

    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def page(path: str, max_rows: int) -> Page | None:
    """The page or asset at ``path``, or None if there is none."""
    if path == CONFIG_PATH:
        return Page(_TYPES[".json"], _config(max_rows), (("Cache-Control", "no-cache"),))
    file = _FILES.get(path)
    return None if file is None else _file(file)


@functools.cache
def _file(path: Path) -> Page:
    body = path.read_bytes()
    if path.suffix in (".js", ".css"):
        # A source-map comment would make a browser's developer tools ask for a file that is not served.
        body = re.sub(rb"(?m)^//# sourceMappingURL=\S*\s*$", b"", body)
    headers: tuple[tuple[str, str], ...] = (("Cache-Control", "no-cache"),)
    if path.suffix == ".html":
        headers += (("Content-Security-Policy", CSP), ("Referrer-Policy", "no-referrer"),
                    ("X-Frame-Options", "DENY"))
    return Page(_TYPES[path.suffix], body, headers)


@functools.cache
def _config(max_rows: int) -> bytes:
    """What the pages need to know: how to draw each kind (the static page's style.toml), the roles, the
    ready queries (each made self-contained with the PREFIX lines it uses) and the endpoint's row limit."""
    style = load_style()
    queries = []
    for ready in named_queries().values():
        queries.append({"name": ready.name, "description": ready.description,
                        "query": with_prefixes(ready.path.read_text(encoding="utf-8"))})
    config = {"kinds": style["kinds"], "plover": style.get("plover", {}), "edges": style.get("edges", {}),
              "prefixes": SPARQL_PREFIXES, "queries": queries, "maxRows": max_rows}
    return json.dumps(config, ensure_ascii=False, sort_keys=True).encode("utf-8")


def with_prefixes(query: str) -> str:
    """``query`` with a PREFIX line for each predeclared prefix it uses and does not declare: the endpoint
    predeclares them, but an editor (and a reader) sees a query that stands on its own."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", query))
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    body = _STRINGS_AND_IRIS.sub(" ", body)  # "sem:x" in a string or <urn:x> is no use of a prefix
    used = [name for name, _ in sorted(SPARQL_PREFIXES.items())
            if name not in declared and re.search(rf"(?<![\w.:<-]){re.escape(name)}:", body)]
    lines = [f"PREFIX {name}: <{SPARQL_PREFIXES[name]}>" for name in used]
    return "\n".join(lines) + ("\n" if lines else "") + query
