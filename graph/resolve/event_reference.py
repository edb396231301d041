"""How an event mention refers within its document, read from the words before its trigger.

A writer names an event once ("talks between A and B in CITY") and then refers back to it with a
definite noun phrase ("the talks", "these negotiations") or a bare plural ("Negotiations resumed"): such a
mention is *anaphoric*, the event the document already named, whatever the verb that governs it says of it
("should either side go back on the accord": the accord is the one signed, not a hypothetical one). A
mention marked as another one ("another meeting", "a similar conference", "further talks") is *distinct*:
never the event named before it. Everything else (a verb, "an agreement", "a ceasefire between X and Y")
names an event of its own. The word lists are data ([coreference] in graph/data/events.toml).
"""

from __future__ import annotations

import re
from enum import StrEnum

from graph.extract.event_lexicon import Lexicon
from graph.model import EventMention

# Words between a determiner and the trigger ("the Tumaini Initiative peace talks", "the UN-sponsored talks"):
# at most this many, and of them at most one plain lower-case word ("the peace talks"; but in "the government
# held talks" the determiner is another noun's).
_MAX_MODIFIERS = 4
_MAX_PLAIN = 1
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")


class Reference(StrEnum):
    ANAPHORIC = "anaphoric"
    DISTINCT = "distinct"
    NAMING = "naming"


def is_noun_trigger(word: str, lex: Lexicon) -> bool:
    """Whether a trigger's head word is one of the lexicon's event nouns ("talks", "ceasefires", "truce")."""
    word = word.lower()
    return any((w, "noun") in lex.rules for w in (word, word.rstrip("s"), word[:-2] if word.endswith("es") else word))


def reference(text: str, ev: EventMention, lex: Lexicon, definite: frozenset[str], distinct: frozenset[str],
              bare: bool) -> Reference:
    """How ``ev`` refers: ANAPHORIC for a noun trigger after a definite determiner ("the", "these") or a bare one
    (nothing of its own: no participant, time, place or cue), DISTINCT for one marked as another event
    ("another", "similar", "further"; a verb by its subject's cue: "a similar deal was signed"), NAMING otherwise
    (verbs: "were killed" is an event of its own)."""
    trigger = text[ev.trigger.begin:ev.trigger.end]
    head = trigger.split()[-1] if trigger.split() else trigger
    if not is_noun_trigger(head, lex):
        # "a similar measure was agreed upon": a verb whose subject is marked as another one names another event
        return Reference.DISTINCT if distinct.intersection(ev.cues) else Reference.NAMING
    words = [w.lower() for w in trigger.split()[:-1]]  # "further talks" as one trigger
    before = text[max(ev.sentence.begin, ev.trigger.begin - 80):ev.trigger.begin]
    plain = 0
    for token in reversed(_TOKEN.findall(before)[-_MAX_MODIFIERS - 1:]):
        word = token.lower()
        if not token[:1].isalnum():
            break  # a comma or a dash ends the noun phrase
        if word in definite or word in distinct or word in ("a", "an"):
            words.append(word)
            break
        if token.islower() and "-" not in token:
            plain += 1
            if plain > _MAX_PLAIN:
                break
        words.append(word)
    if any(w in distinct for w in words):
        return Reference.DISTINCT
    if any(w in definite for w in words) or bare:
        return Reference.ANAPHORIC
    return Reference.NAMING


__all__ = ["Reference", "reference", "is_noun_trigger"]
