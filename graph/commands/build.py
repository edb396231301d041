"""Build the graph of articles: INPUT is a .txt, .jsonl or .html file or a folder of them
(a folder may hold manifest.jsonl, or NAME.json beside NAME.txt, with id, title, url, outlet,
published). Without INPUT, the bundled sample corpus is built. Writes OUT/graph.ttl, the
formats asked for with --format, and OUT/graph.html."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from graph import progress
from graph.errors import InputError, InputNotice, ParleyError
from graph.export import FORMATS, parse_formats, write_outputs
from graph.fileio import output_work_folder, staged_outputs
from graph.ingest import DEFAULT_MAX_BYTES, IngestOptions, count_documents, default_corpus
from graph.wording import count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                        help="files or folders to read (default: the bundled sample corpus)")
    parser.add_argument("-o", "--out", type=Path, default=Path("parley-out"),
                        help="output folder (default: parley-out/)")
    parser.add_argument("--format", default="turtle", metavar="FORMATS",
                        help="comma-separated extra formats: trig, jsonld, nt, nquads (Turtle is always written)")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes for the NLP, each with its own copy of the model (default: 1)")
    parser.add_argument("--dask", metavar="ADDRESS", default=None,
                        help="run the NLP on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
                             "needs dask[distributed]")
    parser.add_argument("--strict", action="store_true", help="exit non-zero when any input was skipped")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help=f"largest file (or JSON Lines record) read, in bytes (default: {DEFAULT_MAX_BYTES:,})")
    parser.add_argument("--no-html", action="store_true", help="do not write graph.html")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    parser.add_argument("--store", type=Path, metavar="DIR",
                        help="also add the documents to the Oxigraph store at DIR (created if needed; "
                             "documents already there unchanged are left alone)")
    parser.add_argument("--nquads-shards", type=Path, metavar="DIR",
                        help="also write the quads as N-Quads shards for Oxigraph's bulk loader")
    add_corrections_argument(parser)


def add_corrections_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corrections", type=Path, action="append", metavar="FILE",
                        help="apply an analyst's corrections (TOML; repeatable; default: corrections.toml in an "
                             "input folder, and a store's own); --strict makes a stale or refused one an error")


def run(args: argparse.Namespace) -> int:
    with progress.configured(enabled=False if args.quiet else None):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from graph.pipeline import run as run_pipeline

    started = process_started()  # "Built ... in X s" is the wall time: start-up, outputs and page included
    inputs = args.inputs or [default_corpus()]
    formats = parse_formats(args.format)
    if args.workers < 1:
        raise ParleyError("--workers must be 1 or more")
    expected = count_documents(inputs)
    corrections = corrections_of(args, inputs)  # (read before the NLP: a bad file is said at once)

    def on_error(error: InputError) -> None:
        print(f"parley: {'note' if isinstance(error, InputNotice) else 'skipped'} {error}", file=sys.stderr)

    options = IngestOptions(max_bytes=args.max_bytes)
    if getattr(args, "store", None) is not None:
        from graph.store import check_store_target

        check_store_target(args.store)  # a damaged store is said now, not after the NLP
    # The spools go in a work folder inside -o: making it checks that -o can be written before the NLP
    # runs, and a killed build's work folder is removed by the next build into -o.
    with output_work_folder(args.out) as workdir:
        if args.dask:
            from graph.distributed import build_on_dask

            # (its resolution and quads stages, in graph.pipeline, end this one)
            parse = progress.stage("parse", expected, "documents")
            result = build_on_dask(inputs, on_error, args.dask, options=options,
                                   on_document=lambda _: parse.advance(), workdir=Path(workdir),
                                   corrections=corrections)
        else:
            # stream=True: analyses and quads go to temporary files, so memory does not grow with the corpus.
            result = run_pipeline(inputs, on_error, n_process=args.workers, options=options, stream=True,
                                  expected=expected, workdir=Path(workdir), corrections=corrections)
        try:
            return _finish(args, result, formats, started, corrections)
        finally:
            result.close()


def corrections_of(args: argparse.Namespace, inputs: list[Path]):
    """The corrections to apply: the files given with --corrections, else those the inputs carry
    (graph.corrections.beside); None when there are none (a store then keeps its own)."""
    from graph.corrections import beside, load

    files = args.corrections if args.corrections else beside(inputs)
    return load(files) if files else None


def report_corrections(lines: list[str], said: set[str] | None = None) -> int:
    """Print each correction not applied (once); returns how many there were."""
    said = said if said is not None else set()
    for line in lines:
        if line not in said:
            print(f"parley: {line}", file=sys.stderr)
            said.add(line)
    return len(lines)


def process_started() -> float:
    """The ``time.monotonic()`` reading at which this process started, so that the summary's time is the
    wall time a user waits: on a busy machine the interpreter and the imports before ``run`` took 2–5 s of
    it. Linux says when a process started (/proc/self/stat, in clock ticks since boot, the clock of
    CLOCK_BOOTTIME); elsewhere, now."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # (field 22 of the line; 20 after the name)
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic()
    return time.monotonic() - max(age, 0.0)


