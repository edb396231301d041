"""Build throughput as a user gets it, against two floors, on the same texts.

spacy:   plain ``en_core_web_sm`` (the first installed model graph/data/pipeline.toml names), ``nlp.pipe``
         over the texts, the Docs thrown away: what any spaCy program pays.
ruler:   the same with Parley's gazetteer ruler (graph.nlp.load_nlp), the floor no Parley build can go below.
build:   ``parley build CORPUS -o OUT`` run as a user runs it, in a child process: default outputs
         (graph.ttl and the page graph.html), the summary printed. Its wall time (process start to exit:
         interpreter, imports, model load, parse, resolution, outputs, page) is the figure; the summary's
         "Built … in X s" is read back and compared with it, and the child's peak memory is its own
         (os.wait4).
no-html: the same with ``--no-html``: the page stage's cost is the difference, and the peak to compare with.

The floors run in this process with the model loaded before timing (so they are the floors at their
lowest); the four alternate, ``--repeats`` times each, so load from other processes falls on all alike.
Medians and the ratios are printed.

    .venv/bin/python benchmarks/bench_throughput.py --docs 500 --repeats 3
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from common import corpus, machine, median, parley_command, run_measured, table, words_in

SUMMARY = re.compile(r"^Built .* in ([0-9.]+) s:", re.MULTILINE)


def time_pipe(nlp, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    return time.perf_counter() - started


def time_build(path: Path, *extra: str) -> dict:
    """One ``parley build`` in a child process: wall s, peak MB, the summary's seconds, the page's size."""
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as out:
        wall, peak, stdout = run_measured(parley_command("build", str(path), "-o", out, *extra))
        said = SUMMARY.search(stdout)
        page = Path(out) / "graph.html"
        return {"wall": wall, "peak": peak, "said": float(said.group(1)) if said else float("nan"),
                "page_mb": page.stat().st_size / 1e6 if page.is_file() else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="synthetic articles (default 200; the issue's 500)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import spacy

    from graph.ingest import iter_documents
    from graph.nlp import load_nlp, pipeline_config

    print(f"machine: {machine()}")
    path = corpus(args.docs)
    docs, words = words_in(path)
    print(f"corpus: {docs} synthetic articles (benchmarks/synth.py), {words:,} words")
    config = pipeline_config()["nlp"]
    batch = int(config.get("batch_size", 32))
    started = time.perf_counter()
    plain = None
    for name in config["models"]:
        try:
            plain = spacy.load(name)
            break
        except OSError:
            continue
    if plain is None:
        raise SystemExit(f"none of the models {config['models']} is installed")
    load_plain = time.perf_counter() - started
    ruler = load_nlp()
    texts = [d.text for d in iter_documents([path], print)]
    for nlp in (plain, ruler):
        time_pipe(nlp, texts[:8], batch)  # warm caches

    runs: dict[str, list] = {"spacy": [], "ruler": [], "build": [], "no-html": []}
    for repeat in range(args.repeats):
        runs["spacy"].append(time_pipe(plain, texts, batch))
        runs["ruler"].append(time_pipe(ruler, texts, batch))
        runs["build"].append(time_build(path))
        runs["no-html"].append(time_build(path, "--no-html"))
        build, bare = runs["build"][-1], runs["no-html"][-1]
        print(f"  repeat {repeat + 1}: spaCy {runs['spacy'][-1]:.1f} s, +ruler {runs['ruler'][-1]:.1f} s, "
              f"build {build['wall']:.1f} s (says {build['said']:.1f} s, {build['peak']:,.0f} MB), "
              f"--no-html {bare['wall']:.1f} s ({bare['peak']:,.0f} MB)", flush=True)

    spacy_s, ruler_s = median(runs["spacy"]), median(runs["ruler"])

    def of(name: str, key: str) -> float:
        return median([r[key] for r in runs[name]])

    build_s, bare_s = of("build", "wall"), of("no-html", "wall")
    page_s = build_s - bare_s
    print()
    print(table(["measure", "median", "words/s", "plain spaCy / this"], [
        ["plain en_core_web_sm nlp.pipe (model loaded; its load: "
         f"{load_plain:.1f} s)", f"{spacy_s:.1f} s", f"{words / spacy_s:,.0f}", "1.00"],
        ["spaCy + Parley's gazetteer ruler", f"{ruler_s:.1f} s", f"{words / ruler_s:,.0f}", f"{spacy_s / ruler_s:.2f}"],
        ["`parley build` (default outputs, page included), wall", f"{build_s:.1f} s", f"{words / build_s:,.0f}",
         f"{spacy_s / build_s:.2f}"],
        ["`parley build --no-html`, wall", f"{bare_s:.1f} s", f"{words / bare_s:,.0f}", f"{spacy_s / bare_s:.2f}"],
    ]))
    print()
    said = of("build", "said")
    print(table(["build", "figure"], [
        ["ratio to the ruler floor (build / --no-html)",
         f"{ruler_s / build_s:.2f} / {ruler_s / bare_s:.2f}"],
        ["summary's \"Built in X s\" against wall", f"{said:.1f} s of {build_s:.1f} s "
         f"({build_s - said:.1f} s after the summary is printed: spool clean-up and interpreter teardown)"],
        ["page stage (build − --no-html)", f"{page_s:.1f} s, {page_s / build_s:.0%} of the build "
         f"(goal <= 10 %); graph.html {of('build', 'page_mb'):.1f} MB"],
        ["peak memory, build / --no-html", f"{of('build', 'peak'):,.0f} / {of('no-html', 'peak'):,.0f} MB "
         f"({of('build', 'peak') / of('no-html', 'peak'):.2f}×, goal <= 1.10×)"],
    ]))


if __name__ == "__main__":
    main()
