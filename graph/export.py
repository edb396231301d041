"""The export stage: write the built quads as Turtle, TriG, JSON-LD, N-Triples or N-Quads, atomically.

Every format is written from sorted, de-duplicated lines of N-Triples, so the output is the same,
byte for byte, for the same quads, however they were produced (an in-memory QuadBuffer, or a
QuadSpool that a large build streams to disk) and in whatever order they were added. The sort is
external (sorted runs on disk, merged), so writing a graph of millions of triples needs memory
for one run, not for the graph; Turtle and TriG are written by a streaming writer of our own
(subject blocks, prefixed names, the long-string form for texts), JSON-LD by pyoxigraph's
streaming serializer. Nothing here holds the whole graph.
"""

from __future__ import annotations

import heapq
import io
import itertools
import re
import shutil
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import IO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graph.build import QuadBuffer
from graph.errors import ParleyError
from graph.fileio import atomic_writer, work_folder
from graph.namespaces import ID, PREFIXES

# format name → (file name, description)
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("graph.ttl", "Turtle"),
    "trig": ("graph.trig", "TriG"),
    "jsonld": ("graph.jsonld", "JSON-LD"),
    "nt": ("graph.nt", "N-Triples"),
    "nquads": ("graph.nq", "N-Quads"),
}
ALIASES = {"ttl": "turtle", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt", "nq": "nquads"}
# Lines per sorted run: about 40 MB of Python strings at the typical line length.
RUN_LINES = 200_000
# Runs merged at once (each is an open file).
MERGE_FAN_IN = 64


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


# ------------------------------------------------------------------ N-Triples terms

# Canonical N-Triples escapes (RDF 1.1 N-Triples, section 7.1): ECHAR for these, UCHAR for other controls.
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
_XSD_STRING = str(XSD.string)


def nt_term(term: URIRef | Literal) -> str:
    """A term in canonical N-Triples syntax (rdflib's n3() writes multi-line strings as \"\"\"…\"\"\")."""
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        raise ValueError("built graphs have no blank nodes")
    return f"<{term}>"


def nt_line(s: URIRef, p: URIRef, o: URIRef | Literal) -> str:
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


# ------------------------------------------------------------------ external sort


class ExternalSort:
    """Sorted, de-duplicated lines with bounded memory: runs of ``run_lines`` are sorted and written
    to ``workdir``; ``merged()`` merges them (a few at a time when there are many)."""

    def __init__(self, workdir: Path, name: str, run_lines: int = RUN_LINES):
        self.workdir, self.name, self.run_lines = workdir, name, run_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []
        self._counter = itertools.count()

    def add(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.run_lines:
            self._spill()

    def extend(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.add(line)

    def _write_run(self, lines: Iterable[str]) -> Path:
        path = self.workdir / f"{self.name}.{next(self._counter)}.run"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
        return path

    def _spill(self) -> None:
        # Sorted in place, then each line taken once: lines come in runs (a subject's lines together), which
        # the sort finds; a set first would scatter them and the sort would cost twice as much.
        self.buffer.sort()
        self.runs.append(self._write_run(_distinct(self.buffer)))
        self.buffer = []

    def merged(self, keep: bool = False) -> Iterator[str]:
        """Every distinct line once, in code-point order. Consumes the sorter, unless ``keep``: then the
        sorted runs stay on disk, to be merged again or read by ``kept_lines``."""
        if not self.runs and not keep:
            self.buffer.sort()
            yield from _distinct(self.buffer)
            self.buffer = []
            return
        if self.buffer:
            self._spill()
        while len(self.runs) > MERGE_FAN_IN:  # a second level keeps the open files few
            batch, self.runs = self.runs[:MERGE_FAN_IN], self.runs[MERGE_FAN_IN:]
            self.runs.append(self._write_run(_merge_files(batch)))
            for path in batch:
                path.unlink()
        yield from _merge_files(self.runs)
        if not keep:
            for path in self.runs:
                path.unlink(missing_ok=True)
            self.runs = []

    def kept_lines(self) -> Iterator[str]:
        """Every line of the runs kept by ``merged(keep=True)``: sorted within each run, repeated across runs."""
        for path in self.runs:
            with open(path, encoding="utf-8", newline="") as handle:
                yield from handle


def _distinct(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines → each line once."""
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def _merge_files(paths: list[Path]) -> Iterator[str]:
    handles = [open(path, encoding="utf-8", newline="") for path in paths]  # noqa: SIM115 (closed below)
    try:
        yield from _distinct(heapq.merge(*handles))
    finally:
        for handle in handles:
            handle.close()


# ------------------------------------------------------------------ the quad spool


class QuadSpool:
    """Quads streamed to disk: the same ``add`` as QuadBuffer, so GraphBuilder can write into it.

    Each quad is one line ``<s> <p> o .<TAB><g>`` (N-Triples escapes tabs, so the tab is a safe
    separator). ``finish()`` sorts them into the triples of the merged graph (graph.nt as it will
    be written) and, when asked, the quads by graph; both are files in the spool's work folder,
    which goes when the spool is closed or collected.
    """

    def __init__(self, workdir: Path | None = None, run_lines: int = RUN_LINES):
        self._tmp = work_folder("parley-quads-", workdir)  # (named by pid: a killed build's is removed later)
        self.workdir = Path(self._tmp.name)
        self._quads = ExternalSort(self.workdir, "quads", run_lines)
        self.run_lines = run_lines
        self._sorted: ExternalSort | None = None  # the sorted runs, after finish()
        self._triples_path: Path | None = None
        self._by_graph_path: Path | None = None
        self._count = 0

    # -- writing
    def add(self, graph: URIRef, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        # Subjects, predicates and graphs are IRIs (no blank nodes in a built graph): skip nt_term's checks.
        subject = f"<{s}>" if type(s) is URIRef else nt_term(s)
        obj = f"<{o}>" if type(o) is URIRef else nt_term(o)  # (an IRI object: nt_term's answer, without its checks)
        self._quads.add(f"{subject} <{p}> {obj} .\t<{graph}>\n")

    def add_string(self, graph: URIRef, s: URIRef, p: URIRef, text: str) -> None:
        """``add`` with a plain string literal as the object: nt_term(Literal(text)), without making the Literal
        (an rdflib Literal costs more to make than the line to write, and every mention has one)."""
        subject = f"<{s}>" if type(s) is URIRef else nt_term(s)
        self._quads.add(f'{subject} <{p}> "{text.translate(_ESCAPES)}" .\t<{graph}>\n')

    def update(self, buffer: QuadBuffer) -> QuadSpool:
        for s, p, o, g in buffer.quads():
            self.add(g, s, p, o)
        return self

    # -- reading
    def finish(self) -> QuadSpool:
        """Sort what was added (once); adding after this is an error. The order by graph (TriG, N-Quads,
        a store) is sorted later, only if asked for, from the sorted runs, which stay on disk until then."""
        if self._triples_path is None:
            self._triples_path = self.workdir / "triples.nt"
            count, previous = 0, None
            with open(self._triples_path, "w", encoding="utf-8", newline="") as triples:
                for line in self._quads.merged(keep=True):
                    triple = line[:line.rindex("\t")]
                    if triple != previous:
                        triples.write(triple + "\n")
                        count += 1
                        previous = triple
            self._count = count
            self._sorted, self._quads = self._quads, None  # type: ignore[assignment]
        return self

    def triple_lines(self) -> Iterator[str]:
        """The merged graph's distinct triples as sorted N-Triples lines."""
        self.finish()
        with open(self._triples_path, encoding="utf-8", newline="") as handle:  # type: ignore[arg-type]
            yield from handle

    def graph_lines(self) -> Iterator[tuple[str, str]]:
        """(graph IRI as written, N-Triples line), sorted by graph, then triple."""
        self.finish()
        if self._by_graph_path is None:
            by_graph = ExternalSort(self.workdir, "by-graph", self.run_lines)
            # (The kept runs in any order, repeats included: this sort is a new one.)
            for line in self._sorted.kept_lines():  # type: ignore[union-attr]
                triple, graph = line.rsplit("\t", 1)
                by_graph.add(f"{graph[:-1]}\t{triple}\n")
            path = self.workdir / "by-graph.sorted"
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.writelines(by_graph.merged())
            self._by_graph_path = path
        with open(self._by_graph_path, encoding="utf-8", newline="") as handle:
            for line in handle:
                graph, triple = line.split("\t", 1)
                yield graph, triple

    def triples_path(self) -> Path:
        self.finish()
        return self._triples_path  # type: ignore[return-value]

    def quads(self) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal, URIRef]]:
        """rdflib terms, as QuadBuffer.quads() gives them (for to_graph / to_dataset on small graphs)."""
        import pyoxigraph

        data = "".join(f"{t[:-2]}{g} .\n" for g, t in self.graph_lines()).encode("utf-8")
        for quad in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_QUADS):
            yield (_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object),
                   _rdflib(quad.graph_name))

    def __iter__(self):
        return self.quads()

    def __len__(self) -> int:
        """Distinct triples of the merged graph (as QuadBuffer counts them)."""
        self.finish()
        return self._count

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> QuadSpool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _rdflib(term) -> URIRef | Literal:
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    return URIRef(term.value)


