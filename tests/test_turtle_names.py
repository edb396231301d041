"""Turtle's prefixed names: an IRI is written as prefix:local exactly when some namespace leaves a plain local
name, trying the longest namespace first; and what is written parses back to the same IRI."""

from __future__ import annotations

import io
import re

import pytest
from rdflib import Graph, URIRef

from graph.export import _PREFIX_BY_LENGTH, _iri, write_turtle

LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")
SUFFIXES = ["label", "hasActor", "a-b", "_x", "x_1", "1a", "a/b", "a#b", "", "x.y", "é", "b-", "x y"]


def _by_loop(written: str) -> str:
    """The definition: the first namespace, longest first, after which the rest is a local name."""
    iri = written[1:-1]
    for ns, name in _PREFIX_BY_LENGTH:
        if iri.startswith(ns) and LOCAL.match(iri, len(ns)):
            return f"{name}:{iri[len(ns):]}"
    return written


@pytest.mark.parametrize("namespace", [ns for ns, _ in _PREFIX_BY_LENGTH])
def test_prefixed_exactly_when_a_namespace_leaves_a_local_name(namespace):
    for middle in ("", "/", "#", "x/", "sub/"):
        for suffix in SUFFIXES:
            written = f"<{namespace}{middle}{suffix}>"
            assert _iri.__wrapped__(written) == _by_loop(written), written


def test_written_names_parse_back_to_the_same_iris():
    iris = [f"{ns}{suffix}" for ns, _ in _PREFIX_BY_LENGTH for suffix in ("label", "a/b", "a-b", "1a")]
    lines = sorted(f"<https://w3id.org/parley/id/s> <{iri}> <{iri}> .\n" for iri in iris)
    out = io.StringIO()
    write_turtle(lines, out)
    graph = Graph().parse(data=out.getvalue(), format="turtle")
    assert set(graph.objects(URIRef("https://w3id.org/parley/id/s"))) == {URIRef(iri) for iri in iris}
