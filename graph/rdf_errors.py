"""One message for an RDF file that does not parse, whichever command reads it: the file, line and column.

rdflib (report, stats, validate, viz) and Oxigraph (query) word their syntax errors differently, and
rdflib's give a line and a dump of bytes but no column. Oxigraph's parser locates every error exactly, so
the message is read off it, also when rdflib was the one that failed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

__all__ = ["OX_FORMATS", "syntax_problem"]

# File suffix → Oxigraph parser.
OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
              ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
              ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
              ".n3": ox.RdfFormat.N3}

# Oxigraph's two forms: "between line 3 column 11 and line 4 column 1: …", "at line 1 between columns 1 and 4: …".
_LOCATED = re.compile(r"(?:(?:at|between) line (\d+) column (\d+)(?: and line \d+ column \d+)?"
                      r"|at line (\d+) between columns (\d+) and \d+):\s*(.*?)"
                      r"(?:\s*\([^()]*, line \d+\))?\s*$", re.S)


def syntax_problem(path: Path, exc: Exception | None = None) -> str:
    """'not valid turtle at line 3, column 11: unexpected end of file' for ``path``.

    ``exc`` is the error the caller's parser raised; it is the message when Oxigraph finds nothing wrong
    (a file that only rdflib refuses) or cannot read the format.
    """
    path = Path(path)
    fmt = OX_FORMATS.get(path.suffix.lower())
    name = fmt.name.lower() if fmt is not None else "RDF"
    located = None
    if fmt is not None:
        try:
            for _ in ox.parse(path=str(path), format=fmt):
                pass
        except SyntaxError as error:
            located = str(error)
        except (OSError, ValueError):
            located = None
    text = located if located is not None else (str(exc) if exc is not None else "cannot be parsed")
    match = _LOCATED.search(text.strip().splitlines()[0] if located is None else text.strip())
    if match:
        line, column = match.group(1) or match.group(3), match.group(2) or match.group(4)
        return f"not valid {name} at line {line}, column {column}: {_short(match.group(5))}"
    return f"not valid {name}: {_short(text)}"


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