def as_spool(quads: QuadBuffer | QuadSpool) -> QuadSpool:
    return quads.finish() if isinstance(quads, QuadSpool) else QuadSpool().update(quads).finish()


# ------------------------------------------------------------------ Turtle and TriG


def _prefixes() -> list[tuple[str, str]]:
    pairs = {name: str(ns) for name, ns in PREFIXES.items()}
    return sorted(pairs.items())


_PREFIX_LIST = _prefixes()
_PREFIX_BY_LENGTH = sorted(((ns, name) for name, ns in _PREFIX_LIST), key=lambda p: -len(p[0]))
# A conservative local name: every Turtle parser (rapper included) reads it without escapes.
_LOCAL_NAME = r"[A-Za-z_][A-Za-z0-9_\-]*"
_INTEGER = re.compile(r"-?[0-9]+\Z")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD_INTEGER = f"<{XSD.integer}>"


# '<' namespace local '>': the namespaces longest first, and when the rest of the IRI is no local name the
# next that fits is tried (as a loop over them would), in one match.
_PREFIXED = re.compile("<(" + "|".join(re.escape(ns) for ns, _ in _PREFIX_BY_LENGTH) + f")({_LOCAL_NAME})>")
_NAME_OF = {ns: name for ns, name in _PREFIX_BY_LENGTH}


