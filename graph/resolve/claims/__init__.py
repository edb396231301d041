"""Claims across documents: one parley:Claim per proposition, one parley:Assertion per report of it.

Assertions are matched by what they say, not by their strings: the lemmas of their content
words (with the synonym groups of graph/data/attribution.toml, so "talks" meets "negotiations"),
the actors and events they are about, and the numbers they give. Each feature is weighted by its
rarity over the distinct texts (a word every assertion shares says nothing; reprints of one story
count once, and start as one group). Each assertion is compared only with those sharing one of
its rarest features (blocking), so the work grows with the corpus, not with its square; the
pairs are then grouped by average linkage, so one loose pair cannot chain two propositions
together. A document carries a claim once: two of its sentences are never one claim.

For each claim the reports are compared, and what differs is recorded as a discrepancy in plain
words: a different source ("a former senior Kremlin official" in one outlet, "a high-ranking
Russian official" in another), different intermediaries, a different polarity or certainty,
conflicting facts (whose forces are in a place), and different figures ("over a thousand strikes
since October 2022" against "more than 1,000 weapons in 2024"), also between related claims.

The modules: ``rules`` (the data), ``reports`` (a report and its features, their store, reprints),
``pairs`` (blocking and similarity), ``clusters`` (average linkage), ``discrepancies`` and ``figures``
(what the reports of a claim disagree on). This one reads the analyses and makes the claims.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from graph.gazetteer import load_gazetteer
from graph.model import AssertionNode, ClaimNode, DocumentAnalysis, MentionRef
from graph.namespaces import digest, slug
from graph.resolve.claims.clusters import Clusters
from graph.resolve.claims.discrepancies import discrepancies
from graph.resolve.claims.figures import figures, related_figure_discrepancies
from graph.resolve.claims.pairs import blocked_pairs, candidate_pairs, similarity
from graph.resolve.claims.reports import (
    Report,
    ReportStore,
    Reprints,
    Said,
    document_name,
    report_features,
    report_sides,
)
from graph.resolve.claims.rules import MergeRules, load_rules
from graph.resolve.records import StoredList

if TYPE_CHECKING:
    from graph.resolve.actors import ActorResolution
    from graph.resolve.events import EventResolution

# The package's interface: what the pipeline, the tests and the benchmarks call.
__all__ = ["MergeRules", "Report", "blocked_pairs", "candidate_pairs", "discrepancies", "figures", "load_rules",
           "resolve_claims", "similarity"]


def resolve_claims(analyses: Sequence[DocumentAnalysis], actors: ActorResolution,
                   events: EventResolution, records: Path | None = None) -> dict[str, ClaimNode]:
    """``records``: a folder for the per-assertion records (None: in memory), see graph.resolve.records.

    Each report goes to a store as it is read; memory keeps the features of the first copies (what
    is compared), and a number or two per report, until the groups are made."""
    rules = load_rules()
    gazetteer = load_gazetteer()
    stored = ReportStore(records)
    doc_ids: list[str] = []  # each report's document
    # Each first copy (the report, and its features before they are weighted; a reprint's stand in its
    # first copy's), and the features of each first copy with those only its reprints have (rarity counts
    # each once per text).
    firsts: dict[int, Report] = {}
    raw: dict[int, set[tuple[str, str]]] = {}
    covered: dict[int, set[tuple[str, str]]] = {}
    twins = array("q")
    reprints, shared = Reprints(), {}
    event_keys = set(events.nodes)
    for analysis in analyses:
        doc_id = analysis.source.id
        text = analysis.source.text
        name = document_name(analysis.source)
        doc_slug = slug(doc_id, 40)
        topic: frozenset[str] = frozenset()
        for assertion in analysis.assertions:
            span = assertion.span
            key = f"{doc_slug}-{span.begin}-{span.end}"
            source = actors.key_of(doc_id, assertion.source) if assertion.source else None
            via = list(dict.fromkeys(k for m in assertion.via if (k := actors.key_of(doc_id, m))))
            node = AssertionNode(key=key, doc_id=doc_id, mention=MentionRef(doc_id, span, text[span.begin:span.end]),
                                 source=source, via=via, certainty=assertion.certainty, polarity=assertion.polarity)
            about = {k for m in assertion.about_entities if (k := actors.key_of(doc_id, m))}
            about |= {k for i in assertion.about_events if (k := events.key_of(doc_id, i))}
            report = Report(doc_id, name, len(doc_ids), Said.of(assertion), node, about)
            # A report that names no actor and no event ("an agreement had been reached") is about its
            # document's story as told so far: the actors of the latest report before it that names some.
            report.sides = report_sides(about, actors.nodes, events.nodes, gazetteer) or topic
            topic = report.sides
            features = report_features(report, assertion.keywords, rules, event_keys, shared)
            rep = reprints.first_copy(report.index, doc_id, features, report.sides)
            if rep == report.index:
                raw[rep] = covered[rep] = features
                firsts[rep] = report
            elif not features <= covered[rep]:
                if covered[rep] is raw[rep]:
                    covered[rep] = set(raw[rep])
                covered[rep] |= features
            twins.append(rep)
            doc_ids.append(doc_id)
            stored.append(report)
    if not doc_ids:
        return {}
    del reprints, shared
    # Rarity is counted over distinct texts: reprints of one story do not make its words common.
    df: dict[tuple[str, str], int] = defaultdict(int)
    for features in covered.values():
        for feature in features:
            df[feature] += 1
    del covered
    n = len(raw)
    # A word only one assertion has cannot match anything; weighted like a pair's, it still counts
    # against the similarity, without drowning what the two reports share.
    cap = math.log((n + 1) / 2) if n >= 2 else 1.0
    for index, features in raw.items():  # (a reprint's first copy stands for it: only those are compared)
        report = firsts[index]
        # In sorted order: the similarities sum these weights in this order, and a set's order changes
        # with the process's string hashing (same input, other sums in the last bit, other claims).
        report.features = {f: rules.weights.get(f[0], 1.0) * min(cap, math.log((n + 1) / df[f]))
                           for f in sorted(features)}
        report.norm = sum(report.features.values())
        # Distinctive: at least half as rare as the rarest (a feature of ≤ √(2(n+1)) assertions).
        report.distinctive = frozenset(f for f in features if math.log((n + 1) / df[f]) >= cap / 2)

    representatives = list(raw)  # the first copies, in corpus order
    del raw
    pairs = candidate_pairs([firsts[i] for i in representatives], rules).renumbered(representatives)
    for report in firsts.values():  # compared: the features go, and the groups read the reports back
        report.features, report.distinctive, report.sides = {}, frozenset(), frozenset()
    del firsts
    clusters = Clusters(doc_ids, rules, pairs, twins)
    clusters.merge()
    clusters.settle()

    actor_nodes = actors.nodes
    related = related_figure_discrepancies(stored, pairs, clusters, rules, doc_ids)
    claims: dict[str, ClaimNode] = {}
    for members in clusters.groups():
        group = list(stored.read_many(members))
        # The medoid: the report closest to all others (reprints counted by their number).
        weight: dict[int, int] = defaultdict(int)
        for r in group:
            weight[twins[r.index]] += 1
        medoid_index = max(weight, key=lambda rep: (clusters.closeness(rep, weight) + weight[rep] - 1, -rep))
        medoid = group[members.index(medoid_index)]  # (a first copy is in its group: not read again)
        statement = medoid.mention.statement
        key = f"{slug(statement, 48)}-{digest(medoid.node.key, 8)}"
        claim = ClaimNode(key=key, statement=statement, assertions=StoredList(stored.nodes, members))
        for report in group:
            claim.about |= report.about
        claim.discrepancies = discrepancies(group, actor_nodes, rules)
        claim.discrepancies += related.get(clusters.find(members[0]), [])
        claims[key] = claim
    return dict(sorted(claims.items()))
