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
