"""parley serve: a read-only SPARQL 1.1 Protocol endpoint. Answers over HTTP (SPARQLWrapper,
Debian's roqet), refuses updates and SERVICE, limits time and size, leaves the store unchanged,
and follows the store as documents are added."""

from __future__ import annotations

import hashlib
import json
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from graph.serve import Refused, ServeConfig, check_query, make_server
from graph.store import add_documents, quad_count
from tests.conftest import require


def tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_build) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    add_documents(path, seed_build.result.analyses[:4])
    return path


class Running:
    def __init__(self, config: ServeConfig):
        self.server, self.pool = make_server(config)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        host, port = self.server.server_address[:2]
        self.url = f"http://{host}:{port}/sparql"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.pool.close()


@pytest.fixture(scope="module")
def endpoint(store) -> Iterator[Running]:
    before = (tree_digest(store), quad_count(store))
    running = Running(ServeConfig(store=store, port=0, workers=1, max_rows=500))
    yield running
    running.stop()
    # Serving never changes the store: same quads, same bytes on disk.
    assert (tree_digest(store), quad_count(store)) == before


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8")


def get(endpoint: Running, query: str, accept: str = "") -> tuple[int, str, str]:
    return http(endpoint.url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


def test_ask_over_http_with_sparqlwrapper(endpoint):
    client = SPARQLWrapper(endpoint.url)
    client.setReturnFormat(JSON)
    client.setQuery("ASK { ?s a parley:State ; rdfs:label \"Qatar\" }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("ASK { ?s rdfs:label \"Atlantis\" }")
    assert client.query().convert()["boolean"] is False


def test_select_by_get_and_both_kinds_of_post(endpoint):
    query = "SELECT ?label WHERE { ?s a parley:State ; rdfs:label ?label } ORDER BY ?label"
    status, ctype, body = get(endpoint, query)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    by_get = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "Qatar" in by_get
    status, _, body = http(endpoint.url, urllib.parse.urlencode({"query": query}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]] == by_get
    status, _, body = http(endpoint.url, query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]] == by_get


def test_sparqlwrapper_post_and_the_mediators_query(endpoint):
    from graph.query import named_query

    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(named_query("mediators").text)
    rows = client.query().convert()["results"]["bindings"]
    assert "Qatar" in {row["mediator"]["value"] for row in rows}


def test_content_negotiation(endpoint):
    query = "SELECT ?s ?l WHERE { ?s a parley:State ; rdfs:label ?l } ORDER BY ?l LIMIT 3"
    status, ctype, body = get(endpoint, query, "text/csv")
    assert status == 200 and ctype.startswith("text/csv") and body.startswith("s,l\r\n")
    status, ctype, body = get(endpoint, query, "text/tab-separated-values")
    assert status == 200 and body.splitlines()[0] == "?s\t?l" and body.splitlines()[1].startswith("<https://")
    status, ctype, body = get(endpoint, query, "application/sparql-results+xml")
    assert status == 200 and "<sparql" in body and "<uri>https://w3id.org/parley/id/" in body
    status, ctype, body = get(endpoint, "CONSTRUCT WHERE { ?s a parley:State }", "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle") and "ontology#State" in body
    status, _, _ = get(endpoint, query, "image/png")
    assert status == 406


def test_updates_are_refused_with_403(endpoint, store):
    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }")
    with pytest.raises(urllib.error.HTTPError) as raised:  # SPARQLWrapper passes a 403 through as is
        client.query()
    assert raised.value.code == 403
    for body, ctype in [
        (urllib.parse.urlencode({"update": "DROP ALL"}).encode(), "application/x-www-form-urlencoded"),
        (b"CLEAR DEFAULT", "application/sparql-update"),
    ]:
        status, _, text = http(endpoint.url, body, {"Content-Type": ctype})
        assert status == 403 and "read-only" in text
    for query in ["LOAD <https://e.org/data.ttl>", "PREFIX x: <https://e.org/>\nDELETE WHERE { ?s ?p ?o }",
                  "# a comment\nINSERT DATA { <https://e.org/a> <https://e.org/b> 1 }"]:
        status, _, text = get(endpoint, query)
        assert status == 403 and "read-only" in text, query
    assert not get(endpoint, "ASK { <https://e.org/a> ?p ?o }")[2].count("true")


