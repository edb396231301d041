"""The graph page in a real browser: Debian's headless Chromium, driven through the Chrome
DevTools Protocol (websocket-client). The page must draw, show a clicked node's evidence in
the side panel, run none of the hostile document's markup, and ask the network for nothing."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import websocket  # websocket-client, in the test extra
from profile_fixture import HOSTILE_LABEL, profile_graph

from graph.visualize import write_html

CHROMIUM = Path("/usr/bin/chromium")
A = "https://w3id.org/parley/id/"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars"]


class Browser:
    """A headless Chromium with one page, and a minimal CDP client for it."""

    def __init__(self, width: int = 1400, height: int = 1000):
        self.profile = Path(tempfile.mkdtemp(prefix="parley-chromium-"))
        self.proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            pages = [t for t in json.load(response) if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self._id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params) -> dict:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout}s for {expression}")
            time.sleep(0.2)

    def open(self, url: str) -> None:
        self.send("Page.enable")
        self.send("Network.enable")
        self.send("Runtime.enable")
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])

    def close(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory) -> Path:
    return write_html(profile_graph(), tmp_path_factory.mktemp("viz") / "graph.html")


CANVAS_INK = """(() => {
  const c = document.querySelector('#network canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++;
  return ink;
})()"""


def click_node(browser: Browser, iri: str) -> None:
    """A real mouse click (CDP Input events) where vis-network drew the node."""
    x, y = browser.evaluate(f"""(() => {{
      const net = window.parley.network, id = {json.dumps(iri)};
      const p = net.canvasToDOM(net.getPosition(id));
      const r = document.getElementById('network').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }})()""")
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    time.sleep(0.3)


def test_page_draws_shows_evidence_and_runs_no_article_markup(browser, fixture_page, tmp_path):
    browser.open(fixture_page.as_uri())
    browser.wait_for("window.__parleyReady === true")
    (tmp_path / "fixture.png").write_bytes(browser.screenshot())

    # The hostile document's <script> and onerror handlers never ran.
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.evaluate("document.querySelectorAll('script').length") == 3  # data, vis-network, the app

    # The canvas has drawn the graph: a good share of it is not background.
    ink = browser.evaluate(CANVAS_INK)
    area = browser.evaluate("(c => c.width * c.height)(document.querySelector('#network canvas'))")
    assert ink > area * 0.005, f"only {ink} drawn pixels of {area}"

    # A click on the talks' node shows its facts first, then its evidence (collapsed), with the documents.
    click_node(browser, "https://w3id.org/parley/id/event/doha-talks")
    browser.evaluate("document.querySelectorAll('#panel details').forEach(d => d.open = true)")
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert browser.evaluate("document.getElementById('panel').dataset.node") == \
        "https://w3id.org/parley/id/event/doha-talks"
    assert "Talks in Doha on energy strikes" in panel
    assert "Qatar is mediating talks between Ukraine and Russia in Doha" in panel  # the sentence of a mention
    assert "Qatar mediates energy talks" in panel  # the document's title
    assert "August 2024" in panel and "CONSULT" in panel
    assert "mediator" in panel and "Qatar" in panel
    assert browser.evaluate("document.querySelectorAll('#panel mark').length") == 3

    # A claim the documents disagree on says so, with each report and its source (claims are opened
    # from what they are about: they are counted on it, not drawn).
    browser.evaluate(f"window.parley.show({json.dumps(A + 'claim/qatar-mediates')})")
    browser.evaluate("document.querySelectorAll('#panel details').forEach(d => d.open = true)")
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert "asserted and denied" in panel and "according to a Russian diplomat" in panel and "(denied)" in panel

    # The hostile claim shows its markup as text, and still nothing ran.
    browser.evaluate(f"window.parley.show({json.dumps(A + 'claim/hostile')})")
    panel = browser.evaluate("document.getElementById('panel').textContent")
    assert "<script>window.__pwned=1</script>" in panel
    assert '<img src=x onerror="window.__pwned=3">Mallory' in panel
    assert browser.evaluate("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    # Hovering shows the tooltip, built as text: the hostile label is shown, not run.
    x, y = browser.evaluate(f"""(() => {{
      const net = window.parley.network, p = net.canvasToDOM(net.getPosition({json.dumps(A + "actor/mallory")}));
      const r = document.getElementById('network').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }})()""")
    browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=x + 1, y=y + 1)
    browser.wait_for("(t => t && t.style.visibility === 'visible')(document.querySelector('div.vis-tooltip'))", 10)
    tip = browser.evaluate("document.querySelector('div.vis-tooltip').textContent")
    assert HOSTILE_LABEL in tip and "Person" in tip
    assert browser.evaluate("document.querySelectorAll('div.vis-tooltip *').length") > 0
    assert browser.evaluate("document.querySelectorAll('div.vis-tooltip img').length") == 0
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    # Its Wikidata-less actor got no link (its owl:sameAs is a javascript: URL).
    click_node(browser, "https://w3id.org/parley/id/actor/mallory")
    assert browser.evaluate("document.querySelectorAll('#panel a').length") == 0
    click_node(browser, "https://w3id.org/parley/id/actor/qatar")
    assert browser.evaluate("[...document.querySelectorAll('#panel a')].map(a => a.href)") == \
        ["https://www.wikidata.org/wiki/Q846"]

    # The page asked nothing of the network: every request was the file itself (or inline data).
    requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert requests and all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
    errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    assert not errors, errors[0]["params"]["exceptionDetails"]


def test_search_filters_and_timeline(browser, fixture_page):
    browser.open(fixture_page.as_uri())
    browser.wait_for("window.__parleyReady === true")
    # Search: type a name and press Enter.
    browser.evaluate("document.getElementById('search').focus()")
    browser.send("Input.insertText", text="kursk")
    browser.send("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.wait_for("document.getElementById('panel').dataset.node !== undefined")
    assert browser.evaluate("document.querySelector('#panel h3').textContent") in (
        "Kursk region", "Incursion into the Kursk region")

    # The legend filters by kind: events off hides exactly the events.
    hidden = "window.parley.nodes.get().filter(n => n.hidden).length"
    assert browser.evaluate(hidden) == 0
    events = browser.evaluate("window.parley.nodes.get().filter(n => n.kind === 'Event').length")
    browser.evaluate("document.querySelector('#legend-kinds input[data-kind=Event]').click()")
    assert events >= 3 and browser.evaluate(hidden) == events
    browser.evaluate("document.querySelector('#legend-kinds input[data-kind=Event]').click()")
    # A document filter keeps what that document grounds (the Kharkiv strike is only in "beta").
    browser.evaluate("""(() => { const s = document.getElementById('filter-document');
        s.value = String(window.parley.data.documents.findIndex(d => d[4].endsWith('/doc/alpha')));
        s.dispatchEvent(new Event('change')); })()""")
    visible = browser.evaluate("window.parley.nodes.get().filter(n => !n.hidden).map(n => n.id)")
    assert "https://w3id.org/parley/id/event/doha-talks" in visible
    assert "https://w3id.org/parley/id/event/kharkiv-strike" not in visible
    # Colour by community: the two states share one colour (they act together), unlike the outlets.
    browser.evaluate("""(() => { const s = document.getElementById('color-by');
        s.value = 'community'; s.dispatchEvent(new Event('change')); })()""")
    fill = "(id => window.parley.nodes.get(id).color.background)"
    browser.wait_for(f"{fill}('{A}actor/daily-ledger') === '#d8dee6'", 5)
    assert browser.evaluate(f"{fill}('{A}actor/russia')") == browser.evaluate(f"{fill}('{A}actor/ukraine')")
    assert browser.evaluate(f"{fill}('{A}actor/daily-ledger')") == "#d8dee6"
    browser.evaluate("document.getElementById('reset').click()")
    assert browser.evaluate(hidden) == 0
    assert browser.evaluate(f"{fill}('{A}actor/russia')") == "#2b6cb0"  # back to its kind's colour

    # The timeline: three dated events in time order, each with its parties and its outlets.
    rows = browser.evaluate("[...document.querySelectorAll('.tl-row')].map(r => r.innerText)")
    assert len(rows) == 3
    assert [r.split()[0] for r in rows] == ["2024-08-01", "2024-08-06", "2024-10-29"]
    assert "mediator: Qatar" in rows[0] and "Example Wire" in rows[0] and "Daily Ledger" in rows[0]
    assert "Axis 2024-08-01 – 2024-10-29" in browser.evaluate("document.querySelector('.tl-controls').innerText")
    # Zoom widens the axis (the scroll bar pans it).
    width = "document.querySelector('.tl-inner').getBoundingClientRect().width"
    before = browser.evaluate(width)
    browser.evaluate("document.getElementById('timeline-zoom-in').click()")
    assert browser.evaluate(width) > 1.9 * before
    browser.evaluate("document.getElementById('timeline-zoom-out').click()")
    # Axis ticks sit where their dates are: the tick of a month is at its first day.
    ticks = browser.evaluate("""[...document.querySelectorAll('.tl-tick')].map(t =>
        [t.textContent, t.getBoundingClientRect().left])""")
    bars = browser.evaluate("[...document.querySelectorAll('.tl-bar')].map(b => b.getBoundingClientRect().left)")
    august = next(x for label, x in ticks if label == "2024-08")
    assert abs(bars[0] - august) < 2  # the talks begin on 2024-08-01
    browser.evaluate("document.querySelector('.tl-scroll').scrollLeft = 0")
    browser.evaluate("document.querySelectorAll('.tl-row')[2].click()")
    assert browser.evaluate("document.getElementById('panel').dataset.node") == \
        "https://w3id.org/parley/id/event/kharkiv-strike"


DRAWN_LABEL_PX = """(() => {
  const scale = window.parley.network.getScale();
  return Math.min(...window.parley.nodes.get().filter(n => !n.hidden).map(n => n.font.size * scale));
})()"""


def assert_overview(browser: Browser, screenshot: Path, role: str = "Mediator") -> None:
    """What the done-when of the overview asks, on whatever page is open: at most 300 items drawn, labels
    that render at 11 px or more, an event's panel that leads with its parties and mediator, a node that
    expands, search that reaches an undrawn node, and no request that leaves the page."""
    assert 0 < browser.evaluate("window.parley.nodes.length") <= 300
    assert browser.evaluate(DRAWN_LABEL_PX) >= 11
    ink = browser.evaluate(CANVAS_INK)
    assert ink > 5000
    screenshot.write_bytes(browser.screenshot())
    # The drawn event (or track) with a mediator: its panel's first facts are its kind, time, place and parties.
    event = browser.evaluate(f"""window.parley.data.nodes.slice(0, window.parley.data.drawn).map(n => n[0])
        .find(id => {{ const d = window.parley.data.details[id];
                       return d && d.facts && d.facts.some(f => f[0] === '{role}'); }})""")
    assert event, f"no drawn event with a {role}"
    browser.evaluate(f"window.parley.network.focus({json.dumps(event)}, {{scale: 1}})")
    time.sleep(0.3)
    click_node(browser, event)
    assert browser.evaluate("document.getElementById('panel').dataset.node") == event
    facts = browser.evaluate("[...document.querySelectorAll('#panel dl.facts')[0].querySelectorAll('dt')]"
                             ".map(d => d.textContent)")
    assert facts[0] == "Kind" and "Parties" in facts and role in facts and facts.index(role) < 6
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert panel.index(role) < panel.index("Evidence") if "Evidence" in panel else True
    # Differences and evidence are collapsed.
    # (a track's list of its events opens with the panel: it is what a track is)
    assert browser.evaluate("""[...document.querySelectorAll('#panel details')]
        .filter(d => /^(Where the documents differ|Evidence)/.test(d.querySelector('summary').textContent))
        .every(d => !d.open)""")
    # Expanding an item adds its linked items (where all are drawn already, its links not yet drawn).
    hub = browser.evaluate("""(() => { const D = window.parley.data, ids = new Set(window.parley.nodes.getIds());
        const out = i => D.links.filter(l => l[0] === i || l[1] === i).map(l => l[0] === i ? l[1] : l[0]);
        const i = D.nodes.findIndex((n, i) => ids.has(n[0]) && out(i).some(j => !ids.has(D.nodes[j][0])));
        if (i >= 0) return [D.nodes[i][0], true];
        const j = D.nodes.findIndex((n, i) => D.links.filter(l => l[0] === i || l[1] === i)
                                                 .some((l, k) => !window.parley.edges.get('l' + D.links.indexOf(l))));
        return [D.nodes[j][0], false]; })()""")
    count = "window.parley.nodes.length" if hub[1] else "window.parley.edges.length"
    before = browser.evaluate(count)
    browser.evaluate(f"window.parley.show({json.dumps(hub[0])})")
    browser.evaluate("document.querySelector('#panel button.expand').click()")
    assert browser.evaluate(count) > before
    # Search reaches a node that is not drawn: it is drawn, focused and shown.
    hidden = browser.evaluate("""(() => { const ids = new Set(window.parley.nodes.getIds());
        const n = window.parley.data.nodes.find(n => !ids.has(n[0])
                                                && window.parley.data.nodes.filter(m => m[1] === n[1]).length === 1);
        return n ? [n[0], n[1]] : null; })()""")
    if hidden is not None:
        browser.evaluate("(s => { s.value = ''; s.focus(); })(document.getElementById('search'))")
        browser.send("Input.insertText", text=hidden[1])
        browser.send("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13)
        browser.wait_for(f"document.getElementById('panel').dataset.node === {json.dumps(hidden[0])}", 10)
        assert browser.evaluate(f"window.parley.nodes.get({json.dumps(hidden[0])}) !== null")
    requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert requests and all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
    errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    assert not errors, errors[0]["params"]["exceptionDetails"]


@pytest.mark.slow
def test_the_overview_of_two_thousand_nodes(browser, tmp_path):
    from profile_fixture import large_profile_graph

    page = write_html(large_profile_graph(), tmp_path / "large.html")
    browser.events.clear()
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true", timeout=120)
    assert browser.evaluate("window.parley.data.nodes.length") > 300
    assert_overview(browser, tmp_path / "large.png", role="Parties")  # (its events name parties only)
    # A claim is found by its words, though claims are never drawn.
    browser.evaluate("(s => { s.value = ''; s.focus(); })(document.getElementById('search'))")
    claim = browser.evaluate("window.parley.data.names.find(n => n.length > 2 && n[2].includes('/claim/'))")
    browser.evaluate(f"window.parley.search({json.dumps(claim[0])})")
    assert browser.evaluate("document.getElementById('panel').dataset.node").endswith(claim[2].rsplit("/", 1)[-1])


@pytest.mark.slow
def test_the_overview_of_the_sample_corpus(browser, seed_build, tmp_path):
    page = write_html(seed_build.graph, tmp_path / "seeds.html")
    browser.events.clear()
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true", timeout=60)
    assert_overview(browser, tmp_path / "seeds.png")
    # Anonymous sources are grouped under their affiliation, and the group lists them.
    group = browser.evaluate("window.parley.data.nodes.find(n => n[2] === 'Sources')")
    assert group and group[6] > 1
    browser.evaluate(f"window.parley.show({json.dumps(group[0])})")
    assert f"Sources ({group[6]})" in browser.evaluate("document.getElementById('panel').innerText")
    # Documents are named by title (else first words) and date, nowhere by their ids: in the passages'
    # citations, the document filter and the timeline. (The resolver's own discrepancy notes, data of
    # the graph, still name documents by id.)
    browser.evaluate("Object.keys(window.parley.data.details).slice(0, 40).forEach(id => window.parley.show(id))")
    browser.evaluate(f"window.parley.show({json.dumps(A + 'actor/russia')})")
    shown = browser.evaluate("""[...document.querySelectorAll('cite, #filter-document option, .tl-text')]
        .map(e => e.textContent).join('\\n')""")
    assert "2024-10-30" in shown and "Ukraine and Russia discuss ending attacks on energy facilities" in shown
    assert not re.search(r"\b00[0-4]_[0-9a-f]{16}\b", shown)


def test_an_empty_selection_says_nothing_matched(browser, tmp_path):
    from graph.analytics import Story
    from graph.visualize import render_html

    page = tmp_path / "empty.html"
    page.write_text(render_html(Story(nodes={}, edges=[], documents={})), encoding="utf-8")
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true", timeout=10)
    assert "nothing matched" in browser.evaluate("document.getElementById('network').innerText")
    assert "laying out" not in browser.evaluate("document.body.innerText")


@pytest.mark.slow
def test_hostile_article_through_the_whole_pipeline(browser, tmp_path):
    """Markup in an article's own text, built by the real pipeline, is shown and never run."""
    from helpers import graph_of

    text = ("Qatar is mediating talks between Ukraine and Russia in Doha, a senior Ukrainian official said. "
            "<script>window.__pwned=1</script> The official added that the talks "
            "</script><img src=x onerror=\"window.__pwned=2\"> would resume in Doha next month, "
            "according to the Financial Times.")
    page = write_html(graph_of(text), tmp_path / "hostile.html")
    raw = page.read_text(encoding="utf-8")
    assert "<img" not in raw and "<script>window" not in raw
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true")
    # The markup reached the page as data (in the evidence of some node) ...
    data = browser.evaluate("JSON.stringify([window.parley.data.details, window.parley.data.claims])")
    assert "<script>window.__pwned=1</script>" in data and "onerror=" in data
    # ... and showing every node's panel runs none of it.
    browser.evaluate("Object.keys(window.parley.data.details).forEach(id => window.parley.show(id))")
    every = "Object.keys(window.parley.data.details).concat(Object.keys(window.parley.data.claims))"
    for iri in browser.evaluate(every):
        browser.evaluate(f"window.parley.show({json.dumps(iri)})")
        assert browser.evaluate("document.querySelectorAll('#panel img, #panel script').length") == 0
    time.sleep(0.5)
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0


def test_relations_checkbox_and_the_offices_of_a_person(browser, tmp_path):
    """Relations built by the pipeline from a text of our own: the "Relations" checkbox hides and
    shows exactly the relation edges (in vis-network, not only in the data), and a person's panel
    lists the offices held, where, and the passage that says so; markup shows as text."""
    from helpers import HOSTILE_OFFICE, relations_graph

    page = write_html(relations_graph(), tmp_path / "relations.html")
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true")
    (tmp_path / "relations.png").write_bytes(browser.screenshot())
    relation_ids = browser.evaluate("window.parley.edges.get().filter(e => e.kind === 'relation')"
                                    ".map(e => e.id).sort()")
    link_ids = browser.evaluate("window.parley.edges.get().filter(e => e.kind !== 'relation').map(e => e.id)")
    assert len(relation_ids) == 7 and link_ids
    # Which edges vis-network itself hides (its own options, not our data set).
    drawn_hidden = "Object.values(window.parley.network.body.edges).filter(e => e.options.hidden).map(e => e.id).sort()"
    box = "document.getElementById('show-relations')"
    assert browser.evaluate(f"{box}.checked") is True  # on when the page opens (style.toml: shown)
    assert browser.evaluate(drawn_hidden) == []
    assert browser.evaluate("document.getElementById('relations-count').textContent") == "7"
    assert "Relations" in browser.evaluate("document.getElementById('controls').innerText")
    # A real click on the checkbox hides the relations, and only them; a second shows them again.
    browser.evaluate(f"{box}.scrollIntoView({{block: 'center'}})")
    x, y = browser.evaluate(f"(r => [r.left + r.width / 2, r.top + r.height / 2])({box}.getBoundingClientRect())")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    assert browser.evaluate(f"{box}.checked") is False
    assert browser.evaluate(drawn_hidden) == sorted(relation_ids)
    browser.evaluate(f"{box}.click()")
    assert browser.evaluate(drawn_hidden) == []
    # Reset view brings back the default after the relations were hidden.
    browser.evaluate(f"{box}.click()")
    browser.evaluate("document.getElementById('reset').click()")
    assert browser.evaluate(f"{box}.checked") is True and browser.evaluate(drawn_hidden) == []
    browser.evaluate("window.scrollTo(0, 0)")
    time.sleep(0.5)  # the reset's fit animation

    # The person's panel: the office, where it is held, and the passage that says so.
    click_node(browser, A + "actor/volodymyr-zelensky")
    assert browser.evaluate("document.getElementById('panel').dataset.node") == A + "actor/volodymyr-zelensky"
    offices = browser.evaluate("[...document.querySelectorAll('#panel .office')].map(o => o.innerText)")
    assert len(offices) == 1 and "President" in offices[0] and "Ukraine" in offices[0]
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert "Offices (1)" in browser.evaluate("[...document.querySelectorAll('#panel h2')].map(h => h.textContent)")
    assert "Ukrainian President Volodymyr Zelensky met NATO Secretary General Mark Rutte in Kyiv" in panel
    assert "Ukrainian President Volodymyr Zelensky" in browser.evaluate(
        "[...document.querySelectorAll('#panel mark')].map(m => m.textContent)")
    # Its "in" button goes to the state, whose links name the office holder.
    browser.evaluate("document.querySelector('#panel .office button').click()")
    assert browser.evaluate("document.getElementById('panel').dataset.node") == A + "actor/ukraine"
    assert "office holder (President)" in browser.evaluate("document.getElementById('panel').textContent")
    # A former office says so.
    browser.evaluate(f"window.parley.show({json.dumps(A + 'actor/boris-johnson')})")
    assert "former Prime Minister" in browser.evaluate("document.querySelector('#panel .office').innerText")

    # Markup in an office's literal and beside an office in the text is shown as text, and never runs.
    browser.evaluate(f"window.parley.show({json.dumps(A + 'actor/mark-rutte')})")
    assert browser.evaluate("document.querySelector('#panel .office b').textContent") == HOSTILE_OFFICE
    for edge in relation_ids:
        browser.evaluate(f"window.parley.showEdge({json.dumps(edge)})")
        assert browser.evaluate("document.querySelectorAll('#panel img, #panel script').length") == 0
    johnson = browser.evaluate("""window.parley.edges.get().find(e => e.kind === 'relation'
        && e.from.endsWith('/boris-johnson')).id""")
    browser.evaluate(f"window.parley.showEdge({json.dumps(johnson)})")
    panel = browser.evaluate("document.getElementById('panel').textContent")
    assert "<script>window.__pwned=1</script>" in panel and "Former British Prime Minister Boris Johnson" in panel
    time.sleep(0.3)
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    errors = [e for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
    assert not errors, errors[0]["params"]["exceptionDetails"]


def test_a_corrected_event_and_its_added_host_are_marked_on_the_page(browser, seed_build, tmp_path):
    from graph.build import to_graph
    from graph.corrections import loads
    from graph.pipeline import build_corpus

    corrections = loads("""[[correction]]
name = "summit-host"
change = "event"
event = { kind = "Summit", with = "Switzerland", words = "summit" }
add = { host = [{ label = "Switzerland", kind = "State" }] }
by = "A. Analyst"
date = 2026-12-03
note = "the text says where it met"
""", "corrections.toml")
    _, quads = build_corpus(list(seed_build.result.analyses), corrections)
    page = write_html(to_graph(quads), tmp_path / "corrected.html")
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true", timeout=60)
    # One item carries the mark (the summit, or the track that holds it), drawn dashed with the pencil.
    marked = browser.evaluate("window.parley.data.nodes.filter(n => n[7] === 1).map(n => n[0])")
    assert len(marked) == 1
    drawn = browser.evaluate(f"window.parley.nodes.get({json.dumps(marked[0])})")
    assert drawn["corrected"] and drawn["label"].startswith("✎")
    # The host link the correction added is marked too, and only it.
    links = browser.evaluate("window.parley.data.links.filter(l => l[4] === 1)"
                             ".map(l => window.parley.data.relationNames[l[2]])")
    assert links == ["host"]
    browser.evaluate(f"window.parley.show({json.dumps(marked[0])})")
    assert "changed by a correction" in browser.evaluate("document.getElementById('panel').innerText")


def test_copy_as_correction_puts_the_nodes_selector_on_the_clipboard(browser, seed_build, tmp_path):
    """A node's panel shows a corrections-file entry that selects it; its button copies it to the clipboard."""
    import tomllib

    page = write_html(seed_build.graph, tmp_path / "seeds.html")
    browser.open(page.as_uri())
    browser.wait_for("window.__parleyReady === true", timeout=60)
    browser.send("Browser.grantPermissions", permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
    click_node(browser, A + "actor/qatar")
    assert browser.evaluate("document.getElementById('panel').dataset.node") == A + "actor/qatar"
    browser.evaluate("document.querySelectorAll('#panel details').forEach(d => d.open = true)")
    shown = browser.evaluate("document.querySelector('#panel pre.correction').textContent")
    table = tomllib.loads(shown)["correction"][0]
    assert table == {"change": "actor", "actor": {"label": "Qatar", "kind": "State"}}
    # A real click on the button (CDP mouse events), then the clipboard holds the entry.
    x, y = browser.evaluate("""(() => {
      const b = document.querySelector('#panel button.copy-correction');
      b.scrollIntoView();
      const r = b.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2];
    })()""")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    browser.wait_for("document.querySelector('#panel [role=status]').textContent.includes('copied')", 10)
    assert browser.evaluate("navigator.clipboard.readText()") == shown
    # A claim's panel has one too, selecting the claim by its words and document.
    claim = browser.evaluate("(c => Object.keys(c).find(k => c[k].correction))(window.parley.data.claims)")
    browser.evaluate(f"window.parley.show({json.dumps(claim)})")
    browser.evaluate("document.querySelectorAll('#panel details').forEach(d => d.open = true)")
    text = browser.evaluate("document.querySelector('#panel pre.correction').textContent")
    entry = tomllib.loads(text)["correction"][0]
    assert entry["change"] == "claim" and entry["claim"]["words"]
