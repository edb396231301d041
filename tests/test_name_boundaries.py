"""Name boundaries and kinds from the text: titles, acronyms defined in brackets, organised bodies."""

from __future__ import annotations

from tests.helpers import analyze_texts
from tests.test_actors import actors_of


def _mentions(text: str):
    return analyze_texts(text, components=["entities"])[0].entities


def test_titles_and_honorifics_are_not_part_of_a_persons_name():
    mentions = _mentions("Papal envoy Cardinal Pietro Lanza said on Monday that the talks had progressed. "
                         "Archbishop Paolo Renzi arrived later. Datuk Seri Ahmad Rizal also attended.")
    labels = {m.label: m.kind for m in mentions if m.kind == "Person"}
    assert {"Pietro Lanza", "Paolo Renzi", "Ahmad Rizal"} <= set(labels)
    assert not any(label.startswith(("Cardinal", "Lieutenant", "General", "Datuk")) for label in labels)
    assert not any(m.label == "Datuk Seri" for m in mentions)


def test_an_acronym_defined_in_brackets_is_the_organisation_it_abbreviates():
    actors = actors_of("The Supreme Electoral Tribunal (TSE) suspended the vote count on Monday. "
                       "The TSE said the count would resume after a review.")
    orgs = [a for a in actors.values() if a.kind in ("Organization", "NewsOutlet")]
    tse = [a for a in orgs if "TSE" in a.alt_labels or a.label == "TSE"]
    assert len(tse) == 1 and tse[0].label == "Supreme Electoral Tribunal"


def test_an_organised_body_named_by_a_demonym_is_an_organisation_of_its_state():
    mentions = _mentions("Russian peacekeepers withdrew from the area after the talks.")
    group = [m for m in mentions if m.ner_label == "GROUP"]
    assert group and group[0].kind == "Organization" and group[0].affiliation == "russia"


def test_a_lone_demonym_is_not_a_name_of_the_forces():
    actors = actors_of("Chinese and Indian troops pulled back from the ridge.")
    forces = actors.get("armed-forces-of-china")
    assert forces is not None and "Chinese" not in forces.alt_labels


def _kinds(text: str) -> dict[str, str]:
    return {m.text: m.kind for m in _mentions(text)}


def test_a_direction_before_a_state_names_a_region_of_it():
    mentions = _mentions("Fighting resumed in northern Iraq and in north-east Syria on Sunday.")
    regions = {m.label: m for m in mentions if m.kind == "Place" and m.key is None}
    assert {"northern Iraq", "north-east Syria"} <= set(regions)


def test_a_state_followed_by_where_is_a_venue():
    kinds = _kinds("The money was transferred from Belarus, where it had been frozen since 2019.")
    assert kinds.get("Belarus") == "Place"


def test_an_unknown_name_where_something_happens_is_a_place():
    mentions = _mentions("Clashes broke out in the Varkhan and Dostel areas overnight.")
    assert {m.text for m in mentions if m.kind == "Place"} >= {"Varkhan", "Dostel"}


def _as_entity(text: str, words: str, label: str):
    """What mention_for makes of ``words`` in ``text`` when the NER calls them ``label``."""
    from spacy.tokens import Span as SpacySpan

    from graph.extract.entities import _trim, load_rules, mention_for
    from graph.gazetteer import load_gazetteer
    from graph.nlp import load_nlp

    doc = load_nlp()(text)
    begin = text.index(words)
    span = doc.char_span(begin, begin + len(words), alignment_mode="expand")
    entity = SpacySpan(doc, span.start, span.end, label=label)
    others = [e for e in doc.ents if e.end <= entity.start or e.start >= entity.end]
    doc.set_ents([entity, *others], default="outside")
    trimmed = _trim(entity, load_rules())
    return None if trimmed is None else mention_for(trimmed, load_gazetteer(), load_rules())


def test_an_agreement_by_its_name_is_no_actor_but_its_place_is_a_place():
    text = "The two leaders signed the Nairobi Peace Accord on Sunday."
    mention = _as_entity(text, "Nairobi Peace Accord", "ORG")
    assert mention is not None and mention.kind == "Place" and mention.text == "Nairobi"


def test_a_date_glued_to_its_month_is_no_actor():
    assert _as_entity("The talks resumed on Feb.21 in the capital.", "Feb.21", "GPE") is None


def test_a_name_run_into_the_next_title_is_cut():
    text = "A letter from the Ruritanian Bishops Council and Archbishop of Vell was read."
    mention = _as_entity(text, "Ruritanian Bishops Council and Archbishop of", "ORG")
    assert mention is not None and mention.label == "Ruritanian Bishops Council"


def test_an_organisation_whose_name_opens_with_a_state_keeps_its_whole_name():
    mentions = _mentions("Envoys met the leaders of the Kenya National Unity Front in the capital.")
    orgs = [m for m in mentions if m.kind == "Organization"]
    assert [m.label for m in orgs] == ["Kenya National Unity Front"]
    assert _kinds("The U.S. Administration said the talks would go on.").get("U.S.") == "State"


def test_a_states_outlets_and_the_bodies_it_leads_are_named_by_description():
    mentions = _mentions("The Saudi-led coalition struck the port, Iranian state television said.")
    found = {(m.label, m.kind, m.affiliation) for m in mentions}
    assert ("Saudi-led coalition", "Organization", "saudi-arabia") in found
    assert ("Iranian state television", "NewsOutlet", "iran") in found


