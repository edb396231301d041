"""Status: asserted | negated | hypothetical | planned, from the cue words (data, [modality] in
graph/data/events.toml) on the way from the trigger up to its clause; and the category of an
intended or declined event (a planned meeting is an intention to meet)."""

from __future__ import annotations

from spacy.tokens import Token

from graph.extract.event_lexicon import Lexicon
from graph.extract.events.parse import _carrier, _children, _lemma, _path_up, _phrase_head
from graph.extract.events.triggers import Candidate


def status(cand: Candidate, lex: Lexicon, intended: dict[int, str] | None = None) -> str:
    """The status of a candidate; when it is planned by a word of intention (not only by an attempt, "tried to
    hack"), `intended` maps its id to "intent" ("ultimatum" when a condition of an ultimatum holds it: "will
    withdraw unless …"), and ``retype`` makes the event that intention or ultimatum."""
    mod = lex.modality
    # "launched a mediation effort": the effort is the mediation's own word, not a plan of it
    head = _phrase_head(cand.head, lex) if cand.rule.pos == "noun" else cand.head
    found = {"negated": False, "hypothetical": False, "planned": False}

    def plan(*words: str) -> None:
        found["planned"] = True
        # "attempted to assassinate", "tried to hack into": the act was tried, not announced
        if not any(w in mod["attempt_words"] for w in words):
            found["intent"] = True

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
                if any(m.lower_ in mod["ultimatum_marks"] for m in _children(c) if m.dep_ == "mark"):
                    found["ultimatum"] = True
            planned = lower in mod["planned_words"] or lemma in mod["planned_words"]
            if dep in ("aux", "amod") and planned and not (dep == "amod" and done_by_carrier):
                plan(lower, lemma)
            # "said they would meet": in reported speech "would" is the future seen from the past
            if dep == "aux" and lower in ("would", "'d") and token.dep_ == "ccomp" and _lemma(
                    token.head) in mod["reporting_verbs"]:
                plan(lower)
                found["would"] = True

    # "Israel mounted its long-threatened invasion", "they held the planned talks": a noun a light verb in the
    # past carries happened, whatever its modifiers said of it before
    carrier = _carrier(head, lex) if cand.rule.pos == "noun" else None
    done_by_carrier = carrier is not None and carrier.tag_ == "VBD" and not any(
        c.dep_ in ("aux", "neg") for c in _children(carrier))
    look(head)
    if head.dep_ in ("nsubj", "nsubjpass") and cand.rule.pos == "noun":
        # "This agreement, if reached, could be …": a subject takes its verb's modal and condition only
        verb = head.head
        # "The talks did not produce an agreement", "the talks could yield a deal": what the verb says the talks
        # do not (or may) bring about is the event the word governs; the talks themselves were held
        outcome = any(c.dep_ in ("dobj", "obj") and (_lemma(c) in lex.noun_keys or c.lower_ in lex.noun_keys)
                      for c in _children(verb))
        # "The signing ceremony is planned for next week", "talks are scheduled for May": a passive of planning
        if any(c.dep_ == "auxpass" for c in _children(verb)) and _planning(verb, mod):
            plan(_lemma(verb))
        for c in () if outcome else _children(verb):
            if c.dep_ == "aux" and c.lower_ in mod["hypothetical_words"]:
                found["hypothetical"] = True
            if c.dep_ == "aux" and c.lower_ in mod["planned_words"]:
                plan(c.lower_)
            if c.dep_ == "neg":
                found["negated"] = True
        return _outcome(found, cand, intended)
    token = head
    for anc in _path_up(head):
        lemma = _lemma(anc)
        if (lemma in mod["reporting_verbs"] and token.dep_ not in ("nsubj", "nsubjpass")) or token.dep_ in (
                "relcl", "advcl", "parataxis", "appos", "conj"):
            break
        if token.dep_ == "acl" and (token.tag_ == "VBN" or token.tag_ == "VBG" and token.i != head.i):
            # "the deal, signed on Friday, should end the war": a reduced relative clause, done; "will feed
            # refugees fleeing the war": the war the participle names is real (its own verb stays the modal's)
            break
        if token.dep_ == "prep" and token.lower_ in mod["opaque_prepositions"]:
            break
        if token.dep_ in ("pobj", "advmod") and token.lower_ in mod["circumstance_words"]:
            break  # "threatened to cut ties on the eve of a visit": the visit is neither threat nor plan of it
        if lemma in mod["presupposing_verbs"]:
            break
        if token.dep_ == "prep" and lemma in mod["topic_verbs"]:
            break  # "did not elaborate on the talks": what is not done is the speaking
        if token.dep_ == "prep" and token.lower_ in ("without",):
            found["negated"] = True
        if lemma in mod["negated_verbs"] or lemma in mod["negated_adjectives"]:
            found["negated"] = True
        if lemma in mod["hypothetical_words"]:
            found["hypothetical"] = True
        if lemma in mod["planned_words"] and _planning(anc, mod):
            plan(lemma)
        negated = found["negated"]
        look(anc)
        if lemma in mod["participation_verbs"]:
            found["negated"] = negated  # "did not attend the talks": the talks were held
        token = anc
    if found.get("would") and not any(c.dep_ == "advcl" for c in _children(head)):
        found["hypothetical"] = False
    return _outcome(found, cand, intended)


