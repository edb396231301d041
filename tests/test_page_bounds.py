"""The page's size is bounded at any corpus size: a group's members, the names search carries and the
documents of a relation link are each within a budget of style.toml [overview], so that the page of
10,000 articles (whose negotiation tracks have thousands of events) stays a few megabytes."""

from __future__ import annotations

import copy
import datetime as dt

from graph.analytics import analyze
from graph.story import Document, Edge, Evidence, Node, Story
from graph.visualize import load_style, page_data

A = "https://w3id.org/parley/id/"


def _story(events: int = 60, relation_docs: int = 30) -> Story:
    """A track of ``events`` negotiations between Alpha and Beta (each told by its own document), and
    Alpha a member of Gamma, as ``relation_docs`` documents say."""
    docs = {f"{A}doc/d{i:03}": Document(iri=f"{A}doc/d{i:03}", id=f"d{i:03}", title=f"Talks, day {i}",
                                        issued=dt.date(2024, 1, 1) + dt.timedelta(days=i))
            for i in range(max(events, relation_docs))}
    nodes = {f"{A}actor/{name}": Node(iri=f"{A}actor/{name}", kind="State", label=name.title())
             for name in ("alpha", "beta", "gamma")}
    edges = []
    for i in range(events):
        iri = f"{A}event/e{i:03}"
        nodes[iri] = Node(iri=iri, kind="Event", label=f"Talks of day {i}", event_class="Negotiation",
                          plover="CONSULT", begin=dt.date(2024, 1, 1) + dt.timedelta(days=i),
                          evidence=[Evidence(doc=f"{A}doc/d{i:03}", begin=0, end=5, quote="Talks",
                                             after=" resumed between Alpha and Beta.")])
        edges += [Edge(iri, f"{A}actor/alpha", "party"), Edge(iri, f"{A}actor/beta", "party")]
    edges.append(Edge(f"{A}actor/alpha", f"{A}actor/gamma", "memberOf",
                      documents=tuple(sorted(docs)[:relation_docs])))
    return Story(nodes=dict(sorted(nodes.items())), edges=sorted(edges, key=lambda e: (e.source, e.relation, e.target)),
                 documents=docs)


def _page(story: Story, **overview) -> dict:
    style = copy.deepcopy(load_style())
    style["overview"].update(overview)
    return page_data(story, analyze(story), style)


def _track(data: dict) -> tuple[int, list]:
    [(index, item)] = [(i, n) for i, n in enumerate(data["nodes"]) if n[2] == "Track"]
    return index, item


def test_a_drawn_groups_members_have_details_within_member_details_bytes():
    story = _story()
    full = _page(story)
    index, track = _track(full)
    listed = [m[0] for m in full["details"][track[0]]["members"]]
    assert len(listed) == load_style()["overview"]["members_detailed"] < 60
    assert all(m in full["details"] for m in listed)  # within the budget: every member its panel lists
    bounded = _page(story, member_details_bytes=0)
    # Beyond the budget: the group's first member only; the group's panel still lists them all, with their
    # names, and search still finds each (a click on one opens the group's panel).
    assert [m for m in listed if m in bounded["details"]] == listed[:1]
    assert bounded["details"][track[0]]["members"] == full["details"][track[0]]["members"]
    assert {n[2] for n in bounded["names"] if len(n) == 3 and n[1] == index} >= set(listed)
    assert bounded["details"][listed[0]] == full["details"][listed[0]]


def test_search_carries_the_listed_members_and_at_most_search_members_others():
    story = _story()
    full = _page(story)
    index, track = _track(full)
    members = [n for n in full["names"] if len(n) == 3]
    assert len(members) == 60 and [n[2] for n in members] == sorted(n[2] for n in members)
    bounded = _page(story, search_members=5)
    listed = {m[0] for m in bounded["details"][track[0]]["members"]}
    kept = [n for n in bounded["names"] if len(n) == 3]
    assert len(kept) == len(listed) + 5 and {n[2] for n in kept} >= listed
    assert kept == [n for n in members if n[2] in {k[2] for k in kept}]  # in the same order
    unlisted = [n[2] for n in members if n[2] not in listed]
    assert [n[2] for n in kept if n[2] not in listed] == unlisted[:5]  # the first others


def test_a_relation_link_names_at_most_link_documents_documents_and_counts_the_rest():
    story = _story(events=3, relation_docs=30)
    data = _page(story, link_documents=20)
    rel = data["relationNames"].index("memberOf")
    [k] = [str(k) for k, link in enumerate(data["links"]) if link[2] == rel]
    ground = data["linkEvidence"][k]
    names = [data["documents"][d][4] for d in ground["documents"]]
    assert names == sorted(story.documents)[:20] and ground["moreDocuments"] == 10
    few = _page(_story(events=3, relation_docs=4))
    [k] = [str(k) for k, link in enumerate(few["links"]) if link[2] == few["relationNames"].index("memberOf")]
    assert len(few["linkEvidence"][k]["documents"]) == 4 and "moreDocuments" not in few["linkEvidence"][k]


def test_the_pages_bounded_data_is_deterministic():
    story = _story()
    assert _page(story, member_details_bytes=0, search_members=5) == _page(_story(), member_details_bytes=0,
                                                                            search_members=5)


def test_beyond_members_listed_a_groups_panel_lists_its_first_few():
    story = _story()
    data = _page(story, members_listed=0, members_listed_after=5)
    _, track = _track(data)
    panel = data["details"][track[0]]
    assert len(panel["members"]) == 5 and panel["moreMembers"] == 55
    assert [m[0] for m in panel["members"]] == sorted(m for m in story.nodes if "/event/" in m)[:5]


def test_a_large_corpus_names_its_documents_by_outlet_title_and_date_once():
    """Above document_filter_max documents a row leaves out the name its outlet, title and date make
    (the page's script joins them); below it, every row has its name."""
    story = _story()
    outlet = f"{A}actor/gamma"
    story.documents = {iri: Document(iri=d.iri, id=d.id, title=d.title, issued=d.issued, outlet=outlet)
                       for iri, d in story.documents.items()}
    small, large = _page(story), _page(story, document_filter_max=10)
    assert all(row[0] == story.document_name(row[4]) for row in small["documents"])
    assert [row[1:] for row in large["documents"]] == [row[1:] for row in small["documents"]]
    assert all(row[0] is None and " · ".join(row[1:4]) == story.document_name(row[4]) for row in large["documents"])
