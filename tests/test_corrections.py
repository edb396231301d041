"""Analysts' corrections on the sample corpus: each kind changes exactly what it says (the graph's
difference from the machine's is computed, not assumed), carries its provenance in the graph (read
back with SPARQL), and the stale, ambiguous and conflicting ones are reported by name."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from graph.build import to_graph
from graph.corrections import CorrectionsError, loads
from graph.corrections.rdf import CORRECTIONS_GRAPH
from graph.namespaces import ID, PARLEY, PLOVER, SEM
from graph.pipeline import build_corpus

DOC0, DOC1, DOC2, DOC3, DOC4 = ("000_02fd79b4fe64c311", "001_6d817012817a1071", "002_7a463858d695400c",
                                "003_2c4ccad2c704752d", "004_97db25728dff38dc")
WHO = 'by = "A. Analyst"\ndate = 2026-12-03\nnote = "seen in the text"\n'


def corrections(*tables: str):
    return loads("".join(f"[[correction]]\n{t.strip()}\n{WHO}\n" for t in tables), "test.toml")


@pytest.fixture(scope="module")
def analyses(seed_build):
    return list(seed_build.result.analyses)


# The ready queries' orders (graph.build.add_sort_keys) are positions among all claims or events: a correction that
# moves one event renumbers others. What a correction changes is compared without them.
ORDERS = {PARLEY.statementOrder, PARLEY.outletOrder, PARLEY.timelineOrder}


@pytest.fixture(scope="module")
def machine(analyses) -> set:
    _, quads = build_corpus(analyses)
    return {(s, p, o) for s, p, o, _ in quads.quads() if p not in ORDERS}


def corrected(analyses, *tables: str):
    """(the corpus, the graph's triples outside the corrections' graph, the whole graph)."""
    corpus, quads = build_corpus(analyses, corrections(*tables))
    triples = {(s, p, o) for s, p, o, g in quads.quads() if g != CORRECTIONS_GRAPH and p not in ORDERS}
    return corpus, triples, to_graph(quads)


def actor(key: str) -> URIRef:
    return ID[f"actor/{key}"]


def event_with(graph_triples: set, label: str) -> URIRef:
    [iri] = [s for s, p, o in graph_triples if p == RDFS.label and o == Literal(label) and "/event/" in s]
    return iri


def ask(graph: Graph, query: str) -> list:
    return list(graph.query(query, initNs={"parley": PARLEY, "prov": URIRef("http://www.w3.org/ns/prov#"),
                                           "dcterms": URIRef("http://purl.org/dc/terms/"), "rdf": RDF,
                                           "rdfs": RDFS, "id": ID}))


# ------------------------------------------------------------------ each kind changes exactly what it says


def test_an_actors_kind_changes_its_type_and_nothing_else(analyses, machine):
    corpus, triples, graph = corrected(analyses, """
        name = "government-is-an-organization"
        change = "actor"
        actor = { label = "government", kind = "Actor" }
        kind = "Organization"
    """)
    gov = actor("government")
    assert machine - triples == {(gov, RDF.type, PARLEY.Actor)}
    assert triples - machine == {(gov, RDF.type, PARLEY.Organization)}
    assert not corpus.corrections.problems


def test_an_actors_name_and_wikidata_item(analyses, machine):
    _, triples, graph = corrected(analyses, """
        change = "actor"
        actor = "NNEGC 'Energoatom'"
        label = "Energoatom"
        wikidata = "Q1346599"
    """)
    node = actor("nnegc-energoatom")
    assert machine - triples == {(node, RDFS.label, Literal("NNEGC 'Energoatom'"))}
    assert triples - machine == {(node, RDFS.label, Literal("Energoatom")),
                                 (node, SKOS.altLabel, Literal("NNEGC 'Energoatom'")),
                                 (node, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1346599"))}


def test_not_an_actor_removes_it_and_every_reference_and_keeps_the_original_queryable(analyses, machine):
    corpus, triples, graph = corrected(analyses, """
        name = "government-is-no-actor"
        change = "not-actor"
        actor = { label = "government", document = "000_02fd79b4fe64c311" }
    """)
    gov = actor("government")
    assert not triples - machine
    gone = machine - triples
    assert gone and all(gov in (s, o) or "#char=" in s for s, p, o in gone)  # (or a mention only it grounded)
    assert not any(gov in (s, o) for s, p, o in triples)
    assert "government" not in corpus.actors
    # The machine's original: the source it gave a claim, reified, with who took it away.
    rows = ask(graph, f"""SELECT ?a ?who WHERE {{ ?c parley:retracts ?st ; prov:wasAttributedTo/rdfs:label ?who .
                           ?st rdf:subject ?a ; rdf:predicate parley:source ; rdf:object <{gov}> }}""")
    assert rows and {str(r.who) for r in rows} == {"A. Analyst"}
    assert ask(graph, f"SELECT ?c WHERE {{ ?c parley:mergedAway <{gov}> }}")


def test_same_actor_merges_the_second_into_the_first(analyses, machine):
    corpus, triples, _ = corrected(analyses, """
        change = "same-actor"
        actors = [{ label = "senior Ukrainian official", document = "001_6d817012817a1071" },
                  { label = "senior Ukrainian official", document = "003_2c4ccad2c704752d" }]
    """)
    kept, merged = actor(f"{DOC1[:3]}-{DOC1[4:]}/senior-ukrainian-official"), \
        actor(f"{DOC3[:3]}-{DOC3[4:]}/senior-ukrainian-official")
    assert not any(merged in (s, o) for s, p, o in triples)
    moved = {(kept if s == merged else s, p, kept if o == merged else o) for s, p, o in machine - triples}
    assert moved, "the merged node had triples"
    assert triples - machine <= moved  # everything added is what the merged node had, now on the kept one
    own = {(kept, RDF.type, PARLEY.AnonymousSource), (kept, RDFS.label, Literal("senior Ukrainian official"))}
    assert moved - own <= triples
    assert corpus.corrections.moved == {"003-2c4ccad2c704752d/senior-ukrainian-official":
                                        "001-6d817012817a1071/senior-ukrainian-official"}


def test_different_actors_splits_one_documents_mentions_off_with_what_that_document_says(analyses, machine):
    corpus, triples, graph = corrected(analyses, """
        name = "the-fourth-outlets-ft"
        change = "different-actors"
        actors = [{ label = "Financial Times" }, { label = "Financial Times", document = "004_97db25728dff38dc" }]
    """)
    [new_key] = [k for k in corpus.actors if k.startswith("financial-times~")]
    ft, new = actor("financial-times"), actor(new_key)
    assert {m.doc_id for m in corpus.actors[new_key].mentions} == {DOC4}
    assert DOC4 not in {m.doc_id for m in corpus.actors["financial-times"].mentions}
    via_in = {}
    for s, p, o in triples:
        if p == PARLEY.via:
            via_in.setdefault(o, set()).add(s.split("/assertion/")[1][:3])
    assert via_in[new] == {"004"} and "004" not in via_in[ft]
    assert (new, RDF.type, PARLEY.NewsOutlet) in triples
    assert ask(graph, f"ASK {{ <{new}> parley:correctedBy ?c . ?c rdfs:label 'the-fourth-outlets-ft' }}")[0]


def test_different_actors_that_are_apart_already_hold(analyses, machine):
    corpus, triples, graph = corrected(analyses, """
        name = "two-states"
        change = "different-actors"
        actors = ["Qatar", "Switzerland"]
    """)
    assert triples == machine
    assert [a.already for a in corpus.corrections.applied] == [True]
    [row] = ask(graph, "SELECT ?s WHERE { ?c rdfs:label 'two-states' ; parley:correctionStatus ?s }")
    assert row.s == PARLEY.already


def test_an_events_roles_remove_a_party_and_add_a_host(analyses, machine):
    _, triples, graph = corrected(analyses, """
        name = "summit-roles"
        change = "event"
        event = { kind = "Summit", with = "Switzerland", words = "summit" }
        remove = { party = ["Volodymyr Zelensky"] }
        add = { host = [{ label = "Switzerland", kind = "State" }] }
    """)
    summit = event_with(machine, "Peace summit between Ukraine and Volodymyr Zelensky in Switzerland, Jun 2024")
    zelensky, swiss = actor("volodymyr-zelensky"), actor("switzerland")
    assert machine - triples == {(summit, PARLEY.party, zelensky), (summit, SEM.hasActor, zelensky)}
    assert triples - machine == {(summit, PARLEY.host, swiss), (summit, SEM.hasActor, swiss)}
    # The corrected edge, as the page and a query find it: a reified statement the correction asserts.
    assert ask(graph, f"""ASK {{ ?c parley:asserts ?st ; rdfs:label 'summit-roles' . ?st rdf:subject <{summit}> ;
                             rdf:predicate parley:host ; rdf:object <{swiss}> .
                             <{summit}> parley:correctedBy ?c }}""")[0]


def test_an_events_status_time_and_place(analyses, machine):
    _, triples, _ = corrected(analyses, """
        change = "event"
        event = { label = "Negotiations between Russia and Ukraine in Doha" }
        status = "negated"
        time = "2024-08"
        add = { place = ["Qatar"] }
    """)
    meeting = event_with(machine, "Negotiations between Russia and Ukraine in Doha")
    assert machine - triples == {(meeting, PARLEY.status, PARLEY.planned)}
    assert triples - machine == {(meeting, PARLEY.status, PARLEY.negated),
                                 (meeting, SEM.hasBeginTimeStamp, Literal("2024-08-01", datatype=XSD.date)),
                                 (meeting, SEM.hasEndTimeStamp, Literal("2024-08-31", datatype=XSD.date)),
                                 (meeting, SEM.hasPlace, actor("qatar"))}


def test_an_events_kind_brings_its_plover_category(analyses, machine):
    _, triples, _ = corrected(analyses, """
        change = "event"
        event.kind = "Agreement"
        event.label = "Official agreement between Russia, Ukraine and Vladimir Putin"
        event.document = "002_7a463858d695400c"
        kind = "Negotiation"
    """)
    official = event_with(machine, "Official agreement between Russia, Ukraine and Vladimir Putin")
    gone, added = machine - triples, triples - machine
    assert {(official, RDF.type, PARLEY.Agreement), (official, SEM.eventType, PLOVER.AGREE)} <= gone
    assert added == {(official, RDF.type, PARLEY.Negotiation), (official, SEM.eventType, PLOVER.CONSULT)}
    assert all(s == official and p in (RDF.type, SEM.eventType, PARLEY.cameoCode) for s, p, o in gone)


def test_same_event_and_not_event(analyses, machine):
    corpus, triples, _ = corrected(analyses, """
        change = "same-event"
        events = [{ label = "Peace talks" }, { label = "Broader peace talks" }]
    """, """
        change = "not-event"
        event = { label = "Violation", document = "002_7a463858d695400c" }
    """)
    talks, broader = event_with(machine, "Peace talks"), event_with(machine, "Broader peace talks")
    violation = event_with(machine, "Violation")
    assert not any(broader in (s, o) or violation in (s, o) for s, p, o in triples)
    broader_mentions = {o for s, p, o in machine if s == broader and p == URIRef(
        "http://groundedannotationframework.org/gaf#denotedBy")}
    assert broader_mentions and all((talks, p, m) in triples for p in [URIRef(
        "http://groundedannotationframework.org/gaf#denotedBy")] for m in broader_mentions)
    assert (talks, PARLEY.status, PARLEY.hypothetical) in triples  # the first one's
    assert len(corpus.events) == len(build_corpus(analyses)[0].events) - 2  # one merged away, one removed


def test_different_events_splits_one_documents_mentions_off(analyses):
    # The seeds hold more than one Qatar-mediated negotiation reported by both documents; the analyst names the
    # one by its label, as the page shows it (the selector with kind and mediator alone is ambiguous, as reported).
    machine_corpus, _ = build_corpus(analyses)
    [label, *_] = sorted(node.label for node in machine_corpus.events.values()
                         if node.event_class == "Negotiation" and "qatar" in node.roles.get("mediator", set())
                         and {DOC0, DOC4} <= {m.doc_id for m in node.mentions})
    corpus, triples, _ = corrected(analyses, f"""
        change = "different-events"
        events = [{{ label = "{label}", document = "{DOC0}" }},
                  {{ label = "{label}", document = "{DOC4}" }}]
    """)
    [new] = [k for k in corpus.events if "~" in k]
    old = new.split("~")[0]
    assert {m.doc_id for m in corpus.events[new].mentions} == {DOC4}
    assert DOC4 not in {m.doc_id for m in corpus.events[old].mentions}
    assert corpus.events[new].roles["mediator"] == {"qatar"}  # what the machine knew of it comes along


def test_not_claim_removes_the_claim_and_its_assertions(analyses, machine):
    corpus, triples, _ = corrected(analyses, """
        change = "not-claim"
        claim = { label = "Neither the Ukrainian nor the Russian side has officially commented on this report" }
    """)
    [claim] = [s for s, p, o in machine if p == PARLEY.statement and str(o).startswith("Neither the Ukrainian")]
    assertions = {o for s, p, o in machine if s == claim and p == PARLEY.assertion}
    assert assertions and not any(s in assertions | {claim} for s, p, o in triples)
    assert not triples - machine


def test_a_claims_source_and_intermediaries_in_one_document(analyses, machine):
    _, triples, graph = corrected(analyses, """
        name = "leverage-own-voice"
        change = "claim"
        claim = { words = "leverage", document = "000_02fd79b4fe64c311" }
        source = { label = "Ukrainian officials" }
        via = []
    """)
    [assertion] = {s for s, p, o in machine - triples}
    assert "/assertion/000-" in assertion
    assert machine - triples == {(assertion, PARLEY.source, actor("financial-times")),
                                 (assertion, PARLEY.via, actor("financial-times")),
                                 (assertion, PARLEY.viaChain, Literal("Financial Times"))}
    assert triples - machine == {(assertion, PARLEY.source, actor("001-6d817012817a1071/ukrainian-officials"))}
    # The other documents' reports of the claim keep their sources.
    others = [s for s, p, o in triples if p == PARLEY.source and "/assertion/00" in s and s != assertion]
    assert others


# ------------------------------------------------------------------ provenance


def test_provenance_through_sparql_names_the_analyst_the_date_and_the_note(analyses):
    _, _, graph = corrected(analyses, """
        name = "doha-did-not-happen"
        change = "event"
        event = { label = "Negotiations between Russia and Ukraine in Doha" }
        status = "negated"
    """)
    [row] = ask(graph, """SELECT ?node ?who ?date ?note ?was WHERE {
        ?node parley:correctedBy ?c . ?c a parley:Correction ; prov:wasAttributedTo ?agent ; dcterms:date ?date ;
        rdfs:comment ?note ; parley:asWritten ?was . ?agent a prov:Agent ; rdfs:label ?who }""")
    assert (str(row.who), row.date.toPython().isoformat(), str(row.note)) == ("A. Analyst", "2026-12-03",
                                                                             "seen in the text")
    assert 'status = "negated"' in str(row.was)
    # The machine's status stays queryable, reified, and not asserted.
    assert ask(graph, f"ASK {{ ?c parley:retracts ?st . ?st rdf:subject <{row.node}> ; rdf:predicate parley:status ;"
                      " rdf:object parley:planned }")[0]
    assert (row.node, PARLEY.status, PARLEY.planned) not in graph


def test_the_corrected_graph_conforms_to_the_shapes(analyses):
    from graph.validate import validate_graph

    _, _, graph = corrected(analyses, """
        change = "same-actor"
        actors = [{ label = "senior Ukrainian official", document = "001_6d817012817a1071" },
                  { label = "senior Ukrainian official", document = "003_2c4ccad2c704752d" }]
    """, """
        change = "not-actor"
        actor = "Atlantis"
    """, """
        change = "event"
        event = { label = "Negotiations between Russia and Ukraine in Doha" }
        add = { mediator = ["Qatar"] }
    """)
    assert validate_graph(graph).conforms
    [correction] = graph.subjects(PARLEY.change, Literal("event"))
    graph.remove((correction, RDFS.comment, None))
    report = validate_graph(graph)
    assert not report.conforms and any("a correction needs exactly one note" in line for line in report.lines())


# ------------------------------------------------------------------ nothing lost silently


def test_stale_and_ambiguous_corrections_are_reported_by_name_and_change_nothing(analyses, machine):
    corpus, triples, graph = corrected(analyses, """
        name = "no-such-actor"
        change = "not-actor"
        actor = "Atlantis"
    """, """
        name = "which-official"
        change = "actor"
        actor = "senior Ukrainian official"
        kind = "Person"
    """, """
        name = "not-a-party"
        change = "event"
        event = { label = "Negotiations between Russia and Ukraine in Doha" }
        remove = { party = ["Qatar"] }
    """)
    assert triples == machine
    lines = corpus.corrections.lines()
    assert [line.split("'")[1] for line in lines] == ["no-such-actor", "which-official", "not-a-party"]
    assert "matches no actor" in lines[0] and "test.toml: correction 1" in lines[0]
    assert "matches 2 actors" in lines[1] and "001-6d817012817a1071/senior-ukrainian-official" in lines[1]
    assert "does not say" in lines[2]
    rows = ask(graph, "SELECT ?n ?s WHERE { ?c rdfs:label ?n ; parley:correctionStatus ?s }")
    statuses = {str(r.n): r.s for r in rows}
    assert set(statuses.values()) == {PARLEY.stale}


def test_a_conflicting_pair_is_refused_naming_both(analyses, machine):
    corpus, triples, _ = corrected(analyses, """
        name = "one-official"
        change = "same-actor"
        actors = [{ label = "senior Ukrainian official", document = "001_6d817012817a1071" },
                  { label = "senior Ukrainian official", document = "003_2c4ccad2c704752d" }]
    """, """
        name = "two-officials"
        change = "different-actors"
        actors = [{ label = "senior Ukrainian official", document = "003_2c4ccad2c704752d" },
                  { label = "senior Ukrainian official", document = "001_6d817012817a1071" }]
    """, """
        name = "doha-planned"
        change = "event"
        event = { label = "Negotiations between Russia and Ukraine in Doha" }
        status = "planned"
    """, """
        name = "doha-negated"
        change = "event"
        event = { label = "Negotiations between Russia and Ukraine in Doha" }
        status = "negated"
    """, """
        name = "energoatom-kind"
        change = "actor"
        actor = "NNEGC 'Energoatom'"
        kind = "State"
    """)
    conflicts = corpus.corrections.conflicts
    assert {(p.correction.name, p.other.name) for p in conflicts} == {
        ("one-official", "two-officials"), ("two-officials", "one-official"),
        ("doha-planned", "doha-negated"), ("doha-negated", "doha-planned")}
    assert all("neither is applied" in p.describe() for p in conflicts)
    # Only the one that contradicts nothing is applied.
    assert [a.correction.name for a in corpus.corrections.applied] == ["energoatom-kind"]
    assert machine - triples == {(actor("nnegc-energoatom"), RDF.type, PARLEY.Organization)}


def test_removed_and_edited_conflict(analyses):
    corpus, _, _ = corrected(analyses, """
        name = "drop-government"
        change = "not-actor"
        actor = "government"
    """, """
        name = "rename-government"
        change = "actor"
        actor = { label = "government", kind = "Actor" }
        label = "the government"
    """)
    assert {p.correction.name for p in corpus.corrections.conflicts} == {"drop-government", "rename-government"}


# ------------------------------------------------------------------ the file


@pytest.mark.parametrize("text, problem", [
    ('[[correction]]\nchange = "not-actor"\nactor = "X"\ndate = 2026-12-03\nnote = "n"\n', "'by' (who made it)"),
    ('[[correction]]\nchange = "not-actor"\nactor = "X"\nby = "me"\nnote = "n"\n', "'date' (when it was made)"),
    ('[[correction]]\nchange = "not-actor"\nactor = "X"\nby = "me"\ndate = 2026-12-03\n', "'note' (why)"),
    ('[[correction]]\nchange = "merge"\n', "'change' must be one of"),
    ('[[correction]]\nchange = "event"\nevent = "talks"\nstatus = "done"\n' + WHO, "'status' must be one of"),
    ('[[correction]]\nchange = "event"\nevent = "talks"\nadd = { judge = ["X"] }\n' + WHO, "unknown role 'judge'"),
    ('[[correction]]\nchange = "actor"\nactor = { nmae = "X" }\nkind = "State"\n' + WHO, "unknown selector key"),
    ('[[correction]]\nchange = "same-actor"\nactors = ["X"]\n' + WHO, "two or more actors"),
    ('[[correction]]\nchange = "actor"\nactor = "X"\n' + WHO, "must change something"),
    ("[[correction]\n", "not valid TOML"),
])
def test_a_bad_corrections_file_is_one_error_naming_it(text, problem):
    with pytest.raises(CorrectionsError) as caught:
        loads(text, "my-corrections.toml")
    assert str(caught.value).startswith("my-corrections.toml") and problem in str(caught.value)


def test_two_corrections_with_one_name_and_different_words_are_refused():
    from graph.corrections import combine

    first = loads(f'[[correction]]\nname = "x"\nchange = "not-actor"\nactor = "A"\n{WHO}', "a.toml")
    second = loads(f'[[correction]]\nname = "x"\nchange = "not-actor"\nactor = "B"\n{WHO}', "b.toml")
    assert combine([first, first]) == first
    with pytest.raises(CorrectionsError, match="b.toml.*'x' is taken.*a.toml"):
        combine([first, second])


def test_a_correction_written_back_reads_the_same():
    from graph.corrections import dumps
    from graph.corrections.parse import canonical

    text = (f'[[correction]]\nchange = "claim"\nclaim = {{ document = "d1", words = "truce \\"now\\"" }}\n'
            f'source = ""\nvia = ["Reuters", {{ label = "AP", kind = "NewsOutlet" }}]\n{WHO}'
            f'[[correction]]\nchange = "event"\nevent = {{ kind = "Attack", with = ["A", "B"] }}\n'
            f'begin = 2024-03-02\nend = "2024-04"\nadd = {{ attacker = ["A"] }}\n{WHO}')
    first = loads(text, "a.toml")
    again = loads(dumps(first), "b.toml")
    assert [canonical(c) for c in again] == [canonical(c) for c in first]
    assert [c.name for c in again] == [c.name for c in first]


# ------------------------------------------------------------------ what the page reads


def test_copy_as_correction_names_every_node_of_the_seed_page_and_only_it(seed_build):
    """The selector the page's side panel copies, for each node the page draws, finds that node again."""
    from graph.analytics import read_story
    from graph.build import actor_iri, claim_iri, event_iri
    from graph.corrections.page import selector_for, selector_toml
    from graph.corrections.select import Finder

    corpus = seed_build.result.corpus
    story = read_story(seed_build.graph)
    finder = Finder(corpus)
    missed = []
    for iri, node in story.nodes.items():
        kind = {"Event": "event", "Claim": "claim"}.get(node.kind, "actor")
        keys = finder.find(kind, selector_for(node, story))
        found = [str(actor_iri(corpus.actors[k]) if kind == "actor" else event_iri(k) if kind == "event"
                     else claim_iri(k)) for k in keys]
        if found != [iri]:
            missed.append((node.label, selector_toml(node, story), len(found)))
    assert len(story.nodes) > 100 and not missed, missed
    # As TOML, a selector is one inline table that a corrections file reads back.
    [qatar] = [n for n in story.nodes.values() if n.label == "Qatar"]
    assert selector_toml(qatar, story) == '{ label = "Qatar", kind = "State" }'


