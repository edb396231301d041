"""Coverage-guided fuzzing of the read-only check (graph/sparql_guard.py) against Oxigraph itself.

Run (libFuzzer flags after the script; see fuzz/README.md):

    .venv/bin/python fuzz/fuzz_sparql_guard.py -max_total_time=60 -dict=fuzz/sparql.dict fuzz/seeds/sparql

The input is a query text. The harness process has no right to open network sockets (graph/sandbox.py),
so a federated call that Oxigraph attempts fails with "Permission denied" instead of going out. A finding
is a query the check lets through on which Oxigraph still attempts a network call, or any exception of
the check other than QueryRefused.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import pyoxigraph as ox

    from graph.sandbox import deny_network
    from graph.sparql_guard import QueryRefused, check_read_only

STORE = ox.Store()
_EX = "http://example.org/"
for index in range(3):  # a little data, so that joins with a SERVICE part are evaluated, not skipped
    STORE.add(ox.Quad(ox.NamedNode(f"{_EX}s{index}"), ox.NamedNode(f"{_EX}p"), ox.Literal(f"v{index}"),
                      ox.NamedNode(f"{_EX}g{index % 2}")))


def check(data: bytes) -> None:
    query = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        checked = check_read_only(query)
    except QueryRefused:
        return
    try:
        result = STORE.query(query, use_default_graph_as_union=not checked.dataset)
        if not isinstance(result, ox.QueryBoolean):
            for _ in zip(range(1000), result, strict=False):
                pass
    except OSError as exc:
        if "os error 13" in str(exc) or "ermission denied" in str(exc):
            raise AssertionError(f"the check let a federated query through: {query!r}") from None
    except (SyntaxError, ValueError, TypeError):
        pass  # Oxigraph refuses what it cannot parse or evaluate: no network was asked for


def main(argv: list[str]) -> None:
    problem = deny_network()
    if problem:
        sys.exit(f"fuzz_sparql_guard: {problem}: without the filter a finding would be a real request")
    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
