"""The graph page at scale: reading the graph, the analytics, the layout, the page's size, and
how long headless Chromium takes until the network is drawn and can be used.

Synthetic core-profile graphs (tests/profile_fixture.large_profile_graph: actors, events, claims
in the proportions 3 : 4.5 : 2.5, skewed participation) of several sizes. Up to
style.toml's physics_max_nodes the browser lays the graph out (vis-network physics, then frozen);
above, the layout is computed in Python and physics is off.

    .venv/bin/python benchmarks/bench_viz.py --sizes 250,500,1000,2000,4000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from common import machine, table

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,500,1000,2000", help="node counts, comma-separated")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = parser.parse_args()

    from profile_fixture import large_profile_graph

    from graph.analytics import analyze, read_story
    from graph.visualize import layout_positions, load_style, render_html

    browser = None
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        from test_browser import Browser

        browser = Browser()
    rows = []
    out = Path(tempfile.mkdtemp(prefix="parley-bench-viz-"))
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            actors, events = n * 3 // 10, n * 45 // 100
            graph = large_profile_graph(actors=actors, events=events, claims=n - actors - events)
            t0 = time.perf_counter()
            story = read_story(graph)
            t1 = time.perf_counter()
            analytics = analyze(story)
            t2 = time.perf_counter()
            big = len(story.nodes) > load_style()["layout"]["physics_max_nodes"]
            if big:
                layout_positions(story, load_style())
            t3 = time.perf_counter()
            page = render_html(story, analytics)  # lays out again (inside): the render time includes it
            t4 = time.perf_counter()
            path = out / f"graph-{n}.html"
            path.write_text(page, encoding="utf-8")
            ready = "—"
            if browser is not None:
                start = time.perf_counter()
                browser.open(path.as_uri())
                browser.wait_for("window.__parleyReady === true", timeout=300)
                ready = f"{time.perf_counter() - start:.1f}"
            rows.append([len(story.nodes), len(story.edges), f"{t1 - t0:.2f}", f"{t2 - t1:.2f}",
                         f"{t3 - t2:.2f}" if big else "browser", f"{t4 - t3:.2f}", f"{len(page) / 1e6:.1f}", ready])
            print(f"{n} nodes done", file=sys.stderr)
    finally:
        if browser is not None:
            browser.close()
    print(machine())
    print()
    print(table(["nodes", "edges", "read s", "analytics s", "layout s", "page s (with layout)", "page MB",
                 "Chromium ready s"], rows))


if __name__ == "__main__":
    main()