def test_federated_service_is_refused(endpoint):
    for query in ["SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "select * where { service silent ?x { ?s ?p ?o } }",
                  "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"]:
        status, _, text = get(endpoint, query)
        assert status == 403 and "SERVICE" in text, query


def test_keywords_in_strings_and_iris_are_not_mistaken():
    check_query('SELECT * WHERE { ?s rdfs:label "SERVICE INSERT" . ?s <https://e.org/service> ?o }')
    check_query("SELECT ?service WHERE { ?service a parley:State } # INSERT SERVICE in a comment")
    with pytest.raises(Refused):
        check_query('SELECT * WHERE { ?s rdfs:label "x" } \n SERVICE')


def test_syntax_errors_are_400_with_the_position(endpoint):
    status, ctype, text = get(endpoint, "SELECT ?s WHERE {\n ?s ?p }")
    assert status == 400 and "line 2, column" in text and "^" in text and "Traceback" not in text


def test_result_size_limit(endpoint):
    status, _, text = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and "more than 500" in text and "LIMIT" in text
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 500")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 500


def test_other_paths_and_methods(endpoint):
    base = endpoint.url.rsplit("/", 1)[0]
    assert http(base + "/")[0] == 200
    assert http(base + "/admin")[0] == 404
    assert http(endpoint.url, b"x", {"Content-Type": "text/plain"}, method="PUT")[0] == 405
    assert http(endpoint.url, b"query=x", {"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint.url)[0] == 400  # no query


def test_roqet_queries_the_endpoint(endpoint):
    roqet = require("roqet")
    run = subprocess.run([roqet, "-p", endpoint.url, "-e",
                          "SELECT ?l WHERE { ?s a <https://w3id.org/parley/ontology#State> ; "
                          "<http://www.w3.org/2000/01/rdf-schema#label> ?l }", "-r", "csv"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Qatar" in run.stdout


def test_a_slow_query_times_out_and_the_endpoint_recovers(store):
    running = Running(ServeConfig(store=store, port=0, workers=1, timeout=1.5))
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        status, _, text = get(running, slow)
        assert status == 503 and "longer than 1.5 s" in text
        status, _, body = get(running, "ASK { ?s ?p ?o }")  # a fresh worker answers
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        running.stop()


def test_the_endpoint_follows_the_store_as_documents_are_added(tmp_path, seed_build):
    path = tmp_path / "store"
    analyses = seed_build.result.analyses
    add_documents(path, analyses[:1])
    running = Running(ServeConfig(store=path, port=0, workers=1))
    try:
        count = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a parley:Document }"
        assert json.loads(get(running, count)[2])["results"]["bindings"][0]["n"]["value"] == "1"
        add_documents(path, analyses[1:3])  # a writer while the endpoint serves
        assert json.loads(get(running, count)[2])["results"]["bindings"][0]["n"]["value"] == "3"
    finally:
        running.stop()


def test_loopback_by_default():
    assert ServeConfig(store=Path("x")).host == "127.0.0.1"


def test_serve_command_errors_plainly(tmp_path, capsys):
    from graph.cli import main

    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 2
    assert "no such store folder" in capsys.readouterr().err



def test_serve_options_for_the_http_bounds(tmp_path, capsys):
    from graph.cli import main, make_parser

    args = make_parser().parse_args(["serve", "--store", "x"])
    assert (args.idle_timeout, args.max_response_bytes) == (30.0, 50_000_000)
    assert (ServeConfig(store=Path("x")).idle_timeout, ServeConfig(store=Path("x")).max_response_bytes) == (
        30.0, 50_000_000)
    args = make_parser().parse_args(["serve", "--store", "x", "--idle-timeout", "2.5", "--max-response-bytes", "9"])
    assert (args.idle_timeout, args.max_response_bytes) == (2.5, 9)
    for bad in (["--idle-timeout", "0"], ["--max-response-bytes", "-1"]):
        assert main(["serve", "--store", str(tmp_path), "--port", "0", *bad]) == 2
        assert "must be positive" in capsys.readouterr().err
