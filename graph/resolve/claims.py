"""Claims across documents: one parley:Claim per proposition, one parley:Assertion per
document that carries it. (First version: one claim per assertion; merging follows.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from graph.model import AssertionNode, ClaimNode, DocumentAnalysis, MentionRef
from graph.namespaces import digest

if TYPE_CHECKING:
    from graph.resolve.actors import ActorResolution
    from graph.resolve.events import EventResolution


def resolve_claims(analyses: Sequence[DocumentAnalysis], actors: ActorResolution,
                   events: EventResolution) -> dict[str, ClaimNode]:
    claims: dict[str, ClaimNode] = {}
    for analysis in analyses:
        doc_id = analysis.source.id
        text = analysis.source.text
        for assertion in analysis.assertions:
            span = assertion.span
            key = digest(f"{doc_id}:{span.begin}:{span.end}:{assertion.content.begin}")
            source = actors.key_of(doc_id, assertion.source) if assertion.source else None
            via = [k for m in assertion.via if (k := actors.key_of(doc_id, m))]
            node = AssertionNode(key=key, doc_id=doc_id, mention=MentionRef(doc_id, span, text[span.begin:span.end]),
                                 source=source, via=via, certainty=assertion.certainty, polarity=assertion.polarity)
            about = {k for m in assertion.about_entities if (k := actors.key_of(doc_id, m))}
            about |= {k for i in assertion.about_events if (k := events.key_of(doc_id, i))}
            claims[key] = ClaimNode(key=key, statement=assertion.statement, about=about, assertions=[node])
    return claims
