"""SPARQL over a built graph file or a store, with Oxigraph, and the renderings of the results.

The default graph of every query is the union of all graphs (the store keeps one named graph
per document), and the core profile's prefixes (parley:, sem:, nif:, …, id:) are predeclared.
Ready-made queries live in ontology/queries/NAME.rq; their first comment lines describe them.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import InputError, ParleyError
from graph.namespaces import ID, PREFIXES
from graph.rdf_errors import OX_FORMATS, syntax_problem
from graph.sparql_guard import check_read_only
from graph.validate import ONTOLOGY_DIR

QUERIES_DIR = ONTOLOGY_DIR / "queries"
SPARQL_PREFIXES: dict[str, str] = {name: str(ns) for name, ns in PREFIXES.items()} | {"id": str(ID)}

SOLUTION_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                 "xml": ox.RdfFormat.RDF_XML}
FORMATS = ("table", *SOLUTION_FORMATS, *[f for f in GRAPH_FORMATS if f not in SOLUTION_FORMATS])

__all__ = ["QueryError", "NamedQuery", "named_queries", "named_query", "load_graph_file", "run_query", "paged",
           "PAGE_SIZE",
           "parse_bindings", "render", "render_table", "terminal_safe", "term_text", "SPARQL_PREFIXES", "FORMATS"]


class QueryError(ParleyError):
    """A query that does not parse or cannot run; the message shows where."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    description: str
    text: str

    @property
    def pages(self) -> bool:
        """Whether the query returns a page at a time (see paged)."""
        return _PAGE.search(self.text) is not None


# A ready query that pages picks its subjects (claims, events) in a subquery that ends with this clause, on a
# line marked "# page" (the same subquery may recur, in a subquery that groups over the page); the rest of the
# query reads only those subjects. Why: several ready queries returned every claim or event of the store
# (10-20k rows at a million triples, 1-4 s), and at that size what costs is the rows. The default is the first
# page of PAGE_SIZE subjects; parley query --page N --page-size K chooses.
PAGE_SIZE = 50
_PAGE = re.compile(r"LIMIT\s+(\d+)\s+OFFSET\s+(\d+)(?=[^\n]*#\s*page\b)")


def paged(text: str, page: int = 1, size: int = PAGE_SIZE) -> str:
    """The query for page ``page`` (from 1) of ``size`` subjects; ``size`` 0: all of them, in one page."""
    if page < 1 or size < 0:
        raise ParleyError(f"page {page} of size {size}: pages count from 1, and a size is 0 (all) or more")
    if _PAGE.search(text) is None:
        raise ParleyError("this query does not page (no 'LIMIT n OFFSET m' clause on a line marked '# page')")
    # (every marked clause: a query may choose its page again in a subquery of its own)
    if size == 0:
        return _PAGE.sub("", text) if page == 1 else _PAGE.sub("LIMIT 0 OFFSET 0", text)
    return _PAGE.sub(f"LIMIT {size} OFFSET {(page - 1) * size}", text)


