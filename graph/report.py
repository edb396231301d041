"""The claims report: for each claim of a built graph, how many documents assert it, through which
chains (source, intermediaries), how sure they are, and where the outlets disagree (the graph's
parley:Discrepancy nodes), in plain words.

It reads only the graph (the core profile plus parley:Discrepancy, parley:discrepancyKind,
parley:concerns), so it works on any graph Parley built, from Turtle, TriG, N-Quads or JSON-LD.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections import Counter
from dataclasses import asdict, dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from graph.model import ClaimNode
from graph.namespaces import GAF, NIF, PARLEY, PROV
from graph.wording import count


@dataclass
class AssertionSummary:
    document: str
    source: str | None  # None: the document's own voice
    via: list[str]
    certainty: str
    polarity: str
    text: str


@dataclass
class DiscrepancySummary:
    kind: str
    description: str


@dataclass
class ClaimSummary:
    iri: str
    statement: str
    documents: int
    assertions: list[AssertionSummary] = field(default_factory=list)
    discrepancies: list[DiscrepancySummary] = field(default_factory=list)


@dataclass
class ClaimsReport:
    claims: list[ClaimSummary]

    @property
    def corroborated(self) -> list[ClaimSummary]:
        return [c for c in self.claims if c.documents > 1]

    @property
    def discrepancy_kinds(self) -> Counter:
        return Counter(d.kind for c in self.claims for d in c.discrepancies)


def _local(node: URIRef | None) -> str:
    if node is None:
        return ""
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _label(graph: Graph, node: URIRef | None) -> str | None:
    if node is None:
        return None
    for prop in (RDFS.label, SKOS.prefLabel):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return _local(node)


def _document_name(graph: Graph, doc: URIRef | None) -> str:
    """Outlet, title (else the text's first words) and date, as the page names documents (analytics.Document)."""
    from graph.analytics import Document, first_words

    if doc is None:
        return "unknown document"
    ident = graph.value(doc, DCTERMS.identifier)
    publisher = graph.value(doc, DCTERMS.publisher)
    outlet = (_label(graph, publisher) if isinstance(publisher, URIRef) else str(publisher)) if publisher else None
    title, issued, text = (graph.value(doc, p) for p in (DCTERMS.title, DCTERMS.issued, NIF.isString))
    try:
        date = issued.toPython() if issued is not None else None
        date = (date.date() if isinstance(date, dt.datetime) else date) if isinstance(date, dt.date) else None
    except (ValueError, TypeError):
        date = None
    return Document(iri=str(doc), id=str(ident) if ident is not None else _local(doc),
                    title=str(title) if title is not None else None, issued=date,
                    opening=first_words(str(text)) if text is not None else None).describe(outlet)


def _anchor(graph: Graph, assertion: URIRef) -> str:
    for mention in sorted(graph.objects(assertion, GAF.denotedBy), key=str):
        anchor = graph.value(mention, NIF.anchorOf)
        if anchor is not None:
            return " ".join(str(anchor).split())
    return ""


def build_report(graph: Graph) -> ClaimsReport:
    """Read every parley:Claim of the graph with its assertions and discrepancies."""
    discrepancies: dict[URIRef, list[DiscrepancySummary]] = {}
    for node in graph.subjects(RDF.type, PARLEY.Discrepancy):
        claim = graph.value(node, PARLEY.concerns)
        if claim is None:
            continue
        kind = _local(graph.value(node, PARLEY.discrepancyKind)) or "other"
        description = graph.value(node, RDFS.comment)
        discrepancies.setdefault(claim, []).append(DiscrepancySummary(kind, str(description or "")))
    claims: list[ClaimSummary] = []
    for claim in set(graph.subjects(RDF.type, PARLEY.Claim)):
        statement = graph.value(claim, PARLEY.statement) or graph.value(claim, RDFS.label) or _local(claim)
        summary = ClaimSummary(str(claim), " ".join(str(statement).split()), 0)
        docs = set()
        for assertion in graph.objects(claim, PARLEY.assertion):
            doc = graph.value(assertion, PROV.wasDerivedFrom)
            docs.add(doc)
            source = graph.value(assertion, PARLEY.source)
            vias = sorted(graph.objects(assertion, PARLEY.via), key=str)
            chain = graph.value(assertion, PARLEY.viaChain)
            via_labels = [s.strip() for s in str(chain).split("→")] if chain is not None else \
                [_label(graph, v) or "" for v in vias]
            summary.assertions.append(AssertionSummary(
                document=_document_name(graph, doc), source=_label(graph, source),
                via=[v for v in via_labels if v],
                certainty=_local(graph.value(assertion, PARLEY.certainty)) or "certain",
                polarity=_local(graph.value(assertion, PARLEY.polarity)) or "positive",
                text=_anchor(graph, assertion)))
        summary.documents = len(docs)
        summary.assertions.sort(key=lambda a: (a.document, a.text))
        summary.discrepancies = sorted(discrepancies.get(claim, []), key=lambda d: (d.kind, d.description))
        claims.append(summary)
    claims.sort(key=lambda c: (-c.documents, -len(c.discrepancies), c.statement, c.iri))
    return ClaimsReport(claims)


def _chain_words(a: AssertionSummary) -> str:
    if a.source is None and not a.via:
        words = "in its own voice"
    elif a.source is None:
        words = "in its own voice, via " + " → ".join(a.via)
    else:
        words = f"from {a.source}"
        via = [v for v in a.via if v != a.source]
        if via:
            words += " via " + " → ".join(via)
        elif a.via:
            words += " (reporting it themselves)"
    qualities = [q for q in (a.certainty if a.certainty != "certain" else "",
                             "negated" if a.polarity == "negative" else "") if q]
    return words + (f" [{', '.join(qualities)}]" if qualities else "")


def summary_line(report: ClaimsReport) -> str:
    """One line for a build summary: claims, corroborated claims, discrepancies by kind."""
    kinds = report.discrepancy_kinds
    detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    total = sum(kinds.values())
    return (f"{count(len(report.claims), 'claim')}, {len(report.corroborated)} carried by more than one document, "
            f"{total} discrepanc{'y' if total == 1 else 'ies'}" + (f" ({detail})" if detail else ""))


def summarize_claims(claims: dict[str, ClaimNode]) -> str:
    """The summary line straight from the resolved claims (for the build's summary, before any RDF)."""
    report = ClaimsReport([
        ClaimSummary(key, claim.statement, len({a.doc_id for a in claim.assertions}),
                     discrepancies=[DiscrepancySummary(kind, text) for kind, text in claim.discrepancies])
        for key, claim in claims.items()])
    return summary_line(report)


def render_text(report: ClaimsReport, *, only_discrepancies: bool = False, min_documents: int = 1,
                limit: int = 0, width: int = 100) -> str:
    """The report in plain words."""
    lines = [summary_line(report), ""]
    shown = [c for c in report.claims if c.documents >= min_documents
             and (c.discrepancies or not only_discrepancies)]
    if limit > 0:
        shown = shown[:limit]
    wrap = _wrapper(width)
    for number, claim in enumerate(shown, 1):
        lines.extend(wrap(f"{number}. “{claim.statement}”", ""))
        lines.append(f"   asserted in {claim.documents} document{'s' if claim.documents != 1 else ''}:")
        for a in claim.assertions:
            lines.extend(wrap(f"- {a.document}: {_chain_words(a)}", "     "))
        for d in claim.discrepancies:
            lines.extend(wrap(f"! {d.kind}: {d.description}", "     "))
        lines.append("")
    if not shown:
        lines.append("No claims to show." if not only_discrepancies else "No discrepancies between the documents.")
    return "\n".join(lines).rstrip() + "\n"


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> str:
    """Text from the documents, made safe for a terminal: control characters (escape sequences,
    bidirectional overrides) shown as code points instead of acting."""
    return CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _wrapper(width: int):
    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(_safe(text), width=width, initial_indent="   ",
                             subsequent_indent="   " + indent) or [""]

    return wrap


def render_json(report: ClaimsReport) -> str:
    return json.dumps({"summary": summary_line(report), "claims": [asdict(c) for c in report.claims]},
                      ensure_ascii=False, indent=2) + "\n"
