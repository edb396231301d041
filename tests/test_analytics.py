"""Reading a core-profile graph into a story, and the networkx analytics on it: a hand-written
profile graph (tests/profile_fixture.py) and the seed build."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from profile_fixture import DOCS, HOSTILE_LABEL, profile_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.analytics import RELATIONS, Story, actor_network, analyze, format_stats, load_graph, read_story
from graph.cli import main
from graph.errors import ParleyError
from graph.namespaces import ID, PARLEY, SEM

A = "https://w3id.org/parley/id/"


@pytest.fixture(scope="module")
def story():
    return read_story(profile_graph())


@pytest.fixture(scope="module")
def analytics(story):
    return analyze(story)


def test_nodes_take_their_kind_label_time_and_wikidata_from_the_profile(story):
    kinds = {iri.removeprefix(A): n.kind for iri, n in story.nodes.items()}
    assert kinds["actor/ukraine"] == "State"
    assert kinds["actor/financial-times"] == "NewsOutlet"  # typed Organization's subclass and Actor: the most specific
    assert kinds["actor/anon-ukrainian-official"] == "AnonymousSource"
    assert kinds["actor/volodymyr-zelensky"] == "Person"
    assert kinds["actor/zelensky-office"] == "Organization"
    assert kinds["actor/doha"] == "Place"
    assert kinds["event/doha-talks"] == "Event" and kinds["claim/derailed"] == "Claim"
    talks = story.nodes[A + "event/doha-talks"]
    assert (talks.event_class, talks.plover) == ("Negotiation", "CONSULT")
    assert (talks.begin, talks.end) == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    assert story.nodes[A + "event/kursk-incursion"].event_class == "MilitaryOperation"
    assert story.nodes[A + "actor/ukraine"].wikidata == "Q212"
    assert story.nodes[A + "actor/ukraine"].alt_labels == ["Kyiv"]
    # An owl:sameAs that is not a Wikidata item (here a javascript: URL) is not taken as one.
    assert story.nodes[A + "actor/mallory"].wikidata is None
    assert story.nodes[A + "actor/mallory"].label == HOSTILE_LABEL


def test_evidence_is_the_exact_text_with_its_sentence(story):
    for node in story.nodes.values():
        for ev in node.evidence:
            text = DOCS[ev.doc.rsplit("/", 1)[-1]][3]
            assert text[ev.begin:ev.end] == ev.quote
            # The context stays inside the sentence: no sentence end within it.
            assert ". " not in ev.before.rstrip(". ") and ". " not in ev.after[:-1]
    zelensky = story.nodes[A + "actor/volodymyr-zelensky"]
    alpha = next(e for e in zelensky.evidence if e.doc.endswith("/alpha"))
    assert (alpha.before, alpha.quote, alpha.after) == ("President ", "Volodymyr Zelensky", " did not comment.")
    qatar_claim = story.nodes[A + "claim/qatar-mediates"]
    assert [a.doc.rsplit("/", 1)[-1] for a in qatar_claim.assertions] == ["alpha", "beta"]
    assert [a.polarity for a in qatar_claim.assertions] == ["positive", "negative"]
    assert qatar_claim.assertions[1].evidence.quote.startswith("A Russian diplomat denied")


def test_edges_are_roles_sources_and_links(story):
    edges = {(e.source.removeprefix(A), e.relation, e.target.removeprefix(A)) for e in story.edges}
    assert ("event/doha-talks", "mediator", "actor/qatar") in edges
    assert ("event/doha-talks", "party", "actor/ukraine") in edges
    # sem:hasActor is only an edge where no specific role says more.
    assert ("event/doha-talks", "actor", "actor/ukraine") not in edges
    assert ("event/doha-talks", "disruptedBy", "event/kursk-incursion") in edges
    assert ("event/kursk-incursion", "attacker", "actor/ukraine") in edges
    assert ("event/doha-talks", "place", "actor/doha") in edges
    assert ("claim/derailed", "source", "actor/financial-times") in edges
    assert ("claim/delegations", "via", "actor/financial-times") in edges
    assert ("actor/anon-ukrainian-official", "affiliation", "actor/ukraine") in edges
    derailed = next(e for e in story.edges if e.source == A + "claim/derailed" and e.relation == "source")
    assert [d.rsplit("/", 1)[-1] for d in derailed.documents] == ["alpha", "beta"]


def test_relations_between_actors_are_edges_of_their_own_kind_with_evidence():
    """Offices, membership, location and distance, built by the pipeline from a text of our own."""
    from helpers import HOSTILE_OFFICE, RELATIONS_TEXT, relations_graph

    graph = relations_graph()
    story = read_story(graph)
    name = story.label
    relations = {(name(e.source), e.relation, e.status, e.words, name(e.target)): e
                 for e in story.edges if e.kind == "relation"}
    assert set(relations) == {
        ("Volodymyr Zelensky", "holdsOffice", None, "President", "Ukraine"),
        ("Mark Rutte", "holdsOffice", None, HOSTILE_OFFICE, "NATO"),
        ("Boris Johnson", "holdsOffice", "former", "Prime Minister", "United Kingdom"),
        ("Mykhailo Podolyak", "holdsOffice", None, "adviser", "Volodymyr Zelensky"),
        ("Poland", "memberOf", None, None, "NATO"),
        ("Kyiv", "locatedIn", None, None, "Ukraine"),
        ("Trypilska TPP", "locatedNear", None, "40 km", "Kyiv"),
    }
    assert {e.kind for e in story.edges if e.relation not in RELATIONS} == {"link"}
    zelensky = relations[("Volodymyr Zelensky", "holdsOffice", None, "President", "Ukraine")]
    assert zelensky.concept == "headOfState" and zelensky.gazetteer  # the text says so, and the gazetteer too
    [ev] = zelensky.evidence
    assert (ev.begin, ev.end, ev.quote) == (0, 38, RELATIONS_TEXT[0:38]) and zelensky.documents == (ev.doc,)
    assert not relations[("Poland", "memberOf", None, None, "NATO")].gazetteer
    # A direct triple that no statement grounds is an edge too, without evidence.
    graph.add((ID["actor/ukraine"], PARLEY.memberOf, ID["actor/nato"]))
    [direct] = [e for e in read_story(graph).edges if e.source == A + "actor/ukraine" and e.relation == "memberOf"]
    assert (direct.target, direct.evidence, direct.documents) == (A + "actor/nato", (), ())
    # Relations take part in the filters (a place's neighbourhood) ...
    assert A + "place/kyiv" in story.filtered(actor="Trypilska TPP").nodes
    assert [(name(e.source), e.relation) for e in story.filtered(kind="place").edges] == [
        ("Trypilska TPP", "locatedNear")]
    # ... but not in the actor network, which links actors that share an event or a claim.
    links_only = Story(nodes=story.nodes, edges=[e for e in story.edges if e.kind != "relation"],
                       documents=story.documents)
    assert sorted(actor_network(story).edges(data=True)) == sorted(actor_network(links_only).edges(data=True))


def test_untyped_participants_and_events_are_still_read():
    g = Graph()
    e, a = ID["event/x"], ID["actor/y"]
    g.add((e, SEM.hasActor, a))  # no rdf:type at all
    g.add((a, RDFS.label, Literal("Someone")))
    story = read_story(g)
    assert story.nodes[str(e)].kind == "Event" and story.nodes[str(a)].kind == "Actor"
    assert story.nodes[str(e)].label == "Event: Someone"  # no rdfs:label: named by class and participants
    assert [(x.relation, x.target) for x in story.edges] == [("actor", str(a))]
    # A subclass the ontology adds is an event too.
    g.add((PARLEY.Ceasefire, RDFS.subClassOf, PARLEY.Agreement))
    g.add((ID["event/z"], RDF.type, PARLEY.Ceasefire))
    assert read_story(g).nodes[str(ID["event/z"])].event_class == "Ceasefire"


def test_mediation_corroboration_differences_and_communities(story, analytics):
    [m] = analytics.mediations
    assert (story.label(m.mediator), m.role, [story.label(p) for p in m.parties]) == \
        ("Qatar", "mediator", ["Russia", "Ukraine"])
    # Qatar alone links the two anonymous sources to the states: the network's go-between.
    assert story.label(analytics.brokers[0].actor) == "Qatar"
    top = analytics.corroboration[:2]
    assert {c.statement for c in top} == {"Qatar is mediating talks between Ukraine and Russia",
                                          "the incursion into the Kursk region derailed the talks"}
    assert all(len(c.documents) == 2 and c.outlets == ("Daily Ledger", "Example Wire") for c in top)
    assert analytics.corroboration[-1].documents and len(analytics.corroboration[-1].documents) == 1
    polarity = [d for d in analytics.differences if d.kind == "polarity"]
    assert len(polarity) == 1 and "negative: Daily Ledger" in polarity[0].detail
    coverage = [d.detail for d in analytics.differences if d.kind == "coverage"]
    assert any("send delegations" in d and "not by Example Wire" in d for d in coverage)
    members = [{story.label(m) for m in c} for c in analytics.communities]
    assert {"Russia", "Ukraine"} in members or any({"Russia", "Ukraine"} <= c for c in members)
    assert all(analytics.community_of[m] == i for i, c in enumerate(analytics.communities) for m in c)
    scores = {a.label: a for a in analytics.actors}
    assert scores["Russia"].events == 3 and scores["Qatar"].events == 1 and scores["Financial Times"].claims == 2
    assert scores["Qatar"].betweenness > 0 == scores["Daily Ledger"].betweenness
    assert analytics.documents == 3


def test_filters(story):
    def labels(s):
        return {n.label for n in s.nodes.values()}

    beta = story.filtered(document="beta")
    assert "Strike on a power plant in Kharkiv" in labels(beta) and "Qatar" in labels(beta)
    assert "a senior Ukrainian official" not in labels(beta)
    assert all(e.source in beta.nodes and e.target in beta.nodes for e in beta.edges)
    qatar = story.filtered(actor="qatar")
    assert {"Qatar", "Talks in Doha on energy strikes", "Ukraine", "Russia", "Doha"} <= labels(qatar)
    assert "Kharkiv" not in labels(qatar)
    assert labels(story.filtered(actor="Kyiv")) == labels(story.filtered(actor="Q212"))  # other name, Wikidata id
    recent = story.filtered(since="2024-09-01")
    assert "Strike on a power plant in Kharkiv" in labels(recent)
    assert "Talks in Doha on energy strikes" not in labels(recent)  # August 2024 ended before
    assert {n.kind for n in story.filtered(kind="event,state").nodes.values()} == {"Event", "State"}
    assert len(story.filtered(kind="claim", document="alpha").nodes) == 2
    for bad in ({"document": "nope"}, {"actor": "Atlantis"}, {"since": "last week"}, {"kind": "planet"}):
        with pytest.raises(ParleyError):
            story.filtered(**bad)


def test_stats_command_and_loading_errors(tmp_path, capsys):
    path = tmp_path / "g.ttl"
    profile_graph().serialize(path, format="turtle")
    assert len(load_graph(path)) == len(profile_graph())
    assert main(["stats", str(path), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "Qatar (mediator) between Russia and Ukraine" in out
    assert "2 doc(s), 2 outlet(s)" in out
    assert main(["stats", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["labels"][A + "actor/qatar"] == "Qatar" and data["documents"] == 3
    (tmp_path / "bad.ttl").write_text("<a> <b> .", encoding="utf-8")
    assert main(["stats", str(tmp_path / "bad.ttl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("parley: error:") and "bad.ttl" in err and len(err.strip().splitlines()) == 1
    assert main(["stats", str(tmp_path / "missing.ttl")]) == 2
    assert main(["stats", str(tmp_path)]) == 2  # a folder with no graph in it


def test_deterministic(story):
    again = read_story(profile_graph())
    assert format_stats(story, analyze(story)) == format_stats(again, analyze(again))


@pytest.mark.slow
def test_seed_build_analytics(seed_build):
    story = read_story(seed_build.graph)
    analytics = analyze(story)
    assert analytics.documents == 5
    labels = {n.label for n in story.nodes.values() if n.is_actor}
    assert {"Ukraine", "Russia"} <= labels
    top = {a.label for a in analytics.actors[:8]}
    assert {"Ukraine", "Russia"} <= top
    # Every node's evidence is the exact text of its document.
    for node in story.nodes.values():
        for ev in node.evidence:
            text = str(seed_build.graph.value(URIRef(ev.doc), URIRef(
                "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString")))
            assert text[ev.begin:ev.end] == ev.quote
    if analytics.corroboration:
        assert analytics.corroboration[0].documents
    text = format_stats(story, analytics)
    assert "Most central actors" in text and "Ukraine" in text


@pytest.mark.slow
def test_store_and_build_folder_load_as_the_built_graph(seed_build, tmp_path):
    from graph.store import add_documents

    built = set(seed_build.graph)
    assert set(load_graph(seed_build.out)) == built  # a build folder: its graph.ttl
    store = tmp_path / "store"
    add_documents(store, list(seed_build.result.analyses))
    assert set(load_graph(store)) == built  # a store: the union of its per-document graphs
    assert main(["stats", str(store), "--top", "2"]) == 0