def test_an_accord_in_an_organisations_name_keeps_it_an_organisation():
    mention = _as_entity("The Government of National Accord rejected the plan.", "Government of National Accord", "ORG")
    assert mention is not None and mention.kind == "Organization"


def test_a_word_joined_to_a_persons_name_is_a_person():
    text = "The breakthrough came after a meeting between Okonjo and Putin in the city."
    mention = _as_entity(text, "Okonjo", "GPE")
    assert mention is not None and mention.kind == "Person"


def test_an_acronym_a_name_defines_is_a_mention_wherever_it_recurs():
    # the recogniser tags the full name and misses the bare acronym later
    mentions = _mentions("The Andean Liberation Front (ALF) rejected the offer on Monday. Talks between the "
                         "government of Peru and the ALF resumed in Lima.")
    alf = [m for m in mentions if m.text == "ALF"]
    assert len(alf) == 2 and all(m.kind == "Organization" and m.label == "Andean Liberation Front" for m in alf)


def test_a_recurring_name_is_not_found_inside_a_longer_word():
    mentions = _mentions("The Andean Liberation Front (ALF) rejected the offer. The ALFA group and the ALF's "
                         "allies met in Lima.")
    assert not any(m.text == "ALF" and m.span.begin == 58 for m in mentions)  # not the "ALF" of "ALFA"
    assert any(m.text == "ALF" and m.span.begin > 60 for m in mentions)  # "the ALF's allies"


def test_a_states_army_named_by_its_possessive_is_its_armed_forces():
    mentions = _mentions("Fighting between Peru's army and the rebels resumed in the north.")
    forces = [m for m in mentions if m.key == "armed-forces-of-peru"]
    assert forces and forces[0].text == "army" and forces[0].kind == "Organization"
    assert any(m.key == "peru" and m.kind == "State" for m in mentions)  # the state's own mention stays


def test_a_regions_forces_are_an_organisation_not_the_region():
    mentions = _mentions("Karabakh forces accepted a proposal for disarmament. The war pits Tigray's regional "
                         "forces against the army.")
    names = {m.text: m.kind for m in mentions}
    assert names.get("Karabakh forces") == "Organization"
    assert names.get("Tigray's regional forces") == "Organization"
    assert "Karabakh" not in names and "Tigray" not in names


def test_an_organisation_whose_name_ends_in_forces_keeps_its_name():
    mentions = _mentions("The Syrian Democratic Forces signed a deal with Damascus.")
    assert not any(m.key and m.key.startswith("forces-of-") for m in mentions)


def test_forces_no_name_owns_are_no_new_organisation():
    mentions = _mentions("Israeli tanks shelled positions of the Palestinian security forces. Chile moved its forces.")
    assert not any(m.key and m.key.startswith("forces-of-") for m in mentions)


def test_fighters_named_by_a_region_or_a_people_are_an_armed_group():
    mentions = _mentions("Chaco rebels ambushed a convoy. The government met Aymara insurgents in Sucre. "
                         "Bolivian rebels shelled the town.")
    groups = {m.text: (m.kind, m.key) for m in mentions}
    assert groups.get("Chaco rebels") == ("Organization", "chaco-rebels")
    assert groups.get("Aymara insurgents") == ("Organization", "aymara-insurgents")
    assert "Chaco" not in groups and "Aymara" not in groups
    # named by a state's demonym, they are people of that state, not its forces nor a group of their own
    assert groups.get("Bolivian rebels") == ("Actor", "bolivia-rebel")


def test_more_collectives_named_by_a_demonym():
    mentions = _mentions("Peruvian youths and Chilean immigrants marched in Lima with Bolivian teachers.")
    keys = {m.key for m in mentions}
    assert {"peru-youth", "chile-immigrant", "bolivia-teacher"} <= keys


def test_an_ethnic_groups_forces_are_not_the_states():
    mentions = _mentions("Ethnic-Albanian forces agreed to a ceasefire, and ethnic Serb fighters withdrew. "
                         "Albanian forces stayed in their barracks.")
    groups = {m.text: (m.kind, m.key, m.affiliation) for m in mentions}
    assert groups.get("Ethnic-Albanian forces") == ("Organization", "ethnic-albanian-forces", None)
    assert groups.get("ethnic Serb fighters") == ("Actor", "ethnic-serb-fighters", None)
    assert groups.get("Albanian forces") == ("Organization", "armed-forces-of-albania", "albania")


def test_army_officers_are_the_armed_forces_and_a_speaking_collective_one_source():
    mentions = _mentions("Peru granted asylum to five Bolivian army officers.")
    assert any(m.text == "Bolivian army officers" and m.key == "armed-forces-of-bolivia" for m in mentions)
    mentions = analyze_texts("Bolivian military officers said the talks would resume.",
                             components=["entities", "sources"])[0].entities
    at = [m for m in mentions if m.text == "Bolivian military officers"]
    assert [m.kind for m in at] == ["AnonymousSource"]


def test_a_faiths_group_is_a_group_of_no_state():
    mentions = _mentions("Muslim hackers defaced the sites, and Jewish settlers set fire to a shop. The Muslim "
                         "world reacted.")
    groups = {m.text: (m.kind, m.key, m.affiliation) for m in mentions}
    assert groups.get("Muslim hackers") == ("Actor", "muslim-hackers", None)
    assert groups.get("Jewish settlers") == ("Actor", "jewish-settlers", None)
    assert "Muslim" not in groups
