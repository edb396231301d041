"""The rules of claim resolution, from graph/data/attribution.toml: how alike two reports must be to be
one claim, how they are blocked, the synonym groups, and what facts and figures are compared."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "data"


@dataclass(frozen=True, eq=False)  # (compared and hashed as the one object load_rules makes: a cache key)
class MergeRules:
    threshold: float
    blocking_keys: int
    blocking_max_postings: int
    weights: dict[str, float]
    synonyms: dict[str, str]
    ignore: frozenset[str]
    force_nouns: frozenset[str]
    force_window: int
    unit_synonyms: dict[str, str]
    tolerance: float
    bound_words: tuple[str, ...]
    period_pattern: str
    related_threshold: float


@functools.cache
def load_rules(path: Path = DATA / "attribution.toml") -> MergeRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    merge, facts, figures = data["merge"], data["facts"], data["figures"]
    synonyms = {word.lower(): group[0].lower() for group in merge["synonyms"] for word in group}
    units = {word.lower(): group[0].lower() for group in figures["unit_synonyms"] for word in group}
    return MergeRules(
        threshold=float(merge["threshold"]),
        blocking_keys=int(merge["blocking_keys"]),
        blocking_max_postings=int(merge["blocking_max_postings"]), weights=dict(merge["weights"]),
        synonyms=synonyms, ignore=frozenset(w.lower() for w in merge["ignore_lemmas"]),
        force_nouns=frozenset(w.lower() for w in facts["force_nouns"]), force_window=int(facts["force_place_window"]),
        unit_synonyms=units, tolerance=float(figures["tolerance"]),
        bound_words=tuple(sorted((w.lower() for w in figures["bound_words"]), key=len, reverse=True)),
        period_pattern=figures["period_pattern"], related_threshold=float(figures["related_threshold"]),
    )
