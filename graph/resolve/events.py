"""Cross-document event resolution: one EventNode per real-world event.

Mentions are first chained within their document (a bare "the talks" joins the most recent
compatible event; a mention with participants, time or cues joins the event it shares them
with; a definite one that shares too little with any, "the talks, facilitated by X", waits for the
match across documents: another report's event if it shares enough with one, else the most recent
compatible event of its document), then the per-document events are matched across documents. Two events can be one
only if they are *compatible*: same class group and status group, no conflicting roles
(different attackers, different mediators, disjoint sets of parties), overlapping times,
no opposed cues ("previous" vs "preliminary"). Among compatible ones, the *evidence* —
shared participants, overlapping time, shared distinctive cues, a shared link (both
disrupted by the same offensive) — must reach a threshold (data: [coreference] in
graph/data/events.toml).

Candidates are blocked by class and by participant, month or cue, so the cost grows with
the number of events that share a key, not with the square of the number of documents.
A cluster no block holds any more can no longer be matched: unless links tie it to others, its
node is made at once and stored (graph.resolve.records), so memory holds the clusters still open,
not every event of the corpus.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING

from graph.extract.events import load_lexicon
from graph.gazetteer import load_gazetteer
from graph.model import DocumentAnalysis, EventNode, MentionRef
from graph.namespaces import digest, slug
from graph.resolve.event_clusters import Cluster, CorefRules, _counts_by, _majority_of, _Tally, load_rules
from graph.resolve.event_labels import event_label
from graph.resolve.event_reference import Reference, reference
from graph.resolve.records import DocumentRecords, RecordStore, StoredList, StoredMapping, mention_store
from graph.resolve.relations import _end_key

if TYPE_CHECKING:
    from graph.resolve.actors import ActorResolution

from pathlib import Path

ASSERTIVE_ROLES = ("attacker", "mediator", "host")


@dataclass
class EventResolution:
    nodes: Mapping[str, EventNode]  # a StoredMapping: the nodes are read back from a store when asked
    # Per document: each event mention's cluster (by its index in DocumentAnalysis.events); then each
    # cluster's final cluster, and that one's node.
    links: DocumentRecords[list[int]] = field(default_factory=lambda: DocumentRecords(RecordStore()))
    root_of: array = field(default_factory=lambda: array("q"))
    key_of_root: dict[int, str] = field(default_factory=dict)

    def key_of(self, doc_id: str, event_index: int) -> str | None:
        """The key of the node an event mention (its index in DocumentAnalysis.events) resolved to."""
        clusters = self.links.get(doc_id, [])
        if not 0 <= event_index < len(clusters):
            return None
        return self.key_of_root.get(self.root_of[clusters[event_index]])


class _Coref:
    def __init__(self, rules: CorefRules, kinds: dict[str, str]):
        self.rules = rules
        self.kinds = kinds  # actor key -> kind, so that "Putin" and "Russia" as attackers do not conflict
        # Cluster ids number the event mentions. A cluster another absorbs goes (its sums live on in the
        # other), and parent[] leads from its id to the one that holds them: memory holds a summary per
        # event and 8 bytes per mention.
        self.clusters: dict[int, Cluster] = {}
        self.parent = array("q")
        # How many blocks of the cross-document index hold each cluster: one no block holds can no longer be
        # matched, and unless links tie it to others its node can be made at once (and the cluster go).
        self.findable: dict[int, int] = {}
        self.linked: set[int] = set()  # clusters a link points to (their times may date the linking ones)
        self.gazetteer = None  # (set by resolve_events: where places lie, to tell places apart)
        self.chains: dict[str, tuple[str, ...] | None] = {}

    def add(self, cluster: Cluster) -> int:
        cid = len(self.parent)
        self.parent.append(cid)
        self.clusters[cid] = cluster
        return cid

    def merge(self, into: int, cid: int) -> None:
        self.clusters[into].absorb(self.clusters.pop(cid))
        self.parent[cid] = into

    def find(self, cid: int) -> int:
        parent = self.parent
        while parent[cid] != cid:
            cid = parent[cid]
        return cid

    def links_of(self, c: Cluster) -> set[tuple[str, int]]:
        return {(rel, self.find(t)) for rel, t in c.links}

    def compatible(self, a: Cluster, b: Cluster, status: bool = True) -> bool:
        """``status``: whether the status groups must agree (not for an anaphor, whose status is its governor's:
        "should either side go back on the accord")."""
        # (Asked for every candidate pair: the cheap tests that fail most often come first, and a side
        # that cannot conflict, with no cues or no links, is not walked. The answer is the same in any order.)
        if status and a.status_group != b.status_group:
            return False
        if a.call != b.call:
            return False  # "the two ministers discussed the talks by phone": the call is not the talks
        if a.plural != b.plural:
            return False  # "secured agreements with both countries" are not the declaration the two signed
        if a.event_class != b.event_class:
            group = self.rules.class_group
            if group.get(a.event_class, a.event_class) != group.get(b.event_class, b.event_class):
                return False
            if a.places.isdisjoint(b.places):
                return False  # "the attack on the Kursk region" is the Kursk incursion; an attack elsewhere is not
        # Two sets of role fillers conflict when they share no actor. (A leader and his state are different
        # actors here: without an office relation, "Putin" and "Ukraine" look alike.)
        roles_a, roles_b = a.role_ids, b.role_ids
        for role in ASSERTIVE_ROLES:
            fillers_a = roles_a.get(role)
            if fillers_a and (fillers_b := roles_b.get(role)) and fillers_a.isdisjoint(fillers_b):
                return False
        pa = roles_a.get("party")
        if pa and len(pa) >= 2 and (pb := roles_b.get("party")) and len(pb) >= 2 and (
                pa.isdisjoint(pb) or (self.sides_only(pa - pb) and self.sides_only(pb - pa))):
            # (each naming a side the other does not: "talks between the government and A", "... and B";
            # not a leader beside his state, whom the document may not say he leads)
            return False
        if a.timed and b.timed:
            # (dates a day apart may be one event: "the meetings on Sunday and Monday", "the talks ended on Monday")
            ta, tb, slack = a.span(), b.span(), self.rules.time_slack
            if ta[1] < tb[0] - slack or tb[1] < ta[0] - slack:
                return False
        if a.cues and b.cues:
            for row in self.rules.oppositions:
                sides_a = {i for i, side in enumerate(row) if not a.cues.isdisjoint(side)}
                if not sides_a:
                    continue
                sides_b = {i for i, side in enumerate(row) if not b.cues.isdisjoint(side)}
                if sides_b and sides_a.isdisjoint(sides_b):
                    return False
        if not (a.links and b.links):
            return True
        da = {t for rel, t in self.links_of(a) if rel == "disruptedBy"}
        db = {t for rel, t in self.links_of(b) if rel == "disruptedBy"}
        return not (da and db and da.isdisjoint(db))

    def sides_only(self, keys: set[str]) -> bool:
        """Whether some of these actors are a side of their own: a state or a body, not a person."""
        return any(self.kinds.get(k) != "Person" for k in keys)

    def apart(self, a: Cluster, b: Cluster) -> bool:
        """Whether the dates (or, undated, the publication bounds) of two events do not meet (the Gaza truce of
        one year and the Iran ceasefire of the next, both "mediated by Qatar"): across documents, and within one
        for a mention that names an event of its own ("32 people have been killed" is not the war of 2020)."""
        ta, tb = a.when(), b.when()
        return ta is not None and tb is not None and (ta[1] < tb[0] or tb[1] < ta[0])

    def places_apart(self, a: Cluster, b: Cluster) -> bool:
        """Across documents: whether two events happened in places the gazetteer knows to be different, no
        place of one being or lying in a place of the other (talks in Barbados are not talks in Doha; talks
        in Doha may be talks in Qatar)."""
        if not (a.places and b.places) or not a.places.isdisjoint(b.places):
            return False
        chains_a = [self.place_chain(p) for p in sorted(a.places)]
        chains_b = [self.place_chain(p) for p in sorted(b.places)]
        if any(chain is None for chain in chains_a + chains_b):
            return False  # a place the gazetteer does not know: nothing to say they differ
        return not any(pa in cb or pb in ca for ca in chains_a for cb in chains_b
                       for pa in ca[:1] for pb in cb[:1])

    def place_chain(self, key: str) -> tuple[str, ...] | None:
        """The place and the places it lies in, by the gazetteer (None: a place it does not know)."""
        if key not in self.chains:
            entry = self.gazetteer.get(key) if self.gazetteer is not None else None
            chain: list[str] = []
            while entry is not None and entry.key not in chain and len(chain) < 6:
                chain.append(entry.key)
                entry = self.gazetteer.get(entry.located_in) if entry.located_in else None
            self.chains[key] = tuple(chain) if chain else None
        return self.chains[key]

    def evidence(self, a: Cluster, b: Cluster) -> float:
        score = 0.0
        same_role: set[str] = set()
        for role in a.role_ids.keys() & b.role_ids.keys():
            shared = a.role_ids[role] & b.role_ids[role]
            score += len(shared) * (2 if role in ASSERTIVE_ROLES else 1)
            same_role |= shared
        # the same actor in different roles is weaker evidence
        score += 0.5 * len((a.actors & b.actors) - same_role)
        # (Asked for every compatible candidate: a test is made without building a set it does not need.)
        if not a.places.isdisjoint(b.places):
            score += 1
        if a.timed and b.timed:
            score += 2
        score += len((a.cues & b.cues) - self.rules.stop_cues)
        if not a.words.isdisjoint(b.words):
            score += 1
        if a.links and b.links and not self.links_of(a).isdisjoint(self.links_of(b)):
            score += 3  # derailed by the same offensive: that alone says which talks these are
        return score

    def bare(self, c: Cluster) -> bool:
        return not c.actors and not c.timed and not (c.cues - self.rules.stop_cues) and not c.places


def _stem(word: str) -> str:
    """A crude stem that lets "negotiations", "negotiating" and "negotiate" meet: the head word's first six letters."""
    words = word.split()
    word = words[-1] if words else word
    word = word[:-1] if word.endswith("s") and len(word) > 4 else word
    return word[:6]


