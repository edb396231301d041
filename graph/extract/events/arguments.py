"""Arguments: who takes which role in an event (party, mediator, host, attacker, target) and where
it is, read from the dependency parse through the trigger's frame (graph/data/events.toml maps
syntactic slots, subject, object, possessor, "by", "with", "between" ..., to roles), the light verb
that carries a noun trigger, the modifiers that name a role ("Qatar-mediated"), and the auspices
phrases ("under the auspices of")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from graph.extract.base import MentionIndex, char_span, doc_text
from graph.extract.event_lexicon import Lexicon
from graph.extract.events.parse import (
    _agents,
    _carrier,
    _children,
    _conjuncts,
    _lemma,
    _parse,
    _passive_subject,
    _path_up,
    _phrase_head,
    _pobjs,
    _prep_children,
    _subject,
)
from graph.extract.events.triggers import Candidate
from graph.gazetteer import load_gazetteer
from graph.model import PLACE, EntityMention, Span

# Roles and slots in which a capital named among the sides is its state ("between Washington and Tehran",
# "talks with Moscow"); a capital struck or met in stays a place.
CAPITAL_ROLES = frozenset({"party", "mediator", "attacker"})
CAPITAL_SLOTS = frozenset({"prep_between", "prep_with", "prep_among", "subj", "agent", "pass_subj", "poss"})
# Prepositions whose objects are an event's sides ("talks between A and B", "among the factions").
SIDE_PREPS = frozenset({"between", "among", "amongst"})


class Arguments:
    """The reader of one document's event arguments: the mentions it may take, and the demonyms and
    capitals it makes mentions of (``extra_mentions``) when they fill a role."""

    def __init__(self, doc: Doc, mentions: MentionIndex, lex: Lexicon):
        self.doc, self.lex, self.mentions = doc, lex, mentions
        self.parse = _parse(doc)
        self.gazetteer = load_gazetteer()
        self.extra_mentions: list[EntityMention] = []
        self.trigger_ids: set[int] = set()  # an argument that is itself an event is not an actor
        # The parties of the last event read with two or more of them: what "the two sides" refers to.
        self.last_sides: tuple[EntityMention, ...] = ()
        self.last_sides_at = -1  # the token of the event they were read for
        self._pairs: list[tuple[int, tuple[EntityMention, ...]]] | None = None  # see named_sides
        self._governments: list[tuple[int, EntityMention]] | None = None  # see document_government


    def entities_at(self, token: Token, bare_government: bool = True) -> list[EntityMention]:
        """The actor or place a token stands for: the mention on it, else a demonym ("Russian"),
        else the mentions in its phrase's head words (not in its relative clauses or preps); a bare
        "the government", the state whose government the text names (``document_government``)."""
        m = self.mentions.at_token(token)
        if m is not None:
            return [m]
        if token.pos_ in ("ADJ", "PROPN", "NOUN") and token.text[:1].isupper():
            demonym = self.demonym_mention(token)
            if demonym is not None:
                return [demonym]
        out = []
        modifiers = [c for c in _children(token) if c.dep_ in ("compound", "amod", "nmod", "poss", "appos")]
        # and the modifiers of a modifier: "Israeli military policies", "South Korean army officers"
        modifiers += [g for c in modifiers if c.dep_ in ("compound", "amod", "nmod") for g in _children(c)
                      if g.dep_ in ("compound", "amod", "nmod", "npadvmod") and g.i < c.i]  # "Vietnamese-led forces"
        modifiers += [x for c in modifiers for x in _conjuncts(c)]  # "Hungarian and Romanian officials"
        for c in modifiers:
            m = self.mentions.at_token(c)
            if m is not None and m not in out:
                out.append(m)
            elif (m is None and c.dep_ in ("amod", "compound", "conj", "npadvmod") and c.text[:1].isupper()
                  and token.dep_ != "poss"):
                d = self.demonym_mention(c)
                if d is not None and d not in out:
                    out.append(d)
        if not out and _lemma(token) in self.lex.place_nouns:
            for c in _children(token):  # "the town of Cizre", "the city of Hebron"
                if c.dep_ == "prep" and c.lower_ == "of":
                    for o in _pobjs(c):
                        out += [m for m in self.entities_at(o) if m.is_place and m not in out]
        if not out and _lemma(token) in self.lex.group_nouns:
            for c in _children(token):  # "leaders of Romania's new government", "rebels in the Ivory Coast"
                if c.dep_ == "prep" and c.lower_ in self.lex.group_preps:
                    for o in _pobjs(c):
                        out += [m for m in self.entities_at(o) if m not in out]
        if not out and token.pos_ == "PRON" and token.lower_ in ("it", "they", "he", "she", "we"):
            # "Uganda said it had paid": the pronoun subject of a reported clause is the one who says it
            clause = token.head
            while clause.dep_ in ("xcomp", "conj", "aux") and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "ccomp" and _lemma(clause.head) in self.lex.modality["reporting_verbs"]:
                speaker = [c for c in _children(clause.head) if c.dep_ == "nsubj"]
                if speaker and speaker[0].pos_ != "PRON":
                    # An outlet that "has learned what they are negotiating" reports; it is not "they".
                    return [m for m in self.entities_at(speaker[0]) if m.kind != "NewsOutlet"]
        if bare_government and _lemma(token) in self.lex.government_nouns and (
                # "the government", or one named by who leads it ("President Petro's government")
                (not out and not any(c.dep_ in ("poss", "amod", "compound", "prep") for c in _children(token)))
                or (out and all(m.kind == "Person" for m in out))):
            state = self.document_government(token)
            if state is not None:
                out.append(state)
        return out

    def named_sides(self, token: Token, third: frozenset[str] = frozenset()) -> tuple[EntityMention, ...]:
        """The sides "both parties" or "the two sides" stand for: the parties of the last event read with two
        or more, or the actors the text last named together before the words, whichever is nearer ("an
        announcement by the government and the rebels confirmed that both parties had agreed"). Actors named
        together with the event's ``third`` parties (its mediators, by identity) are not its sides ("thanked
        A as well as B and C, who facilitated talks between the two sides")."""
        if self._pairs is None:
            self._pairs = []
            def actor(t: Token) -> EntityMention | None:
                found = [m for m in self.entities_at(t, bare_government=False)
                         if not m.is_place and m.kind != "AnonymousSource"]
                return found[0] if len(found) == 1 else None

            for t in self.parse.tokens:
                conjuncts = list(_conjuncts(t))
                if t.dep_ == "conj" or not conjuncts or t.i in self.trigger_ids:
                    continue
                named = [m for c in (t, *conjuncts) if (m := actor(c)) is not None]
                if len({m.key or m.text for m in named}) >= 2:
                    self._pairs.append((max(c.i for c in (t, *conjuncts)), tuple(named)))
        pair = next(((i, named) for i, named in reversed(self._pairs) if i < token.i and third.isdisjoint(
            _actor_identity(m) for m in named)), None)
        if pair is not None and (not self.last_sides or pair[0] > self.last_sides_at):
            return pair[1]
        # (the events are not read in the text's order: sides read for a later one are not these words')
        return self.last_sides if self.last_sides_at < token.i else ()

    def doers(self, deed: Token) -> list[EntityMention]:
        """Who did what a noun names: its possessor ("Chile's crackdown"), its "by" phrase ("crimes by the
        rebels") or its participle's ("crimes committed by Croat forces")."""
        doers = [c for c in _children(deed) if c.dep_ == "poss"]
        doers += [o for c in _children(deed) if c.dep_ == "prep" and c.lower_ == "by" for o in _pobjs(c)]
        doers += [o for c in _children(deed) if c.dep_ == "acl" and c.tag_ == "VBN" for o in _agents(c)]
        return [m for o in doers for m in self.entities_at(o) if not m.is_place]

    def reporter_of(self, pronoun: Token) -> list[EntityMention]:
        """Who reports the clause a pronoun is the subject of: the subject of the verb of saying that takes
        it ("NATO confirmed it would ...", "Peru said it had been attacked"), if it names an actor."""
        verb = pronoun.head
        while verb.dep_ in ("xcomp", "conj", "aux", "auxpass") and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "ccomp" or _lemma(verb.head) not in self.lex.modality["reporting_verbs"]:
            return []
        return [m for t in _subject(verb.head) for m in self.entities_at(t)
                if not m.is_place and m.kind not in ("AnonymousSource", "NewsOutlet")]

    def topic_state(self, token: Token, others: set[str]) -> EntityMention | None:
        """The state the document names most often before ``token`` (the latest named, on a tie), none of
        ``others``: what "the country" stands for."""
        before = [m for m in self.mentions.mentions if m.kind == "State" and m.key and m.span.end <= token.idx
                  and m.key not in others]
        if not before:
            return None
        counts = Counter(m.key for m in before)
        best = max(counts.values())
        return next(m for m in reversed(before) if counts[m.key] == best)

    def document_government(self, token: Token) -> EntityMention | None:
        """The state a bare "the government" stands for: the one whose government the text last named
        before it ("the government of Colombia ... talks between the government and the rebels"), else
        the first one it names after it."""
        if self._governments is None:
            self._governments = []
            for t in self.parse.tokens:
                if _lemma(t) in self.lex.government_nouns:
                    states = [m for m in self.entities_at(t, bare_government=False) if m.kind == "State"]
                    if len(states) == 1:
                        self._governments.append((t.i, states[0]))
        before = [m for i, m in self._governments if i < token.i]
        after = [m for i, m in self._governments if i > token.i]
        return before[-1] if before else after[0] if after else None

    def demonyms_in(self, token: Token, unnamed: EntityMention) -> list[EntityMention]:
        """The states the demonyms before a noun name, inside an unnamed mention that covers them ("two
        Russian diplomats", "South Korean engineers")."""
        out: list[EntityMention] = []
        before = [c for c in _children(token) if c.i < token.i and c.dep_ in ("amod", "compound")]
        before += [g for c in before for g in _children(c) if g.i < c.i and g.dep_ in ("amod", "compound")]
        for c in before:
            if c.text[:1].isupper() and (
                    self.mentions.at_token(c) in (None, unnamed)):
                d = self.demonym_mention(c)
                if d is not None and d.kind == "State" and d not in out:
                    out.append(d)
        return out

    def demonym_mention(self, token: Token) -> EntityMention | None:
        """A demonym that fills a role ("Russian strikes", "South Korean army") is a mention of its state."""
        before = token.doc[token.i - 1] if token.i > 0 else None
        span, entry = char_span(token), None
        if before is not None and before.head.i == token.i and before.dep_ in ("amod", "compound") and (
                before.text[:1].isupper()):  # "North Korean", "Sri Lankan"
            entry = self.gazetteer.get(self.gazetteer.demonym(f"{before.text} {token.text}"))
            span = Span(before.idx, token.idx + len(token.text)) if entry is not None else span
        if entry is None:
            entry = self.gazetteer.get(self.gazetteer.demonym(token.text))
        if entry is None or entry.kind == PLACE:
            return None
        for m in self.extra_mentions:
            if m.span == span:
                return m
        m = EntityMention(span=span, text=doc_text(token.doc)[span.begin:span.end], kind=entry.kind, key=entry.key,
                          label=entry.label, ner_label="DEMONYM")
        self.extra_mentions.append(m)
        return m

    def state_for_capital(self, m: EntityMention) -> EntityMention | None:
        """The state a capital or seat of government stands for, as a mention on the capital's words."""
        entry = self.gazetteer.get(m.key) if m.key else None
        state = self.gazetteer.get(entry.metonym_of) if entry is not None and entry.metonym_of else None
        if state is None or state.kind == PLACE:
            return None
        for known in self.extra_mentions:
            if known.span == m.span and known.key == state.key:
                return known
        mention = EntityMention(span=m.span, text=m.text, kind=state.kind, key=state.key, label=state.label,
                                ner_label="CAPITAL")
        self.extra_mentions.append(mention)
        return mention

    def fill(self, cand: Candidate, slot: str, tokens: Iterable[Token], frame: dict[str, str]) -> None:
        # A frame may give a noun its own reading of a slot: "calls from X" (X calls) vs "demanded aid from X".
        role = frame.get(f"noun_{slot}", frame.get(slot)) if cand.rule.pos == "noun" else frame.get(slot)
        for token in tokens:
            if token.i in self.trigger_ids:
                if role == "target" and token.pos_ == "NOUN" and cand.rule.event_class not in (
                        self.lex.mediated_classes) and _lemma(token) not in self.lex.proposal_nouns:
                    # "denounced Chile's crackdown": a deed that is an event of its own; its doer is the target
                    # (not "agreed to the UN's proposal": who proposes what two sides accept mediates)
                    for m in self.doers(token):
                        if ("target", m) not in cand.roles:
                            cand.roles.append(("target", m))
                continue
            found = self.entities_at(token)
            if not found and role is not None and token.tag_ == "NN" and (
                    _lemma(token) in self.lex.country_nouns) and any(
                    c.dep_ == "det" and c.lower_ == "the" for c in _children(token)):
                # "Russia launched a full-scale invasion of the country": the state the document is about
                topic = self.topic_state(token, {_actor_identity(m) for _, m in cand.roles})
                found = [topic] if topic is not None else []
            if not found and role in ("party", "target") and token.tag_ in ("NNS", "NNPS") and (
                    _lemma(token) in self.lex.side_nouns):
                # "talks between the two sides", "both countries agreed": the sides the text last named
                found = list(self.named_sides(token, frozenset(
                    _actor_identity(m) for r, m in cand.roles if r in ("mediator", "host"))))
            if not found and role is not None and token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass") and (
                    token.lower_ in self.lex.context["reported_pronouns"]):
                # "NATO confirmed it would tighten the blockade", "Iran said it had been attacked": the one who
                # says so
                found = self.reporter_of(token)
            if not found and role == "party" and self.last_sides and token.lower_ in ("they", "them") and (
                    cand.rule.event_class in self.lex.mediated_classes):
                # "Serbia and Kosovo have not signed the deal. They held talks in Brussels": the same sides
                found = list(self.last_sides)
            if not found and role == "target":
                # What is hit belongs to its owner: "shelled positions of the Palestinian security forces"; and
                # ties are with someone: "cut all contact with Chile", "shared evidence with Peru"
                found = [m for c in _children(token) if c.dep_ == "prep" and c.lower_ in ("of", "with")
                         for o in _pobjs(c) for m in self.entities_at(o) if not m.is_place]
            if not found and role == "target" and token.pos_ == "NOUN":
                # and a deed, to its doer: "is investigating crimes by the rebels", "crimes committed by X"
                found = self.doers(token)
            if found and any(m.kind not in ("State", PLACE) for m in found):
                # "Somalia's transitional government", "Russia's Lavrov": who acts for a state, the state too
                for c in _children(token):
                    if c.dep_ == "poss":
                        found += [m for m in self.entities_at(c) if m.kind == "State" and m not in found]
            # "Egyptian and Qatari mediators held talks with Hamas": who is called a mediator mediates
            # and so does one the text calls so where it names him ("Mediator Qatar", "Qatar, a mediator,")
            token_role = "mediator" if role == "party" and (
                _lemma(token) in self.lex.mediator_nouns or self.called_mediator(token)) else role
            for m in found:
                if m.is_place and token_role in CAPITAL_ROLES and slot in CAPITAL_SLOTS:
                    # "a deal between Washington and Tehran", "talks with Moscow": a capital among the sides
                    # is its state
                    m = self.state_for_capital(m) or m
                if m.is_place and token_role is not None and slot in ("subj", "agent", "pass_subj") and (
                        self.mentions.at_token(token) is not m):
                    entry = self.gazetteer.get(m.key)
                    if entry is not None and entry.kind == "State" and (token_role, m) not in cand.roles:
                        # "opposition groups in Zimbabwe are demanding": the state names the group that acts
                        cand.roles.append((token_role, m))
                        continue
                if m.is_place:
                    where = slot.startswith("prep_") and slot[5:] in self.lex.place_preps or slot in ("mod", "poss")
                    if where and m not in cand.places:
                        cand.places.append(m)
                    # A state where a measure is taken or a blow falls is also its target ("lifted the curfew
                    # in Montenegro", "troops withdrew from Lebanon"); a city stays a place.
                    entry = self.gazetteer.get(m.key)
                    receiver = "target" if "target" in frame.values() else "host" if "host" in frame.values() else None
                    if (entry is not None and entry.kind == "State" and receiver
                            and not any(r == receiver for r, _ in cand.roles)):
                        cand.roles.append((receiver, m))
                    continue
                if token_role is None:
                    continue
                if m.kind == "AnonymousSource" and token_role not in ("party",):
                    # "expelled two Russian diplomats", "kidnapped 16 Turkish engineers": who is hit is
                    # unnamed, the state his demonym names is the target
                    for state in self.demonyms_in(token, m):
                        if (token_role, state) not in cand.roles:
                            cand.roles.append((token_role, state))
                    continue
                if (token_role, m) not in cand.roles:
                    cand.roles.append((token_role, m))

    def read_arguments(self, cand: Candidate) -> None:
        if cand.rule.pos == "modal":
            return  # an obligation's roles are read where it is found
        lex, head = self.lex, cand.head
        if cand.rule.pos == "noun":
            # "a state of siege in Haiti": a trigger of several words takes its arguments at its root
            ids = {t.i for t in cand.tokens}
            roots = [t for t in cand.tokens if t.head.i not in ids or t.head.i == t.i]
            if len(roots) == 1:
                head = roots[0]
            head = _phrase_head(head, lex)  # "a mediation mission between A and B": the mission's words are its own
        frame = lex.frames.get(cand.rule.frame, {})
        if cand.rule.pos == "verb":
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in _children(head)) or (
                head.dep_ == "acl" and head.tag_ == "VBN")
            subjects = _passive_subject(head) if passive else _subject(head)
            self.fill(cand, "pass_subj" if passive else "subj", subjects, frame)
            # "a similar measure was agreed upon": the subject marks the event as another one
            # (a thing done, not people: "another 200 were wounded" are more victims of the same attack)
            cand.cues += [c.lower_ for s in subjects if s.pos_ == "NOUN" and _lemma(s) not in lex.group_nouns
                          for c in _children(s) if c.dep_ in ("det", "amod")
                          and c.lower_ in lex.other_event_words and c.lower_ not in cand.cues]
            objs = [c for c in _children(head) if c.dep_ in ("dobj", "obj", "dative")]
            for o in list(objs):
                objs.extend(_conjuncts(o))
            self.fill(cand, "obj", objs, frame)
            # Where the object is, the act is: "suspended aid deliveries in Baghdad", "fired at targets in Jericho".
            aims = objs + [o for w, o in _prep_children(head) if w in lex.object_preps]
            for o in aims:
                for word, where in _prep_children(o):
                    if word in lex.place_preps and word != "of":
                        for m in self.entities_at(where):
                            if m.is_place and m not in cand.places:
                                cand.places.append(m)
        else:
            own = {t.i for t in cand.tokens} | {head.i}
            phrase = cand.tokens if head.i == cand.head.i else [*cand.tokens, head]
            for c in _children(head):
                if c.dep_ == "poss":
                    self.fill(cand, "poss", [c, *_conjuncts(c)], frame)
            # Names and demonyms among the words before the noun: "large-scale Russian missile strikes"
            mods = [t for tok in phrase for c in _children(tok) if c.i < head.i and c.i not in own
                    and c.dep_ in ("compound", "amod", "nmod", "npadvmod") and _lemma(c) not in lex.modifier_roles
                    for t in c.subtree]
            self.fill(cand, "mod", [t for t in mods if t.dep_ in ("compound", "amod", "nmod", "npadvmod", "conj")
                                    and t.i not in own], frame)
            self.fill(cand, "mod", self.headline_list_head(cand, mods), frame)
            for t in mods:
                hyphenated = "-" in self.parse.lowers[max(t.i - 1, 0):t.i + 2]  # (a list's slice: no Span, no Tokens)
                if t.dep_ == "compound" and t.pos_ == "NOUN" and self.mentions.at_token(t) is None and not hyphenated:
                    cand.cues.append(t.lower_)
            cand.cues += [t.lower_ for t in cand.tokens if t.i != cand.head.i and t.is_alpha]
            carrier = _carrier(head, lex)
            up = head
            for _ in range(3):
                if up.dep_ not in lex.carrier_deps or up.head.i == up.i:
                    break
                up = up.head
                if _lemma(up) in lex.modality["resumption_verbs"]:
                    cand.cues.append("resumed")
                    break
                if _lemma(up) in lex.modality["extension_verbs"]:
                    # "the truce had been extended", "agreed to renew the truce": the extension, not the
                    # original (the coreference keeps them apart)
                    cand.cues.append("extended")
                    break
            if carrier is not None:
                # "China, which brokered the deal", "Kenya hosted the talks": the carrier says the subject's role
                carrier_role = lex.modifier_roles.get(_lemma(carrier))
                carrier_frame = {**frame, "subj": carrier_role} if carrier_role else frame
                # "the government is engaged in talks with X": a carrier in the passive has its subject there
                subject = _subject(carrier) or ([c for c in _children(carrier) if c.dep_ == "nsubjpass"] if any(
                    c.dep_ == "auxpass" for c in _children(carrier)) else [])
                if _lemma(carrier) in lex.modality["participation_verbs"] and any(
                        c.dep_ == "neg" for c in _children(carrier)):
                    subject = []  # "Israel did not attend the talks": no party to them
                self.fill(cand, "subj", subject, carrier_frame)
                # (a third actor's roles: mediator, host)
                if carrier_role and head.dep_ == "nsubjpass" and head.head.i == carrier.i:
                    # "the talks were chaired by Norway", "hosted by Kenya", "the summit was attended by Chile
                    # and Peru": the agent has the carrier's role
                    self.fill(cand, "agent", _agents(carrier),
                              {"agent": carrier_role})
                # ("staged rallies against X": the parse may hang what the event is against on its carrier)
                for word, obj in _prep_children(carrier):
                    if word in ("with", "between", "among", "to", "for", "against") or word in lex.place_preps:
                        self.fill(cand, f"prep_{word}", [obj], frame)
                # "gave Tanzania a grant": the indirect object is whom it goes to
                self.fill(cand, "prep_to", [c for c in _children(carrier) if c.dep_ in ("dative", "iobj")], frame)
        if (cand.rule.pos == "noun" or head.tag_ == "VBG") and head.dep_ == "nsubj" and self.occurs(head.head):
            # "peace talks began in Pretoria", "negotiations resumed in Geneva between A and B": where the verb
            # that says the event happened was done, it happened, and whom it is between took part
            for word, obj in _prep_children(head.head):
                if word in ("with", "between", "among") or (word in lex.place_preps and word != "of"):
                    self.fill(cand, f"prep_{word}", [obj], frame)
        for word, obj in _prep_children(head):
            slot = "agent" if word == "by" and ("agent" in frame) else f"prep_{word}"
            self.fill(cand, slot, [obj], frame)
        if cand.rule.pos == "verb" and "agent" in frame:
            # "signed in Doha by Chad and Niger": a "by" the parse hung on the place is the verb's
            self.fill(cand, "agent", [o for o in _agents(head) if o.head.head.i != head.i], frame)
        if cand.rule.pos == "noun":
            # "mediation carried out by Russian peacekeepers", "attacks conducted by the rebels": the agent of
            # the participle that says the noun's event was done is its agent
            for c in _children(head):
                if c.dep_ == "acl" and c.tag_ == "VBN" and _lemma(c) not in lex.modifier_roles:
                    self.fill(cand, "agent", _agents(c), frame)
            verb = head.head
            if head.dep_ in ("dobj", "obj") and not any(w == "by" for w, _ in _prep_children(head)) and not any(
                    c.dep_ in ("auxpass", "nsubjpass", "agent") for c in _children(verb)):
                # "the truce saw breaches by the rebels", "suffered attacks by drones": the parse hangs the
                # noun's "by" on the verb it is the object of, which, active, has no agent of its own
                self.fill(cand, "agent", [o for w, o in _prep_children(verb) if w == "by"], frame)
        # Modifiers that carry a role: "Qatar-mediated talks", "talks mediated by Qatar", "Zelenskyy-led summit".
        fused_ids: set[int] = set()
        for c in _children(head):
            role = lex.modifier_roles.get(_lemma(c))
            if role is None and c.dep_ in ("amod", "compound", "nmod"):
                # "a U.S.-mediated deal": the tokenizer keeps an abbreviation and its participle one word
                fused = self.fused_modifier(c)
                if fused is not None:
                    fused_ids.add(c.i)
                    if fused not in cand.roles:
                        cand.roles.append(fused)
                        cand.cues.append(f"{fused[1].label or fused[1].text}-{c.text.rpartition('-')[2].lower()}")
                continue
            if role and c.dep_ in ("amod", "acl", "compound", "relcl"):
                # (not the objects of "between": "mediated by Kenya between A and B" names the sides there)
                who = [t for t in c.subtree if t.i != c.i and t.dep_ in ("npadvmod", "compound", "nsubj", "pobj",
                                                                         "poss") and c.i in (t.head.i, t.head.head.i)
                       and not (t.dep_ == "pobj" and t.head.lower_ in SIDE_PREPS)]
                names = []
                who += [x for t in who for x in _conjuncts(t)]  # "co-hosted by Saudi Arabia and the United States"
                for token in who:
                    for m in self.entities_at(token):
                        if m.is_place and role in CAPITAL_ROLES:
                            m = self.state_for_capital(m) or m  # "Rome-mediated talks": Italy mediates
                        if not m.is_place and (role, m) not in cand.roles:
                            cand.roles.append((role, m))
                            names.append(m.label or m.text)
                if names and c.tag_ == "VBN" and _lemma(c) != "attend":  # ("X-attended talks" names nothing)
                    cand.cues.append(f"{names[0]}-{c.lower_}")
                # "talks, mediated by Kenya between A and B": the sides named by the participle (or by the
                # phrase a parse hangs on the mediator) take part
                sides = [o for t in (c, *who) for w, o in _prep_children(t) if w in ("between", "among")]
                self.fill(cand, "prep_between", sides, {"prep_between": "party"})
        self.auspices(cand)
        if cand.rule.event_class in lex.mediated_classes:
            self.named_mediators(cand)
        if cand.rule.event_class in lex.hosted_classes:
            self.capital_host(cand, head)
        if cand.rule.absorbs == "all" and cand.rule.pos == "verb":
            # "agreed to provide aid for Romania and Poland", "demanded that the United States match …":
            # who the agreed, demanded or refused act concerns is its target.
            have = {m for _, m in cand.roles}
            content = [c for c in _children(head) if c.dep_ in ("xcomp", "ccomp", "dobj")]
            content += [o for w, o in _prep_children(head) if w in ("to", "on", "for")]
            for c in content:
                # not inside a relative or adverbial clause: "change its constitution, which Baku says …"
                # nor in a phrase that names a mediator or host: "a ceasefire brokered by Egypt"
                aside = {x.i for t in c.subtree if t.dep_ in ("relcl", "advcl") or (
                    t.dep_ == "prep" and t.lower_ in lex.modality["opaque_prepositions"]) or (
                    t.dep_ in ("acl", "amod") and _lemma(t) in lex.modifier_roles) or (
                    t.dep_ in ("amod", "compound") and self.fused_modifier(t) is not None) for x in t.subtree}
                proposers = self.proposers(cand, c)
                # "accepted a ceasefire with Russia": the other side of what is agreed is a party to it
                sides = {x.i for w, o in _prep_children(c) if w in ("with", *SIDE_PREPS) for x in (o, *_conjuncts(o))}
                for t in c.subtree:
                    if t.i in aside:
                        continue
                    if _lemma(t) in lex.modality["reporting_verbs"]:
                        break
                    m = self.mentions.at_token(t)
                    if m is not None and not m.is_place and m not in have and m.kind != "AnonymousSource":
                        role = "mediator" if t.i in proposers else "party" if t.i in sides else "target"
                        cand.roles.append((role, m))
                        have.add(m)
                    elif m is not None and m.is_place and m not in have and self.acted_on_state(t, m):
                        # "threatened to resume attacks in Israel", "refused to deploy troops in Iraq": the state
                        # the agreed, threatened or refused act is done in is its target
                        cand.roles.append(("target", m))
                        have.add(m)
        fight = "attacker" in frame.values()  # (where parties are the sides of a fight, not its doer)
        if (cand.rule.event_class in lex.place_target_classes and "target" in frame.values() and cand.places
                and not any(r == "target" or r == "party" and fight for r, _ in cand.roles)):
            # Nothing else is named as hit or acted on, nor, in a fight, as its sides ("clashes between A and B in
            # X"): the place is ("a bomb exploded in Tel Aviv", "imposed a curfew in Cizre", "suspended aid
            # deliveries in Baghdad"), as event coders record it.
            cand.roles.append(("target", cand.places[0]))
        if cand.rule.pos == "noun":
            # the adjectives of every word of the phrase: "the previous round of talks"
            for c in [c for t in cand.tokens for c in _children(t)]:
                # (the demonym look-up folds the word with three regular expressions: asked last)
                if c.dep_ == "amod" and c.pos_ == "ADJ" and c.i not in fused_ids and not (
                        self.mentions.at_token(c) or self.gazetteer.demonym(c.text)):
                    cand.cues.append(c.lower_)

    def occurs(self, verb: Token) -> bool:
        """Whether a verb says that its subject happened: "began", "took place", "broke down"."""
        words = self.lex.occurrence_verbs
        if _lemma(verb) in words:
            return True
        return any(f"{_lemma(verb)} {c.lower_}" in words for c in _children(verb)
                   if c.dep_ in ("prt", "dobj", "advmod"))

    def headline_list_head(self, cand: Candidate, mods: list[Token]) -> list[Token]:
        """The first name of a list of the sides before a noun that the parse hangs elsewhere, as headlines
        write it ("Chad, Niger peace deal"): the actor named right before the comma that opens the noun's
        phrase, when nothing else (no determiner, no preposition) stands between them."""
        names = [t for t in mods if self.mentions.at_token(t) is not None and not self.mentions.at_token(t).is_place]
        if not names:
            return []
        first = min(t.i for t in cand.tokens + names)
        doc = self.doc
        if first < 2 or doc[first - 1].text != "," or any(
                c.dep_ == "det" for t in (*cand.tokens, *names) for c in _children(t)):
            return []
        before = doc[first - 2]
        m = self.mentions.at_token(before)
        if m is None or m.is_place or m in [self.mentions.at_token(t) for t in names]:
            return []
        if before.dep_ in ("pobj", "poss", "dobj", "obj", "dative", "attr"):
            return []  # "In Sudan, Egypt-mediated talks", "after meeting Chad, Niger's talks": not one list
        return [before]

    def fused_modifier(self, token: Token) -> tuple[str, EntityMention] | None:
        """The role and actor of one word that fuses a name and a participle of a role ("U.S.-brokered",
        "U.N.-hosted", "U.K.-led"): the tokenizer does not split an abbreviation from what follows it."""
        prefix, dash, suffix = token.text.rpartition("-")
        if not dash or not prefix or not suffix.isalpha():
            return None
        role = _participle_role(suffix.lower(), self.lex.modifier_roles)
        if role is None:
            return None
        begin, end = token.idx, token.idx + len(prefix)
        named = [m for m in self.mentions.within(begin, end) if not m.is_place]
        if named:
            return role, named[0]
        capitals = [state for m in self.mentions.within(begin, end) if m.is_place and role in CAPITAL_ROLES
                    and (state := self.state_for_capital(m)) is not None]
        if capitals:
            return role, capitals[0]
        entry = self.gazetteer.get(self.gazetteer.demonym(prefix))
        if entry is None or entry.kind == PLACE:
            return None
        span = Span(begin, end)
        for m in self.extra_mentions:
            if m.span == span and m.key == entry.key:
                return role, m
        m = EntityMention(span=span, text=doc_text(token.doc)[begin:end], kind=entry.kind, key=entry.key,
                          label=entry.label, ner_label="DEMONYM")
        self.extra_mentions.append(m)
        return role, m

    def called_mediator(self, token: Token) -> bool:
        """Whether the text calls the actor a token names a mediator right where it names him: "Mediator
        Qatar", "Mediators Egypt, Qatar and the US", "Qatar, a key mediator,", "the mediator, Qatar,",
        "Qatar, which mediated the talks", "Qatar, which acts as a mediator"."""
        nouns = self.lex.mediator_nouns
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        for t in (token, first) if first.i != token.i else (token,):
            for c in _children(t):
                if c.dep_ in ("compound", "appos") and _lemma(c) in nouns:
                    return True
                if c.dep_ == "relcl" and (self.lex.modifier_roles.get(_lemma(c)) == "mediator" or (
                        self.mediator_predicate(c) is not None)):
                    return True
        return token.dep_ == "appos" and _lemma(token.head) in nouns

    def mediator_predicate(self, verb: Token) -> Token | None:
        """The mediator noun a verb's predicate calls its subject ("acts as a mediator", "is the mediator")."""
        if _lemma(verb) not in self.lex.mediator_predicates:
            return None
        for c in _children(verb):
            if c.dep_ == "attr" and _lemma(c) in self.lex.mediator_nouns:
                return c
            if c.dep_ == "prep" and c.lower_ == "as":
                for o in _pobjs(c):
                    if _lemma(o) in self.lex.mediator_nouns:
                        return o
        return None

    def named_mediators(self, cand: Candidate) -> None:
        """Who the text calls a mediator mediates the event he is said to mediate, or that he reports:
        "Qatar acted as a mediator in the talks", "Egypt was the main mediator of the truce", "Mediator
        Qatar said on Monday that the truce had been extended"."""
        lex, below = self.lex, cand.head
        for anc in _path_up(cand.head):
            who: list[Token] = []
            if _lemma(anc) in lex.mediator_nouns and below.dep_ == "prep" and anc.dep_ in ("attr", "pobj"):
                verb = anc.head if anc.dep_ == "attr" else anc.head.head
                if self.mediator_predicate(verb) is not None:
                    who = _subject(verb)
            reports = _lemma(anc) in lex.modality["reporting_verbs"]
            if reports and below.dep_ == "ccomp":
                who = [s for s in _subject(anc) if self.called_mediator(s)]
            for token in who:
                for m in self.entities_at(token):
                    if not m.is_place and ("mediator", m) not in cand.roles:
                        cand.roles.append(("mediator", m))
            if who or reports or below.dep_ in ("relcl", "advcl", "appos", "parataxis"):
                break
            below = anc

    def acted_on_state(self, token: Token, m: EntityMention) -> bool:
        """Whether a place in the content of an agreement, threat or refusal is a state an act is done in
        or sent to ("deploy troops in Iraq", "send aid to Sudan"), not the venue of talks ("agreed to hold
        talks in Turkey") nor a city."""
        entry = self.gazetteer.get(m.key) if m.key else None
        prep = token.head
        if entry is None or entry.kind != "State" or token.dep_ != "pobj" or prep.dep_ != "prep" or (
                prep.lower_ not in ("in", "to", "into", "inside")):
            return False
        # not the place of an event named there ("renew the truce in Sudan", "hold talks in Turkey"): a venue
        keys = self.lex.noun_keys
        near = [prep.head, *[c for c in _children(prep.head) if c.dep_ in ("dobj", "obj")]]
        return not any(_lemma(t) in keys or t.lower_ in keys for t in near) and _lemma(prep.head) not in (
            "hold", "meet")

    def capital_host(self, cand: Candidate, head: Token) -> None:
        """Talks "in the Kenyan capital", "in Qatar's capital Doha": the state whose capital it is hosts them,
        unless it is one of their sides (the last roles read: every side is known by now)."""
        tops = [head]
        if cand.rule.pos == "noun" and (carrier := _carrier(head, self.lex)) is not None:
            tops.append(carrier)
        sides = {_actor_identity(m) for role, m in cand.roles if role in ("party", "mediator", "host")}
        for top in tops:
            for word, obj in _prep_children(top):
                if word not in ("in", "at") or _lemma(obj) not in self.lex.capital_nouns:
                    continue
                owners = [c for c in _children(obj) if c.dep_ in ("poss", "amod", "compound")]
                for token in owners:
                    for m in self.entities_at(token):
                        entry = self.gazetteer.get(m.key) if m.is_place and m.key else None
                        state = m.kind == "State" or (entry is not None and entry.kind == "State")
                        if state and _actor_identity(m) not in sides:
                            cand.roles.append(("host", m))
                            sides.add(_actor_identity(m))
        if cand.rule.event_class in self.lex.visit_classes and not any(role == "host" for role, _ in cand.roles):
            # "arrived in Amman on a visit": the state whose capital is visited hosts the visit
            for place in cand.places:
                state = self.state_for_capital(place)
                if state is not None and _actor_identity(state) not in sides:
                    cand.roles.append(("host", state))
                    break

    def proposers(self, cand: Candidate, content: Token) -> set[int]:
        """The tokens that name who put forward the proposal two sides agree to ("the UN's proposal",
        "a Qatari plan", "the proposal by Egypt"), if the event has two sides; else none."""
        owners = [o for t in content.subtree if _lemma(t) in self.lex.proposal_nouns
                  for o in [*[c for c in _children(t) if c.dep_ in ("poss", "compound", "amod")],
                            *[o for w, o in _prep_children(t) if w in ("by", "from", "of")]]]
        # "a ceasefire with Russia proposed by the US": the agent of a participle of proposing
        owners += [o for t in content.subtree if t.dep_ == "acl" and _lemma(t) in self.lex.proposal_verbs
                   for o in _agents(t)]
        # "accepted a Brazil-proposed truce": the name hyphened to the participle
        owners += [c for t in content.subtree if t.dep_ == "amod" and _lemma(t) in self.lex.proposal_verbs
                   for c in _children(t) if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < t.i]
        if not owners or not self.two_sides(cand, content):
            return set()
        return {x.i for o in owners for x in o.subtree}

    def two_sides(self, cand: Candidate, content: Token | None = None) -> bool:
        """Whether an event has two sides: two parties named (a party and the side its content is "with":
        "Ukraine accepted a truce with Russia"), or a plural subject that names the sides ("the parties to
        the conflict", "both sides", "the two countries")."""
        parties = {_actor_identity(m) for role, m in cand.roles if role == "party"}
        if content is not None:
            parties |= {_actor_identity(m) for w, o in _prep_children(content) if w in ("with", *SIDE_PREPS)
                        for m in self.entities_at(o) if not m.is_place}
        if len(parties) >= 2:
            return True
        verb = cand.head if cand.rule.pos == "verb" else _carrier(_phrase_head(cand.head, self.lex), self.lex)
        subjects = _subject(verb) if verb is not None else []
        return any(s.tag_ in ("NNS", "NNPS") and _lemma(s) in self.lex.side_nouns for s in subjects)

    def auspices(self, cand: Candidate) -> None:
        """ "agreed under the auspices of the UN", "reached through the mediation of Egypt", "talks under
        Qatar's sponsorship": who the auspices noun belongs to mediates the event. The phrase may hang on
        the trigger or on the verb that carries it."""
        lex = self.lex
        heads = [cand.head]
        if cand.rule.pos == "noun" and _phrase_head(cand.head, lex).i != cand.head.i:
            heads.append(_phrase_head(cand.head, lex))  # "under UN auspices, a mediation mission ..."
        carrier = _carrier(heads[-1], lex) if cand.rule.pos == "noun" else None
        if carrier is not None:
            heads.append(carrier)
        if cand.rule.absorbs == "all":  # "agreed to form a government under the auspices of the UN"
            heads += [c for c in _children(cand.head) if c.dep_ in ("xcomp", "ccomp")]
        for top in heads:
            for word, obj in _prep_children(top):
                if word not in lex.auspices_preps or (
                        _lemma(obj) not in lex.auspices_nouns and obj.lower_ not in lex.auspices_nouns):
                    continue
                owners = [c for c in _children(obj) if c.dep_ in ("poss", "compound", "amod")]
                owners += [o for w, o in _prep_children(obj) if w in ("of", "by")]
                owners += [x for o in list(owners) for x in _conjuncts(o)]
                for token in owners:
                    for m in self.entities_at(token):
                        if not m.is_place and ("mediator", m) not in cand.roles:
                            cand.roles.append(("mediator", m))



def _participle_role(word: str, roles: dict[str, str]) -> str | None:
    """The role a past participle gives ("mediated" → mediate, "brokered" → broker, "led" → lead)."""
    if word == "led" or word.endswith("-led"):
        return roles.get("lead")
    if not word.endswith("ed"):
        return None
    for stem in (word[:-1], word[:-2], word[:-3]):  # mediate-d, broker-ed, chair-ed; (doubled) -red
        if stem in roles:
            return roles[stem]
    return None


def _without_doubled_roles(roles: list[tuple[str, EntityMention]]) -> tuple[tuple[str, EntityMention], ...]:
    """A mediator or host is not also a party or a target of the same event ("Kenya facilitated the talks
    between Somalia and Ethiopia": Kenya's subject slot read it as a party too)."""
    third = {_actor_identity(m) for role, m in roles if role in ("mediator", "host")}
    return tuple((role, m) for role, m in roles
                 if role in ("mediator", "host") or _actor_identity(m) not in third)


def _actor_identity(m: EntityMention) -> str:
    return m.key or m.text.casefold()

