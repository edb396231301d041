"""Cross-document relations between actors and places (offices, membership, location)."""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import DocumentAnalysis, MentionRef, RelationNode
from graph.namespaces import slug
from graph.resolve.actors import ActorResolution


def resolve_relations(analyses: Sequence[DocumentAnalysis], actors: ActorResolution) -> dict[str, RelationNode]:
    """One node per (relation, subject, object, office), grounded in every sentence that states it."""
    nodes: dict[str, RelationNode] = {}
    for analysis in analyses:
        doc_id = analysis.source.id
        for rel in analysis.relations:
            subject, obj = actors.key_of(doc_id, rel.subject), actors.key_of(doc_id, rel.object)
            if subject is None or obj is None or subject == obj:
                continue
            key = "/".join(slug(x) for x in (rel.relation, subject, obj, rel.office_concept or rel.office or ""))
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = RelationNode(key=key.rstrip("/"), relation=rel.relation, subject=subject,
                                                 object=obj, office=rel.office, office_concept=rel.office_concept)
            text = analysis.source.text[rel.evidence.begin:rel.evidence.end]
            node.evidence.append(MentionRef(doc_id, rel.evidence, text))
    return dict(sorted(nodes.items()))
