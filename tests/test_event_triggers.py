"""Trigger words and their PLOVER categories (graph/data/events.toml [[trigger]], graph/extract/events/triggers.py):
sentences of our own."""

from __future__ import annotations

import datetime as dt

from tests.helpers import analyze_texts

COMPONENTS = ["entities", "sources", "events"]


def triggers_of(text: str) -> dict[str, tuple[str, str]]:
    (analysis,) = analyze_texts(text, published=dt.date(2024, 10, 30), components=COMPONENTS)
    return {text[e.trigger.begin:e.trigger.end]: (e.event_class, e.plover) for e in analysis.events}


def test_an_ultimatum_threatens() -> None:
    found = triggers_of("Peru issued an ultimatum to Ecuador over the border raids.")
    assert found.get("ultimatum") == ("Threat", "THREATEN")


def test_a_press_conference_is_not_a_summit() -> None:
    # Speaking to reporters is not a meeting of sides (what is said there is a claim); a conference of leaders is.
    assert "conference" not in triggers_of("The foreign minister told a news conference in Ankara on Monday that "
                                           "he expected more prisoners to be freed.")
    assert "conference" not in triggers_of("The envoy spoke at a press conference after the vote.")
    assert triggers_of("Leaders of the bloc met at a conference in Lima.").get("conference") == ("Summit", "CONSULT")


def test_a_protest_announced_for_later_is_a_threat() -> None:
    found = triggers_of("The opposition party said it will boycott the parliamentary elections.")
    assert found.get("boycott") == ("Protest", "THREATEN")


def test_a_war_is_a_military_operation_a_trade_war_is_not() -> None:
    found = triggers_of("The war in the north has displaced two million people.")
    assert found.get("war") == ("MilitaryOperation", "FIGHT")
    assert "war" not in triggers_of("The trade war between the two economies hurt exporters.")


def test_inspectors_and_a_press_release_are_no_events() -> None:
    found = triggers_of("The agency said it would cooperate with the inspectors, according to a press release.")
    assert "inspectors" not in found and "release" not in found


def test_a_data_breach_is_not_a_rejection() -> None:
    assert "breach" not in triggers_of("The ministry reported a data breach on Monday.")


def test_prisoners_of_war_are_no_war() -> None:
    assert "war" not in triggers_of("The two sides exchanged forty prisoners of war on Friday.")


def test_crimes_committed_are_no_commitment() -> None:
    # "commit" is an agreement when one commits to something, not when one commits a deed.
    found = triggers_of("Prosecutors opened a case into the atrocities committed by the militia near Goma.")
    assert found.get("committed", ("", ""))[1] != "AGREE"
    found = triggers_of("The rebels committed abuses against villagers last year.")
    assert found.get("committed", ("", ""))[1] != "AGREE"
    found = triggers_of("Both governments committed to a phased withdrawal of troops.")
    assert found.get("committed") == ("Agreement", "AGREE")


def test_offered_congratulations_are_praise_not_an_offer() -> None:
    found = triggers_of("The Chilean foreign minister offered warm congratulations to Peru and Bolivia on the accord.")
    assert found.get("offered") == ("Endorsement", "SUPPORT")
    found = triggers_of("Norway offered to host the next round of talks between the two sides.")
    assert found.get("offered", ("Agreement", "AGREE"))[1] == "AGREE"


def test_the_wounded_are_people_not_an_attack() -> None:
    # A participle after a determiner, heading a noun phrase, names people; a finite verb is the attack.
    assert "wounded" not in triggers_of("Red Cross medics evacuated the wounded from the besieged town of Kalema.")
    assert "injured" not in triggers_of("Volunteers carried the injured to a clinic in Mosul.")
    assert triggers_of("Militants wounded three soldiers near the border.").get("wounded") == ("Attack", "ASSAULT")


def test_a_welcome_given_is_no_aid() -> None:
    # A welcome given to a visitor is a hosting, thanks given are praise; food given is aid.
    assert ("Aid", "AID") in triggers_of("Japan gave food aid to the flooded provinces.").values()
    found = triggers_of("The prime minister gave a warm welcome to the Chilean president on Monday.")
    assert found.get("gave") == ("Summit", "CONSULT")
    assert triggers_of("The envoy gave thanks to the Omani mediators.").get("gave") == ("Endorsement", "SUPPORT")


