"""Roles an event takes from the text around its phrase, once every trigger's own arguments are read.

- A pronoun that stands for the event a sentence before named: "The talks took place in Geneva. They
  were attended by A and B" (A and B take part), "It was chaired by C" (C mediates).
- Who announces together that an agreement was reached is its sides: "A and B announced that a
  C-mediated deal had been reached" (two or more announcers, none of them its mediator).
- The negotiations that led to an agreement and the agreement have the same sides and mediators:
  "the agreement came after months of talks under the auspices of C", "reached a deal with B after
  years of negotiations".
- A war that "pits A against B" is fought by A against B.

Each reads the parse the arguments stage read (graph/extract/events/parse.py) and fills roles through
its ``Arguments.fill``; the words are data (graph/data/events.toml, [context]).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graph.extract.event_lexicon import Lexicon
from graph.extract.events.arguments import Arguments
from graph.extract.events.parse import _children, _conjuncts, _lemma, _parse, _path_up, _prep_children, _subject
from graph.extract.events.triggers import Candidate

# Roles that one event of a pair passes to the other where the other has none of that role.
_SHARED_ROLES = ("party", "mediator")


class Context:
    def __init__(self, doc: Doc, lex: Lexicon, arguments: Arguments):
        self.doc, self.lex, self.arguments = doc, lex, arguments
        self.parse = _parse(doc)

    def read(self, cands: list[Candidate]) -> None:
        events = [c for c in cands if c.merged_into is None and c.absorbed_by is None]
        self.pronoun_carriers(events)
        self.joint_announcers(events)
        self.talks_behind_agreements(events)
        self.pitted_sides(events)

    # ------------------------------------------------------------ "It was attended by A and B"
    def pronoun_carriers(self, events: list[Candidate]) -> None:
        lex, roles_of = self.lex, self.lex.modifier_roles
        pronouns = set(lex.context["event_pronouns"])
        wanted = set(lex.hosted_classes) | set(lex.mediated_classes)
        for verb in self.parse.tokens:
            role = roles_of.get(_lemma(verb))
            if role is None or verb.pos_ != "VERB" or verb.i in self.arguments.trigger_ids:
                continue
            subjects = [c for c in _children(verb) if c.dep_ == "nsubjpass" and c.lower_ in pronouns]
            agents = [o for w, o in _prep_children(verb) if w == "by"]
            if not subjects or not agents:
                continue
            event = self.antecedent(verb, events, wanted)
            if event is not None:
                self.arguments.fill(event, "agent", [a for o in agents for a in (o, *_conjuncts(o))],
                                    {"agent": role})

    def antecedent(self, token: Token, events: list[Candidate], classes: set[str]) -> Candidate | None:
        """The event a pronoun stands for: the subject event of the sentence before (or the first event it
        names), when the pronoun's own sentence names none before it."""
        here = self.parse.sentence_numbers[token.i]
        nouns = [c for c in events if c.rule.pos == "noun" and c.rule.event_class in classes]
        if any(self.parse.sentence_numbers[c.head.i] == here and c.head.i < token.i for c in nouns):
            return None  # "the talks, which ... It": the sentence's own event is nearer; leave it
        before = [c for c in nouns if self.parse.sentence_numbers[c.head.i] == here - 1]
        if not before:
            return None
        subjects = [c for c in before if c.head.dep_ in ("nsubj", "nsubjpass")]
        return (subjects or before)[0]

    # ------------------------------------------------------------ "A and B announced that a deal was reached"
    def joint_announcers(self, events: list[Candidate]) -> None:
        lex = self.lex
        verbs = set(lex.modality["reporting_verbs"])
        for event in events:
            if event.rule.event_class not in lex.context["announced_classes"] or any(
                    r == "party" for r, _ in event.roles):
                continue
            verb = self.reporting_verb(event.head, verbs)
            if verb is None:
                continue
            named = {id(m): m for t in _subject(verb) for m in self.arguments.entities_at(t)
                     if not m.is_place and m.kind != "AnonymousSource"}
            have = {id(m) for _, m in event.roles}
            if len(named) >= 2 and not set(named) & have:
                event.roles += [("party", m) for m in named.values()]

    def reporting_verb(self, head: Token, verbs: set[str]) -> Token | None:
        """The verb of saying whose reported clause holds the event ("announced that a deal had been
        reached"), the first one on the way up, if the way passes through its clause."""
        previous = head
        for up in _path_up(head):  # (its ancestors, the noun left out)
            if _lemma(up) in verbs and up.pos_ == "VERB":
                return up if previous.dep_ == "ccomp" else None
            previous = up
        return None

    # ------------------------------------------------------------ "the agreement came after months of talks"
    def talks_behind_agreements(self, events: list[Candidate]) -> None:
        lex = self.lex
        preps = set(lex.context["outcome_prepositions"])
        agreements = lex.context["agreement_classes"]
        by_head = {c.head.i: c for c in events}
        for talks in events:
            if talks.rule.event_class != "Negotiation" or talks.rule.pos != "noun":
                continue
            prep = self.governing_preposition(talks.head, preps)
            if prep is None:
                continue
            anchor = prep.head
            agreement = next((c for c in events if c.rule.event_class in agreements and c is not talks and (
                c.head.i == anchor.i or c.head.head.i == anchor.i and c.head.dep_ in (
                    "nsubj", "nsubjpass", "dobj"))), None)
            if agreement is None and anchor.i in by_head and by_head[anchor.i].rule.event_class in agreements:
                agreement = by_head[anchor.i]
            if agreement is None:
                continue
            for role in _SHARED_ROLES:
                for giver, taker in ((agreement, talks), (talks, agreement)):
                    if not any(r == role for r, _ in taker.roles):
                        taker.roles += [(r, m) for r, m in giver.roles if r == role]

    def governing_preposition(self, noun: Token, preps: set[str]) -> Token | None:
        """The preposition of time that governs a noun, through "years of", "months of" ("after years of
        talks"): None when the noun is not in such a phrase."""
        token = noun
        for _ in range(4):
            head = token.head
            if token.dep_ != "pobj" or head.i == token.i or head.dep_ != "prep":
                return None
            if head.lower_ in preps:
                return head
            if head.lower_ != "of":
                return None
            token = head.head  # "years" in "after years of talks"
        return None

    # ------------------------------------------------------------ "the war pits A against B"
    def pitted_sides(self, events: list[Candidate]) -> None:
        verbs = set(self.lex.context["opposing_verbs"])
        for event in events:
            head = event.head
            if event.rule.pos != "noun" or head.dep_ != "nsubj" or _lemma(head.head) not in verbs:
                continue
            frame = self.lex.frames.get(event.rule.frame, {})
            verb = head.head
            first = [c for c in _children(verb) if c.dep_ in ("dobj", "obj")]
            second = [o for w, o in _prep_children(verb) if w == "against"]
            for o in list(first):  # "against" may hang on the object: "pits A against B"
                second += [x for w, x in _prep_children(o) if w == "against"]
            if first and second:
                self.arguments.fill(event, "subj", first, frame)
                self.arguments.fill(event, "prep_against", second, frame)
