"""Sequence: "after" and "before" between two clauses, or between a clause and an event ("two days
after the talks collapsed, Chad attacked on Monday", "Chad attacked a week before the talks on Monday",
"hours after the attack, they agreed"). The two sides are at different times: the date of one is not
the other's (timing does not carry a date across the word); with a distance, the dated side dates the
other. Interface: ``find_sequences(sentence, cues)`` and ``Sequence.shifted(interval)``; the words are
data (graph/data/time.toml, [sequence])."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from graph.extract.events.parse import _children, _lemma
from graph.timex import SequenceCues, TimeVocabulary


@dataclass(frozen=True)
class Sequence:
    word: Token  # "after", "before"
    earlier: bool  # the side the word introduces was before the other ("after the talks": the talks were)
    sub: Token  # that side: the verb of its clause, or the event noun after the preposition
    main: Token  # the other side: the verb the clause or the preposition hangs on
    days: int | None  # the distance in days (0: under a day), None when the text gives none
    first: Token  # the distance's first word ("Two days after")

    def shifted(self, interval: tuple[dt.date, dt.date], from_main: bool) -> tuple[dt.date, dt.date] | None:
        """The other side's interval, from the dated side's (``from_main``: the main clause is dated)."""
        if self.days is None:
            return None
        # the subordinate side is earlier than the main by the distance, or later
        sign = -1 if self.earlier == from_main else 1
        begin, end = interval
        if self.days == 0:  # hours, minutes, "shortly": the same day or the one next to it
            return (begin - dt.timedelta(days=1), end) if sign < 0 else (begin, end + dt.timedelta(days=1))
        step = dt.timedelta(days=sign * self.days)
        return begin + step, end + step


def find_sequences(sentence: SpacySpan, vocab: TimeVocabulary) -> list[Sequence]:
    cues = vocab.sequence
    out = []
    for word in sentence:
        direction = cues.words.get(word.lower_)
        if direction is None or word.head.i == word.i and word.dep_ != "mark":
            continue
        earlier = direction == "before"
        if word.dep_ == "mark":  # "after the talks collapsed": the clause's verb
            sub = word.head
            main = sub.head if sub.dep_ == "advcl" else next(
                (c for c in _children(sub) if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")), None)
            carriers = (sub, word)
        elif word.dep_ == "prep":  # "hours after the attack": the noun after the preposition
            sub = next((c for c in _children(word) if c.dep_ == "pobj"), None)
            if sub is None and word.lower_ in ("ahead", "prior"):  # "ahead of", "prior to"
                inner = next((c for c in _children(word) if c.dep_ == "prep"), None)
                sub = next((c for c in _children(inner) if c.dep_ == "pobj"), None) if inner is not None else None
            main = word.head
            carriers = (word,)
        else:
            continue
        if sub is None or main is None or main.i == sub.i:
            continue
        days, first = _distance(carriers, cues, vocab.numbers)
        out.append(Sequence(word=word, earlier=earlier, sub=sub, main=main, days=days, first=first or word))
    return out


def _distance(carriers: tuple[Token, ...], cues: SequenceCues,
              numbers: dict[str, int]) -> tuple[int | None, Token | None]:
    """The distance said before "after"/"before": "two days", "a week", "24 hours", "shortly"."""
    for carrier in carriers:
        for c in _children(carrier):
            if c.i > carrier.i and carrier.dep_ != "mark":
                continue  # (only what comes before the preposition: "after two days of talks" is no distance)
            lower = c.lower_
            if c.dep_ == "advmod" and lower in cues.brief:
                return 0, c
            if c.dep_ != "npadvmod" or lower not in cues.units:
                continue
            count = count_of(c, numbers)
            if count is None:
                if lower in cues.brief:  # "hours after", "minutes before"
                    return 0, c
                continue
            first = min([c, *(t for t in c.subtree)], key=lambda t: t.i)
            per_day = cues.units[lower]
            days = count * per_day if per_day else count // 24 if _lemma(c) == "hour" else 0
            return days, first
    return None, None


def count_of(unit: Token, numbers: dict[str, int]) -> int | None:
    """The number a unit is counted by: "two days", "24 hours", "Twenty-four hours", "a week"."""
    for c in _children(unit):
        if c.dep_ == "det" and c.lower_ in ("a", "an"):
            return 1
        if c.dep_ == "nummod":
            words = [t for t in c.subtree if not t.is_punct]
            text = " ".join(t.lower_ for t in words)
            if re.fullmatch(r"\d+", text):
                return int(text)
            parts = [numbers.get(part) for part in re.split(r"[\s-]+", text) if part]
            if parts and all(p is not None for p in parts):
                return sum(parts)
    return None


def duration_days(event: Token, verb: Token | None, cues: SequenceCues, numbers: dict[str, int]) -> int | None:
    """How many days an event lasted, as the text says: "the 10-day talks", "a three-day summit" (on the
    event's word), "held over four days" (on its verb). Weeks count seven days; months and years are left."""
    found = [(c, c) for c in _children(event) if c.dep_ in ("compound", "amod", "nmod")]
    if verb is not None:
        for prep in _children(verb):
            if prep.dep_ == "prep" and prep.lower_ in cues.over:
                found += [(c, c) for c in _children(prep) if c.dep_ == "pobj"]
    for unit, _ in found:
        per_day = cues.units.get(unit.lower_)
        if per_day not in (1, 7):
            continue
        count = count_of(unit, numbers)
        if count is not None and 0 < count * per_day <= 366:
            return count * per_day
    return None