def _outcome(found: dict[str, bool], cand: Candidate, intended: dict[int, str] | None) -> str:
    for name in ("negated", "hypothetical", "planned"):
        if found[name]:
            # "will withdraw unless …": an intention under an ultimatum's condition is the ultimatum
            if found.get("intent") and intended is not None and (
                    name == "planned" or (name == "hypothetical" and found.get("ultimatum"))):
                intended[id(cand)] = "ultimatum" if name == "hypothetical" else "intent"
            return name
    return "asserted"

def _planning(verb: Token, mod: dict) -> bool:
    """A verb of planning, not a phrasal verb made of one ("the talks were set up in Lima": established)."""
    return _lemma(verb) in mod["planned_words"] and not any(c.dep_ == "prt" for c in _children(verb))


def retype(emitted: list[Candidate], statuses: dict[int, str], lex: Lexicon, intended: dict[int, str]) -> None:
    """A planned event of a category with an intention is that intention (when a word of intention plans it,
    ``status``'s `intended`), one held by an ultimatum's condition that ultimatum; a negated one of a category
    with a refusal, that refusal."""
    for cand in emitted:
        if intended.get(id(cand)) == "ultimatum" and cand.plover in lex.ultimatum:
            cand.plover, cand.cameo = lex.ultimatum[cand.plover], None
        elif statuses[id(cand)] == "planned" and intended.get(id(cand)) == "intent" and cand.plover in lex.intent:
            cand.plover, cand.cameo = lex.intent[cand.plover], None
        elif statuses[id(cand)] == "negated" and cand.plover in lex.refusal:
            cand.plover, cand.cameo = lex.refusal[cand.plover], None


def conventional_force(emitted: list[Candidate], lex: Lexicon) -> None:
    """An attack that may be either an assault or conventional force is the latter when a state or its armed
    forces make it, or military arms do (data: [conventional_force])."""
    rule = lex.conventional_force
    for cand in emitted:
        if cand.plover != "ASSAULT" or " ".join(t.lemma_.lower() for t in cand.tokens) not in rule["attacks"]:
            continue
        state_made = any(role == "attacker" and (m.kind == "State" or (m.key or "").startswith("armed-forces-of-"))
                         for role, m in cand.roles)
        if state_made or _arms_named(cand.head, rule["arms"]):
            cand.plover, cand.cameo = rule["plover"], rule["cameo"]


def _arms_named(head: Token, arms: frozenset[str]) -> bool:
    """Do the trigger's modifiers ("drone attacks") or the subject of its clause ("aircraft killed 20 in an attack")
    name military arms?"""
    words = [c for c in _children(head) if c.dep_ in ("compound", "amod", "nmod")]
    verb = head
    while verb.pos_ != "VERB" and verb.head is not verb and verb.dep_ not in ("ROOT", "ccomp", "advcl", "relcl",
                                                                             "conj"):
        verb = verb.head
    words += [t for c in _children(verb) if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
    return any(t.lemma_.lower() in arms or t.lower_ in arms for t in words)
