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
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.gazetteer import Gazetteer, fold, load_gazetteer
from graph.model import PLACE, ActorNode, DocumentAnalysis, EntityMention, MentionRef, Span
from graph.namespaces import slug
from graph.resolve.person_names import PersonIndex, person_key, surname_key
from graph.resolve.records import DocumentRecords, RecordStore, StoredList, mention_store

ORG_KINDS = ("Organization", "NewsOutlet")
# The other names of an anonymous source: none, and one object for all (there is one source per document).
NO_NAMES: frozenset[str] = frozenset()
# Kind precedence when the mentions of one unknown name disagree.
KIND_RANK = {"Person": 5, "NewsOutlet": 4, "State": 3, "Organization": 2, "AnonymousSource": 1, PLACE: 0}


@dataclass
class ActorResolution:
    """The actor nodes, and which node each entity mention of each document resolved to."""

    nodes: dict[str, ActorNode]
    # Per document: (begin, end) → the node's key, or the number of a name the gazetteer does not know
    # (in alias_keys: such names are grouped once every document has been read).
    links: DocumentRecords[dict[tuple[int, int], str | int]] = field(
        default_factory=lambda: DocumentRecords(RecordStore()))
    alias_keys: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, nodes: dict[str, ActorNode], keys: dict[tuple[str, int, int], str]) -> ActorResolution:
        """A resolution from known keys, (document id, begin, end) → node key (for tests and tools)."""
        by_document: dict[str, dict[tuple[int, int], str | int]] = defaultdict(dict)
        for (doc_id, begin, end), key in keys.items():
            by_document[doc_id][(begin, end)] = key
        resolution = cls(nodes)
        for doc_id, links in by_document.items():
            resolution.links.put(doc_id, links)
        return resolution

    def key_of(self, doc_id: str, mention: EntityMention) -> str | None:
        """The key of the node a mention resolved to."""
        return self.key_at(doc_id, mention.span)

    def key_at(self, doc_id: str, span: Span) -> str | None:
        """The key of the node the mention at this span of a document resolved to."""
        key = self.links.get(doc_id, {}).get((span.begin, span.end))
        return self.alias_keys[key] if isinstance(key, int) else key


@dataclass(slots=True)
class _Alias:
    """A name the gazetteer does not know, as written (with its kind), summed over its mentions."""

    kind: str
    raw: str  # the mention's label or text
    number: int  # its place among the aliases (what a document's record holds for its mentions)
    count: int = 0
    surfaces: Counter = field(default_factory=Counter)
    mentions: array = field(default_factory=lambda: array("q"))  # numbers in the mention store


def acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for")]
    return "".join(w[0] for w in words).upper()


