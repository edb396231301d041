"""The page's overview: which nodes are drawn when the page opens, and what stands for the rest.

A network of thousands of nodes reads as a hairball, so the page draws at most a few hundred
*items*, chosen by importance, and aggregates what would crowd them out:

- claims are not drawn: each is folded into a count on what it is about (else on its source),
  and opened on demand from the panel of that item;
- anonymous sources are grouped under their affiliation (one item per affiliation);
- repeated events of one negotiation track (style.toml [overview] track_classes, the same
  class and the same parties, mediators and hosts) are grouped into the track.

Every node of the story belongs to exactly one item (claims to none), and the links between
items (the story's edges mapped onto items, plus "claims about" from a claim's source to what
the claim is about) are kept for every item, drawn or not: the page expands a node's
neighbourhood and finds any node by search from this data, without asking anything of anyone.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.analytics import Analytics
from graph.story import ROLE_PROPERTIES, Edge, Story

# A claim's link to the item its source is, drawn between the source and what the claim is about.
SAYS = "says"
# Between a relation's name and its own words in a link's relation ("holdsOffice|President").
WORDS = "|"
_TRACK_ROLES = frozenset({"party", "mediator", "host", "actor"})


@dataclass(slots=True)
class Item:
    """One node of the overview: a node of the story, or a group of them."""

    key: str  # the node's IRI, or for a group "group/track/…" or "group/sources/…"
    label: str
    kind: str  # the node's kind, or "Track" (events of one negotiation track) or "Sources" (anonymous sources)
    members: list[str]  # the story's IRIs it stands for (one for a plain node)
    importance: float = 0.0
    claims: list[str] = field(default_factory=list)  # claims about it (else by it), folded into a count

    @property
    def group(self) -> bool:
        return self.kind in ("Track", "Sources")


@dataclass(slots=True)
class Overview:
    items: list[Item]  # most important first
    drawn: int  # the first ``drawn`` items are drawn when the page opens
    links: list[tuple[int, int, str, int]]  # (from item, to item, relation, how many edges of the story)
    item_of: dict[str, int]  # a story IRI (not a claim) → its item
    degree: list[int] = field(default_factory=list)  # each item's number of linked items, kept or not
    corrected: set[tuple[int, int, str]] = field(default_factory=set)  # links a correction changed
    grounds: dict[tuple[int, int, str], list[Edge]] = field(default_factory=dict)  # a relation link's edges
    left_out: int = 0  # items of the story beyond style.toml's max_items, not in the page


def track_key(story: Story, iri: str, classes: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
    """What makes events one track: the same class and the same parties, mediators and hosts; None
    for an event that is not of a track class or names fewer than two participants."""
    node = story.nodes[iri]
    if (node.event_class or "Event") not in classes:
        return None
    who = sorted({e.target for e in story.edges_of(iri) if e.source == iri and e.relation in _TRACK_ROLES})
    return (node.event_class or "Event", tuple(who)) if len(who) >= 2 else None


def _affiliations(story: Story, iri: str) -> list[str]:
    return sorted(e.target for e in story.edges_of(iri) if e.source == iri and e.relation == "affiliation")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def build_overview(story: Story, analytics: Analytics, style: dict[str, Any],
                   worded: Callable[[Edge], str | None] = lambda e: None) -> Overview:
    """``worded``: a relation edge's own label (an office as written), which makes it a link of its own."""
    conf = style["overview"]
    imp = analytics.importance
    classes = frozenset(conf["track_classes"])
    groups: dict[str, list[str]] = defaultdict(list)
    plain: list[str] = []
    for iri, node in story.nodes.items():
        if node.kind == "Claim":
            continue
        if node.kind == "Event" and (key := track_key(story, iri, classes)) is not None:
            groups["group/track/" + _short_hash(repr(key))].append(iri)
        elif node.kind == "AnonymousSource":
            affiliation = _affiliations(story, iri)
            groups["group/sources/" + _short_hash(affiliation[0] if affiliation else "")].append(iri)
        else:
            plain.append(iri)
    items = [Item(iri, story.nodes[iri].label, story.nodes[iri].kind, [iri]) for iri in plain]
    for key, members in groups.items():
        members.sort(key=lambda m: (story.nodes[m].begin is None, story.nodes[m].begin or 0, m))
        if len(members) == 1:  # a group of one is the node itself
            items.append(Item(members[0], story.nodes[members[0]].label, story.nodes[members[0]].kind, members))
        else:
            items.append(Item(key, _group_label(story, key, members), "Track" if "/track/" in key else "Sources",
                              members))
    for item in items:
        item.importance = sum(imp.get(m, 0.0) for m in item.members)
    items.sort(key=lambda it: (-it.importance, it.key))
    items, drawn = _drawn_first(items, conf["max_drawn"], conf["event_share"])
    # The page holds the ``max_items`` most important items (the drawn ones first): at 10,000 articles
    # there are tens of thousands, and their names and links alone would make the page tens of megabytes.
    # The rest is reached by filtering (parley viz --actor) or through the store (parley serve).
    left_out = max(0, len(items) - conf["max_items"])
    items = items[: conf["max_items"]]
    item_of = {m: i for i, it in enumerate(items) for m in it.members}

    counts: Counter[tuple[int, int, str]] = Counter()
    corrected: set[tuple[int, int, str]] = set()
    grounds: dict[tuple[int, int, str], list[Edge]] = defaultdict(list)
    for e in story.edges:
        a, b = item_of.get(e.source), item_of.get(e.target)
        if a is not None and b is not None and a != b:
            # A relation with words of its own (an office as written, a distance) is a link of its own.
            words = worded(e) if e.kind == "relation" else None
            key = (a, b, f"{e.relation}{WORDS}{words}" if words else e.relation)
            counts[key] += 1
            if e.kind == "relation":
                grounds[key].append(e)
            if e.corrected:
                corrected.add(key)
    for claim in story.of_kind("Claim"):
        about_any = [e.target for e in story.edges_of(claim.iri) if e.source == claim.iri and e.relation == "about"
                     and story.nodes[e.target].kind != "Claim"]
        about = sorted({item_of[t] for t in about_any if t in item_of})
        said_by = sorted({item_of[e.target] for e in story.edges_of(claim.iri)
                          if e.source == claim.iri and e.relation == "source" and e.target in item_of})
        if about_any and not about:  # about items left out of the page: not counted on its source instead
            continue
        for i in about or said_by:
            items[i].claims.append(claim.iri)
        for s in said_by:
            for a in about:
                if s != a:
                    counts[(s, a, SAYS)] += 1
    links, degree = _strongest_links(counts, conf["links_per_item"])
    return Overview(items=items, drawn=drawn, links=links, item_of=item_of,
                    degree=degree, corrected=corrected, grounds=dict(grounds), left_out=left_out)


