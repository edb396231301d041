"""Roles an event takes from the text around its phrase, once every trigger's own arguments are read.

- A pronoun that stands for the event a sentence before named: "The talks took place in Geneva. They
  were attended by A and B" (A and B take part), "It was chaired by C" (C mediates).
- Who announces together that an agreement was reached is its sides: "A and B announced that a
  C-mediated deal had been reached" (two or more announcers, none of them its mediator).
- The negotiations that led to an agreement and the agreement have the same sides and mediators:
  "the agreement came after months of talks under the auspices of C", "reached a deal with B after
  years of negotiations".
- A war that "pits A against B" is fought by A against B.
- The sides of the hostilities a ceasefire halts are its sides: "a cessation of hostilities between A and
  B", "A sought a halt in hostilities with B".
- A truce one side agrees to beside the fighting its sentence names is also the other fighters': "after A's army
  launched an offensive, B's forces agreed to a ceasefire" (A is a side too).
- Who "played a role in" talks or an agreement, whose "role in" them the text names, mediates them.
- A document that tells of one agreement between the same sides tells of its talks: talks it names with no
  sides, or only the agreement's, are that agreement's talks, mediated by its mediator ("China brokered the
  deal between A and B ... the talks were held over four days", "the breakthrough negotiated with China");
  and the agreement of the sides of mediated talks is mediated too ("C mediated between A and B, a process
  that concluded with an agreement between the two").
- Who takes part in talks between two others ("C travelled to A and B as part of the negotiations") mediates.
- "Participants including A, B and C" are parties to the meeting the text is telling of.
- The events of one named negotiation track share their sides: "the Tumaini talks, mediated by Kenya between
  A and B ... the Tumaini Consensus signed in September" (a proper name before the event's noun that is no
  place, state or person).

Each reads the parse the arguments stage read (graph/extract/events/parse.py) and fills roles through
its ``Arguments.fill``; the words are data (graph/data/events.toml, [context]).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graph.extract.event_lexicon import Lexicon
from graph.extract.events.arguments import Arguments, _actor_identity
from graph.extract.events.parse import (
    _agents,
    _carrier,
    _children,
    _conjuncts,
    _lemma,
    _parse,
    _path_up,
    _prep_children,
    _subject,
)
from graph.extract.events.triggers import Candidate

# Roles that one event of a pair passes to the other where the other has none of that role.
_SHARED_ROLES = ("party", "mediator")


class Context:
    def __init__(self, doc: Doc, lex: Lexicon, arguments: Arguments):
        self.doc, self.lex, self.arguments = doc, lex, arguments
        self.parse = _parse(doc)

    def read(self, cands: list[Candidate]) -> None:
        events = [c for c in cands if c.merged_into is None and c.absorbed_by is None]
        self.sides_of_what_ends(cands)
        self.sides_of_the_fighting(cands, events)
        self.pronoun_carriers(events)
        self.joint_announcers(events)
        self.talks_behind_agreements(events)
        self.pitted_sides(events)
        self.roles_played(events)
        self.listed_participants(events)
        self.named_tracks(events)
        self.warring_parties(events)
        self.similar_deals(events)
        self.talks_of_the_deal(events)
        self.third_parts(events)

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
            agents = _agents(verb)
            if not subjects or not agents:
                continue
            event = self.antecedent(verb, events, wanted)
            if event is not None:
                self.arguments.fill(event, "agent", [a for o in agents for a in (o, *_conjuncts(o))],
                                    {"agent": role})

    def antecedent(self, token: Token, events: list[Candidate], classes: set[str],
                   own_sentence: bool = False) -> Candidate | None:
        """The event a pronoun stands for: the subject event of the sentence before (or the first event it
        names), when the pronoun's own sentence names none before it (or, ``own_sentence``, that one)."""
        here = self.parse.sentence_numbers[token.i]
        nouns = [c for c in events if c.rule.pos == "noun" and c.rule.event_class in classes]
        mine = [c for c in events if c.rule.event_class in classes and c.head.i < token.i
                and self.parse.sentence_numbers[c.head.i] == here]
        if mine:
            # "the talks, which ... It": the sentence's own event is nearer; a pronoun leaves it alone
            return mine[-1] if own_sentence else None
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

    # ------------------------------------------------------------ "Turkey played a key role in the exchange"
    def roles_played(self, events: list[Candidate]) -> None:
        lex = self.lex
        nouns, verbs = set(lex.context["role_nouns"]), set(lex.context["role_verbs"])
        by_head = {c.head.i: c for c in events if c.rule.event_class in lex.mediated_classes}
        for noun in self.parse.tokens:
            if _lemma(noun) not in nouns or noun.pos_ != "NOUN":
                continue
            verb = noun.head if noun.dep_ in ("dobj", "obj") and _lemma(noun.head) in verbs else None
            who = [c for c in _children(noun) if c.dep_ == "poss"]
            who += [o for w, o in _prep_children(noun) if w == "of"]
            if verb is not None:
                who += _subject(verb)
            where = [o for w, o in _prep_children(noun) if w == "in"]
            if verb is not None:
                where += [o for w, o in _prep_children(verb) if w == "in"]
            for o in where:
                # "a role in this operation of prisoner swaps": the event the phrase names
                event = by_head.get(o.i) or next((by_head[x.i] for w, x in _prep_children(o)
                                                  if w == "of" and x.i in by_head), None)
                if event is None:
                    continue
                named = {id(m) for t in who for m in self.arguments.entities_at(t)}
                sides = {id(m) for r, m in event.roles if r == "party"}
                if named & sides or len(sides) == 1:
                    continue  # a side's role in its own talks ("a role in the talks with Chile": Peru's)
                self.arguments.fill(event, "subj", [x for t in who for x in (t, *_conjuncts(t))],
                                    {"subj": "mediator"})

    # ------------------------------------------------------------ "participants including A, B and C"
    def listed_participants(self, events: list[Candidate]) -> None:
        lex = self.lex
        nouns, preps = set(lex.context["participant_nouns"]), set(lex.context["listing_prepositions"])
        wanted = set(lex.hosted_classes)
        for noun in self.parse.tokens:
            if _lemma(noun) not in nouns:
                continue
            listed = [o for w, o in _prep_children(noun) if w in preps]
            if not listed:
                continue
            event = self.antecedent(noun, events, wanted, own_sentence=True)
            if event is not None:
                self.arguments.fill(event, "subj", [x for o in listed for x in (o, *_conjuncts(o))],
                                    {"subj": "party"})

    # ------------------------------------------------------------ "the Tumaini talks ... the Tumaini Consensus"
    def named_tracks(self, events: list[Candidate]) -> None:
        lex = self.lex
        tracks: dict[str, list[Candidate]] = {}
        for event in events:
            if event.rule.event_class not in lex.mediated_classes:
                continue
            name = self.track_name(event)
            if name:
                tracks.setdefault(name, []).append(event)
        for group in tracks.values():
            for role in _SHARED_ROLES:
                giver = next((c for c in group if any(r == role for r, _ in c.roles)), None)
                if giver is None:
                    continue
                for taker in group:
                    if not any(r == role for r, _ in taker.roles):
                        taker.roles += [(r, m) for r, m in giver.roles if r == role]

    def track_name(self, event: Candidate) -> str | None:
        """The proper name an event's noun carries that is no actor's or place's: "Tumaini" in "the Tumaini
        Initiative peace talks" and in "the Tumaini Consensus signed in September"."""
        noun = event.head
        if event.rule.pos == "verb":
            if noun.dep_ != "acl":
                return None
            noun = noun.head  # "the Tumaini Consensus signed in September"
        for c in _children(noun):
            if c.dep_ != "compound" or c.pos_ != "PROPN" or c.i > noun.i:
                continue
            first = min((c, *[g for g in _children(c) if g.dep_ == "compound"]), key=lambda t: t.i)
            m = self.arguments.mentions.at_token(first)
            if m is not None and (m.is_place or m.kind in ("State", "Person")):
                continue
            if self.arguments.gazetteer.demonym(first.text):
                continue  # "the Iranian talks": a demonym is a side, not a name
            return first.lower_
        return None

    # ------------------------------------------------------------ "C brokered the deal ... the talks were held"
    def talks_of_the_deal(self, events: list[Candidate]) -> None:
        lex = self.lex
        all_agreements = [c for c in events if c.rule.event_class in lex.context["agreement_classes"]]
        sides = {frozenset(ids) for c in all_agreements if len(ids := _identities(c, "party")) >= 2}
        if not sides:
            self.talks_of_the_mediated_deal(events, all_agreements)
        if len(sides) != 1:
            return  # no agreement, or agreements of different sides: which talks are whose is not said
        [parties] = sides
        talks = [c for c in events if c.rule.event_class in lex.context["talks_classes"]]
        # (its mediator may be read at another mention of it: "the deal ... China, which brokered the deal")
        agreements = [c for c in all_agreements if _identities(c, "party") <= parties]
        mediators = {_actor_identity(m): m for c in agreements for r, m in c.roles if r == "mediator"}
        mediators.update((_actor_identity(m), m) for c in talks if _identities(c, "party") == parties
                         for r, m in c.roles if r == "mediator")
        mediators = {k: m for k, m in mediators.items() if k not in parties}
        sides_of = {_actor_identity(m): m for c in agreements for r, m in c.roles if r == "party"}
        for event in [*agreements, *talks]:
            have = _identities(event, "party")
            if not have <= parties | set(mediators) or _identities(event, "mediator") - set(mediators):
                continue  # other sides, or another mediator: other talks
            event.roles += [("party", m) for k, m in sides_of.items() if k not in have]
            own = _identities(event, "mediator")
            event.roles += [("mediator", m) for k, m in mediators.items() if k not in own]

    # ------------------------------------------------------------ "the parties to the conflict have agreed"
    def warring_parties(self, events: list[Candidate]) -> None:
        """An agreement whose subject is "the parties to the conflict" or "the warring sides" is between the
        sides of the war the document tells of: the fighters of its military operations."""
        ctx = self.lex.context
        fighters = {_actor_identity(m): m for c in events if c.rule.event_class == "MilitaryOperation"
                    for r, m in c.roles if r in ("attacker", "target", "party") and not m.is_place}
        if len(fighters) < 2:
            return
        for event in events:
            if event.rule.event_class not in ctx["agreement_classes"] or any(r == "party" for r, _ in event.roles):
                continue
            verb = event.head if event.rule.pos == "verb" else _carrier(event.head, self.lex)
            subjects = _subject(verb) if verb is not None else []
            if any(_lemma(t) in ctx["side_nouns"] and (
                    any(_lemma(o) in ctx["war_nouns"] for w, o in _prep_children(t) if w in ("to", "of", "in"))
                    or any(c.dep_ == "amod" and c.lower_ in ctx["warring_words"] for c in _children(t)))
                    for t in subjects):
                event.roles += [("party", m) for m in fighters.values()]

    # ------------------------------------------------------------ "A similar measure was agreed upon earlier"
    def similar_deals(self, events: list[Candidate]) -> None:
        """An agreement marked as another one ("a similar measure was agreed upon earlier this year") that names
        no sides is between the sides of the agreement the text named before it."""
        agreements = self.lex.context["agreement_classes"]
        for event in events:
            if event.rule.event_class not in agreements or not self.lex.other_event_words.intersection(
                    event.cues) or any(r == "party" for r, _ in event.roles):
                continue
            before = next((c for c in reversed(events) if c.head.i < event.head.i and c.rule.event_class in agreements
                           and len(_identities(c, "party")) >= 2), None)
            if before is not None:
                sides = {_actor_identity(m): m for r, m in before.roles if r == "party"}
                event.roles += [("party", m) for m in sides.values()]

    def talks_of_the_mediated_deal(self, events: list[Candidate], agreements: list[Candidate]) -> None:
        """Talks that name no one, in a document whose agreements name no sides but one mediator (or one set of
        them), are that mediator's: "the parties agreed, the AU mediator said ... Peace talks began in Pretoria"."""
        mediated = {frozenset(ids) for c in agreements if (ids := _identities(c, "mediator"))}
        if len(mediated) != 1:
            return
        mediators = {_actor_identity(m): m for c in agreements for r, m in c.roles if r == "mediator"}
        for event in events:
            if event.rule.event_class in self.lex.context["talks_classes"] and not any(
                    r in ("party", "mediator", "host") for r, _ in event.roles):
                event.roles += [("mediator", m) for m in mediators.values()]

    # ------------------------------------------------------------ "C travelled to A's capital as part of the talks"
    def third_parts(self, events: list[Candidate]) -> None:
        lex = self.lex
        by_head = {c.head.i: c for c in events if c.rule.event_class in lex.context["talks_classes"]}
        for part in self.parse.tokens:
            if _lemma(part) not in lex.context["part_nouns"] or part.dep_ != "pobj" or part.head.lower_ != "as":
                continue
            talks = next((by_head[o.i] for w, o in _prep_children(part) if w == "of" and o.i in by_head), None)
            if talks is None:
                continue
            sides = _identities(talks, "party")
            if not sides:  # "the negotiations": the talks the text named before, with their sides
                sides = next((_identities(c, "party") for c in reversed(events) if c.head.i < talks.head.i
                              and c.rule.event_class == talks.rule.event_class
                              and len(_identities(c, "party")) >= 2), set())
            if len(sides) < 2:
                continue
            verb = part.head.head
            doers = [m for t in _subject(verb) for m in self.arguments.entities_at(t)
                     if not m.is_place and m.kind != "AnonymousSource"]
            sides |= _identities(talks, "mediator")
            if doers and all(_actor_identity(m) not in sides for m in doers):
                talks.roles += [("mediator", m) for m in doers]

    # ------------------------------------------------------------ "after A's offensive, B agreed to a truce"
    def sides_of_the_fighting(self, cands: list[Candidate], events: list[Candidate]) -> None:
        lex = self.lex
        agreements, hostile = lex.context["agreement_classes"], lex.context["hostile_classes"]
        numbers = self.parse.sentence_numbers
        for event in events:
            parties = _identities(event, "party")
            if event.rule.event_class not in agreements or len(parties) != 1 or not (
                    event.rule.event_class == "Ceasefire" or any(
                        c.absorbed_by is event and c.rule.event_class == "Ceasefire" for c in cands)):
                continue
            here = numbers[event.head.i]
            fighters = {_actor_identity(m): m for c in events if c.rule.event_class in hostile
                        and numbers[c.head.i] == here for r, m in c.roles
                        if r in ("attacker", "target") and not m.is_place}
            event.roles += [("party", m) for k, m in fighters.items() if k not in parties]

    # ------------------------------------------------------------ "a cessation of hostilities between A and B"
    def sides_of_what_ends(self, cands: list[Candidate]) -> None:
        agreements = self.lex.context["agreement_classes"]
        for content in cands:
            ceasefire = content.absorbed_by
            if ceasefire is None or ceasefire.rule.event_class not in agreements or content.rule.pos != "noun":
                continue
            sides = [o for w, o in _prep_children(content.head) if w in ("between", "with", "among")]
            self.arguments.fill(ceasefire, "prep_between", [x for o in sides for x in (o, *_conjuncts(o))],
                                {"prep_between": "party"})


def _identities(event: Candidate, role: str) -> set[str]:
    return {_actor_identity(m) for r, m in event.roles if r == role}
