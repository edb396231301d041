"""A read-only SPARQL 1.1 Protocol endpoint over a store, on the standard library's HTTP server.

``/sparql`` answers GET ``?query=…`` and POST (``application/x-www-form-urlencoded`` with
``query=…``, or ``application/sparql-query``). It is read-only three times over: the store is
opened with Oxigraph's read-only mode, SPARQL Update (the ``update`` parameter, the
``application/sparql-update`` body, or an update sent as a query) is refused with 403, and so are
federated queries (SERVICE), which would make the server fetch other URLs. Both are decided on the
parsed query (graph/sparql_guard.py), and the workers that run queries cannot open network sockets
(graph/sandbox.py).

Queries run in worker processes, each with the store open read-only: a query past the time
limit is stopped by ending its worker (Oxigraph cannot interrupt a running query), and a
fresh worker takes its place. Results larger than the row limit are refused, not truncated,
so a client never mistakes a partial answer for the whole. Before each query a worker moves
to the newest generation of the store, so an endpoint serves what ``parley build --store``
last finished writing.

A browser asking for ``/`` gets the explorer and ``/query`` the query editor (graph/explorer.py): static
files of the package that query this same endpoint; any other client gets the endpoint's description.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing as mp
import queue
import re
import socket
import sys
import threading
import xml.sax.saxutils as saxutils
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from graph.errors import ParleyError
from graph.sparql_guard import CheckedQuery, QueryRefused, check_read_only

MAX_BODY = 1_000_000  # bytes of query text
_LENGTH = re.compile(r"[0-9]{1,15}")  # a Content-Length: ASCII digits only (int() would take "-1", "+5", "1_0")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# Result media types, best first. Solutions (SELECT) and booleans (ASK):
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
# Graphs (CONSTRUCT, DESCRIBE):
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
CONTENT_TYPE = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}

__all__ = ["ServeConfig", "Refused", "check_query", "make_server", "serve", "QueryPool"]


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # solutions (SELECT) or triples (CONSTRUCT) per answer
    workers: int = 2
    idle_timeout: float = 30.0  # seconds a connection may send nothing before it is dropped
    max_response_bytes: int = 50_000_000  # bytes of one serialized answer
    allow_hosts: tuple[str, ...] = ()  # Host names accepted besides the loopback names and the bound address


# ------------------------------------------------------------------ what may run

# Refused is the guard's QueryRefused: one decision, on the parsed query, for the endpoint and for
# `parley query` alike (graph/sparql_guard.py).
Refused = QueryRefused


def check_query(query: str) -> CheckedQuery:
    """Refuse updates, federated queries (SERVICE) and what cannot be parsed, before Oxigraph sees it."""
    from graph.query import SPARQL_PREFIXES

    return check_read_only(query, SPARQL_PREFIXES)


# ------------------------------------------------------------------ results, with a size limit


class TooLarge(Exception):
    pass


def _nt_term(term) -> str:
    """A term in N-Triples syntax (the TSV results format)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Triple):
        return str(term)
    if isinstance(term, ox.Literal):
        return str(term)
    return ""


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term) -> str:
    esc = saxutils.escape
    if isinstance(term, ox.NamedNode):
        return f"<uri>{esc(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{esc(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f'<literal xml:lang={saxutils.quoteattr(term.language)}>{esc(term.value)}</literal>'
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={saxutils.quoteattr(term.datatype.value)}>{esc(term.value)}</literal>"
        return f"<literal>{esc(term.value)}</literal>"
    return f"<literal>{esc(str(term))}</literal>"