def test_human_rights_violations_are_no_rejection() -> None:
    # (a practice the text condemns, not one assault: event coders record the march, not the violations)
    found = triggers_of("Lawyers marched in Quito against the human rights violations by the police.")
    assert "marched" in found and not {k: v for k, v in found.items() if "violations" in k}
    found = triggers_of("Monitors reported violations of the truce by both armies in the valley.")
    assert found.get("violations") == ("Rejection", "REJECT")


def test_troops_arriving_are_deployed_not_visiting() -> None:
    found = triggers_of("A first contingent of Kenyan peacekeeping troops arrived in Haiti on Tuesday.")
    assert found.get("arrived") == ("Mobilization", "MOBILIZE")
    found = triggers_of("The first Uruguayan troops arrived in Goma on Friday.")
    assert found.get("arrived") == ("Mobilization", "MOBILIZE")
    found = triggers_of("The Omani foreign minister arrived in Tehran on Sunday.")
    assert found.get("arrived") == ("Summit", "CONSULT")


def test_an_attempted_act_keeps_its_category() -> None:
    # An attempt is the act tried, not an intention announced ([modality] attempt_words): an attempted killing
    # is an assault, an announced one a threat.
    found = triggers_of("Gunmen tried to assassinate the provincial governor near the airport on Tuesday.")
    assert found.get("assassinate") == ("Attack", "ASSAULT")
    found = triggers_of("An attempt to kidnap the mayor of the port town failed on Friday.")
    assert found.get("kidnap") == ("Coercion", "COERCE")
    found = triggers_of("The militia said it will assassinate the provincial governor.")
    assert found.get("assassinate") == ("Attack", "THREATEN")


def test_cutting_aid_or_ending_a_mediation_is_a_sanction() -> None:
    # CAMEO 162 (reduce or stop aid), 165 (halt mediation): the stopping verb is the event, what it stops its
    # content; ending talks concludes them and stays no sanction.
    found = triggers_of("The donors had halted military aid to the junta after the coup.")
    assert found.get("halted") == ("Sanction", "SANCTION") and "aid" not in found
    found = triggers_of("The agency cut fuel supplies to the northern camps in March.")
    assert found.get("cut") == ("Sanction", "SANCTION") and "supplies" not in found
    found = triggers_of("Oman ended its mediation efforts between the two clans on Sunday.")
    assert found.get("ended") == ("Sanction", "SANCTION") and "mediation" not in found
    found = triggers_of("The two delegations ended their talks in Oslo on Friday.")
    assert "ended" not in found and found.get("talks") == ("Negotiation", "CONSULT")


def test_an_act_announced_unless_another_complies_is_a_threat() -> None:
    # An ultimatum ([ultimatum], [modality] ultimatum_marks): what one will do unless the other complies threatens it;
    # the same act offered on a condition ("if") stays that act.
    found = triggers_of("The militia said it will withdraw from the talks venue unless the army frees its commanders.")
    assert found.get("withdraw") == ("Withdrawal", "THREATEN")
    found = triggers_of("The teachers will strike on Monday unless the ministry raises their wages.")
    assert found.get("strike") == ("Protest", "THREATEN")
    found = triggers_of("The militia said it will withdraw from the valley if the army frees its commanders.")
    assert found.get("withdraw") == ("Withdrawal", "RETREAT")


def test_meeting_or_accepting_demands_is_a_concession() -> None:
    # The demand met or accepted is what is yielded to (CAMEO 08), not a meeting, an agreement or a demand of its own.
    found = triggers_of("The ministry accepted the demands of the striking nurses on Monday.")
    assert found.get("accepted") == ("Concession", "CONCEDE") and "demands" not in found
    found = triggers_of("The mayor said he would not meet the kidnappers' demands.")
    assert found.get("meet") == ("Concession", "REJECT") and "demands" not in found
    found = triggers_of("The envoy will meet the rebel commanders in Doha.")
    assert found.get("meet", ("", ""))[0] == "Negotiation"



