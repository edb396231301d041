"""Triggers: the words of the text that the lexicon (graph/data/events.toml, read by
graph/extract/event_lexicon.py) makes event mentions (a verb or a noun, a phrase keyed by its verb
or by its head, re-typed by its object's family), and the obligations a reported "must" makes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from graph.extract.base import MentionIndex, doc_lowers, doc_tokens
from graph.extract.event_lexicon import Lexicon, TriggerRule
from graph.extract.events.parse import (
    _children,
    _conjuncts,
    _direct_object,
    _in_subtree,
    _is_noun,
    _is_verb,
    _lemma,
    _lemmas,
    _Parse,
    _parse,
    _subject,
)
from graph.model import EntityMention


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



# The dependencies of a noun phrase: a participle heading one after a determiner ("the wounded") is used as a noun.
_NOMINAL_DEPS = frozenset({"dobj", "obj", "pobj", "nsubj", "nsubjpass", "conj", "appos"})


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
        if token.dep_ == "npadvmod" and token.head.dep_ == "amod":
            return False  # "war-torn Mozambique", "conflict-hit regions": a word of a compound adjective
        if not rule.in_names and token.pos_ == "PROPN" and token.text[:1].isupper() and any(
                c.dep_ == "compound" and c.pos_ == "PROPN" for c in _children(token)):
            return False  # "the Warsaw Pact": part of a name
        if rule.plural_only and token.tag_ not in ("NNS", "NNPS") and not token.lower_.endswith("s"):
            return False
        governor = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        if governor is not None and rule.excluded_governors and (
                _lemma(governor) in rule.excluded_governors or governor.lower_ in rule.excluded_governors):
            return False  # "prisoners of war", "crimes of war": part of what names the people or the deeds
        if not (rule.needs_modifier or rule.excluded_modifiers):
            return True
        mods = _modifier_words(token)
        if rule.needs_modifier and not (mods & set(rule.needs_modifier)):
            return False
        return not (rule.excluded_modifiers and mods & set(rule.excluded_modifiers))
    if not _is_verb(token) or token.dep_ == "amod":
        return False  # "Jordan's visiting King": a participle describing someone, not an event
    if token.dep_ in _NOMINAL_DEPS and any(c.dep_ == "det" for c in _children(token)):
        return False  # "evacuated the wounded", "the injured were taken to hospital": people, not an attack
    if rule.intransitive and any(c.dep_ in ("dobj", "obj") for c in _children(token)):
        return False
    obj = _direct_object(token) if rule.needs_object or rule.needs_content else None
    # "Kyiv was hit by drones", "the Houthis, who were struck by jets": a passive's subject is its object (not
    # when it is an event of its own: "aid was delivered" is the aid)
    passive_object = any(c.dep_ == "nsubjpass" and _lemma(c) not in lex.noun_keys for c in _children(token)) or (
        token.dep_ in ("acl", "relcl") and token.tag_ == "VBN" and _lemma(token.head) not in lex.noun_keys and any(
            c.dep_ in ("auxpass", "agent") for c in _children(token)))
    if rule.needs_object and obj is None and not passive_object and not any(
            c.dep_ == "prep" and c.lower_ in lex.object_preps and any(g.dep_ == "pobj" for g in _children(c))
            for c in _children(token)) and not _infinitive_object(token):
        return False  # "fired at the convoy", "struck against the refineries" aim at an object too
    if rule.needs_prep and not any(c.dep_ == "prep" and c.lower_ in rule.needs_prep and any(
            g.dep_ == "pobj" for g in _children(c)) for c in _children(token)):
        return False  # "deported for traveling without documents": no journey to anyone
    if rule.agents_only and _subject_in(token, rule.agents_only, ("nsubj", "nsubjpass")) is not True:
        return False
    if rule.excluded_objects and _object_in(token, rule.excluded_objects, lex):
        return False  # "crimes committed by the militia", "offered his condolences": no commitment, no offer
    if rule.alone_agents and _sits_alone(token, rule.alone_agents):
        return False  # "the cabinet met on Sunday and decided": a body's own sitting, no one met
    if rule.excluded_agents and _subject_in(token, rule.excluded_agents, ("nsubj",)):
        return False  # "peacekeeping troops arrived in Bosnia": a deployment, not a visit
    if rule.needs_content:
        subjects = [c for c in _children(token) if c.dep_ in ("nsubj", "nsubjpass")]
        content = obj if obj is not None else (subjects[0] if subjects else None)
        if content is None:
            return False
        # (and its compound: "violated the ceasefire agreement")
        lemmas = {_lemma(content)} | {_lemma(t) for t in content.subtree if t.dep_ == "pobj"} | _headed(
            content, lex) | {_lemma(c) for c in _children(content) if c.dep_ == "compound"}
        if not any(lemmas & lex.families.get(f, frozenset()) for f in rule.needs_content):
            return False
    return True


def _actor_subject(verb: Token, mentions: MentionIndex, lex: Lexicon) -> bool:
    """Whether the verb's subject (a relative pronoun's noun, a controlling verb's subject) is an actor: a name, a
    word for a group of people or a body ("officials", "the government", "the court": [place] group_nouns,
    [arguments] actor_nouns) or a personal pronoun; not a thing ("weapons that
    would allow Kyiv to strike", "the bridge allowed trucks to cross")."""
    for subj in _subject(verb):
        mention = mentions.at_token(subj)
        if (mention is not None and not mention.is_place) or _lemma(subj) in lex.group_nouns | lex.actor_nouns or (
                subj.pos_ == "PRON" and subj.lower_ in ("he", "she", "they", "we", "i", "you", "it")):
            return True
    return False


def _sits_alone(verb: Token, bodies: tuple[str, ...]) -> bool:
    """Whether the verb's one subject is one of these bodies and it names no one met: no object, no "with",
    "between" or "among", no second subject ("the cabinet and the unions met" is a meeting)."""
    subj = next((c for c in _children(verb) if c.dep_ == "nsubj"), None)
    if subj is None or _lemma(subj).rstrip("s") not in {b.rstrip("s") for b in bodies}:
        return False
    return not any(c.dep_ == "conj" for c in _children(subj)) and not any(
        c.dep_ in ("dobj", "obj") or c.dep_ == "prep" and c.lower_ in ("with", "between", "among")
        for c in _children(verb))


def _actor_partner(verb: Token, mentions: MentionIndex, lex: Lexicon) -> bool:
    """Whether the verb's "with" names an actor that is no outlet: "spoke with Iranian officials", "spoke with
    Erdogan by phone", not "spoke with reporters" or "spoke with the BBC"."""
    partners = [o for c in _children(verb) if c.dep_ == "prep" and c.lower_ == "with" for o in _children(c)
                if o.dep_ == "pobj"]
    for partner in [*partners, *(x for o in partners for x in _conjuncts(o))]:
        mention = mentions.at_token(partner)
        if mention is not None and not mention.is_place and mention.kind != "NewsOutlet":
            return True
        if mention is None and _lemma(partner) in lex.group_nouns and any(
                c.ent_type_ == "NORP" for c in _children(partner)):
            return True  # "Iranian officials", "his Turkish counterpart"
    return False


def _infinitive_object(verb: Token) -> bool:
    """ "allowed the candidate to run": the parse makes the one allowed the subject of the infinitive, which is
    the verb's object all the same."""
    return any(c.dep_ in ("ccomp", "xcomp") and any(g.dep_ == "nsubj" for g in _children(c)) and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in _children(c)) for c in _children(verb))


