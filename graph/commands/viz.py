"""Write the interactive graph page: one self-contained HTML file that works offline (network
with a legend, search, filters and each node's evidence; a timeline; the analytics).
GRAPH_OR_STORE is an RDF file (.ttl, .trig, .nq, .nt, .jsonld), a build folder (its graph.ttl)
or a store folder. The filters combine: --document and --actor may be repeated."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph import progress
from graph.analytics import load_graph
from graph.visualize import write_html


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="GRAPH_OR_STORE", help="the graph file, build folder or store")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html", help="the page to write")
    parser.add_argument("--document", action="append", metavar="ID",
                        help="keep what this document (its id) grounds; repeatable")
    parser.add_argument("--actor", action="append", metavar="NAME",
                        help="keep this actor (name, other name, Wikidata id or IRI), its events and claims "
                             "and their other participants; repeatable")
    parser.add_argument("--since", metavar="YYYY-MM-DD",
                        help="drop events that ended before this date and claims only reported before it")
    parser.add_argument("--kind", metavar="KINDS",
                        help="keep only these kinds, comma-separated: state, organization, person, outlet, "
                             "anonymous, actor (all actors), place, event, claim")
    parser.add_argument("--title", help="the page's title")


def run(args: argparse.Namespace) -> int:
    with progress.stage("read"):
        graph = load_graph(args.source)
    with progress.stage("page"):
        out = write_html(graph, args.output, document=args.document, actor=args.actor, since=args.since,
                         kind=args.kind, title=args.title)
    print(f"wrote {out}")
    return 0