def _plural_of(trigger: str, countable: frozenset[str]) -> bool:
    """Whether a trigger is the plural of a noun whose plural names several events ("agreements", "deals";
    not "talks" or "negotiations", whose plural is one event)."""
    words = trigger.lower().split()
    head = words[-1] if words else ""
    return head.endswith("s") and head[:-1] in countable


def _cue_words(cues: Sequence[str]) -> set[str]:
    words = set()
    for cue in cues:
        for w in re.findall(r"[\w-]+", cue.lower()):
            words.add(w)
            if "-" in w:
                words.update(p for p in w.split("-") if p)
    return words


def _link_depth(coref: _Coref, cid: int, within: set[int], seen: frozenset[int] = frozenset()) -> int:
    """How many disruptedBy links lead from a cluster to clusters of its document that are disrupted by
    nothing (0 for those): compatibility compares what derailed two events, so that goes first."""
    targets = {t for rel, t in coref.links_of(coref.clusters[cid]) if rel == "disruptedBy"} & within - seen - {cid}
    if not targets:
        return 0
    return 1 + max(_link_depth(coref, t, within, seen | {cid}) for t in targets)


def _block_keys(c: Cluster, coref: _Coref) -> set[tuple]:
    # Each key is a tuple of the values it is made of, (group, "actor-cue", actor, cue), not one string
    # formatted from them. (Most keys are an actor with a cue or a month, built for every lookup and every
    # merged cluster: a tuple of strings already hashed costs less than formatting and hashing a new string.)
    rules = coref.rules
    group = rules.class_group.get(c.event_class, c.event_class)
    keys: set[tuple] = {(group, "actor", a) for a in c.actors}
    keys.update([(group, "place", p) for p in c.places])
    span = c.span()
    months = {(d.year, d.month) for d in span} if span else set()
    keys.update([(group, "time", m) for m in months])
    cues = c.cues - rules.stop_cues
    keys.update([(group, "cue", w) for w in cues])
    keys.update([(group, "link", rel, target) for rel, target in coref.links_of(c)])
    # Conjunctions reach an old event that the broad keys, capped at the most recent events, no longer
    # hold: "Russia" in August, "Russia" with "tacit".
    keys.update([(group, "actor-time", a, m) for a in c.actors for m in months])
    keys.update([(group, "actor-cue", a, w) for a in c.actors for w in cues])
    return keys


