"""The analytics as text: the counts every summary states, and ``parley stats``'s report."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from graph.story import NODE_KINDS, Story

if TYPE_CHECKING:  # (graph.analytics re-exports this module's names)
    from graph.analytics import Analytics


ACTOR_KINDS_COUNTED = ("State", "Organization", "Person", "NewsOutlet", "AnonymousSource", "Actor")


def headline_counts(story: Story, documents: int) -> dict[str, int]:
    """The counts that the build summary, the page and ``parley stats`` all state, read one way: an actor is
    what the graph types as one or names as a participant, source or intermediary (a place taking part in
    an event counts as an actor, as the page draws it); a place is every other place."""
    kinds = Counter(n.kind for n in story.nodes.values())
    return {"documents": documents, "actors": sum(kinds[k] for k in ACTOR_KINDS_COUNTED),
            "places": kinds["Place"], "events": kinds["Event"], "claims": kinds["Claim"]}


def headline(counts: dict[str, int], sep: str = ", ") -> str:
    """'5 documents, 38 actors, 9 places, 40 events, 41 claims' (singular where one)."""
    from graph.wording import count

    return sep.join(count(counts[k], k[:-1]) for k in ("documents", "actors", "places", "events", "claims"))


def format_stats(story: Story, analytics: Analytics, top: int = 10) -> str:
    """The analytics as plain text, for ``parley stats``."""
    lab = story.label
    counts = Counter(n.kind for n in story.nodes.values())
    lines = [headline(headline_counts(story, analytics.documents)) + ".",
             f"Network: {len(story.nodes)} nodes, {len(story.edges)} edges, "
             f"{analytics.components} connected part{'s' if analytics.components != 1 else ''}",
             "Nodes by kind: " + ", ".join(f"{k} {counts[k]}" for k in NODE_KINDS if counts[k])]

    lines += ["", f"Most central actors (top {top}; importance = PageRank, betweenness in the actor network)"]
    lines.append(f"  {'actor':<34} {'kind':<16} {'events':>6} {'claims':>6} {'partners':>8} "
                 f"{'between':>8} {'import':>7}")
    for a in analytics.actors[:top]:
        lines.append(f"  {_cut(a.label, 34):<34} {a.kind:<16} {a.events:>6} {a.claims:>6} {a.partners:>8} "
                     f"{a.betweenness:>8.3f} {a.importance:>7.4f}")

    lines += ["", "Who mediates between whom"]
    if not analytics.mediations:
        lines.append("  no event names a mediator or a host")
    for m in analytics.mediations[:top]:
        events = "; ".join(_cut(lab(e), 50) for e in m.events[:3])
        lines.append(f"  {lab(m.mediator)} ({m.role}) {between_words(story, m.parties)}: {len(m.events)} event(s): "
                     f"{events}")
    for b in analytics.brokers[:5]:
        pairs = ", ".join(f"{lab(x)}–{lab(y)}" for x, y in b.between[:3])
        lines.append(f"  go-between in the network: {lab(b.actor)} (betweenness {b.betweenness:.3f})"
                     + (f", the only link of {pairs}" if pairs else ""))

    lines += ["", f"Claims by corroboration (documents that carry each; top {top})"]
    if not analytics.corroboration:
        lines.append("  no claims in the graph")
    for c in analytics.corroboration[:top]:
        outlets = f", {len(c.outlets)} outlet(s)" if c.outlets else ""
        lines.append(f"  {len(c.documents)} doc(s){outlets}: {_cut(c.statement, 90)}")
        lines.append(f"      sources: {', '.join(c.sources)}" + (f"; via: {', '.join(c.via)}" if c.via else ""))

    if analytics.differences:
        lines += ["", "Where the documents differ"]
        lines += [f"  [{d.kind}] {_cut(d.detail, 160)}" for d in analytics.differences[:top]]

    lines += ["", "Communities of actors (Louvain modularity on shared events and claims)"]
    if not analytics.communities:
        lines.append("  no actors share an event or a claim")
    for i, members in enumerate(analytics.communities[:top], 1):
        names = ", ".join(lab(m) for m in members[:8]) + (f" and {len(members) - 8} more" if len(members) > 8 else "")
        lines.append(f"  {i}. ({len(members)}) {names}")
    return "\n".join(lines) + "\n"


def between_words(story: Story, parties: tuple[str, ...]) -> str:
    """'between Russia and Ukraine', 'with Ukraine' (one party named), 'between parties not named'."""
    names = [story.label(p) for p in parties]
    if not names:
        return "between parties not named"
    if len(names) == 1:
        return f"with {names[0]}"
    return "between " + ", ".join(names[:-1]) + " and " + names[-1]


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
