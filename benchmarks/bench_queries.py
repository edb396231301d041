"""The ready queries (ontology/queries/*.rq) over a store of at least a million triples:
Oxigraph (an on-disk store opened read-only, as `parley query --store` does) against rdflib
(an in-memory Dataset with the union default graph), in one run, medians and ratio printed.

The corpus is synthetic and made at the graph level, not through the NLP (which would take
hours for a million triples on this machine): the seed articles are built once with the real
pipeline, and their resolved corpus (documents, actors, events, claims, relations) is copied
K times with varied names. Copy k gets its own documents, events, claims and relations; actors
and places are shared among copies through ``--variants`` name variants ("Qatar 3"), so that
actors gather mentions from many documents and claims and events keep their real fan-out, as
in a large corpus. The copies go through graph.build's GraphBuilder, so the quads have exactly
the structure `parley build` writes. The store is loaded the scale-path way: N-Quads shards
(graph.store.write_nquads_shards) bulk-loaded into Oxigraph (graph.store.load_shards).

    .venv/bin/python benchmarks/bench_queries.py --triples 1000000 --repeats 5
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, table

from graph.build import QuadBuffer, build_quads
from graph.model import (
    ActorNode,
    AssertionNode,
    ClaimNode,
    CleanedDocument,
    EventNode,
    MentionRef,
    RelationNode,
    ResolvedCorpus,
)


def seed_corpus() -> ResolvedCorpus:
    from graph.ingest import default_corpus
    from graph.pipeline import run

    result = run([default_corpus()], lambda error: None)
    return result.corpus


def copy_corpus(base: ResolvedCorpus, copies: int, variants: int) -> ResolvedCorpus:
    """``copies`` copies of ``base`` with their own documents, events, claims and relations, and
    actors shared among copies by ``variants`` name variants."""
    documents: list[CleanedDocument] = []
    actors: dict[str, ActorNode] = {}
    events: dict[str, EventNode] = {}
    claims: dict[str, ClaimNode] = {}
    relations: dict[str, RelationNode] = {}
    for k in range(copies):
        v = k % variants

        def doc(d: str, k: int = k) -> str:
            return f"{d}-c{k}"

        def actor(a: str | None, v: int = v) -> str | None:
            return f"{a}-v{v}" if a is not None else None

        def ref(m: MentionRef) -> MentionRef:
            return dataclasses.replace(m, doc_id=doc(m.doc_id))

        for cleaned in base.documents:
            source = dataclasses.replace(cleaned.source, id=doc(cleaned.source.id))
            documents.append(dataclasses.replace(cleaned, source=source, analysis_text=""))
        for key, node in base.actors.items():
            new = actors.get(actor(key))
            if new is None:
                new = dataclasses.replace(node, key=actor(key), label=f"{node.label} {v}" if v else node.label,
                                          alt_labels={f"{a} {v}" for a in node.alt_labels}, mentions=[],
                                          wikidata=node.wikidata if v == 0 else None,
                                          affiliation=actor(node.affiliation))
                actors[new.key] = new
            new.mentions.extend(ref(m) for m in node.mentions)
        event_keys = {key: f"{key}-c{k}" for key in base.events}
        for key, node in base.events.items():
            events[event_keys[key]] = dataclasses.replace(
                node, key=event_keys[key], label=f"{node.label} ({k})",
                roles={role: {actor(a) for a in keys} for role, keys in node.roles.items()},
                places={actor(p) for p in node.places}, mentions=[ref(m) for m in node.mentions],
                links={(rel, event_keys.get(other, other)) for rel, other in node.links})
        for key, node in base.claims.items():
            about = {event_keys[a] if a in event_keys else actor(a) for a in node.about}
            assertions = [AssertionNode(key=f"{a.key}-c{k}", doc_id=doc(a.doc_id), mention=ref(a.mention),
                                        source=actor(a.source), via=[actor(x) for x in a.via],
                                        certainty=a.certainty, polarity=a.polarity) for a in node.assertions]
            claims[f"{key}-c{k}"] = dataclasses.replace(node, key=f"{key}-c{k}", statement=f"{node.statement} ({k})",
                                                        about=about, assertions=assertions,
                                                        discrepancies=list(node.discrepancies))
        for key, node in base.relations.items():
            relations[f"{key}-c{k}"] = dataclasses.replace(
                node, key=f"{key}-c{k}", subject=actor(node.subject), object=actor(node.object),
                evidence=[ref(m) for m in node.evidence])
    return ResolvedCorpus(documents=documents, actors=actors, events=events, claims=claims, relations=relations)


def synthetic_quads(target: int, variants: int) -> tuple[QuadBuffer, int]:
    base = seed_corpus()
    per_copy = len(build_quads(base))
    copies = max(1, -(-target // per_copy))
    while True:
        quads = build_quads(copy_corpus(base, copies, variants))
        if len(quads) >= target:
            return quads, copies
        copies += max(1, (target - len(quads)) // per_copy + 1)


def count_rows(result) -> int:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return 1
    return sum(1 for _ in result)


def _rdflib_child(dataset, text: str, prefixes: dict, conn) -> None:
    t = time.perf_counter()
    result = dataset.query(text, initNs=prefixes)
    rows = 1 if result.type == "ASK" else sum(1 for _ in result)
    conn.send((rows, time.perf_counter() - t))


def run_rdflib(dataset, text: str, prefixes: dict, budget: float) -> tuple[int, float] | None:
    """One rdflib run in a forked child (it shares the loaded Dataset, copy-on-write), so that a query
    past ``budget`` seconds can be stopped: rdflib's evaluation cannot be interrupted otherwise."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_rdflib_child, args=(dataset, text, prefixes, child))
    process.start()
    child.close()
    try:
        if parent.poll(budget):
            return parent.recv()
        return None
    finally:
        process.kill()
        process.join()


