"""The panel's "copy as correction": each drawn node (and each claim listed with it) carries a
corrections-file entry that selects it, which, completed with what to change, reads back as a
correction that finds that node and only it."""

from __future__ import annotations

import re
import tomllib

from graph.analytics import analyze
from graph.build import actor_iri, claim_iri, event_iri
from graph.corrections import loads
from graph.corrections.select import Finder
from graph.story_reader import read_story
from graph.visualize import correction_snippet, load_style, page_data

# What the analyst adds under the snippet's comment, by change.
FILLED = {"actor": 'label = "A better name"\n', "event": 'status = "planned"\n', "claim": 'source = ""\n'}


def test_every_drawn_node_carries_a_correction_that_finds_it_again(seed_build):
    story = read_story(seed_build.graph)
    data = page_data(story, analyze(story), load_style())
    corpus = seed_build.result.corpus
    finder = Finder(corpus)
    drawn = {n[0] for n in data["nodes"][: data["drawn"]]}
    snippets = {iri: d["correction"] for iri, d in {**data["details"], **data["claims"]}.items() if "correction" in d}
    # Every drawn plain node has one (groups are not nodes of the graph: their members have theirs).
    assert {i for i in drawn if not i.startswith("group/")} <= set(snippets)
    kinds = {story.nodes[i].kind for i in snippets}
    assert {"Claim", "Event", "State"} <= kinds
    wrong = []
    for iri, snippet in snippets.items():
        table = tomllib.loads(snippet)["correction"][0]
        change = table["change"]
        assert snippet.startswith("[[correction]]\n") and "# then what to change (" in snippet
        filled = snippet + FILLED[change] + 'by = "A. Analyst"\ndate = 2026-12-03\nnote = "seen in the text"\n'
        [correction] = loads(filled, "pasted.toml")
        keys = finder.find(change, correction.targets[0])
        found = [str(actor_iri(corpus.actors[k]) if change == "actor" else event_iri(k) if change == "event"
                     else claim_iri(k)) for k in keys]
        if found != [iri]:
            wrong.append((iri, snippet, found))
    assert not wrong, wrong[:3]


def test_the_snippet_is_toml_whatever_the_name(seed_build):
    story = read_story(seed_build.graph)
    node = next(n for n in story.nodes.values() if n.kind == "State")
    hostile = type(node)(iri=node.iri, kind="State", label='Quote " back\\slash\nnew line = "x"')
    snippet = correction_snippet(hostile, story)
    table = tomllib.loads(snippet)["correction"][0]
    assert table["actor"]["label"] == 'Quote " back\\slash\nnew line = "x"'
    assert not re.search(r"^new line", snippet, re.M)


def test_an_events_snippet_looks_only_at_the_events_of_its_document_and_says_the_same(seed_build):
    """The page finds an event's selector among the events of its first passage's document (a scan of every
    event per drawn event took minutes at 10,000 articles): the same selector as over the whole story."""
    story = read_story(seed_build.graph)
    data = page_data(story, analyze(story), load_style())
    events = [iri for iri, d in data["details"].items() if "correction" in d and story.nodes[iri].kind == "Event"]
    assert len(events) > 5
    for iri in events:
        assert data["details"][iri]["correction"] == correction_snippet(story.nodes[iri], story), iri