def test_an_event_named_by_a_condition_is_part_of_the_event_it_conditions() -> None:
    # [modality] condition_marks: what a clause of "if", "unless" or "until" names is the condition of the event
    # it hangs on, not an event of its own.
    found = triggers_of("The militia said it will withdraw from the valley unless a truce is arranged by Friday.")
    assert "withdraw" in found and "truce" not in found
    found = triggers_of("The rebels rejected the plan until their demands are met.")
    assert found.get("rejected") == ("Rejection", "REJECT") and "met" not in found and "demands" not in found
    found = triggers_of("The rebels rejected the plan after their demands were met.")
    assert "met" in found


def test_withdrawing_monitors_or_envoys_reduces_relations() -> None:
    # CAMEO 166 (expel or withdraw): pulling out monitors or an envoy is a sanction; pulling out troops a retreat.
    found = triggers_of("Sweden withdrew its election monitors from the province on Monday.")
    assert found.get("withdrew") == ("Withdrawal", "SANCTION")
    found = triggers_of("The bloc said it will withdraw its envoy from the capital.")
    assert found.get("withdraw") == ("Withdrawal", "THREATEN")
    found = triggers_of("The army withdrew its troops from the hills on Monday.")
    assert found.get("withdrew") == ("Withdrawal", "RETREAT")


def test_a_protest_doing_something_does_it_as_its_purpose() -> None:
    # A participle on an event says what it does: "a rally demanding the release" is the rally's demand, no demand of
    # its own beside it.
    found = triggers_of("Thousands of nurses held a rally in Lagos on Friday demanding the release of their leaders.")
    assert found.get("rally") == ("Protest", "PROTEST")
    found = triggers_of("Thousands of farmers staged a demonstration calling for lower fuel prices.")
    assert found.get("demonstration") == ("Protest", "PROTEST") and "calling for" not in found


def test_allowing_someone_to_act_is_a_concession_of_an_actor() -> None:
    # "allowed X to Y": the parse makes X the infinitive's subject, the one allowed all the same; what is allowed is
    # the concession's content; a thing that allows something (needs_actor) concedes nothing.
    found = triggers_of("The court decided to allow the exiled candidate to run in the March elections.")
    assert found.get("allow") == ("Concession", "CONCEDE")
    found = triggers_of("The governor allowed the opposition party to hold a rally in the square.")
    assert found.get("allowed") == ("Concession", "CONCEDE") and "rally" not in found
    assert "allow" not in triggers_of("He said the new radars would allow the navy to track the smugglers' boats.")


def test_allowing_aid_in_is_a_de_escalation() -> None:
    # CAMEO 0863 (allow delivery of humanitarian aid) is RETREAT in PLOVER; allowing a march stays a concession.
    found = triggers_of("The army allowed the delivery of medicine to the besieged town on Sunday.")
    assert found.get("allowed") == ("Concession", "RETREAT")
    found = triggers_of("The army allowed the students to march through the capital.")
    assert found.get("allowed") == ("Concession", "CONCEDE")


def test_what_a_refusal_refuses_is_its_content() -> None:
    # As for "refused to accept": the refusal's noun takes what it refuses as its content.
    found = triggers_of("The ministry's refusal to accept the new union angered the strikers on Monday.")
    assert found.get("refusal") == ("Rejection", "REJECT") and "accept" not in found


def test_a_strike_that_lasts_days_or_stops_work_is_a_protest() -> None:
    # A labour strike is told by how long it lasts or who stops work; a strike on a port stays an attack.
    assert triggers_of("Bus drivers began a three-day strike on Monday over unpaid wages.").get("strike") == (
        "Protest", "PROTEST")
    assert triggers_of("Nurses joined an open-ended strike in the capital.").get("strike") == ("Protest", "PROTEST")
    assert triggers_of("The navy carried out a strike on the harbour at dawn.").get("strike") == ("Attack", "FIGHT")


def test_a_word_of_a_compound_adjective_is_no_event() -> None:
    # "war-torn", "war-ravaged": the noun only describes the place, it names no war of its own.
    assert "war" not in triggers_of("The donors sent food and medicine to war-torn Liberia.")
    assert "war" in triggers_of("The war in the province displaced thousands.")
