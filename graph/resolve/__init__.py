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
from graph.resolve.relations import resolve_relations


def resolve(analyses: Sequence[DocumentAnalysis]) -> ResolvedCorpus:
    actors = resolve_actors(analyses)
    events = resolve_events(analyses, actors)
    claims = resolve_claims(analyses, actors, events)
    relations = resolve_relations(analyses, actors)
    return ResolvedCorpus(
        documents=[a.document for a in analyses],
        actors=actors.nodes,
        events=events.nodes,
        claims=claims,
        relations=relations,
    )
