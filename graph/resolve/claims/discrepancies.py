"""What the reports of one claim disagree on, in plain words: the source ("a former senior Kremlin
official" in one outlet, "a high-ranking Russian official" in another), the intermediaries, the polarity
or certainty, whose forces are in a place, and the figures (graph.resolve.claims.figures)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from graph.extract.sources import load_lexicon
from graph.gazetteer import load_gazetteer
from graph.model import PLACE, ActorNode
from graph.resolve.claims.figures import figure_discrepancies, quoted
from graph.resolve.claims.reports import Report
from graph.resolve.claims.rules import MergeRules

CERTAINTY_STEPS = {"certain": 0, "probable": 1, "possible": 2, "unlikely": 3}


def _docs(reports: list[Report]) -> str:
    names = list(dict.fromkeys(r.doc_name for r in reports))
    return ", ".join(names)


def _source_label(report: Report, actors: dict[str, ActorNode]) -> str:
    node = actors.get(report.node.source or "")
    if node is None:
        return "its own voice"
    label = node.label
    if node.kind == "AnonymousSource":
        lex = load_lexicon()
        head = next((w for w in re.sub(r"[-–]", " ", label.lower()).split() if w in lex.source_nouns), "")
        if not node.count and not head.endswith("s") and not label.lower().startswith(tuple(lex.reporter_owners)):
            label = _indefinite(label)
    via = [actors[k].label for k in report.node.via if k in actors and k != report.node.source]
    return quoted(label) + (f" (via {', '.join(via)})" if via else "")


def _indefinite(phrase: str) -> str:
    """'a senior official', 'an unnamed official', 'a Ukrainian official', 'a European diplomat'."""
    word = phrase.lower()
    vowel_sound = word[:1] in "aeio" or (word.startswith("u") and not word.startswith(("uk", "uni", "usa", "u.")))
    vowel_sound = (vowel_sound and not word.startswith(("eu", "one"))) or word.startswith(("hour", "honest"))
    return ("an " if vowel_sound else "a ") + phrase


@dataclass(frozen=True)
class SourceProfile:
    """What a source description commits to, for telling two outlets' descriptions apart."""

    key: str
    kind: str
    affiliation: str | None
    former: bool
    rank: str | None
    head: str | None  # official, diplomat… (None for the unspecific "sources", "interlocutors")


@functools.cache
def _unspecific_heads() -> frozenset[str]:
    return frozenset({"source", "sources", "interlocutor", "interlocutors", "people", "person", "individual",
                      "individuals", "insider", "insiders"})


def _profile(key: str, actors: dict[str, ActorNode]) -> SourceProfile | None:
    node = actors.get(key)
    if node is None:
        return None
    return _node_profile(node.key, node.kind, node.label, node.rank, node.affiliation)


@functools.lru_cache(maxsize=65536)
def _node_profile(key: str, kind: str, label: str, rank: str | None, affiliation: str | None) -> SourceProfile:
    lex = load_lexicon()
    words = re.sub(r"[-–]", " ", label.lower()).split()
    head = next((w for w in words if w in lex.source_nouns), None)
    if head is not None:
        head = head[:-1] if head.endswith("s") and head[:-1] in lex.source_nouns else head
        if head in _unspecific_heads():
            head = None
    rank_words = (rank or "").split()
    former = any(w in lex.former_ranks for w in rank_words)
    current = " ".join(w for w in rank_words if w not in lex.former_ranks)
    classes = {lex.rank_classes[current]} if current in lex.rank_classes else \
        {lex.rank_classes.get(w) for w in rank_words if w not in lex.former_ranks}
    rank_class = next(iter(sorted(c for c in classes if c)), None)
    return SourceProfile(key, kind, affiliation, former, rank_class, head)


def _compatible(a: Report, b: Report, actors: dict[str, ActorNode]) -> bool:
    """Can the two reports' sources be the same speaker, as the documents describe them?"""
    sa, sb = a.node.source, b.node.source
    if sa is None or sb is None or sa == sb:
        return True  # a document's own voice names no source to disagree with
    # "According to the FT" and "a senior official told the FT": one chain seen at two depths.
    if sa in b.node.via or sb in a.node.via:
        return True
    pa, pb = _profile(sa, actors), _profile(sb, actors)
    if pa is None or pb is None:
        return True
    if pa.kind != "AnonymousSource" or pb.kind != "AnonymousSource":
        return False  # two named speakers, or a named one and an unnamed one
    if pa.affiliation and pb.affiliation and pa.affiliation != pb.affiliation:
        return False
    if pa.former != pb.former:
        return False
    if pa.rank and pb.rank and pa.rank != pb.rank:
        return False
    return not (pa.head and pb.head and pa.head != pb.head)


