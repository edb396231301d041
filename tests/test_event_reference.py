"""How a mention refers within its document (graph/resolve/event_reference.py), read from the words before its
trigger: sentences of our own."""

from __future__ import annotations

import pytest

from graph.extract.event_lexicon import load_lexicon
from graph.model import EventMention, Span
from graph.resolve.event_reference import Reference, reference
from graph.resolve.events import load_rules


def refer(sentence: str, trigger: str, bare: bool = False) -> Reference:
    begin = sentence.index(trigger)
    ev = EventMention(trigger=Span(begin, begin + len(trigger)), sentence=Span(0, len(sentence)),
                      event_class="Negotiation", plover="CONSULT")
    rules = load_rules()
    return reference(sentence, ev, load_lexicon(), rules.definite, rules.distinct, bare)


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    ("Envoys said the talks would resume in the spring.", "talks", Reference.ANAPHORIC),
    ("These negotiations have dragged on for a year.", "negotiations", Reference.ANAPHORIC),
    ("The Harbour Accord peace talks stalled.", "talks", Reference.ANAPHORIC),
    ("The two leaders agreed to hold another meeting in June.", "meeting", Reference.DISTINCT),
    ("Officials expect a similar conference later this year.", "conference", Reference.DISTINCT),
    ("The government held talks with the rebels.", "talks", Reference.NAMING),  # "the" is the government's
    ("Rebels and the army signed a ceasefire.", "ceasefire", Reference.NAMING),
    ("The rebels agreed to withdraw.", "agreed", Reference.NAMING),  # a verb names an event of its own
])
def test_how_a_mention_refers(sentence: str, trigger: str, expected: Reference) -> None:
    assert refer(sentence, trigger) is expected


def test_a_bare_noun_is_an_anaphor_a_bare_verb_is_not() -> None:
    assert refer("Negotiations resumed on Monday.", "Negotiations", bare=True) is Reference.ANAPHORIC
    assert refer("Twelve people were killed.", "killed", bare=True) is Reference.NAMING
