"""Actors and places on sentences of our own: kinds, metonymy, and one node per real-world actor."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal
from rdflib.namespace import OWL

from graph.namespaces import PARLEY, WD
from graph.pipeline import build_corpus
from tests.helpers import analyze_texts

ENTITIES = ["entities"]


def actors_of(*texts):
    corpus, _ = build_corpus(analyze_texts(*texts, components=ENTITIES))
    return corpus.actors


def test_spelling_variants_and_short_forms_are_one_person():
    actors = actors_of(
        "President Volodymyr Zelenskyy met the Swiss president in Bern on Tuesday.",
        "Zelensky said the talks would go on. Zelenskyi later thanked his hosts.",
        "Russian President Vladimir Putin rejected the offer. Putin spoke in Moscow.",
    )
    people = {k: a for k, a in actors.items() if a.kind == "Person"}
    assert set(people) == {"volodymyr-zelensky", "vladimir-putin"}
    assert len(people["volodymyr-zelensky"].mentions) == 3
    assert {"Zelensky", "Zelenskyi", "Volodymyr Zelenskyy"} <= people["volodymyr-zelensky"].alt_labels
    assert people["vladimir-putin"].wikidata == "Q7747"


def test_unknown_people_resolve_by_surname_across_documents():
    actors = actors_of(
        "Mediator Abdelaziz Karimov arrived in Geneva for the negotiations.",
        "Karimov said that both delegations had accepted the agenda.",
    )
    karimov = [a for a in actors.values() if a.kind == "Person"]
    assert len(karimov) == 1
    assert karimov[0].label == "Abdelaziz Karimov" and len(karimov[0].mentions) == 2


def test_capital_acting_is_the_state_and_as_a_location_a_place():
    actors = actors_of(
        "Kyiv seeks to resume the talks. Moscow pulled out of the previous round.",
        "A power plant 40 km from Kyiv was destroyed, and explosions were heard in Moscow.",
    )
    ukraine, russia = actors["ukraine"], actors["russia"]
    assert ukraine.kind == russia.kind == "State"
    assert [m.text for m in ukraine.mentions] == ["Kyiv"] and [m.text for m in russia.mentions] == ["Moscow"]
    assert actors["kyiv"].kind == "Place" and actors["moscow"].kind == "Place"
    assert [m.doc_id for m in actors["kyiv"].mentions] == ["t1"]


def test_news_outlet_short_form_and_seat_of_government():
    actors = actors_of(
        "The Financial Times reported the plan. According to the FT, the Kremlin rejected it.",
        "The White House said it had not been consulted, CNN reported.",
    )
    assert actors["financial-times"].kind == "NewsOutlet" and len(actors["financial-times"].mentions) == 2
    assert "kremlin" not in actors and [m.text for m in actors["russia"].mentions] == ["Kremlin"]
    assert [m.text for m in actors["usa"].mentions] == ["White House"]
    assert actors["cnn"].kind == "NewsOutlet"


def test_unknown_organisation_and_its_acronym_are_one_node():
    actors = actors_of(
        "The International Crisis Group said it would observe the vote.",
        "The ICG has not commented on the claims.",
    )
    orgs = [a for a in actors.values() if a.kind == "Organization"]
    assert len(orgs) == 1 and orgs[0].label == "International Crisis Group"
    assert {m.text for m in orgs[0].mentions} == {"International Crisis Group", "ICG"}


def test_state_as_a_venue_is_also_a_place_in_the_graph(seed_build):
    g = seed_build.graph
    switzerland = next(s for s in g.subjects(RDFS.label, Literal("Switzerland")))
    assert (switzerland, RDF.type, PARLEY.State) in g and (switzerland, RDF.type, PARLEY.Place) in g
    ukraine = next(s for s in g.subjects(OWL.sameAs, WD.Q212))
    assert (ukraine, RDF.type, PARLEY.State) in g


def test_a_demonym_alone_is_not_an_actor():
    actors = actors_of("The Ukrainian economy grew while Russian exports fell.")
    assert actors == {}


def test_collectives_named_by_a_demonym():
    actors = actors_of(
        "Russian troops shelled the town while Iraqi civilians fled.",
        "Russian forces withdrew. Qatari mediators met the delegations.",
    )
    forces = actors["armed-forces-of-russia"]
    assert forces.kind == "Organization" and forces.affiliation == "russia"
    assert {m.text for m in forces.mentions} == {"Russian troops", "Russian forces"}
    assert actors["iraq-civilian"].affiliation == "iraq" and actors["qatar-mediator"].label == "Qatari mediators"
    assert "russia" in actors  # the affiliation is a node too


def test_a_known_surname_in_another_persons_name_is_not_the_known_person():
    actors = actors_of("Martin Harris said the talks would fail. President Putin disagreed. Harris is an analyst.")
    assert "kamala-harris" not in actors
    assert any(a.label == "Martin Harris" and a.kind == "Person" for a in actors.values())
    assert "vladimir-putin" in actors


def test_a_known_surname_before_another_persons_full_name_or_beside_the_known_one_in_full_stays_his():
    # the gazetteer's person named in full in the document: its lone "Putin" is his, whatever other Putin follows
    actors = actors_of("President Vladimir Putin spoke first. Putin said the talks would go on. "
                       "Also read: Lyudmila Putin opens a school.")
    assert {m.text for m in actors["vladimir-putin"].mentions} == {"Vladimir Putin", "Putin"}
    # a lone surname written before the other person's full name is not his either
    actors = actors_of("Harris said the talks would fail. Later, Martin Harris, an analyst, disagreed.")
    martin = next(a for a in actors.values() if a.label == "Martin Harris")
    assert {m.text for m in martin.mentions} == {"Martin Harris"}


def test_an_agency_is_a_news_outlet_only_with_a_word_of_news():
    kinds = {m.text: m.kind for m in analyze_texts(
        "The Central Intelligence Agency briefed lawmakers, the Saudi Press Agency reported, and the "
        "Lagos News Agency said the same.", components=ENTITIES)[0].entities}
    assert kinds.get("Central Intelligence Agency") == "Organization"
    assert kinds.get("Saudi Press Agency") == "NewsOutlet"
    assert kinds.get("Lagos News Agency") == "NewsOutlet"