def discrepancies(group: list[Report], actors: dict[str, ActorNode], rules: MergeRules) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    docs = {r.doc_id for r in group}
    if len(docs) < 2:
        return out
    # --- sources: compared once per distinct description (reprints repeat one), then listed by attribution
    distinct: dict[tuple, Report] = {}
    for r in group:
        profile = _profile(r.node.source, actors) if r.node.source else None
        sig = (r.node.source if profile is None or profile.kind != "AnonymousSource" else
               (profile.kind, profile.affiliation, profile.former, profile.rank, profile.head), tuple(r.node.via))
        distinct.setdefault(sig, r)
    chains = list(distinct.values())
    if any(not _compatible(a, b, actors) for x, a in enumerate(chains) for b in chains[x + 1:]):
        by_label: dict[str, list[str]] = {}
        for r in group:
            label = "no source" if r.node.source is None else _source_label(r, actors)
            by_label.setdefault(label, []).append(r.doc_name)
        parts = [f"{', '.join(docs)} give{'s' if len(docs) == 1 else ''} no source" if label == "no source"
                 else f"{', '.join(docs)} attribute{'s' if len(docs) == 1 else ''} it to {label}"
                 for label, docs in by_label.items()]
        out.append(("source", "The outlets name different sources for this claim: " + "; ".join(parts) + "."))
    # --- intermediaries: reports passed on by outlets that share none
    vias: dict[frozenset[str], list[Report]] = defaultdict(list)
    for r in group:
        if r.node.via:
            vias[frozenset(r.node.via)].append(r)
    chains_via = list(vias)
    if any(not (a & b) for x, a in enumerate(chains_via) for b in chains_via[x + 1:]):
        parts = [f"{_docs(rs)} via {', '.join(actors[k].label if k in actors else k for k in sorted(keys))}"
                 for keys, rs in sorted(vias.items(), key=lambda kv: _docs(kv[1]))]
        out.append(("via", "The outlets pass this claim on through different intermediaries: " + "; ".join(parts)
                    + "."))
    # --- polarity and certainty
    polarities = defaultdict(list)
    for r in group:
        polarities[r.node.polarity].append(r)
    if len(polarities) > 1:
        out.append(("polarity", f"{_docs(polarities.get('positive', []))} report it as so; "
                                f"{_docs(polarities.get('negative', []))} report it as not so."))
    levels = defaultdict(list)
    for r in group:
        levels[r.node.certainty].append(r)
    steps = [CERTAINTY_STEPS.get(level, 0) for level in levels]
    if steps and max(steps) - min(steps) >= 2:
        parts = [f"{_docs(rs)} as {level}" for level, rs in sorted(levels.items(), key=lambda kv: CERTAINTY_STEPS.get(
            kv[0], 0))]
        out.append(("certainty", "The outlets differ in how sure the claim is: " + "; ".join(parts) + "."))
    # --- facts: whose forces are where
    presence: dict[str, dict[str, list[Report]]] = defaultdict(lambda: defaultdict(list))
    place_labels: dict[str, str] = {}
    for r in group:
        for place, side, text in force_presence(r, rules):
            if r not in presence[place][side]:
                presence[place][side].append(r)
            place_labels[place] = text
    for place in sorted(presence):
        sides = presence[place]
        if len(sides) > 1:
            label = actors[place].label if place in actors else place_labels[place]
            parts = [f"{_docs(rs)} put {_side_label(side, actors)} forces there" for side, rs in sorted(sides.items())]
            out.append(("fact", f"The outlets disagree on whose forces are in {label}: " + "; ".join(parts) + "."))
    # --- figures
    out.extend(figure_discrepancies(group, rules))
    return out


def _side_label(key: str, actors: dict[str, ActorNode]) -> str:
    entry = load_gazetteer().get(key)
    if entry is not None and entry.demonyms:
        return entry.demonyms[0]
    return actors[key].label if key in actors else key


@functools.cache
def _demonym_pattern() -> re.Pattern:
    gazetteer = load_gazetteer()
    words = sorted({d for e in gazetteer.entries.values() if e.kind == "State" for d in e.demonyms}, key=len,
                   reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


def force_presence(report: Report, rules: MergeRules) -> list[tuple[str, str, str]]:
    """(place key, side key, place text) for each "<demonym> forces … <place>" in the report's content:
    the forces named last before a place are the ones said to be there ("push Ukrainian forces out of
    the Kursk region", "Ukrainian forces remain in control of … the Kursk Oblast")."""
    mention = report.mention
    content = mention.content
    places = sorted((m for m in mention.about_entities if m.kind == PLACE and m.key), key=lambda m: m.span.begin)
    if not places:
        return []
    gazetteer = load_gazetteer()
    text = report.node.mention.text
    base = report.node.mention.span.begin
    forces: list[tuple[int, str]] = []  # (end offset in document, side key)
    for match in _demonym_pattern().finditer(text):
        noun = re.match(r"\s+(\w+)", text[match.end():])
        if noun and noun.group(1).lower() in rules.force_nouns:
            side = gazetteer.demonym(match.group(1))
            if side:
                forces.append((base + match.end() + noun.end(), gazetteer.acting_key(side)))
    out = []
    for place in places:
        if not (content.begin <= place.span.begin < content.end) and not report.node.mention.span.contains(place.span):
            continue
        before = [(end, side) for end, side in forces if end <= place.span.begin]
        if not before:
            continue
        end, side = before[-1]
        words_between = len(re.findall(r"\w+", _slice(report, end, place.span.begin)))
        if words_between <= rules.force_window:
            out.append((place.key, side, place.text))
    return out


def _slice(report: Report, begin: int, end: int) -> str:
    mention = report.node.mention
    return mention.text[begin - mention.span.begin:end - mention.span.begin]
