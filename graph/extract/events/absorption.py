"""Merging and absorption: which trigger is another event's own words (a mediation that is the
talks' mediation, a participle that gives the talks a role, a light verb, an outcome beside its
attack), and which is the content or purpose of another ("agreed to a ceasefire", "talks on
halting strikes", "staged demonstrations to demand reforms"); what the merged and absorbed
pass on to the event that takes them (roles, places, cues)."""

from __future__ import annotations

from spacy.tokens import Token

from graph.extract.event_lexicon import Lexicon
from graph.extract.events.arguments import Arguments
from graph.extract.events.parse import (
    _children,
    _direct_object,
    _in_subtree,
    _lemma,
    _phrase_text,
    _prep_children,
)
from graph.extract.events.triggers import Candidate


class Absorption:
    """The structure among one document's triggers."""

    def __init__(self, lex: Lexicon, arguments: Arguments):
        self.lex, self.arguments = lex, arguments
        self.parse = arguments.parse

    def merge_and_absorb(self, cands: list[Candidate], by_token: dict[int, Candidate]) -> None:
        """Set ``merged_into`` (the trigger is the words of another event) and ``absorbed_by`` (it is the
        content or purpose of another) of each trigger; ``by_token``: trigger by its head's index."""
        lex = self.lex
        for cand in cands:
            cand.merged_into = self.merge_target(cand, by_token)
        # "the peace agreement reached in Lima ... and was signed in Quito on March 3": a passive signing with
        # no subject or object of its own, joined to another clause, signed the agreement the sentence named
        # before it (the parser may hang it on the wrong clause).
        sentence_numbers = self.parse.sentence_numbers
        for cand in cands:
            head = cand.head
            if (cand.rule.frame != "signing" or cand.rule.pos != "verb" or cand.merged_into is not None
                    or head.dep_ != "conj" or not any(c.dep_ == "auxpass" for c in _children(head))
                    or any(c.dep_ in ("nsubjpass", "nsubj", "dobj", "obj") for c in _children(head))):
                continue
            signed = [c for c in cands if c.rule.pos == "noun" and c.rule.event_class == cand.rule.event_class
                      and c.head.i < head.i and c.merged_into is None
                      and sentence_numbers[c.head.i] == sentence_numbers[head.i]]
            if signed:
                cand.merged_into = signed[-1]
        # "The talks, co-hosted by Saudi Arabia": a participle that gives the event a role is part of it.
        for cand in cands:
            if (cand.rule.pos == "verb" and cand.merged_into is None and _lemma(cand.head) in lex.modifier_roles
                    and cand.head.dep_ in ("acl", "amod") and cand.head.head.i in by_token
                    and by_token[cand.head.head.i] is not cand):
                cand.merged_into = by_token[cand.head.head.i]
        # "The talks were hosted by Kenya": a passive of a role's verb on an event is part of that event.
        for cand in cands:
            if cand.rule.pos == "verb" and cand.merged_into is None and _lemma(cand.head) in lex.modifier_roles:
                subjects = [c for c in _children(cand.head) if c.dep_ == "nsubjpass" and c.i in by_token]
                if subjects and by_token[subjects[0].i] is not cand:
                    cand.merged_into = by_token[subjects[0].i]
        # "retook the region in a lightning offensive": the act is done in the operation, which it is part of.
        for cand in cands:
            if cand.rule.pos == "verb" and cand.merged_into is None and cand.rule.event_class == "Attack":
                for word, obj in _prep_children(cand.head):
                    other = by_token.get(obj.i)
                    if word in ("in", "during") and other is not None and other.rule.event_class == "MilitaryOperation":
                        cand.merged_into = other
                        break
        # "Tuesday's talks in Jeddah were the first meeting between the two countries": what a copula says an
        # event is, of its own class, is that event.
        for cand in cands:
            verb = cand.head.head
            if cand.rule.pos != "noun" or cand.head.dep_ != "nsubj" or cand.merged_into is not None or (
                    _lemma(verb) != "be"):
                continue
            for c in _children(verb):
                other = by_token.get(c.i)
                if (c.dep_ == "attr" and other is not None and other is not cand and other.merged_into is None
                        and other.rule.event_class == cand.rule.event_class):
                    other.merged_into = cand
        # A verb whose object is itself a trigger is the light verb of that event ("launched an offensive").
        for cand in cands:
            if (cand.rule.pos == "verb" and not cand.rule.absorbs and cand.merged_into is None
                    and _lemma(cand.head) in lex.light_verbs):
                obj = _direct_object(cand.head)
                if obj is not None and obj.i in by_token and by_token[obj.i].rule.pos == "noun":
                    cand.merged_into = by_token[obj.i]
        # Outcomes ("killed", "destroyed") are no event of their own beside an attack in the same sentence.
        hostile = {sentence_numbers[c.head.i] for c in cands if not c.rule.secondary and c.plover in (
            "ASSAULT", "FIGHT", "COERCE") and c.merged_into is None}
        for cand in cands:
            sentence = sentence_numbers[cand.head.i]
            if cand.rule.secondary and sentence in hostile and cand.absorbed_by is None:
                cand.merged_into = next(
                    c for c in cands if not c.rule.secondary and sentence_numbers[c.head.i] == sentence
                    and c.plover in ("ASSAULT", "FIGHT", "COERCE") and c.merged_into is None)
        for cand in cands:  # what must be done is the demand's content
            if cand.rule.pos == "modal":
                clause = cand.head.head
                for other in cands:
                    if other is not cand and _in_subtree(other.head, clause) and other.absorbed_by is None:
                        other.absorbed_by = cand
        # A content verb whose object is itself an event takes it as its content ("suspended aid",
        # "lifted the curfew", "signed the agreement").
        for cand in cands:
            if cand.rule.pos == "verb" and cand.merged_into is None and _lemma(cand.head) not in lex.light_verbs:
                obj = _direct_object(cand.head)
                other = by_token.get(obj.i) if obj is not None else None
                if other is not None and other.rule.pos == "noun" and other.merged_into is None:
                    other.absorbed_by = cand
        for cand in cands:
            if cand.merged_into is None and cand.absorbed_by is None:
                parent = self.content_parent(cand, by_token) or self.purpose_parent(cand, by_token)
                # ("Bolivia said Chile must agree": the demand holds the agreement; the agreement, the demand's
                # content, does not hold it back)
                if parent is not None and parent.absorbed_by is not cand:
                    cand.absorbed_by = parent
        # The content of content is content: "opposed French mediation in peace negotiations".
        for cand in cands:
            if cand.merged_into is None and cand.absorbed_by is None:
                up = cand.head
                for _ in range(4):
                    if up.dep_ not in ("pobj", "prep", "dobj", "compound", "acl", "xcomp", "pcomp", "nmod") or (
                            up.dep_ == "prep" and up.lower_ in lex.modality["opaque_prepositions"]):
                        break
                    up = up.head
                    parent = by_token.get(up.i)
                    if parent is not None and parent is not cand:
                        if parent.absorbed_by is not None and parent.absorbed_by.rule.absorbs == "all":
                            cand.absorbed_by = parent
                        break

    def content_parent(self, cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
        """The trigger this one is the content of, if any."""
        token, path = cand.head, []
        for _ in range(5):
            infinitive = token.dep_ in ("relcl", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in _children(token))
            # (a clause joined by "and"/"but" is no content: "have not signed the deal, but they held talks")
            boundary = token.head.i == token.i or (
                token.dep_ in ("relcl", "advcl", "parataxis", "appos", "nsubj", "csubj") and not infinitive) or (
                token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and token.head.pos_ in ("VERB", "AUX")
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in _children(token)))
            # the subject of "decreased" is its content ("the frequency of attacks decreased")
            content_subject = token.dep_ in ("nsubj", "nsubjpass") and by_token.get(token.head.i) and by_token[
                token.head.i].rule.needs_content
            if boundary and not content_subject:
                return None
            if token.dep_ == "prep" and token.lower_ in self.lex.modality["opaque_prepositions"]:
                return None  # "agreed to a truce after ten days of talks": the talks are not what was agreed
            if token.dep_ in ("pobj", "advmod") and token.lower_ in self.lex.modality["circumstance_words"]:
                return None  # "threatened to cut ties on the eve of a visit": the visit is not threatened
            path.append(token)
            token = token.head
            if _lemma(token) in self.lex.modality["reporting_verbs"]:
                return None
            parent = by_token.get(token.i)
            # (the head a compound trigger names, "mediation efforts", is the trigger itself: walk on)
            if parent is None or parent is cand or parent.merged_into is not None:
                continue
            mode = parent.rule.absorbs
            if mode == "all":
                return parent
            if mode == "topic":
                first = path[-1]
                if first.dep_ in ("acl", "xcomp", "relcl", "ccomp") and any(
                        c.lower_ in ("to", "that") and c.dep_ in ("aux", "mark") for c in _children(first)):
                    return parent
                # "talks on halting strikes" is a topic; "talks with Russia" is not
                if any(t.dep_ == "prep" and t.lower_ in self.lex.topic_preps for t in path):
                    return parent
            return None
        return None

    def purpose_parent(self, cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
        """An event that says what another was for or how it was done ("staged demonstrations to demand
        reforms", "blocked roads demanding …", "hunger strike to protest …") is part of that event."""
        head = cand.head
        purpose = head.dep_ in ("advcl", "xcomp") and (head.tag_ == "VBG" or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in _children(head)))
        # "a demonstration calling for his removal", "a strike demanding higher wages": what the event does is its own
        purpose = purpose or (head.dep_ == "acl" and head.tag_ == "VBG" and head.head.i in by_token)
        purpose = purpose or (head.dep_ == "pobj" and head.head.lower_ == "in" and _lemma(head) in self.lex.modality[
            "purpose_nouns"] and head.head.head.i in by_token)
        # a condition is part of what it conditions ("threatened an offensive unless Baghdad accepted"), and so
        # is an event its clause names ("will withdraw unless a ceasefire is arranged", "until its demands are met")
        condition = self.condition_clause(head)
        if condition is not None:
            purpose, head = True, condition
        if not purpose:
            return None
        up = head.head if head.dep_ != "pobj" else head.head.head
        parent = by_token.get(up.i)
        if parent is not None and parent is not cand and parent.merged_into is None and parent.absorbed_by is not cand:
            return parent
        if _lemma(up) in self.lex.light_verbs:
            for c in _children(up):
                other = by_token.get(c.i)
                if c.dep_ in ("dobj", "attr") and other is not None and other is not cand:
                    return other
        return None

    def condition_clause(self, head: Token) -> Token | None:
        """The clause of condition ("if", "unless", "until": [modality] condition_marks) the trigger heads or
        is a participant of (its subject, object or their prepositional objects), if any."""
        token = head
        for _ in range(4):
            if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.lex.modality["condition_marks"]
                                             for c in _children(token)):
                return token
            if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "obj", "pobj", "prep", "compound"):
                return None
            token = token.head
        return None

    def merge_target(self, cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
        """A mediation that is the mediation of talks is those talks ("talks with Qatar's mediation",
        "this dialogue is being mediated by Qatar")."""
        if cand.rule.frame != "mediation":
            return None
        near = [cand.head.head, *[c for c in _children(cand.head) if c.dep_ in ("nsubjpass", "nsubj", "dobj")]]
        if cand.head.head.dep_ == "prep":
            near.append(cand.head.head.head)
            # "the truce was reached through the mediation of Egypt": the event the verb reaches
            if cand.head.head.lower_ in self.lex.auspices_preps:
                verb = cand.head.head.head
                near += [c for c in _children(verb) if c.dep_ in ("nsubjpass", "nsubj", "dobj")]
        for token in near:
            other = by_token.get(token.i)
            if other is not None and other is not cand and (
                    other.rule.frame == "meeting" or token.i != cand.head.head.i and token.head.i != cand.head.i):
                return other
        # "carried out a prisoner exchange in an operation facilitated by X": the operation the event is done
        # in, and its mediation, are the event's
        noun = cand.head.head
        if cand.rule.pos == "verb" and cand.head.dep_ == "acl" and noun.i not in by_token and noun.dep_ == "pobj" and (
                noun.head.dep_ == "prep" and noun.head.lower_ in self.lex.auspices_preps | {"in"}):
            verb = noun.head.head
            for token in (verb, *[c for c in _children(verb) if c.dep_ in ("dobj", "nsubj", "nsubjpass")]):
                other = by_token.get(token.i)
                if other is not None and other is not cand and other.rule.frame != "mediation":
                    return other
        return None

    def share(self, cands: list[Candidate]) -> None:
        """Once the arguments are read: what the merged and the absorbed pass on to the event that takes them."""
        lex = self.lex
        for cand in cands:
            target = cand.merged_into
            if target is not None:
                for role, m in cand.roles:
                    role = "mediator" if cand.rule.frame == "mediation" and role != "party" else role
                    if (role, m) not in target.roles:
                        target.roles.append((role, m))
                target.places += [p for p in cand.places if p not in target.places]
                target.cues += [c for c in cand.cues if c not in target.cues]
        at = {c.head.i: c for c in cands}
        for cand in cands:
            # "Egypt brokered the ceasefire", "the ceasefire was brokered by Egypt": the brokering stays an event
            # of its own, and who brokers mediates what is brokered
            if cand.rule.frame != "mediation" or cand.rule.pos != "verb" or cand.merged_into is not None:
                continue
            mediators = [(role, m) for role, m in cand.roles if role == "mediator"]
            for c in _children(cand.head):
                other = at.get(c.i)
                if c.dep_ in ("dobj", "nsubjpass") and other is not None and other is not cand:
                    other.roles += [r for r in mediators if r not in other.roles]
        for cand in cands:
            # "met in Istanbul for talks", "visited Moscow for talks": the talks are those who met's
            head = cand.head
            if (cand.rule.pos != "noun" or cand.roles or cand.merged_into is not None or head.dep_ != "pobj"
                    or head.head.lower_ != "for"):
                continue
            meeting = at.get(head.head.head.i)
            if meeting is not None and meeting is not cand and meeting.rule.event_class in lex.hosted_classes:
                cand.roles += [(role, m) for role, m in meeting.roles if role in ("party", "host", "mediator")]
        for cand in cands:  # who takes part in what is agreed, demanded or refused takes part in the agreement …
            parent = cand.absorbed_by
            if parent is None or parent.rule.absorbs == "topic" or parent.rule.event_class == "Negotiation":
                continue
            seen = {id(cand), id(parent)}
            # a chain of absorptions can loop back on itself in odd parses: stop at the first repeat
            while (parent.absorbed_by is not None and parent.absorbed_by.rule.absorbs != "topic"
                   and id(parent.absorbed_by) not in seen):
                parent = parent.absorbed_by
                seen.add(id(parent))
            have = {m for _, m in parent.roles}
            # "the parties agreed to the UN's proposal": who proposes to two sides mediates between them
            proposer_role = "mediator" if _lemma(cand.head) in lex.proposal_nouns and self.arguments.two_sides(
                parent) else None
            # The sides of what is signed or agreed with no sides of its own are its sides, all of them ("a
            # peace agreement between A and B was signed"): asked once, before the first side is passed on.
            takes_sides = not any(r == "party" for r, _ in parent.roles)
            for role, m in cand.roles:
                if proposer_role and role == "party" and m not in have:
                    parent.roles.append((proposer_role, m))
                    have.add(m)
                if m not in have:
                    # "agreed to a ceasefire brokered by Egypt": who brokered what is agreed mediates the agreement
                    kept = role if role in ("mediator", "host") else (
                        "party" if role == "party" and takes_sides else "target")
                    parent.roles.append((kept, m))
                    have.add(m)
        for cand in cands:  # what an event absorbed becomes a cue of it ("on halting strikes on energy")
            parent = cand.absorbed_by
            if parent is not None and cand.merged_into is None and parent.absorbed_by is None:
                cue = _phrase_text(cand.head, limit=8)
                if cue not in parent.cues:
                    parent.cues.append(cue)

    def absorb_goals(self, cands: list[Candidate], statuses: dict[int, str]) -> None:
        """An agreement that was not reached, with no parties of its own ("an agreement, if reached",
        "talks that nearly reached an agreement"), is the goal of the talks before it: a cue of them."""
        talks = [c for c in cands if c.rule.event_class == "Negotiation" and c.merged_into is None
                 and c.absorbed_by is None]
        sentence_numbers = self.parse.sentence_numbers
        for cand in cands:
            if (cand.rule.event_class != "Agreement" or cand.rule.pos != "noun"
                    or statuses[id(cand)] == "asserted" or cand.merged_into or cand.absorbed_by):
                continue
            here = sentence_numbers[cand.head.i]
            # Talks in the same sentence take it whatever the parse gave it ("talks mediated by Qatar,
            # which were close to an agreement"); talks a sentence or two before only an agreement of no one.
            reach = 0 if cand.roles else 3
            before = [t for t in talks
                      if t.head.i < cand.head.i and here - sentence_numbers[t.head.i] <= reach]
            if before:
                cand.absorbed_by = before[-1]
                before[-1].cues.append(cand.head.lower_)