def named_queries() -> dict[str, NamedQuery]:
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        lines = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line.lstrip("# ").rstrip())
        out[path.stem] = NamedQuery(path.stem, path, " ".join(x for x in lines if x), text)
    return out


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        known = ", ".join(queries) or "none"
        near = difflib.get_close_matches(name, queries, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise ParleyError(f"no ready query named {name!r}: {hint}(known: {known}; see parley query --list)")
    return queries[name]


def parse_bindings(pairs: list[str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """--bind VAR=VALUE pairs as substitutions: an IRI (<…>, prefix:name, http(s)://…) or a string."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name.isidentifier():
            raise ParleyError(f"--bind {pair!r}: write VAR=VALUE, e.g. --bind claim=id:claim/abc")
        if value.startswith("<") and value.endswith(">"):
            term = ox.NamedNode(value[1:-1])
        elif (prefix := value.partition(":")[0]) in SPARQL_PREFIXES and ":" in value:
            term = ox.NamedNode(SPARQL_PREFIXES[prefix] + value.partition(":")[2])
        elif value.startswith(("http://", "https://")):
            term = ox.NamedNode(value)
        else:
            term = ox.Literal(value.strip('"'))
        out[ox.Variable(name)] = term
    return out


def load_graph_file(path: Path) -> ox.Store:
    """An RDF file in an in-memory Oxigraph store (named graphs of TriG / N-Quads kept)."""
    path = Path(path)
    fmt = OX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown RDF format (known suffixes: {', '.join(sorted(OX_FORMATS))})")
    if not path.is_file():
        raise InputError(str(path), "no such file" if not path.exists() else "not a file")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise InputError(str(path), syntax_problem(path, exc)) from None
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    return store


_POSITION = re.compile(r"error at (\d+):(\d+)(?:-(\d+):(\d+))?:?\s*(.*)", re.S)


def _syntax_error(query: str, exc: Exception) -> QueryError:
    """'error at 3:14: expected …' → the message with the line of the query and a caret."""
    message = str(exc)
    match = _POSITION.search(message)
    if not match:
        return QueryError(f"the query does not parse: {message}")
    line_no, col = int(match.group(1)), int(match.group(2))
    lines = query.splitlines() or [""]
    shown = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    caret = " " * max(col - 1, 0) + "^"
    return QueryError(f"the query does not parse at line {line_no}, column {col}: {match.group(5).strip()}\n"
                      f"    {terminal_safe(shown)}\n    {caret}")


def run_query(store: ox.Store, query: str, substitutions: dict | None = None):
    """Run a SPARQL query over the union of the store's graphs. Returns Oxigraph's result object.

    ``substitutions`` fixes variables before evaluation ({Variable: term}, as in SEP-0007).
    Updates and federated queries (SERVICE) are refused (graph/sparql_guard.py): QueryRefused.
    """
    checked = check_read_only(query, SPARQL_PREFIXES)
    try:
        # A FROM / FROM NAMED clause chooses the dataset itself; otherwise the default graph is the union.
        return store.query(query, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=not checked.dataset,
                           substitutions=substitutions or None)
    except SyntaxError as exc:
        raise _syntax_error(query, exc) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


# ------------------------------------------------------------------ rendering

# C0/C1 controls (ESC starts terminal escape sequences) and the bidi controls that reorder
# what a terminal shows; tabs and line breaks become spaces so a row stays one line.
_BIDI = {"\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


def terminal_safe(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\t\n\r\v\f\x85\u2028\u2029":
            out.append(" ")
        elif ch in _BIDI or unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    return "".join(out)


def term_text(term) -> str:
    """A term as a reader wants it: prefixed IRIs, literal values, _:b for blank nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        best = max(((p, ns) for p, ns in SPARQL_PREFIXES.items() if iri.startswith(ns)),
                   key=lambda item: len(item[1]), default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _clip(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render_table(variables: list[str], rows: list[list[str]], max_cell: int = 70) -> str:
    cells = [[_clip(terminal_safe(c), max_cell) for c in row] for row in rows]
    heads = [terminal_safe(v) for v in variables]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(heads)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(heads), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _solution_rows(solutions: ox.QuerySolutions) -> tuple[list[str], Iterator[list[str]]]:
    variables = [v.value for v in solutions.variables]
    return variables, ([term_text(sol[v]) for v in variables] for sol in solutions)


def render(result, fmt: str) -> bytes:
    """Serialize a query result: a table for a terminal, or a standard format."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return (("true" if bool(result) else "false") + "\n").encode("utf-8")
        if fmt not in SOLUTION_FORMATS:
            raise QueryError(f"an ASK result is written as table, {', '.join(SOLUTION_FORMATS)}; not {fmt}")
        return _final_newline(_serialize(result, SOLUTION_FORMATS[fmt]))
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            variables, rows = _solution_rows(result)
            return render_table(variables, list(rows)).encode("utf-8")
        if fmt not in SOLUTION_FORMATS:
            raise QueryError(f"SELECT results are written as table, {', '.join(SOLUTION_FORMATS)}; not {fmt}")
        return _final_newline(_serialize(result, SOLUTION_FORMATS[fmt]))
    # CONSTRUCT / DESCRIBE: triples.
    rdf_format = GRAPH_FORMATS.get("turtle" if fmt == "table" else fmt)
    if rdf_format is None:
        raise QueryError(f"CONSTRUCT and DESCRIBE results are RDF: use --format {', '.join(GRAPH_FORMATS)}")
    data = _turtle(result) if rdf_format == ox.RdfFormat.TURTLE else _serialize(result, rdf_format)
    if fmt == "table":
        data = terminal_safe_lines(data.decode("utf-8")).encode("utf-8")
    return _final_newline(data)


def _final_newline(data: bytes) -> bytes:
    """Every answer on the command line ends its last line (JSON and XML serializers stop at the brace)."""
    return data if not data or data.endswith(b"\n") else data + b"\n"


# A local name Turtle can write without escapes (a conservative PN_LOCAL: no '/', '.' only inside).
PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")


def _turtle(result) -> bytes:
    """Turtle declaring only the prefixes it uses, and none whose names would need escapes: an IRI such
    as id:event/abc would be written id:event\\/abc, legal but unreadable, and is written in full instead
    (as in graph.ttl)."""
    triples = list(result)
    usable: set[str] = set()
    spoiled: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object,
                     getattr(triple.object, "datatype", None)):
            if not isinstance(term, ox.NamedNode):
                continue
            for name, namespace in SPARQL_PREFIXES.items():
                if term.value.startswith(namespace):
                    local = term.value[len(namespace):]
                    (usable if not local or PLAIN_LOCAL.match(local) else spoiled).add(name)
    prefixes = {name: SPARQL_PREFIXES[name] for name in sorted(usable - spoiled)}
    text = _serialize(triples, ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    # The serializer may write rdf:type as "a" and typed numbers bare: drop declarations the body never uses.
    head, body = [], []
    for line in text.splitlines(keepends=True):
        (head if line.startswith("@prefix ") and not body else body).append(line)
    rest = "".join(body)
    kept = [line for line in head if re.search(rf"(?<![\w-]){re.escape(line.split()[1])}", rest)]
    return ("".join(kept) + rest).encode("utf-8")


def terminal_safe_lines(text: str) -> str:
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def _serialize(result, fmt, prefixes: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    try:
        if prefixes is not None:
            ox.serialize(result, buffer, fmt, prefixes=prefixes)
        else:
            result.serialize(buffer, fmt)
    except OSError as exc:
        raise QueryError(f"the query failed while its results were read: {exc}") from None
    return buffer.getvalue()


def results_json(result) -> dict:
    """SPARQL-results JSON as a Python object (for tests and notebooks)."""
    return json.loads(render(result, "json"))
