"""The network analytics of a Story (graph/story.py), with networkx.

``analyze`` computes who is central, who mediates between whom, how many documents corroborate
each claim, where the documents differ, and the communities of actors that act together. The
page and ``parley stats`` both use them. This module also keeps the names that lived here before
the story, its reader and the text report became modules of their own (graph/story.py,
graph/story_reader.py, graph/stats_report.py), so ``from graph.analytics import read_story`` works.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graph.stats_report import (  # noqa: F401 - re-exported
    ACTOR_KINDS_COUNTED,
    _cut,
    between_words,
    format_stats,
    headline,
    headline_counts,
)
from graph.story import (  # noqa: F401 - re-exported: graph.analytics is where callers find them
    ACTOR_KIND_ORDER,
    ACTOR_KINDS,
    EVENT_CLASSES,
    KIND_ALIASES,
    NODE_KINDS,
    RELATIONS,
    ROLE_PROPERTIES,
    Assertion,
    Document,
    Edge,
    Evidence,
    Node,
    Story,
    first_words,
)
from graph.story_reader import _sentence_context, load_graph, read_story  # noqa: F401 - re-exported

# ------------------------------------------------------------------ analytics


@dataclass(frozen=True, slots=True)
class ActorScore:
    iri: str
    label: str
    kind: str
    events: int  # events it takes part in
    claims: int  # claims it is the source of, passes on, or is the subject of
    partners: int  # distinct actors it shares an event or a claim with
    betweenness: float  # in the actor network: how much it sits between others
    importance: float  # PageRank in the whole graph (also sizes the nodes)


@dataclass(frozen=True, slots=True)
class Mediation:
    mediator: str
    role: str  # mediator | host
    parties: tuple[str, ...]
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Broker:
    """An actor that links actors who are not linked to each other (a structural go-between)."""

    actor: str
    betweenness: float
    between: tuple[tuple[str, str], ...]  # pairs it connects that share no event or claim


@dataclass(frozen=True, slots=True)
class Corroboration:
    claim: str
    statement: str
    documents: tuple[str, ...]
    outlets: tuple[str, ...]  # publishers, where the documents name them
    sources: tuple[str, ...]  # labels; "(own voice)" where the document speaks itself
    via: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Difference:
    """A point where the documents do not tell the same story."""

    subject: str  # the event, actor or claim it is about
    kind: str  # polarity | certainty | coverage
    detail: str  # in plain words


@dataclass(slots=True)
class Analytics:
    importance: dict[str, float]
    actors: list[ActorScore]
    mediations: list[Mediation]
    brokers: list[Broker]
    corroboration: list[Corroboration]
    differences: list[Difference]
    communities: list[list[str]]
    community_of: dict[str, int]
    components: int
    documents: int


def _hubs(story: Story) -> dict[str, set[str]]:
    """The actors of each event and claim (the hubs that link actors in the actor network)."""
    around: dict[str, set[str]] = defaultdict(set)
    for e in story.edges:
        hub, other = story.nodes[e.source], story.nodes[e.target]
        if hub.kind in ("Event", "Claim") and other.is_actor:
            around[e.source].add(e.target)
    return around


def actor_network(story: Story, among: set[str] | None = None, hubs: dict[str, set[str]] | None = None) -> nx.Graph:
    """Actors linked when they share an event or a claim; weight = how many they share. ``among``: only
    these actors (the same graph as the whole network's subgraph of them, nodes and edges in the same order)."""
    around = hubs if hubs is not None else _hubs(story)
    g = nx.Graph()
    g.add_nodes_from(sorted(n.iri for n in story.nodes.values() if n.is_actor and (among is None or n.iri in among)))
    # Counted first, then added at once (in the order of their first sharing, as edge by edge did):
    # networkx's edge lookups were most of the time at 167,000 edges.
    weights: Counter[tuple[str, str]] = Counter()
    for hub in sorted(around):
        actors = around[hub] if among is None else around[hub] & among
        weights.update(combinations(sorted(actors), 2))
    g.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return g


def _partners(story: Story, hubs: dict[str, set[str]]) -> dict[str, int]:
    """Each actor's degree in the actor network (the actors it shares an event or a claim with), from the
    hubs' sets, without the network: a claim of thousands of actors is millions of pairs."""
    hubs_of: dict[str, list[set[str]]] = defaultdict(list)
    for actors in hubs.values():
        for a in actors:
            hubs_of[a].append(actors)
    return {n.iri: len(set().union(*hubs_of[n.iri])) - 1 if n.iri in hubs_of else 0
            for n in story.nodes.values() if n.is_actor}


def importance(story: Story) -> dict[str, float]:
    """PageRank of every node in the undirected graph (isolated nodes get the floor)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(story.nodes))
    g.add_edges_from((e.source, e.target) for e in story.edges)
    if g.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(g, alpha=0.85, tol=1e-10, max_iter=500)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - undirected graphs converge
        return nx.degree_centrality(g)


@dataclass(frozen=True, slots=True)
class Limits:
    """How far the analytics go, so that their cost stays bounded at any corpus size (a page of 10,000
    articles should not spend minutes on them). Below both limits the results are exact.

    betweenness_visits: edge visits the betweenness may make (one pivot visits every edge once); above
      800 actors it samples as many pivots as the budget allows, with a fixed seed, and where that is
      fewer than two it is not estimated (every actor's betweenness reads 0; no go-between is named).
    community_actors: Louvain runs over the actor network of this many most important actors
      (PageRank): about the ones a page draws and details (style.toml [overview]); the others are in no community.
    """

    betweenness_visits: int = 1_500_000
    community_actors: int = 600


_LIMITS = Limits()


def _betweenness(g: nx.Graph, budget: int = _LIMITS.betweenness_visits) -> dict[str, float]:
    if g.number_of_nodes() > 800:  # exact is O(VE): sample pivots, with a fixed seed for repeatability,
        # as many as the budget of edge visits allows: a dense actor network of a large corpus (167,000
        # edges at 500 articles) took 90 s with 300 pivots, the page's whole budget.
        k = min(300, budget // max(1, g.number_of_edges()))
        if k < 2:  # (10,000 articles: 10 pivots had not finished in 4 minutes): not estimated at all
            return {}
        return nx.betweenness_centrality(g, k=min(k, g.number_of_nodes()), seed=7)
    return nx.betweenness_centrality(g)


def analyze(story: Story, top_brokers: int = 10, limits: Limits = _LIMITS) -> Analytics:
    imp = importance(story)
    hubs = _hubs(story)
    partners = _partners(story, hubs)
    # The whole actor network is made only where the betweenness is estimated on it: above 800 actors
    # and beyond the budget it is not (Limits), and what else reads it (the partners, the communities of
    # the most important actors) is counted without it (at 10,000 articles: 11.5 million pairs, 38 s).
    pairs = sum(partners.values()) // 2
    whole = len(partners) <= 800 or limits.betweenness_visits // max(1, pairs) >= 2
    net = actor_network(story, hubs=hubs) if whole else None
    btw = _betweenness(net, limits.betweenness_visits) if net is not None else {}
    events: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for e in story.edges:
        kind = story.nodes[e.source].kind
        if kind == "Event" and story.nodes[e.target].is_actor:
            events[e.target] += 1
        elif kind == "Claim" and story.nodes[e.target].is_actor:
            claims[e.target] += 1
    actors = [ActorScore(iri=n.iri, label=n.label, kind=n.kind, events=events[n.iri], claims=claims[n.iri],
                         partners=partners[n.iri], betweenness=btw.get(n.iri, 0.0), importance=imp.get(n.iri, 0.0))
              for n in story.nodes.values() if n.is_actor]
    actors.sort(key=lambda a: (-a.importance, -a.betweenness, a.label))

    ranked = sorted(partners, key=lambda i: (-imp.get(i, 0.0), i))[: limits.community_actors]
    if len(ranked) < len(partners):
        # (made, not net.subgraph(ranked): a subgraph of fewer than half the nodes iterates them in the
        # order of a set of strings, which changes with PYTHONHASHSEED, and Louvain's groups with it)
        among = actor_network(story, set(ranked), hubs)
    else:
        among = net if net is not None else actor_network(story, hubs=hubs)
    communities = _communities(among, story)
    community_of = {iri: i for i, members in enumerate(communities) for iri in members}
    undirected = nx.Graph()
    undirected.add_nodes_from(story.nodes)
    undirected.add_edges_from((e.source, e.target) for e in story.edges)
    return Analytics(
        importance=imp, actors=actors, mediations=mediations(story),
        brokers=brokers(story, net, btw, top_brokers) if net is not None else [],
        corroboration=corroboration(story), differences=differences(story), communities=communities,
        community_of=community_of, components=nx.number_connected_components(undirected) if story.nodes else 0,
        documents=len({d for n in story.nodes.values() for d in n.documents}))


def mediations(story: Story) -> list[Mediation]:
    """Who mediates (or hosts) between whom, from the events' roles."""
    found: dict[tuple[str, str, tuple[str, ...]], set[str]] = defaultdict(set)
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in story.edges:
        if story.nodes[e.source].kind == "Event":
            roles[e.source][e.relation].add(e.target)
    for event, by_role in roles.items():
        parties = by_role.get("party", set()) | by_role.get("attacker", set()) | by_role.get("target", set())
        for role in ("mediator", "host"):
            for m in by_role.get(role, ()):
                between = tuple(sorted(parties - {m}, key=story.label))
                found[(m, role, between)].add(event)
    result = [Mediation(mediator=m, role=role, parties=parties, events=tuple(sorted(evs)))
              for (m, role, parties), evs in found.items()]
    result.sort(key=lambda x: (x.role != "mediator", -len(x.events), story.label(x.mediator), x.parties))
    return result


def brokers(story: Story, net: nx.Graph | None = None, btw: dict[str, float] | None = None,
            top: int = 10) -> list[Broker]:
    """Actors with the highest betweenness in the actor network, with pairs only they connect."""
    net = net if net is not None else actor_network(story)
    btw = btw if btw is not None else _betweenness(net)
    result = []
    for iri in sorted(btw, key=lambda i: (-btw[i], story.label(i))):
        if btw[iri] <= 0 or len(result) >= top:
            break
        neighbours = sorted(net.neighbors(iri), key=lambda i: (-net[iri][i]["weight"], story.label(i)))
        pairs = tuple((a, b) for a, b in combinations(neighbours[:12], 2) if not net.has_edge(a, b))[:6]
        result.append(Broker(actor=iri, betweenness=btw[iri], between=pairs))
    return result


def corroboration(story: Story) -> list[Corroboration]:
    """Every claim with the documents, outlets and sources that carry it, most corroborated first."""
    result = []
    for claim in story.of_kind("Claim"):
        docs = sorted(claim.documents)
        sources = sorted({story.label(a.source) if a.source else "(own voice)" for a in claim.assertions})
        via = sorted({story.label(v) for a in claim.assertions for v in a.via})
        # Outlets only where the documents name their publisher: a document's id is not an outlet.
        outlets = sorted({story.label(o) for d in docs if (o := getattr(story.documents.get(d), "outlet", None))})
        result.append(Corroboration(claim=claim.iri, statement=claim.statement or claim.label, documents=tuple(docs),
                                    outlets=tuple(outlets), sources=tuple(sources), via=tuple(via)))
    result.sort(key=lambda c: (-len(c.documents), -len(c.outlets), c.statement))
    return result


def differences(story: Story) -> list[Difference]:
    """Where documents differ: a claim asserted and denied, or with different certainty, and
    events or claims that only some of the documents reporting on the same subject carry."""
    found = []
    # (each document's outlet and each node's documents once: at 10,000 articles the events' coverage
    # asked for them 22 million times, 29 s)
    outlet_of = _Memo(story.outlet_of)
    documents_of = _Memo(lambda iri: story.nodes[iri].documents)
    for claim in story.of_kind("Claim"):
        polarities = defaultdict(set)
        certainties = defaultdict(set)
        for a in claim.assertions:
            if a.polarity and a.doc:
                polarities[a.polarity].add(outlet_of[a.doc])
            if a.certainty and a.doc:
                certainties[a.certainty].add(outlet_of[a.doc])
        text = claim.statement or claim.label
        found += [Difference(claim.iri, kind, f"“{_cut(text, 100)}”: {description}")
                  for kind, description in claim.discrepancies if description]
        if len(polarities) > 1:
            detail = "; ".join(f"{p}: {', '.join(sorted(o))}" for p, o in sorted(polarities.items()))
            found.append(Difference(claim.iri, "polarity", f"“{text}” is asserted and denied ({detail})"))
        if len(certainties) > 1:
            detail = "; ".join(f"{c}: {', '.join(sorted(o))}" for c, o in sorted(certainties.items()))
            found.append(Difference(claim.iri, "certainty", f"“{text}” is told with different certainty ({detail})"))
    # Coverage: for each event, the claims about it that not every reporting document carries.
    about = defaultdict(list)
    for e in story.edges:
        if e.relation == "about" and story.nodes[e.target].kind == "Event":
            about[e.target].append(story.nodes[e.source])
    for event_iri in sorted(about):
        event = story.nodes[event_iri]
        reporting = documents_of[event_iri].union(*(documents_of[c.iri] for c in about[event_iri]))
        if len(reporting) < 2:
            continue
        for claim in sorted(about[event_iri], key=lambda c: c.iri):
            claim_documents = documents_of[claim.iri]
            missing = reporting - claim_documents
            if claim_documents and missing:
                carried = ", ".join(sorted(set(map(outlet_of.__getitem__, claim_documents))))
                silent = ", ".join(sorted(set(map(outlet_of.__getitem__, missing))))
                found.append(Difference(event_iri, "coverage",
                                        f"on {event.label}: “{claim.statement or claim.label}” — reported by {carried};"
                                        f" not by {silent}"))
    return found


class _Memo(dict):
    """A function's answers, each computed once (``memo[x]``)."""

    def __init__(self, function) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, key):
        value = self[key] = self._function(key)
        return value


def _communities(net: nx.Graph, story: Story) -> list[list[str]]:
    """Groups of actors that act together, largest first: Louvain modularity (near-linear; greedy
    modularity took minutes at 6,000 actors), with a fixed seed so that a graph always gives the same groups."""
    # (a copy, not a view: Louvain on a subgraph view took three times as long)
    linked = net.subgraph([n for n in net if net.degree(n) > 0]).copy()
    if linked.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(linked, weight="weight", seed=7)
    result = [sorted(g, key=lambda i: (-net.degree(i, weight="weight"), story.label(i))) for g in groups]
    result = [g for g in result if len(g) > 1]
    result.sort(key=lambda g: (-len(g), story.label(g[0])))
    return result

