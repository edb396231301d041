"""People written otherwise: transliterations, lone surnames mistyped by the NER, lone given names."""

from __future__ import annotations

from graph.gazetteer import load_gazetteer
from graph.resolve.actors import _Alias, _person_group
from graph.resolve.person_names import PersonIndex, compatible, person_key
from tests.test_actors import actors_of


def test_transliterated_given_names_are_compatible():
    assert compatible(person_key("Sergey Lavrov"), person_key("Sergei Lavrov"))
    assert compatible(person_key("Volodomyr Petrenko"), person_key("Vladimir Petrenko"))
    assert not compatible(person_key("Anna Petrenko"), person_key("Vladimir Petrenko"))


def test_a_full_name_written_otherwise_is_the_gazetteer_person():
    people = PersonIndex((), load_gazetteer())
    assert people.gazetteer_key(person_key("Vladimir Zelensky")) == "volodymyr-zelensky"
    assert people.gazetteer_key(person_key("Oleksandr Zelensky")) is None


def test_a_lone_surname_of_any_ner_kind_joins_the_one_person():
    people = PersonIndex([person_key("Ramón Ortega Vidal"), person_key("Tunde Bakare")], None)
    for kind in ("Person", "Organization", "State"):
        assert _person_group(_Alias(kind, "Bakare", 0), "Bakare", people) == ("person", ("tunde", "bakare"))
    assert _person_group(_Alias("Place", "Bakare", 0), "Bakare", people) is None  # a place stays a place
    assert _person_group(_Alias("Organization", "NATO", 0), "NATO", people) is None


def test_a_lone_given_name_joins_the_one_full_name_it_begins():
    people = PersonIndex([person_key("Somchai Wongsuwan"), person_key("Tunde Bakare")], None)
    assert people.full_name(("somchai",)) == ("somchai", "wongsuwan")
    two = PersonIndex([person_key("Ali Hassan"), person_key("Ali Reza")], None)
    assert two.full_name(("ali",)) is None  # two people begin with it: no link


def test_variants_of_one_unknown_person_are_one_node():
    actors = actors_of("Mediator Abdelaziz Karimov arrived in Geneva for the negotiations.",
                       "Mediator Abdulaziz Karimov said that both delegations had accepted the agenda.",
                       "Karimov later left the city.")
    people = [a for a in actors.values() if a.kind == "Person"]
    assert len(people) == 1 and len(people[0].mentions) == 3
