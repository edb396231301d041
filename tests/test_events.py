"""Event extraction (graph/extract/events/) on sentences of our own: triggers of each PLOVER
family, the roles the parse gives, status, the governing time expression and links."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import RDF, RDFS
from rdflib.namespace import SKOS

from graph.model import EventMention
from graph.namespaces import PARLEY, PLOVER, SEM
from tests.helpers import analyze_texts, graph_of

COMPONENTS = ["entities", "sources", "events"]


def events_of(text: str, published: dt.date | None = dt.date(2024, 10, 30)) -> list[tuple[str, EventMention]]:
    (analysis,) = analyze_texts(text, published=published, components=COMPONENTS)
    return [(text[e.trigger.begin:e.trigger.end], e) for e in analysis.events]


def the_event(text: str, trigger: str, **kwargs) -> EventMention:
    found = [e for t, e in events_of(text, **kwargs) if t == trigger]
    assert found, f"no event {trigger!r} in {[t for t, _ in events_of(text, **kwargs)]}"
    return found[0]


def roles(event: EventMention) -> set[tuple[str, str]]:
    return {(role, m.key or m.text) for role, m in event.roles}


# ------------------------------------------------------------------ trigger families


@pytest.mark.parametrize(("text", "trigger", "plover", "event_class"), [
    ("Serbia and Kosovo held talks in Brussels on Monday.", "talks", "CONSULT", "Negotiation"),
    ("The foreign ministers of India and Pakistan met in Geneva.", "met", "CONSULT", "Negotiation"),
    ("Egypt mediated between Israel and Hamas last week.", "mediated", "CONSULT", "Negotiation"),
    ("Leaders gathered for a summit in Nairobi.", "summit", "CONSULT", "Summit"),
    # (a signing is CAMEO 057, "sign formal agreement", in PLOVER's SUPPORT)
    ("Armenia and Azerbaijan signed a peace agreement in August.", "signed", "SUPPORT", "Agreement"),
    ("Ethiopia and Eritrea reached an agreement on the border.", "agreement", "AGREE", "Agreement"),
    ("Japan donated rice to North Korea.", "donated", "AID", "Aid"),
    ("Israel lifted the curfew in Hebron.", "lifted", "CONCEDE", "Concession"),
    ("Syria withdrew its troops from Lebanon.", "withdrew", "RETREAT", "Withdrawal"),
    ("Hungary demanded the release of the prisoners.", "demanded", "DEMAND", "Demand"),
    ("Turkey accused Greece of violating its airspace.", "accused", "DISAPPROVE", "Accusation"),
    ("The court opened an investigation into the killings.", "investigation", "INVESTIGATE", "Investigation"),
    ("Iran rejected the proposal of the European Union.", "rejected", "REJECT", "Rejection"),
    ("North Korea threatened to shell the islands.", "threatened", "THREATEN", "Threat"),
    ("Thousands of students demonstrated in Dhaka.", "demonstrated", "PROTEST", "Protest"),
    ("Russia mobilized its reservists near the border.", "mobilized", "MOBILIZE", "Mobilization"),
    ("The European Union imposed sanctions on Belarus.", "sanctions", "SANCTION", "Sanction"),
    ("Police arrested the opposition leader in Minsk.", "arrested", "COERCE", "Coercion"),
    ("Gunmen assassinated the governor of the province.", "assassinated", "ASSAULT", "Attack"),
    ("Ukrainian forces launched an offensive into the Kursk region.", "offensive", "FIGHT", "MilitaryOperation"),
    ("Russian artillery shelled Kharkiv overnight.", "shelled", "FIGHT", "Attack"),
])
def test_trigger_families(text: str, trigger: str, plover: str, event_class: str) -> None:
    event = the_event(text, trigger)
    assert (event.plover, event.event_class) == (plover, event_class)


def test_words_that_only_look_like_triggers_are_not_events() -> None:
    # "demonstrates the role" has an object (a protest verb has none); "strike capabilities" is a modifier;
    # "the Warsaw Pact" is a name.
    text = ("This once again demonstrates the role of Qatar. Ukraine relies on its long-range strike capabilities. "
            "Poland left the Warsaw Pact long ago.")
    triggers = {t for t, _ in events_of(text)}
    assert not triggers & {"demonstrates", "strike", "Pact", "Warsaw Pact"}


# ------------------------------------------------------------------ roles


def test_parties_of_talks_from_the_subject_of_a_light_verb() -> None:
    event = the_event("Ukraine and Russia are conducting preliminary negotiations.", "negotiations")
    assert roles(event) == {("party", "ukraine"), ("party", "russia")}
    assert "preliminary" in event.cues


def test_mediator_from_a_participle_and_from_by() -> None:
    event = the_event("Kyiv sought to revive Qatar-mediated talks with Moscow.", "talks")
    assert ("mediator", "qatar") in roles(event)
    assert ("party", "russia") in roles(event) and ("party", "ukraine") in roles(event)
    assert "Qatar-mediated" in event.cues
    event = the_event("The negotiations were mediated by Turkey.", "negotiations")
    assert ("mediator", "turkey") in roles(event)


def test_attacker_and_target() -> None:
    event = the_event("Russia attacked power plants throughout Ukraine.", "attacked")
    assert ("attacker", "russia") in roles(event)
    assert [m.key for m in event.places] == ["ukraine"]
    event = the_event("Kyiv resumed drone attacks on Russian oil facilities.", "drone attacks")
    assert roles(event) == {("attacker", "ukraine"), ("target", "russia")}


def test_passive_subject_is_the_target_and_by_the_attacker() -> None:
    event = the_event("Georgia was attacked by Russia in 2008.", "attacked")
    assert roles(event) == {("target", "georgia"), ("attacker", "russia")}


def test_possessor_of_an_operation_is_the_attacker_and_the_region_its_place() -> None:
    event = the_event("Ukraine's offensive in the Kursk region surprised Moscow.", "offensive")
    assert ("attacker", "ukraine") in roles(event)
    assert any("Kursk" in m.text for m in event.places)


def test_host_of_a_summit() -> None:
    event = the_event("Switzerland hosted a summit on Ukraine in June.", "summit")
    assert ("host", "switzerland") in roles(event) or ("party", "switzerland") in roles(event)


def test_what_is_agreed_is_absorbed_and_its_participants_kept() -> None:
    found = events_of("The European Union agreed to provide aid to Moldova.")
    assert [e.plover for _, e in found] == ["AGREE"]
    assert ("target", "moldova") in roles(found[0][1])


def test_the_topic_of_talks_is_a_cue_not_an_event() -> None:
    found = events_of("Ukraine and Russia held talks on halting strikes on energy infrastructure.")
    assert [t for t, _ in found] == ["talks"]
    assert any("strikes" in cue for cue in found[0][1].cues)


def test_pronoun_subject_of_a_reported_clause_is_the_speaker() -> None:
    event = the_event("Uganda said it had paid compensation to the families.", "compensation")
    assert ("party", "uganda") in roles(event)


def test_an_outlet_that_learned_what_they_negotiate_is_not_a_party() -> None:
    event = the_event("The Financial Times has learned what they are negotiating about.", "negotiating")
    assert not [m for _, m in event.roles if m.kind == "NewsOutlet"]


def test_striking_at_something_is_an_attack_on_it() -> None:
    event = the_event("Ukraine continues to strike at Russia's oil refineries.", "strike")
    assert event.event_class == "Attack"
    assert {("attacker", "ukraine"), ("target", "russia")} <= roles(event)


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("Two suicide bombers blew themselves up in Tel Aviv on Sunday.", "blew", "Tel Aviv"),
    ("Red Cross officials suspended aid deliveries in Baghdad on Wednesday.", "suspended", "Baghdad"),
    ("Israeli tanks fired four shells at targets in Jericho.", "fired", "Jericho"),
])
def test_with_nothing_else_acted_on_the_place_is_the_target(text: str, trigger: str, place: str) -> None:
    events = [e for t, e in events_of(text) if t.startswith(trigger)]
    assert events, [t for t, _ in events_of(text)]
    assert ("target", place) in {(r, m.text) for r, m in events[0].roles}


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a protest is against someone
    ("Palestinian riots against Israeli military policies are still continuing.", "riots",
     {("party", "palestine"), ("target", "israel")}),
    # a demonym inside a modifier of the modifier
    ("North Korean troops shelled South Korean army positions.", "shelled",
     {("attacker", "north-korea"), ("target", "south-korea")}),
    # "X-led forces"
    ("Vietnamese-led forces have retaken a strategic village.", "retaken", {("attacker", "vietnam")}),
    # what is hit belongs to its owner
    ("Israeli tanks shelled positions of the Palestinian security forces.", "shelled",
     {("attacker", "israel"), ("target", "armed-forces-of-palestine")}),
])
def test_participants_behind_modifiers_and_owners(text: str, trigger: str, expected: set) -> None:
    assert expected <= roles(the_event(text, trigger))


def test_who_is_called_a_mediator_mediates() -> None:
    event = the_event("Egyptian and Qatari mediators held talks with a Hamas delegation on Sunday.", "talks")
    assert sorted(m.text for r, m in event.roles if r == "mediator") == ["Egyptian", "Qatari"]
    assert ("party", "hamas") in roles(event)


def test_the_adjectives_of_every_word_of_a_phrase_are_cues() -> None:
    assert "previous" in the_event("The previous round of talks in Paris ended without a deal.", "round of talks").cues


def test_talks_in_a_city_have_a_venue_not_a_target() -> None:
    event = the_event("The army and the RSF agreed to return to negotiations in the Saudi city of Jeddah.", "agreed")
    assert not [m for r, m in event.roles if r == "target"]


def test_co_hosts_joined_by_and_are_all_hosts() -> None:
    event = the_event("The talks, co-hosted by Saudi Arabia and the United States, collapsed in June.", "talks")
    assert {("host", "saudi-arabia"), ("host", "usa")} <= roles(event)


def test_a_participle_giving_a_role_is_no_event_of_its_own() -> None:
    found = [t for t, _ in events_of("The talks, co-hosted by Saudi Arabia and the United States, collapsed in June.")]
    assert found == ["talks"]


def test_irregular_pasts_the_lemmatizer_leaves_are_read_and_an_act_in_an_offensive_is_part_of_it() -> None:
    found = events_of("Azerbaijani forces retook the region in a lightning offensive.")
    assert [t for t, _ in found] == ["offensive"]
    attackers = {(m.key or "").replace("armed-forces-of-", "") for r, m in found[0][1].roles if r == "attacker"}
    assert attackers == {"azerbaijan"}


def test_a_relative_clause_inside_a_demand_names_no_target() -> None:
    event = the_event("Azerbaijan has demanded that Armenia change its constitution, which Baku says contains "
                      "territorial claims against it.", "demanded")
    assert {m.key for r, m in event.roles if r == "target"} == {"armenia"}


def test_a_group_in_a_state_acts_for_it() -> None:
    event = the_event("Opposition groups in Zimbabwe are demanding that President Mugabe abandon the policy.",
                      "demanding")
    assert ("party", "zimbabwe") in roles(event)


def test_talks_before_an_agreement_are_not_what_was_agreed() -> None:
    text = ("The government and the rebels agreed on Wednesday to a permanent cessation of hostilities after ten "
            "days of talks mediated by the African Union.")
    found = {t: e for t, e in events_of(text)}
    assert "talks" in found and ("mediator", "african-union") in roles(found["talks"])
    assert not [m for r, m in found["agreed"].roles if r == "target" and m.key == "african-union"]


def test_a_named_target_is_not_replaced_by_the_place() -> None:
    event = the_event("Russian missiles struck Ukraine's power grid in Kharkiv.", "struck")
    targets = {m.text for r, m in event.roles if r == "target"}
    assert targets == {"Ukraine"}


def test_the_object_of_force_or_urge_does_what_follows() -> None:
    # Object control: "forced Russia to negotiate": Russia negotiates, not whoever forced it.
    event = the_event("The strikes on its refineries forced Russia to negotiate with Ukraine.", "negotiate")
    assert ("party", "russia") in roles(event)


# ------------------------------------------------------------------ status


@pytest.mark.parametrize(("text", "trigger", "status"), [
    ("Israel and Hamas did not reach an agreement.", "agreement", "negated"),
    ("Russia refrained from attacks on the grid.", "attacks", "negated"),
    ("The talks nearly reached a deal.", "talks", "asserted"),
    ("Ukraine plans to launch an offensive in the south.", "offensive", "planned"),
    ("Serbia will host talks next week.", "talks", "planned"),
    ("A ceasefire could follow if both sides agree.", "ceasefire", "hypothetical"),
    ("Kyiv seeks to resume talks mediated by Qatar.", "talks", "asserted"),  # resumed talks had happened
    ("Russia attacked power plants.", "attacked", "asserted"),
])
def test_status(text: str, trigger: str, status: str) -> None:
    assert the_event(text, trigger).status == status


def test_intent_to_act_is_agree_or_threaten() -> None:
    assert the_event("Japan will provide food aid to Haiti.", "aid").plover == "AGREE"
    assert the_event("Turkey said it would blockade the port.", "blockade").plover == "THREATEN"


# ------------------------------------------------------------------ time


def test_time_attached_to_the_trigger_not_to_the_verb_of_saying() -> None:
    text = "In October, Zelensky said that the attacks on ships in August were a violation."
    event = the_event(text, "attacks")
    assert event.time is not None and (event.time.begin, event.time.end) == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))


def test_time_of_the_clause() -> None:
    event = the_event("In February and March 2024, Kyiv resumed drone attacks on Russian refineries.", "drone attacks")
    assert (event.time.begin, event.time.end) == (dt.date(2024, 2, 1), dt.date(2024, 3, 31))


def test_time_in_a_relative_clause_about_a_place_is_not_the_event_s() -> None:
    event = the_event("Russia must withdraw from Crimea, which it occupied in 2014.", "withdraw")
    assert event.time is None or event.time.begin.year != 2014


def test_ongoing_event_is_dated_by_publication_and_undated_without_one() -> None:
    text = "Ukraine and Russia are conducting preliminary negotiations."
    event = the_event(text, "negotiations")
    assert (event.time.begin, event.time.end) == (dt.date(2024, 10, 30), dt.date(2024, 10, 30))
    assert the_event(text, "negotiations", published=None).time is None


@pytest.mark.parametrize(("text", "trigger"), [
    ("The discussions are at a very early stage, a diplomat said.", "discussions"),
    ("Ukraine continues to strike at Russia's oil refineries.", "strike"),
])
def test_present_tense_dates_the_event_now(text: str, trigger: str) -> None:
    event = the_event(text, trigger)
    assert event.time is not None and (event.time.begin, event.time.end) == (dt.date(2024, 10, 30),) * 2


@pytest.mark.parametrize(("text", "trigger"), [
    ("The discussions were at a very early stage.", "discussions"),
    ("Kyiv seeks to resume talks mediated by Qatar.", "talks"),  # the talks resumed are earlier ones
])
def test_past_or_resumed_events_are_not_dated_now(text: str, trigger: str) -> None:
    event = the_event(text, trigger)
    assert event.time is None or event.time.begin != dt.date(2024, 10, 30)


def test_relative_time_needs_a_publication_date() -> None:
    assert the_event("Kyiv and Moscow reached an agreement last fall.", "agreement", published=None).time is None
    event = the_event("Kyiv and Moscow reached an agreement last fall.", "agreement")
    assert (event.time.begin, event.time.end) == (dt.date(2023, 9, 1), dt.date(2023, 11, 30))


# ------------------------------------------------------------------ links


def index_of(found: list[tuple[str, EventMention]], trigger: str) -> int:
    return next(i for i, (t, _) in enumerate(found) if t == trigger)


@pytest.mark.parametrize("text", [
    "Kyiv seeks to resume talks mediated by Qatar, which broke down due to Ukraine's offensive on the Kursk region.",
    "Ukraine's offensive in the Kursk region disrupted secret negotiations with Russia.",
    "The talks were derailed by Ukraine's incursion into Kursk.",
])
def test_disrupted_by(text: str) -> None:
    found = events_of(text)
    talks = next(e for t, e in found if t in ("talks", "negotiations"))
    cause = next(i for i, (t, _) in enumerate(found) if t in ("offensive", "incursion"))
    assert ("disruptedBy", cause) in talks.links


def test_led_to_and_halting_talks_disrupts_them() -> None:
    found = events_of("The invasion led to Moscow pulling out of a round of talks in August.")
    invasion = found[index_of(found, "invasion")][1]
    assert ("ledTo", index_of(found, "pulling out")) in invasion.links
    talks = found[index_of(found, "round of talks")][1]
    assert ("disruptedBy", index_of(found, "invasion")) in talks.links


def test_an_undated_cause_takes_the_month_its_effect_ended() -> None:
    found = events_of("Talks in August 2024 broke down due to Ukraine's offensive.")
    offensive = found[index_of(found, "offensive")][1]
    assert (offensive.time.begin, offensive.time.end) == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))


# ------------------------------------------------------------------ in the graph


def test_graph_types_categories_and_roles() -> None:
    g = graph_of("Qatar-mediated talks between Ukraine and Russia took place in Doha in August 2024.")
    (event,) = [e for e in g.subjects(RDF.type, PARLEY.Negotiation)]
    assert g.value(event, SEM.eventType) == PLOVER.CONSULT
    assert str(g.value(event, PARLEY.cameoCode)) == "046"
    assert str(g.value(event, SEM.hasBeginTimeStamp)) == "2024-08-01"
    assert str(g.value(event, SEM.hasEndTimeStamp)) == "2024-08-31"
    label = str(g.value(event, RDFS.label))
    assert label.startswith("Qatar-mediated talks between") and label.endswith("Aug 2024")
    mediators = {str(g.value(a, RDFS.label)) for a in g.objects(event, PARLEY.mediator)}
    assert mediators == {"Qatar"}
    assert len(set(g.objects(event, PARLEY.party))) == 2


def test_plover_scheme_names_every_category_the_lexicon_uses() -> None:
    from pathlib import Path

    from rdflib import Graph

    from graph.extract.events import load_lexicon

    scheme = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "plover.ttl")
    notations = {str(n) for n in scheme.objects(None, SKOS.notation)}
    lex = load_lexicon()
    used = {r.plover for rules in lex.rules.values() for r in rules} | set(lex.intent.values())
    used |= {v.partition(":")[0] for rules in lex.rules.values() for r in rules for v in r.objects.values()}
    assert used <= notations
    # every concept carries a definition and the CAMEO codes it covers
    for concept in scheme.subjects(SKOS.topConceptOf, None):
        assert scheme.value(concept, SKOS.definition) is not None
        assert scheme.value(concept, PARLEY.coversCameo) is not None


@pytest.mark.parametrize(("text", "trigger", "plover"), [
    # an attack by a state, its forces or military arms is conventional force
    ("Chilean aircraft killed 20 villagers in an attack on a village near Tacna.", "attack", "FIGHT"),
    ("The Chilean army attacked rebel positions near Arica.", "attacked", "FIGHT"),
    ("Recent drone attacks have killed six rebel commanders.", "drone attacks", "FIGHT"),
    # others, and unconventional kinds, stay assaults
    ("Gunmen attacked a convoy near Tacna.", "attacked", "ASSAULT"),
    ("The Chilean army said a car bomb attack killed five in Arica.", "bomb attack", "ASSAULT"),
])
def test_an_attack_by_a_state_or_with_military_arms_is_conventional_force(text: str, trigger: str,
                                                                          plover: str) -> None:
    assert the_event(text, trigger).plover == plover


@pytest.mark.parametrize(("text", "trigger", "plover"), [
    ("Peru has strengthened its forces in Bolivia after the attack.", "strengthened", "MOBILIZE"),
    ("Chile sent troops to the border on Monday.", "sent", "MOBILIZE"),
    ("The Chilean army forced out more than 1,000 Peruvian refugees from their homes.", "forced out", "COERCE"),
    ("Peruvian hackers have defaced 3,000 Chilean web sites.", "defaced", "COERCE"),
])
def test_build_ups_of_troops_and_acts_of_force(text: str, trigger: str, plover: str) -> None:
    assert the_event(text, trigger).plover == plover


def test_sending_what_is_no_troop_is_no_mobilization() -> None:
    assert not [t for t, e in events_of("Chile sent a letter to Peru on Monday.") if e.plover == "MOBILIZE"]


def test_militiamen_named_by_a_demonym_are_no_state_and_their_attack_an_assault() -> None:
    event = the_event("A camp for refugees was attacked by Chadian militiamen armed with machetes.", "attacked")
    assert ("attacker", "chad-militiaman") in roles(event) and event.plover == "ASSAULT"


def test_the_war_a_participle_names_is_real_whatever_the_modal_above_it() -> None:
    text = "The UN will provide food aid to refugees fleeing the civil war in Chad."
    assert the_event(text, "civil war").status == "asserted"
    assert the_event(text, "aid").status == "planned"


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a pronoun subject of a reported clause is the one who reports it
    ("Peru said on Monday it had been attacked by Chilean troops.", "attacked",
     {("target", "peru"), ("attacker", "armed-forces-of-chile")}),
    ("The OSCE confirmed on Monday it would tighten the embargo on Chile.", "embargo",
     {("party", "osce"), ("target", "chile")}),
    # who issues or reiterates an ultimatum or a demand makes it
    ("Peru has issued an ultimatum to Ecuador to halt raids across the border.", "ultimatum",
     {("party", "peru"), ("target", "ecuador")}),
    # what is sent or handed over to someone is aid to them
    ("Brazil continued to send arms to Bolivia last year.", "send", {("party", "brazil"), ("target", "bolivia")}),
    # what one says another must do is a demand on it, holding what must be done
    ("Bolivia said Chile must agree to the changes.", "must", {("party", "bolivia"), ("target", "chile")}),
])
def test_who_says_issues_sends_or_demands(text: str, trigger: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= roles(the_event(text, trigger))


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a deed's doer is the target of what is done about it
    ("Bolivia on Friday denounced Chile's crackdown on the miners.", "denounced", {("target", "chile")}),
    ("Peru is investigating alleged crimes by Peruvian extremists.", "investigating",
     {("target", "peru-extremist")}),
    ("Chilean police launched an investigation into crimes committed by Peruvian forces.", "investigation",
     {("target", "armed-forces-of-peru")}),
    # ties are with someone, and closing a border with a state cuts that state off
    ("Peruvian leaders said they would boycott all official contact with Chile.", "boycott", {("target", "chile")}),
    ("Peru closed its southern borders with Bolivia and Chile on Monday.", "closed",
     {("party", "peru"), ("target", "bolivia"), ("target", "chile")}),
])
def test_the_target_is_whom_the_deed_or_the_tie_belongs_to(text: str, trigger: str,
                                                            expected: set[tuple[str, str]]) -> None:
    assert expected <= roles(the_event(text, trigger))


def test_proposers_still_mediate_what_two_sides_accept() -> None:
    event = the_event("Peru and Chile agreed to Brazil's proposal to renew the truce.", "agreed")
    assert ("mediator", "brazil") in roles(event) and ("target", "brazil") not in roles(event)


def test_a_closed_meeting_is_no_sanction() -> None:
    assert not [t for t, e in events_of("The minister closed the meeting at noon.") if e.plover == "SANCTION"]


@pytest.mark.parametrize(("text", "trigger", "status"), [
    # a noun a light verb in the past carries happened, whatever its modifiers said of it before
    ("Chile today mounted its long-threatened invasion of southern Peru.", "invasion", "asserted"),
    ("They held the planned talks in Lima on Monday.", "talks", "asserted"),
    # not a light verb of the future, nor one denied
    ("Chile will hold the planned talks in May.", "talks", "planned"),
])
def test_what_a_past_light_verb_carries_happened(text: str, trigger: str, status: str) -> None:
    assert the_event(text, trigger).status == status
