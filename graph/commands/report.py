"""List the claims of a built graph in plain words: how many documents assert each, on whose word
and through which intermediaries, and where the outlets disagree (a different source, conflicting
facts, different figures, a different certainty or polarity). GRAPH is .ttl, .trig, .nq, .nt,
.jsonld or RDF/XML, as written by `parley build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph import progress
from graph.fileio import atomic_write_text
from graph.report import build_report, render_json, render_text
from graph.validate import load_rdf


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", type=Path, metavar="GRAPH", help="the built graph")
    parser.add_argument("--discrepancies", action="store_true",
                        help="show only the claims whose documents disagree")
    parser.add_argument("--min-documents", type=int, default=1, metavar="N",
                        help="show only claims asserted in at least N documents (default: 1)")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="show at most N claims (0: all)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here instead of stdout")


def run(args: argparse.Namespace) -> int:
    with progress.stage("read"):
        data = load_rdf(args.graph)
    with progress.stage("report"):
        report = build_report(data)
    if args.format == "json":
        text = render_json(report)
    else:
        text = render_text(report, only_discrepancies=args.discrepancies, min_documents=args.min_documents,
                           limit=args.limit)
    if args.output:
        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