# ------------------------------------------------------------------ resolution


def resolve_events(analyses: Sequence[DocumentAnalysis], actors: ActorResolution,
                   records: Path | None = None) -> EventResolution:
    """``records``: a folder for the per-mention records (None: in memory), see graph.resolve.records."""
    rules = load_rules()
    coref = _Coref(rules, {k: n.kind for k, n in actors.nodes.items()})
    coref.gazetteer = load_gazetteer()
    # A collective stands for its state when events are compared: "Russian and Ukrainian delegations met"
    # and "Russia and Ukraine held talks" may be one meeting; "Russian forces struck" is Russia's strike.
    identity = {k: n.affiliation for k, n in actors.nodes.items()
                if n.affiliation and n.kind in ("Actor", "Organization")}
    clusters = coref.clusters
    # What the nodes need of each mention is summed up in its cluster's tally; its grounding goes to the
    # mention store, and which cluster it joined to the document's record. Nodes go to a store as they
    # are made.
    mentions = mention_store(records)
    links: DocumentRecords[list[int]] = DocumentRecords(RecordStore(records))
    nodes: StoredMapping[EventNode] = StoredMapping(_node_store(records, mentions))
    key_of_cluster: dict[int, str] = {}

    def actor_key(doc_id: str, m) -> str | None:
        key = actors.key_of(doc_id, m)
        if key is None and m.key and m.key in actors.nodes:
            key = m.key
        return key

    gazetteer = load_gazetteer()
    lex = load_lexicon()

    # Across documents, blocked. Each key keeps its most recent clusters only (rules.max_block), so a
    # key every event shares (the actor Russia) costs a constant, not the size of the corpus.
    index: dict[tuple, dict[int, None]] = defaultdict(dict)
    for analysis in analyses:
        doc_id = analysis.source.id
        mention_cluster: dict[int, int] = {}  # event index → its cluster when it was read
        text = analysis.source.text
        events = analysis.events
        order = sorted(range(len(events)), key=lambda i: (events[i].trigger.begin, i))
        local: list[int] = []
        disrupted_ends: dict[int, list[dt.date]] = defaultdict(list)
        pending: dict[int, list[tuple[int, str]]] = defaultdict(list)
        sentences: dict[int, set[int]] = defaultdict(set)  # cluster → where its mentions' sentences begin
        pointed: dict[int, int] = {}  # a definite mention's own cluster → the latest compatible event it may be
        served = _served(analysis, actors, gazetteer)
        published = analysis.source.published
        bound = (published - rules.undated_before, published + rules.undated_after) if published else None
        for i in order:
            ev = events[i]
            trigger_text = text[ev.trigger.begin:ev.trigger.end]
            number = mentions.append(MentionRef(doc_id, ev.trigger, trigger_text))
            tally = _Tally(first=(number, doc_id, ev.trigger.begin, ev.trigger.end),
                           kinds={(ev.event_class, ev.plover, ev.cameo): [1, number]},
                           statuses={ev.status: [1, number]},
                           texts=Counter((trigger_text,)),
                           cues={cue: (number, k) for k, cue in reversed(list(enumerate(ev.cues)))},
                           mentions=array("q", (number,)))
            c = Cluster(event_class=ev.event_class, status_group=rules.status_group.get(ev.status, 0), tally=tally,
                        docs={doc_id}, bound=bound)
            for role, m in ev.roles:
                key = actor_key(doc_id, m)
                if key:
                    c.add_role(role, key, identity.get(key, key))
                    # The state (or body) a minister, a delegation or "Iranian officials" serve takes part too.
                    state = served.get(key) or _lift(key, actors, gazetteer)
                    if state and state != key:
                        c.add_role(role, state, state)
            c.places = {k for m in ev.places if (k := actor_key(doc_id, m))}
            c.cues = _cue_words(ev.cues)
            if ev.time:
                # A start time leaves the end open ("began in June" is compatible with talks in August).
                c.add_time(ev.time.begin, dt.date.max if "began" in c.cues else ev.time.end)
            elif disrupted_ends.get(i):
                # What derailed talks happened by their end: "talks in August, derailed by Ukraine's attack on
                # Kursk" dates the attack to August, before it is compared with "Ukraine continues to strike".
                end = min(disrupted_ends[i])
                c.add_time(end.replace(day=1), end)
            c.words = {_stem(trigger_text.lower())}
            c.call = ev.event_class in rules.call_classes and not rules.call_words.isdisjoint(
                _cue_words((trigger_text, *ev.cues)))
            c.plural = _plural_of(trigger_text, rules.countable)
            c.links = {(rel, mention_cluster[j]) for rel, j in ev.links if j in mention_cluster}
            for rel, j in ev.links:
                if j not in mention_cluster:
                    pending[j].append((i, rel))  # linked once j has its cluster
            if ev.links and ev.time:
                for rel, j in ev.links:
                    if rel == "disruptedBy":
                        disrupted_ends[j].append(ev.time.end)
            cid = coref.add(c)
            how = reference(text, ev, lex, rules.definite, rules.distinct, coref.bare(c))
            best, tentative = _antecedent(coref, c, local, how,
                                          {k for k, v in sentences.items() if ev.sentence.begin in v}, pointed)
            if tentative:
                # Only the latest compatible event, sharing nothing with it: that event unless another document's
                # event is this one by what it does share ("this dialogue, mediated by Qatar" is the Qatar-mediated
                # talks another report names; "the talks, facilitated by China", when none, the talks just named).
                pointed[cid] = best
                best = None
            if best is not None:
                coref.merge(best, cid)
                mention_cluster[i] = best
                local.remove(best)  # the latest event is the latest mentioned, not the latest named
                local.append(best)
            else:
                local.append(cid)
                mention_cluster[i] = cid
            sentences[mention_cluster[i]].add(ev.sentence.begin)
            for source, rel in pending.pop(i, ()):
                clusters[coref.find(mention_cluster[source])].links.add((rel, mention_cluster[i]))
        # Links whose target was clustered after their source.
        for i, ev in enumerate(events):
            own = clusters[coref.find(mention_cluster[i])]
            own.links |= {(rel, mention_cluster[j]) for rel, j in ev.links}
        # Across documents a link's target goes first, so the talks can be matched by what derailed them.
        # Matched now, document by document (the same order as all documents first, then all matching:
        # matching reads only earlier documents' clusters), so the clusters it absorbs go at once.
        kept = {coref.find(x) for x in local}
        unmatchable = _match_across(coref, index, sorted(kept, key=lambda x: (_link_depth(coref, x, kept), x)),
                                    pointed)
        links.put(doc_id, [mention_cluster[i] for i in range(len(events))])
        # This document's links are all made, and nothing absorbs its clusters any more: mark their ends.
        for ev in events:
            for _, j in ev.links:
                coref.linked.add(coref.find(mention_cluster[j]))
        # A cluster no later document can reach, with no link from or to it, is complete: its node is made
        # now (the same node as at the end: an undated event is dated only through links).
        for cid in unmatchable:
            cluster = clusters.get(cid)
            if cluster is not None and cid not in coref.findable and not cluster.links and cid not in coref.linked:
                if _dropped(coref, cid, cluster):
                    del clusters[cid]
                    continue
                node = _make_node(clusters.pop(cid), None, mentions, actors)
                nodes.put(node.key, node)
                key_of_cluster[cid] = node.key

    del index  # the nodes do not need it: it goes before they are made
    return _nodes(coref, nodes, key_of_cluster, mentions, links, actors)