# ------------------------------------------------------------------ the endpoint under concurrent clients


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the endpoint and its query workers), MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def serve_load(db: Path, queries: dict[str, str], clients: int, requests: int, seconds: float,
               timeout: float) -> tuple[list[list], str]:
    """The ready queries through ``parley serve --store db``, ``clients`` at a time (threads, one keep-alive
    connection each), round-robin over the queries, until ``requests`` are answered or ``seconds`` pass.
    Per query: requests, p50 / p95 latency, errors (any status but 200, with the statuses); and the endpoint's
    peak memory (its process and its query workers, sampled every 0.1 s)."""
    import http.client
    import itertools
    import subprocess
    import threading
    from collections import Counter, defaultdict

    from common import ROOT, parley_command

    command = parley_command("serve", "--store", str(db), "--port", "0", "--timeout", f"{timeout:g}",
                             "--max-rows", "1000000")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    try:
        line = server.stdout.readline()
        if "http://" not in line:
            raise SystemExit(f"parley serve did not start: {line!r}")
        host, port = line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)
        names = list(queries)
        order = itertools.cycle(names)
        lock = threading.Lock()
        issued = 0
        deadline = time.monotonic() + seconds
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, Counter] = defaultdict(Counter)
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_mb(server.pid))
                done.wait(0.1)

        def client() -> None:
            nonlocal issued
            connection = http.client.HTTPConnection(host, int(port), timeout=timeout + 30)
            while True:
                with lock:
                    if issued >= requests or time.monotonic() > deadline:
                        break
                    issued += 1
                    name = next(order)
                body = queries[name].encode("utf-8")
                started = time.perf_counter()
                try:
                    connection.request("POST", "/sparql", body, {"Content-Type": "application/sparql-query",
                                                                 "Accept": "application/sparql-results+json"})
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    status = type(exc).__name__
                    connection.close()
                    connection = http.client.HTTPConnection(host, int(port), timeout=timeout + 30)
                with lock:
                    latencies[name].append(time.perf_counter() - started)
                    if status != 200:
                        errors[name][status] += 1
            connection.close()

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(30)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    rows = []
    for name in names:
        got = latencies.get(name, [])
        if not got:
            rows.append([name, "0", "–", "–", "–"])
            continue
        errs = errors.get(name)
        rows.append([name, f"{len(got)}", f"{pct(got, 0.5):,.0f}", f"{pct(got, 0.95):,.0f}",
                     ", ".join(f"{n} × {s}" for s, n in sorted(errs.items(), key=str)) if errs else "0"])
    answered = sum(len(v) for v in latencies.values())
    note = (f"{answered} requests from {clients} concurrent clients in {elapsed:.1f} s "
            f"({answered / elapsed:.1f} per second); endpoint's peak memory (server and query workers) "
            f"{peak[0]:,.0f} MB; --timeout {timeout:g} s")
    return rows, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples (default 1M)")
    parser.add_argument("--variants", type=int, default=50, help="name variants per actor (default 50)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per query and engine (default 5)")
    parser.add_argument("--rdflib-budget", type=float, default=300.0, metavar="SECONDS",
                        help="stop an rdflib query run after this long (default 300)")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only these ready queries")
    parser.add_argument("--clients", type=int, default=16,
                        help="concurrent clients of `parley serve` (default 16; 0: no endpoint run)")
    parser.add_argument("--requests", type=int, default=160, help="requests to the endpoint in all (default 160)")
    parser.add_argument("--serve-seconds", type=float, default=180.0,
                        help="stop sending requests to the endpoint after this long (default 180)")
    parser.add_argument("--serve-timeout", type=float, default=30.0,
                        help="the endpoint's --timeout per query (default 30)")
    args = parser.parse_args()

    from rdflib import Dataset

    from graph.query import SPARQL_PREFIXES, named_queries, run_query
    from graph.store import StoreReader, load_shards, write_nquads_shards

    print(f"# Ready queries, Oxigraph vs rdflib\n\n{machine()}\n", flush=True)
    started = time.perf_counter()
    quads, copies = synthetic_quads(args.triples, args.variants)
    n_triples, n_quads = len(quads), sum(len(g) for g in quads.graphs.values())
    print(f"Synthetic corpus: {copies} copies of the 5 seed articles ({copies * 5:,} documents), "
          f"{n_triples:,} distinct triples in {n_quads:,} quads, made in {time.perf_counter() - started:.0f} s.",
          flush=True)

    with tempfile.TemporaryDirectory(prefix="parley-bench-queries-") as tmp:
        tmp_path = Path(tmp)
        t = time.perf_counter()
        shards = write_nquads_shards(quads.quads(), tmp_path / "shards", shard_size=250_000)
        t_shards = time.perf_counter() - t
        del quads
        gc.collect()
        t = time.perf_counter()
        loaded = load_shards(tmp_path / "db", shards)
        t_load = time.perf_counter() - t
        print(f"Oxigraph: {len(shards)} N-Quads shards written in {t_shards:.1f} s, bulk-loaded ({loaded:,} quads) "
              f"in {t_load:.1f} s.", flush=True)

        dataset = None
        if not args.skip_rdflib:
            t = time.perf_counter()
            dataset = Dataset(default_union=True)
            for shard in shards:
                dataset.parse(shard, format="nquads")
            print(f"rdflib: the same shards parsed into an in-memory Dataset in {time.perf_counter() - t:.1f} s.",
                  flush=True)

        rows = []
        reader = StoreReader(tmp_path / "db")
        for name, query in named_queries().items():
            if args.only and name not in args.only:
                continue
            ox_times, ox_rows = [], 0
            for _ in range(args.repeats):
                t = time.perf_counter()
                ox_rows = count_rows(run_query(reader.store, query.text))
                ox_times.append(time.perf_counter() - t)
            ox_median = median(ox_times)
            if dataset is not None:
                rdf_times, rdf_rows, timed_out = [], 0, False
                for _ in range(args.repeats):
                    outcome = run_rdflib(dataset, query.text, SPARQL_PREFIXES, args.rdflib_budget)
                    if outcome is None:
                        timed_out = True
                        break
                    rdf_rows, seconds = outcome
                    rdf_times.append(seconds)
                if timed_out and not rdf_times:
                    rdf_cell = f"> {args.rdflib_budget * 1000:,.0f} (stopped)"
                    ratio, rdf_rows_cell = f"> {args.rdflib_budget / ox_median:,.0f}×", "–"
                else:
                    rdf_median = median(rdf_times)
                    rdf_cell = f"{rdf_median * 1000:,.0f}"
                    if len(rdf_times) < args.repeats:
                        rdf_cell += f" ({len(rdf_times)} runs)"
                    ratio, rdf_rows_cell = f"{rdf_median / ox_median:,.1f}×", f"{rdf_rows:,}"
                rows.append([name, f"{ox_rows:,}", rdf_rows_cell, f"{ox_median * 1000:,.1f}", rdf_cell, ratio])
            else:
                rows.append([name, f"{ox_rows:,}", "–", f"{ox_median * 1000:,.1f}", "–", "–"])
            print("  " + " | ".join(rows[-1]), file=sys.stderr, flush=True)
        reader.close()
        serve_rows, serve_note = [], ""
        if args.clients > 0:
            chosen = {name: q.text for name, q in named_queries().items() if not args.only or name in args.only}
            serve_rows, serve_note = serve_load(tmp_path / "db", chosen, args.clients, args.requests,
                                                args.serve_seconds, args.serve_timeout)
    print()
    print(table(["query", "rows (Oxigraph)", "rows (rdflib)", "Oxigraph median ms", "rdflib median ms",
                 "rdflib / Oxigraph"], rows))
    print("\nRow counts may differ where rdflib departs from SPARQL 1.1: it skips unbound values in "
          "GROUP_CONCAT, Oxigraph (correctly) does not; the ready queries avoid relying on either.")
    if serve_rows:
        print(f"\nThrough `parley serve` (SPARQL protocol, JSON results): {serve_note}\n")
        print(table(["query", "requests", "p50 ms", "p95 ms", "errors"], serve_rows))


if __name__ == "__main__":
    main()