def _drawn_first(items: list[Item], limit: int, event_share: float) -> tuple[list[Item], int]:
    """The items to draw, first: the most important ones, with ``event_share`` of the places kept for events
    and tracks (PageRank favours the actors that everything links to, and a view of states alone says
    little of what they did); then the rest, each part by importance."""
    events = [it for it in items if it.kind in ("Event", "Track")]
    others = [it for it in items if it.kind not in ("Event", "Track")]
    n_events = min(len(events), max(round(limit * event_share), limit - len(others)))
    n_others = min(len(others), limit - n_events)
    chosen = {id(it) for it in events[:n_events] + others[:n_others]}
    drawn = [it for it in items if id(it) in chosen]
    return drawn + [it for it in items if id(it) not in chosen], len(drawn)


def _strongest_links(counts: Counter[tuple[int, int, str]],
                     limit: int) -> tuple[list[tuple[int, int, str, int]], list[int]]:
    """The links kept for the page: each item's ``limit`` links to its most important partners (items are
    numbered by importance), so that a hub with thousands of links costs no more than ``limit`` per
    item; and how many each item has in all (the page says how many it leaves out)."""
    by_item: dict[int, list[tuple[int, tuple[int, int, str]]]] = defaultdict(list)
    for key in counts:
        a, b, _ = key
        by_item[a].append((b, key))
        by_item[b].append((a, key))
    kept: set[tuple[int, int, str]] = set()
    degree = [0] * (max(by_item) + 1 if by_item else 0)
    for i, partners in by_item.items():
        partners.sort()
        degree[i] = len({p for p, _ in partners})
        kept.update(key for _, key in partners[:limit])
    return sorted((a, b, rel, counts[(a, b, rel)]) for a, b, rel in kept), degree


def _group_label(story: Story, key: str, members: list[str]) -> str:
    if "/sources/" in key:
        affiliation = _affiliations(story, members[0])
        where = story.label(affiliation[0]) if affiliation else "no affiliation"
        return f"{len(members)} anonymous sources ({where})"
    first = story.nodes[members[0]]
    who: dict[str, set[str]] = defaultdict(set)
    for m in members:
        for e in story.edges_of(m):
            if e.source == m and e.relation in _TRACK_ROLES:
                who[e.relation].add(story.label(e.target))
    parties = ", ".join(sorted(who["party"] | who["actor"])) or "?"
    mediators = sorted(who["mediator"] | who["host"])
    name = " ".join(w.lower() if i else w for i, w in enumerate(_split_camel(first.event_class or "Event")))
    return f"{name}s: {parties}" + (f" (via {', '.join(mediators)})" if mediators else "") + f" ×{len(members)}"


def _split_camel(name: str) -> list[str]:
    words, current = [], ""
    for ch in name:
        if ch.isupper() and current:
            words.append(current)
            current = ch
        else:
            current += ch
    return [*words, current] if current else words


def roles_of(story: Story, iris: list[str]) -> dict[str, list[str]]:
    """An event's (or a track's) participants by role, in ROLE_PROPERTIES order, then actor."""
    found: dict[str, set[str]] = defaultdict(set)
    for iri in iris:
        for e in story.edges_of(iri):
            if e.source == iri and (e.relation in ROLE_PROPERTIES or e.relation in ("actor", "place")):
                found[e.relation].add(e.target)
    order = [*ROLE_PROPERTIES, "actor", "place"]
    return {r: sorted(found[r]) for r in order if found.get(r)}
