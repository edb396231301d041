"""Write the interactive graph page: one self-contained HTML file that works offline (network
with a legend, search, filters and each node's evidence; a timeline; the analytics).
GRAPH_OR_STORE is an RDF file (.ttl, .trig, .nq, .nt, .jsonld), a build folder (its graph.ttl)
or a store folder. The filters combine: --document and --actor may be repeated."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from graph import progress
from graph.triple_index import load_triples
from graph.visualize import NothingMatched, write_html


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="GRAPH_OR_STORE", help="the graph file, build folder or store")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE.html",
                        help="the page to write (default: beside the input, graph.html, or graph-FILTERS.html "
                             "when filtered, so the build's own page is not replaced by a filtered one)")
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


def default_output(args: argparse.Namespace) -> Path:
    """Where the page goes without -o: in a build folder, inside it; beside a graph file or a store folder,
    in the folder that holds it. graph.html unfiltered; with filters a name that says them (graph-qatar.html)."""
    from graph.store import is_store

    source: Path = args.source
    # A store folder holds only what the store writes (its generations, its lock): the page goes beside it.
    folder = source if source.is_dir() and not is_store(source) else source.parent
    filters = [*(args.document or []), *(args.actor or []), args.since or "", args.kind or ""]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(f for f in filters if f).lower()).strip("-")[:60].strip("-")
    return folder / (f"graph-{slug}.html" if slug else "graph.html")


def run(args: argparse.Namespace) -> int:
    output = args.output if args.output is not None else default_output(args)
    with progress.stage("read"):
        graph = load_triples(args.source)  # (parsed by pyoxigraph into plain dictionaries: no rdflib terms)
    try:
        with progress.stage("page"):
            out = write_html(graph, output, document=args.document, actor=args.actor, since=args.since,
                             kind=args.kind, title=args.title)
    except NothingMatched as exc:  # not an error in the input: a selection that is empty (exit 1, as grep)
        print(f"parley: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out}" + ("" if args.output is not None else " (no -o given: beside the input)"))
    return 0