LIFTED_KINDS = frozenset({"State", "Organization"})


def _served(analysis: DocumentAnalysis, actors: ActorResolution, gazetteer) -> dict[str, str]:
    """Person key -> the state or organisation the document says he holds an office of ("Azerbaijani
    President NAME", "NAME, the head of X's delegation"); a former office is no one's to act for."""
    out: dict[str, str] = {}
    doc_id = analysis.source.id
    for rel in analysis.relations:
        if rel.relation != "holdsOffice" or rel.qualifier == "former":
            continue
        person = _end_key(doc_id, rel.subject, actors, gazetteer)
        holder = _end_key(doc_id, rel.object, actors, gazetteer)
        if person is None or holder is None or person == holder or person in out:
            continue
        if actors.nodes[person].kind == "Person" and actors.nodes[holder].kind in LIFTED_KINDS:
            out[person] = holder
    # "President NAME's senior adviser NAME2", "NAME's envoy": who serves in an office of a leader serves his state
    for rel in analysis.relations:
        if rel.relation != "affiliatedWith" or not rel.office or rel.qualifier == "former":
            continue
        person = _end_key(doc_id, rel.subject, actors, gazetteer)
        leader = _end_key(doc_id, rel.object, actors, gazetteer)
        if person is None or leader not in out or person in out or actors.nodes[person].kind != "Person":
            continue
        out[person] = out[leader]
    return out


