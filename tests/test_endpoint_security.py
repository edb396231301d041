"""The SPARQL endpoint (graph/serve.py) is locked down: loopback by default, read-only (no Update,
no LOAD), no federated SERVICE to any host, bounded query time and answer size, and it answers
every query of a concurrent burst correctly. Everything here listens on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.cli import make_parser
from graph.ingest import iter_documents
from graph.model import SourceDocument
from graph.pipeline import analyze
from graph.serve import Refused, ServeConfig, check_query, make_server
from graph.store import StoreReader, add_documents

TIMEOUT = 5.0
MAX_ROWS = 200
OWN = {
    "own-cairo": "Egypt and Qatar mediated talks between Israel and Hamas in Cairo on Sunday, officials said.",
    "own-quote": 'The envoy said: "We will not INSERT conditions, nor SERVICE old demands." <script>x</script>',
}


class Canary:
    """An HTTP server on 127.0.0.1 that records every request: nothing may ever reach it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                canary.requests.append(f"{self.command} {self.path}")
                body = b"<http://evil.example/s> <http://evil.example/p> <http://evil.example/o> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary():
    server = Canary()
    yield server
    server.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_corpus) -> Path:
    docs = list(iter_documents([seed_corpus]))
    docs += [SourceDocument(id=key, text=text, origin=key) for key, text in OWN.items()]
    path = tmp_path_factory.mktemp("endpoint") / "store"
    add_documents(path, list(analyze(docs, components=["entities"])))
    return path


@contextlib.contextmanager
def running(config: ServeConfig):
    """An endpoint serving in a thread for the block: its URL."""
    server, pool = make_server(config)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        pool.close()


@pytest.fixture(scope="module")
def endpoint(store):
    with running(ServeConfig(store=store, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)) as url:
        yield url


def request(url: str, *, query: str | None = None, data: bytes | None = None, content_type: str | None = None,
            method: str | None = None, accept: str = "application/sparql-results+json") -> tuple[int, str, bytes]:
    if query is not None:
        url += "/sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, data=data, method=method, headers={"Accept": accept})
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def quads(store: Path) -> set:
    with StoreReader(store) as reader:
        return set(reader.store)


