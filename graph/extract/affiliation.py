"""The body an anonymous source speaks for: its affiliation.

Read from the source phrase, in this order:

- a state or organisation named inside it ("a Hamas official", "a spokesperson for the State Department",
  "sources close to the Kremlin"): the named body itself, the most specific one, so the demonym inside
  a name ("US" in "US State Department") does not compete with the name; a state's body the gazetteer
  does not know ("an official of the British Foreign Office") speaks for its state;
- a person's government ("a Biden administration official", "an official of the Macron government"):
  the state the person heads or headed (the gazetteer's ``government_of``, or a head's ``office``);
- a demonym ("a senior Kenyan official" → kenya);
- a word naming the kind of body ("opposition sources", "party officials", "rebel sources"): the one
  state or organisation this document names with that word in its name ("the Southern Opposition
  Alliance"); none when the document names no such body or several.

A body the gazetteer knows is given by its key; one it does not know by the span of the document's
mention of it, which the actor resolution turns into that mention's node (one node per actor: the node
the rest of the graph uses for the body). "Diplomatic sources" name no body: no affiliation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from graph.extract.base import MentionIndex
from graph.extract.entities import demonym
from graph.gazetteer import Gazetteer, GazetteerEntry, fold
from graph.model import PLACE, EntityMention, Span

if TYPE_CHECKING:
    from graph.extract.sources import AttributionLexicon

BODY_KINDS = ("State", "Organization")
# Offices whose holder heads a state's government (the gazetteer's office concepts).
HEAD_CONCEPTS = ("headOfState", "headOfGovernment")


@dataclass(frozen=True)
class Body:
    """A state or organisation: a gazetteer key or another node's key, or the span of its mention here."""

    identity: str  # what two readings are compared on
    key: str | None = None
    span: Span | None = None


def _body_of(mention: EntityMention, gazetteer: Gazetteer, lex: AttributionLexicon) -> Body | None:
    """The body a mention names, if it names one (not a person, a place or an outlet)."""
    entry = gazetteer.get(mention.key)
    if entry is not None:
        # A state or body the gazetteer knows, or a seat of government ("officials in Kyiv").
        if mention.kind in BODY_KINDS or entry.metonym_of:
            key = gazetteer.acting_key(entry.key)
            return Body(key, key=key)
        return None
    if mention.affiliation and mention.ner_label == "GROUP":
        # A state's people named by its demonym ("Ukrainian negotiators", "the Sudanese army"): the state.
        return Body(mention.affiliation, key=mention.affiliation)
    if mention.kind not in BODY_KINDS:
        return None
    if mention.key:  # a collective the entity stage named otherwise
        return Body(mention.key, key=mention.key)
    words = re.findall(r"\w[\w.'’-]*", mention.text)
    if words and words[-1].lower() in lex.state_body_nouns:
        # A state's office the gazetteer does not know ("the British Foreign Office"): it speaks for its state.
        states = _states_named(words[:-1], gazetteer)
        if len(states) == 1:
            state = states.pop()
            return Body(state, key=state)
    return Body("name:" + fold(mention.label or mention.text), span=mention.span)


def _states_named(words: list[str], gazetteer: Gazetteer) -> set[str]:
    """The states a run of words names by name or demonym, the longest names first ("South Sudan" is not
    Sudan)."""
    found: set[str] = set()
    at = 0
    while at < len(words):
        for size in (3, 2, 1):
            name = " ".join(words[at:at + size])
            key = demonym(gazetteer, name) if size == 1 else (entry.key if (entry := gazetteer.lookup(name)) else None)
            entry = gazetteer.get(key)
            if size <= len(words) - at and entry is not None:
                if entry.kind == "State":
                    found.add(gazetteer.acting_key(entry.key))
                at += size
                break
        else:
            at += 1
    return found


