"""The pages of `parley serve`: the explorer at / and the query editor at /query, over HTTP. What they
are sent (a policy that keeps every request on the server, only the files they name, the ready queries
made self-contained) and that the endpoint still answers scripts at / as before. The pages at work in
a browser are tests/test_explorer_browser.py."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.explorer import CSP, with_prefixes
from graph.query import named_queries
from graph.serve import ServeConfig
from graph.sparql_guard import check_read_only
from graph.store import add_documents
from tests.test_serve import Running


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_build) -> Iterator[Running]:
    path = tmp_path_factory.mktemp("explorer") / "store"
    add_documents(path, seed_build.result.analyses[:2])
    running = Running(ServeConfig(store=path, port=0, workers=1, max_rows=700))
    yield running
    running.stop()


def fetch(server: Running, path: str, accept: str = "") -> tuple[int, dict[str, str], bytes]:
    base = server.url.rsplit("/", 1)[0]
    request = urllib.request.Request(base + path, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_browser_gets_the_explorer_and_a_script_the_endpoint_description(server):
    status, headers, body = fetch(server, "/", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<title>Parley" in body and b"/assets/explorer.js" in body
    # Scripts and styles from this server only; fetches to it only; no inline script at all.
    assert headers["Content-Security-Policy"] == CSP
    policy = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert not re.search(rb"<script(?![^>]*\bsrc=)[^>]*>", body)  # every script is a file of the server
    # No Accept (curl, a script) or */*: the plain description of the endpoint, as before.
    for accept in ("", "*/*"):
        status, headers, body = fetch(server, "/", accept)
        assert status == 200 and headers["Content-Type"].startswith("text/plain") and b"/sparql" in body
    assert fetch(server, "/help", "text/html")[2].startswith(b"Parley SPARQL endpoint")


def test_the_query_editor_page_and_its_vendored_yasgui(server):
    status, headers, body = fetch(server, "/query", "text/html")
    assert status == 200 and headers["Content-Security-Policy"] == CSP
    for asset in re.findall(rb'(?:src|href)="(/[^"]+)"', body):
        status, headers, content = fetch(server, asset.decode())
        assert status == 200, asset
        assert headers["Content-Type"].split(";")[0] in ("text/javascript", "text/css", "text/html"), asset
        assert b"sourceMappingURL" not in content  # no request for a map that is not served
    status, _, js = fetch(server, "/assets/yasgui.min.js")
    assert b"Yasgui" in js and len(js) > 500_000
    license_text = (Path(__file__).parent.parent / "graph/data/yasgui/LICENSE").read_text()
    assert "MIT License" in license_text and "@zazuko/yasgui 4.6.2" in license_text


def test_only_the_named_files_are_served(server):
    for path in ("/assets/../serve.py", "/assets/%2e%2e/serve.py", "/assets/", "/assets/explorer",
                 "/graph/data/yasgui/yasgui.min.js", "/assets/style.toml", "/query/"):
        status, _, body = fetch(server, path)
        assert status == 404 and b"no such page" in body, path


def test_the_config_carries_every_ready_query_ready_to_run(server):
    status, headers, body = fetch(server, "/assets/config.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    config = json.loads(body)
    assert config["maxRows"] == 700
    assert [q["name"] for q in config["queries"]] == sorted(named_queries())
    for ready in config["queries"]:
        check_read_only(ready["query"], {})  # self-contained: it passes with no predeclared prefix at all
    assert config["kinds"]["State"]["shape"] and config["edges"]["mediator"]["label"] == "mediator"


def test_with_prefixes_declares_what_a_query_uses_and_nothing_else():
    query = "# who mediates\nSELECT ?m WHERE { ?e parley:mediator ?m . ?m rdfs:label \"sem:x\" }"
    out = with_prefixes(query)
    assert out.splitlines()[:2] == ["PREFIX parley: <https://w3id.org/parley/ontology#>",
                                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"]
    assert out.endswith(query) and "PREFIX sem:" not in out  # "sem:x" is only inside a string
    declared = "PREFIX parley: <https://example.org/own#>\nSELECT * WHERE { ?s parley:p ?o }"
    assert with_prefixes(declared) == declared  # its own declaration wins