def rows(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


# ------------------------------------------------------------------ loopback


def test_loopback_by_default(endpoint):
    assert ServeConfig(store=Path("x")).host == "127.0.0.1"
    args = make_parser().parse_args(["serve", "--store", "x"])
    assert args.host == "127.0.0.1"
    assert urllib.parse.urlsplit(endpoint).hostname == "127.0.0.1"


# ------------------------------------------------------------------ read-only


UPDATES = [
    "INSERT DATA { <http://evil.example/s> <http://evil.example/p> 'x' }",
    "insert data { <http://evil.example/s> <http://evil.example/p> 'x' }",
    "PREFIX ex: <http://evil.example/>\nINSERT DATA { ex:s ex:p ex:o }",
    "# a comment first\nDELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "WITH <http://evil.example/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }",
    "CLEAR ALL", "DROP ALL", "DROP SILENT DEFAULT", "CREATE GRAPH <http://evil.example/g>",
    "ADD DEFAULT TO <http://evil.example/g>", "MOVE DEFAULT TO <http://evil.example/g>",
    "COPY DEFAULT TO <http://evil.example/g>",
    "\\u0049NSERT DATA { <http://evil.example/s> <http://evil.example/p> 'x' }",
]


def test_updates_and_load_are_refused_and_change_nothing(endpoint, store, canary):
    before = quads(store)
    loads = [f"LOAD <{canary.url}/evil.nt>", f"LOAD SILENT <{canary.url}/evil.nt> INTO GRAPH <http://evil.example/g>"]
    for update in UPDATES + loads:
        for attempt in (
            dict(query=update),
            dict(data=update.encode(), content_type="application/sparql-query"),
            dict(data=update.encode(), content_type="application/sparql-update"),
            dict(data=urllib.parse.urlencode({"update": update}).encode(),
                 content_type="application/x-www-form-urlencoded"),
            dict(data=urllib.parse.urlencode({"query": update}).encode(),
                 content_type="application/x-www-form-urlencoded"),
        ):
            if "data" in attempt:
                status, _, body = request(endpoint + "/sparql", **attempt)
            else:
                status, _, body = request(endpoint, **attempt)
            assert status == 403, (update, attempt, status, body)
            assert b"read-only" in body
    for method in ("PUT", "DELETE", "PATCH"):
        status, _, _ = request(endpoint + "/sparql", data=b"<a> <b> <c> .", method=method,
                               content_type="application/n-triples")
        assert status == 405
    assert quads(store) == before
    assert canary.requests == []


# ------------------------------------------------------------------ no SERVICE, to any host


def services(url: str) -> list[str]:
    return [
        f"SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?d a nif:Context OPTIONAL {{ SERVICE <{url}/x> {{ ?d ?p ?o }} }} }}",
        f"SELECT * {{ BIND(<{url}/s> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{url}/s> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ # SERVICE in a comment first\n SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p \"SERVICE\" . SERVICE<{url}/s>{{?s ?p ?o}} }}",
        f"ASK {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
        "SELECT * { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
        "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    ]


def test_service_to_any_host_is_refused_and_never_fetched(endpoint, canary):
    for query in services(canary.url):
        status, _, body = request(endpoint, query=query)
        assert status == 403 and b"SERVICE" in body, (query, status, body)
    assert canary.requests == []


def test_keywords_inside_strings_iris_and_comments_are_not_refused(endpoint):
    query = ('SELECT ?d WHERE { ?d nif:isString ?t . '
             'FILTER(CONTAINS(?t, "not INSERT conditions, nor SERVICE") && ?d != <http://x/SERVICE/INSERT>) } '
             '# SERVICE INSERT DROP in a comment')
    status, _, body = request(endpoint, query=query)
    assert status == 200, body
    assert [r["d"].rsplit("/", 1)[1] for r in rows(body)] == ["own-quote"]


# Queries that call SERVICE, with the keyword spelled, escaped and surrounded in every way that might hide it
# from the check: strings, IRIs and comments holding quotes, hashes, brackets and keywords. Without the
# check Oxigraph fetches most of them (its parser does not read \\u escapes in keywords, the check does);
# with it, none may reach another host.
NOISE = ["OPTIONAL { ?s ?p ?o }", 'OPTIONAL { ?s ?p "a # b" }', "OPTIONAL { ?s ?p '<x>' }",
         'OPTIONAL { ?s ?p """x " } y""" }', "OPTIONAL { ?s ?p <http://x/#SERVICE> }",
         "# comment with \" and ' and <\n", "OPTIONAL { ?a ?b ?c FILTER(?a<?b) }",
         "OPTIONAL { ?a ?b ?c FILTER(?a < ?b && ?c > ?a) }", 'BIND("}" AS ?z)', "OPTIONAL { ?s ?p '\\'' }",
         'BIND("SERVICE <http://x/>" AS ?q)', "\n", " ", "\t", "{ } ."]
SERVICE = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE", "\\U00000053ERVICE", "SERVICE SILENT",
           "SERVICE\tSILENT"]
GAP = ["", " ", "\n", "\t", " # <http://x/> \" '\n", "\r\n"]


@settings(max_examples=300, deadline=None)
@given(before=st.lists(st.sampled_from(NOISE), max_size=4), keyword=st.sampled_from(SERVICE),
       gap=st.sampled_from(GAP), after=st.lists(st.sampled_from(NOISE), max_size=3))
def test_no_query_that_passes_the_check_can_reach_another_host(canary, before, keyword, gap, after):
    query = (f"SELECT * {{ {' '.join(before)} {keyword}{gap}<{canary.url}/f>{gap}"
             f"{{ ?s ?p ?o }} {' '.join(after)} }}")
    requests = len(canary.requests)
    try:
        check_query(query)
    except Refused:
        return
    with contextlib.suppress(Exception):  # any failure is fine; a fetch is not
        list(ox.Store().query(query))
    assert len(canary.requests) == requests, (query, canary.requests[requests:])


# ------------------------------------------------------------------ bounded time and size


def test_an_answer_over_the_row_limit_is_refused_not_truncated(endpoint):
    status, _, body = request(endpoint, query="SELECT * { ?s ?p ?o }")
    assert status == 400 and f"more than {MAX_ROWS}".encode() in body
    status, _, body = request(endpoint, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept="text/turtle")
    assert status == 400 and f"more than {MAX_ROWS}".encode() in body
    status, _, body = request(endpoint, query=f"SELECT * {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(rows(body)) == MAX_ROWS
    # A body over the limit is refused from its Content-Length, before it is read (so none is sent here).
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(endpoint).netloc, timeout=60)
    try:
        conn.putrequest("POST", "/sparql")
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(1_100_000))
        conn.endheaders()
        assert conn.getresponse().status == 413
    finally:
        conn.close()


