"""The resolve stage: from per-document analyses to one node per real-world actor, event,
claim and relation across all documents.

Order matters: events need the actors' keys, claims need actors and events.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import DocumentAnalysis, ResolvedCorpus
from graph.resolve.actors import resolve_actors
from graph.resolve.claims import resolve_claims
from graph.resolve.events import resolve_events
from graph.resolve.records import records_directory
from graph.resolve.relations import resolve_relations


def _only(analyses: Sequence[DocumentAnalysis], *parts: str) -> Sequence[DocumentAnalysis]:
    """The analyses as one resolver reads them: a spool on disk (graph.pipeline.SpooledAnalyses) reads back
    only these parts of each; a list is what it is."""
    select = getattr(analyses, "only", None)
    return select(*parts) if select is not None else analyses


def resolve(analyses: Sequence[DocumentAnalysis]) -> ResolvedCorpus:
    """Resolve the analyses, in order. Over a spool on disk, the resolvers keep their per-mention records
    in files beside it (graph.resolve.records); over a list, in memory."""
    records = records_directory(analyses)
    actors = resolve_actors(_only(analyses, "entities"), records=records)
    events = resolve_events(_only(analyses, "events", "relations"), actors, records=records)
    claims = resolve_claims(_only(analyses, "assertions"), actors, events, records=records)
    relations = resolve_relations(_only(analyses, "relations"), actors)
    documents = getattr(analyses, "documents", None)  # a spool's documents, read back when walked
    return ResolvedCorpus(
        documents=documents() if documents is not None else [a.document for a in analyses],
        actors=actors.nodes,
        events=events.nodes,
        claims=claims,
        relations=relations,
    )
