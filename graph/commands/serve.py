"""Serve a store as a read-only SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql (GET and
POST; SELECT, ASK, CONSTRUCT, DESCRIBE). SPARQL Update and federated SERVICE queries are refused
with 403; each query has a time limit and a result-size limit, each connection an idle timeout.
Listens on the loopback interface unless --host says otherwise, and on any address answers only
requests addressed (the Host header) to a loopback name, the address it listens on, or a name given
with --allow-host. The store is opened read-only and never changed; the endpoint follows the store
as parley build --store adds documents. In a browser, / is an explorer of the graph and /query a SPARQL
query editor (YASGUI) with the ready queries, both served from the package and fed by the endpoint."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path

from graph.errors import ParleyError
from graph.serve import ServeConfig, accepted_hosts, serve


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, required=True, metavar="DIR", help="the store to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer requests addressed to NAME (the Host header), e.g. the machine's name "
                             "when --host is 0.0.0.0; repeatable")
    parser.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="time limit of one query (default: 10)")
    parser.add_argument("--max-rows", type=int, default=10_000, metavar="N",
                        help="largest answer, in results or triples (default: 10000)")
    parser.add_argument("--workers", type=int, default=2, help="query processes (default: 2)")
    parser.add_argument("--idle-timeout", type=float, default=30.0, metavar="SECONDS",
                        help="drop a connection that sends nothing for this long (default: 30)")
    parser.add_argument("--max-response-bytes", type=int, default=50_000_000, metavar="BYTES",
                        help="largest answer, in bytes once serialized (default: 50000000)")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure(config: ServeConfig) -> str | None:
    """One line saying what a non-loopback address exposes and which Host names are answered, or None."""
    if _is_loopback(config.host):
        return None
    where = "every interface" if config.host.strip("[]") in ("", "0.0.0.0", "::") else config.host
    names = ", ".join(sorted(accepted_hosts(config)))
    return (f"parley serve: warning: listening on {where}: other machines can query {config.store} (read-only); "
            f"requests are answered only when addressed to {names} (add names with --allow-host NAME)")


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise ParleyError(f"--port {args.port}: not a port number")
    if (args.timeout <= 0 or args.max_rows < 1 or args.workers < 1 or args.idle_timeout <= 0
            or args.max_response_bytes < 1):
        raise ParleyError("--timeout, --max-rows, --workers, --idle-timeout and --max-response-bytes must be positive")
    config = ServeConfig(store=args.store, host=args.host, port=args.port, timeout=args.timeout,
                         max_rows=args.max_rows, workers=args.workers, idle_timeout=args.idle_timeout,
                         max_response_bytes=args.max_response_bytes, allow_hosts=tuple(args.allow_host))
    note = exposure(config)
    if note:
        print(note, file=sys.stderr)

    def ready(server) -> None:
        host, port = server.server_address[:2]
        host = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
        print(f"Serving {args.store} read-only at http://{host}:{port}/sparql (Ctrl-C to stop); "
              f"explorer at http://{host}:{port}/, query editor at http://{host}:{port}/query", flush=True)

    try:
        serve(config, on_ready=ready)
    except KeyboardInterrupt:
        print("parley serve: stopped", file=sys.stderr)
    return 0