def _csv_field(term) -> str:
    if term is None:
        return ""
    text = f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value if hasattr(term, "value") else str(term)
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def serialize_solutions(solutions: ox.QuerySolutions, fmt: str, max_rows: int) -> bytes:
    """SPARQL results in ``fmt`` (json, xml, csv, tsv), refusing more than ``max_rows`` rows."""
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        if len(rows) >= max_rows:
            raise TooLarge
        rows.append([solution[v] for v in variables])
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(_csv_field(ox.Literal(v)) for v in variables)]
        lines += [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_nt_term(t) if t is not None else "" for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    out = io.StringIO()
    out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
    out.write("".join(f"<variable name={saxutils.quoteattr(v)}/>" for v in variables))
    out.write("</head>\n<results>\n")
    for row in rows:
        out.write("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is not None:
                out.write(f"<binding name={saxutils.quoteattr(v)}>{_xml_term(t)}</binding>")
        out.write("</result>\n")
    out.write("</results>\n</sparql>\n")
    return out.getvalue().encode("utf-8")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    # CSV/TSV have no boolean form in the standard; the common practice is the word alone.
    return ("true" if value else "false").encode("utf-8") + b"\n"


def _negotiate(accept: str, table: dict) -> str | None:
    """The first media type of ``table`` the Accept header takes (q-values honoured), or None."""
    if not accept.strip():
        return next(iter(table))
    choices = []
    for index, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(param[2:])
        choices.append((-q, index, media.lower()))
    for neg_q, _, media in sorted(choices):
        if neg_q == 0:
            continue
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            for known in table:
                if prefix == "*" or known.startswith(prefix + "/"):
                    return known
    return None


def execute(store: ox.Store, request: dict, max_rows: int) -> tuple[int, str, bytes]:
    """Check one query, run it and serialize it: (HTTP status, content type, body)."""
    from graph.query import SPARQL_PREFIXES, QueryError, _syntax_error

    text, accept = request["query"], request.get("accept", "")
    try:
        checked = check_query(text)
    except Refused as refused:
        return refused.status, "text/plain; charset=utf-8", (refused.message + "\n").encode("utf-8")
    options: dict = {"prefixes": SPARQL_PREFIXES}
    try:
        # The protocol's default-graph-uri / named-graph-uri override the query's FROM / FROM NAMED
        # (SPARQL 1.1 Protocol, 2.1.4); with neither, the default graph is the union of all graphs.
        if request.get("default_graphs"):
            options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        elif not checked.dataset:
            options["use_default_graph_as_union"] = True
        if request.get("named_graphs"):
            options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    except ValueError as exc:
        return 400, "text/plain; charset=utf-8", f"a graph IRI is not valid: {exc}\n".encode()
    try:
        result = store.query(text, **options)
        if isinstance(result, ox.QueryTriples):
            media = _negotiate(accept, GRAPH_TYPES)
            if media is None:
                return 406, "text/plain; charset=utf-8", f"cannot answer a graph as {accept}".encode()
            triples = []
            for triple in result:
                if len(triples) >= max_rows:
                    raise TooLarge
                triples.append(triple)
            body = ox.serialize(triples, format=GRAPH_TYPES[media])
            charset = "; charset=utf-8" if media.startswith("text/") else ""
            return 200, media + charset, body
        media = _negotiate(accept, SOLUTION_TYPES)
        if media is None:
            return 406, "text/plain; charset=utf-8", f"cannot answer query results as {accept}".encode()
        fmt = SOLUTION_TYPES[media]
        if isinstance(result, ox.QueryBoolean):
            return 200, CONTENT_TYPE[fmt], serialize_boolean(bool(result), fmt)
        return 200, CONTENT_TYPE[fmt], serialize_solutions(result, fmt, max_rows)
    except SyntaxError as exc:
        error: QueryError = _syntax_error(text, exc)
        return 400, "text/plain; charset=utf-8", str(error).encode("utf-8")
    except TooLarge:
        return (400, "text/plain; charset=utf-8",
                f"the answer has more than {max_rows:,} results, the limit of this endpoint; "
                "add a LIMIT (and OFFSET to page)".encode())
    except OSError as exc:
        return 500, "text/plain; charset=utf-8", f"the query failed: {exc}".encode()


# ------------------------------------------------------------------ worker processes


def _within_bytes(response: tuple[int, str, bytes], max_bytes: int) -> tuple[int, str, bytes]:
    """Refuse an answer whose body is over ``max_bytes``, here in the worker, so that it never crosses the
    pipe or the network (a few long literals make a huge answer well within the row limit)."""
    status, _, body = response
    if status != 200 or len(body) <= max_bytes:
        return response
    return (400, "text/plain; charset=utf-8",
            f"the answer is {len(body):,} bytes, more than {max_bytes:,}, the limit of this endpoint; "
            "add a LIMIT (and OFFSET to page) or select fewer or shorter values".encode())


def _worker_main(store_dir: str, conn, max_rows: int, max_bytes: int) -> None:
    from graph.sandbox import deny_network
    from graph.store import StoreReader

    # No network for a query worker: the wall behind the SERVICE refusal (graph/sandbox.py).
    isolation_problem = deny_network()
    from graph.query import named_queries

    for ready in named_queries().values():  # parsed once here, so their first request is not the slow one
        with contextlib.suppress(ParleyError):
            check_query(ready.text)
    try:
        reader = StoreReader(Path(store_dir))
    except ParleyError as exc:
        conn.send(("fatal", str(exc)))
        return
    conn.send(("ready", isolation_problem))
    while True:
        try:
            request = conn.recv()
        except (EOFError, KeyboardInterrupt):
            break
        if request is None:
            break
        try:
            reader.refresh()
            response = execute(reader.store, request, max_rows)
            conn.send(_within_bytes(response, max_bytes))
        except ParleyError as exc:
            conn.send((500, "text/plain; charset=utf-8", str(exc).encode("utf-8")))
        except Exception as exc:  # never let one bad query end the worker silently
            conn.send((500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}".encode()))
    reader.close()


class _Worker:
    def __init__(self, ctx, config: ServeConfig):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main,
                                   args=(str(config.store), child, config.max_rows, config.max_response_bytes),
                                   daemon=True, name="parley-sparql-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(60):
            self.kill()
            raise ParleyError(f"{config.store}: the query worker did not start")
        status, detail = self.conn.recv()
        if status != "ready":
            self.kill()
            raise ParleyError(detail)
        self.isolation_problem: str | None = detail

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """Worker processes that run queries with a time limit."""

    def __init__(self, config: ServeConfig):
        self.config = config
        self._ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(max(1, config.workers)):
            self._add()
        if self._all[0].isolation_problem:  # said once; the parse check still refuses SERVICE
            print(f"parley serve: warning: {self._all[0].isolation_problem}", file=sys.stderr)

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.config)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, request: dict) -> tuple[int, str, bytes]:
        try:
            worker = self._idle.get(timeout=self.config.timeout)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"the endpoint is busy; try again"
        try:
            worker.conn.send(request)
            if worker.conn.poll(self.config.timeout):
                response = worker.conn.recv()
                self._idle.put(worker)
                return response
        except (EOFError, OSError, BrokenPipeError):
            pass
        # Timed out (or the worker died): end it, and start a fresh one in its place.
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        try:
            self._add()
        except ParleyError as exc:
            print(f"parley serve: cannot restart a query worker: {exc}", file=sys.stderr)
        return (503, "text/plain; charset=utf-8",
                f"the query ran longer than {self.config.timeout:g} s, the limit of this endpoint".encode())

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.process.join(2)
            worker.kill()


# ------------------------------------------------------------------ HTTP

INDEX = """Parley SPARQL endpoint (read-only)

  GET  /sparql?query=...                      (URL-encoded query)
  POST /sparql  application/x-www-form-urlencoded  query=...
  POST /sparql  application/sparql-query      (the query as the body)

Results: application/sparql-results+json (default), application/sparql-results+xml, text/csv,
text/tab-separated-values; CONSTRUCT/DESCRIBE: text/turtle, application/n-triples, application/ld+json.
The default graph is the union of all graphs (one per document, plus the corpus graph).
SPARQL Update and SERVICE are refused. Time limit {timeout:g} s, at most {rows:,} results and {size:,} bytes
per answer; POST bodies need a Content-Length of at most {body:,} bytes.
In a browser, / is the explorer and /query the query editor (this text is also at /help).
"""


def _wants_html(accept: str) -> bool:
    """True if an Accept header names text/html (a browser's navigation does; */* alone does not)."""
    return any(part.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")
               for part in accept.split(","))


# C0 and C1 control characters (and DEL) as \xNN, and the backslash doubled so that an escape in the
# log is never the client's own text. The request line is decoded as Latin-1, so this covers every byte.
_LOG_ESCAPES = str.maketrans({c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))} | {ord("\\"): "\\\\"})


