"""Print the graph's analytics (networkx): the most central actors, who mediates between whom,
how many documents corroborate each claim, where the documents differ, and the communities of
actors that act together. GRAPH is an RDF file, a build folder or a store folder."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from graph import progress
from graph.analytics import analyze, format_stats, load_graph, read_story


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="GRAPH", help="the graph file, build folder or store")
    parser.add_argument("--top", type=int, default=10, metavar="N", help="rows per table (default: 10)")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON instead of tables")


def run(args: argparse.Namespace) -> int:
    with progress.stage("read"):
        graph = load_graph(args.source)
    with progress.stage("stats"):
        story = read_story(graph)
        analytics = analyze(story)
    if args.json:
        data = asdict(analytics)
        data["labels"] = {iri: node.label for iri, node in story.nodes.items()}
        print(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(format_stats(story, analytics, top=max(1, args.top)), end="")
    return 0
