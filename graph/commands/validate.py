"""Check a built graph against the core profile's SHACL shapes (ontology/shapes.ttl), with the
ontology's class hierarchy. Prints each violation in plain words (focus node, property, problem)
and exits 1 when the graph does not conform. GRAPH is .ttl, .trig, .nq, .nt, .jsonld or RDF/XML."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph import progress
from graph.query import terminal_safe
from graph.validate import load_rdf, validate_graph


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", type=Path, metavar="GRAPH", help="the RDF file to check")
    parser.add_argument("--limit", type=int, default=50, metavar="N",
                        help="print at most N violations (default: 50; 0 prints all)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the verdict")


def run(args: argparse.Namespace) -> int:
    with progress.configured(enabled=False if args.quiet else None):
        with progress.stage("read"):
            data = load_rdf(args.graph)
        with progress.stage("validate"):
            report = validate_graph(data)
            lines = report.lines(data)
    errors = sum(1 for v in report.violations if v.severity == "Violation")
    if not args.quiet:
        shown = lines if args.limit <= 0 else lines[: args.limit]
        for line in shown:
            print(terminal_safe(line))  # labels and texts in messages are data
        if len(shown) < len(lines):
            print(f"… and {len(lines) - len(shown)} more (use --limit 0 to see all)")
    if report.conforms:
        print(f"{args.graph}: conforms to the core profile ({len(data):,} triples"
              + (f", {len(lines)} warnings)" if lines else ")"))
        return 0
    print(f"{args.graph}: does NOT conform: {errors} violation(s) in {len(data):,} triples")
    return 1
