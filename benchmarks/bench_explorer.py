"""The served explorer over a store of any size: how long it takes and how many bytes it fetches.

Serves ``--store DIR`` with `parley serve` (in this process, on a free loopback port), opens the
explorer at / in Debian's headless Chromium (driven as tests/test_browser.py drives it), and measures:
the time until the overview is drawn and laid out, the bytes fetched for it (pages, scripts and every
SPARQL answer: the explorer holds no data of its own, so this is what "no multi-megabyte file" means),
then the time and bytes of one click's expansion (the actor in most events), one search and one event's
panel, and in the query editor at /query the time of the ready query ``timeline``.

    .venv/bin/python benchmarks/bench_explorer.py --store db/

A store to measure: ``parley build CORPUS --store db/``, or many documents without their NLP again, as
benchmarks/bench_store.py --replay makes them (the analyses of a few hundred synthetic articles copied under
new ids).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from test_browser import Browser  # noqa: E402  (the tests' CDP client)

from graph.serve import ServeConfig, make_server  # noqa: E402
from graph.store import quad_count  # noqa: E402


def transferred(browser: Browser) -> tuple[int, int, int]:
    """(bytes received, SPARQL requests, largest SPARQL answer) since the events were last cleared."""
    urls = {e["params"]["requestId"]: e["params"]["request"]["url"]
            for e in browser.events if e.get("method") == "Network.requestWillBeSent"}
    total = sparql = largest = 0
    for e in browser.events:
        if e.get("method") == "Network.loadingFinished":
            size = int(e["params"]["encodedDataLength"])
            total += size
            if urls.get(e["params"]["requestId"], "").endswith("/sparql"):
                sparql += 1
                largest = max(largest, size)
    return total, sparql, largest


def pump(browser: Browser) -> None:
    browser.evaluate("1")  # collects the DevTools events that arrived meanwhile


def timed(browser: Browser, action: str, done: str, timeout: float = 300) -> tuple[float, tuple[int, int, int]]:
    browser.events.clear()
    start = time.monotonic()
    browser.evaluate(action)
    browser.wait_for(done, timeout)
    elapsed = time.monotonic() - start
    time.sleep(0.5)
    pump(browser)
    return elapsed, transferred(browser)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    server, pool = make_server(ServeConfig(store=args.store, port=0, workers=2, timeout=60))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    base = f"http://{host}:{port}"
    browser = Browser()
    rows = []
    try:
        browser.open("about:blank")
        seconds, (total, queries, largest) = timed(
            browser, f"void (location.href = {json.dumps(base + '/')})",
            "window.__parleySettled === true || !!window.__parleyError")
        drawn = browser.evaluate("window.parley.nodes.length")
        rows.append(("overview", seconds, total, queries, largest, f"{drawn} nodes"))
        top = browser.evaluate("""window.parley.nodes.get().filter(n => n.kind !== 'Event')
            .sort((a, b) => b.value - a.value)[0].id""")
        before = drawn
        seconds, t = timed(browser, f"void window.parley.expand({json.dumps(top)})",
                           f"window.parley.nodes.length > {before} || "
                           "/neighbours drawn/.test(document.getElementById('network-note').textContent)")
        rows.append(("expand the actor in most events", seconds, *t,
                     f"+{browser.evaluate('window.parley.nodes.length') - before} nodes"))
        seconds, t = timed(browser, "void window.parley.search('talks')",
                           "/found|nothing/.test(document.getElementById('search-status').textContent)")
        rows.append(("search 'talks'", seconds, *t, browser.evaluate("document.getElementById('search-status')"
                                                                       ".textContent")))
        event = browser.evaluate("window.parley.nodes.get().filter(n => n.kind === 'Event')[0].id")
        seconds, t = timed(browser, f"void window.parley.show({json.dumps(event)})",
                           f"document.getElementById('panel').dataset.node === {json.dumps(event)}")
        rows.append(("an event's panel", seconds, *t, ""))
        browser.open(base + "/query")
        browser.wait_for("window.__parleyReady === true", 120)
        seconds, t = timed(browser, "void (window.parleyQuery.open('timeline'), "
                                    "window.parleyQuery.yasgui.getTab().getYasqe().query())",
                           "document.querySelectorAll('.yasr .dataTable tbody tr').length > 0 || "
                           "!!document.querySelector('.yasr .errorResult')")
        rows.append(("query editor: ready query timeline", seconds, *t,
                     browser.evaluate("(e => e ? e.textContent.slice(0, 80) : '')(document.querySelector('.yasr "
                                      ".errorResult'))")))
    finally:
        browser.close()
        server.shutdown()
        server.server_close()
        pool.close()
    print(f"store {args.store}: {quad_count(args.store):,} quads")
    print("| step | seconds | bytes fetched | SPARQL requests | largest answer | note |")
    print("|---|---:|---:|---:|---:|---|")
    for name, seconds, total, queries, largest, note in rows:
        print(f"| {name} | {seconds:.2f} | {total:,} | {queries} | {largest:,} | {note} |")


if __name__ == "__main__":
    main()
