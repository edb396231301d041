"""Events: PLOVER-typed event mentions with roles, places, normalized time, status and links.

A trigger (a verb or a noun from the lexicon in graph/data/events.toml) is an event mention;
the dependency parse decides who takes which role (the frame of the trigger maps syntactic
slots — subject, object, possessor, "by", "with", "between", "on" … — to party, mediator,
host, attacker, target). A noun trigger takes the subject of the verb that carries it
("Ukraine and Russia are conducting negotiations", "Kyiv launched an offensive").

An event that is the content of another ("agreed to a ceasefire", "threatened to shell",
"talks on halting strikes") is absorbed: it is what is agreed, threatened or discussed, not
an event of its own, and its words become a cue of the event that absorbs it.

Status (asserted | negated | hypothetical | planned) comes from cue words on the way from the
trigger up to its clause (data, [modality]); time from the time expression that attaches to
the trigger or to a verb above it — not one attached to a verb of saying, which dates the
report — and, for a present progressive with none, the publication date. Links: "B was
derailed by A" / "A disrupted B" / "B broke down due to A" give (disruptedBy, A) on B;
"A led to B" gives (ledTo, B) on A; "in response to A" gives (inResponseTo, A).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from graph.extract import extractors
from graph.extract.base import MentionIndex, char_span, doc_heads, doc_lowers, doc_text, doc_tokens
from graph.extract.event_lexicon import DATA, Lexicon, TriggerRule, load_lexicon
from graph.extract.event_lexicon import irregular_forms as _irregular_forms
from graph.gazetteer import load_gazetteer
from graph.model import PLACE, DocumentAnalysis, EntityMention, EventMention, Span, TimeValue
from graph.timex import find_times

__all__ = ["DATA", "Lexicon", "TriggerRule", "extract_events", "find_triggers", "load_lexicon"]
RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}
# Roles and slots in which a capital named among the sides is its state ("between Washington and Tehran",
# "talks with Moscow"); a capital struck or met in stays a place.
CAPITAL_ROLES = frozenset({"party", "mediator", "attacker"})
CAPITAL_SLOTS = frozenset({"prep_between", "prep_with", "prep_among", "subj", "agent", "pass_subj", "poss"})
T = TypeVar("T")


# ------------------------------------------------------------------ the parse, walked once


class _Parse:
    """What the extractor asks of the parse of the document it reads, each answer made once.

    spaCy works each answer out anew and makes new Token objects for it: ``token.children`` scans
    the token's whole subtree, ``token.sent`` scans the document for the sentence's edges,
    ``doc.sents`` makes its spans again. The extractor asks the same questions of the same tokens
    for every trigger (the paths of a sentence's triggers to its root cross the same verbs)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.tokens = doc_tokens(doc)
        # token index -> its children, in order, as the document's own Token objects (doc_tokens): made in
        # one pass over the heads (spaCy's token.children scans the token's subtree, a generator per token)
        self.heads = doc_heads(doc)
        children: list[list[Token]] = [[] for _ in self.heads]
        for token, head in zip(self.tokens, self.heads, strict=True):
            if head != token.i:
                children[head].append(token)
        self.children: list[tuple[Token, ...]] = list(map(tuple, children))
        self.lemmas, self.lowers = _lemmas(doc), doc_lowers(doc)  # (lists read by index in the loops over words)
        self.sentences: list[SpacySpan] = list(doc.sents)
        # token index -> the number of its sentence (the sentences cover the document, in order)
        self.sentence_numbers: list[int] = [n for n, sent in enumerate(self.sentences) for _ in range(len(sent))]
        # a walk of the parse (a function of a token, see _remembered) -> token index -> its answer
        self.answers: defaultdict[Callable[[Token], object], dict[int, object]] = defaultdict(dict)

    def sentence(self, token: Token) -> SpacySpan:
        """``token.sent``."""
        return self.sentences[self.sentence_numbers[token.i]]


_parse_read: _Parse | None = None  # the parse of the document being read


def _parse(doc: Doc) -> _Parse:
    """The walked parse of ``doc``. (The look-ups asked thousands of times per document test
    ``_parse_read`` themselves before calling it: a function call costs as much as what they look up.)"""
    global _parse_read
    if _parse_read is None or _parse_read.doc is not doc:
        _parse_read = _Parse(doc)
    return _parse_read


@contextmanager
def _reading(doc: Doc) -> Iterator[None]:
    """Walk the parse of ``doc`` afresh for one reading of it, and let the walks go after it: kept
    any longer, they would give the garbage collector that much more to walk."""
    global _parse_read
    _parse_read = _Parse(doc)
    try:
        yield
    finally:
        _parse_read = None


def _remembered(walk: Callable[[Token], T]) -> Callable[[Token], T]:
    """``walk``, made once for each token of the document being read. Its answer is shared: it must
    be immutable (a tuple), and not None."""

    @wraps(walk)
    def remembered(token: Token) -> T:
        parse = _parse_read
        if parse is None or parse.doc is not token.doc:
            parse = _parse(token.doc)
        answers = parse.answers[walk]
        answer = answers.get(token.i)
        if answer is None:
            answer = answers[token.i] = walk(token)
        return answer  # type: ignore[return-value]

    return remembered


def _children(token: Token) -> tuple[Token, ...]:
    """``token.children``, as the document's own Token objects (doc_tokens): the new ones spaCy makes,
    kept for the whole document, would give the garbage collector that much more to walk."""
    parse = _parse_read
    if parse is None or parse.doc is not token.doc:
        parse = _parse(token.doc)
    return parse.children[token.i]


def _in_subtree(token: Token, top: Token) -> bool:
    """Whether ``token`` is in ``top.subtree``: whether ``top`` is it or one of its heads (a walk up a few
    heads, not the set of the subtree's indices made for each top asked of)."""
    heads, index, top_index = _parse(token.doc).heads, token.i, top.i
    while index != top_index:
        head = heads[index]
        if head == index:
            return False
        index = head
    return True


# ------------------------------------------------------------------ trigger detection


@dataclass
class Candidate:
    """A trigger found in the text, before its arguments are read."""

    head: Token
    tokens: list[Token]
    rule: TriggerRule
    plover: str
    cameo: str | None
    absorbed_by: Candidate | None = None
    merged_into: Candidate | None = None
    cues: list[str] = field(default_factory=list)
    roles: list[tuple[str, EntityMention]] = field(default_factory=list)
    places: list[EntityMention] = field(default_factory=list)
    index: int = -1  # position in analysis.events once emitted


def _lemmas(doc: Doc) -> list[str]:
    """The lemmas of the document's tokens, lower case. The small model leaves some irregular pasts as they
    are ("retook", "overran"): the lexicon's table has them. Made once per document (the extractor asks
    thousands of times)."""
    lemmas = doc.user_data.get("parley_lemmas")
    if lemmas is None:
        forms = _irregular_forms()
        lemmas = [forms.get(lemma, lemma) for lemma in (t.lemma_.lower() for t in doc_tokens(doc))]
        doc.user_data["parley_lemmas"] = lemmas
    return lemmas


def _lemma(token: Token) -> str:
    """The token's lemma, lower case (see _lemmas)."""
    parse = _parse_read
    if parse is None or parse.doc is not token.doc:
        parse = _parse(token.doc)
    return parse.lemmas[token.i]


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or token.tag_.startswith("NN")


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def _direct_object(token: Token) -> Token | None:
    children = _children(token)
    for child in children:
        if child.dep_ in ("dobj", "obj"):
            return child
    for child in children:  # "pulled out of the talks", "withdrew from the negotiations"
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "on"):
            for grand in _children(child):
                if grand.dep_ == "pobj":
                    return grand
        if child.dep_ in ("prt", "prep") and child.lower_ in ("out", "off", "back", "away"):
            found = _direct_object(child)
            if found is not None:
                return found
    return None


