"""Cross-document event resolution: one EventNode per real-world event.

(First working version: one node per mention; coreference follows.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.model import DocumentAnalysis, EventNode, MentionRef
from graph.namespaces import digest

if TYPE_CHECKING:
    from graph.resolve.actors import ActorResolution


@dataclass
class EventResolution:
    nodes: dict[str, EventNode]
    by_mention: dict[tuple[str, int], str] = field(default_factory=dict)

    def key_of(self, doc_id: str, event_index: int) -> str | None:
        return self.by_mention.get((doc_id, event_index))


def resolve_events(analyses: Sequence[DocumentAnalysis], actors: ActorResolution) -> EventResolution:
    nodes: dict[str, EventNode] = {}
    by_mention: dict[tuple[str, int], str] = {}
    for analysis in analyses:
        doc_id = analysis.source.id
        text = analysis.source.text
        for i, ev in enumerate(analysis.events):
            key = digest(f"{doc_id}:{ev.trigger.begin}:{ev.trigger.end}")
            roles: dict[str, set[str]] = {}
            for role, m in ev.roles:
                k = actors.key_of(doc_id, m)
                if k:
                    roles.setdefault(role, set()).add(k)
            places = {k for m in ev.places if (k := actors.key_of(doc_id, m))}
            nodes[key] = EventNode(
                key=key, label=text[ev.trigger.begin:ev.trigger.end], event_class=ev.event_class, plover=ev.plover,
                cameo=ev.cameo, roles=roles, places=places,
                begin=ev.time.begin if ev.time else None, end=ev.time.end if ev.time else None, status=ev.status,
                mentions=[MentionRef(doc_id, ev.trigger, text[ev.trigger.begin:ev.trigger.end])])
            by_mention[(doc_id, i)] = key
        for i, ev in enumerate(analysis.events):
            for rel, j in ev.links:
                if (doc_id, j) in by_mention:
                    nodes[by_mention[(doc_id, i)]].links.add((rel, by_mention[(doc_id, j)]))
    return EventResolution(nodes=dict(sorted(nodes.items())), by_mention=by_mention)