def _lift(key: str, actors: ActorResolution, gazetteer) -> str | None:
    """What an actor with no office in its document stands for: a collective its state ("Russian
    officials", "the Iranian delegation"), a known office holder the state the gazetteer gives him."""
    node = actors.nodes.get(key)
    if node is None:
        return None
    if node.kind in ("Actor", "Organization") and node.affiliation in actors.nodes:
        return node.affiliation if actors.nodes[node.affiliation].kind == "State" else None
    if node.kind == "Person":
        entry = gazetteer.get(key)
        office = entry.office if entry is not None else None
        holder = office.get("holder_of") if office else None
        if holder in actors.nodes and actors.nodes[holder].kind in LIFTED_KINDS:
            return holder
    return None


def _antecedent(coref: _Coref, c: Cluster, local: list[int], how: Reference,
                same_sentence: set[int], tentative: Mapping[int, int]) -> tuple[int | None, bool]:
    """Within a document: the earlier event a mention is (its cluster), or None; and whether that is only the
    latest compatible event for a definite mention that shares nothing with it (tentative: see resolve_events).

    - A mention marked as another event ("another meeting", "further talks") is none of them.
    - A bare one ("the talks", "Negotiations", "the accord": nothing of its own) is the latest compatible event
      that names something; for a noun, whatever status its governor gives it ("should either side go back on
      the accord" is the accord signed).
    - A definite one with words of its own ("the talks, facilitated by X") is the compatible one it shares
      enough with, whatever its status too.
    - Any other is the compatible one it shares enough with (a mention in the same sentence counts: "32 were
      killed and 200 wounded"), never, with no date of its own, one dated outside what its document can
      report ("at least 32 people have been killed" is not the fighting of three years before).
    ``same_sentence``: the clusters with a mention in the mention's sentence; ``tentative``: the clusters of
    such definite mentions still undecided, which only a mention sharing enough with them joins."""
    if how is Reference.DISTINCT:
        return None, False
    rules, clusters = coref.rules, coref.clusters
    bare, anaphor = coref.bare(c), how is Reference.ANAPHORIC
    best, best_score = None, 0.0
    fallback = None  # a bare mention's latest compatible antecedent that names nothing either ("will meet")
    # an anaphor's latest antecedent that did not happen, or has not yet while the mention has: its last resort
    negated, asserted, deferred = rules.status_group.get("negated"), rules.status_group.get("asserted"), None
    pointed = None  # a definite mention's latest compatible antecedent, when it shares too little with any
    for other in reversed(local):
        other = coref.find(other)
        oc = clusters[other]
        if not coref.compatible(c, oc, status=not anaphor):  # (find() gave a root: nothing absorbed it)
            continue
        if bool(c.cues & rules.earlier_cues) != bool(oc.cues & rules.earlier_cues) and not (
                coref.links_of(c) & coref.links_of(oc)):
            continue  # "the previous round of talks" is not the round the article is about (unless
            # both were derailed by the same offensive)
        if bool(c.cues & rules.extension_cues) != bool(oc.cues & rules.extension_cues):
            continue  # "a truce between them ... the truce had been extended by two days": the extension is
            # not the truce it prolongs (a bare "the truce" after both is still the latest one)
        if other in tentative and (bare or anaphor):
            continue  # (not the event the document named: perhaps another report's)
        if (bare or anaphor) and (oc.status_group == negated != c.status_group
                                  or c.status_group == asserted != oc.status_group):
            # "no further discussions are necessary ... he did not elaborate on the talks": the talks are the
            # ones held before, not those that will not be; "the ministers will meet ... the talks were held
            # over four days": not the meeting to come. Failing any other, that one.
            deferred = other if deferred is None else deferred
            continue
        if bare:
            if not c.words.isdisjoint(rules.own_word) and c.words.isdisjoint(oc.words):
                continue  # "the war" is the war named before, not the latest offensive or strike
            if not anaphor and coref.apart(c, oc):
                continue  # "32 were killed" (a verb, undated) is not the recapture three years before
            if not coref.bare(oc):
                return other, False
            fallback = other if fallback is None else fallback
            continue
        if anaphor and coref.places_apart(c, oc):
            continue
        if anaphor and pointed is None and c.event_class in rules.bare_dropped:
            # "The talks, facilitated by China": a definite mention with words of its own is, failing one it
            # shares enough with, the latest compatible event (it points back; its words add to that event).
            # (Only of the classes whose bare mentions are anaphoric: "since the full-scale invasion" is news
            # of another war than the offensive the article is about.)
            pointed = other
        if not anaphor and not c.timed and coref.apart(c, oc):
            continue
        score = coref.evidence(c, oc) + (other in same_sentence)
        if score >= rules.within_threshold and score > best_score:
            best, best_score = other, score
    if best is not None:
        return best, False
    if fallback is not None:
        return fallback, False
    if deferred is not None:
        return deferred, False
    return pointed, pointed is not None


