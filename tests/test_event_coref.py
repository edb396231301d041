"""Event coreference (graph/resolve/events.py): one node per real-world event, within and across
documents, decided by type, participants, time, cues and links — never by the wording."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph.model import (
    ActorNode,
    CleanedDocument,
    DocumentAnalysis,
    EntityMention,
    EventMention,
    SourceDocument,
    Span,
    TimeValue,
)
from graph.resolve import events as resolve_module
from graph.resolve.actors import ActorResolution
from graph.resolve.events import event_label, resolve_events

KINDS = {"ukraine": "State", "russia": "State", "qatar": "State", "turkey": "State", "putin": "Person",
         "kursk": "Place", "belgorod": "Place", "russia-delegation": "Actor", "ukraine-delegation": "Actor"}
LABELS = {"ukraine": "Ukraine", "russia": "Russia", "qatar": "Qatar", "turkey": "Turkey", "putin": "Vladimir Putin",
          "kursk": "Kursk region", "belgorod": "Belgorod", "russia-delegation": "Russian delegation",
          "ukraine-delegation": "Ukrainian delegation"}
AFFILIATION = {"russia-delegation": "russia", "ukraine-delegation": "ukraine"}


class Doc:
    """A document written event by event: each event gets its own sentence and its own actor mentions."""

    def __init__(self, doc_id: str, published: dt.date = dt.date(2024, 10, 30)):
        self.doc_id, self.parts, self.events, self.published = doc_id, [], [], published
        self.entities: list[EntityMention] = []

    def _append(self, text: str) -> Span:
        begin = sum(len(p) for p in self.parts)
        self.parts.append(text)
        return Span(begin, begin + len(text))

    def event(self, trigger: str, event_class: str = "Negotiation", plover: str = "CONSULT", *,
              roles: dict[str, list[str]] | None = None, time: tuple[dt.date, dt.date] | None = None,
              status: str = "asserted", cues: tuple[str, ...] = (), links: tuple[tuple[str, int], ...] = (),
              places: tuple[str, ...] = ()) -> int:
        span = self._append(trigger)
        self._append(" ")
        mentions = []
        for role, keys in (roles or {}).items():
            for key in keys:
                m_span = self._append(LABELS[key])
                self._append(" ")
                mention = EntityMention(m_span, LABELS[key], KINDS[key], key=key)
                self.entities.append(mention)
                mentions.append((role, mention))
        where = []
        for key in places:
            mention = EntityMention(self._append(LABELS[key]), LABELS[key], KINDS[key], key=key)
            self._append(" ")
            self.entities.append(mention)
            where.append(mention)
        self._append(". ")
        value = TimeValue(time[0], time[1], "then") if time else None
        self.events.append(EventMention(trigger=span, sentence=span, event_class=event_class, plover=plover,
                                        roles=tuple(mentions), time=value, status=status, cues=cues, links=links,
                                        places=tuple(where)))
        return len(self.events) - 1

    def analysis(self) -> DocumentAnalysis:
        text = "".join(self.parts)
        source = SourceDocument(id=self.doc_id, text=text, origin=self.doc_id, published=self.published)
        cleaned = CleanedDocument(source=source, analysis_text=text, body=(Span(0, len(text)),))
        return DocumentAnalysis(document=cleaned, entities=list(self.entities), events=list(self.events))


def actors_for(analyses: list[DocumentAnalysis]) -> ActorResolution:
    nodes = {k: ActorNode(key=k, label=LABELS[k], kind=KINDS[k], affiliation=AFFILIATION.get(k)) for k in KINDS}
    by_mention = {(a.source.id, m.span.begin, m.span.end): m.key for a in analyses for m in a.entities}
    return ActorResolution.of(nodes, by_mention)


def resolve(*docs: Doc):
    analyses = [d.analysis() for d in docs]
    return resolve_events(analyses, actors_for(analyses))


AUG = (dt.date(2024, 8, 1), dt.date(2024, 8, 31))
NOW = (dt.date(2024, 10, 30), dt.date(2024, 10, 30))
BOTH = {"party": ["ukraine", "russia"]}


def test_same_talks_worded_differently_across_outlets_are_one_node() -> None:
    a, b, c = Doc("a"), Doc("b"), Doc("c")
    a.event("negotiations", roles={"mediator": ["qatar"], "party": ["ukraine"]}, time=AUG, cues=("Qatar-mediated",))
    b.event("talks", roles={"mediator": ["qatar"], "party": ["russia"]}, time=AUG)
    c.event("round of talks", roles={"party": ["russia"]}, time=AUG, cues=("previous",))
    result = resolve(a, b, c)
    assert len(result.nodes) == 1
    (node,) = result.nodes.values()
    assert {m.doc_id for m in node.mentions} == {"a", "b", "c"}
    assert node.roles["mediator"] == {"qatar"} and node.roles["party"] == {"ukraine", "russia"}
    assert result.key_of("a", 0) == result.key_of("c", 0)


def test_talks_at_different_times_stay_apart() -> None:
    a, b = Doc("a"), Doc("b")
    a.event("talks", roles=BOTH, time=AUG, cues=("Qatar-mediated",))
    b.event("talks", roles=BOTH, time=NOW, cues=("preliminary",))
    assert len(resolve(a, b).nodes) == 2


def test_opposed_cues_keep_events_apart() -> None:
    a, b = Doc("a"), Doc("b")
    a.event("talks", roles=BOTH, cues=("previous",))
    b.event("talks", roles=BOTH, cues=("preliminary",))
    assert len(resolve(a, b).nodes) == 2


def test_different_mediators_or_attackers_conflict() -> None:
    a, b = Doc("a"), Doc("b")
    a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine", "russia"]}, time=AUG)
    b.event("talks", roles={"mediator": ["turkey"], "party": ["ukraine", "russia"]}, time=AUG)
    assert len(resolve(a, b).nodes) == 2
    a, b = Doc("a"), Doc("b")
    a.event("strikes", "Attack", "FIGHT", roles={"attacker": ["russia"], "target": ["ukraine"]})
    b.event("strikes", "Attack", "FIGHT", roles={"attacker": ["ukraine"], "target": ["russia"]})
    assert len(resolve(a, b).nodes) == 2


def test_type_and_status_must_agree() -> None:
    a, b = Doc("a"), Doc("b")
    a.event("attacks", "Attack", "FIGHT", roles={"attacker": ["russia"], "target": ["ukraine"]}, time=AUG)
    b.event("attacks", "Attack", "FIGHT", roles={"attacker": ["russia"], "target": ["ukraine"]}, time=AUG,
            status="negated")  # "Russia refrained from attacks": not the attacks that happened
    assert len(resolve(a, b).nodes) == 2
    a, b = Doc("a"), Doc("b")
    a.event("agreement", "Agreement", "AGREE", roles=BOTH, time=AUG)
    b.event("talks", roles=BOTH, time=AUG)
    assert len(resolve(a, b).nodes) == 2


def test_too_little_evidence_across_documents_keeps_events_apart() -> None:
    # Sharing one party and nothing else is not enough to call two attacks one.
    a, b = Doc("a"), Doc("b")
    a.event("attack", "Attack", "ASSAULT", roles={"target": ["ukraine"]})
    b.event("assault", "Attack", "ASSAULT", roles={"target": ["ukraine"]})
    assert len(resolve(a, b).nodes) == 2


def test_within_a_document_a_bare_mention_joins_the_latest_compatible_event() -> None:
    a = Doc("a")
    a.event("negotiations", roles=BOTH, time=NOW, cues=("preliminary",))
    a.event("agreement", "Agreement", "AGREE", roles=BOTH, time=AUG)
    a.event("the negotiations")  # "an official familiar with the negotiations"
    result = resolve(a)
    assert len(result.nodes) == 2
    assert result.key_of("a", 0) == result.key_of("a", 2)


def test_within_a_document_a_mention_with_evidence_joins_the_event_it_shares_it_with() -> None:
    a = Doc("a")
    a.event("talks", roles={"mediator": ["qatar"]}, time=AUG)
    a.event("talks", roles=BOTH, time=NOW, cues=("preliminary",))
    a.event("mediation", roles={"mediator": ["qatar"]})
    result = resolve(a)
    assert result.key_of("a", 0) == result.key_of("a", 2) != result.key_of("a", 1)


def test_within_a_document_the_previous_round_is_another_event() -> None:
    # "mediators held talks in Cairo … The previous round of talks in Paris ended without a deal."
    a = Doc("a")
    a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine"]})
    a.event("round of talks", cues=("previous",))
    a.event("talks", roles={"party": ["ukraine"]})
    result = resolve(a)
    assert result.key_of("a", 0) == result.key_of("a", 2) != result.key_of("a", 1)


def test_a_shared_disruption_identifies_the_talks() -> None:
    a, b = Doc("a"), Doc("b")
    offensive_a = a.event("offensive", "MilitaryOperation", "FIGHT", roles={"attacker": ["ukraine"]}, time=AUG)
    a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine"]}, time=AUG,
            links=(("disruptedBy", offensive_a),))
    a.event("talks", roles=BOTH, time=NOW, cues=("preliminary",))
    offensive_b = b.event("incursion", "MilitaryOperation", "FIGHT", roles={"attacker": ["ukraine"]}, time=AUG)
    b.event("secret negotiations", roles={"party": ["russia"]}, links=(("disruptedBy", offensive_b),))
    result = resolve(a, b)
    assert result.key_of("b", 1) == result.key_of("a", 1) != result.key_of("a", 2)
    talks = result.nodes[result.key_of("a", 1)]
    assert ("disruptedBy", result.key_of("a", 0)) in talks.links
    assert result.key_of("b", 0) == result.key_of("a", 0)


def test_an_attack_on_a_region_is_the_offensive_there_and_not_one_elsewhere() -> None:
    # "the incursion into the Kursk region" and "Ukraine's attack on Russia's Kursk region": one event
    # across the class line, because they share the place; an attack on Belgorod is another.
    a, b, c = Doc("a"), Doc("b"), Doc("c")
    a.event("incursion", "MilitaryOperation", "FIGHT", roles={"attacker": ["ukraine"]}, time=AUG, places=("kursk",))
    b.event("attack", "Attack", "ASSAULT", roles={"attacker": ["ukraine"]}, time=AUG, places=("kursk",))
    c.event("attack", "Attack", "ASSAULT", roles={"attacker": ["ukraine"]}, time=AUG, places=("belgorod",))
    result = resolve(a, b, c)
    assert result.key_of("a", 0) == result.key_of("b", 0) != result.key_of("c", 0)
    # Without a shared place, an attack and an offensive of the same attacker stay apart.
    d, e = Doc("d"), Doc("e")
    d.event("offensive", "MilitaryOperation", "FIGHT", roles={"attacker": ["russia"]}, time=AUG)
    e.event("strikes", "Attack", "FIGHT", roles={"attacker": ["russia"]}, time=AUG)
    assert len(resolve(d, e).nodes) == 2


def test_what_derailed_talks_is_dated_by_them_before_other_mentions_join_it() -> None:
    # "talks in August derailed by Ukraine's attack on Kursk … Ukraine continues to strike (now)": the
    # attack takes August from the talks, so today's strikes do not join it.
    a = Doc("a")
    attack = 1
    a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine"]}, time=AUG, links=(("disruptedBy", attack),))
    a.event("attack", "Attack", "ASSAULT", roles={"attacker": ["ukraine"]}, places=("kursk",))
    a.event("strike", "Attack", "FIGHT", roles={"attacker": ["ukraine"], "target": ["russia"]}, time=NOW)
    result = resolve(a)
    assert result.key_of("a", 1) != result.key_of("a", 2)
    assert result.nodes[result.key_of("a", 1)].begin == AUG[0]


def test_delegations_stand_for_their_states_when_events_are_compared() -> None:
    # "Russian and Ukrainian delegations met in Istanbul" and "Russia and Ukraine held talks": one meeting,
    # labelled by the states.
    a, b = Doc("a"), Doc("b")
    a.event("met", roles={"party": ["russia-delegation", "ukraine-delegation"]}, time=AUG)
    b.event("talks", roles=BOTH, time=AUG)
    result = resolve(a, b)
    assert len(result.nodes) == 1
    (node,) = result.nodes.values()
    assert node.roles["party"] == {"russia", "ukraine", "russia-delegation", "ukraine-delegation"}
    assert "between Russia and Ukraine" in node.label


def test_who_mediates_is_not_a_party() -> None:
    # "Qatar-led talks" (a party by the wording) and "talks mediated by Qatar": Qatar mediates.
    a = Doc("a")
    a.event("talks", roles={"party": ["qatar", "ukraine"]}, time=AUG)
    a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine"]}, time=AUG)
    (node,) = resolve(a).nodes.values()
    assert node.roles["mediator"] == {"qatar"} and node.roles["party"] == {"ukraine"}


def test_start_times_are_open_ended() -> None:
    a, b = Doc("a"), Doc("b")
    a.event("mediation", roles={"mediator": ["qatar"]}, time=(dt.date(2024, 6, 1), dt.date(2024, 6, 30)),
            cues=("began",))
    b.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine"]}, time=AUG)
    result = resolve(a, b)
    assert len(result.nodes) == 1
    (node,) = result.nodes.values()
    assert (node.begin, node.end) == AUG


def test_times_agree_on_the_most_specific_interval() -> None:
    a, b = Doc("a"), Doc("b")
    a.event("tacit agreement", "Agreement", "AGREE", roles=BOTH, time=(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
            cues=("tacit",))
    b.event("agreement", "Agreement", "AGREE", roles=BOTH, time=(dt.date(2023, 9, 1), dt.date(2023, 11, 30)),
            cues=("tacit",))
    (node,) = resolve(a, b).nodes.values()
    assert (node.begin, node.end) == (dt.date(2023, 9, 1), dt.date(2023, 11, 30))


def test_keys_are_stable_and_independent_of_the_order_events_are_compared_in() -> None:
    def build():
        a, b = Doc("a"), Doc("b")
        a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine"]}, time=AUG)
        b.event("talks", roles={"mediator": ["qatar"], "party": ["russia"]}, time=AUG)
        return resolve(a, b)
    assert list(build().nodes) == list(build().nodes)


def count_calls(monkeypatch: pytest.MonkeyPatch, method: str) -> dict[str, int]:
    """Count the calls of one _Coref method (how many pairs were looked at)."""
    calls = {"n": 0}
    original = getattr(resolve_module._Coref, method)

    def counting(self, a, b):
        calls["n"] += 1
        return original(self, a, b)

    monkeypatch.setattr(resolve_module._Coref, method, counting)
    return calls


def test_comparisons_are_blocked_not_quadratic(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forty documents, each with its own unrelated attack (different attackers, months and no shared
    # cue): blocking must keep the number of comparisons far below 40 * 39 / 2.
    calls = count_calls(monkeypatch, "evidence")
    keys = list(KINDS)
    docs = []
    for i in range(40):
        d = Doc(f"d{i:02}")
        month = dt.date(2000 + i, 1 + i % 12, 1)
        d.event("strike", "Attack", "FIGHT", roles={"attacker": [keys[i % len(keys)]]}, time=(month, month))
        docs.append(d)
    result = resolve(*docs)
    assert len(result.nodes) == 40
    assert calls["n"] < 200


def test_a_key_every_event_shares_costs_a_bounded_number_of_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    # 400 documents, each with Russia attacking in a month of its own: every event shares "actor:russia",
    # yet each is compared with at most the block's most recent events, not with all earlier ones.
    calls = count_calls(monkeypatch, "compatible")
    docs = []
    for i in range(400):
        d = Doc(f"d{i:03}")
        month = dt.date(1900 + i // 12, 1 + i % 12, 1)
        d.event("strikes", "Attack", "FIGHT", roles={"attacker": ["russia"]}, time=(month, month))
        docs.append(d)
    result = resolve(*docs)
    assert len(result.nodes) == 400
    cap = resolve_module.load_rules().max_block
    assert calls["n"] <= 400 * cap < 400 * 399 / 2
    # and the same month again still finds its event through the narrower key
    again = Doc("again")
    again.event("strikes", "Attack", "FIGHT", roles={"attacker": ["russia"]},
                time=(dt.date(1900, 1, 1), dt.date(1900, 1, 1)), cues=("missile",))
    result = resolve(*docs, again)
    assert result.key_of("again", 0) == result.key_of("d000", 0)


def test_an_event_named_only_by_verbs_is_labelled_by_its_class() -> None:
    a = Doc("a")
    a.event("agree", "Agreement", "AGREE", roles={"party": ["putin"]}, status="hypothetical")
    (node,) = resolve(a).nodes.values()
    assert node.label.startswith("Agreement by Vladimir Putin")


def test_label_reads_like_a_title() -> None:
    a = Doc("a")
    a.event("talks", roles={"mediator": ["qatar"], "party": ["ukraine", "russia"]}, time=AUG,
            cues=("Qatar-mediated",))
    (node,) = resolve(a).nodes.values()
    assert node.label == "Qatar-mediated talks between Russia and Ukraine, Aug 2024"
    assert event_label(node, ["talks"], [], actors_for([a.analysis()])).endswith("between Russia and Ukraine, Aug 2024")


def test_a_bare_mention_with_no_antecedent_is_no_node() -> None:
    doc = Doc("d1")
    doc.event("truce", "Ceasefire", "AGREE")
    doc.event("talks", roles={"party": ["ukraine", "russia"]})
    result = resolve(doc)
    assert len(result.nodes) == 1


def test_a_bare_mention_of_a_class_that_is_not_anaphoric_stays_a_node() -> None:
    doc = Doc("d1")
    doc.event("protest", "Protest", "PROTEST")
    assert len(resolve(doc).nodes) == 1


# ------------------------------------------------------------------ how a mention refers within its document


def test_a_definite_mention_is_the_named_event_whatever_the_verb_governing_it_says() -> None:
    # "Kyiv and Moscow signed an agreement ... Should either side go back on the accord, ..." : the accord is
    # the one signed, not a hypothetical one of its own (and not a bare mention without antecedent, dropped).
    a = Doc("a")
    a.event("agreement", "Agreement", "AGREE", roles=BOTH, time=AUG)
    a.event("the accord", "Agreement", "AGREE", status="hypothetical")
    result = resolve(a)
    assert result.key_of("a", 1) == result.key_of("a", 0) is not None
    assert result.nodes[result.key_of("a", 0)].status == "asserted"


def test_a_mention_marked_as_another_event_is_not_the_one_named_before() -> None:
    # "The delegations held an informal meeting ... They agreed to hold another informal meeting."
    a = Doc("a")
    a.event("meeting", roles=BOTH, cues=("informal",))
    a.event("another meeting", cues=("informal",))
    a.event("further talks", cues=("informal",))
    result = resolve(a)
    assert len({result.key_of("a", i) for i in range(3)}) == 3


def test_an_undated_event_of_its_own_is_not_one_dated_years_before_its_document() -> None:
    # "Three years ago Russia seized the city. ... Russian forces have killed 40 people since Tuesday.": the
    # killing is reported as current (its document's date bounds it), the seizure is of another year.
    a = Doc("a")
    a.event("seized", "Attack", "FIGHT", roles={"attacker": ["russia"]},
            time=(dt.date(2021, 1, 1), dt.date(2021, 12, 31)))
    a.event("killed", "Attack", "FIGHT", roles={"attacker": ["russia"]})
    result = resolve(a)
    assert result.key_of("a", 1) != result.key_of("a", 0)


def test_two_mentions_in_one_sentence_are_one_event_when_nothing_tells_them_apart() -> None:
    # "Russian shelling killed twelve people in the Kursk region and wounded forty."
    a = Doc("a")
    a.event("killed", "Attack", "FIGHT", roles={"attacker": ["russia"]})
    a.event("wounded", "Attack", "FIGHT", places=("kursk",))
    a.event("looted", "Attack", "FIGHT", places=("belgorod",))  # another sentence: another event
    analysis = a.analysis()
    first = analysis.events[0].sentence
    analysis.events[1] = dataclasses.replace(analysis.events[1], sentence=dataclasses.replace(
        first, end=analysis.events[1].sentence.end))
    analysis.events[0] = dataclasses.replace(analysis.events[0], sentence=analysis.events[1].sentence)
    result = resolve_events([analysis], actors_for([analysis]))
    assert result.key_of("a", 0) == result.key_of("a", 1) != result.key_of("a", 2)


def test_dates_a_day_apart_may_be_one_event_and_keep_their_two_days() -> None:
    # "The delegations met on Sunday and Monday ... The talks ended on Monday evening."
    sunday, monday = dt.date(2024, 10, 27), dt.date(2024, 10, 28)
    a = Doc("a")
    a.event("meetings", roles=BOTH, time=(sunday, sunday))
    a.event("the talks", time=(monday, monday))
    a.event("talks", roles=BOTH, time=(dt.date(2024, 10, 7), dt.date(2024, 10, 7)))  # three weeks before
    result = resolve(a)
    assert result.key_of("a", 0) == result.key_of("a", 1) != result.key_of("a", 2)
    node = result.nodes[result.key_of("a", 0)]
    assert (node.begin, node.end) == (sunday, monday)


def test_talks_that_began_in_one_year_are_not_talks_that_began_two_years_later() -> None:
    # "Peace talks began in the capital on 25 October" (a report of November 2022) and "the peace talks,
    # begun in May 2024" (a report of December 2024): an open end stops, for comparing, where what its
    # document can report stops.
    a, b = Doc("a", published=dt.date(2022, 11, 2)), Doc("b", published=dt.date(2024, 12, 13))
    a.event("peace talks", time=(dt.date(2022, 10, 25), dt.date(2022, 10, 25)), cues=("peace", "began"))
    b.event("peace talks", roles={"mediator": ["turkey"]}, time=(dt.date(2024, 5, 1), dt.date(2024, 5, 31)),
            cues=("peace", "began"))
    result = resolve(a, b)
    assert result.key_of("a", 0) != result.key_of("b", 0)
    assert result.nodes[result.key_of("a", 0)].end is None  # (its end stays open in the graph)


def test_a_bare_mention_is_the_event_mentioned_last_not_the_one_named_last() -> None:
    # "Last year's tacit agreement between Kyiv and Moscow ... Turkey and Qatar signed a grain deal ... Kyiv
    # broke the tacit agreement in March, which undermined the agreement."
    a = Doc("a")
    a.event("agreement", "Agreement", "AGREE", roles=BOTH, time=(dt.date(2023, 9, 1), dt.date(2023, 11, 30)),
            cues=("tacit",))
    a.event("deal", "Agreement", "AGREE", roles={"party": ["turkey", "qatar"]})
    a.event("the agreement", "Agreement", "AGREE", cues=("tacit",))
    a.event("the agreement", "Agreement", "AGREE")
    result = resolve(a)
    assert result.key_of("a", 3) == result.key_of("a", 2) == result.key_of("a", 0) != result.key_of("a", 1)


def test_a_call_is_not_the_talks_it_is_about() -> None:
    # "Russian and Ukrainian negotiators met in August ... The two foreign ministers discussed the talks in a
    # phone call." A second outlet's "telephone call" between them is that call.
    a, b = Doc("a"), Doc("b")
    a.event("talks", roles=BOTH, time=AUG)
    a.event("phone call", roles=BOTH, time=AUG)
    b.event("telephone call", roles=BOTH, time=AUG)
    result = resolve(a, b)
    assert result.key_of("a", 1) != result.key_of("a", 0)
    assert result.key_of("b", 0) == result.key_of("a", 1)


def test_two_rounds_of_talks_are_two_events() -> None:
    # "the second round of talks in August" and "a third round of talks, also in August"; a third outlet's
    # "second round" is the first outlet's.
    a, b, c = Doc("a"), Doc("b"), Doc("c")
    a.event("round of talks", roles=BOTH, time=AUG, cues=("second",))
    b.event("round of talks", roles=BOTH, time=AUG, cues=("third",))
    c.event("talks", roles=BOTH, time=AUG, cues=("second",))
    result = resolve(a, b, c)
    assert result.key_of("a", 0) != result.key_of("b", 0)
    assert result.key_of("c", 0) == result.key_of("a", 0)


def test_an_undated_bare_verb_is_not_an_event_dated_years_before_its_document() -> None:
    # "Three years ago Russia seized the city ... Twelve people have been killed since Tuesday."
    a = Doc("a")
    a.event("seized", "Attack", "FIGHT", roles={"attacker": ["russia"]},
            time=(dt.date(2021, 1, 1), dt.date(2021, 12, 31)))
    a.event("killed", "Attack", "ASSAULT")
    result = resolve(a)
    assert result.key_of("a", 1) != result.key_of("a", 0)
    assert result.key_of("a", 1) is not None


def test_agreements_in_the_plural_are_not_the_agreement() -> None:
    # "Russia and Ukraine signed an agreement in August ... Turkey also secured agreements with both countries."
    a, b = Doc("a"), Doc("b")
    a.event("agreement", "Agreement", "AGREE", roles=BOTH, time=AUG)
    a.event("agreements", "Agreement", "AGREE", roles={"party": ["turkey", "russia", "ukraine"]})
    b.event("agreement", "Agreement", "AGREE", roles=BOTH, time=AUG)  # another outlet's: the one signed
    result = resolve(a, b)
    assert result.key_of("a", 1) != result.key_of("a", 0)
    assert result.key_of("b", 0) == result.key_of("a", 0)


def test_a_definite_mention_with_words_of_its_own_is_the_talks_the_document_named() -> None:
    # "Russia and Ukraine negotiated in August ... The talks, facilitated by Qatar, ended without a deal.": the
    # mediator is news about the talks named, not another event (nothing else, not even the word, is shared).
    a = Doc("a")
    a.event("negotiations", roles=BOTH, time=AUG)
    a.event("the talks", roles={"mediator": ["qatar"]})
    result = resolve(a)
    assert result.key_of("a", 1) == result.key_of("a", 0) is not None
    assert result.nodes[result.key_of("a", 0)].roles["mediator"] == {"qatar"}


def test_a_definite_mention_another_report_names_better_is_that_reports_event() -> None:
    # One outlet: "Qatar-mediated talks between Russia and Ukraine in August". Another: "Russia and Ukraine are
    # in preliminary talks now ... The dialogue is mediated by Qatar, which brokered the August talks that Kyiv
    # wants to resume": the dialogue shares only the mediator with the current talks, the mediator and the
    # time with the other outlet's (joined by the sentence that dates it).
    a, b = Doc("a"), Doc("b")
    a.event("talks", roles={"party": ["ukraine", "russia"], "mediator": ["qatar"]}, time=AUG)
    b.event("talks", roles=BOTH, time=NOW, cues=("preliminary",))
    b.event("the dialogue", roles={"mediator": ["qatar"]})
    b.event("talks", roles={"mediator": ["qatar"]}, time=AUG)
    result = resolve(a, b)
    assert result.key_of("b", 1) == result.key_of("b", 2) == result.key_of("a", 0)
    assert result.key_of("b", 0) != result.key_of("a", 0)


def test_a_definite_attack_is_not_pointed_at_the_latest_one() -> None:
    # "Ukraine's offensive on the Kursk region ... the biggest step since the full-scale invasion of Ukraine":
    # a war named in passing is not the offensive the article is about.
    a = Doc("a")
    a.event("offensive", "MilitaryOperation", "FIGHT", roles={"attacker": ["ukraine"]}, places=("kursk",), time=AUG)
    a.event("the invasion", "MilitaryOperation", "FIGHT", roles={"target": ["ukraine"]})
    result = resolve(a)
    assert result.key_of("a", 1) != result.key_of("a", 0)


def test_the_extension_of_a_truce_is_not_the_truce_it_extends() -> None:
    # "During the truce between Russia and Ukraine ... Turkey said the truce had been extended by a week ...
    # prisoners freed under the original truce ... the truce held.": the extension is an event of its own; a
    # bare "the truce" after both is the latest one mentioned.
    a = Doc("a")
    a.event("truce", "Ceasefire", "RETREAT", roles=BOTH)
    a.event("truce", "Ceasefire", "RETREAT", roles={"party": ["russia", "ukraine"], "mediator": ["turkey"]},
            time=AUG, cues=("extended",))
    a.event("the truce", "Ceasefire", "RETREAT", cues=("original",))
    a.event("the truce", "Ceasefire", "RETREAT")
    result = resolve(a)
    assert result.key_of("a", 0) == result.key_of("a", 2) == result.key_of("a", 3) != result.key_of("a", 1)


def test_the_war_is_not_the_latest_offensive() -> None:
    # "Russia's war against Ukraine ... Ukraine's offensive into the Kursk region ... to end the war": "the war"
    # is the war named, not the offensive mentioned last; with no war named before, a war of its own.
    a = Doc("a")
    a.event("war", "MilitaryOperation", "FIGHT", roles={"attacker": ["russia"], "target": ["ukraine"]})
    a.event("offensive", "MilitaryOperation", "FIGHT", roles={"attacker": ["ukraine"]}, places=("kursk",), time=AUG)
    a.event("the war", "MilitaryOperation", "FIGHT")
    b = Doc("b")
    b.event("offensive", "MilitaryOperation", "FIGHT", roles={"attacker": ["ukraine"]}, places=("kursk",), time=AUG)
    b.event("the war", "MilitaryOperation", "FIGHT")
    result = resolve(a, b)
    assert result.key_of("a", 2) == result.key_of("a", 0) != result.key_of("a", 1)
    assert result.key_of("b", 1) != result.key_of("b", 0)


def test_within_a_document_a_bare_mention_is_not_the_event_that_did_not_happen() -> None:
    # "Meetings were held in Bern. The sides agreed that no further talks were needed. He did not elaborate
    # on the talks": the talks are the meetings held, not those that will not be.
    a = Doc("a")
    a.event("meetings", roles=BOTH, time=AUG)
    a.event("further talks", roles=BOTH, status="negated", cues=("further",))
    a.event("the talks")
    result = resolve(a)
    assert result.key_of("a", 2) == result.key_of("a", 0) != result.key_of("a", 1)


def test_a_negated_event_is_still_the_antecedent_when_no_other_is() -> None:
    a = Doc("a")
    a.event("talks", roles=BOTH, status="negated", cues=("direct",))
    a.event("the talks")
    result = resolve(a)
    assert result.key_of("a", 1) == result.key_of("a", 0)


def test_across_documents_an_event_of_other_named_sides_is_another_event() -> None:
    # "a Qatar-mediated ceasefire between Russia and Ukraine" and "Turkey agreed to a Qatar-mediated ceasefire"
    # (same month, same mediator): Turkey is neither of the first report's two sides.
    a, b = Doc("a"), Doc("b")
    a.event("ceasefire", "Agreement", "AGREE", roles={"mediator": ["qatar"], "party": ["russia", "ukraine"]},
            time=AUG, cues=("Qatar-mediated",))
    b.event("ceasefire", "Agreement", "AGREE", roles={"mediator": ["qatar"], "party": ["turkey"]}, time=AUG,
            cues=("Qatar-mediated",))
    assert len(resolve(a, b).nodes) == 2


@pytest.mark.parametrize("roles", [None, BOTH])
def test_within_a_document_a_mention_of_what_happened_is_not_the_event_still_to_come(roles) -> None:
    # "Ukraine and Russia held talks in August. Their ministers will meet to prepare a deal, officials said,
    # adding that the talks lasted four days": the talks are August's, not the meeting to come.
    a = Doc("a")
    a.event("talks", roles=BOTH, time=AUG)
    a.event("meet", roles=BOTH, status="planned")
    a.event("the talks", roles=roles)
    result = resolve(a)
    assert result.key_of("a", 2) == result.key_of("a", 0) != result.key_of("a", 1)


def test_across_documents_reports_that_share_no_participant_are_two_events() -> None:
    # "ethnic Turks began a hunger strike against Sweden's decision" and "refugees are continuing a hunger strike
    # in protest of Russia's refusal": two hunger strikes, whatever words they share.
    a, b = Doc("a"), Doc("b")
    a.event("hunger strike", "Protest", "PROTEST", roles={"party": ["turkey"], "target": ["qatar"]}, time=AUG,
            cues=("hunger", "open-ended"))
    b.event("hunger strike", "Protest", "PROTEST", roles={"target": ["russia"]}, time=AUG,
            cues=("hunger", "open-ended"))
    assert len(resolve(a, b).nodes) == 2


def test_talks_of_one_side_with_two_others_are_two_talks_but_a_leader_beside_his_state_is_not() -> None:
    doc = Doc("a")
    doc.event("talks", roles={"party": ["russia", "ukraine"]}, time=AUG)
    doc.event("the talks", roles={"party": ["russia", "turkey"]}, time=AUG)
    assert len(resolve(doc).nodes) == 2
    doc = Doc("a")
    doc.event("talks", roles={"party": ["russia", "ukraine"]}, time=AUG)
    doc.event("the talks", roles={"party": ["putin", "ukraine"]}, time=AUG)
    assert len(resolve(doc).nodes) == 1


def test_a_definite_mention_joins_another_reports_event_only_if_it_may_be_the_one_named_before(monkeypatch) -> None:
    for key, kind, label in (("chad", "State", "Chad"), ("niger", "State", "Niger"), ("usa", "State", "United States"),
                             ("peru", "State", "Peru"), ("chile", "State", "Chile")):
        monkeypatch.setitem(KINDS, key, kind)
        monkeypatch.setitem(LABELS, key, label)
    a, b = Doc("a"), Doc("b")
    a.event("peace deal", "Agreement", "AGREE", roles={"party": ["chad", "niger"], "mediator": ["usa", "qatar"]},
            time=AUG)
    b.event("arrangement", "Agreement", "AGREE", roles={"party": ["peru", "chile"]}, time=AUG)
    b.event("the signing ceremony", "Agreement", "AGREE", roles={"mediator": ["usa", "qatar"]})
    result = resolve(a, b)
    assert result.key_of("b", 1) == result.key_of("b", 0) != result.key_of("a", 0)
