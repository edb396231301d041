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
    parser.add_argument("--corrections", type=Path, action="append", metavar="FILE",
                        help="apply these corrections (TOML; repeatable) instead of the stores' own")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a correction is stale or refused")


def run(args: argparse.Namespace) -> int:
    from graph.commands.build import report_corrections
    from graph.corrections import load
    from graph.store import is_store, merge_stores

    for source in args.sources:
        if not is_store(source):
            raise ParleyError(f"{source}: not a Parley store (build one with parley build --store)")
    corrections = load(args.corrections) if args.corrections else None
    with progress.stage("merge"):
        summary = merge_stores(args.store, args.sources, wait=args.wait, corrections=corrections)
    for note in summary.notes:
        print(f"parley: note {note}", file=sys.stderr)
    problems = report_corrections(summary.corrections)
    print(summary.describe())
    return 1 if args.strict and problems else 0
