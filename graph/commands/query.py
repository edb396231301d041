"""Run a SPARQL query over a built graph file (GRAPH: .ttl, .trig, .nq, .nt, .jsonld) or a store
(--store DIR). The query is a string, a file (--file Q.rq) or a ready query (--name NAME; --list
shows them). The core profile's prefixes (parley:, sem:, nif:, gaf:, prov:, schema:, dcterms:,
skos:, id:, …) need no declaration, and the default graph is the union of all named graphs.
Results: a table on a terminal, else CSV; --format csv, tsv, json (SPARQL results), xml, or for
CONSTRUCT turtle, nt, jsonld."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pyoxigraph as ox

from graph.errors import ParleyError
from graph.query import (
    FORMATS,
    PAGE_SIZE,
    load_graph_file,
    named_queries,
    named_query,
    paged,
    parse_bindings,
    render,
    run_query,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs="*", metavar="[GRAPH] [QUERY]",
                        help="a graph file to query (unless --store), then the SPARQL query text "
                             "(unless --file or --name)")
    parser.add_argument("--store", type=Path, metavar="DIR", help="query the store at DIR instead of a file")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--file", type=Path, metavar="Q.rq", help="read the query from a file")
    source.add_argument("--name", metavar="NAME", help="run a ready query from ontology/queries/")
    parser.add_argument("--list", action="store_true", help="list the ready queries and exit")
    parser.add_argument("--bind", action="append", default=[], metavar="VAR=VALUE",
                        help="fix a variable before the query runs: an IRI (<…> or prefix:name) or a string; "
                             "repeatable")
    parser.add_argument("--page", type=int, default=None, metavar="N",
                        help=f"for a ready query that pages (claims, events: --list says which): page N, from 1 "
                             f"(default 1, of {PAGE_SIZE} claims or events)")
    parser.add_argument("--page-size", type=int, default=None, metavar="K",
                        help=f"claims or events per page (default {PAGE_SIZE}; 0: all of them at once)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="output format (default: table on a terminal, csv otherwise)")


def list_text() -> str:
    """The ready queries, one a line, names aligned, each said in its first clause (the full description,
    with its SPARQL details, stays in the .rq file and in the API's queries())."""
    queries = list(named_queries().values())
    width = max(len(q.name) for q in queries)
    lines = [f"{q.name:{width}}  {summary(q.description)}{' (pages)' if q.pages else ''}" for q in queries]
    lines.append("")
    lines.append("Run one: parley query GRAPH --name NAME   (the SPARQL: ontology/queries/NAME.rq)")
    return "\n".join(lines) + "\n"


def summary(description: str) -> str:
    """'Mediators of each negotiation: every event with ...' → 'Mediators of each negotiation'."""
    first = re.split(r"(?<=[a-z)])[:.] ", description.strip(), maxsplit=1)[0]
    return first.rstrip(".:")


def _query_text(args: argparse.Namespace, positional: list[str]) -> str:
    if args.file is not None:
        if positional:
            raise ParleyError("give the query once: as text or with --file, not both")
        try:
            return args.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ParleyError(f"{args.file}: cannot read the query ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise ParleyError(f"{args.file}: the query file is not UTF-8 text") from None
    if args.name is not None:
        if positional:
            raise ParleyError("give the query once: as text or with --name, not both")
        return named_query(args.name).text
    if len(positional) != 1:
        raise ParleyError("no query: give the SPARQL text, --file Q.rq or --name NAME (see --list)")
    return positional[0]


def run(args: argparse.Namespace) -> int:
    if args.list:
        print(list_text(), end="")
        return 0
    positional = list(args.args)
    if args.store is None:
        if not positional:
            raise ParleyError("nothing to query: give a GRAPH file or --store DIR")
        graph_path, positional = Path(positional[0]), positional[1:]
    text = _query_text(args, positional)
    if args.page is not None or args.page_size is not None:
        text = paged(text, args.page or 1, PAGE_SIZE if args.page_size is None else args.page_size)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    bindings = parse_bindings(args.bind)
    if args.store is not None:
        from graph.store import open_store

        with open_store(args.store) as store:
            data = _run(store, text, fmt, bindings)
    else:
        data = _run(load_graph_file(graph_path), text, fmt, bindings)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


def _run(store: ox.Store, text: str, fmt: str, bindings: dict) -> bytes:
    return render(run_query(store, text, bindings), fmt)
