"""Check a graph against the core profile's SHACL shapes (ontology/shapes.ttl) with pySHACL.

The ontology's subclass axioms (ontology/*.ttl) are mixed into a copy of the data, so the
shape aimed at parley:Actor checks every State, Person and NewsOutlet too, without RDFS
inference over the whole graph. Results come back as plain-words violations: focus node, path, message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graph.errors import InputError, ParleyError
from graph.namespaces import ID, PREFIXES
from graph.rdf_errors import syntax_problem

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"

# File suffix → rdflib parser; the formats parley writes and the common others.
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld",
               ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".n3": "n3"}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}

__all__ = ["ONTOLOGY_DIR", "SHAPES", "Violation", "Report", "ontology_graph", "shapes_graph", "load_rdf",
           "validate_graph", "short_name"]


@dataclass(frozen=True)
class Violation:
    focus: Node
    path: Node | None
    message: str
    severity: str  # Violation | Warning | Info
    value: Node | None = None
    shape: Node | None = None


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]

    def lines(self, data: Graph | None = None) -> list[str]:
        """One line per violation, in plain words, sorted for stable output."""
        out = []
        for v in self.violations:
            focus = short_name(v.focus)
            label = data.value(v.focus, RDFS.label) if data is not None and isinstance(v.focus, URIRef) else None
            if label is not None:
                focus += f' ("{_clip(str(label), 60)}")'
            where = f" {short_name(v.path)}" if v.path is not None else ""
            value = f" [value: {_clip(short_name(v.value), 60)}]" if v.value is not None and v.value != v.focus else ""
            out.append(f"{v.severity}: {focus}{where}: {v.message}{value}")
        return sorted(out)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_name(node: Node | None) -> str:
    """parley:Actor, id:actor/ukraine, "a literal"; full IRI when no prefix fits."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return f'"{node}"' + (f"^^{short_name(node.datatype)}" if node.datatype else "")
    if isinstance(node, URIRef):
        text = str(node)
        best = max(((p, str(ns)) for p, ns in {**PREFIXES, "id": ID}.items() if text.startswith(str(ns))),
                   key=lambda item: len(item[1]), default=None)
        if best is not None:
            return f"{best[0]}:{text[len(best[1]):]}"
        return f"<{text}>"
    return str(node)  # a complex SHACL path (a blank node): rare in the shapes, shown as is


@cache
def ontology_graph() -> Graph:
    """The ontology: parley.ttl and the modules beside it (plover.ttl, offices.ttl, …), not the shapes."""
    if not (ONTOLOGY_DIR / "parley.ttl").is_file():
        raise ParleyError(f"{ONTOLOGY_DIR / 'parley.ttl'}: the ontology is missing")
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path != SHAPES:
            graph.parse(path, format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    if not SHAPES.is_file():
        raise ParleyError(f"{SHAPES}: the SHACL shapes are missing")
    return Graph().parse(SHAPES, format="turtle")


def load_rdf(path: Path) -> Graph:
    """Read an RDF file into one graph (named graphs of TriG / N-Quads merged)."""
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(str(path), f"unknown RDF format (known suffixes: {known})")
    if not path.is_file():
        raise InputError(str(path), "no such file")
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds; all mean "this file is not valid RDF"
        raise InputError(str(path), syntax_problem(path, exc)) from None


def validate_graph(data: Graph, *, with_ontology: bool = True) -> Report:
    import pyshacl

    if with_ontology:
        # The class hierarchy is all the shapes need from the ontology (sh:class and sh:targetClass
        # follow rdfs:subClassOf in the data graph). pySHACL's ont_graph would do this mixing, but
        # it clones the ontology node by node, recursively, and with the PLOVER scheme's concept
        # hierarchy that takes minutes; adding the subclass axioms directly takes milliseconds.
        mixed = Graph()
        mixed += data
        mixed += ontology_graph().triples((None, RDFS.subClassOf, None))
        data = mixed
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", abort_on_first=False, allow_warnings=True,
        advanced=True, meta_shacl=False)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        component = results.value(result, SH.sourceConstraintComponent)
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=results.value(result, SH.focusNode),
            path=results.value(result, SH.resultPath),
            message=str(message) if message is not None else f"fails {short_name(component)}",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=results.value(result, SH.value),
            shape=shape,
        ))
    return Report(conforms=bool(conforms), violations=violations)