def _match_phrase(token: Token, rule: TriggerRule) -> list[Token] | None:
    words, i = rule.words, token.i
    parse = _parse(token.doc)
    # slices of the document's tokens, not spans that make Tokens again; words compared by index in its lists
    tokens, lemmas, lowers = parse.tokens, parse.lemmas, parse.lowers
    if rule.pos == "noun":
        start = i - len(words) + 1
        if start < 0:
            return None
        # (the first word tried alone: most phrases of the head's bucket differ there, and no generator is made)
        first = words[0]
        if (lemmas[start] == first or lowers[start] == first) and all(
                lemmas[k] == w or lowers[k] == w for k, w in zip(range(start, i + 1), words, strict=True)):
            return tokens[start:i + 1]
        # "round of talks": a phrase whose head is its first word
        end = i + len(words)
        if end <= len(tokens) and len(words) > 1 and (lemmas[i] == first or lowers[i] == first) and all(
                lemmas[k] == w or lowers[k] == w for k, w in zip(range(i, end), words, strict=True)):
            return tokens[i:end]
        return None
    # A verb phrase: the verb, then its particle, object or preposition among the next few words.
    if lemmas[i] != words[0]:
        return None
    found = [token]
    window = [t for t in tokens[i + 1:i + 5] if _in_subtree(t, token)]
    pos = 0
    for word in words[1:]:
        while pos < len(window) and lemmas[window[pos].i] != word and lowers[window[pos].i] != word:
            pos += 1
        if pos >= len(window):
            return None
        found.append(window[pos])
        pos += 1
    return found


def _modifier_words(token: Token) -> set[str]:
    modifiers = [c for c in _children(token) if c.dep_ in ("amod", "compound", "nmod", "det", "poss", "npadvmod")]
    return {_lemma(c) for c in modifiers} | {c.lower_ for c in modifiers}