def test_a_query_past_the_time_limit_is_stopped_and_the_endpoint_goes_on(endpoint):
    heavy = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # |triples|^4 rows
    status, _, body = request(endpoint, query=heavy)
    assert status == 503 and f"longer than {TIMEOUT:g} s".encode() in body, body
    status, _, body = request(endpoint, query="ASK { ?d a nif:Context }")
    assert status == 200 and json.loads(body)["boolean"] is True


# ------------------------------------------------------------------ a burst of concurrent queries


def test_a_burst_of_200_queries_from_16_threads_is_answered_exactly(endpoint, store):
    with StoreReader(store) as reader:
        texts = {str(s.value).rsplit("/", 1)[1]: o.value for s, _, o, _ in
                 reader.store.quads_for_pattern(None, ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/"
                                                                   "ontologies/nif-core#isString"), None)}
        total = len(reader.store)
    assert len(texts) == 7
    ids = sorted(texts)
    jobs = []
    for n in range(200):
        doc_id = ids[n % len(ids)]
        if n % 4 == 3:
            jobs.append(("count", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", str(total)))
        else:
            query = f'SELECT ?t {{ ?d dcterms:identifier "{doc_id}" ; nif:isString ?t }}'
            jobs.append(("text", query, texts[doc_id]))

    def ask(job):
        kind, query, expected = job
        status, content_type, body = request(endpoint, query=query)
        assert status == 200, (status, body[:200])
        assert content_type.startswith("application/sparql-results+json")
        (row,) = rows(body)
        return row["n" if kind == "count" else "t"] == expected

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(ask, jobs))
    assert len(answers) == 200 and all(answers)


def test_no_cross_origin_reads_and_no_foreign_host(tmp_path_factory):
    """A web page the user visits may not read the local endpoint (no CORS header; DNS rebinding refused)."""
    import http.client
    import shutil
    import socket
    import subprocess
    import sys
    import time

    from graph.ingest import default_corpus

    root = tmp_path_factory.mktemp("cors")
    build = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(default_corpus()), "-o", str(root / "o"),
                            "--no-html", "-q", "--store", str(root / "db")], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--store", str(root / "db"),
                               "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/sparql?query=ASK%7B%7D")
                answer = conn.getresponse()
                break
            except OSError:
                time.sleep(0.2)
        assert answer.status == 200 and answer.getheader("Access-Control-Allow-Origin") is None
        answer.read()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Host": f"attacker.example:{port}"})
        assert conn.getresponse().status == 403
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------ SERVICE, decided on the parse