def test_the_page_reads_corrected_nodes_and_edges_from_the_graph(analyses):
    from graph.corrections.page import corrected_edges, corrected_nodes

    _, triples, graph = corrected(analyses, """
        name = "summit-host"
        change = "event"
        event = { kind = "Summit", with = "Switzerland" }
        add = { host = ["Switzerland"] }
    """)
    summit = event_with(triples, "Peace summit between Ukraine and Volodymyr Zelensky in Switzerland, Jun 2024")
    [(iri, [note])] = corrected_nodes(graph).items()
    assert iri == str(summit) and (note.name, note.by, note.date) == ("summit-host", "A. Analyst", "2026-12-03")
    assert corrected_edges(graph) == {(str(summit), str(PARLEY.host), str(actor("switzerland")))}


# ------------------------------------------------------------------ the page's marks


def test_the_story_the_page_reads_marks_the_corrected_event_and_the_added_link_only(analyses, machine):
    from graph.analytics import read_story

    _, _, graph = corrected(analyses, """
        name = "summit-host"
        change = "event"
        event = { kind = "Summit", with = "Switzerland", words = "summit" }
        add = { host = [{ label = "Switzerland", kind = "State" }] }
    """)
    summit = event_with(machine, "Peace summit between Ukraine and Volodymyr Zelensky in Switzerland, Jun 2024")
    story = read_story(graph)
    assert [iri for iri, node in story.nodes.items() if node.corrected] == [str(summit)]
    marked = [(e.source, e.relation, e.target) for e in story.edges if e.corrected]
    assert marked == [(str(summit), "host", str(actor("switzerland")))]
    # Without corrections nothing is marked.
    plain = read_story(to_graph(build_corpus(analyses)[1]))
    assert not any(n.corrected for n in plain.nodes.values()) and not any(e.corrected for e in plain.edges)
