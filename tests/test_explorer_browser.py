"""The served explorer and query editor in a real browser (Debian's headless Chromium over the DevTools
protocol, as tests/test_browser.py drives it), against `parley serve` over a store of the sample corpus:
the explorer draws a bounded overview from SPARQL, a click expands a node, search finds one, an event's
panel leads with its facts; the query editor runs a ready query into a table and a chart and refuses an
update; text from the graph is shown, never run; and no request leaves the server."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from helpers import analyze_texts
from test_browser import CANVAS_INK, CHROMIUM, Browser

from graph.model import SourceDocument
from graph.pipeline import analyze
from graph.serve import ServeConfig
from graph.store import add_documents, quad_count
from tests.test_serve import Running, tree_digest

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")]
HOSTILE_OUTLET = '<img src=x onerror="window.__pwned=4">Wire'
HOSTILE_TITLE = "<script>window.__pwned=5</script>Talks resume"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory, seed_build) -> Iterator[tuple[Running, str]]:
    store = tmp_path_factory.mktemp("explorer-seeds") / "store"
    add_documents(store, seed_build.result.analyses)
    before = (tree_digest(store), quad_count(store))
    running = Running(ServeConfig(store=store, port=0, workers=2))
    yield running, running.url.rsplit("/", 1)[0]
    running.stop()
    assert (tree_digest(store), quad_count(store)) == before  # nothing the pages did changed the store


def left_the_server(browser: Browser, base: str) -> list[str]:
    urls = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert urls
    return [u for u in urls if not (u.startswith(base + "/") or u.startswith(("data:", "about:")))]


def errors(browser: Browser) -> list[dict]:
    return [e["params"]["exceptionDetails"] for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]


def click(browser: Browser, iri: str) -> None:
    """A real mouse click where vis-network drew the node."""
    x, y = browser.evaluate(f"""(() => {{
      const net = window.parley.network, p = net.canvasToDOM(net.getPosition({json.dumps(iri)}));
      const r = document.getElementById('network').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }})()""")
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def endpoint_rows(base: str, query: str) -> list[dict]:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as response:
        return [{k: v["value"] for k, v in b.items()} for b in json.load(response)["results"]["bindings"]]


def test_the_explorer_over_the_sample_corpus(browser, seeds_server, tmp_path):
    _, base = seeds_server
    browser.events.clear()
    browser.open(base + "/")
    browser.wait_for("window.__parleyReady === true", 60)
    assert browser.evaluate("window.__parleyError || null") is None
    # The overview: the most reported events and the most active actors, bounded, drawn on the canvas.
    drawn = browser.evaluate("window.parley.nodes.length")
    assert 10 < drawn <= 300
    kinds = set(browser.evaluate("window.parley.nodes.get().map(n => n.kind)"))
    assert {"Event", "State"} <= kinds
    assert browser.evaluate("window.parley.edges.get().filter(e => e.link === 'mediator').length") >= 1
    browser.wait_for("window.__parleySettled === true", 120)  # the layout settled, physics off, fitted
    time.sleep(0.5)
    assert browser.evaluate(CANVAS_INK) > 5000
    # Labels render at 11 px or more at the zoom the page opens with.
    assert browser.evaluate("15 * window.parley.network.getScale()") >= 11
    (tmp_path / "explorer.png").write_bytes(browser.screenshot())

    # A click on an event with a place: its panel leads with its facts, and its place is drawn.
    event, place = next((r["e"], r["p"]) for r in endpoint_rows(
        base, "SELECT ?e ?p WHERE { ?e sem:hasPlace ?p ; parley:party ?x } ORDER BY ?e LIMIT 1"))
    assert browser.evaluate(f"window.parley.nodes.get({json.dumps(place)})") is None
    browser.evaluate(f"window.parley.network.focus({json.dumps(event)}, {{scale: 1.2, animation: false}})")
    time.sleep(0.3)
    before = browser.evaluate("window.parley.nodes.length")
    click(browser, event)
    browser.wait_for(f"document.getElementById('panel').dataset.node === {json.dumps(event)}", 20)
    browser.wait_for(f"window.parley.nodes.get({json.dumps(place)}) !== null", 20)
    assert browser.evaluate("window.parley.nodes.length") > before
    terms = browser.evaluate("[...document.querySelectorAll('#panel dl.facts dt')].map(d => d.textContent)")
    assert terms[0] == "Kind" and "Where" in terms and "Parties" in terms and "Reported by" in terms
    assert terms.index("Parties") < 6
    assert browser.evaluate("[...document.querySelectorAll('#panel details')].every(d => !d.open)")  # evidence folded

    # The Qatar-mediated talks: Mediator among the first facts, with the mediator's name.
    talks = next(r["e"] for r in endpoint_rows(
        base, "SELECT ?e WHERE { ?e parley:mediator ?m . ?m rdfs:label \"Qatar\" } ORDER BY ?e LIMIT 1"))
    browser.evaluate(f"window.parley.show({json.dumps(talks)})")
    browser.wait_for(f"document.getElementById('panel').dataset.node === {json.dumps(talks)}", 20)
    browser.wait_for("document.querySelector('#panel dl.facts') !== null", 20)
    facts = browser.evaluate("""[...document.querySelectorAll('#panel dl.facts dt')]
        .map(d => [d.textContent, d.nextElementSibling.textContent])""")
    assert dict(facts)["Mediator"] == "Qatar" and "Russia" in dict(facts)["Parties"]
    assert [t for t, _ in facts].index("Mediator") < 7
    browser.evaluate("document.querySelector('#panel details').open = true")
    assert browser.evaluate("document.querySelectorAll('#panel blockquote mark').length") >= 1
    # Each quote stands in its sentence, with the document's title (or first words) and date.
    quote = browser.evaluate("document.querySelector('#panel blockquote').textContent")
    mark = browser.evaluate("document.querySelector('#panel blockquote mark').textContent")
    assert len(quote) > len(mark) + 40 and "2024-" in quote

    # From the mediator's panel, its event list leads back to the event (read as an event: its facts).
    qatar = next(r["m"] for r in endpoint_rows(base, f"SELECT ?m WHERE {{ <{talks}> parley:mediator ?m }}"))
    browser.evaluate(f"window.parley.nodes.remove({json.dumps(talks)})")  # not drawn: known by its IRI only
    browser.evaluate(f"window.parley.show({json.dumps(qatar)})")
    browser.wait_for(f"document.getElementById('panel').dataset.node === {json.dumps(qatar)}", 20)
    browser.wait_for("document.querySelector('#panel .rel .role') !== null", 20)
    assert browser.evaluate("document.querySelector('#panel h3').textContent") == "Qatar"
    browser.evaluate("""[...document.querySelectorAll('#panel .rel')]
        .find(b => b.querySelector('.role') && b.querySelector('.role').textContent === 'mediator of').click()""")
    browser.wait_for(f"document.getElementById('panel').dataset.node === {json.dumps(talks)}", 20)
    browser.wait_for("document.querySelector('#panel dl.facts') !== null", 20)
    terms = browser.evaluate("[...document.querySelectorAll('#panel dl.facts dt')].map(d => d.textContent)")
    assert "Mediator" in terms
    assert browser.evaluate(f"window.parley.nodes.get({json.dumps(talks)}).kind") == "Event"

    # Search, typed as a person would: a place not in the overview is found, drawn and shown.
    browser.evaluate("window.parley.nodes.clear()")
    browser.evaluate("(s => { s.value = ''; s.focus(); })(document.getElementById('search'))")
    browser.send("Input.insertText", text="doha")
    browser.send("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.wait_for("(h => h && h.textContent === 'Doha')(document.querySelector('#panel h3'))", 20)
    assert "Doha" in browser.evaluate("document.getElementById('search-results').innerText")
    doha = browser.evaluate("document.getElementById('panel').dataset.node")
    assert browser.evaluate(f"window.parley.nodes.get({json.dumps(doha)}) !== null")
    assert browser.evaluate("window.parley.nodes.length") > 1  # with its neighbours
    # A search that matches nothing says so.
    browser.evaluate("window.parley.search('zzqx no such name')")
    browser.wait_for("document.getElementById('search-status').textContent === 'nothing matched'", 20)

    assert left_the_server(browser, base) == []
    assert not errors(browser), json.dumps(errors(browser)[0])[:1500]
    # The policy is in force: a fetch to another origin (another loopback address) is stopped by the browser.
    outcome = browser.evaluate("""new Promise(done => {
        document.addEventListener('securitypolicyviolation', e => done('refused: ' + e.violatedDirective));
        fetch('http://127.0.0.2:9/x').then(() => done('sent'), () => null); })""")
    assert outcome == "refused: connect-src"


def test_the_query_editor_runs_a_ready_query_and_refuses_an_update(browser, seeds_server, tmp_path):
    _, base = seeds_server
    browser.events.clear()
    browser.open(base + "/query")
    browser.wait_for("window.__parleyReady === true", 60)
    from graph.query import named_queries

    tabs = browser.evaluate("[...document.querySelectorAll('.tabsList .tab a > span')].map(s => s.textContent)")
    assert [t for t in tabs if t in named_queries()] == sorted(named_queries())
    # The ready query "mediators": its tab, run; the table shows its rows.
    browser.evaluate("void window.parleyQuery.open('mediators')")
    browser.evaluate("void window.parleyQuery.yasgui.getTab().getYasqe().query()")
    browser.wait_for("document.querySelectorAll('.yasr .dataTable tbody tr').length > 0", 30)
    table = browser.evaluate("[...document.querySelectorAll('.yasr .dataTable tbody tr')].map(r => r.innerText)")
    assert any("Qatar" in row for row in table)
    (tmp_path / "query.png").write_bytes(browser.screenshot())
    # The same results as a chart: one bar per row of the first column's values.
    browser.evaluate("void window.parleyQuery.yasgui.getTab().getYasr().selectPlugin('chart')")
    browser.wait_for("document.querySelectorAll('.yasr .parley-chart rect.bar').length > 0", 10)
    # Counted by mediator (a menu of the chart picks the column): Qatar's bar, one per event it mediates.
    browser.evaluate("""(s => { s.value = 'count mediator'; s.dispatchEvent(new Event('change')); })(
        document.querySelector('.yasr .parley-chart select'))""")
    bars = browser.evaluate("""[...document.querySelectorAll('.yasr .parley-chart svg > text[text-anchor=end]')]
        .map(t => [t.firstChild.textContent, t.nextElementSibling.nextElementSibling.textContent])""")
    qatar = sum(r.get("mediator") == "Qatar" for r in endpoint_rows(base, named_queries()["mediators"].text))
    assert qatar >= 1 and dict(bars)["Qatar"] == str(qatar)
    # No link shown leads off the server (YASR's help button points at its vendor's site: hidden).
    links = browser.evaluate("""[...document.querySelectorAll('a[href]')].filter(a => a.offsetParent !== null)
        .map(a => a.href)""")
    assert links and [u for u in links if not u.startswith(base + "/")] == []

    # An update, typed into the editor: refused, and the editor says why.
    browser.evaluate("""(() => { const y = window.parleyQuery.yasgui.getTab().getYasqe();
        y.setValue('INSERT DATA { <https://example.org/a> <https://example.org/b> "c" }');
        y.query().catch(() => null); })()""")
    browser.wait_for("(e => e && /read-only/.test(e.textContent))(document.querySelector('.yasr .errorResult'))", 30)
    message = browser.evaluate("document.querySelector('.yasr .errorResult').textContent")
    assert "SPARQL Update is not allowed" in message
    url = base + "/sparql?" + urllib.parse.urlencode({"query": "ASK { <https://example.org/a> ?p ?o }"})
    with urllib.request.urlopen(url, timeout=30) as response:
        assert json.load(response)["boolean"] is False  # (and the fixture checks the store's bytes)
    assert left_the_server(browser, base) == []
    assert not errors(browser), json.dumps(errors(browser)[0])[:1500]


def test_graph_text_is_shown_never_run(browser, tmp_path):
    """An outlet and a title that are markup, and markup in the article itself, through the pipeline
    into a store: the explorer's panel, evidence and search show it as text and run none of it."""
    text = ("<script>window.__pwned=1</script> Qatar is mediating talks between Ukraine and Russia in Doha, "
            "a senior Ukrainian official said. The official added that the talks "
            "</script><img src=x onerror=\"window.__pwned=2\"> would resume in Doha next month.")
    doc = SourceDocument(id="hostile", text=text, origin="hostile", title=HOSTILE_TITLE, outlet=HOSTILE_OUTLET,
                         published=dt.date(2024, 10, 30))
    store = tmp_path / "store"
    add_documents(store, list(analyze([doc])) + analyze_texts("Ukraine and Russia held talks in Geneva."))
    running = Running(ServeConfig(store=store, port=0, workers=1))
    base = running.url.rsplit("/", 1)[0]
    try:
        browser.events.clear()
        browser.open(base + "/")
        browser.wait_for("window.__parleyReady === true", 60)
        talks = next(r["e"] for r in endpoint_rows(base, """SELECT ?e WHERE { ?e sem:eventType ?t ;
            gaf:denotedBy/nif:referenceContext/dcterms:identifier "hostile" } ORDER BY ?e LIMIT 1"""))
        browser.evaluate(f"window.parley.show({json.dumps(talks)})")
        browser.wait_for("document.querySelector('#panel details') !== null", 20)
        browser.evaluate("document.querySelectorAll('#panel details').forEach(d => d.open = true)")
        panel = browser.evaluate("document.getElementById('panel').textContent")
        assert HOSTILE_TITLE in panel and HOSTILE_OUTLET in panel  # the evidence's document: outlet, title
        assert '<img src=x onerror="window.__pwned=2">' in panel  # the article's own markup, in the context
        outlet = next(r["o"] for r in endpoint_rows(base, "SELECT ?o WHERE { ?d dcterms:publisher ?o } LIMIT 1"))
        browser.evaluate(f"window.parley.focus({{id: {json.dumps(outlet)}, label: 'x', kind: 'Actor', cls: ''}})")
        browser.wait_for(f"document.getElementById('panel').dataset.node === {json.dumps(outlet)}", 20)
        browser.wait_for("document.querySelector('#panel h3').textContent !== 'x'", 20)
        assert browser.evaluate("document.querySelector('#panel h3').textContent") == HOSTILE_OUTLET
        browser.evaluate("window.parley.search('onerror')")
        browser.wait_for("document.getElementById('search-status').textContent.endsWith('found')", 20)
        assert HOSTILE_OUTLET in browser.evaluate("document.getElementById('search-results').textContent")
        # A tooltip is built as DOM text too (vis-network shows an element title as it is).
        tip = browser.evaluate(f"window.parley.nodes.get({json.dumps(outlet)}).title.textContent")
        assert tip.startswith(HOSTILE_OUTLET)
        time.sleep(0.5)
        assert browser.evaluate("typeof window.__pwned") == "undefined"
        assert browser.evaluate("document.querySelectorAll('img, #panel script').length") == 0
        assert left_the_server(browser, base) == []
        assert not errors(browser), json.dumps(errors(browser)[0])[:1500]
    finally:
        running.stop()