def government_of(entry: GazetteerEntry | None) -> str | None:
    """The state whose government a person heads or headed."""
    if entry is None or entry.kind != "Person":
        return None
    if entry.government_of:
        return entry.government_of
    office = entry.office or {}
    return office.get("holder_of") if office.get("concept") in HEAD_CONCEPTS else None


def is_kind_word(mention: EntityMention, lex: AttributionLexicon) -> bool:
    """A mention that is only a word for a kind of body ("Party" of "Party officials said", which the NER
    may tag as a name): not a name."""
    return mention.key is None and mention.text.lower() in lex.body_words


def _governs(tokens: list[Token], at: int, lex: AttributionLexicon) -> bool:
    """Is the name ending before ``tokens[at]`` the owner of a government ("Biden('s) administration")?"""
    if at < len(tokens) and tokens[at].tag_ == "POS":
        at += 1
    return at < len(tokens) and tokens[at].lower_ in lex.government_nouns


def phrase_body(tokens: list[Token], index: MentionIndex, gazetteer: Gazetteer, lex: AttributionLexicon,
                renamed: dict[str, EntityMention] | None = None) -> Body | None:
    """The one body the words of a phrase name (None when they name none, or several: "two Ukrainian
    and one American source"). ``renamed``: one-word names the document gives to a body, with that
    mention: where the NER took the name in the phrase for a person or a place ("Morvia officials say…"),
    the body is meant."""
    if not tokens:
        return None
    found: list[Body] = []
    covered: set[int] = set()  # tokens inside a name: not read again as demonyms
    position = {t.i: n for n, t in enumerate(tokens)}
    named = [m for m in index.within(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
             if not is_kind_word(m, lex)]
    # The most specific body: a name inside a longer one ("US" in "US State Department") yields to it.
    outer = [m for m in named if not any(o is not m and o.span.begin <= m.span.begin and m.span.end <= o.span.end
                                         and len(o.span) > len(m.span) for o in named)]
    for mention in outer:
        inside = [t for t in tokens if mention.span.begin <= t.idx < mention.span.end]
        covered.update(t.i for t in inside)
        entry = gazetteer.get(mention.key)
        if mention.kind in ("Person", PLACE) and entry is None and renamed and mention.text in renamed:
            mention = renamed[mention.text]
        if mention.kind == "Person":
            state = government_of(entry)
            if state and inside and _governs(tokens, position[inside[-1].i] + 1, lex):
                found.append(Body(state, key=state))
            continue
        body = _body_of(mention, gazetteer, lex)
        if body is not None:
            found.append(body)
    for n, token in enumerate(tokens):
        if token.i in covered or token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            continue
        key = demonym(gazetteer, token.text)
        if not key:
            continue
        entry = gazetteer.get(key)
        if entry is not None and entry.kind == "Person":  # a name, not a demonym: only its government counts
            state = government_of(entry)
            if state and _governs(tokens, n + 1, lex):
                found.append(Body(state, key=state))
            continue
        key = gazetteer.acting_key(key)
        found.append(Body(key, key=key))
    unique = list({b.identity: b for b in found}.values())
    return unique[0] if len(unique) == 1 else None


def named_body(words: Iterable[Token], mentions: Iterable[EntityMention], index: MentionIndex,
               gazetteer: Gazetteer, lex: AttributionLexicon) -> Body | None:
    """The one body of the document whose name carries a word that says what kind of body the source
    belongs to ("opposition sources" → "the Southern Opposition Alliance")."""
    kinds = {w for t in words if (named := index.at_token(t)) is None or is_kind_word(named, lex)
             for w in (t.lower_, t.lemma_.lower()) if w in lex.body_words}
    if not kinds:
        return None
    bodies: dict[str, Body] = {}
    for mention in mentions:
        if mention.kind in BODY_KINDS and not is_kind_word(mention, lex) \
                and kinds & set(re.findall(r"\w+", mention.text.lower())):
            body = _body_of(mention, gazetteer, lex)
            if body is not None:
                bodies.setdefault(body.identity, body)
    return next(iter(bodies.values())) if len(bodies) == 1 else None
