"""Cross-document relations between actors and places (offices, membership, location).

One node per (relation, subject, object, office concept or office, qualifier), grounded in every
passage that states it. Two sources:

- the documents: the relations stage's RelationMentions. Their ends resolve through the actor
  resolution; an end the extractor read from a demonym ("Ukrainian" in "Ukrainian President …") has
  no entity mention, so it resolves to its gazetteer key, and if the corpus names that state nowhere
  else its node is made here, grounded in the demonym;
- the gazetteer's facts (located_in, member_of, office), only between two actors that the corpus
  mentions, marked ``from_gazetteer``; with no document evidence the graph says the gazetteer asserts it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from graph.extract.relations import KNOWN_OFFICE
from graph.gazetteer import Gazetteer, load_gazetteer
from graph.model import ActorNode, DocumentAnalysis, EntityMention, MentionRef, RelationNode
from graph.namespaces import slug
from graph.resolve.actors import ActorResolution


def _end_key(doc_id: str, mention: EntityMention, actors: ActorResolution, gazetteer: Gazetteer) -> str | None:
    entry = gazetteer.get(mention.key)
    if entry is not None:
        # A gazetteer key is the node's key; it also covers mentions the actor stage never saw (demonyms).
        node = actors.nodes.get(entry.key)
        if node is None and mention.ner_label == KNOWN_OFFICE:
            return None  # a state the text never names: the gazetteer's fact needs both ends in the corpus
        if node is None:
            node = actors.nodes[entry.key] = ActorNode(key=entry.key, label=entry.label, kind=entry.kind,
                                                       wikidata=entry.wikidata)
            node.mentions.append(MentionRef(doc_id, mention.span, mention.text))
        return entry.key
    return actors.key_of(doc_id, mention)


def relation_key(relation: str, subject: str, obj: str, office: str | None, qualifier: str | None) -> str:
    parts = [relation, subject, obj, office, qualifier]
    return "/".join(slug(x) for x in parts if x)


def resolve_relations(analyses: Sequence[DocumentAnalysis], actors: ActorResolution,
                      gazetteer: Gazetteer | None = None) -> dict[str, RelationNode]:
    gazetteer = gazetteer or load_gazetteer()
    nodes: dict[str, RelationNode] = {}
    wordings: dict[str, Counter] = {}

    def node_for(relation: str, subject: str, obj: str, office: str | None, concept: str | None,
                 qualifier: str | None) -> RelationNode:
        # A concept names the office across wordings ("President", "president", "leader" → headOfState).
        key = relation_key(relation, subject, obj, concept or (office.casefold() if office else None), qualifier)
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = RelationNode(key=key, relation=relation, subject=subject, object=obj, office=office,
                                             office_concept=concept, qualifier=qualifier)
        return node

    for analysis in analyses:
        doc_id = analysis.source.id
        for rel in analysis.relations:
            subject = _end_key(doc_id, rel.subject, actors, gazetteer)
            obj = _end_key(doc_id, rel.object, actors, gazetteer)
            if subject is None or obj is None or subject == obj:
                continue
            node = node_for(rel.relation, subject, obj, rel.office, rel.office_concept, rel.qualifier)
            if rel.office:
                wordings.setdefault(node.key, Counter())[rel.office] += 1
            ref = MentionRef(doc_id, rel.evidence, analysis.source.text[rel.evidence.begin:rel.evidence.end])
            if ref not in node.evidence:
                node.evidence.append(ref)

    for key in sorted(actors.nodes):
        entry = gazetteer.get(key)
        if entry is None:
            continue
        facts = [("locatedIn", entry.located_in, None, None), ("memberOf", entry.member_of, None, None)]
        if entry.office and entry.office.get("holder_of"):
            facts.append(("holdsOffice", entry.office["holder_of"], entry.office.get("title"),
                          entry.office.get("concept")))
        for relation, target, office, concept in facts:
            if target and target in actors.nodes and target != key:
                node_for(relation, key, target, office, concept, None).from_gazetteer = True
    for node in nodes.values():
        if node.key in wordings:  # the office as most documents word it, then the first in sorted order
            counts = wordings[node.key]
            node.office = min(counts, key=lambda w: (-counts[w], w))
        node.evidence.sort(key=lambda r: (r.doc_id, r.span.begin, r.span.end))
    return dict(sorted(nodes.items()))