def _dropped(coref: _Coref, cid: int, cluster: Cluster) -> bool:
    """ "the talks", "a truce" with no antecedent in its document, no participant, time, place or
    distinctive word, and no link: no event the graph can say anything of, so no node (for the classes
    whose bare mentions are anaphoric, data: [coreference] bare_dropped_classes)."""
    return (cluster.event_class in coref.rules.bare_dropped and coref.bare(cluster) and not cluster.links
            and cid not in coref.linked)


def _best_across(coref: _Coref, index: dict[tuple, dict[int, None]], c: Cluster,
                 keys: set[tuple] | None = None) -> int | None:
    """The compatible cluster of earlier documents, sharing a block key with ``c``, with the most evidence
    (enough of it), or None."""
    clusters, threshold = coref.clusters, coref.rules.cross_threshold
    # The index holds roots only: a cluster is absorbed only before it is indexed (by a later mention of
    # its document, or in _match_across, by an earlier document's cluster), so no find() is needed.
    keys = _block_keys(c, coref) if keys is None else keys
    candidates = set().union(*filter(None, map(index.get, keys)))  # (in C; get() adds no empty block)
    best, best_score = None, 0.0
    for g in sorted(candidates):
        gc = clusters[g]
        if not c.docs.isdisjoint(gc.docs) or coref.apart(c, gc) or coref.places_apart(c, gc) or (
                not coref.compatible(c, gc)):
            continue
        if _apart_by_actors(c, gc) and not coref.links_of(c) & coref.links_of(gc):
            continue  # (unless both were derailed by the same offensive: then they are the same talks)
        score = coref.evidence(c, gc)
        if score >= threshold and score > best_score:
            best, best_score = g, score
    return best


