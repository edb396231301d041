"""Relations between actors (offices, membership, location) on sentences of our own and on the seeds.

Every check goes through SPARQL over the built graph (graph.pipeline → graph.build.to_graph), since
the graph is what users query: an office is a parley:OfficeHolding with its holder, the state or
person it is held in, the office as written, its concept, and the words (and offsets) that say so.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from rdflib import Graph

from graph.build import to_graph
from graph.ingest import default_corpus, iter_documents
from graph.namespaces import ID, PREFIXES
from graph.pipeline import analyze, build_corpus, component_names
from tests.helpers import analyze_texts

ROOT = Path(__file__).resolve().parent.parent
HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + f"PREFIX id: <{ID}>\n"

# One sentence (or two) per pattern; each text is its own document.
TEXTS = {
    "title": "Turkish Foreign Minister Hakan Fidan hosted the meeting on Monday.",
    "possessive": "Russia's deputy defense minister Alexander Fomin said the talks would continue.",
    "apposition": "Dmitry Peskov, Kremlin spokesman, told reporters that no date had been set.",
    "adviser": ("Ukrainian President Volodymyr Zelensky met his team in the morning. "
                "Mykhailo Podolyak, an adviser to Zelenskyy, rejected the proposal on Tuesday."),
    "delegation": "The head of the Russian delegation, Vladimir Medinsky, arrived in Istanbul in Turkey on Friday.",
    "of": "President of Ukraine Volodymyr Zelensky addressed parliament.",
    "leader": "Russian leader Putin is unlikely to agree. Russian dictator Vladimir Putin ordered the strikes.",
    "former": "Former British Prime Minister Boris Johnson visited the capital.",
    "organisation": ("NATO Secretary General Mark Rutte met Andrii Yermak, the head of the presidential office "
                     "of Ukraine."),
    "possessive-person": "Putin's aide Yuri Ushakov declined to comment.",
    "members": "NATO members such as Poland and Romania sent observers, and Hungary, a member of the European Union, "
               "abstained. Slovakia and other NATO members stayed silent.",
    "places": ("Officials began planning a meeting in Doha, Qatar. The Kursk region in Russia was shelled. "
               "Russia attacked power plants and destroyed the Trypilska TPP 40 km from Kyiv."),
    "possessive-place": "Ukraine's attack on Russia's Kursk region surprised observers.",
    "no-title": "After meeting Ukrainian officials, Vladimir Medinsky said nothing. Zelensky said the talks failed.",
    "list": "Germany, France and Italy, all NATO members, backed the plan.",
    "local": "Kyiv's mayor Vitali Klitschko warned of outages.",
    "determiner": "The Chinese foreign minister, Wang Yi, met his hosts.",
    "clause": "After a call with Ukraine's foreign minister, Keir Starmer said the talks had helped.",
    "led": ("The Qatari delegation, led by Mohammed Al-Khulaifi, arrived first. Andrii Yermak, who heads the "
            "Ukrainian delegation, came later. The talks were led by Turkish diplomats."),
}


def query(graph: Graph, text: str) -> list[tuple]:
    # rdflib reads "id:actor\/ukraine" as an IRI with the backslash kept: write our IRIs out in full.
    text = re.sub(r"id:(\w+)\\/([\w\-.]+)", lambda m: f"<{ID}{m.group(1)}/{m.group(2)}>", text)
    return [tuple(None if v is None else v.toPython() for v in row) for row in graph.query(HEADER + text)]


def holdings(graph: Graph, person: str) -> list[tuple]:
    """(heldIn label, office, concept name, status name, evidence text, begin) for each holding of a person."""
    return sorted(query(graph, f"""
        SELECT ?inLabel ?office ?concept ?status ?anchor ?begin WHERE {{
          ?h a parley:OfficeHolding ; parley:holder ?p ; parley:heldIn ?in .
          ?p rdfs:label "{person}" . ?in rdfs:label ?inLabel .
          OPTIONAL {{ ?h parley:office ?office }}
          OPTIONAL {{ ?h parley:officeConcept ?c BIND(STRAFTER(STR(?c), "#") AS ?concept) }}
          OPTIONAL {{ ?h parley:officeStatus ?s BIND(STRAFTER(STR(?s), "#") AS ?status) }}
          OPTIONAL {{ ?h gaf:denotedBy ?m . ?m nif:anchorOf ?anchor ; nif:beginIndex ?begin }}
        }}"""), key=repr)


def located(graph: Graph, relation: str = "locatedIn") -> set[tuple[str, str]]:
    return set(query(graph, f"""
        SELECT ?a ?b WHERE {{ ?x parley:{relation} ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }}"""))


@pytest.fixture(scope="module")
def own() -> Graph:
    analyses = analyze_texts(*TEXTS.values(), components=["entities", "relations"])
    corpus, quads = build_corpus(analyses)
    return to_graph(quads)


@pytest.fixture(scope="module")
def doc_of() -> dict[str, str]:
    return {name: f"t{i}" for i, name in enumerate(TEXTS)}


# ------------------------------------------------------------------ offices

def test_title_before_name_with_a_demonym(own):
    assert holdings(own, "Hakan Fidan") == [
        ("Turkey", "Foreign Minister", "foreignMinister", None, "Turkish Foreign Minister Hakan Fidan", 0)]


def test_possessive_state_and_deputy_office(own):
    assert holdings(own, "Alexander Fomin") == [
        ("Russia", "deputy defense minister", "deputyMinister", None,
         "Russia's deputy defense minister Alexander Fomin", 0)]


def test_apposition_after_name_and_the_kremlin_as_russia(own):
    assert holdings(own, "Dmitry Peskov") == [
        ("Russia", "spokesman", "spokesperson", None, "Dmitry Peskov, Kremlin spokesman", 0)]


def test_adviser_to_a_person_reaches_the_state_through_that_persons_office(own):
    rows = holdings(own, "Mykhailo Podolyak")
    assert rows == [("Volodymyr Zelensky", "adviser", "adviser", None, "Mykhailo Podolyak, an adviser to Zelenskyy",
                     len("Ukrainian President Volodymyr Zelensky met his team in the morning. "))]
    # The affiliation is also a direct edge, and the state is one more hop away.
    states = query(own, """SELECT DISTINCT ?s WHERE { ?p rdfs:label "Mykhailo Podolyak" ; parley:affiliatedWith ?z .
        ?h parley:holder ?z ; parley:heldIn ?st . ?st a parley:State ; rdfs:label ?s }""")
    assert states == [("Ukraine",)]
    # "an adviser to | Zelenskyy" does not make Zelensky an adviser.
    assert "adviser" not in {row[2] for row in holdings(own, "Volodymyr Zelensky")}


def test_head_of_a_delegation_before_the_name_with_a_comma(own):
    assert holdings(own, "Vladimir Medinsky") == [
        ("Russia", "head of the delegation", "delegationHead", None,
         "head of the Russian delegation, Vladimir Medinsky", 4)]


def test_title_with_the_state_after_it(own, doc_of):
    rows = query(own, f"""SELECT ?office ?anchor WHERE {{
        ?h parley:holder id:actor\\/volodymyr-zelensky ; parley:heldIn id:actor\\/ukraine ;
           parley:officeConcept parley:headOfState ; parley:office ?office ; gaf:denotedBy ?m .
        ?m nif:anchorOf ?anchor ; nif:referenceContext id:doc\\/{doc_of["of"]} }}""")
    assert rows == [("President", "President of Ukraine Volodymyr Zelensky")]


def test_leader_and_an_evaluative_title_are_the_head_of_state(own):
    rows = holdings(own, "Vladimir Putin")
    assert {(r[0], r[2], r[4]) for r in rows} == {
        ("Russia", "headOfState", "Russian leader Putin"), ("Russia", "headOfState", "Russian dictator Vladimir Putin")}
    # One holding: the concept joins the wordings; the literal is one of the writers' words.
    assert {r[1] for r in rows} <= {"leader", "dictator"} and len({r[1] for r in rows}) == 1


def test_former_office_is_marked_and_has_no_direct_edge(own):
    assert holdings(own, "Boris Johnson") == [
        ("United Kingdom", "Prime Minister", "headOfGovernment", "former",
         "Former British Prime Minister Boris Johnson", 0)]
    assert not query(own, 'SELECT ?x WHERE { ?p rdfs:label "Boris Johnson" ; parley:holdsOffice ?x }')


def test_office_in_an_organisation_and_apposition_with_of(own):
    assert holdings(own, "Mark Rutte")[0][:3] == ("NATO", "Secretary General", "headOfOrganization")
    yermak = [r[:3] for r in holdings(own, "Andrii Yermak")]
    assert ("Ukraine", "head of the presidential office", "chiefOfStaff") in yermak


def test_possessive_person_gives_an_affiliation(own):
    rows = query(own, """SELECT ?office ?concept WHERE { ?p rdfs:label "Yuri Ushakov" ;
            parley:affiliatedWith id:actor\\/vladimir-putin .
        ?h parley:holder ?p ; parley:heldIn id:actor\\/vladimir-putin ; parley:office ?office ;
           parley:officeConcept ?concept }""")
    assert rows == [("aide", "https://w3id.org/parley/ontology#adviser")]


def test_a_name_that_starts_the_main_clause_is_not_the_office_holder_before_the_comma(own):
    assert holdings(own, "Keir Starmer") == []


def test_no_office_without_a_title(own):
    # "After meeting Ukrainian officials, Vladimir Medinsky said": a demonym before a name is no title.
    rows = holdings(own, "Vladimir Medinsky")
    assert len(rows) == 1 and rows[0][2] == "delegationHead"


# ------------------------------------------------------------------ membership and location

def test_membership_lists_appositions_and_other_members(own):
    assert located(own, "memberOf") >= {("Poland", "NATO"), ("Romania", "NATO"), ("Hungary", "European Union"),
                                        ("Slovakia", "NATO")}
    assert ("Hungary", "NATO") not in located(own, "memberOf")
    rows = query(own, """SELECT ?anchor WHERE { ?r a parley:RelationStatement ; rdf:subject id:actor\\/poland ;
        rdf:predicate parley:memberOf ; rdf:object id:actor\\/nato ; gaf:denotedBy/nif:anchorOf ?anchor }""")
    assert rows == [("NATO members such as Poland and Romania",)]


def test_location_from_apposition_preposition_and_possessive(own):
    pairs = located(own)
    assert {("Doha", "Qatar"), ("Kursk Oblast", "Russia"), ("Istanbul", "Turkey")} <= pairs
    anchors = {r[0] for r in query(own, """SELECT ?anchor WHERE { ?r rdf:subject id:place\\/kursk-oblast ;
        rdf:predicate parley:locatedIn ; gaf:denotedBy/nif:anchorOf ?anchor }""")}
    assert anchors == {"Kursk region in Russia", "Russia's Kursk region"}


def test_distance_from_a_place(own):
    rows = query(own, """SELECT ?a ?b ?d WHERE { ?r rdf:predicate parley:locatedNear ; rdf:subject ?x ; rdf:object ?y ;
        parley:distance ?d . ?x rdfs:label ?a . ?y rdfs:label ?b }""")
    assert rows == [("Trypilska TPP", "Kyiv", "40 km")]


def test_places_are_linked_to_wikidata_only_through_the_gazetteer(own):
    rows = dict(query(own, """SELECT ?l ?wd WHERE { ?x parley:locatedIn ?y . ?x rdfs:label ?l .
        OPTIONAL { ?x owl:sameAs ?wd } }"""))
    assert rows["Doha"] == "http://www.wikidata.org/entity/Q3861"
    assert rows["Kursk Oblast"] is None  # the gazetteer gives no id for it, so none is made up


# ------------------------------------------------------------------ gazetteer facts

def test_gazetteer_facts_need_both_ends_in_the_corpus_and_say_where_they_come_from():
    analyses = analyze_texts("The talks were held in Doha. Qatar has mediated before.",
                             "The delegation later flew to Geneva.", components=["entities", "relations"])
    graph = to_graph(build_corpus(analyses)[1])
    rows = query(graph, """SELECT ?by ?m WHERE { ?r rdf:subject id:place\\/doha ; rdf:predicate parley:locatedIn ;
        rdf:object id:actor\\/qatar ; parley:assertedBy ?by OPTIONAL { ?r gaf:denotedBy ?m } }""")
    assert rows == [("gazetteer", None)]  # from the gazetteer, and no passage says it
    # Geneva is in Switzerland, but the corpus never names Switzerland: no relation.
    assert not query(graph, "SELECT ?x WHERE { id:place\\/geneva parley:locatedIn ?x }")


# ------------------------------------------------------------------ ready queries

def named(name: str) -> str:
    return (ROOT / "ontology" / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def test_ready_queries_have_a_title_line():
    for name in ("who-speaks-for-whom", "statements-by-state-officials"):
        first = named(name).splitlines()[0]
        assert first.startswith("# ") and len(first) > 20


def test_who_speaks_for_whom(own):
    rows = {(r[1], r[3]): r for r in query(own, named("who-speaks-for-whom"))}
    assert rows[("Mykhailo Podolyak", "Ukraine")][4] == "Volodymyr Zelensky"  # through whom
    assert rows[("Dmitry Peskov", "Russia")][5] == "spokesman"
    assert rows[("Vladimir Putin", "Russia")][8] == "text"
    assert ("Boris Johnson", "United Kingdom") not in rows  # a former office speaks for no one now


def _available(components: list[str]) -> list[str]:
    return [c for c in components if importlib.util.find_spec(f"graph.extract.{c}") is not None]


@pytest.fixture(scope="module")
def seeds() -> Graph:
    # The configured extractors that are present (others may still be landing).
    docs = list(iter_documents([default_corpus()], lambda e: None))
    analyses = list(analyze(docs, components=_available(component_names())))
    return to_graph(build_corpus(analyses)[1])


def test_statements_by_state_officials_on_the_seeds(seeds):
    if not {"sources", "claims"} <= set(_available(component_names())):
        pytest.skip("the claims stage is not in this checkout")
    rows = query(seeds, named("statements-by-state-officials"))
    by_state = {(r[1], r[3]) for r in rows}
    assert ("Ukraine", "Volodymyr Zelensky") in by_state
    # A former official no longer speaks for the state ("a former senior Kremlin official").
    assert not any("former" in (r[3] or "").lower() for r in rows)
    assert all(r[0] is not None and r[6] for r in rows)


# ------------------------------------------------------------------ the seeds

def test_seeds_zelensky_and_putin_hold_office_in_their_states(seeds):
    for person, state in (("volodymyr-zelensky", "ukraine"), ("vladimir-putin", "russia")):
        rows = query(seeds, f"""SELECT DISTINCT ?office ?anchor WHERE {{
            id:actor\\/{person} parley:holdsOffice id:actor\\/{state} .
            ?h parley:holder id:actor\\/{person} ; parley:heldIn id:actor\\/{state} ;
               parley:officeConcept parley:headOfState ; parley:office ?office ;
               gaf:denotedBy/nif:anchorOf ?anchor }}""")
        assert len(rows) >= 2, (person, rows)  # stated in several documents, each passage grounded


def test_seeds_outlets_and_places(seeds):
    kinds = dict(query(seeds, """SELECT ?l ?k WHERE { ?x a ?k ; rdfs:label ?l .
        FILTER(?k = parley:NewsOutlet) }"""))
    assert {"Financial Times", "The Washington Post"} <= set(kinds)
    pairs = located(seeds)
    assert {("Doha", "Qatar"), ("Kursk Oblast", "Russia")} <= pairs
    grounded = query(seeds, """SELECT ?anchor WHERE { ?r rdf:subject id:place\\/doha ; rdf:predicate parley:locatedIn ;
        gaf:denotedBy/nif:anchorOf ?anchor }""")
    assert grounded == [("Doha, Qatar",)]


def test_every_office_concept_is_in_the_scheme():
    rules = tomllib.loads((ROOT / "graph" / "data" / "relations.toml").read_text(encoding="utf-8"))
    used = {o[k] for o in rules["office"] for k in ("concept", "org_concept", "deputy") if o.get(k)}
    ontology = Graph()
    for name in ("parley.ttl", "offices.ttl"):
        path = ROOT / "ontology" / name
        if not path.is_file():
            pytest.skip(f"{path} is not in this checkout")
        ontology.parse(path)
    defined = {r[0] for r in query(ontology, """SELECT ?n WHERE { ?c skos:inScheme parley:OfficeScheme .
        BIND(STRAFTER(STR(?c), "#") AS ?n) }""")}
    assert used <= defined, used - defined


def test_a_list_of_states_in_apposition_are_all_members(own):
    assert {("Germany", "NATO"), ("France", "NATO"), ("Italy", "NATO")} <= located(own, "memberOf")


def test_a_city_office_is_held_in_the_city_not_its_state(own):
    assert holdings(own, "Vitali Klitschko") == [
        ("Kyiv", "mayor", "localLeader", None, "Kyiv's mayor Vitali Klitschko", 0)]


def test_an_article_before_a_demonym_is_not_part_of_the_holder(own):
    assert holdings(own, "Wang Yi") == [
        ("China", "foreign minister", "foreignMinister", None, "Chinese foreign minister, Wang Yi", 4)]


def test_a_title_without_a_state_grounds_the_gazetteers_office_only_when_the_state_is_in_the_corpus():
    analyses = analyze_texts("President Volodymyr Zelensky spoke to parliament.",
                             "Former President Vladimir Putin was not mentioned. Russia said nothing.",
                             "Putin said Ukraine had refused.", components=["entities", "relations"])
    graph = to_graph(build_corpus(analyses)[1])
    zelensky = holdings(graph, "Volodymyr Zelensky")
    assert [(r[0], r[2], r[4]) for r in zelensky] == [("Ukraine", "headOfState", "President Volodymyr Zelensky")]
    by = query(graph, """SELECT ?by WHERE { ?h parley:holder id:actor\\/volodymyr-zelensky ; parley:assertedBy ?by }""")
    assert by == [("gazetteer",)]  # the text grounds a fact the gazetteer also states
    # "Former President …" contradicts the gazetteer's current office: it does not ground it.
    putin = holdings(graph, "Vladimir Putin")
    assert [(r[0], r[2], r[4]) for r in putin] == [("Russia", "headOfState", None)]


def test_no_state_made_up_for_a_title_when_the_corpus_never_names_it():
    graph = to_graph(build_corpus(analyze_texts("President Volodymyr Zelensky spoke to parliament.",
                                                components=["entities", "relations"]))[1])
    assert holdings(graph, "Volodymyr Zelensky") == []


def test_delegation_led_by_and_who_heads(own):
    rows = {r[0]: r for r in query(own, """SELECT ?p ?s ?anchor WHERE { ?h parley:officeConcept parley:delegationHead ;
        parley:holder/rdfs:label ?p ; parley:heldIn/rdfs:label ?s ; gaf:denotedBy/nif:anchorOf ?anchor }""")
        if r[2].startswith(("The Qatari", "Andrii Yermak, who"))}
    assert rows["Andrii Yermak"][1:] == ("Ukraine", "Andrii Yermak, who heads the Ukrainian delegation")
    assert rows["Mohammed Al-Khulaifi"][1:] == ("Qatar", "The Qatari delegation, led by Mohammed Al-Khulaifi")
