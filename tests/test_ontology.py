"""The ontology declares every term the graph uses, with labels, definitions and alignments,
and its domains and ranges agree with what the builder writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.model import ACTOR_KINDS, ROLES
from graph.namespaces import GAF, NIF, PARLEY, PROV, SCHEMA, SEM
from graph.validate import ONTOLOGY_DIR, ontology_graph

ROOT = Path(__file__).resolve().parent.parent
DECLARING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   OWL.NamedIndividual, RDFS.Datatype, SKOS.ConceptScheme, SKOS.Concept}

# The core profile's own terms (shared/CORE-PROFILE.md), which the ontology must never drop.
CORE_CLASSES = ["Document", "Actor", "State", "Organization", "Person", "NewsOutlet", "AnonymousSource", "Place",
                "Event", "Negotiation", "Agreement", "Attack", "MilitaryOperation", "Summit", "Claim", "Assertion"]
CORE_PROPERTIES = ["affiliation", "party", "mediator", "host", "attacker", "target", "disruptedBy", "cameoCode",
                   "statement", "about", "assertion", "source", "via"]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def declared(onto: Graph) -> set[URIRef]:
    return {s for s, o in onto.subject_objects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(str(PARLEY))
            and (o in DECLARING_TYPES or str(o).startswith(str(PARLEY)))}


def parley_terms(graph: Graph) -> set[URIRef]:
    """Every parley: IRI in any position of the graph."""
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(PARLEY))}


def test_core_profile_terms_are_declared_as_classes_and_properties(onto):
    for name in CORE_CLASSES:
        assert (PARLEY[name], RDF.type, OWL.Class) in onto, name
    for name in CORE_PROPERTIES:
        kinds = set(onto.objects(PARLEY[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_core_profile_document_terms_are_all_in_the_ontology(onto, shared_dir):
    """Read the contract itself: every parley: term it names is declared."""
    text = (shared_dir / "CORE-PROFILE.md").read_text(encoding="utf-8")
    named = {PARLEY[t] for t in re.findall(r"`parley:([A-Za-z]+)`", text)}
    assert named, "the core profile names no parley: term?"
    assert named <= declared(onto), sorted(named - declared(onto))


def test_every_term_of_parley_ttl_has_a_label_and_a_definition():
    onto = Graph().parse(ONTOLOGY_DIR / "parley.ttl")
    terms = {s for s in onto.subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/parley/ontology"))}
    assert len(terms) > 60
    for term in terms:
        assert onto.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert onto.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def test_alignment_with_sem_prov_schema_nif_gaf(onto):
    sub = RDFS.subClassOf
    assert (PARLEY.Actor, sub, SEM.Actor) in onto
    assert (PARLEY.Place, sub, SEM.Place) in onto
    assert (PARLEY.Event, sub, SEM.Event) in onto
    assert (PARLEY.Claim, sub, SCHEMA.Claim) in onto
    assert {NIF.Context, SCHEMA.NewsArticle} <= set(onto.objects(PARLEY.Document, sub))
    assert (PARLEY.NewsOutlet, sub, PARLEY.Organization) in onto
    assert (PARLEY.source, RDFS.subPropertyOf, PROV.wasAttributedTo) in onto
    assert (PARLEY.affiliation, RDFS.subPropertyOf, PROV.actedOnBehalfOf) in onto
    for role in ROLES:
        if role != "actor":
            assert (PARLEY[role], RDFS.subPropertyOf, SEM.hasActor) in onto, role
    for kind in ACTOR_KINDS:
        closure = set(onto.transitive_objects(PARLEY[kind], sub))
        assert PARLEY.Actor in closure and SEM.Actor in closure, kind
    # Grounding is GAF's: the ontology's evidence links specialize nothing else.
    assert GAF.denotedBy not in set(onto.subjects(RDF.type, OWL.ObjectProperty))


def test_every_class_reaches_an_external_vocabulary_or_skos(onto):
    """Alignment: each Parley class is a subclass (transitively) of a SEM, PROV, schema.org, NIF
    or SKOS class, except the two that are Parley's own notions (discrepancies, relation records)."""
    external = (str(SEM), str(PROV), str(SCHEMA), str(NIF), str(SKOS), str(RDF))
    own = {PARLEY.Discrepancy}
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(PARLEY)) or cls in own:
            continue
        ancestors = set(onto.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert any(str(a).startswith(external) for a in ancestors), f"{cls} is aligned with nothing"


def test_terms_used_in_the_code_are_declared(onto):
    """Static: every PARLEY.name / PARLEY["name"] written in graph/ is declared."""
    used = set()
    for path in (ROOT / "graph").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        pattern = r'PARLEY(?:\.([A-Za-z_]\w*)|\["([A-Za-z_]\w*)"\])'
        used |= {m.group(1) or m.group(2) for m in re.finditer(pattern, text)}
    missing = sorted(name for name in used if PARLEY[name] not in declared(onto))
    assert not missing, f"used in graph/ but not declared in ontology/: {missing}"


def test_every_parley_term_in_the_built_seed_graph_is_declared(onto, seed_build):
    """Dynamic: kinds, roles, statuses and certainty values are minted from data (PARLEY[x])."""
    missing = sorted(str(t) for t in parley_terms(seed_build.graph) - declared(onto))
    assert not missing, f"in the seed graph but not declared: {missing}"


def test_every_term_in_a_graph_of_our_own_sentences_is_declared(onto):
    from tests.helpers import graph_of

    graph = graph_of("Qatar mediated talks between Ukraine and Russia in Doha in August 2024, "
                     "a senior Ukrainian official told the Financial Times.",
                     "Russian forces attacked Kharkiv on Monday, the Ukrainian Energy Ministry said. "
                     "The talks were postponed after the attack.")
    missing = sorted(str(t) for t in parley_terms(graph) - declared(onto))
    assert not missing, missing


def _closure(onto: Graph, cls: URIRef) -> set[URIRef]:
    return set(onto.transitive_objects(cls, RDFS.subClassOf))


def test_domains_and_ranges_agree_with_the_seed_graph(onto, seed_build):
    """For each parley: property the builder writes, its subject has the declared domain and its
    object the declared range (through the class hierarchy). Catches an ontology that says one
    thing while the graph does another."""
    graph = seed_build.graph
    types: dict = {}
    for s, o in graph.subject_objects(RDF.type):
        types.setdefault(s, set()).update(_closure(onto, o))
    for s, o in onto.subject_objects(RDF.type):  # concepts and individuals of the ontology itself
        types.setdefault(s, set()).update(_closure(onto, o))
    problems = []
    for s, p, o in graph:
        if not str(p).startswith(str(PARLEY)):
            continue
        domain, rng = onto.value(p, RDFS.domain), onto.value(p, RDFS.range)
        if domain is not None and domain not in types.get(s, set()):
            problems.append(f"{s} {p}: subject is not a {domain}")
        if rng is not None and isinstance(o, URIRef) and rng not in types.get(o, set()):
            problems.append(f"{p} {o}: object is not a {rng}")
    assert not problems, problems[:10]


def test_ontology_files_parse_with_rapper_too():
    """Independent parser (Debian's raptor): the Turtle is standard, not rdflib-specific."""
    import subprocess

    from tests.conftest import require

    rapper = require("rapper")
    for path in ONTOLOGY_DIR.glob("*.ttl"):
        run = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, (path, run.stderr[-500:])
