"""The RDF namespaces of the core profile, and the minting of stable instance IRIs."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

PARLEY = Namespace("https://w3id.org/parley/ontology#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
PLOVER = Namespace("https://w3id.org/parley/plover#")
ID = Namespace("https://w3id.org/parley/id/")

PREFIXES: dict[str, Namespace] = {
    "parley": PARLEY, "sem": SEM, "gaf": GAF, "nif": NIF, "prov": PROV, "schema": SCHEMA,
    "dcterms": Namespace(str(DCTERMS)), "skos": Namespace(str(SKOS)), "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)), "xsd": Namespace(str(XSD)),
    "wd": WD, "plover": PLOVER,
}

__all__ = ["PARLEY", "SEM", "GAF", "NIF", "PROV", "SCHEMA", "WD", "PLOVER", "ID", "PREFIXES",
           "slug", "digest", "doc_iri", "mention_iri", "instance_iri", "bind_prefixes"]


def slug(text: str, limit: int = 60) -> str:
    """A readable, IRI-safe, deterministic slug: 'Volodymyr Zelensky' -> 'volodymyr-zelensky'."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"['’ʼ`´]", "", folded)
    folded = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return folded[:limit].rstrip("-") or "x" + digest(text, 8)


def digest(text: str, size: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


@functools.lru_cache(maxsize=4096)
def _doc_path(doc_id: str) -> str:
    """'doc/' and the quoted id: quoted once per document, not once per mention of it."""
    return "doc/" + quote(doc_id, safe="")


def doc_iri(doc_id: str):
    return ID[_doc_path(doc_id)]


def mention_iri(doc_id: str, begin: int, end: int):
    """NIF's RFC 5147 style: the document IRI with #char=begin,end."""
    return ID[f"{_doc_path(doc_id)}#char={begin},{end}"]


def instance_iri(kind: str, key: str):
    """actor/ukraine, event/…, claim/…: ``key`` is already stable and IRI-safe (see slug)."""
    return ID[f"{kind}/{quote(key, safe='/-_.')}"]


def bind_prefixes(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("id", ID, override=True)
