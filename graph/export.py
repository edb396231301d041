"""The export stage: write the built quads as Turtle, TriG, JSON-LD or N-Triples, atomically."""

from __future__ import annotations

from pathlib import Path

from graph.build import QuadBuffer, to_dataset, to_graph
from graph.errors import ParleyError
from graph.fileio import atomic_writer

# format name → (file name, rdflib format)
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("graph.ttl", "turtle"),
    "trig": ("graph.trig", "trig"),
    "jsonld": ("graph.jsonld", "json-ld"),
    "nt": ("graph.nt", "nt"),
    "nquads": ("graph.nq", "nquads"),
}
ALIASES = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt", "nq": "nquads"}


def parse_formats(value: str) -> list[str]:
    """'ttl,trig' → ['turtle', 'trig']; Turtle is always written."""
    names = ["turtle"]
    for raw in value.split(","):
        name = ALIASES.get(raw.strip().lower(), raw.strip().lower())
        if not name:
            continue
        if name not in FORMATS:
            raise ParleyError(f"unknown format {raw!r}; choose from {', '.join(sorted(FORMATS))}")
        if name not in names:
            names.append(name)
    return names


def serialize(quads: QuadBuffer, fmt: str) -> bytes:
    """Bytes of one format. Line-based formats are sorted, so they are deterministic too."""
    if fmt in ("nt", "nquads"):
        lines = sorted(set(_lines(quads, with_graph=fmt == "nquads")))
        return "".join(lines).encode("utf-8")
    if fmt in ("trig",):
        return to_dataset(quads).serialize(format="trig").encode("utf-8")
    data = to_graph(quads).serialize(format=FORMATS[fmt][1])
    return data.encode("utf-8") if isinstance(data, str) else data


def _lines(quads: QuadBuffer, with_graph: bool):
    for s, p, o, g in quads.quads():
        tail = f" {g.n3()}" if with_graph else ""
        yield f"{s.n3()} {p.n3()} {o.n3()}{tail} .\n"


def write_outputs(quads: QuadBuffer, out_dir: Path, formats: list[str]) -> dict[str, Path]:
    """Write each format to OUT/graph.<ext>, each atomically. Returns format → path."""
    written = {}
    for fmt in formats:
        path = out_dir / FORMATS[fmt][0]
        data = serialize(quads, fmt)
        with atomic_writer(path, "wb") as handle:
            handle.write(data)
        written[fmt] = path
    return written
