"""What a document's named graph is made of, as plain values: its facts, and the triples they become.

A document's graph (graph.build) holds the document itself, the NIF mention of every node grounded in it
and the assertions it makes. GraphBuilder records each of these as a fact, a tuple of strings and numbers,
and every triple of a document graph is made from its facts here, by ``materialise``, in a build and in a
store's write alike. So two sets of facts that are equal make the same graph, and a store's write can tell
which documents' graphs an addition changes from a digest of their facts (``facts_digest``) before making
any of their triples: an addition to a store of N makes the triples of the documents that changed, not of
the N (making the terms of every mention, then digesting them, was most of the build's time and all of the
digests' in a store's write).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from graph.namespaces import GAF, NIF, PARLEY, PROV, SCHEMA, doc_iri, mention_iri

# The facts, by their first item:
#   ("document", id, content hash, published, title, url, language, publisher IRI or None)
#   ("mention", instance IRI, begin, end, text)             the instance gaf:denotedBy this mention
#   ("assertion", IRI, certainty, polarity, source IRI or None, via IRIs, via chain or None)
Fact = tuple[str | int | dt.date | tuple[str, ...] | None, ...]
Add = Callable[[URIRef, URIRef, URIRef, URIRef | Literal], None]

_MENTION_TYPES = (NIF.String, NIF.OffsetBasedString)
_REFERENCE_CONTEXT, _BEGIN, _END, _ANCHOR = NIF.referenceContext, NIF.beginIndex, NIF.endIndex, NIF.anchorOf
_DENOTED_BY, _TYPE = GAF.denotedBy, RDF.type
_DOCUMENT_TYPES = (PARLEY.Document, NIF.Context, SCHEMA.NewsArticle)
_ASSERTION, _CERTAINTY, _POLARITY = PARLEY.Assertion, PARLEY.certainty, PARLEY.polarity
_SOURCE, _VIA, _VIA_CHAIN, _DERIVED_FROM = PARLEY.source, PARLEY.via, PARLEY.viaChain, PROV.wasDerivedFrom
_doc_iri = functools.lru_cache(maxsize=4096)(doc_iri)
_int_literal = functools.lru_cache(maxsize=1 << 16)(Literal)
_iri = functools.lru_cache(maxsize=1 << 16)(URIRef)  # (nodes are grounded in many documents)


@functools.lru_cache(maxsize=256)
def _parley(name: str) -> URIRef:
    return PARLEY[name]


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _url(value: str) -> URIRef | Literal:
    from urllib.parse import quote

    if value.startswith(("http://", "https://")):
        return URIRef(quote(value, safe=":/?#[]@!$&'()*+,;=%-._~"))
    return Literal(value)


def materialise(graph: URIRef, doc_id: str, fact: Fact, add: Add, add_string: Callable, texts: dict[str, str]) -> None:
    """Write the triples of one fact of document ``doc_id`` into ``graph`` (``texts``: id → the text, which the
    document fact names by its hash)."""
    kind = fact[0]
    if kind == "mention":
        _, instance, begin, end, text = fact
        m = mention_iri(doc_id, begin, end)
        add(graph, m, _TYPE, _MENTION_TYPES[0])
        add(graph, m, _TYPE, _MENTION_TYPES[1])
        add(graph, m, _REFERENCE_CONTEXT, _doc_iri(doc_id))
        add(graph, m, _BEGIN, _int_literal(begin))
        add(graph, m, _END, _int_literal(end))
        add_string(graph, m, _ANCHOR, text)
        add(graph, _iri(instance), _DENOTED_BY, m)
    elif kind == "assertion":
        _, iri, certainty, polarity, source, via, chain = fact
        a = URIRef(iri)
        add(graph, a, _TYPE, _ASSERTION)
        add(graph, a, _DERIVED_FROM, _doc_iri(doc_id))
        add(graph, a, _CERTAINTY, _parley(certainty))
        add(graph, a, _POLARITY, _parley(polarity))
        if source is not None:
            add(graph, a, _SOURCE, _iri(source))
        for actor in via:
            add(graph, a, _VIA, _iri(actor))
        if chain is not None:
            add_string(graph, a, _VIA_CHAIN, chain)
    elif kind == "document":
        _, _, chash, published, title, url, language, publisher = fact
        d = _doc_iri(doc_id)
        for cls in _DOCUMENT_TYPES:
            add(graph, d, RDF.type, cls)
        add(graph, d, NIF.isString, Literal(texts[doc_id]))
        add(graph, d, DCTERMS.identifier, Literal(doc_id))
        add(graph, d, PARLEY.contentHash, Literal(chash))
        if published:
            add(graph, d, DCTERMS.issued, _date(published))
        if title:
            add(graph, d, DCTERMS.title, Literal(title))
        if url:
            add(graph, d, DCTERMS.source, _url(url))
        if language:
            add(graph, d, DCTERMS.language, Literal(language))
        if publisher is not None:
            add(graph, d, DCTERMS.publisher, _iri(publisher))
    else:
        raise ValueError(f"no such fact of a document graph: {kind!r}")


@functools.cache
def _code_fingerprint() -> str:
    """A digest of the code that makes a document graph's triples from its facts: a Parley whose code makes other
    triples from the same facts gives every document other digests, so its first write rewrites them all (a
    store written by an earlier version would otherwise keep that version's triples for unchanged facts)."""
    import graph.namespaces

    try:
        code = b"".join(Path(module.__file__).read_bytes() for module in (sys.modules[__name__], graph.namespaces))
    except (OSError, TypeError):  # (no source to read, e.g. a frozen install: the version must say it)
        from importlib.metadata import PackageNotFoundError, version

        try:
            code = f"parley {version('parley')}".encode()
        except PackageNotFoundError:
            code = b"parley, unknown version"
    return hashlib.sha1(code).hexdigest()[:16]


def facts_digest(facts: set[Fact]) -> str:
    """A process-independent digest of a document graph's facts (their reprs, sorted: the graph is a set),
    and of the code that makes them triples. Marked ``f:`` apart from the digests of triples
    (graph.store.generations), so that one never equals the other."""
    lines = sorted(map(repr, facts))
    lines.append(_code_fingerprint())
    return "f:" + hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()[:32]