def _accepts(token: Token, rule: TriggerRule, lex: Lexicon) -> bool:
    if rule.pos == "noun":
        if not _is_noun(token) or (token.dep_ == "compound" and _lemma(token.head) not in lex.event_heads):
            return False  # "strike capabilities", "peace plan": a modifier, not an event ("mediation mission" is)
        if token.pos_ == "PROPN" and token.text[:1].isupper() and any(
                c.dep_ == "compound" and c.pos_ == "PROPN" for c in _children(token)):
            return False  # "the Warsaw Pact": part of a name
        if rule.plural_only and token.tag_ not in ("NNS", "NNPS") and not token.lower_.endswith("s"):
            return False
        if not (rule.needs_modifier or rule.excluded_modifiers):
            return True
        mods = _modifier_words(token)
        if rule.needs_modifier and not (mods & set(rule.needs_modifier)):
            return False
        return not (rule.excluded_modifiers and mods & set(rule.excluded_modifiers))
    if not _is_verb(token) or token.dep_ == "amod":
        return False  # "Jordan's visiting King": a participle describing someone, not an event
    if rule.intransitive and any(c.dep_ in ("dobj", "obj") for c in _children(token)):
        return False
    obj = _direct_object(token) if rule.needs_object or rule.needs_content else None
    if rule.needs_object and obj is None and not any(
            c.dep_ == "prep" and c.lower_ in lex.object_preps and any(g.dep_ == "pobj" for g in _children(c))
            for c in _children(token)):
        return False  # "fired at the convoy", "struck against the refineries" aim at an object too
    if rule.agents_only:
        subj = next((c for c in _children(token) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or _lemma(subj).rstrip("s") not in {a.rstrip("s") for a in rule.agents_only}:
            return False
    if rule.needs_content:
        subjects = [c for c in _children(token) if c.dep_ in ("nsubj", "nsubjpass")]
        content = obj if obj is not None else (subjects[0] if subjects else None)
        if content is None:
            return False
        lemmas = {_lemma(content)} | {_lemma(t) for t in content.subtree if t.dep_ == "pobj"}
        if not any(lemmas & lex.families.get(f, frozenset()) for f in rule.needs_content):
            return False
    return True


def _retype(token: Token, rule: TriggerRule, lex: Lexicon) -> tuple[str, str | None]:
    """A trigger's category, re-typed by its object's family where the lexicon says so."""
    if rule.objects:
        obj = _direct_object(token)
        if obj is not None:
            lemmas = {_lemma(obj)} | {_lemma(c) for c in _children(obj) if c.dep_ == "compound"}
            for family, value in rule.objects.items():
                if lemmas & lex.families.get(family, frozenset()):
                    plover, _, cameo = value.partition(":")
                    return plover, cameo or rule.cameo
    return rule.plover, rule.cameo


def find_triggers(doc: Doc | SpacySpan, mentions: MentionIndex, lex: Lexicon) -> list[Candidate]:
    out: list[Candidate] = []
    taken: set[int] = set()
    verb_keys, noun_keys = lex.verb_keys, lex.noun_keys
    for token, lemma, lower in zip(doc_tokens(doc), _lemmas(doc), doc_lowers(doc), strict=True):
        if lemma not in verb_keys and lemma not in noun_keys and lower not in noun_keys:
            continue  # most words: no rule to try
        if token.i in taken or not token.is_alpha and "-" not in token.text:
            continue
        mention = mentions.at_token(token)
        if mention is not None and not mention.is_place:
            continue  # a word inside a name ("Ceasefire Violations Committee") is not a trigger
        pos_options = []
        if _is_verb(token):
            pos_options.append("verb")
        if _is_noun(token):
            pos_options.append("noun")
        for pos in pos_options:
            rules = list(lex.rules.get((lemma, pos), []))
            if pos == "noun" and lower != lemma:
                rules += [r for r in lex.rules.get((lower, pos), []) if r not in rules]
            chosen = None
            for rule in rules:
                tokens = _match_phrase(token, rule) if len(rule.words) > 1 else (
                    [token] if (lemma == rule.words[0] or lower == rule.words[0]) else None)
                if tokens and not any(t.i in taken for t in tokens) and _accepts(token, rule, lex):
                    chosen = (rule, tokens)
                    break
            if chosen:
                rule, tokens = chosen
                plover, cameo = _retype(token, rule, lex)
                out.append(Candidate(head=token, tokens=sorted(tokens, key=lambda t: t.i), rule=rule,
                                     plover=plover, cameo=cameo))
                taken.update(t.i for t in tokens)
                break
    return out


# ------------------------------------------------------------------ structure helpers


def _subject(verb: Token) -> list[Token]:
    """The subject of a verb, with its conjuncts; a relative pronoun stands for the noun it modifies;
    a verb without one takes the subject of the verb it depends on (control, coordination)."""
    seen = 0
    while verb is not None and seen < 6:
        seen += 1
        subj = [c for c in _children(verb) if c.dep_ in ("nsubj", "csubj")]
        if subj:
            head = subj[0]
            if head.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                head = verb.head
            return [head] + list(_conjuncts(head))
        if verb.tag_ == "VBG" and verb.i > 0:
            before = verb.doc[verb.i - 1]
            if before.dep_ == "pobj" and before.pos_ in ("PROPN", "NOUN", "PRON") and before.head.head.i == verb.head.i:
                return [before]
        if verb.dep_ == "xcomp" and verb.head.i != verb.i:
            # Object control: "force Russia to negotiate", "urged Iran to talk": the object does it.
            obj = [c for c in _children(verb.head) if c.dep_ in ("dobj", "obj") and c.i < verb.i]
            if obj:
                return [obj[0]] + list(_conjuncts(obj[0]))
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and verb.head.i != verb.i:
            verb = verb.head
            if verb.dep_ == "prep" and verb.head.i != verb.i:  # "before being derailed" → the verb "before" hangs on
                verb = verb.head
            continue
        break
    return []


def _passive_subject(verb: Token) -> list[Token]:
    for c in _children(verb):
        if c.dep_ == "nsubjpass":
            head = verb.head if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else c
            return [head] + list(_conjuncts(head))
    if any(c.dep_ == "auxpass" for c in _children(verb)) and verb.dep_ in ("conj", "advcl", "pcomp", "xcomp"):
        head = verb.head.head if verb.head.dep_ == "prep" else verb.head
        subj = _subject(head) or _passive_subject(head)
        return subj
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "negotiations mediated by Qatar"
        return [verb.head]
    return []


def _conjuncts(token: Token) -> Iterable[Token]:
    for c in _children(token):
        if c.dep_ == "conj":
            yield c
            yield from _conjuncts(c)


def _pobjs(prep: Token) -> list[Token]:
    objs = [c for c in _children(prep) if c.dep_ in ("pobj", "pcomp")]
    for o in list(objs):
        objs.extend(_conjuncts(o))
    return objs


@_remembered
def _prep_children(token: Token) -> tuple[tuple[str, Token], ...]:
    """(preposition, object) pairs hanging on a token; "due to", "because of" are read as one."""
    out: list[tuple[str, Token]] = []
    for c in _children(token):
        if c.dep_ in ("prep", "agent", "dative"):
            word = c.lower_
            for o in _pobjs(c):
                if o.dep_ == "pcomp" and o.tag_ == "IN":  # "due to X": "to" is the pcomp
                    out.extend((f"{word} {o.lower_}", oo) for oo in _pobjs(o))
                else:
                    out.append((word, o))
    return tuple(out)


def _carrier(noun: Token, lex: Lexicon) -> Token | None:
    """The verb that carries a noun trigger ("conducting negotiations", "are in talks", "launched
    an offensive", "seeks to resume talks"), if it is a light verb."""
    token, hops = noun, 0
    while hops < 4 and token.dep_ in lex.carrier_deps and token.head.i != token.i:
        token = token.head
        hops += 1
        if token.dep_ == "prep" and token.lower_ not in lex.carrier_preps:
            return None  # "despite calls": the verb above does not carry the calls
        if token.pos_ in ("VERB", "AUX"):
            return token if _lemma(token) in lex.light_verbs else None
    return None


@_remembered
def _path_up(token: Token) -> tuple[Token, ...]:
    """Ancestors from the token to the root of its sentence (the document's own Tokens, see _children)."""
    tokens, heads, i = doc_tokens(token.doc), doc_heads(token.doc), token.i
    out = []
    while (head := heads[i]) != i:
        out.append(tokens[head])
        i = head
    return tuple(out)


# ------------------------------------------------------------------ the extractor


class _DocumentEvents:
    def __init__(self, doc: Doc, analysis: DocumentAnalysis, lex: Lexicon):
        self.doc, self.analysis, self.lex = doc, analysis, lex
        self.parse = _parse(doc)
        self.mentions = MentionIndex(analysis.entities)
        self.gazetteer = load_gazetteer()
        self.published = analysis.source.published
        self.extra_mentions: list[EntityMention] = []
        self.trigger_ids: set[int] = set()  # an argument that is itself an event is not an actor
        # The parties of the last event read with two or more of them: what "the two sides" refers to.
        self.last_sides: tuple[EntityMention, ...] = ()

    # ------------------------------------------------------------------ arguments
    def entities_at(self, token: Token) -> list[EntityMention]:
        """The actor or place a token stands for: the mention on it, else a demonym ("Russian"),
        else the mentions in its phrase's head words (not in its relative clauses or preps)."""
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
                continue
            found = self.entities_at(token)
            if not found and role in ("party", "target") and self.last_sides and token.tag_ in ("NNS", "NNPS") and (
                    _lemma(token) in self.lex.side_nouns):
                # "talks between the two sides", "both countries agreed": the sides the text last named
                found = list(self.last_sides)
            if not found and role == "target":
                # What is hit belongs to its owner: "shelled positions of the Palestinian security forces"
                found = [m for c in _children(token) if c.dep_ == "prep" and c.lower_ == "of"
                         for o in _pobjs(c) for m in self.entities_at(o) if not m.is_place]
            if found and any(m.kind not in ("State", PLACE) for m in found):
                # "Somalia's transitional government", "Russia's Lavrov": who acts for a state, the state too
                for c in _children(token):
                    if c.dep_ == "poss":
                        found += [m for m in self.entities_at(c) if m.kind == "State" and m not in found]
            # "Egyptian and Qatari mediators held talks with Hamas": who is called a mediator mediates
            token_role = "mediator" if role == "party" and _lemma(token) in self.lex.mediator_nouns else role
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
                    continue
                if (token_role, m) not in cand.roles:
                    cand.roles.append((token_role, m))

    def read_arguments(self, cand: Candidate) -> None:
        if cand.rule.pos == "modal":
            return  # an obligation's roles are read where it is found
        lex, head = self.lex, cand.head
        frame = lex.frames.get(cand.rule.frame, {})
        if cand.rule.pos == "verb":
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in _children(head)) or (
                head.dep_ == "acl" and head.tag_ == "VBN")
            if passive:
                self.fill(cand, "pass_subj", _passive_subject(head), frame)
            else:
                self.fill(cand, "subj", _subject(head), frame)
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
            own = {t.i for t in cand.tokens}
            for c in _children(head):
                if c.dep_ == "poss":
                    self.fill(cand, "poss", [c, *_conjuncts(c)], frame)
            # Names and demonyms among the words before the noun: "large-scale Russian missile strikes"
            mods = [t for tok in cand.tokens for c in _children(tok) if c.i < head.i and c.i not in own
                    and c.dep_ in ("compound", "amod", "nmod", "npadvmod") and _lemma(c) not in lex.modifier_roles
                    for t in c.subtree]
            self.fill(cand, "mod", [t for t in mods if t.dep_ in ("compound", "amod", "nmod", "npadvmod", "conj")
                                    and t.i not in own], frame)
            for t in mods:
                hyphenated = "-" in self.parse.lowers[max(t.i - 1, 0):t.i + 2]  # (a list's slice: no Span, no Tokens)
                if t.dep_ == "compound" and t.pos_ == "NOUN" and self.mentions.at_token(t) is None and not hyphenated:
                    cand.cues.append(t.lower_)
            cand.cues += [t.lower_ for t in cand.tokens if t.i != head.i and t.is_alpha]
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
                self.fill(cand, "subj", _subject(carrier), carrier_frame)
                for word, obj in _prep_children(carrier):
                    if word in ("with", "between", "among", "to", "for") or word in lex.place_preps:
                        self.fill(cand, f"prep_{word}", [obj], frame)
                # "gave Tanzania a grant": the indirect object is whom it goes to
                self.fill(cand, "prep_to", [c for c in _children(carrier) if c.dep_ in ("dative", "iobj")], frame)
        for word, obj in _prep_children(head):
            slot = "agent" if word == "by" and ("agent" in frame) else f"prep_{word}"
            self.fill(cand, slot, [obj], frame)
        # Modifiers that carry a role: "Qatar-mediated talks", "talks mediated by Qatar", "Zelenskyy-led summit".
        for c in _children(head):
            role = lex.modifier_roles.get(_lemma(c))
            if role and c.dep_ in ("amod", "acl", "compound", "relcl"):
                who = [t for t in c.subtree if t.i != c.i and t.dep_ in ("npadvmod", "compound", "nsubj", "pobj",
                                                                         "poss") and c.i in (t.head.i, t.head.head.i)]
                names = []
                who += [x for t in who for x in _conjuncts(t)]  # "co-hosted by Saudi Arabia and the United States"
                for token in who:
                    for m in self.entities_at(token):
                        if not m.is_place and (role, m) not in cand.roles:
                            cand.roles.append((role, m))
                            names.append(m.label or m.text)
                if names and c.tag_ == "VBN":
                    cand.cues.append(f"{names[0]}-{c.lower_}")
                # "talks, mediated by Kenya between A and B": the sides named by the participle (or by the
                # phrase a parse hangs on the mediator) take part
                sides = [o for t in (c, *who) for w, o in _prep_children(t) if w in ("between", "among")]
                self.fill(cand, "prep_between", sides, {"prep_between": "party"})
        self.auspices(cand)
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
                    t.dep_ == "acl" and _lemma(t) in lex.modifier_roles) for x in t.subtree}
                proposers = self.proposers(cand, c)
                for t in c.subtree:
                    if t.i in aside:
                        continue
                    if _lemma(t) in lex.modality["reporting_verbs"]:
                        break
                    m = self.mentions.at_token(t)
                    if m is not None and not m.is_place and m not in have and m.kind != "AnonymousSource":
                        cand.roles.append(("mediator" if t.i in proposers else "target", m))
                        have.add(m)
        if (cand.rule.event_class in lex.place_target_classes and "target" in frame.values() and cand.places
                and not any(r == "target" for r, _ in cand.roles)):
            # Nothing else is named as hit or acted on: the place is ("a bomb exploded in Tel Aviv", "imposed a
            # curfew in Cizre", "suspended aid deliveries in Baghdad"), as event coders record it.
            cand.roles.append(("target", cand.places[0]))
        if cand.rule.pos == "noun":
            # the adjectives of every word of the phrase: "the previous round of talks"
            for c in [c for t in cand.tokens for c in _children(t)]:
                # (the demonym look-up folds the word with three regular expressions: asked last)
                if c.dep_ == "amod" and c.pos_ == "ADJ" and not (
                        self.mentions.at_token(c) or self.gazetteer.demonym(c.text)):
                    cand.cues.append(c.lower_)

    def proposers(self, cand: Candidate, content: Token) -> set[int]:
        """The tokens that name who put forward the proposal two sides agree to ("the UN's proposal",
        "a Qatari plan", "the proposal by Egypt"), if the event has two sides; else none."""
        owners = [o for t in content.subtree if _lemma(t) in self.lex.proposal_nouns
                  for o in [*[c for c in _children(t) if c.dep_ in ("poss", "compound", "amod")],
                            *[o for w, o in _prep_children(t) if w in ("by", "from", "of")]]]
        if not owners or not self.two_sides(cand):
            return set()
        return {x.i for o in owners for x in o.subtree}

    def two_sides(self, cand: Candidate) -> bool:
        """Whether an event has two sides: two parties named, or a plural subject that names the sides
        ("the parties to the conflict", "both sides", "the two countries")."""
        if sum(1 for role, _ in cand.roles if role == "party") >= 2:
            return True
        verb = cand.head if cand.rule.pos == "verb" else _carrier(cand.head, self.lex)
        subjects = _subject(verb) if verb is not None else []
        return any(s.tag_ in ("NNS", "NNPS") and _lemma(s) in self.lex.side_nouns for s in subjects)

    def auspices(self, cand: Candidate) -> None:
        """ "agreed under the auspices of the UN", "reached through the mediation of Egypt", "talks under
        Qatar's sponsorship": who the auspices noun belongs to mediates the event. The phrase may hang on
        the trigger or on the verb that carries it."""
        lex = self.lex
        heads = [cand.head]
        carrier = _carrier(cand.head, lex) if cand.rule.pos == "noun" else None
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

    # ------------------------------------------------------------------ absorption and merging
    def content_parent(self, cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
        """The trigger this one is the content of, if any."""
        token, path = cand.head, []
        for _ in range(5):
            infinitive = token.dep_ in ("relcl", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in _children(token))
            boundary = token.head.i == token.i or (
                token.dep_ in ("relcl", "advcl", "parataxis", "appos", "nsubj", "csubj") and not infinitive)
            # the subject of "decreased" is its content ("the frequency of attacks decreased")
            content_subject = token.dep_ in ("nsubj", "nsubjpass") and by_token.get(token.head.i) and by_token[
                token.head.i].rule.needs_content
            if boundary and not content_subject:
                return None
            if token.dep_ == "prep" and token.lower_ in self.lex.modality["opaque_prepositions"]:
                return None  # "agreed to a truce after ten days of talks": the talks are not what was agreed
            path.append(token)
            token = token.head
            if _lemma(token) in self.lex.modality["reporting_verbs"]:
                return None
            parent = by_token.get(token.i)
            if parent is None or parent.merged_into is not None:
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

    def obligations(self, cands: list[Candidate]) -> list[Candidate]:
        """ "Britain said Libya must hand over the suspects": a demand by Britain on Libya."""
        ob = self.lex.obligation
        rule = TriggerRule(words=("must",), pos="modal", event_class=ob["class"], plover=ob["plover"],
                           cameo=ob.get("cameo"), frame="directed", absorbs="all")
        taken = {c.head.i for c in cands}
        out = []
        lowers = self.parse.lowers
        for token, lower in zip(self.parse.tokens, lowers, strict=True):
            # (the word first, from the list: it rules out nearly every token before its label is looked up)
            if (lower not in ob["modals"] and lower not in ("has", "have")) or token.dep_ != "aux":
                continue
            has_to = lower in ("has", "have") and token.i + 1 < len(lowers) and lowers[token.i + 1] == "to"
            if lower not in ob["modals"] and not has_to:
                continue
            clause = token.head
            if clause.dep_ != "ccomp" or _lemma(clause.head) not in ob["verbs"] or token.i in taken:
                continue
            cand = Candidate(head=token, tokens=[token], rule=rule, plover=rule.plover, cameo=rule.cameo)
            speaker = [c for c in _children(clause.head) if c.dep_ == "nsubj"]
            for m in (self.entities_at(speaker[0]) if speaker else []):
                if not m.is_place:
                    cand.roles.append(("party", m))
            have = {m for _, m in cand.roles}
            for t in clause.subtree:
                m = self.mentions.at_token(t)
                if m is not None and not m.is_place and m not in have and m.kind != "AnonymousSource":
                    cand.roles.append(("target", m))
                    have.add(m)
            for subj in _subject(clause):
                for m in self.entities_at(subj):
                    if m not in have and not m.is_place:
                        cand.roles.append(("target", m))
                        have.add(m)
            out.append(cand)
        return out

    def purpose_parent(self, cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
        """An event that says what another was for or how it was done ("staged demonstrations to demand
        reforms", "blocked roads demanding …", "hunger strike to protest …") is part of that event."""
        head = cand.head
        purpose = head.dep_ in ("advcl", "xcomp") and (head.tag_ == "VBG" or any(
            c.dep_ == "aux" and c.lower_ == "to" for c in _children(head)))
        purpose = purpose or (head.dep_ == "pobj" and head.head.lower_ == "in" and _lemma(head) in self.lex.modality[
            "purpose_nouns"] and head.head.head.i in by_token)
        # a condition is part of what it conditions ("threatened an offensive unless Baghdad accepted")
        purpose = purpose or (head.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in _children(head)))
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
        return None

    # ------------------------------------------------------------------ status
    def status(self, cand: Candidate) -> str:
        mod = self.lex.modality
        head = cand.head
        found = {"negated": False, "hypothetical": False, "planned": False}

        def look(token: Token) -> None:
            for c in _children(token):
                # each once: spaCy looks a label up in its string store on every access
                dep, lower, lemma = c.dep_, c.lower_, _lemma(c)
                if dep == "neg" or (dep == "det" and lower in ("no", "neither")) or (
                        dep == "preconj" and lower == "neither"):
                    found["negated"] = True
                if dep == "advmod" and lower in mod["negated_adverbs"]:
                    found["negated"] = True
                if dep in ("aux", "mark", "advmod", "amod", "acomp") and (
                        lower in mod["hypothetical_words"] or lemma in mod["hypothetical_words"]):
                    found["hypothetical"] = True
                if dep == "advcl" and any(m.lower_ in ("if", "unless") for m in _children(c) if m.dep_ == "mark"):
                    found["hypothetical"] = True
                planned = lower in mod["planned_words"] or lemma in mod["planned_words"]
                if dep in ("aux", "amod") and planned:
                    found["planned"] = True
                # "said they would meet": in reported speech "would" is the future seen from the past
                if dep == "aux" and lower in ("would", "'d") and token.dep_ == "ccomp" and _lemma(
                        token.head) in mod["reporting_verbs"]:
                    found["planned"] = True
                    found["would"] = True

        look(head)
        if head.dep_ in ("nsubj", "nsubjpass") and cand.rule.pos == "noun":
            # "This agreement, if reached, could be …": a subject takes its verb's modal and condition only
            verb = head.head
            for c in _children(verb):
                if c.dep_ == "aux" and c.lower_ in mod["hypothetical_words"]:
                    found["hypothetical"] = True
                if c.dep_ == "aux" and c.lower_ in mod["planned_words"]:
                    found["planned"] = True
                if c.dep_ == "neg":
                    found["negated"] = True
            for name in ("negated", "hypothetical", "planned"):
                if found[name]:
                    return name
            return "asserted"
        token = head
        for anc in _path_up(head):
            lemma = _lemma(anc)
            if (lemma in mod["reporting_verbs"] and token.dep_ not in ("nsubj", "nsubjpass")) or token.dep_ in (
                    "relcl", "advcl", "parataxis", "appos", "conj"):
                break
            if token.dep_ == "prep" and token.lower_ in mod["opaque_prepositions"]:
                break
            if lemma in mod["presupposing_verbs"]:
                break
            if token.dep_ == "prep" and token.lower_ in ("without",):
                found["negated"] = True
            if lemma in mod["negated_verbs"] or lemma in mod["negated_adjectives"]:
                found["negated"] = True
            if lemma in mod["hypothetical_words"]:
                found["hypothetical"] = True
            if lemma in mod["planned_words"]:
                found["planned"] = True
            look(anc)
            token = anc
        if found.get("would") and not any(c.dep_ == "advcl" for c in _children(head)):
            found["hypothetical"] = False
        for name in ("negated", "hypothetical", "planned"):
            if found[name]:
                return name
        return "asserted"

    # ------------------------------------------------------------------ time
    def attach_time(self, cand: Candidate, times: list[tuple[TimeValue, Token]]) -> TimeValue | None:
        head = cand.head
        sent = self.parse.sentence(head)
        local = [(t, h) for t, h in times if sent.start <= h.i < sent.end]
        if not local:
            return self.present(cand)
        best: tuple[int, TimeValue] | None = None
        for value, thead in local:
            if _in_subtree(thead, head):
                depth = 0
                tok = thead
                crosses = False
                while tok.i != head.i and tok.head.i != tok.i and depth < 12:
                    if tok.dep_ in ("relcl", "acl") and tok.head.i != head.i:
                        owner = self.mentions.at_token(tok.head)
                        crosses = crosses or (owner is not None and owner.is_place)
                    tok = tok.head
                    depth += 1
                if crosses:
                    continue  # "Crimea, which was occupied in 2014" dates the occupation, not the event
                cost = depth
            else:
                cost = None
                below = head
                for dist, anc in enumerate(_path_up(head), start=1):
                    if _lemma(anc) in self.lex.modality["reporting_verbs"] or below.dep_ in ("relcl", "acl", "appos"):
                        break
                    below = anc
                    if thead.head.i == anc.i or (thead.head.dep_ == "prep" and thead.head.head.i == anc.i):
                        cost = 20 + dist
                        break
                if cost is None:
                    continue
            if best is None or cost < best[0]:
                best = (cost, value)
        return best[1] if best else self.present(cand)

    def report_time(self, cand: Candidate, times: list[tuple[TimeValue, Token]]) -> TimeValue | None:
        """An event with no time of its own, reported as done in a dated report ("Qatar said on Monday the
        truce had been extended"), happened by the report: it takes the report's day (not a report's
        month or year, which says little of when the event was)."""
        head = cand.head
        sent = self.parse.sentence(head)
        below = head
        for anc in _path_up(head):
            if below.dep_ in ("relcl", "acl", "appos"):
                return None
            if _lemma(anc) in self.lex.modality["reporting_verbs"]:
                if below.dep_ != "ccomp":
                    return None
                for value, thead in times:
                    if sent.start <= thead.i < sent.end and value.begin == value.end and (
                            thead.head.i == anc.i or thead.head.dep_ == "prep" and thead.head.head.i == anc.i):
                        return value
                return None
            below = anc
        return None

    def present(self, cand: Candidate) -> TimeValue | None:
        """An ongoing event (present progressive, "are in talks") is dated by the publication date."""
        if self.published is None:
            return None
        verb = cand.head if cand.rule.pos == "verb" else _carrier(cand.head, self.lex)
        if verb is not None and _lemma(verb) in self.lex.modality["resumption_verbs"]:
            return None  # "seeks to resume talks": the talks are earlier ones
        if (verb is not None and verb.dep_ == "xcomp" and verb.tag_ == "VB"
                and _lemma(verb.head) in self.lex.light_verbs):
            verb = verb.head  # "Ukraine continues to strike": the carrying verb's tense is the event's
        if verb is None and cand.head.dep_ in ("nsubj", "nsubjpass") and cand.head.head.pos_ in ("VERB", "AUX"):
            # "The discussions are at a very early stage", "this dialogue is being mediated by Qatar":
            # talks that are the subject of a present-tense clause are going on now.
            verb = cand.head.head
            if _lemma(verb) in self.lex.modality["reporting_verbs"]:
                return None
            auxes = [c for c in _children(verb) if c.dep_ in ("aux", "auxpass")]
            present_aux = any(a.tag_ in ("VBP", "VBZ") for a in auxes)
            perfect = any(_lemma(a) == "have" for a in auxes)
            if (verb.tag_ in ("VBP", "VBZ") and not auxes) or (present_aux and not perfect and verb.tag_ in (
                    "VBG", "VBN")):
                return TimeValue(self.published, self.published, verb.text, char_span(verb))
            return None
        if verb is None:
            return None
        auxes = [c for c in _children(verb) if c.dep_ in ("aux", "auxpass")]
        progressive = verb.tag_ == "VBG" and any(a.tag_ in ("VBP", "VBZ") for a in auxes)
        copula_in = _lemma(verb) == "be" and verb.tag_ in ("VBP", "VBZ")
        # "Ukraine and Russia discuss …" (a headline's present), "have begun talks" (under way now)
        simple = (verb.tag_ in ("VBP", "VBZ") and not auxes and _lemma(verb) not in self.lex.modality["reporting_verbs"]
                  and verb.lower_ not in _irregular_forms())  # "retook" tagged VBP is a past
        begun = verb.tag_ == "VBN" and _lemma(verb) in ("begin", "start", "launch", "open", "enter") and any(
            a.tag_ in ("VBP", "VBZ") for a in auxes)
        # "Iran and Egypt have agreed", "the sides have reached a deal": news of a present perfect is of now
        # (not "have said", and not a perfect under a modal: "would have agreed")
        just_done = verb.tag_ == "VBN" and _lemma(verb) not in self.lex.modality["reporting_verbs"] and any(
            _lemma(a) == "have" and a.tag_ in ("VBP", "VBZ") for a in auxes) and not any(
            a.tag_ == "MD" for a in auxes) and not any(a.dep_ == "auxpass" for a in auxes)
        if progressive or copula_in or simple or begun or just_done:
            span = char_span(verb)
            return TimeValue(self.published, self.published, verb.text, span)
        return None

    def document_times(self) -> list[tuple[TimeValue, Token]]:
        out = []
        anchor = None
        text = doc_text(self.doc)
        for sent in self.parse.sentences:
            # (a slice of the document's text is the sentence's text: spaCy's Span.text joins its tokens)
            sent_text = text[sent.start_char:sent.end_char]
            for value in find_times(sent_text, self.published, offset=sent.start_char, anchor=anchor):
                span = self.doc.char_span(value.span.begin, value.span.end, alignment_mode="expand")
                if span is None:
                    continue
                out.append((value, span.root))
                anchor = (value.begin, value.end)
        return out

    # ------------------------------------------------------------------ links
    def event_at(self, token: Token, by_token: dict[int, Candidate]) -> Candidate | None:
        cand = by_token.get(token.i)
        if cand is not None:
            return cand.merged_into or cand
        for c in _children(token):  # "a previous round of talks": the trigger under the head noun
            if c.dep_ == "prep" and c.lower_ == "of":
                for o in _pobjs(c):
                    if o.i in by_token:
                        return by_token[o.i]
        return None

    def following_event(self, verb: Token, by_token: dict[int, Candidate]) -> list[Token]:
        """The event right after a cause preposition following the verb ("broke down due to X's offensive")."""
        sent = self.parse.sentence(verb)
        words = [t.lower_ for t in sent]
        start = verb.i - sent.start
        for phrase in sorted(self.lex.links["cause_prepositions"], key=len, reverse=True):
            parts = phrase.split()
            for k in range(start + 1, min(start + 5, len(words))):
                if words[k:k + len(parts)] == parts:
                    for t in sent[k + len(parts):k + len(parts) + 6]:
                        if t.i in by_token:
                            return [t]
                    return []
        return []

    def preceding_event(self, verb: Token, by_token: dict[int, Candidate]) -> list[Token]:
        """The talks or agreement a failure verb without an event subject speaks of: the nearest one before it."""
        sent = self.parse.sentence(verb)
        for t in reversed(sent[:verb.i - sent.start]):
            cand = by_token.get(t.i)
            if cand is not None and cand.rule.frame in ("meeting", "mediation") or (
                    cand is not None and cand.rule.event_class == "Agreement" and cand.rule.pos == "noun"):
                return [t]
        return []

    def links(self, cands: list[Candidate], by_token: dict[int, Candidate]) -> list[tuple[Candidate, str, Candidate]]:
        lx = self.lex.links
        out: list[tuple[Candidate, str, Candidate]] = []
        link_verbs = lx["disrupt_verbs"] | lx["failure_verbs"] | lx["cause_verbs"]
        for token, lemma in zip(doc_tokens(self.doc), _lemmas(self.doc), strict=True):
            if lemma not in link_verbs or not _is_verb(token):
                continue
            if lemma in lx["disrupt_verbs"] or lemma in lx["failure_verbs"]:
                passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in _children(token))
                causes: list[Token] = []
                victims: list[Token] = []
                if passive:
                    victims = _passive_subject(token)
                    causes = [o for w, o in _prep_children(token) if w == "by"]
                else:
                    subj = _subject(token)
                    objs = [c for c in _children(token) if c.dep_ in ("dobj", "obj")]
                    if objs and lemma in lx["disrupt_verbs"]:
                        causes, victims = subj, objs
                    elif lemma in lx["failure_verbs"]:
                        victims = subj
                if not causes:
                    causes = [o for w, o in _prep_children(token) if w in lx["cause_prepositions"]]
                    for c in _children(token):  # "broke down due to X" where "down" carries the prep
                        if c.dep_ in ("prt", "advmod"):
                            causes += [o for w, o in _prep_children(c) if w in lx["cause_prepositions"]]
                if lemma in lx["failure_verbs"] or passive:
                    causes = causes or self.following_event(token, by_token)
                    if not any(self.event_at(v, by_token) for v in victims):
                        victims = self.preceding_event(token, by_token)
                for v in victims:
                    for c in causes:
                        ev, cause = self.event_at(v, by_token), self.event_at(c, by_token)
                        if ev is not None and cause is not None and ev is not cause:
                            out.append((ev, "disruptedBy", cause))
            if lemma in lx["cause_verbs"]:
                cause = next((self.event_at(s, by_token) for s in _subject(token) if self.event_at(s, by_token)), None)
                if cause is None:
                    continue
                effects = [obj for _, obj in _prep_children(token)]
                effects += [c for c in _children(token) if c.dep_ in ("advcl", "xcomp", "ccomp", "dobj")]
                effect_tokens = sorted((t for obj in effects for t in obj.subtree), key=lambda t: t.i)
                if effect_tokens:
                    for tok in effect_tokens:
                        effect = self.event_at(tok, by_token)
                        if effect is None or effect is cause:
                            continue
                        out.append((cause, "ledTo", effect))
                        # "A led to Moscow pulling out of the talks": the talks were disrupted by A.
                        if _lemma(effect.head) in lx["halt_verbs"]:
                            halted = _direct_object(effect.head)
                            target = self.event_at(halted, by_token) if halted is not None else None
                            if target is not None and target is not cause:
                                out.append((target, "disruptedBy", cause))
                        break
        openers = {p.split()[0] for p in lx["response_phrases"]}  # "in" (response to, retaliation for, …)
        # The tokens a preposition that opens one hangs on: the others have no phrase to read (their
        # prepositions are not looked up for every trigger whose way up crosses them).
        tokens, deps_with_objects = self.parse.tokens, ("prep", "agent", "dative")
        opened = {tokens[i].head.i for i, word in enumerate(self.parse.lowers)
                  if word in openers and tokens[i].dep_ in deps_with_objects}
        for cand in cands:
            for anc in [cand.head, *_path_up(cand.head)]:
                if anc.i not in opened:
                    continue
                for word, obj in _prep_children(anc):
                    if word not in openers:
                        continue
                    # The phrases are short: compare the first words of the object's phrase only (joining
                    # the whole subtree for every ancestor is quadratic on a very long sentence).
                    start = obj.left_edge.i
                    opening = " ".join(self.parse.lowers[start:min(start + 6, obj.right_edge.i + 1)])
                    if any(f"{word} {opening}".startswith(p) for p in lx["response_phrases"]):
                        for tok in obj.subtree:
                            other = self.event_at(tok, by_token)
                            if other is not None and other is not cand:
                                out.append((cand, "inResponseTo", other))
                                break
        return out

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

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        lex = self.lex
        cands = find_triggers(self.doc, self.mentions, lex)
        cands += self.obligations(cands)
        cands.sort(key=lambda c: c.head.i)
        by_token = {c.head.i: c for c in cands}
        for c in cands:  # "a mediation mission": the mission is the mediation
            if c.head.dep_ == "compound" and c.head.head.i not in by_token:
                by_token[c.head.head.i] = c
        self.trigger_ids = set(by_token)
        for cand in cands:
            cand.merged_into = self.merge_target(cand, by_token)
        # "The talks, co-hosted by Saudi Arabia": a participle that gives the event a role is part of it.
        for cand in cands:
            if (cand.rule.pos == "verb" and cand.merged_into is None and _lemma(cand.head) in lex.modifier_roles
                    and cand.head.dep_ in ("acl", "amod") and cand.head.head.i in by_token
                    and by_token[cand.head.head.i] is not cand):
                cand.merged_into = by_token[cand.head.head.i]
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
        sentence_numbers = self.parse.sentence_numbers
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
                cand.absorbed_by = self.content_parent(cand, by_token) or self.purpose_parent(cand, by_token)
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
        for cand in cands:
            self.read_arguments(cand)
            parties = tuple(dict.fromkeys(
                m for role, m in cand.roles if role == "party" and m.kind != "AnonymousSource"))
            if len(parties) >= 2:
                self.last_sides = parties
        for cand in cands:
            target = cand.merged_into
            if target is not None:
                for role, m in cand.roles:
                    role = "mediator" if cand.rule.frame == "mediation" and role != "party" else role
                    if (role, m) not in target.roles:
                        target.roles.append((role, m))
                target.places += [p for p in cand.places if p not in target.places]
                target.cues += [c for c in cand.cues if c not in target.cues]
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
            proposer_role = "mediator" if _lemma(cand.head) in lex.proposal_nouns and self.two_sides(parent) else None
            for role, m in cand.roles:
                if proposer_role and role == "party" and m not in have:
                    parent.roles.append((proposer_role, m))
                    have.add(m)
                if m not in have:
                    # "agreed to a ceasefire brokered by Egypt": who brokered what is agreed mediates the agreement
                    kept = role if role in ("mediator", "host") else (
                        "party" if role == "party" and not any(r == "party" for r, _ in parent.roles) else "target")
                    parent.roles.append((kept, m))
                    have.add(m)
        for cand in cands:  # what an event absorbed becomes a cue of it ("on halting strikes on energy")
            parent = cand.absorbed_by
            if parent is not None and cand.merged_into is None and parent.absorbed_by is None:
                cue = _phrase_text(cand.head, limit=8)
                if cue not in parent.cues:
                    parent.cues.append(cue)
        times = self.document_times()
        statuses = {id(c): self.status(c) for c in cands}
        self.absorb_goals(cands, statuses)
        emitted = [c for c in cands if c.merged_into is None and c.absorbed_by is None]
        events = self.analysis.events
        base = len(events)
        for n, cand in enumerate(emitted):
            cand.index = base + n
        link_map: dict[int, list[tuple[str, int]]] = {}
        def emitted_form(c: Candidate) -> Candidate:
            # a link to an event that was merged into or absorbed by another is a link to that one
            seen = {id(c)}
            while c.merged_into is not None or c.absorbed_by is not None:
                nxt = c.merged_into or c.absorbed_by
                if id(nxt) in seen:  # a cycle: stay where it closes
                    break
                c = nxt
                seen.add(id(c))
            return c

        for src, rel, dst in self.links(cands, by_token):
            src, dst = emitted_form(src), emitted_form(dst)
            if src.index >= 0 and dst.index >= 0 and src is not dst:
                entry = (rel, dst.index)
                if entry not in link_map.setdefault(src.index, []):
                    link_map[src.index].append(entry)
        when = {id(c): self.attach_time(c, times) or (
            self.report_time(c, times) if statuses[id(c)] == "asserted" else None) for c in emitted}
        for cand in emitted:  # "the mediation began in June": June is when it started, not all it lasted
            verb = cand.head.head if cand.head.dep_ in ("nsubj", "nsubjpass", "dobj") else None
            if when[id(cand)] is not None and verb is not None and _lemma(verb) in lex.modality["begin_verbs"]:
                cand.cues.append("began")
        # An undated event that derailed a dated one happened by its end: "talks in August … broke down
        # due to the offensive" dates the offensive to August.
        for cand in emitted:
            for rel, j in link_map.get(cand.index, []):
                if rel != "disruptedBy":
                    continue
                cause = emitted[j - base]
                effect_time = when[id(cand)]
                if when[id(cause)] is None and effect_time is not None:
                    end = effect_time.end
                    when[id(cause)] = TimeValue(end.replace(day=1), end, effect_time.text, effect_time.span)
        for cand in emitted:
            if statuses[id(cand)] == "planned" and cand.plover in lex.intent:
                cand.plover, cand.cameo = lex.intent[cand.plover], None
            elif statuses[id(cand)] == "negated" and cand.plover in lex.refusal:
                cand.plover, cand.cameo = lex.refusal[cand.plover], None
        for cand in emitted:
            first, last = cand.tokens[0], cand.tokens[-1]
            trigger = Span(first.idx, last.idx + len(last.text))
            sent = self.parse.sentence(cand.head)
            events.append(EventMention(
                trigger=trigger, sentence=Span(sent.start_char, sent.end_char),
                event_class=cand.rule.event_class, plover=cand.plover, cameo=cand.cameo,
                roles=_without_doubled_roles(cand.roles), places=tuple(cand.places),
                time=when[id(cand)], status=statuses[id(cand)],
                cues=tuple(dict.fromkeys(c for c in cand.cues if c)),
                links=tuple(sorted(link_map.get(cand.index, []))),
            ))
        used = {id(m) for e in events[base:] for _, m in e.roles}
        for m in self.extra_mentions:
            if id(m) in used and m not in self.analysis.entities:
                self.analysis.entities.append(m)


def _without_doubled_roles(roles: list[tuple[str, EntityMention]]) -> tuple[tuple[str, EntityMention], ...]:
    """A mediator or host is not also a party or a target of the same event ("Kenya facilitated the talks
    between Somalia and Ethiopia": Kenya's subject slot read it as a party too)."""
    third = {_actor_identity(m) for role, m in roles if role in ("mediator", "host")}
    return tuple((role, m) for role, m in roles
                 if role in ("mediator", "host") or _actor_identity(m) not in third)


def _actor_identity(m: EntityMention) -> str:
    return m.key or m.text.casefold()


def _phrase_text(token: Token, limit: int = 6) -> str:
    words = [t for t in token.subtree if not t.is_punct or t.text == "-"][:limit]
    text = " ".join(t.text for t in words)
    return text.replace(" - ", "-").strip()


@extractors.register("events")
def extract_events(doc: Doc, analysis: DocumentAnalysis) -> None:
    with _reading(doc):
        _DocumentEvents(doc, analysis, load_lexicon()).run()