def _finish(args: argparse.Namespace, result, formats: list[str], started: float, corrections=None) -> int:
    if not result.analyses:
        raise ParleyError("nothing to build: no input could be read" +
                          (f" ({len(result.skipped)} skipped)" if result.skipped else ""))
    # All outputs are written to a staging folder, then renamed together: a killed build leaves the old set.
    try:
        with staged_outputs(args.out) as staging:
            written: dict[str, Path] = {}
            for fmt in formats:  # one at a time, for the progress (the spool is sorted once, for all of them)
                with progress.stage(FORMATS[fmt][1]):
                    written |= write_outputs(result.quads, staging, [fmt])
            if not args.no_html:
                with progress.stage("page"):
                    written["html"] = _write_html(result, staging)
    except OSError as exc:  # a full disk, or -o made read-only meanwhile
        raise ParleyError(f"{exc.filename or args.out}: cannot write the outputs ({exc.strerror or exc}); "
                          "the previous outputs are left as they were") from None
    written = {fmt: args.out / path.name for fmt, path in written.items()}
    said: set[str] = set()
    report = result.corpus.corrections
    problems = report_corrections(report.lines(), said) if report is not None else 0
    try:
        problems += _store_outputs(args, result, corrections, said)  # graph.store: --store and --nquads-shards
    except OSError as exc:
        raise ParleyError(f"{exc.filename or args.store or args.nquads_shards}: cannot write "
                          f"({exc.strerror or exc})") from None
    if not args.quiet:
        print_summary(result, written, seconds=time.monotonic() - started)
    if args.strict and (result.skipped or problems):
        return 1
    return 0


def _store_outputs(args: argparse.Namespace, result, corrections, said: set[str]) -> int:
    """--store and --nquads-shards; returns the number of the store's corrections not applied."""
    problems = 0
    if getattr(args, "store", None) is not None:
        from graph.store import add_documents

        with progress.stage("store"):
            summary = add_documents(args.store, list(result.analyses), corrections=corrections)
        problems = report_corrections(summary.corrections, said)
        if not args.quiet:
            print(summary.describe())
    if getattr(args, "nquads_shards", None) is not None:
        from graph.store import shard_prefix, write_nquads_shards

        with progress.stage("N-Quads shards"):
            shards = write_nquads_shards(result.quads.quads(), args.nquads_shards,
                                         prefix=shard_prefix(a.source.id for a in result.analyses))
        if not args.quiet:
            print(f"  nquads   {count(len(shards), 'shard')} in {args.nquads_shards}")
    return problems


def _write_html(result, out: Path) -> Path:
    # The page reads the build's own sorted triples into plain dictionaries: loading them into rdflib
    # was most of the page stage (27 of 46 s at 500 articles).
    # With the collector run less often, as in the build's own stages: the index and the story are millions of
    # objects that live until the page is written (a mention's passage each, 865,000 at 10,000 articles).
    from graph.pipeline import fewer_collections
    from graph.triple_index import index_of_build
    from graph.visualize import write_html

    path = out / "graph.html"
    with fewer_collections():
        write_html(index_of_build(result.quads), path)
    return path


def skip_reasons(skipped: list[InputError]) -> str:
    """'2 × the file is empty, 1 × malformed JSON': the problems without their particulars."""
    counts = Counter(re.split(r" \(|: |, over", error.problem, maxsplit=1)[0] for error in skipped)
    return ", ".join(f"{n} × {problem}" for problem, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summary_counts(result) -> dict[str, int]:
    """The build's counts, read as the graph reader behind the page and ``parley stats`` reads the graph
    (analytics.headline_counts): a place that takes part in an event, or is a claim's source or
    intermediary, or an anonymous source's affiliation, is drawn and counted as an actor. From the corpus,
    not the graph: a --no-html build of 100,000 documents should not load its graph to count."""
    corpus = result.corpus
    acting: set[str] = {key for event in corpus.events.values() for keys in event.roles.values() for key in keys}
    for claim in corpus.claims.values():
        for assertion in claim.assertions:
            acting.update(assertion.via)
            if assertion.source is not None:
                acting.add(assertion.source)
    acting.update(a.affiliation for a in corpus.actors.values() if a.affiliation)
    places = sum(1 for key, a in corpus.actors.items() if a.kind == "Place" and key not in acting)
    return {"documents": len(result.analyses), "actors": len(corpus.actors) - places, "places": places,
            "events": len(corpus.events), "claims": len(corpus.claims)}


def missing_metadata(documents) -> str | None:
    """One line saying how many documents lack an outlet, a title or a date (the page, the report and
    stats name documents by them), or None when none lacks any."""
    total = outlet = title = date = 0
    for doc in documents:
        source = doc.source
        total += 1
        outlet += not source.outlet
        title += not source.title
        date += not source.published
    if not (outlet or title or date):
        return None
    parts = [f"{n} no {what}" for n, what in ((outlet, "outlet"), (title, "title"), (date, "publication date")) if n]
    return (f"Of {count(total, 'document')}, {', '.join(parts)}: they are named by what they have "
            "(a document without a title by its first words; give outlet, title and published in the manifest).")


def print_summary(result, written: dict[str, Path], seconds: float | None = None) -> None:
    """``seconds``: the build's wall time (default: the pipeline's own, without the outputs)."""
    from graph.analytics import headline

    counts = summary_counts(result)
    assertions = sum(len(c.assertions) for c in result.corpus.claims.values())
    seconds = result.seconds if seconds is None else seconds
    built, rest = headline(counts).split(", ", 1)
    print(f"Built {built} in {seconds:.1f} s: {rest} ({count(assertions, 'assertion')}), "
          f"{count(len(result.quads), 'triple', True)}.")
    if result.corpus.claims:
        from graph.report import summarize_claims

        print(summarize_claims(result.corpus.claims))
    if result.corpus.corrections is not None:
        report = result.corpus.corrections
        print(f"Corrections: {len(report.applied)} applied, {len(report.stale)} stale, "
              f"{len(report.conflicts)} refused as conflicting.")
    if note := missing_metadata(result.corpus.documents):
        print(note)
    if result.skipped:
        print(f"Skipped {count(len(result.skipped), 'input')}: {skip_reasons(result.skipped)}; "
              "see the messages above.")
    for fmt, path in written.items():
        print(f"  {fmt:8} {path}")