def _clean_label(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return text


def _anonymous_key(doc_id: str, mention: EntityMention) -> str:
    return f"{slug(doc_id, 40)}/{slug(mention.label or mention.text)}"


def resolve_actors(analyses: Sequence[DocumentAnalysis], gazetteer: Gazetteer | None = None,
                   records: Path | None = None) -> ActorResolution:
    """``records``: a folder for the per-mention records (None: in memory), see graph.resolve.records."""
    gazetteer = gazetteer or load_gazetteer()
    nodes: dict[str, ActorNode] = {}
    mentions = mention_store(records)
    links: DocumentRecords[dict[tuple[int, int], str | int]] = DocumentRecords(RecordStore(records))
    surfaces: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[tuple[str, str], _Alias] = {}

    known_people = PersonIndex((), gazetteer)
    labels: dict[str, str] = {}  # one string per label: anonymous sources repeat theirs in every document
    named_affiliations: list[tuple[ActorNode, str, Span]] = []  # (source, document, where its body is named)

    def node_for(key: str, label: str, kind: str, wikidata: str | None = None) -> ActorNode:
        node = nodes.get(key)
        if node is None:
            label = labels.setdefault(label, label)
            node = nodes[key] = ActorNode(key=key, label=label, kind=kind, wikidata=wikidata,
                                          mentions=StoredList(mentions),
                                          alt_labels=NO_NAMES if kind == "AnonymousSource" else set())
        return node

    def gazetteer_node(key: str) -> ActorNode:
        entry = gazetteer.get(key)
        if entry is None:
            return node_for(key, key, "Actor")
        return node_for(entry.key, entry.label, entry.kind, entry.wikidata)

    for analysis in analyses:
        doc_id = analysis.source.id
        known: dict[tuple[int, int], str | int] = {}
        unknown: dict[tuple[int, int], str | int] = {}

        def attach(node: ActorNode, mention: EntityMention) -> None:
            node.mentions.append(MentionRef(doc_id, mention.span, mention.text))  # noqa: B023 (called in this loop)
            known[(mention.span.begin, mention.span.end)] = node.key  # noqa: B023
            # (an anonymous source's names are not its labels; there is one per document; nor is the lone
            # adjective of "Chinese and Indian troops" a name of the Chinese forces)
            if node.kind != "AnonymousSource" and not (mention.ner_label == "GROUP" and " " not in mention.text):
                surfaces[node.key][_clean_label(mention.text)] += 1
            if mention.kind == PLACE and node.kind != PLACE:
                node.venue = True

        def name_unknown(mention: EntityMention, raw: str) -> None:
            """Names the gazetteer does not know are grouped once all are read: their mentions wait by name."""
            alias = aliases.get((mention.kind, raw))
            if alias is None:
                alias = aliases[(mention.kind, raw)] = _Alias(mention.kind, raw, len(aliases))
            alias.count += 1
            alias.surfaces[_clean_label(mention.text)] += 1
            alias.mentions.append(mentions.append(MentionRef(doc_id, mention.span, mention.text)))  # noqa: B023
            unknown[(mention.span.begin, mention.span.end)] = alias.number  # noqa: B023

        # Surnames of people the gazetteer does not know, named in full here: a later lone "Harris"
        # in this document is Martin Harris, not the Harris of the gazetteer.
        # (Not when the full name is the gazetteer's person written otherwise: "Vladimir Zelensky".)
        # (Nor before the full name is written, nor when the gazetteer's person is named in full here too:
        # "President Donald Trump ... Trump said ... Ivanka Trump" is Donald Trump's "Trump".)
        local_surnames: dict[str, int] = {}
        for m in analysis.entities:
            if m.kind == "Person" and not m.key and len(pk := person_key(m.label or m.text)) >= 2 and (
                    not known_people.gazetteer_key(pk)):
                local_surnames.setdefault(pk[-1], m.span.begin)
        for m in analysis.entities:
            if m.kind == "Person" and m.key and len(pk := person_key(m.text)) >= 2:
                local_surnames.pop(pk[-1], None)
        for mention in analysis.entities:
            if (mention.kind == "Person" and mention.key and len(mention.text.split()) == 1
                    and local_surnames.get(surname_key(mention.text), mention.span.begin) < mention.span.begin):
                name_unknown(mention, mention.text)
            elif mention.kind == "AnonymousSource":
                key = _anonymous_key(doc_id, mention)
                node = node_for(key, _clean_label(mention.label or mention.text), "AnonymousSource")
                node.affiliation = mention.affiliation
                node.rank, node.count = mention.rank, mention.count
                attach(node, mention)
                if mention.affiliation:
                    gazetteer_node(mention.affiliation)
                elif mention.affiliation_span is not None:  # a body named here: its node, once all are read
                    named_affiliations.append((node, doc_id, mention.affiliation_span))
            elif mention.key and gazetteer.get(mention.key):
                attach(gazetteer_node(mention.key), mention)
            elif mention.key:  # a collective the extractor named ("armed-forces-of-russia")
                node = node_for(mention.key, mention.label or mention.text, mention.kind)
                node.affiliation = mention.affiliation
                attach(node, mention)
                if mention.affiliation:
                    gazetteer_node(mention.affiliation)
            else:
                name_unknown(mention, mention.label or mention.text)
        links.put(doc_id, {**known, **unknown})  # (a name grouped later wins over a known one of the same span)
        outlet = analysis.source.outlet
        if outlet:
            entry = gazetteer.lookup(outlet)
            if entry is not None:
                gazetteer_node(entry.key)
            else:
                node_for(slug(outlet), outlet, "NewsOutlet")

    alias_keys = _resolve_unknown(list(aliases.values()), nodes, node_for, gazetteer_node, surfaces, gazetteer)
    resolution = ActorResolution(nodes=nodes, links=links, alias_keys=alias_keys)
    for node, doc_id, span in named_affiliations:
        node.affiliation = resolution.key_at(doc_id, span)

    for key, node in nodes.items():
        names = surfaces.get(key, Counter())
        if node.kind != "AnonymousSource":
            node.alt_labels = {n for n in names if n and n != node.label}
    resolution.nodes = dict(sorted(nodes.items()))
    return resolution


# Kinds of a one-word name that may be a person's surname or given name mistyped by the NER
# ("Maduro said" tagged ORG, "Borrell" tagged GPE): a place stays a place.
NAME_WORD_KINDS = ("Person", "Organization", "State")


def _person_group(alias: _Alias, name: str, people: PersonIndex) -> tuple | None:
    """The person group of a name the gazetteer does not know, or None when it names no person."""
    pk = person_key(name)
    if alias.kind == "Person" and len(pk) >= 2:
        known = people.gazetteer_key(pk)
        return ("known", known) if known else ("person", people.full_name(pk))
    if len(pk) == 1 and alias.kind in NAME_WORD_KINDS and name[:1].isupper() and not name.isupper():
        full = people.full_name(pk)
        if full is not None:
            known = people.gazetteer_key(full)
            return ("known", known) if known else ("person", full)
    return ("person", pk) if alias.kind == "Person" else None


def _resolve_unknown(aliases: list[_Alias], nodes, node_for, gazetteer_node, surfaces,
                     gazetteer: Gazetteer) -> list[str]:
    """Group the names the gazetteer does not know; pick each group's fullest name as label.
    Returns each alias's node key, in the aliases' order."""
    people = PersonIndex((pk for alias in aliases if alias.kind == "Person"
                          and len(pk := person_key(_clean_label(alias.raw))) >= 2), gazetteer)
    by_acronym: dict[str, set[str]] = defaultdict(set)
    for alias in aliases:
        if alias.kind in ORG_KINDS:
            name = _clean_label(alias.raw)
            if len(name.split()) >= 2:
                by_acronym[acronym(name)].add(fold(name))
    groups: dict[tuple, list[int]] = defaultdict(list)
    for number, alias in enumerate(aliases):
        name = _clean_label(alias.raw)
        group = _person_group(alias, name, people)
        if group is not None:
            pass
        elif alias.kind in ORG_KINDS:
            folded = fold(name)
            if name.isupper() and len(by_acronym.get(name, ())) == 1:
                folded = next(iter(by_acronym[name]))
            group = ("org", folded)
        else:
            group = ("place", fold(name))
        groups[group].append(number)
    keys = [""] * len(aliases)
    for group in sorted(groups, key=repr):
        members = [aliases[number] for number in groups[group]]
        names: Counter = Counter()
        kinds: Counter = Counter()
        for alias in members:
            names[_clean_label(alias.raw)] += alias.count
            kinds[alias.kind] += alias.count
        if group[0] == "known":  # a gazetteer person written otherwise: the gazetteer's node
            node = gazetteer_node(group[1])
        else:
            # The fullest name wins (most words, then most frequent, then alphabetical, for determinism).
            label = sorted(names, key=lambda n: (-len(n.split()), -names[n], n))[0]
            if group[0] == "person":
                kind = "Person"  # a surname the NER typed otherwise joined a person
            else:
                kind = max(kinds, key=lambda k: (kinds[k] if k != PLACE else kinds[k] - 0.5, KIND_RANK.get(k, 0), k))
            key = slug(label)
            while key in nodes and (nodes[key].kind == PLACE) != (kind == PLACE):
                key += "-" + ("place" if kind == PLACE else "actor")
            node = node_for(key, label, kind)
        # The group's mentions in corpus order (the order they were numbered in).
        node.mentions.numbers.extend(sorted(n for alias in members for n in alias.mentions))
        if group[0] == "known":
            node.mentions.numbers = array("q", sorted(node.mentions.numbers))  # among the gazetteer's own
        for alias in members:
            surfaces[node.key].update(alias.surfaces)
            if alias.kind == PLACE and node.kind != PLACE:
                node.venue = True
        for number in groups[group]:
            keys[number] = node.key
    return keys