def _headed(noun: Token, lex: Lexicon) -> set[str]:
    """The event words before a head noun that takes its event from them: "mediation" in "mediation efforts"."""
    if _lemma(noun) not in lex.event_heads:
        return set()
    return {_lemma(c) for c in _children(noun) if c.dep_ == "compound"}


def _subject_in(verb: Token, lemmas: tuple[str, ...], deps: tuple[str, ...]) -> bool | None:
    """Whether the verb's subject is one of the lemmas, singular or plural (None: it has no subject)."""
    subj = next((c for c in _children(verb) if c.dep_ in deps), None)
    if subj is None:
        return None
    return _lemma(subj).rstrip("s") in {a.rstrip("s") for a in lemmas}


def _object_in(verb: Token, families: tuple[str, ...], lex: Lexicon) -> bool:
    """Whether what the verb acts on (its object, its passive subject, or the noun its participle
    describes: "the abuses committed by") belongs to one of the object families."""
    found = [c for c in _children(verb) if c.dep_ in ("dobj", "obj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        found.append(verb.head)
    words = frozenset().union(*(lex.families.get(f, frozenset()) for f in families))
    return any(_lemma(t) in words or t.lower_ in words for t in found)


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
                if tokens and not any(t.i in taken for t in tokens) and _accepts(token, rule, lex) and (
                        not rule.needs_actor or _actor_subject(token, mentions, lex)) and (
                        not rule.needs_partner or _actor_partner(token, mentions, lex)):
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



def find_obligations(parse: _Parse, cands: list[Candidate], lex: Lexicon,
                     entities_at: Callable[[Token], list[EntityMention]], mentions: MentionIndex) -> list[Candidate]:
    """ "Britain said Libya must hand over the suspects": a demand by Britain on Libya."""
    ob = lex.obligation
    rule = TriggerRule(words=("must",), pos="modal", event_class=ob["class"], plover=ob["plover"],
                       cameo=ob.get("cameo"), frame="directed", absorbs="all")
    taken = {c.head.i for c in cands}
    out = []
    lowers = parse.lowers
    for token, lower in zip(parse.tokens, lowers, strict=True):
        # (the word first, from the list: it rules out nearly every token before its label is looked up)
        if (lower not in ob["modals"] and lower not in ("has", "have")) or token.dep_ != "aux":
            continue
        has_to = lower in ("has", "have") and token.i + 1 < len(lowers) and lowers[token.i + 1] == "to"
        if lower not in ob["modals"] and not has_to:
            continue
        clause = token.head
        verb = clause.head
        # "issued a reminder to Iraq that it must cooperate": the clause says what the verb's object (a word of
        # saying, [obligation] nouns) says
        told = clause.dep_ == "acl" and verb.dep_ in ("dobj", "obj") and _lemma(verb) in ob["nouns"]
        if told:
            verb = verb.head
        if (clause.dep_ != "ccomp" and not told) or _lemma(verb) not in ob["verbs"] or token.i in taken:
            continue
        cand = Candidate(head=token, tokens=[token], rule=rule, plover=rule.plover, cameo=rule.cameo)
        speaker = [c for c in _children(verb) if c.dep_ == "nsubj"]
        for m in (entities_at(speaker[0]) if speaker else []):
            if not m.is_place:
                cand.roles.append(("party", m))
        have = {m for _, m in cand.roles}
        for t in clause.subtree:
            m = mentions.at_token(t)
            if m is not None and not m.is_place and m not in have and m.kind != "AnonymousSource":
                cand.roles.append(("target", m))
                have.add(m)
        for subj in _subject(clause):
            for m in entities_at(subj):
                if m not in have and not m.is_place:
                    cand.roles.append(("target", m))
                    have.add(m)
        # ... and the one it is told to ("issued a reminder to Iraq that it must", "declared to Iraq that it must")
        for c in _children(verb):
            if c.dep_ in ("prep", "dative") and c.lower_ == "to":
                for m in (m for g in _children(c) if g.dep_ == "pobj" for m in entities_at(g)):
                    if m not in have and not m.is_place:
                        cand.roles.append(("target", m))
                        have.add(m)
        out.append(cand)
    return out
