"""Which written names of people are one person: transliteration variants, surnames, given names.

"Volodymyr Zelensky", "Volodomyr Zelensky" and "Vladimir Zelensky" share a surname (folded for
transliteration) and given names with the same initial: one person. A lone "Zelensky" (or a lone
surname the NER typed as an organisation or a place) joins the one person with that surname; a lone
"Anwar" joins the one full name that begins with it when no one has it as a surname. When the
gazetteer knows the person ("Vladimir Zelensky" → the gazetteer's Volodymyr Zelensky), the group is
the gazetteer's node. Every link is made only when it is unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from graph.gazetteer import Gazetteer, fold

PersonKey = tuple[str, ...]


def _plain(word: str) -> str:
    """A word without accents, so that "José" and "Jose" meet."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def surname_key(token: str) -> str:
    """Fold transliteration variants of a name word: Zelenskyy, Zelenskyi, Zelenskiy → zelensky."""
    word = _plain(fold(token)).replace(" ", "")
    word = re.sub(r"(yy|yi|iy|ij|ii|yj)$", "y", word)
    word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters vary too (Medvedev/Medvedyev aside)
    return word


def person_key(name: str) -> PersonKey:
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w]
    return tuple(surname_key(w) for w in words)


def compatible(a: PersonKey, b: PersonKey) -> bool:
    """Two full names of one person: the same surname, and given names with the same initials
    (Sergey/Sergei, Volodymyr/Vladimir; "Anutin Charnvirakul" and "Anutin C." alike)."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    return all(x[:1] == y[:1] for x, y in zip(a[:-1], b[:-1], strict=False))


class PersonIndex:
    """The full names of people (gazetteer and text), to name the one person a variant stands for."""

    def __init__(self, full_names: Iterable[PersonKey], gazetteer: Gazetteer | None = None):
        self.gazetteer_people: dict[str, list[tuple[PersonKey, str]]] = defaultdict(list)
        if gazetteer is not None:
            for entry in sorted(gazetteer.entries.values(), key=lambda e: e.key):
                if entry.kind == "Person":
                    for name in entry.names:
                        pk = person_key(name)
                        if len(pk) >= 2:
                            self.gazetteer_people[pk[-1]].append((pk, entry.key))
        # Full names of the text, clustered: compatible names with one surname are one cluster,
        # whose representative is its longest (then alphabetically first) name.
        by_surname: dict[str, list[PersonKey]] = defaultdict(list)
        for pk in sorted(set(full_names)):
            by_surname[pk[-1]].append(pk)
        self.representative: dict[PersonKey, PersonKey] = {}
        self.clusters: dict[str, list[PersonKey]] = {}
        for surname, names in by_surname.items():
            reps: list[PersonKey] = []
            for pk in sorted(names, key=lambda k: (-len(k), k)):
                rep = next((r for r in reps if compatible(r, pk)), None)
                if rep is None:
                    reps.append(pk)
                    rep = pk
                self.representative[pk] = rep
            self.clusters[surname] = reps
        self.first_names: dict[str, set[PersonKey]] = defaultdict(set)
        for reps in self.clusters.values():
            for rep in reps:
                self.first_names[rep[0]].add(rep)

    def gazetteer_key(self, pk: PersonKey) -> str | None:
        """The gazetteer person a full name written otherwise is, when exactly one fits."""
        keys = {key for known, key in self.gazetteer_people.get(pk[-1], ()) if compatible(known, pk)}
        return next(iter(keys)) if len(keys) == 1 else None

    def full_name(self, pk: PersonKey) -> PersonKey | None:
        """The one full name a name stands for: its cluster's, or for a lone word the one person with
        that surname, else the one person with that given name; None when none or several fit."""
        if len(pk) >= 2:
            return self.representative.get(pk, pk)
        word = pk[0]
        reps = self.clusters.get(word, [])
        if len(reps) == 1:
            return reps[0]
        if not reps and len(self.first_names.get(word, ())) == 1:
            return next(iter(self.first_names[word]))
        return None