def _apart_by_actors(a: Cluster, b: Cluster) -> bool:
    """Two reports that name participants but none in common, or whose sides share no one when one names both
    sides, tell of two events (of two conflicts, perhaps: two hunger strikes, two ceasefires). One side each may
    still be the two sides of one event when a third actor is shared ("Ukraine attended the Qatar-mediated
    talks", "the talks with Russia, Qatar mediating")."""
    if a.actors and b.actors and a.actors.isdisjoint(b.actors):
        return True
    parties, other_parties = a.role_ids.get("party"), b.role_ids.get("party")
    return bool(parties and other_parties and max(len(parties), len(other_parties)) >= 2
                and parties.isdisjoint(other_parties))


def _match_across(coref: _Coref, index: dict[tuple, dict[int, None]], cids: list[int],
                  pointed: Mapping[int, int]) -> list[int]:
    """Each of one document's clusters joins the best compatible cluster of earlier documents that shares
    a block key with it (enough evidence), or starts its own; then it is indexed under its keys.
    A definite mention that shared too little with any event of its document (``pointed``: its cluster → the
    latest compatible one) is, failing an earlier document's event, that latest one.
    Returns the clusters no block holds any more (pushed out, or never indexed)."""
    clusters, findable = coref.clusters, coref.findable
    unmatchable: list[int] = []
    for cid in cids:
        c = clusters[cid]
        if coref.bare(c):
            unmatchable.append(cid)
            continue
        keys = _block_keys(c, coref)
        best = _best_across(coref, index, c, keys)
        if best is not None and cid in pointed and _apart_by_actors(clusters[best], clusters[coref.find(pointed[cid])]):
            # "the signing ceremony, under the facilitation of X": another report's event of X's is this one only
            # if it may be the one the document named before (not another deal between other sides)
            best = None
        if best is None and cid in pointed and (into := coref.find(pointed[cid])) != cid:
            coref.merge(into, cid)
            if into in findable:  # (already matched and indexed: indexed too under what it gained)
                _index(coref, index, into, _block_keys(clusters[into], coref), unmatchable)
            continue
        if best is not None:
            coref.merge(best, cid)
            target, keys = best, _block_keys(clusters[best], coref)
        else:
            target = cid  # (unchanged: its keys are the ones it was looked up under)
        _index(coref, index, target, keys, unmatchable)
    return unmatchable


def _index(coref: _Coref, index: dict[tuple, dict[int, None]], target: int, keys: set[tuple],
           unmatchable: list[int]) -> None:
    """Index a cluster under its keys, as the most recent of each block; a cluster pushed out of its last
    block goes to ``unmatchable``."""
    findable, max_block = coref.findable, coref.rules.max_block
    for k in keys:
        block = index[k]
        if block.pop(target, True):  # (one look-up: a held cluster's value is None)
            findable[target] = findable.get(target, 0) + 1
        block[target] = None  # now the most recent
        if len(block) > max_block:
            oldest = next(iter(block))
            del block[oldest]
            findable[oldest] -= 1
            if not findable[oldest]:
                del findable[oldest]
                unmatchable.append(oldest)


_NODE_FIELDS = tuple(f.name for f in fields(EventNode))
_node_values = attrgetter(*_NODE_FIELDS)
_MENTIONS_AT = _NODE_FIELDS.index("mentions")


def _node_store(records: Path | None, mentions: RecordStore[MentionRef]) -> RecordStore[EventNode]:
    """Nodes on disk are kept as plain values (pickled several times faster than the node), their mentions as
    the bytes of their numbers in the mention store."""
    if records is None:
        return RecordStore()

    def encode(node: EventNode) -> tuple:
        values = list(_node_values(node))  # (every field, in order: a field added to EventNode is kept too)
        values[_MENTIONS_AT] = node.mentions.numbers.tobytes()  # type: ignore[union-attr]
        return tuple(values)

    def decode(values: tuple) -> EventNode:
        stored = StoredList(mentions)
        stored.numbers.frombytes(values[_MENTIONS_AT])
        return EventNode(*values[:_MENTIONS_AT], stored, *values[_MENTIONS_AT + 1:])

    return RecordStore(records, encode=encode, decode=decode, plain=True)