@lru_cache(maxsize=65536)
def _iri(written: str) -> str:
    """'<iri>' → 'prefix:local' where that is plainly legal, else '<iri>' (instance IRIs hold '/' and '#')."""
    match = _PREFIXED.fullmatch(written)
    return f"{_NAME_OF[match[1]]}:{match[2]}" if match else written


def _long_string(body: str) -> str:
    """The escaped body of a string with line breaks → a \"\"\"long string\"\"\" with real line breaks."""
    # Quotes and backslashes stay escaped, so no quote can run into the closing """.
    text = _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(0), body)
    return f'"""{text}"""'


def _term(written: str) -> str:
    if written[0] == "<":
        return _iri(written)
    close = written.rindex('"')
    body, tail = written[1:close], written[close + 1:]
    if tail == "^^" + _XSD_INTEGER and _INTEGER.match(body):
        return body
    text = _long_string(body) if "\\n" in body and _has_newline_escape(body) else f'"{body}"'
    if tail.startswith("^^"):
        return f"{text}^^{_iri(tail[2:])}"
    return text + tail


def _has_newline_escape(body: str) -> bool:
    return any(m.group(1) == "n" for m in _ESCAPE.finditer(body))


def _write_subject(out: IO[str], subject: str, pairs: list[tuple[str, str]], indent: str = "") -> None:
    """One subject block: rdf:type first (as 'a'), then predicates in order; objects joined with ','.

    ``pairs`` come in (predicate, object) order, as sorted N-Triples lines give them: a predicate IRI
    ends at its only '>', and an object that is a prefix of another ('"x"' of '"x"@en') is followed in
    its line by a space, which sorts first. Only rdf:type is moved."""
    if pairs[0][0] != _RDF_TYPE and any(p == _RDF_TYPE for p, _ in pairs):
        pairs = [po for po in pairs if po[0] == _RDF_TYPE] + [po for po in pairs if po[0] != _RDF_TYPE]
    pad = indent + "    "
    between_objects = f",\n{pad}    "
    statements = [f"{'a' if predicate == _RDF_TYPE else _iri(predicate)} "
                  + between_objects.join([_term(o) for _, o in group])
                  for predicate, group in itertools.groupby(pairs, key=itemgetter(0))]
    out.write(f"{indent}{_iri(subject)} " + f" ;\n{pad}".join(statements) + " .\n\n")