def host_name(value: str) -> str:
    """The name in a Host header or an address, without port, brackets or a final dot, in lower case:
    "[::1]:7878" -> "::1", "LocalHost.:80" -> "localhost"."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # name:port (an IPv6 address has several colons, and needs brackets)
        value = value.split(":", 1)[0]
    return value.rstrip(".").lower()


def accepted_hosts(config: ServeConfig) -> frozenset[str]:
    """The Host names the endpoint answers, on every address: the loopback names, the address it listens
    on, and those given with --allow-host. Any other name is a web page's DNS-rebinding trick (a name of
    the attacker's that resolves to this machine makes the page's origin the endpoint's) or a mistake."""
    names = {host_name(name) for name in (config.host, *config.allow_hosts)}
    return frozenset(LOOPBACK_HOSTS | (names - {""}))


def _handler(pool: QueryPool, config: ServeConfig) -> type[BaseHTTPRequestHandler]:
    from graph import explorer  # here, not at the top: the query workers import this module, and need no pages

    accepted = accepted_hosts(config)

    class Handler(BaseHTTPRequestHandler):
        server_version = "ParleySPARQL/0.1"
        protocol_version = "HTTP/1.1"
        # A socket timeout (set by StreamRequestHandler.setup): a client that sends nothing for this long,
        # before its request, inside it or between keep-alive requests, is dropped (the base class catches
        # the TimeoutError, logs it and closes the connection), so idle connections cannot pile up.
        timeout = config.idle_timeout
        # Headers and body go out in two writes: with Nagle's algorithm the body waits for the client's
        # delayed ACK, 40 ms per answer on a kept-alive connection (measured: 44 ms for ASK {}, 0.55 ms without).
        disable_nagle_algorithm = True
        _body_pending = False

        def parse_request(self) -> bool:
            if not super().parse_request():
                return False
            # A body this handler does not read (a GET's, or a request refused before its body) would be
            # taken for the next request on a kept-alive connection: such a connection is closed after
            # the answer instead.
            length = (self.headers.get("Content-Length") or "").strip()
            self._body_pending = bool(self.headers.get("Transfer-Encoding")) or length not in ("", "0")
            return True

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
            # The request line and headers are the client's bytes: escape control characters, or a
            # request could rewrite the operator's terminal or forge log lines.
            message = (format % args).translate(_LOG_ESCAPES)
            sys.stderr.write(f"parley serve: {self.address_string()} {message}\n")

        def _send(self, status: int, content_type: str, body: bytes,
                  headers: tuple[tuple[str, str], ...] = ()) -> None:
            if self._body_pending:
                self.close_connection = True
            self.send_response(status)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, message: str) -> None:
            self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

        def _foreign_host(self) -> bool:
            """Refuse a request addressed to a name not in the allow-list (see accepted_hosts), on any
            address. No Host at all is let through: browsers always send one, old HTTP/1.0 tools may not."""
            hosts = self.headers.get_all("Host") or []
            if len(hosts) > 1:  # two Hosts: which one a proxy or cache took is anyone's guess
                self._error(400, "give one Host header")
                return True
            url = urlsplit(self.path)
            target = url.netloc if url.scheme else ""  # an absolute-form target ("GET http://name/...") names one
            names = {host_name(value) for value in (*hosts, target)} - {""}
            foreign = sorted(names - accepted)
            if not foreign:
                return False
            self._error(403, f"this endpoint does not answer requests addressed to {foreign[0][:100]!r}; "
                             "its operator can accept a name with parley serve --allow-host NAME")
            return True

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self._foreign_host():
                return None
            url = urlsplit(self.path)
            path = url.path or "/"
            # "/" is the explorer for a browser (it asks for HTML) and the endpoint's description for
            # anything else (curl, scripts, the tests of the protocol).
            if path == "/help" or (path == "/" and not _wants_html(self.headers.get("Accept", ""))):
                return self._send(200, "text/plain; charset=utf-8",
                                  INDEX.format(timeout=config.timeout, rows=config.max_rows,
                                               size=config.max_response_bytes, body=MAX_BODY).encode())
            if path != "/sparql":
                found = explorer.page(path, config.max_rows)
                if found is None:
                    return self._error(404, f"no such page: {url.path} (the explorer is /, the query editor "
                                            "/query, the endpoint /sparql)")
                return self._send(200, found.content_type, found.body, found.headers)
            self._answer(parse_qs(url.query, keep_blank_values=True))

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            if self._foreign_host():
                return None
            url = urlsplit(self.path)
            if url.path != "/sparql":
                return self._error(404, f"no such page: {url.path} (the endpoint is /sparql)")
            body = self._read_body()
            if body is None:
                return None
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = parse_qs(url.query, keep_blank_values=True)
            if media == "application/sparql-update":
                return self._error(403, "this endpoint is read-only: SPARQL Update is not allowed")
            if media == "application/sparql-query":
                try:
                    params["query"] = [body.decode("utf-8")]
                except UnicodeDecodeError:
                    return self._error(400, "the query is not UTF-8 text")
            elif media == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
                except UnicodeDecodeError:
                    return self._error(400, "the form is not UTF-8 text")
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            else:
                return self._error(415, "send the query as application/x-www-form-urlencoded "
                                        "or application/sparql-query")
            self._answer(params)

        def _read_body(self) -> bytes | None:
            """The POST body, read only as far as a Content-Length the server can trust, or None once an
            error is sent. Never a read to the end of the stream: that is how a 1 MB limit becomes none.
            A refused body is left unread, so the connection is closed after the answer: its bytes must
            not be parsed as the next request."""
            closing, self.close_connection = self.close_connection, True  # until the body is read whole
            codings = self.headers.get("Transfer-Encoding")
            if codings:
                # Chunked bodies are refused rather than parsed by hand: SPARQL clients send a length, and a
                # body framed two ways (with a Content-Length too) is how requests are smuggled.
                if codings.rsplit(",", 1)[-1].strip().lower() == "chunked":
                    self._error(411, "send the request with a Content-Length; chunked bodies are not accepted")
                else:
                    self._error(501, f"transfer coding {codings[:40]!r} is not supported; send a Content-Length")
                return None
            lengths = self.headers.get_all("Content-Length") or []
            if not lengths:
                self._error(411, "a POST needs a Content-Length header")
                return None
            if len(lengths) > 1 or not _LENGTH.fullmatch(lengths[0].strip()):
                shown = ", ".join(lengths)[:40]
                self._error(400, f"bad Content-Length {shown!r}: give one length, a whole number of bytes")
                return None
            length = int(lengths[0])
            if length > MAX_BODY:
                self._error(413, f"the request is larger than {MAX_BODY:,} bytes")
                return None
            body = self.rfile.read(length)  # bounded; a client that stalls hits the idle timeout
            if len(body) < length:
                self.close_connection = True
                return None  # the client closed the connection before sending its whole body
            self._body_pending = False
            self.close_connection = closing  # as the request asked (keep-alive or not)
            return body

        def do_PUT(self) -> None:  # noqa: N802
            self._error(405, "this endpoint is read-only")  # the body is not read: _send closes the connection

        do_DELETE = do_PATCH = do_PUT

        def _answer(self, params: dict[str, list[str]]) -> None:
            if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
                return self._error(403, "this endpoint is read-only: SPARQL Update is not allowed")
            queries = params.get("query", [])
            if len(queries) != 1 or not queries[0].strip():
                return self._error(400, "give exactly one query (the query parameter)")
            query = queries[0]
            # The query is checked (parsed: no update, no SERVICE) in the worker, where its time is bounded.
            request = {"query": query, "accept": self.headers.get("Accept", ""),
                       "default_graphs": params.get("default-graph-uri", []),
                       "named_graphs": params.get("named-graph-uri", [])}
            self._send(*pool.run(request))

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a connection still open never holds the process at exit
    # socketserver's backlog is 5: the sixth of 16 clients connecting at once was reset by the kernel
    # (benchmarks/bench_queries.py's endpoint run saw ConnectionResetError). Connections are cheap to queue;
    # the query workers bound the work.
    request_queue_size = 128


class _Server6(_Server):
    address_family = socket.AF_INET6  # the standard library's server is IPv4 unless told


def make_server(config: ServeConfig) -> tuple[ThreadingHTTPServer, QueryPool]:
    from graph.store import StoreReader

    StoreReader(config.store).close()  # a missing or damaged store: one clear error, before any worker starts
    host = config.host.strip("[]")  # "--host [::1]" as well as "--host ::1"
    server_class = _Server6 if ":" in host else _Server
    pool = QueryPool(config)
    try:
        server = server_class((host, config.port), _handler(pool, config))
    except OSError as exc:
        pool.close()
        raise ParleyError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from None
    return server, pool


def serve(config: ServeConfig, on_ready=None) -> None:
    server, pool = make_server(config)
    try:
        if on_ready:
            on_ready(server)
        server.serve_forever()
    finally:
        server.server_close()
        pool.close()
