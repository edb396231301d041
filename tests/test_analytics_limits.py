"""The analytics stay bounded at corpus scale (graph.analytics.Limits): Louvain runs over the most
important actors only, and the betweenness samples pivots within a budget of edge visits."""

from __future__ import annotations

import networkx as nx
import pytest
from profile_fixture import large_profile_graph

from graph.analytics import Limits, _betweenness, actor_network, analyze, read_story


@pytest.fixture(scope="module")
def story():
    return read_story(large_profile_graph(actors=900, events=1200, claims=400))


def test_communities_are_found_among_the_most_important_actors_only(story):
    bounded = analyze(story, limits=Limits(community_actors=120))
    ranked = sorted((a for a in bounded.actors), key=lambda a: (-a.importance, a.iri))
    top = {a.iri for a in ranked[:120]}
    members = {m for c in bounded.communities for m in c}
    assert members and members <= top
    assert set(bounded.community_of) == members
    # Unbounded (the limit above the actors' number), the others take part as well.
    full = analyze(story, limits=Limits(community_actors=10_000))
    assert {m for c in full.communities for m in c} - top
    # Everything else is the same analysis.
    assert bounded.importance == full.importance and bounded.mediations == full.mediations


def test_betweenness_samples_within_its_budget_of_edge_visits(story):
    net = actor_network(story)
    assert net.number_of_nodes() > 800
    edges = net.number_of_edges()
    # A budget of 12 pivots' visits gives the 12-pivot estimate (seeded), not the exact centrality.
    assert _betweenness(net, budget=12 * edges) == nx.betweenness_centrality(net, k=12, seed=7)
    # Where the budget allows fewer than two pivots, it is not estimated at all: no actor is a go-between.
    assert _betweenness(net, budget=edges) == {}
    assert not analyze(story, limits=Limits(betweenness_visits=edges)).brokers
    assert analyze(story, limits=Limits(betweenness_visits=12 * edges)).actors == analyze(
        story, limits=Limits(betweenness_visits=12 * edges)).actors


def test_without_the_whole_actor_network_partners_and_communities_are_the_same():
    """Above 800 actors and beyond the betweenness budget, the whole actor network is not made: each actor's
    partners are counted from the events and claims it shares, the communities found in the network of the
    most important actors alone, and the same as from the whole network."""
    import networkx as nx
    from profile_fixture import large_profile_graph

    from graph.analytics import Limits, _communities, actor_network, analyze, importance, read_story

    story = read_story(large_profile_graph(actors=900, events=900, claims=300))
    limits = Limits(betweenness_visits=1, community_actors=200)
    found = analyze(story, limits=limits)
    net = actor_network(story)
    assert net.number_of_nodes() > 800
    assert {a.iri: a.partners for a in found.actors} == dict(net.degree())
    imp = importance(story)
    ranked = sorted(net, key=lambda i: (-imp.get(i, 0.0), i))[: limits.community_actors]
    among = actor_network(story, set(ranked))
    # The network of the most important actors is the whole network's subgraph of them, its nodes in order
    # (a subgraph view iterates them in a set's order, which changes with PYTHONHASHSEED).
    assert nx.utils.graphs_equal(among, net.subgraph(ranked)) and list(among) == sorted(ranked)
    assert found.communities == _communities(among, story) and found.communities
    assert analyze(story, limits=Limits(community_actors=200)).communities == found.communities
    assert found.brokers == [] and all(a.betweenness == 0 for a in found.actors)
    # Within the budget, the whole network as before: its betweenness, and the go-betweens it names.
    assert analyze(story).brokers
