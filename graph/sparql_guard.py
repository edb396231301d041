"""What a read-only query may do, decided on the parsed query, not on its text.

Parley runs SPARQL on Oxigraph, and Oxigraph's query call has no switch to turn federation off: a
``SERVICE <url>`` pattern makes it send an HTTP request to any URL the query names. So every query
that ``parley query``, the Python API or the endpoint runs is parsed first, by rdflib's SPARQL 1.1
grammar, and refused when its parse holds a ``ServiceGraphPattern`` anywhere (in an OPTIONAL, a
sub-select, a MINUS, EXISTS, ...), when it is an update (INSERT, DELETE, LOAD, DROP, ...), or when it
cannot be parsed at all: a query this check cannot read is a query it cannot clear. A scan of the
text for the keyword, as before, could be fooled by anything that a scanner and a parser read
differently (``?a ?b ?c .SERVICE``, ``ex:a\\#b`` taken for a comment).

Two places where rdflib and Oxigraph read the same text differently are closed before parsing:

- rdflib applies ``\\u``/``\\U`` escapes to the whole text (SPARQL 1.1, 19.2), Oxigraph only inside
  strings and IRIs. An escape of an ASCII character could then open or close a string for one
  parser and not the other, so those are refused (write the character itself); escapes of other
  characters cannot change where a token starts or ends and stay allowed.
- A comment ends at a line feed or a carriage return; rdflib's grammar ends it at a line feed only.
  The check reads carriage returns as line feeds, as Oxigraph does.

The endpoint adds a second wall below this one: its query workers run without the right to open
network sockets (graph/sandbox.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import ParleyError

__all__ = ["QueryRefused", "CheckedQuery", "check_read_only"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class QueryRefused(ParleyError):
    """A query Parley will not run: ``status`` is the HTTP status the endpoint answers with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class CheckedQuery:
    """What the parse tells the caller: ``dataset`` if the query names its own graphs (FROM, FROM NAMED),
    which must then be honoured rather than replaced by the union of all graphs."""

    dataset: bool


def check_read_only(query: str, prefixes: Mapping[str, str] | None = None) -> CheckedQuery:
    """Raise QueryRefused unless ``query`` is one SPARQL query with no federated (SERVICE) part.

    ``prefixes`` are those predeclared for the query: a prefixed name with neither those nor a PREFIX
    of the query is refused in words (Oxigraph's message lists Unicode ranges).
    """
    verdict = _verdict(query, tuple(sorted(prefixes or ())))
    if isinstance(verdict, CheckedQuery):
        return verdict
    raise QueryRefused(*verdict)


@lru_cache(maxsize=512)  # ready queries and dashboards send the same texts again and again
def _verdict(query: str, predeclared: tuple[str, ...]) -> CheckedQuery | tuple[int, str]:
    text = query.replace("\r", "\n")
    try:
        tree = parseQuery(text)
    except RecursionError:
        return HTTPStatus.BAD_REQUEST, "the query is nested too deeply to be checked"
    except ParseBaseException as exc:
        if _is_update(text):
            return HTTPStatus.FORBIDDEN, "Parley's queries are read-only: SPARQL Update is not allowed"
        tree, error = None, _parse_message(query, exc)
    except ValueError as exc:  # an escape that names no character (\U00270022)
        return HTTPStatus.BAD_REQUEST, f"the query does not parse: {exc}"
    except Exception as exc:  # noqa: BLE001  a query this check cannot read is one it cannot clear
        return HTTPStatus.BAD_REQUEST, f"the query cannot be checked ({type(exc).__name__}: {exc})"
    if tree is not None and _has_service(tree):
        return HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are not allowed"
    for match in _ESCAPE.finditer(query):
        code = int(match.group(1) or match.group(2), 16)
        if code < 0x80:
            return (HTTPStatus.BAD_REQUEST,
                    f"the query writes {chr(code)!r} as the escape {match.group(0)}: write the character "
                    "itself (escapes of ASCII characters are not accepted, they can hide keywords)")
    if tree is None:
        return HTTPStatus.BAD_REQUEST, error
    unknown = _undeclared_prefixes(tree, set(predeclared))
    if unknown:
        names = ", ".join(f"{p}:" for p in unknown)
        known = ", ".join(f"{p}:" for p in predeclared) or "none"
        return (HTTPStatus.BAD_REQUEST,
                f"the query uses the prefix{'es' if len(unknown) > 1 else ''} {names} without declaring "
                f"{'them' if len(unknown) > 1 else 'it'} (add PREFIX {unknown[0]}: <...>); predeclared: {known}")
    body = tree[-1]  # [prologue, query]
    return CheckedQuery(dataset=isinstance(body, CompValue) and "datasetClause" in body)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001  not an update, whatever the reason
        return False
    return True


def _has_service(tree: object) -> bool:
    """True if any node of the parse is a SERVICE pattern (iterative: a parse can be deep)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def _undeclared_prefixes(tree: object, predeclared: set[str]) -> list[str]:
    declared = set(predeclared)
    used: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "PrefixDecl":
                declared.add(str(node["prefix"]) if "prefix" in node else "")
            elif node.name == "pname":
                used.add(str(node["prefix"]) if "prefix" in node else "")
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
    return sorted(used - declared)


# rdflib names the grammar's productions; a reader knows the keywords that start them.
_PRODUCTIONS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE",
                "AskQuery": "ASK", "GroupGraphPattern": "{", "WhereClause": "WHERE"}


def _parse_message(query: str, exc: ParseBaseException) -> str:
    """rdflib's parse error as the line of the query with a caret under the place it stopped."""
    lines = query.replace("\r", "\n").split("\n")
    line_no, col = exc.lineno, exc.col
    shown = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    from graph.query import terminal_safe  # the one definition of what a terminal may be shown

    what = str(exc.msg or "unexpected text").replace("\n", " ")
    if exc.loc >= len(query.rstrip()):
        what = "the query ends before it is complete (a { or ( not closed?)"
    what = re.sub(r"\b(" + "|".join(_PRODUCTIONS) + r")\b", lambda m: _PRODUCTIONS[m.group(1)], what)
    what = re.sub(r"\{([^{}]*)\}", lambda m: "one of " + ", ".join(x.strip() for x in m.group(1).split("|")), what)
    return (f"the query does not parse at line {line_no}, column {col}: {what}\n"
            f"    {terminal_safe(shown)}\n    {' ' * max(col - 1, 0)}^")
