"""Cross-document actor resolution: one node per real-world actor or place.

- A mention the gazetteer knows carries its key (capitals acting already mapped to their state).
- Anonymous sources stay per document ("a senior Ukrainian official" in two outlets need not
  be one person), with their affiliation.
- Other names are grouped by a folded form of the name: people by their surname's
  transliteration-folded form, so "Zelensky", "Zelenskyy" and "Zelenskyi" meet, and a lone
  surname joins the one full name that ends with it; organisations by their name or acronym
  ("European Broadcasting Union" ~ "EBU").

Blocking is by folded name, so the cost grows with the number of mentions, not its square.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from graph.gazetteer import Gazetteer, fold, load_gazetteer
from graph.model import PLACE, ActorNode, DocumentAnalysis, EntityMention, MentionRef
from graph.namespaces import slug

ORG_KINDS = ("Organization", "NewsOutlet")
# Kind precedence when the mentions of one unknown name disagree.
KIND_RANK = {"Person": 5, "NewsOutlet": 4, "State": 3, "Organization": 2, "AnonymousSource": 1, PLACE: 0}


@dataclass
class ActorResolution:
    nodes: dict[str, ActorNode]
    by_mention: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def key_of(self, doc_id: str, mention: EntityMention) -> str | None:
        """The key of the node a mention resolved to."""
        return self.by_mention.get((doc_id, mention.span.begin, mention.span.end))


def surname_key(token: str) -> str:
    """Fold transliteration variants of a name word: Zelenskyy, Zelenskyi, Zelenskiy → zelensky."""
    word = fold(token).replace(" ", "")
    word = re.sub(r"(yy|yi|iy|ij|ii|yj)$", "y", word)
    word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters vary too (Medvedev/Medvedyev aside)
    return word


def person_key(name: str) -> tuple[str, ...]:
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w]
    return tuple(surname_key(w) for w in words)


def acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for")]
    return "".join(w[0] for w in words).upper()


def _clean_label(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return text


def _anonymous_key(doc_id: str, mention: EntityMention) -> str:
    return f"{slug(doc_id, 40)}/{slug(mention.label or mention.text)}"


def resolve_actors(analyses: Sequence[DocumentAnalysis], gazetteer: Gazetteer | None = None) -> ActorResolution:
    gazetteer = gazetteer or load_gazetteer()
    nodes: dict[str, ActorNode] = {}
    by_mention: dict[tuple[str, int, int], str] = {}
    surfaces: dict[str, Counter] = defaultdict(Counter)

    def node_for(key: str, label: str, kind: str, wikidata: str | None = None) -> ActorNode:
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = ActorNode(key=key, label=label, kind=kind, wikidata=wikidata)
        return node

    def attach(node: ActorNode, doc_id: str, mention: EntityMention) -> None:
        node.mentions.append(MentionRef(doc_id, mention.span, mention.text))
        by_mention[(doc_id, mention.span.begin, mention.span.end)] = node.key
        surfaces[node.key][_clean_label(mention.text)] += 1
        if mention.kind == PLACE and node.kind != PLACE:
            node.venue = True

    def gazetteer_node(key: str) -> ActorNode:
        entry = gazetteer.get(key)
        if entry is None:
            return node_for(key, key, "Actor")
        return node_for(entry.key, entry.label, entry.kind, entry.wikidata)

    unknown: list[tuple[str, EntityMention]] = []
    for analysis in analyses:
        doc_id = analysis.source.id
        # Surnames of people the gazetteer does not know, named in full here: a later lone "Harris"
        # in this document is Martin Harris, not the Harris of the gazetteer.
        local_surnames = {person_key(m.label or m.text)[-1] for m in analysis.entities
                          if m.kind == "Person" and not m.key and len(person_key(m.label or m.text)) >= 2}
        for mention in analysis.entities:
            if (mention.kind == "Person" and mention.key and len(mention.text.split()) == 1
                    and surname_key(mention.text) in local_surnames):
                unknown.append((doc_id, replace(mention, key=None, label=mention.text)))
            elif mention.kind == "AnonymousSource":
                key = _anonymous_key(doc_id, mention)
                node = node_for(key, _clean_label(mention.label or mention.text), "AnonymousSource")
                node.affiliation = mention.affiliation
                node.rank, node.count = mention.rank, mention.count
                attach(node, doc_id, mention)
                if mention.affiliation:
                    gazetteer_node(mention.affiliation)
            elif mention.key and gazetteer.get(mention.key):
                attach(gazetteer_node(mention.key), doc_id, mention)
            elif mention.key:  # a collective the extractor named ("armed-forces-of-russia")
                node = node_for(mention.key, mention.label or mention.text, mention.kind)
                node.affiliation = mention.affiliation
                attach(node, doc_id, mention)
                if mention.affiliation:
                    gazetteer_node(mention.affiliation)
            else:
                unknown.append((doc_id, mention))
        outlet = analysis.source.outlet
        if outlet:
            entry = gazetteer.lookup(outlet)
            if entry is not None:
                gazetteer_node(entry.key)
            else:
                node_for(slug(outlet), outlet, "NewsOutlet")

    _resolve_unknown(unknown, nodes, node_for, attach)

    for key, node in nodes.items():
        names = surfaces.get(key, Counter())
        if node.kind != "AnonymousSource":
            node.alt_labels = {n for n in names if n and n != node.label}
    return ActorResolution(nodes=dict(sorted(nodes.items())), by_mention=by_mention)


def _resolve_unknown(unknown, nodes, node_for, attach) -> None:
    """Group the names the gazetteer does not know; pick each group's fullest name as label."""
    groups: dict[tuple, list[tuple[str, EntityMention]]] = defaultdict(list)
    people = [(d, m) for d, m in unknown if m.kind == "Person"]
    full_names: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # surname key → full-name keys
    for _, m in people:
        pk = person_key(m.label or m.text)
        if len(pk) >= 2:
            full_names[pk[-1]].add(pk)
    orgs = [(d, m) for d, m in unknown if m.kind in ORG_KINDS]
    by_acronym: dict[str, set[str]] = defaultdict(set)
    for _, m in orgs:
        name = _clean_label(m.label or m.text)
        if len(name.split()) >= 2:
            by_acronym[acronym(name)].add(fold(name))
    for doc_id, m in unknown:
        name = _clean_label(m.label or m.text)
        if m.kind == "Person":
            pk = person_key(name)
            if len(pk) == 1 and len(full_names.get(pk[0], ())) == 1:
                pk = next(iter(full_names[pk[0]]))
            group = ("person", pk)
        elif m.kind in ORG_KINDS:
            folded = fold(name)
            if name.isupper() and len(by_acronym.get(name, ())) == 1:
                folded = next(iter(by_acronym[name]))
            group = ("org", folded)
        else:
            group = ("place", fold(name))
        groups[group].append((doc_id, m))
    for group in sorted(groups, key=repr):
        members = groups[group]
        names = Counter(_clean_label(m.label or m.text) for _, m in members)
        # The fullest name wins (most words, then most frequent, then alphabetical, for determinism).
        label = sorted(names, key=lambda n: (-len(n.split()), -names[n], n))[0]
        kinds = Counter(m.kind for _, m in members)
        kind = max(kinds, key=lambda k: (kinds[k] if k != PLACE else kinds[k] - 0.5, KIND_RANK.get(k, 0), k))
        key = slug(label)
        while key in nodes and (nodes[key].kind == PLACE) != (kind == PLACE):
            key += "-" + ("place" if kind == PLACE else "actor")
        node = node_for(key, label, kind)
        for doc_id, m in members:
            attach(node, doc_id, m)
