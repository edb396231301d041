"""The graph page at corpus scale: its size, and its stage's share of the build.

The synthetic corpus (benchmarks/synth.py) is analysed once (spaCy and extraction; cached as JSON
Lines with graph.analysis_codec, as bench_growth.py does), then for each size the main process of
a build is timed as `parley build` runs it: the analyses spooled, resolved and turned into quads,
Turtle written, then the page stage (graph.commands.build._write_html: the graph read from the
quad spool and the page written). The analysis time (NLP and extraction, per article, measured
while caching or given with --nlp-seconds-per-article) is added to give the whole build's time,
so "page share" is the page stage over the whole build, NLP included, as a user would see it.

Sizes above the cached analyses replay them under new document ids (as bench_memory.py's
--replay does): the same texts again, so actors and claims merge across the copies and the
graph grows in documents, evidence and reports more than in distinct nodes.

    .venv/bin/python benchmarks/bench_viz.py --sizes 500,10000 --analysed 500
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from common import CACHE, corpus, machine, table


def analyses_file(count: int) -> tuple[Path, float | None]:
    """The cached analyses of the first ``count`` synthetic articles, and the seconds per article it
    took to make them (None when they were cached by an earlier run)."""
    from graph.analysis_codec import dumps_analysis
    from graph.ingest import iter_documents
    from graph.pipeline import analyze

    path = CACHE / f"analyses-{count}-all.jsonl"
    if path.is_file():
        return path, None
    started = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for analysis in analyze(iter_documents([corpus(count)], print)):
            handle.write(dumps_analysis(analysis) + "\n")
    tmp.replace(path)
    return path, (time.perf_counter() - started) / count


def replayed(path: Path, count: int):
    from graph.analysis_codec import loads_analysis

    produced = 0
    for copy in itertools.count():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if produced == count:
                    return
                a = loads_analysis(line)
                if copy:
                    source = dataclasses.replace(a.source, id=f"{a.source.id}-r{copy}")
                    a = dataclasses.replace(a, document=dataclasses.replace(a.document, source=source))
                yield a
                produced += 1


def measure(path: Path, count: int, out: Path) -> dict:
    from graph.commands.build import _write_html
    from graph.export import write_outputs
    from graph.pipeline import BuildResult, SpooledAnalyses, build_streaming, fewer_collections

    started = time.perf_counter()
    with fewer_collections():
        spooled = SpooledAnalyses(out)
        for analysis in replayed(path, count):
            spooled.append(analysis)
        corpus_, quads = build_streaming(spooled, out)
        write_outputs(quads, out, ["turtle"])
        built = time.perf_counter()
        result = BuildResult(analyses=spooled, corpus=corpus_, quads=quads)
        page = _write_html(result, out)
        done = time.perf_counter()
        triples = len(quads)
        result.close()
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="parley-data">(.*?)</script>', text, re.S).group(1))
    return {"documents": count, "triples": triples, "rest_s": built - started, "page_s": done - built,
            "page_mb": page.stat().st_size / 1e6, "items": len(data["nodes"]), "drawn": data["drawn"],
            "page": page}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,10000", help="articles, comma-separated")
    parser.add_argument("--analysed", type=int, default=500,
                        help="articles analysed with the NLP (larger sizes replay them)")
    parser.add_argument("--nlp-seconds-per-article", type=float, default=None,
                        help="the NLP's cost per article, when the analyses were cached earlier")
    parser.add_argument("--keep", type=Path, default=None, help="copy each page here (graph-N.html)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    path, per_article = analyses_file(args.analysed)
    per_article = args.nlp_seconds_per_article or per_article
    if per_article is None:
        sys.exit("the analyses were cached earlier: give --nlp-seconds-per-article (bench_throughput.py measures it)")
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="parley-bench-viz-") as tmp:
            m = measure(path, n, Path(tmp))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"graph-{n}.html").write_bytes(m["page"].read_bytes())
        whole = per_article * n + m["rest_s"] + m["page_s"]
        rows.append([f"{n:,}", f"{m['triples']:,}", f"{m['items']:,}", m["drawn"], f"{m['page_mb']:.2f}",
                     f"{per_article * n:.0f}", f"{m['rest_s']:.1f}", f"{m['page_s']:.1f}",
                     f"{100 * m['page_s'] / whole:.1f} %"])
        print(f"{n} articles done", file=sys.stderr)
    print(machine())
    print(f"NLP and extraction: {per_article:.3f} s per article (single process)")
    print()
    print(table(["articles", "triples", "items", "drawn", "page MB", "NLP s", "resolve+quads+Turtle s",
                 "page s", "page share of the build"], rows))


if __name__ == "__main__":
    main()