# Spellings that a scan of the query text for the keyword let through or might let through: the two of
# the red-team report (SERVICE right after a '.', a '\#' escape the scan took for a comment), quotes
# escaped inside names, escapes that open a string for one parser only, comments ended by a carriage
# return, and SERVICE nested in every pattern that can hold one. The decision is made on rdflib's
# parse, so each must be refused (or not parse); none may reach the listener.
def bypasses(url: str) -> list[str]:
    svc = f"SERVICE <{url}/b>"
    return [
        f"SELECT * WHERE {{ ?a ?b ?c .SERVICE <{url}/x> {{ ?s ?p ?o }} }} LIMIT 1",
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ BIND(ex:a\\#b AS ?z) SERVICE <{url}/y> {{?s ?p ?o}} }}",
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ BIND(ex:a\\'b AS ?z) {svc} {{?s ?p ?o}} }}",
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ BIND(ex:a\\\"b AS ?z) {svc} {{?s ?p ?o}} }}",
        f"SELECT * {{ # a comment ended by a carriage return\r {svc} {{ ?s ?p ?o }} }}",
        f'SELECT * {{ ?s ?p "a\\u0022, " . {svc} {{ ?s ?p ?o }} ?s ?p "\\u0022, " , "b" }}',
        f"SELECT * {{ ?s ?p 'a\\u0027' . {svc} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0023 no comment\n {svc} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p ?o }} #\\u000a {svc} {{ }}",
        f"SELECT * {{ {{ SELECT * {{ {svc} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ {svc} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ ?s ?p ?o FILTER NOT EXISTS {{ {svc} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ ?s ?p ?o MINUS {{ {svc} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ {svc} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ GRAPH ?g {{ {svc} {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ VALUES ?x {{ 1 }} {svc}{{?s ?p ?o}} }}",
        f"SELECT * {{ SERVICE#comment\n<{url}/b>#\n{{ ?s ?p ?o }} }}",
        f"SELECT * {{ sErViCe\r\n<{url}/b> {{ ?s ?p ?o }} }}",
        f"SELECT (COUNT(*) AS ?n) {{ {svc} {{ ?s ?p ?o }} }} GROUP BY ?s",
        f"DESCRIBE ?s WHERE {{ {svc} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ BIND(<{url}/v> AS ?u) SERVICE SILENT ?u {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p \"\"\"SERVICE \"\"\" . {svc} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ OPTIONAL {{ OPTIONAL {{ OPTIONAL {{ {svc} {{ ?s ?p ?o }} }} }} }} }}",
        f"SELECT * {{ ?s ?p ?o . \\u0053ERVICE <{url}/b> {{ ?s ?p ?o }} }}",
    ]


def test_service_bypass_spellings_are_refused_at_the_endpoint(endpoint, canary):
    queries = bypasses(canary.url)
    assert len(queries) >= 20
    for query in queries:
        status, _, body = request(endpoint, query=query)
        assert status in (400, 403), (query, status, body)
        status, _, body = request(endpoint + "/sparql", data=query.encode(), content_type="application/sparql-query")
        assert status in (400, 403), (query, status, body)
    assert canary.requests == []


def test_service_bypass_spellings_are_refused_by_parley_query(store, canary, capsys):
    from graph.cli import main

    for query in bypasses(canary.url):
        assert main(["query", "--store", str(store), query]) != 0, query
        err = capsys.readouterr().err
        assert "Traceback" not in err and ("SERVICE" in err or "does not parse" in err or "escape" in err), err
    assert canary.requests == []


def test_the_query_workers_cannot_open_a_network_socket(canary, tmp_path):
    # Past the parse check, a query worker is still unable to fetch: its process has no right to open
    # an IPv4/IPv6 socket. Shown in a fresh process (a filter cannot be removed), bypassing the check.
    import subprocess
    import sys

    script = (
        "import socket, pyoxigraph as ox\n"
        "from graph.sandbox import deny_network\n"
        "assert deny_network() is None\n"
        "try:\n"
        f"    list(ox.Store().query('SELECT * {{ SERVICE <{canary.url}/w> {{ ?s ?p ?o }} }}'))\n"
        "except OSError as exc:\n"
        "    print('refused:', exc)\n"
        "socket.socketpair()\n"  # the pipe to the server is a Unix socket: still allowed
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "refused:" in done.stdout and "ermission denied" in done.stdout
    assert canary.requests == []


def test_keywords_in_literals_and_escapes_of_other_characters_still_run(endpoint):
    for query in ['SELECT ?d WHERE { ?d nif:isString ?t FILTER(CONTAINS(?t, "nor SERVICE")) }',
                  'SELECT ?d WHERE { ?d nif:isString ?t FILTER(?t != "caf\\u00e9") } LIMIT 1',
                  "SELECT ?service WHERE { ?service a nif:Context } LIMIT 1"]:
        status, _, body = request(endpoint, query=query)
        assert status == 200, (query, body)


# ------------------------------------------------------------------ the dataset clause


def test_from_chooses_the_default_graph_at_the_endpoint_and_in_parley_query(endpoint, store, capsys):
    from graph.cli import main

    with StoreReader(store) as reader:
        graphs = sorted({q.graph_name.value for q in reader.store if isinstance(q.graph_name, ox.NamedNode)})
        one = next(g for g in graphs if g.endswith("own-cairo"))
        in_one = sum(1 for _ in reader.store.quads_for_pattern(None, None, None, ox.NamedNode(one)))
        total = len(reader.store)
    counts = {
        "SELECT (COUNT(*) AS ?n) FROM <http://nowhere.example/g> WHERE { ?s ?p ?o }": 0,
        f"SELECT (COUNT(*) AS ?n) FROM <{one}> WHERE {{ ?s ?p ?o }}": in_one,
        f"SELECT (COUNT(*) AS ?n) FROM NAMED <{one}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}": in_one,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }": total,
    }
    assert 0 < in_one < total
    for query, expected in counts.items():
        status, _, body = request(endpoint, query=query)
        assert status == 200 and rows(body) == [{"n": str(expected)}], (query, body)
        assert main(["query", "--store", str(store), query, "--format", "csv"]) == 0
        assert capsys.readouterr().out.split() == ["n", str(expected)], query
    # The protocol's default-graph-uri names the default graph too; a malformed one is the client's error.
    url = endpoint + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": one})
    status, _, body = request(url)
    assert status == 200 and rows(body) == [{"n": str(in_one)}]
    url = endpoint + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": "not an iri"})
    status, _, body = request(url)
    assert status == 400 and b"not valid" in body


# ------------------------------------------------------------------ the HTTP layer: lengths, idle clients, logs


def raw(endpoint: str, data: bytes, *, wait: float = 10.0) -> bytes:
    """Send ``data`` as is over one connection and read what comes back until the server closes it or
    ``wait`` seconds pass with nothing new (so a server that hangs fails the test instead of hanging it)."""
    import socket

    url = urllib.parse.urlsplit(endpoint)
    family = socket.AF_INET6 if ":" in (url.hostname or "") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(wait)
        sock.connect((url.hostname, url.port))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a server may refuse before the end
            sock.sendall(data)
        chunks = []
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


def test_control_characters_from_the_request_line_are_escaped_in_the_log(endpoint, capsys):
    answer = raw(endpoint, b"GET /\x1b[2J\x1b]0;owned\x07\x9bx HTTP/1.1\r\n"
                           b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 404")
    log = capsys.readouterr().err
    assert "\\x1b[2J\\x1b]0;owned\\x07\\x9bx" in log, log
    assert not any(ch in log for ch in "\x1b\x07\x9b")


IDLE = 1.0  # seconds: the idle timeout of the `tight` endpoint
SMALL = 4_000  # bytes: its largest answer


@pytest.fixture(scope="module")
def tight(store):
    """An endpoint with a short idle timeout and a small byte limit on answers."""
    with running(ServeConfig(store=store, port=0, timeout=TIMEOUT, workers=1, idle_timeout=IDLE,
                             max_response_bytes=SMALL)) as url:
        yield url


ASK = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
BAD_FRAMING = [  # (headers after the request line, the status the server must answer at once)
    ("Content-Length: -1", 400),
    ("Content-Length: -100000000", 400),
    ("Content-Length: abc", 400),
    ("Content-Length: +5", 400),
    ("Content-Length: 1_0", 400),
    ("Content-Length: \u0665".encode("utf-8").decode("latin-1"), 400),  # an Arabic-Indic digit five
    ("Content-Length: 5\r\nContent-Length: 7", 400),
    ("Content-Length: 5, 5", 400),
    ("", 411),
    ("Transfer-Encoding: chunked", 411),
    (f"Transfer-Encoding: chunked\r\nContent-Length: {len(ASK)}", 411),
    ("Transfer-Encoding: gzip, chunked", 411),
    ("Transfer-Encoding: gzip", 501),
]


@pytest.mark.parametrize(("headers", "status"), BAD_FRAMING)
def test_a_post_without_a_trustworthy_length_is_refused_not_read_to_the_end(endpoint, headers, status):
    # The client sends a body and keeps its side open: a server that reads to the end of the stream
    # never answers, and the test fails after 10 s.
    head = "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    body = ASK if "chunked" not in headers else b"%x\r\n%s\r\n0\r\n\r\n" % (len(ASK), ASK)
    start = time.monotonic()
    answer = raw(endpoint, (head + (headers + "\r\n" if headers else "") + "\r\n").encode("latin-1") + body)
    assert time.monotonic() - start < 5  # answered and closed at once, not left open for the body's bytes
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), (headers, answer[:300])
    assert answer.count(b"HTTP/1.1 ") == 1  # the unread body is not taken for another request
    if status in (411, 501):
        assert b"Content-Length" in answer


def test_a_get_with_a_body_cannot_smuggle_a_second_request(endpoint):
    smuggled = b"GET /admin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    answer = raw(endpoint, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Content-Length: " + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled)
    assert answer.startswith(b"HTTP/1.1 200") and answer.count(b"HTTP/1.1 ") == 1, answer


def test_a_good_post_still_works_twice_on_one_kept_alive_connection(endpoint):
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(endpoint).netloc, timeout=60)
    try:
        for _ in range(2):
            conn.request("POST", "/sparql", body=ASK, headers={"Content-Type": "application/x-www-form-urlencoded"})
            answer = conn.getresponse()
            assert answer.status == 200 and json.loads(answer.read())["boolean"] is True
    finally:
        conn.close()


@pytest.mark.parametrize("sent", [b"", b"GET /spar", b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                  b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"])
def test_an_idle_connection_is_dropped_after_the_idle_timeout(tight, sent):
    start = time.monotonic()
    answer = raw(tight, sent, wait=IDLE + 9)  # dropped: recv sees the end well before the client gives up
    took = time.monotonic() - start
    assert IDLE * 0.9 <= took < IDLE + 5, took
    if sent.endswith(b"\r\n\r\n"):  # a whole request is answered first, then the idle kept-alive one dropped
        assert answer.startswith(b"HTTP/1.1 200")
    else:
        assert b"200 OK" not in answer


def test_an_answer_over_the_byte_limit_is_refused_with_advice(tight):
    status, _, body = request(tight, query="SELECT * { ?s ?p ?o } LIMIT 150")
    assert status == 400 and f"more than {SMALL:,}".encode() in body and b"LIMIT" in body, body
    status, _, body = request(tight, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 150",
                              accept="text/turtle")
    assert status == 400 and b"bytes" in body
    status, _, body = request(tight, query="SELECT * { ?s ?p ?o } LIMIT 1")
    assert status == 200 and len(rows(body)) == 1


# ------------------------------------------------------------------ the Host allow-list, on every address


def ask_with_host(url: str, host: str | None, *, target: str = "/sparql?query=ASK%7B%7D") -> int:
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=60)
    try:
        conn.putrequest("GET", target, skip_host=True)
        for value in [] if host is None else host.split("\n"):  # several lines: several Host headers
            conn.putheader("Host", value)
        conn.endheaders()
        answer = conn.getresponse()
        answer.read()
        return answer.status
    finally:
        conn.close()


@pytest.mark.parametrize("address", ["0.0.0.0", "127.0.0.2", "192.0.2.10", "::"])
def test_the_host_allow_list_holds_on_every_address(store, address):
    # The handler configured as if it listened on `address`, but bound to 127.0.0.1 only: no test traffic
    # leaves the loopback interface.
    from graph.serve import QueryPool, _handler

    config = ServeConfig(store=store, host=address, workers=1, allow_hosts=("Parley.Example.",))
    pool = QueryPool(config)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(pool, config))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    shown = f"[{address}]" if ":" in address else address
    try:
        for host in ["evil.example", "evil.example:7878", "127.0.0.1.evil.example", "[::2]:7878", "10.0.0.1"]:
            assert ask_with_host(url, host) == 403, host
        for host in [f"{shown}:7878", shown, "parley.example", "PARLEY.example:80", "localhost", "127.0.0.1:1",
                     "[::1]:7878", None]:
            assert ask_with_host(url, host) == 200, host
        assert ask_with_host(url, "127.0.0.1\nevil.example") == 400  # two Host headers
        assert ask_with_host(url, "127.0.0.1", target="http://evil.example/sparql?query=ASK%7B%7D") == 403
        assert ask_with_host(url, "127.0.0.1", target="http://localhost/sparql?query=ASK%7B%7D") == 200
    finally:
        server.shutdown()
        server.server_close()
        pool.close()


def test_the_endpoint_listens_on_ipv6_loopback(store):
    import socket

    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    server, pool = make_server(ServeConfig(store=store, host="::1", port=0, workers=1))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://[::1]:{server.server_address[1]}"
    try:
        status, _, body = request(url, query="ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert ask_with_host(url, "evil.example") == 403
    finally:
        server.shutdown()
        server.server_close()
        pool.close()


def test_a_non_loopback_address_is_announced_with_the_names_it_answers():
    from graph.commands.serve import exposure

    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert exposure(ServeConfig(store=Path("db"), host=host)) is None
    note = exposure(ServeConfig(store=Path("db"), host="0.0.0.0", allow_hosts=("db.example", "10.1.2.3")))
    assert "\n" not in note and "every interface" in note and "--allow-host" in note
    assert all(name in note for name in ("db.example", "10.1.2.3", "127.0.0.1", "localhost", "::1"))
    assert "192.0.2.7" in exposure(ServeConfig(store=Path("db"), host="192.0.2.7"))
    args = make_parser().parse_args(["serve", "--store", "x", "--allow-host", "a.example", "--allow-host", "b"])
    assert args.allow_host == ["a.example", "b"]


def test_kept_alive_answers_do_not_wait_for_delayed_acks(endpoint):
    # Headers and body are two writes; with Nagle's algorithm on, each answer on a kept-alive connection
    # waited ~40 ms for the client's delayed ACK (40 answers: 1.8 s). Without it they take about 1 ms each.
    conn = http.client.HTTPConnection(urllib.parse.urlsplit(endpoint).netloc, timeout=60)
    try:
        conn.request("GET", "/")
        conn.getresponse().read()
        start = time.monotonic()
        for _ in range(40):
            conn.request("GET", "/")
            answer = conn.getresponse()
            answer.read()
            assert answer.status == 200
        assert time.monotonic() - start < 1.0
    finally:
        conn.close()