def _node_key(cluster: Cluster) -> str:
    _, first_doc, first_begin, first_end = cluster.tally.first
    return digest(f"{first_doc}:{first_begin}:{first_end}", 12)


def _make_node(cluster: Cluster, inferred: tuple[dt.date, dt.date] | None, mentions: RecordStore[MentionRef],
               actors: ActorResolution) -> EventNode:
    """A cluster's node, without its links to other events (``inferred``: a time its links give it)."""
    tally = cluster.tally
    event_class = _majority_of(_counts_by(tally.kinds, 0))
    plover = _majority_of(_counts_by(tally.kinds, 1, (0, event_class)))
    cameos = {cameo: entry for cameo, entry in _counts_by(tally.kinds, 2, (1, plover)).items() if cameo}
    cameo = _majority_of(cameos) if cameos else None
    status = "asserted" if "asserted" in tally.statuses else _majority_of(tally.statuses)
    span = cluster.span() or inferred
    if span and span[1] == dt.date.max:
        span = (span[0], None)
    roles = {role: set(keys) for role, keys in sorted(cluster.roles.items()) if keys}
    if "party" in roles and "mediator" in roles:
        # "African Union-led talks … mediated by the African Union": who mediates is not a party
        roles["party"] -= roles["mediator"]
        if not roles["party"]:
            del roles["party"]
    node = EventNode(
        key=_node_key(cluster), label="", event_class=event_class, plover=plover, cameo=cameo,
        roles=roles,
        places=set(cluster.places), begin=span[0] if span else None, end=span[1] if span else None,
        status=status,
        mentions=StoredList(mentions, sorted(tally.mentions)),  # (numbered in corpus order)
    )
    cues = sorted(tally.cues, key=tally.cues.__getitem__)  # each once, in the order first met
    node.label = event_label(node, list(tally.texts.elements()), cues, actors, load_rules().earlier_cues)
    return node


def _nodes(coref: _Coref, nodes: StoredMapping[EventNode], key_of_cluster: dict[int, str],
           mentions: RecordStore[MentionRef], links: DocumentRecords[list[int]],
           actors: ActorResolution) -> EventResolution:
    """The nodes of the clusters still open at the end (the last ones matchable, and those with links)."""
    inferred = _times_from_links(coref, coref.clusters)
    for cid in [c for c, cluster in coref.clusters.items() if _dropped(coref, c, cluster)]:
        del coref.clusters[cid]  # (as it would have gone had it been let go before the end)
    for cid, cluster in coref.clusters.items():
        key_of_cluster[cid] = _node_key(cluster)
    for cid in list(coref.clusters):
        cluster = coref.clusters.pop(cid)  # (its links point at clusters by id: only their keys are needed)
        node = _make_node(cluster, inferred.get(cid), mentions, actors)
        key = node.key
        for rel, target in coref.links_of(cluster):
            other = key_of_cluster.get(target)
            if other and other != key:
                node.links.add((rel, other))
        nodes.put(key, node)
    root_of = array("q", (coref.find(cid) for cid in range(len(coref.parent))))
    return EventResolution(nodes=nodes.sorted(), links=links, root_of=root_of, key_of_root=key_of_cluster)


def _times_from_links(coref: _Coref, cids: Iterable[int]) -> dict[int, tuple[dt.date, dt.date]]:
    """An undated event that derailed or led to a dated one happened by the end of it: it gets the
    month in which the event it disrupted ended ("the incursion that derailed the August talks")."""
    out: dict[int, tuple[dt.date, dt.date]] = {}
    # Who names each cluster as disruptedBy, computed once (asking every cluster for every cluster was quadratic).
    disrupted: dict[int, list[int]] = defaultdict(list)
    for other in cids:
        for target in {t for rel, t in coref.links_of(coref.clusters[other]) if rel == "disruptedBy"}:
            disrupted[target].append(other)
    for cid in cids:
        cluster = coref.clusters[cid]
        effects = [t for rel, t in coref.links_of(cluster) if rel == "ledTo"]
        effects += disrupted.get(cid, [])
        if cluster.span() is not None:
            continue
        ends = sorted(span[1] for t in effects if (span := coref.clusters[t].span()))
        if ends:
            end = ends[0]
            out[cid] = (end.replace(day=1), end)
    return out


__all__ = ["EventResolution", "resolve_events", "event_label", "slug"]
