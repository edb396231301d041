"""Merge stores built elsewhere (e.g. one per machine) into one: their documents' cached analyses
are resolved together, without running the NLP again, so the result equals one build of all the
documents, not a mere union of quads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph import progress
from graph.errors import ParleyError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="stores to merge from")
    parser.add_argument("--store", type=Path, required=True, metavar="DIR",
                        help="the store to merge into (created if needed)")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for another writer (default: 60)")


def run(args: argparse.Namespace) -> int:
    from graph.store import is_store, merge_stores

    for source in args.sources:
        if not is_store(source):
            raise ParleyError(f"{source}: not a Parley store (build one with parley build --store)")
    with progress.stage("merge"):
        summary = merge_stores(args.store, args.sources, wait=args.wait)
    for note in summary.notes:
        print(f"parley: note {note}", file=sys.stderr)
    print(summary.describe())
    return 0
