"""Claim resolution cost as the corpus grows: graph.resolve.claims.resolve_claims on N copies of the
seed analyses, each copy a document set of its own (as when outlets reprint one wire story).

Reprints are the hard case for blocking: every feature of a copied sentence is shared by N
assertions, so the candidate pairs grow with N per assertion. Reported: assertions, candidate
pairs, claims, seconds (median of ``--repeats``).

    .venv/bin/python benchmarks/bench_claims.py --copies 1 5 20 40
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from common import machine, median

import graph.resolve.claims as resolver
from graph.ingest import default_corpus, iter_documents
from graph.pipeline import analyze
from graph.resolve.actors import resolve_actors
from graph.resolve.claims import Report, blocked_pairs, load_rules, resolve_claims
from graph.resolve.events import resolve_events


def copies_of(analyses, n: int):
    out = []
    for copy in range(n):
        for analysis in analyses:
            source = dataclasses.replace(analysis.source, id=f"{analysis.source.id}-{copy}")
            out.append(dataclasses.replace(analysis, document=dataclasses.replace(analysis.document, source=source)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    seeds = list(analyze(iter_documents([default_corpus()]), components=["entities", "sources", "events", "claims"]))
    print(f"{'copies':>6} {'assertions':>10} {'pairs':>9} {'claims':>7} {'seconds':>8}")
    for n in args.copies:
        corpus = copies_of(seeds, n)
        actors = resolve_actors(corpus)
        events = resolve_events(corpus, actors)
        times, claims = [], {}
        for _ in range(args.repeats):
            started = time.perf_counter()
            claims = resolve_claims(corpus, actors, events)
            times.append(time.perf_counter() - started)
        captured: list[list[Report]] = []
        original = resolver.blocked_pairs

        def spy(reports, rules, _original=original, _captured=captured):
            _captured.append(reports)
            return _original(reports, rules)

        resolver.blocked_pairs = spy
        try:
            resolve_claims(corpus, actors, events)
        finally:
            resolver.blocked_pairs = original
        pairs = len(blocked_pairs(captured[0], load_rules())) if captured else 0
        assertions = sum(len(a.assertions) for a in corpus)
        print(f"{n:>6} {assertions:>10} {pairs:>9} {len(claims):>7} {median(times):>8.2f}")


if __name__ == "__main__":
    main()
