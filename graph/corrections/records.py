"""The records of the corrections stage: what an analyst asks (a Correction, naming its targets by
Selectors), and what applying it did (an Applied record per correction, and the Report of a build).

A correction names its targets by what a reader sees (a name, a kind, a document, words of the
sentence), not by IRI, so that it still finds them after the extractors or the resolution change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Kinds of correction, as written in a corrections file (``change = "..."``). Each kind's targets:
# "actors"/"events" (two or more), or one "actor"/"event"/"claim".
MERGES = {"same-actor": "actor", "same-event": "event"}
SPLITS = {"different-actors": "actor", "different-events": "event"}
REMOVALS = {"not-actor": "actor", "not-event": "event", "not-claim": "claim"}
EDITS = {"actor": "actor", "event": "event", "claim": "claim"}
CHANGES = (*SPLITS, *MERGES, *REMOVALS, *EDITS)  # (also the order in which they are applied)
# Roles an event correction may add or remove; "place" is sem:hasPlace.
EVENT_ROLES = ("party", "mediator", "host", "attacker", "target", "place")
STATUSES = ("asserted", "negated", "hypothetical", "planned")


@dataclass(frozen=True, slots=True)
class Selector:
    """Which node (actor, place, event or claim) a correction means. Every field given must hold.

    label: the node's name or one of its other names (a claim's statement), any case.
    kind: an actor's kind (State, Person, Place, …), an event's class (Negotiation) or PLOVER category (CONSULT).
    document: the id of a document the node is mentioned in.
    words: words that all occur, as whole words and in any order, in the sentence of one of its mentions
        in that document (in any document, without one).
    with_: for an event, names of actors that all take part in it.
    iri: the node's IRI (the least lasting way to name it; for what has no other).
    """

    label: str | None = None
    kind: str | None = None
    document: str | None = None
    words: tuple[str, ...] = ()
    with_: tuple[str, ...] = ()
    iri: str | None = None

    def describe(self) -> str:
        """The selector in the words of a corrections file, for messages."""
        parts = [f"{name}={value!r}" for name, value in (("label", self.label), ("kind", self.kind),
                                                          ("document", self.document), ("iri", self.iri)) if value]
        if self.words:
            parts.append(f"words={' '.join(self.words)!r}")
        if self.with_:
            parts.append(f"with={list(self.with_)!r}")
        return "{" + ", ".join(parts) + "}"


@dataclass(frozen=True, slots=True)
class Correction:
    """One analyst's correction, as read from a corrections file.

    ``targets``: the node(s) it is about (two or more for same-/different-, else one). ``fields``: the
    values it sets, by name (kind, wikidata, label, status, begin, end, plover, source, via), each a
    str, a date, a Selector or a tuple of Selectors; ``add``/``remove``: (role, Selector) pairs.
    ``source_none``: a claim's assertion is the document's own voice (no source).
    """

    name: str
    change: str  # one of CHANGES
    targets: tuple[Selector, ...]
    by: str
    date: dt.date
    note: str
    origin: str  # the file (and the correction's number in it), for messages
    fields: tuple[tuple[str, object], ...] = ()
    add: tuple[tuple[str, Selector], ...] = ()
    remove: tuple[tuple[str, Selector], ...] = ()

    @property
    def target_kind(self) -> str:
        return {**MERGES, **SPLITS, **REMOVALS, **EDITS}[self.change]

    def field(self, name: str, default: object = None) -> object:
        return next((value for key, value in self.fields if key == name), default)


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement a correction added to the graph, or took from it (the machine's original), as the
    RDF terms the graph builder writes (rdflib URIRefs and Literals)."""

    subject: object
    predicate: object
    object: object


@dataclass(slots=True)
class Applied:
    """What one correction did: the nodes it changed (their IRIs), the facts it added and removed, and the
    IRIs of nodes the machine made that it merged into others or removed."""

    correction: Correction
    changed: list[object] = field(default_factory=list)
    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    gone: list[object] = field(default_factory=list)
    already: bool = False  # it held already (two actors it says are different were apart)


@dataclass(frozen=True, slots=True)
class Problem:
    """A correction not applied: ``stale`` (a selector matches nothing or several nodes) or ``conflict``
    (it contradicts ``other``)."""

    correction: Correction
    kind: str  # "stale" | "conflict"
    message: str
    other: Correction | None = None

    def describe(self, origin: bool = True) -> str:
        """In words; ``origin``: with the file each correction was read from (not in the graph, which must
        not change with where the file lies)."""
        def name(c: Correction) -> str:
            return f"{c.name!r} ({c.origin})" if origin else repr(c.name)
        if self.kind == "conflict" and self.other is not None:
            return (f"correction {name(self.correction)} conflicts with {name(self.other)}: {self.message}; "
                    "neither is applied")
        return f"correction {name(self.correction)} {self.message}; not applied"


@dataclass(slots=True)
class Report:
    """The corrections stage's result, carried by the ResolvedCorpus to the graph builder and the CLI."""

    applied: list[Applied] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Keys the corrections merged into others (actor or event key → the key of the node it joined).
    moved: dict[str, str] = field(default_factory=dict)

    @property
    def stale(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "stale"]

    @property
    def conflicts(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "conflict"]

    def lines(self) -> list[str]:
        """One line per problem, for every build's messages."""
        return [p.describe() for p in self.problems]
