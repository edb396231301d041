"""Time of events on sentences of our own: a present perfect is news of now, and across documents an
undated mention is bounded by its document's publication (graph/extract/events/, graph/resolve/events.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import RDF

from graph.namespaces import PARLEY
from tests.test_events import the_event


def test_a_present_perfect_is_dated_by_publication() -> None:
    event = the_event("Chad and Niger have reached a deal on the border.", "deal")
    assert (event.time.begin, event.time.end) == (dt.date(2024, 10, 30), dt.date(2024, 10, 30))


def test_a_perfect_under_a_modal_stays_undated() -> None:
    assert the_event("Chad would have agreed to the plan.", "agreed").time is None


def test_undated_mentions_of_documents_years_apart_are_different_events() -> None:
    from graph.build import to_graph
    from graph.model import SourceDocument
    from graph.pipeline import analyze, build_corpus

    text = "Qatar mediated talks between Chad and Niger."
    docs = [SourceDocument(id=f"d{year}", text=text, origin=f"d{year}", published=dt.date(year, 3, 1))
            for year in (2021, 2024)]
    _, quads = build_corpus(list(analyze(docs)))
    g = to_graph(quads)
    assert len(set(g.subjects(RDF.type, PARLEY.Negotiation))) == 2


def test_undated_mentions_of_documents_days_apart_are_one_event() -> None:
    from graph.build import to_graph
    from graph.model import SourceDocument
    from graph.pipeline import analyze, build_corpus

    text = "Qatar mediated talks between Chad and Niger."
    docs = [SourceDocument(id=f"d{day}", text=text, origin=f"d{day}", published=dt.date(2024, 3, day))
            for day in (1, 9)]
    _, quads = build_corpus(list(analyze(docs)))
    g = to_graph(quads)
    assert len(set(g.subjects(RDF.type, PARLEY.Negotiation))) == 1


def test_a_truce_and_its_extension_are_two_events() -> None:
    from tests.helpers import graph_of

    g = graph_of("Qatar said on Monday a truce between Chad and Niger had been extended by two days. "
                 "The original four-day truce was due to end on Monday night.")
    assert len(set(g.subjects(RDF.type, PARLEY.Ceasefire))) == 2


def test_an_undated_event_reported_as_done_takes_the_report_s_day() -> None:
    event = the_event("Qatar said on Monday a truce between Chad and Niger had been extended by two days.", "truce")
    assert (event.time.begin, event.time.end) == (dt.date(2024, 10, 28), dt.date(2024, 10, 28))


def test_an_event_reported_as_to_come_takes_no_report_time() -> None:
    assert the_event("Qatar said on Monday that Chad and Niger would meet.", "meet").time is None


@pytest.mark.parametrize(("first", "second", "nodes"), [
    ("Doha", "Geneva", 2),  # different places the gazetteer knows: different talks
    ("Doha", "Qatar", 1),  # a city and the state it lies in may be the same talks
])
def test_across_documents_talks_in_different_places_are_different(first: str, second: str, nodes: int) -> None:
    from graph.build import to_graph
    from graph.model import SourceDocument
    from graph.pipeline import analyze, build_corpus

    docs = [SourceDocument(id=f"d{n}", text=f"Qatar mediated talks between Chad and Niger in {place}.",
                           origin=f"d{n}", published=dt.date(2024, 3, 1 + n))
            for n, place in enumerate((first, second))]
    _, quads = build_corpus(list(analyze(docs)))
    g = to_graph(quads)
    assert len(set(g.subjects(RDF.type, PARLEY.Negotiation))) == nodes
