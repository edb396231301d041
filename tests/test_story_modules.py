"""graph/analytics.py split along its ideas: the story, its reader, the network analytics, the text report.

The names callers import from graph.analytics stay importable there, and are the very objects the
new modules define (not copies that could drift apart)."""

from __future__ import annotations

from pathlib import Path

import graph.analytics as analytics
import graph.stats_report as stats_report
import graph.story as story
import graph.story_reader as story_reader


def test_the_old_names_are_the_new_modules_objects():
    for name in ("Story", "Node", "Edge", "Evidence", "Document", "Assertion", "RELATIONS", "ROLE_PROPERTIES",
                 "ACTOR_KINDS", "NODE_KINDS", "first_words"):
        assert getattr(analytics, name) is getattr(story, name), name
    for name in ("read_story", "load_graph", "_sentence_context"):
        assert getattr(analytics, name) is getattr(story_reader, name), name
    for name in ("format_stats", "headline", "headline_counts", "between_words"):
        assert getattr(analytics, name) is getattr(stats_report, name), name


def test_each_module_is_one_idea_of_reasonable_size():
    for module in (analytics, story, story_reader, stats_report):
        lines = Path(module.__file__).read_text(encoding="utf-8").count("\n")
        assert lines <= 800, f"{module.__name__}: {lines} lines"
    # The story knows nothing of networkx nor of rdflib: the page and the store read it without them.
    text = Path(story.__file__).read_text(encoding="utf-8")
    assert "networkx" not in text and "rdflib" not in text
