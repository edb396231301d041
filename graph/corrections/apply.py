"""Applying corrections to a resolved corpus: deterministically, in four phases, each on the corpus as
the one before left it.

1. different-actors / different-events split a node (the mentions a later selector picks become a new
   node; what only those documents say follows them);
2. same-actor / same-event merge nodes into the first one named;
3. not-actor / not-event / not-claim remove a node and every reference to it;
4. actor / event / claim corrections change a node's kind, name, identifier, status, time, roles,
   places, or a claim's source and intermediaries.

Within a phase, corrections apply in the order of the files. A correction applies whole or not at
all: when a selector matches no node or several, it is *stale* and reported; when two corrections
contradict each other (same and different, removed and edited, two values for one fact, a role both
added and removed), both are refused and reported, each naming the other. The machine's corpus is
never changed in place: nodes are copied before they change, so a build's records stay as resolved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph.build import actor_iri, assertion_iri, claim_iri, event_iri
from graph.corrections.records import (
    EDITS,
    MERGES,
    REMOVALS,
    SPLITS,
    Applied,
    Correction,
    Fact,
    Problem,
    Report,
    Selector,
)
from graph.corrections.select import Finder, Texts, describe_node, fold, participants
from graph.model import PLACE, ActorNode, AssertionNode, ClaimNode, EventNode, ResolvedCorpus
from graph.namespaces import PARLEY, PLOVER, SEM, WD, digest

DATA = Path(__file__).resolve().parent.parent / "data"


class Refused(Exception):
    """A correction that cannot apply (stale): the message says why."""


@functools.lru_cache(maxsize=1)
def event_kinds() -> dict[str, str]:
    """Event class → its PLOVER category, as the event lexicon (graph/data/events.toml) first pairs them."""
    with open(DATA / "events.toml", "rb") as handle:
        lexicon = tomllib.load(handle)
    kinds: dict[str, str] = {}
    for trigger in lexicon.get("trigger", []):
        kinds.setdefault(trigger["class"], trigger["plover"])
    return kinds


class Overlay(Mapping[str, EventNode]):
    """The events of a corpus with some replaced, removed or added, the machine's mapping untouched
    (a streamed build's events live in a file: they are read back one at a time, not copied)."""

    def __init__(self, base: Mapping[str, EventNode]):
        self.base = base
        self.changed: dict[str, EventNode] = {}
        self.removed: set[str] = set()

    def __getitem__(self, key: str) -> EventNode:
        if key in self.removed:
            raise KeyError(key)
        if key in self.changed:
            return self.changed[key]
        return self.base[key]

    def __iter__(self) -> Iterator[str]:
        for key in self.base:
            if key not in self.removed:
                yield key
        yield from (key for key in self.changed if key not in self.base and key not in self.removed)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return key not in self.removed and (key in self.changed or key in self.base)

    def put(self, key: str, node: EventNode) -> None:
        self.removed.discard(key)
        self.changed[key] = node

    def drop(self, key: str) -> None:
        self.changed.pop(key, None)
        self.removed.add(key)


class State:
    """The corpus being corrected: copies of the machine's mappings, nodes copied before they change."""

    def __init__(self, corpus: ResolvedCorpus, texts: Texts):
        self.actors: dict[str, ActorNode] = dict(corpus.actors)
        self.events = Overlay(corpus.events)
        self.claims: dict[str, ClaimNode] = dict(corpus.claims)
        self.relations = dict(corpus.relations)
        self.base = corpus
        self.texts = texts
        self.moved: dict[str, str] = {}
        self.before_removals: ResolvedCorpus | None = None  # (to tell an edit of a removed node from a stale one)

    def snapshot(self) -> ResolvedCorpus:
        events = Overlay(self.events.base)
        events.changed, events.removed = dict(self.events.changed), set(self.events.removed)
        return dataclasses.replace(self.base, actors=dict(self.actors), events=events, claims=dict(self.claims),
                                   relations=dict(self.relations))

    def corpus(self) -> ResolvedCorpus:
        return dataclasses.replace(self.base, actors=self.actors, events=self.events, claims=self.claims,
                                   relations=self.relations)

    def finder(self) -> Finder:
        return Finder(self.corpus(), self.texts)


# ------------------------------------------------------------------ the stage


def apply_corrections(corpus: ResolvedCorpus, corrections: Sequence[Correction]) -> ResolvedCorpus:
    """The corpus with the corrections applied; ``.corrections`` holds what each did and what was refused.
    Refused corrections are left out and the rest applied again, until none contradicts another."""
    texts = Texts(corpus)
    refused: dict[str, Problem] = {}
    for _ in range(len(corrections) + 1):
        state, report = State(corpus, texts), Report()
        new = _run(state, [c for c in corrections if c.name not in refused], report)
        if not new:
            break
        for problem in new:
            refused.setdefault(problem.correction.name, problem)
    report.problems = sorted([*report.problems, *refused.values()], key=lambda p: _order(corrections, p.correction))
    report.moved = dict(sorted(state.moved.items()))
    result = state.corpus()
    result.corrections = report
    return result


def _order(corrections: Sequence[Correction], correction: Correction) -> int:
    return next(i for i, c in enumerate(corrections) if c.name == correction.name)


def _run(state: State, corrections: Sequence[Correction], report: Report) -> list[Problem]:
    """Apply, phase by phase; returns the conflicts found (their corrections must be left out)."""
    ledger = Ledger()
    conflicts: list[Problem] = []
    for phase in (SPLITS, MERGES, REMOVALS, EDITS):
        if phase is REMOVALS:
            state.before_removals = state.snapshot()
        for correction in (c for c in corrections if c.change in phase):
            applied = Applied(correction)
            try:
                plan = _PLANNERS[correction.change](state, correction, applied)
            except Refused as why:
                report.problems.append(Problem(correction, "stale", str(why)))
                continue
            except Removed as gone:
                other = ledger.removed.get(gone.key)
                if other is None:  # (never: a node is gone before the edits only by a removal)
                    report.problems.append(Problem(correction, "stale", f"names {gone.key}, which is gone"))
                    continue
                message = f"one removes {gone.key}, the other changes it"
                conflicts += [Problem(correction, "conflict", message, other),
                              Problem(other, "conflict", message, correction)]
                continue
            clash = ledger.check(correction, plan)
            if clash is not None:
                other, message = clash
                conflicts += [Problem(correction, "conflict", message, other), Problem(other, "conflict", message,
                                                                                        correction)]
                continue
            plan()
            report.applied.append(applied)
    return conflicts


class Plan:
    """What a correction will do, said before it is done (for the ledger of conflicts), and doing it."""

    def __init__(self, do, *, touches: set[str] = frozenset(), apart: list[set[str]] = (),
                 joins: set[str] = frozenset(), removes: set[str] = frozenset(),
                 sets: dict[tuple, object] | None = None):
        self.do = do
        self.touches, self.apart, self.joins, self.removes = set(touches), list(apart), set(joins), set(removes)
        self.sets = sets or {}

    def __call__(self) -> None:
        self.do()


class Ledger:
    """What the corrections applied so far have said, to find the next one that contradicts them."""

    def __init__(self):
        self.apart: list[tuple[set[str], Correction]] = []
        self.touched: dict[str, Correction] = {}
        self.removed: dict[str, Correction] = {}
        self.sets: dict[tuple, tuple[object, Correction]] = {}

    def check(self, correction: Correction, plan: Plan) -> tuple[Correction, str] | None:
        for keys, other in self.apart:
            if len(keys & plan.joins) > 1:
                both = " and ".join(sorted(keys & plan.joins))
                return other, f"one says {both} are the same, the other that they differ"
        for key in sorted(plan.removes):
            if key in self.touched:
                return self.touched[key], f"one removes {key}, the other changes it"
        for key in sorted(plan.touches):
            if key in self.removed:
                return self.removed[key], f"one removes {key}, the other changes it"
        for fact, value in plan.sets.items():
            if fact in self.sets and self.sets[fact][0] != value:
                return self.sets[fact][1], f"they set {_fact_words(fact)} to {_value_words(value)} and " \
                                           f"{_value_words(self.sets[fact][0])}"
        for keys in plan.apart:
            self.apart.append((keys, correction))
        for key in plan.touches | plan.joins:
            self.touched.setdefault(key, correction)
        for key in plan.removes:
            self.removed.setdefault(key, correction)
        for fact, value in plan.sets.items():
            self.sets.setdefault(fact, (value, correction))
        return None


def _fact_words(fact: tuple) -> str:
    return " ".join(str(part) for part in fact)


def _value_words(value: object) -> str:
    return {True: "present", False: "absent"}.get(value, repr(value)) if isinstance(value, bool) else repr(value)


# ------------------------------------------------------------------ finding targets


class Removed(Exception):
    """A correction whose target (or value) another correction removed: the two contradict each other."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _one(state: State, kind: str, selector: Selector, what: str) -> str:
    keys = state.finder().find(kind, selector)
    if not keys and state.before_removals is not None:
        earlier = Finder(state.before_removals, state.texts).find(kind, selector)
        if len(earlier) == 1:
            raise Removed(earlier[0])
    if not keys:
        raise Refused(f"matches no {kind} ({what} {selector.describe()})")
    if len(keys) > 1:
        names = ", ".join(describe_node(state.corpus(), kind, k) for k in keys[:4])
        more = f" and {len(keys) - 4} more" if len(keys) > 4 else ""
        raise Refused(f"matches {len(keys)} {kind}s ({what} {selector.describe()}: {names}{more}); "
                      "add a kind, a document or words to say which")
    return keys[0]


def _iri(state: State, kind: str, key: str) -> URIRef:
    if kind == "actor":
        return actor_iri(state.actors[key])
    return event_iri(key) if kind == "event" else claim_iri(key)


# ------------------------------------------------------------------ phase 1: splits


def _plan_split(state: State, correction: Correction, applied: Applied) -> Plan:
    kind = correction.target_kind
    found = [_one(state, kind, s, f"target {i + 1}") for i, s in enumerate(correction.targets)]
    if len(set(found)) == len(found):
        def already() -> None:
            applied.already = True
        return Plan(already, apart=[set(found)])
    nodes = state.actors if kind == "actor" else state.events
    parts: list[tuple[str, str, list]] = []  # (old key, new key, mentions moved)
    seen: set[str] = set()
    for index, (key, selector) in enumerate(zip(found, correction.targets, strict=True)):
        if key not in seen:
            seen.add(key)
            continue
        if selector.document is None and not selector.words:
            raise Refused(f"target {index + 1} names the whole {kind} {key}; give a document or words to say "
                          "which of its mentions are the other one")
        moved = state.finder().mentions_matching(nodes[key].mentions, selector)
        if len(moved) == len(nodes[key].mentions):
            raise Refused(f"target {index + 1} picks every mention of {kind} {key}: nothing is left apart")
        parts.append((key, f"{key}~{digest(correction.name + str(index), 6)}", moved))
    new_keys = {new for _, new, _ in parts}

    def do() -> None:
        for old, new, moved in parts:
            (_split_actor if kind == "actor" else _split_event)(state, old, new, moved, applied)
    return Plan(do, apart=[set(found) | new_keys], touches=set(found))


def _split_actor(state: State, old: str, new: str, moved: list, applied: Applied) -> None:
    node = state.actors[old]
    moved_set = set(moved)
    kept = [m for m in node.mentions if m not in moved_set]
    texts = {m.text for m in moved}
    part = dataclasses.replace(node, key=new, mentions=list(moved), wikidata=None,
                               alt_labels={t for t in texts if t != node.label})
    state.actors[old] = dataclasses.replace(node, mentions=kept)
    state.actors[new] = part
    applied.changed += [actor_iri(node), actor_iri(part)]
    applied.added += [Fact(actor_iri(part), RDF.type, PARLEY[part.kind if part.kind != PLACE else "Place"]),
                      Fact(actor_iri(part), RDFS.label, Literal(part.label))]
    only = {m.doc_id for m in moved} - {m.doc_id for m in kept}
    _retarget_actor(state, old, actor_iri(node), new, applied, only)


def _split_event(state: State, old: str, new: str, moved: list, applied: Applied) -> None:
    node = state.events[old]
    moved_set = set(moved)
    kept = [m for m in node.mentions if m not in moved_set]
    part = dataclasses.replace(node, key=new, mentions=list(moved), roles={r: set(k) for r, k in node.roles.items()},
                               places=set(node.places), links=set())
    state.events.put(old, dataclasses.replace(node, mentions=kept))
    state.events.put(new, part)
    applied.changed += [event_iri(old), event_iri(new)]
    applied.added += [Fact(event_iri(new), RDF.type, PARLEY[part.event_class]),
                      Fact(event_iri(new), RDFS.label, Literal(part.label))]
    only = {m.doc_id for m in moved} - {m.doc_id for m in kept}
    _retarget_event(state, old, new, applied, only)


# ------------------------------------------------------------------ phase 2: merges


def _plan_merge(state: State, correction: Correction, applied: Applied) -> Plan:
    kind = correction.target_kind
    found = [_one(state, kind, s, f"target {i + 1}") for i, s in enumerate(correction.targets)]
    keep, others = found[0], sorted(set(found) - {found[0]})
    if not others:
        raise Refused(f"every target is the same {kind} {keep} already")

    def do() -> None:
        for other in others:
            (_merge_actor if kind == "actor" else _merge_event)(state, keep, other, applied)
    return Plan(do, joins=set(found))


def _merge_actor(state: State, keep: str, other: str, applied: Applied) -> None:
    a, b = state.actors[keep], state.actors.pop(other)
    labels = (set(a.alt_labels) | set(b.alt_labels) | {b.label}) - {a.label}
    state.actors[keep] = dataclasses.replace(a, alt_labels=labels, mentions=[*a.mentions, *b.mentions],
                                             wikidata=a.wikidata or b.wikidata, venue=a.venue or b.venue,
                                             affiliation=a.affiliation or b.affiliation)
    applied.changed.append(actor_iri(a))
    applied.gone.append(actor_iri(b))
    applied.removed.append(Fact(actor_iri(b), RDFS.label, Literal(b.label)))
    state.moved[other] = keep
    _retarget_actor(state, other, actor_iri(b), keep, applied)


def _merge_event(state: State, keep: str, other: str, applied: Applied) -> None:
    a, b = state.events[keep], state.events[other]
    state.events.drop(other)
    roles = {r: set(k) for r, k in a.roles.items()}
    for role, keys in b.roles.items():
        roles.setdefault(role, set()).update(keys)
    state.events.put(keep, dataclasses.replace(
        a, roles=roles, places=set(a.places) | set(b.places), mentions=[*a.mentions, *b.mentions],
        links={(r, k) for r, k in set(a.links) | set(b.links) if k not in (keep, other)},
        begin=a.begin or b.begin, end=a.end or b.end))
    applied.changed.append(event_iri(keep))
    applied.gone.append(event_iri(other))
    applied.removed.append(Fact(event_iri(other), RDFS.label, Literal(b.label)))
    state.moved[other] = keep
    _retarget_event(state, other, keep, applied)


# ------------------------------------------------------------------ phase 3: removals


def _plan_removal(state: State, correction: Correction, applied: Applied) -> Plan:
    kind = correction.target_kind
    key = _one(state, kind, correction.targets[0], "target")

    def do() -> None:
        iri = _iri(state, kind, key)
        applied.gone.append(iri)
        if kind == "actor":
            node = state.actors.pop(key)
            applied.removed += [Fact(iri, RDF.type, PARLEY[node.kind]), Fact(iri, RDFS.label, Literal(node.label))]
            _retarget_actor(state, key, iri, None, applied)
        elif kind == "event":
            event = state.events[key]
            state.events.drop(key)
            applied.removed += [Fact(iri, RDF.type, PARLEY[event.event_class]),
                                Fact(iri, RDFS.label, Literal(event.label))]
            _retarget_event(state, key, None, applied)
        else:
            claim = state.claims.pop(key)
            applied.removed += [Fact(iri, RDF.type, PARLEY.Claim), Fact(iri, PARLEY.statement,
                                                                        Literal(claim.statement))]
    return Plan(do, removes={key})


# ------------------------------------------------------------------ references to a node that changed


def _in(docs: set[str] | None, mentions) -> bool:
    """Whether a node grounded in ``mentions`` lies wholly in ``docs`` (None: anywhere)."""
    return docs is None or {m.doc_id for m in mentions} <= docs


def _retarget_actor(state: State, old: str, old_ref: URIRef, new: str | None, applied: Applied,
                    docs: set[str] | None = None) -> None:
    """Every reference to actor ``old`` (IRI ``old_ref``; within ``docs``, when given) now names ``new``
    (None: nothing)."""
    new_ref = actor_iri(state.actors[new]) if new is not None else None

    def swap(subject, predicate) -> None:
        applied.removed.append(Fact(subject, predicate, old_ref))
        if new_ref is not None:
            applied.added.append(Fact(subject, predicate, new_ref))
        applied.changed.append(subject)

    for key in list(state.events):
        event = state.events[key]
        if old not in participants(event) or not _in(docs, event.mentions):
            continue
        roles = {}
        for role, keys in event.roles.items():
            roles[role] = {new if k == old else k for k in keys} - {None}
            if old in keys:
                swap(event_iri(key), PARLEY[role] if role != "actor" else SEM.hasActor)
        places = {new if k == old else k for k in event.places} - {None}
        if old in event.places:
            swap(event_iri(key), SEM.hasPlace)
        state.events.put(key, dataclasses.replace(event, roles=roles, places=places))
    for key, claim in list(state.claims.items()):
        assertions = list(claim.assertions)
        changed = []
        for a in assertions:
            if (a.source == old or old in a.via) and (docs is None or a.doc_id in docs):
                if a.source == old:
                    swap(assertion_iri(a.key), PARLEY.source)
                if old in a.via:
                    swap(assertion_iri(a.key), PARLEY.via)
                a = dataclasses.replace(a, source=new if a.source == old else a.source,
                                        via=[v for v in (new if v == old else v for v in a.via) if v is not None])
            changed.append(a)
        about = claim.about
        if old in about and (docs is None or {a.doc_id for a in assertions} <= docs):
            swap(claim_iri(key), PARLEY.about)
            about = {new if k == old else k for k in about} - {None}
        if changed != assertions or about is not claim.about:
            state.claims[key] = dataclasses.replace(claim, assertions=changed, about=about)
    for key, relation in list(state.relations.items()):
        if old in (relation.subject, relation.object) and _in(docs, relation.evidence):
            if new is None:
                del state.relations[key]
            else:
                state.relations[key] = dataclasses.replace(
                    relation, subject=new if relation.subject == old else relation.subject,
                    object=new if relation.object == old else relation.object)
    for key, actor in list(state.actors.items()):
        if actor.affiliation == old and _in(docs, actor.mentions):
            state.actors[key] = dataclasses.replace(actor, affiliation=new)
            swap(actor_iri(actor), PARLEY.affiliation)


def _retarget_event(state: State, old: str, new: str | None, applied: Applied, docs: set[str] | None = None) -> None:
    """Every reference to event ``old`` (claims about it, other events' links) now names ``new`` (None: nothing)."""
    for key, claim in list(state.claims.items()):
        if old in claim.about and (docs is None or {a.doc_id for a in claim.assertions} <= docs):
            state.claims[key] = dataclasses.replace(claim, about={new if k == old else k for k in claim.about} - {None})
            applied.removed.append(Fact(claim_iri(key), PARLEY.about, event_iri(old)))
            if new is not None:
                applied.added.append(Fact(claim_iri(key), PARLEY.about, event_iri(new)))
            applied.changed.append(claim_iri(key))
    for key in list(state.events):
        event = state.events[key]
        if key != new and any(other == old for _, other in event.links) and _in(docs, event.mentions):
            links = {(r, new if k == old else k) for r, k in event.links if new is not None or k != old}
            state.events.put(key, dataclasses.replace(event, links=links))
            applied.changed.append(event_iri(key))


# ------------------------------------------------------------------ phase 4: edits


def _plan_actor_edit(state: State, correction: Correction, applied: Applied) -> Plan:
    key = _one(state, "actor", correction.targets[0], "target")
    node = state.actors[key]
    sets = {(key, name): value for name, value in correction.fields}

    def do() -> None:
        old_iri = actor_iri(node)
        changes = dict(correction.fields)
        new = dataclasses.replace(node, kind=changes.get("kind", node.kind),
                                  label=changes.get("label", node.label),
                                  wikidata=(changes["wikidata"] or None) if "wikidata" in changes else node.wikidata)
        if new.label != node.label:
            new.alt_labels = (set(node.alt_labels) | {node.label}) - {new.label}
        state.actors[key] = new
        new_iri = actor_iri(new)
        if new.kind != node.kind:
            applied.removed.append(Fact(old_iri, RDF.type, PARLEY[node.kind]))
            applied.added.append(Fact(new_iri, RDF.type, PARLEY[new.kind]))
        if new.label != node.label:
            applied.removed.append(Fact(old_iri, RDFS.label, Literal(node.label)))
            applied.added.append(Fact(new_iri, RDFS.label, Literal(new.label)))
        if new.wikidata != node.wikidata:
            if node.wikidata:
                applied.removed.append(Fact(old_iri, OWL.sameAs, WD[node.wikidata]))
            if new.wikidata:
                applied.added.append(Fact(new_iri, OWL.sameAs, WD[new.wikidata]))
        applied.changed.append(new_iri)
    return Plan(do, touches={key}, sets=sets)


def _plan_event_edit(state: State, correction: Correction, applied: Applied) -> Plan:
    key = _one(state, "event", correction.targets[0], "target")
    node = state.events[key]
    changes = dict(correction.fields)
    event_class = changes.get("kind", node.event_class)
    if "kind" in changes:
        known = {fold(k): k for k in event_kinds()}
        if fold(event_class) not in known:
            raise Refused(f"names an event kind {event_class!r} the event lexicon does not know "
                          f"(known: {', '.join(sorted(event_kinds()))})")
        event_class = known[fold(event_class)]
    plover = changes.get("plover") or (event_kinds()[event_class] if "kind" in changes else node.plover)
    adds = [(role, _one(state, "actor", s, f"{role}")) for role, s in correction.add]
    removes = [(role, _one(state, "actor", s, f"{role}")) for role, s in correction.remove]
    for role, actor in removes:
        present = actor in (node.places if role == "place" else node.roles.get(role, set()))
        if not present:
            raise Refused(f"removes {actor} as {role} of event {key}, which the graph does not say")
    begin, end = changes.get("begin", node.begin), changes.get("end", node.end)
    if begin and end and begin > end:
        raise Refused(f"would make event {key} begin ({begin}) after it ends ({end})")
    sets: dict[tuple, object] = {(key, name): value for name, value in correction.fields}
    sets |= {(key, role, actor): True for role, actor in adds}
    sets |= {(key, role, actor): False for role, actor in removes}

    def do() -> None:
        iri = event_iri(key)
        roles = {r: set(k) for r, k in node.roles.items()}
        places = set(node.places)
        for role, actor in removes:
            (places if role == "place" else roles[role]).discard(actor)
            applied.removed.append(Fact(iri, _role_property(role), actor_iri(state.actors[actor])))
        for role, actor in adds:
            (places if role == "place" else roles.setdefault(role, set())).add(actor)
            applied.added.append(Fact(iri, _role_property(role), actor_iri(state.actors[actor])))
        roles = {r: k for r, k in roles.items() if k}
        new = dataclasses.replace(node, event_class=event_class, plover=plover, roles=roles, places=places,
                                  status=changes.get("status", node.status), begin=begin, end=end,
                                  cameo=node.cameo if plover == node.plover else None)
        for prop, before, after in ((RDF.type, PARLEY[node.event_class], PARLEY[new.event_class]),
                                    (SEM.eventType, PLOVER[node.plover], PLOVER[new.plover]),
                                    (PARLEY.status, PARLEY[node.status], PARLEY[new.status]),
                                    (SEM.hasBeginTimeStamp, _date(node.begin), _date(new.begin)),
                                    (SEM.hasEndTimeStamp, _date(node.end), _date(new.end))):
            if before != after:
                if before is not None:
                    applied.removed.append(Fact(iri, prop, before))
                if after is not None:
                    applied.added.append(Fact(iri, prop, after))
        state.events.put(key, new)
        applied.changed.append(iri)
    touched = {key} | {a for _, a in adds} | {a for _, a in removes}
    return Plan(do, touches=touched, sets=sets)


def _role_property(role: str) -> URIRef:
    return SEM.hasPlace if role == "place" else PARLEY[role]


def _date(value: dt.date | None) -> Literal | None:
    return Literal(value.isoformat(), datatype=XSD.date) if value else None


def _plan_claim_edit(state: State, correction: Correction, applied: Applied) -> Plan:
    selector = correction.targets[0]
    key = _one(state, "claim", selector, "target")
    claim = state.claims[key]
    finder = state.finder()
    indexes = finder.assertions_matching(claim, selector)
    changes = dict(correction.fields)
    source = changes.get("source", ...)
    source_key = _one(state, "actor", source, "source") if isinstance(source, Selector) else source
    via = changes.get("via")
    via_keys = [_one(state, "actor", v, "via") for v in via] if via is not None else None
    assertions = list(claim.assertions)
    sets: dict[tuple, object] = {}
    for index in indexes:
        if source is not ...:
            sets[(assertions[index].key, "source")] = source_key
        if via_keys is not None:
            sets[(assertions[index].key, "via")] = tuple(via_keys)

    def do() -> None:
        out: list[AssertionNode] = []
        for index, a in enumerate(assertions):
            if index in indexes:
                iri = assertion_iri(a.key)
                new = a
                if source is not ... and source_key != a.source:
                    if a.source and a.source in state.actors:
                        applied.removed.append(Fact(iri, PARLEY.source, actor_iri(state.actors[a.source])))
                    if source_key:
                        applied.added.append(Fact(iri, PARLEY.source, actor_iri(state.actors[source_key])))
                    new = dataclasses.replace(new, source=source_key)
                if via_keys is not None and via_keys != list(a.via):
                    applied.removed += [Fact(iri, PARLEY.via, actor_iri(state.actors[v])) for v in a.via
                                        if v in state.actors]
                    applied.added += [Fact(iri, PARLEY.via, actor_iri(state.actors[v])) for v in via_keys]
                    new = dataclasses.replace(new, via=list(via_keys))
                applied.changed.append(iri)
                a = new
            out.append(a)
        state.claims[key] = dataclasses.replace(claim, assertions=out)
        applied.changed.append(claim_iri(key))
    touched = {key} | ({source_key} if isinstance(source_key, str) else set()) | set(via_keys or ())
    return Plan(do, touches=touched, sets=sets)


_PLANNERS = {
    **{change: _plan_split for change in SPLITS},
    **{change: _plan_merge for change in MERGES},
    **{change: _plan_removal for change in REMOVALS},
    "actor": _plan_actor_edit,
    "event": _plan_event_edit,
    "claim": _plan_claim_edit,
}
assert set(_PLANNERS) == {*SPLITS, *MERGES, *REMOVALS, *EDITS}