def _write_blocks(out: IO[str], lines: Iterable[str], indent: str = "") -> None:
    """Sorted N-Triples lines → subject blocks. A line is '<s> <p> o .\\n', and subjects and predicates are
    IRIs (no spaces, no blank nodes in a built graph): two splits find them."""
    subject, pairs = None, []
    for line in lines:
        s, p, o = line.split(" ", 2)
        if s != subject:
            if subject is not None:
                _write_subject(out, subject, pairs, indent)
            subject, pairs = s, []
        pairs.append((p, o[:-3]))  # (less the ' .\n')
    if subject is not None:
        _write_subject(out, subject, pairs, indent)


def _header(out: IO[str]) -> None:
    for name, ns in _PREFIX_LIST:
        out.write(f"@prefix {name}: <{ns}> .\n")
    out.write(f"@prefix id: <{ID}> .\n\n")


def write_turtle(lines: Iterable[str], out: IO[str]) -> None:
    """Sorted N-Triples lines → Turtle, one block per subject."""
    _header(out)
    _write_blocks(out, lines)


def write_trig(graph_lines: Iterable[tuple[str, str]], out: IO[str]) -> None:
    """(graph, N-Triples line) sorted by graph → TriG, one block per named graph."""
    _header(out)
    for graph, group in itertools.groupby(graph_lines, key=lambda gl: gl[0]):
        out.write(f"{_iri(graph)} {{\n")
        _write_blocks(out, (line for _, line in group), indent="    ")
        out.write("}\n\n")


# ------------------------------------------------------------------ writing files


def _write(spool: QuadSpool, fmt: str, handle: IO[bytes]) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=False)
    try:
        if fmt == "turtle":
            write_turtle(spool.triple_lines(), text)
        elif fmt == "trig":
            write_trig(spool.graph_lines(), text)
        elif fmt == "nt":
            text.writelines(spool.triple_lines())
        elif fmt == "nquads":
            text.writelines(f"{line[:-2]}{graph} .\n" for graph, line in spool.graph_lines())
        elif fmt == "jsonld":
            import pyoxigraph

            text.flush()
            triples = pyoxigraph.parse(path=spool.triples_path(), format=pyoxigraph.RdfFormat.N_TRIPLES)
            pyoxigraph.serialize(triples, handle, pyoxigraph.RdfFormat.JSON_LD)
        else:
            raise ParleyError(f"unknown format {fmt!r}")
        text.flush()
    finally:
        text.detach()


def serialize(quads: QuadBuffer | QuadSpool, fmt: str) -> bytes:
    """Bytes of one format (what write_outputs writes to the file)."""
    buffer = io.BytesIO()
    spool = as_spool(quads)
    try:
        _write(spool, fmt, buffer)
    finally:
        if spool is not quads:
            spool.close()
    return buffer.getvalue()


def write_outputs(quads: QuadBuffer | QuadSpool, out_dir: Path, formats: list[str]) -> dict[str, Path]:
    """Write each format to OUT/graph.<ext>, each atomically, streaming from the sorted spool."""
    spool = as_spool(quads)
    written = {}
    for fmt in formats:
        path = Path(out_dir) / FORMATS[fmt][0]
        with atomic_writer(path, "wb") as handle:
            if fmt == "nt":  # the sorted triples are graph.nt already
                with open(spool.triples_path(), "rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
            else:
                _write(spool, fmt, handle)
        written[fmt] = path
    if spool is not quads:
        spool.close()
    return written


__all__ = ["FORMATS", "ALIASES", "parse_formats", "serialize", "write_outputs", "QuadSpool", "ExternalSort",
           "nt_term", "nt_line", "write_turtle", "write_trig", "as_spool"]
