"""The interactive HTML graph: one self-contained page, fully offline.

The page holds the network (vis-network, inlined from the copy pyvis ships, so no CDN is ever
asked for anything): an overview of at most a few hundred items (graph/viz_overview.py: claims
folded into counts, anonymous sources grouped by affiliation, negotiation tracks grouped) that
a click expands from the data in the page; a legend that filters by kind, search over every
node, a side panel that leads with an item's facts (an event's kind, time, place, parties,
mediator, host, status, outlets) before its differences and passages, a timeline fitted to the
corpus's range, and the analytics of graph/analytics.py. Documents are named by outlet, title
and date (analytics.Document.describe), never by their id.

Article text is data. All of it travels in one JSON block whose ``<``, ``>`` and ``&`` are
escaped, and the page's script only ever puts it into the document as text nodes. A Content
Security Policy that allows exactly the page's own two scripts (by hash) and no request to
anywhere is the second line of defence.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import json
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyvis
import rdflib

from graph.analytics import (
    RELATIONS,
    ActorScore,
    Analytics,
    Edge,
    Evidence,
    Node,
    Story,
    analyze,
    between_words,
    headline,
    headline_counts,
    read_story,
)
from graph.corrections.page import selector_toml
from graph.corrections.parse import VALUES as CHANGE_VALUES
from graph.errors import ParleyError
from graph.fileio import atomic_write_text
from graph.triple_index import TripleIndex
from graph.viz_overview import SAYS, WORDS, Item, Overview, build_overview, roles_of
from graph.wording import count as counted

VIZ_DIR = Path(__file__).parent / "data" / "viz"
VIS_VERSION = "9.1.2"
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
# Links drawn dashed (vis-network's default, 5 on 5): a claim's intermediaries and subjects, a source's affiliation.
_DASHED_LINKS = ("via", "about", "affiliation")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@functools.cache
def load_style() -> dict[str, Any]:
    with open(VIZ_DIR / "style.toml", "rb") as handle:
        return tomllib.load(handle)


@functools.cache
def _asset(path: Path, inline: bool = True) -> str:
    text = path.read_text(encoding="utf-8")
    # A source-map comment would make developer tools look for a file that is not there.
    text = re.sub(r"^//# sourceMappingURL=\S*$", "", text, flags=re.MULTILINE)
    # Inlined into a <script> or <style>: a closing tag in it would end the element early.
    if inline and (re.search(r"</(script|style)", text, re.IGNORECASE) or "<!--" in text):
        raise RuntimeError(f"{path} cannot be inlined: it contains a closing tag or <!--")
    return text


def write_html(graph: rdflib.Graph | TripleIndex, path: Path, *, document: str | list[str] | None = None,
               actor: str | list[str] | None = None, since: dt.date | str | None = None,
               kind: str | list[str] | None = None, title: str | None = None) -> Path:
    """Write the interactive page of ``graph`` (a core-profile graph: an rdflib graph, or its triples as
    graph/triple_index.py holds them, as a build gives them) to ``path``, atomically.

    The filters (see Story.filtered) keep part of the graph: documents by id, actors by name
    and their neighbourhood, events and claims since a date, nodes of some kinds.
    """
    style = load_style()
    story = read_story(graph, context_chars=style["layout"]["context_chars"])
    filters = {"document": document, "actor": actor, "since": since, "kind": kind}
    story = story.filtered(**filters)
    if not story.nodes:
        given = "; ".join(f"--{k} {', '.join(v) if isinstance(v, list | tuple) else v}"
                          for k, v in filters.items() if v)
        raise NothingMatched(f"nothing matched: {given or 'the graph'} leaves no node to draw; no page written")
    atomic_write_text(Path(path), render_html(story, title=title or _title(filters)))
    return Path(path)


class NothingMatched(ParleyError):
    """The filters (or the graph) leave nothing to draw: ``parley viz`` exits 1 and writes no page."""


def _title(filters: dict[str, Any]) -> str:
    parts = [f"{name} {', '.join(v) if isinstance(v, list | tuple) else v}" for name, v in filters.items() if v]
    return "Parley — negotiations graph" + (f" ({'; '.join(parts)})" if parts else "")


def render_html(story: Story, analytics: Analytics | None = None, title: str = "Parley — negotiations graph") -> str:
    """The page, as a string. Deterministic: the same story gives the same bytes."""
    style = load_style()
    analytics = analytics or analyze(story)
    data = page_data(story, analytics, style)
    vis_js, app_js = _asset(VIS_JS), _asset(VIZ_DIR / "app.js")
    csp = ("default-src 'none'; "
           f"script-src {_script_hash(vis_js)} {_script_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    parts = {
        "TITLE": html.escape(title), "CSP": html.escape(csp), "VIS_VERSION": VIS_VERSION,
        "CSS": _asset(VIZ_DIR / "page.css"), "DATA": embed_json(data), "VIS": vis_js, "APP": app_js,
    }
    template = _asset(VIZ_DIR / "page.html", inline=False)
    # One pass over the template: text put in is never scanned for placeholders again.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def embed_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no character of it can close the element,
    open a comment or start markup. ``<``, ``>`` and ``&`` only occur inside JSON strings, where
    the \\u escapes mean the same characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ------------------------------------------------------------------ the data the page draws


def page_data(story: Story, analytics: Analytics, style: dict[str, Any]) -> dict[str, Any]:
    conf = style["overview"]
    view = build_overview(story, analytics, style, worded=lambda e: _worded_label(e, style))
    docs = _DocumentTable(story, compact=len(story.documents) > conf["document_filter_max"])
    scores = {a.iri: a for a in analytics.actors}
    differences: dict[str, list[str]] = {}
    for difference in analytics.differences:
        differences.setdefault(difference.subject, []).append(difference.detail)
    order = sorted(analytics.importance, key=lambda i: (-analytics.importance[i], i))
    ranks = {iri: n for n, iri in enumerate(order, 1)}
    relations = sorted({rel for _, _, rel, _ in view.links} | {e.relation for e in story.edges})
    rel_index = {r: i for i, r in enumerate(relations)}
    context = _Context(story, analytics, style, docs, scores, ranks, differences, view)

    # Details (facts, links, passages) for the drawn items and the next most important ones; what lies
    # beyond is named, linked and found by search, and opened in full by filtering (parley viz --actor).
    # Their size is bounded (style.toml [overview] details_bytes): the drawn items always have theirs, the
    # next ones until the budget is spent, so that the page stays a few megabytes at any corpus size.
    # A group's members have details of their own too (its panel lists them): beyond each group's first
    # member, while member_details_bytes lasts (at 10,000 articles the drawn tracks have thousands of
    # members, whose details alone were 5 MB).
    details: dict[str, dict] = {}
    claims: dict[str, dict] = {}
    spent = members_spent = 0

    def keep(table: dict[str, dict], key: str, value: dict) -> int:
        nonlocal spent
        table[key] = value
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":"))) + len(key)
        spent += size
        return size

    listed = 0  # members the groups' panels list: members_detailed each, members_listed_after beyond members_listed
    for i, item in enumerate(view.items[: view.drawn + conf["detail_items"]]):
        drawn = i < view.drawn
        if not drawn and spent > conf["details_bytes"]:
            break
        evidence = conf["evidence_drawn"] if drawn else conf["evidence_other"]
        cap = conf["members_detailed"] if listed < conf["members_listed"] else conf["members_listed_after"]
        if item.group:
            listed += min(cap, len(item.members))
        for k, member in enumerate(item.members[:cap]):
            if k and members_spent > conf["member_details_bytes"]:
                break
            detail = _details(context, story.nodes[member], evidence)
            if drawn:  # the panel's "copy as correction" (for what is drawn: finding its selector costs)
                detail["correction"] = correction_snippet(story.nodes[member], context.around(member))
            size = keep(details, member, _compact(detail))
            members_spent += size if item.group else 0
        if item.group:
            keep(details, item.key, _compact(_group_details(context, item, cap)))
        for claim in item.claims[: conf["claims_per_item"] if drawn else 0]:
            if claim not in claims:
                detail = _claim_details(context, story.nodes[claim], conf["assertions_per_claim"])
                detail["correction"] = correction_snippet(story.nodes[claim], story)
                keep(claims, claim, _compact(detail))
    nodes = [_item_node(context, i, item) for i, item in enumerate(view.items)]
    # Search reaches every node: the items' own names, then the members of groups and the claims.
    names = [[alt, i] for i, item in enumerate(view.items)
             for m in item.members if not item.group for alt in story.nodes[m].alt_labels]
    names += _member_names(story, view, details, conf)
    # (a claim: [words, the item it is about, its IRI, 1]; claims about an item left out of the page are left
    # out too, and at most search_claims of them, those about the most important items first)
    found = [(view.item_of.get(anchor, len(view.items)), c.iri, c) for c in story.of_kind("Claim")
             if (anchor := _claim_anchor(story, c.iri)) in view.item_of or not anchor]
    found.sort(key=lambda x: (x[0], x[1]))
    names += [[_cut(c.statement or c.label, 100), i if i < len(view.items) else -1, iri, 1]
              for i, iri, c in found[: conf["search_claims"]]]
    empty = not story.nodes
    return {
        "summary": _summary(story, analytics)
                   + (f" · drawing the {view.drawn:,} most important of {len(view.items):,} items"
                      " (claims counted on what they are about; click a node to expand it, search finds any node)"
                      if view.drawn < len(view.items) else "")
                   + (f" · {view.left_out:,} less important items are not in this page (parley viz --actor NAME"
                      " draws one's neighbourhood; parley serve explores them all)" if view.left_out else ""),
        "empty": "nothing matched: the graph (or the filters given) leaves no node to draw" if empty else None,
        "overview": overview(story, analytics),
        "style": {"kinds": style["kinds"] | _GROUP_KINDS, "communities": style["communities"]["colors"],
                  "communityOther": style["communities"]["other"],
                  "relations": {k: style["relation_edges"][k] for k in ("shown", "dashes", "legend")},
                  "minLabelPx": conf["min_label_px"], "linksDrawn": conf["links_drawn"],
                  "expandStep": conf["expand_step"]},
        "options": _options(style),
        "layoutNote": f"{view.drawn} of {len(view.items)} items drawn, laid out by vis-network's physics, then frozen",
        "nodes": nodes,
        "drawn": view.drawn,
        # [from item, to item, relation, edges of the story, corrected (the hook of graph/corrections.py)]
        "links": [[a, b, rel_index[rel], n, *([1] if (a, b, rel) in view.corrected else [])]
                  for a, b, rel, n in view.links],
        "linkEvidence": _link_evidence(context, view, conf["evidence_drawn"]),
        "relationNames": relations,
        "relationStyle": {r: _relation_style(r, style) for r in relations},
        "names": names,
        "details": details,
        "claims": claims,
        "documents": docs.rows,
        "documentFilter": len(story.documents) <= conf["document_filter_max"],
        "plover": _plover_legend(story, style),
        "relations": _relation_legend(story, style),
        "communities": [[story.label(m) for m in c[:10]] for c in analytics.communities],
        "timeline": timeline(story, style, view),
        "timelineRows": style["layout"]["timeline_rows"],
        "analytics": _analytics_data(story, analytics),
    }


def _member_names(story: Story, view: Overview, details: dict[str, dict], conf: dict[str, Any]) -> list[list[Any]]:
    """Search's entries for the members of groups, [name, item, IRI]: every member a group's panel lists,
    and of the others the first search_members (of the most important groups first): at 10,000 articles
    the tracks had 39,000 members, 4.8 MB of names."""
    listed = {m[0] for item in view.items if item.group and item.key in details
              for m in details[item.key].get("members", ())}
    found: list[list[Any]] = []
    others = 0
    for i, item in enumerate(view.items):
        if not item.group:
            continue
        for m in item.members:
            if m not in listed:
                if others >= conf["search_members"]:
                    continue
                others += 1
            found.append([story.nodes[m].label, i, m])
    return found


# Groups of the overview (graph/viz_overview.py): drawn like the kind they group.
_GROUP_KINDS = {"Track": {"legend": "Negotiation track (events of one track)", "shape": "star", "color": "#3182ce"},
                "Sources": {"legend": "Anonymous sources (by affiliation)", "shape": "triangleDown",
                            "color": "#8a94a6"}}


class _DocumentTable:
    """The documents the page names, each once: [name, outlet, title or first words, date], by index."""

    def __init__(self, story: Story, compact: bool = False):
        self.story = story
        self.compact = compact
        self.rows: list[list[str | None]] = []
        self.index: dict[str, int] = {}

    def ref(self, iri: str) -> int:
        if iri not in self.index:
            doc = self.story.documents.get(iri)
            outlet = self.story.label(doc.outlet) if doc and doc.outlet else None
            title = (doc.title or (f"“{doc.opening}”" if doc.opening else None)) if doc else None
            self.index[iri] = len(self.rows)
            issued = doc.issued.isoformat() if doc and doc.issued else None
            name = self.story.document_name(iri)
            # A corpus of thousands of documents: the name left out where outlet · title · date make it
            # (the page's script joins them), a third of each row.
            if self.compact and outlet and title and name == " · ".join(p for p in (outlet, title, issued) if p):
                name = None
            self.rows.append([name, outlet, title, issued, iri])
        return self.index[iri]


@dataclass
class _Context:
    story: Story
    analytics: Analytics
    style: dict[str, Any]
    docs: _DocumentTable
    scores: dict[str, ActorScore]
    ranks: dict[str, int]
    differences: dict[str, list[str]]
    view: Overview
    _by_document: dict[str, list[str]] | None = None

    def around(self, iri: str) -> Story:
        """The part of the story a node's correction selector looks at: for an event, the events told in
        the document of its first passage (the only ones its words could also find); selector_for scans
        every event of the story it is given, which at 10,000 articles took minutes for the drawn ones."""
        node = self.story.nodes[iri]
        if node.kind != "Event" or not node.evidence:
            return self.story
        if self._by_document is None:
            self._by_document = _events_by_document(self.story)
        first = min(node.evidence, key=lambda e: (e.doc, e.begin))
        nodes = {i: self.story.nodes[i] for i in self._by_document.get(first.doc, ())}
        return Story(nodes=nodes, edges=[], documents=self.story.documents)


def _claim_anchor(story: Story, claim: str) -> str:
    about = sorted(e.target for e in story.edges_of(claim) if e.source == claim and e.relation == "about")
    said = sorted(e.target for e in story.edges_of(claim) if e.source == claim and e.relation == "source")
    return (about or said or [""])[0]


def node_color(node: Node, style: dict[str, Any]) -> str:
    if node.kind == "Event" and node.plover and node.plover in style["plover"]:
        return style["plover"][node.plover]
    return style["kinds"].get(node.kind, style["kinds"]["Actor"])["color"]


def _item_node(ctx: _Context, index: int, item: Item) -> list[Any]:
    """An item as the page's vis-network node (colours expanded by the page's script)."""
    style, lay = ctx.style, ctx.style["layout"]
    first = ctx.story.nodes[item.members[0]]
    kinds = style["kinds"] | _GROUP_KINDS
    kind = kinds.get(item.kind, kinds["Actor"])
    color = node_color(first, style) if item.kind in ("Event", "Track") and first.plover in style["plover"] \
        else kind["color"]
    top = ctx.view.items[0].importance if ctx.view.items else 0.0
    share = item.importance / top if top > 0 else 0.5
    size = lay["min_size"] + (lay["max_size"] - lay["min_size"]) * math.sqrt(share)
    # [id, name, kind, size, colour, claims, members, corrected, linked items]: compact, as there is one per
    # item of the corpus.
    corrected = any(ctx.story.nodes[m].corrected for m in item.members)  # the hook of graph/corrections.py
    return [item.key, item.label, item.kind, round(max(lay["min_size"], size), 1),
            None if color == kind["color"] else color, len(item.claims), len(item.members), 1 if corrected else 0,
            ctx.view.degree[index] if index < len(ctx.view.degree) else 0]


def _link_evidence(ctx: _Context, view: Overview, limit: int) -> dict[str, dict[str, Any]]:
    """The passages that state each relation link (an office, a membership, a location) of the detailed
    items, by the link's index, and whether Parley's gazetteer states it too."""
    detailed = len(view.items[: view.drawn + ctx.style["overview"]["detail_items"]])
    found = {}
    for k, (a, b, rel, _) in enumerate(view.links):
        edges = view.grounds.get((a, b, rel))
        if not edges or (a >= detailed and b >= detailed):
            continue
        passages = [x for e in edges for x in e.evidence]
        found[str(k)] = {"evidence": [_evidence(x, ctx.docs) for x in passages[:limit]],
                         "moreEvidence": max(0, len(passages) - limit),
                         "gazetteer": any(e.gazetteer for e in edges),
                         **_link_documents(ctx, edges)}
    return found


def _link_documents(ctx: _Context, edges: list[Edge]) -> dict[str, Any]:
    """The documents that state a relation link, the first link_documents of them (by IRI) and how many
    more: a relation the gazetteer states too (a capital in its country) is told by thousands of a large
    corpus's documents, and each named one is a row of the page's table of documents."""
    documents = sorted({d for e in edges for d in e.documents})
    cap = ctx.style["overview"]["link_documents"]
    found: dict[str, Any] = {"documents": sorted(ctx.docs.ref(d) for d in documents[:cap])}
    if len(documents) > cap:
        found["moreDocuments"] = len(documents) - cap
    return found


def _worded_label(edge: Edge, style: dict[str, Any]) -> str | None:
    rel = style["edges"].get(edge.relation, {})
    label = edge_label(edge, rel)
    return _cut(label, style["layout"]["label_chars"]) if label != rel.get("label", edge.relation) else None


def _relation_style(relation: str, style: dict[str, Any]) -> dict[str, Any]:
    relation, _, words = relation.partition(WORDS)
    found = _plain_relation_style(relation, style)
    return found | {"label": words} if words else found


def _plain_relation_style(relation: str, style: dict[str, Any]) -> dict[str, Any]:
    # Links of claims are many: drawn without a label (their tooltip names them), so that the roles read.
    if relation == SAYS:
        return {"label": "claims about", "color": "#d53f8c", "dashes": [5, 5], "quiet": True}
    rel = style["edges"].get(relation, {"label": relation, "color": "#a0aec0"})
    kind = "relation" if relation in RELATIONS else "link"
    dashes = style["relation_edges"]["dashes"] if kind == "relation" else [5, 5] if relation in _DASHED_LINKS else False
    return {"label": rel.get("label", relation), "color": rel.get("color", "#a0aec0"), "dashes": dashes, "kind": kind,
            "quiet": relation in _DASHED_LINKS or relation in ("source", "via")}


def _options(style: dict[str, Any]) -> dict[str, Any]:
    lay = style["layout"]
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -260, "centralGravity": 0.02, "springLength": 200,
                                 "springConstant": 0.04, "avoidOverlap": 1},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": False},
        "nodes": {"borderWidth": 1.5, "font": {"size": 14, "face": "system-ui, DejaVu Sans, sans-serif",
                                                "strokeWidth": 3, "strokeColor": "#ffffff", "multi": False},
                  "scaling": {"label": {"enabled": False, "drawThreshold": lay["label_draw_threshold"]}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}}, "selectionWidth": 2,
                  "font": {"size": 12, "align": "middle", "color": "#4a5568", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "scaling": {"label": {"enabled": False, "drawThreshold": lay["label_draw_threshold"]}}},
    }


def _darker(color: str, factor: float = 0.7) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def describe_interval(begin: dt.date | None, end: dt.date | None) -> str | None:
    """'August 2024' for a whole month, '2024' for a year, else the dates."""
    if begin is None:
        return f"until {end.isoformat()}" if end else None
    if end is None:
        return f"from {begin.isoformat()}"
    if begin == end:
        return begin.isoformat()
    next_day = end + dt.timedelta(days=1)
    if begin.day == 1 and next_day.day == 1:
        if begin.month == 1 and next_day.month == 1 and next_day.year == begin.year + 1:
            return str(begin.year)
        if (next_day.year * 12 + next_day.month) - (begin.year * 12 + begin.month) == 1:
            return f"{_MONTHS[begin.month - 1]} {begin.year}"
    return f"{begin.isoformat()} – {end.isoformat()}"


def _kind_label(node: Node, style: dict[str, Any]) -> str:
    if node.kind == "Event":
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", node.event_class or "Event")
        return f"Event: {name}" if name != "Event" else "Event"
    return style["kinds"].get(node.kind, style["kinds"]["Actor"])["legend"]


def _evidence(e: Evidence, docs: _DocumentTable, context: int = 120) -> dict[str, Any]:
    """A passage, its document by index into the page's table of documents (named there once); the
    sentence around the mention cut to ``context`` characters on each side."""
    before = e.before if len(e.before) <= context else "…" + e.before[-context:].lstrip()
    after = e.after if len(e.after) <= context else e.after[:context].rstrip() + "…"
    return {"doc": docs.ref(e.doc), "before": before, "quote": e.quote, "after": after}


def _words(edge: Edge) -> str | None:
    """A relation's own words: the office as written (else its concept: headOfState → 'head of state'),
    or the distance; with the office's status before them ('former Prime Minister')."""
    words = edge.words or (re.sub(r"(?<=[a-z])(?=[A-Z])", " ", edge.concept).lower() if edge.concept else None)
    if words and edge.status:
        return f"{edge.status} {words}"
    return words or edge.status


def edge_label(edge: Edge, rel: dict[str, Any]) -> str:
    """How an edge is labelled: its relation's label, or for a relation with words of its own (an office,
    a distance) those words as style.toml's ``worded`` puts them ('President', '40 km from')."""
    words = _words(edge)
    if words and "worded" in rel:
        return rel["worded"].format(words=words)
    return rel.get("label", edge.relation)


def _inverse_label(edge: Edge, rel: dict[str, Any]) -> str:
    """How the side panel names a link from its target's end: 'office holder (President)'."""
    inverse = rel.get("inverse", edge.relation)
    words = _words(edge)
    return f"{inverse} ({words})" if words and "worded" in rel else inverse


def _details(ctx: _Context, node: Node, max_evidence: int) -> dict:
    story, analytics, style, docs = ctx.story, ctx.analytics, ctx.style, ctx.docs
    relations = style["edges"]
    out, into = [], []
    offices = []
    for e in story.edges_of(node.iri):
        rel = relations.get(e.relation, {})
        if e.source == node.iri:
            if story.nodes[e.target].kind != "Claim":
                out.append([edge_label(e, rel), e.target])
        elif story.nodes[e.source].kind != "Claim":
            into.append([_inverse_label(e, rel), e.source])
        if e.relation == "holdsOffice" and e.source == node.iri:
            offices.append({"office": edge_label(e, rel), "status": e.status, "concept": e.concept, "where": e.target,
                            "gazetteer": e.gazetteer,
                            "evidence": [_evidence(x, docs) for x in e.evidence[:max_evidence]],
                            "moreEvidence": max(0, len(e.evidence) - max_evidence)})
    score = ctx.scores.get(node.iri)
    rank = ctx.ranks.get(node.iri)
    documents = node.documents
    cap = style["overview"]["links_per_node"]
    # The most important neighbours first: a hub's thousands of links are counted, not listed.
    weight = ctx.analytics.importance
    out.sort(key=lambda r: (-weight.get(r[1], 0.0), r[1], r[0]))
    into.sort(key=lambda r: (-weight.get(r[1], 0.0), r[1], r[0]))
    detail = {
        "label": node.label, "kind": node.kind, "kindLabel": _kind_label(node, style), "color": node_color(node, style),
        "wikidata": node.wikidata, "when": describe_interval(node.begin, node.end), "plover": node.plover,
        "cameo": node.cameo, "alt": node.alt_labels, "documentCount": len(documents),
        "importance": f"{analytics.importance[node.iri]:.4f} (rank {rank} of {len(ctx.ranks)})" if rank else None,
        "betweenness": f"{score.betweenness:.3f}" if score and score.betweenness > 0 else None,
        "community": analytics.community_of.get(node.iri),
        "out": out[:cap], "in": into[:cap], "moreLinks": max(0, len(out) - cap) + max(0, len(into) - cap),
        "offices": offices[:cap],
        "evidence": [_evidence(e, docs) for e in node.evidence[:max_evidence]],
        "moreEvidence": max(0, len(node.evidence) - max_evidence),
        **_differences(ctx, node.iri),
    }
    if len(story.documents) <= style["overview"]["document_filter_max"]:
        detail["documents"] = sorted(docs.ref(d) for d in documents)
    if node.corrected:
        detail["corrected"] = True
    if node.kind == "Event":
        detail["facts"] = event_facts(story, [node.iri], style)
    return detail


def _events_by_document(story: Story) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in story.of_kind("Event"):
        for doc in sorted({e.doc for e in node.evidence}):
            found.setdefault(doc, []).append(node.iri)
    return found


def correction_snippet(node: Node, story: Story) -> str:
    """A correction that selects ``node`` (graph/corrections/page.py's selector: it finds the node again
    after a rebuild), for the panel to copy into a corrections file; a comment names what the analyst adds."""
    change = {"Event": "event", "Claim": "claim"}.get(node.kind, "actor")
    return (f'[[correction]]\nchange = "{change}"\n{change} = {selector_toml(node, story)}\n'
            f"# then what to change ({', '.join(CHANGE_VALUES[change])}), by = \"who\", date = YYYY-MM-DD, "
            'note = "why"\n')


def _compact(detail: dict[str, Any]) -> dict[str, Any]:
    """Without the fields that say nothing (None, empty, zero): the page reads a missing field as empty."""
    return {k: v for k, v in detail.items() if v not in (None, [], "", 0) or k in ("label", "kind")}


def _differences(ctx: _Context, iri: str) -> dict[str, Any]:
    found = ctx.differences.get(iri, [])
    cap = ctx.style["overview"]["differences_per_node"]
    return {"differences": [_cut(d, 320) for d in found[:cap]], "moreDifferences": max(0, len(found) - cap)}


def event_facts(story: Story, events: list[str], style: dict[str, Any]) -> list[list[Any]]:
    """What an event panel leads with, in this order: kind and PLOVER category, time, place, parties,
    mediator, host (and the other roles), status, how many outlets report it. Values are text, or lists
    of [IRI, name] for the page to make buttons of."""
    nodes = [story.nodes[e] for e in events]
    first = nodes[0]
    facts: list[list[Any]] = []
    kind = _kind_label(first, style).removeprefix("Event: ")
    plover = sorted({n.plover for n in nodes if n.plover})
    facts.append(["Kind", kind + (f" · PLOVER {', '.join(plover)}" if plover else "")
                  + (f" (CAMEO {first.cameo})" if first.cameo and len(nodes) == 1 else "")])
    begins = [n.begin for n in nodes if n.begin]
    ends = [n.end or n.begin for n in nodes if n.begin]
    facts.append(["Time", describe_interval(min(begins), max(ends)) if begins else "not stated"])
    roles = roles_of(story, events)
    names = {"place": "Place", "party": "Parties", "mediator": "Mediator", "host": "Host", "attacker": "Attacker",
             "target": "Target", "actor": "Also taking part"}
    for role in ("place", "party", "mediator", "host", "attacker", "target", "actor"):
        if role in roles:
            facts.append([names[role], [[iri, story.label(iri)] for iri in roles[role]]])
    statuses = sorted({n.status for n in nodes if n.status})
    facts.append(["Status", ", ".join(statuses) if statuses else "asserted (as reported)"])
    reporting: set[str] = set()
    for n in nodes:
        reporting |= n.documents
        for e in story.edges_of(n.iri):  # claims about the event are reports of it too
            if e.relation == "about" and e.target == n.iri:
                reporting |= story.nodes[e.source].documents
    outlets = {doc.outlet for d in reporting if (doc := story.documents.get(d)) and doc.outlet}
    unnamed = sum(1 for d in reporting if not ((doc := story.documents.get(d)) and doc.outlet))
    facts.append(["Reported by", ", ".join(filter(None, [
        counted(len(outlets), "outlet") if outlets else None,
        counted(len(reporting), "document"), f"{unnamed} without a named outlet" if unnamed else None]))])
    return facts


def _group_details(ctx: _Context, item: Item, cap: int) -> dict:
    """A group's panel: its facts, and its first ``cap`` members listed (the rest counted)."""
    story, style = ctx.story, ctx.style
    kinds = style["kinds"] | _GROUP_KINDS
    members = [[m, story.nodes[m].label, describe_interval(story.nodes[m].begin, story.nodes[m].end)]
               for m in item.members[:cap]]
    detail: dict[str, Any] = {"label": item.label, "kind": item.kind, "kindLabel": kinds[item.kind]["legend"],
                              "color": kinds[item.kind]["color"], "members": members,
                              "moreMembers": max(0, len(item.members) - cap), "out": [], "in": [],
                              "evidence": [], "moreEvidence": 0, "differences": [], "alt": [],
                              "documentCount": len(set().union(*(story.nodes[m].documents for m in item.members)))}
    if item.kind == "Track":
        detail["facts"] = event_facts(story, item.members, style)
    return detail


def _claim_details(ctx: _Context, node: Node, max_evidence: int) -> dict:
    story, docs = ctx.story, ctx.docs
    return {
        "statement": node.statement or node.label, "documentCount": len(node.documents),
        "about": sorted(e.target for e in story.edges_of(node.iri)
                        if e.source == node.iri and e.relation == "about")[: ctx.style["overview"]["links_per_node"]],
        **_differences(ctx, node.iri),
        "assertions": [{"doc": docs.ref(a.doc) if a.doc else None,
                        "source": story.label(a.source) if a.source else None,
                        "via": [story.label(v) for v in a.via], "certainty": a.certainty, "polarity": a.polarity,
                        "evidence": _evidence(a.evidence, docs) if a.evidence else None}
                       for a in node.assertions[:max_evidence]],
        "moreAssertions": max(0, len(node.assertions) - max_evidence),
    }


def _plover_legend(story: Story, style: dict[str, Any]) -> list[dict[str, Any]]:
    counts = Counter(n.plover or "(none)" for n in story.of_kind("Event"))
    return [{"name": name, "count": counts[name],
             "color": style["plover"].get(name, style["kinds"]["Event"]["color"])} for name in sorted(counts)]


def _relation_legend(story: Story, style: dict[str, Any]) -> list[dict[str, Any]]:
    counts = Counter(e.relation for e in story.edges)
    kinds = {e.relation: e.kind for e in story.edges}
    order = list(style["edges"])
    dashes = {r: style["relation_edges"]["dashes"] if kind == "relation" else [5, 5] if r in _DASHED_LINKS else None
              for r, kind in kinds.items()}
    return [{"label": rel.get("legend", rel.get("label", r)), "count": counts[r], "kind": kinds[r],
             "color": rel.get("color", "#a0aec0"), "dashes": dashes[r]}
            for r in sorted(counts, key=lambda r: (order.index(r) if r in order else len(order), r))
            for rel in [style["edges"].get(r, {})]]


def timeline(story: Story, style: dict[str, Any], view: Overview) -> dict[str, Any]:
    """The events of the most important items in time order, each with its track (the item that groups
    it, if any), its parties and the outlets that report it; and the range the axis is fitted to: the
    dates between the [fold, 1 - fold] quantiles, widened by half their span (at least a month), so that
    one stray date does not squeeze the story into a sliver; dates outside are folded at the ends."""
    conf = style["overview"]
    rows, kept = [], 0
    for item in view.items:
        events = [m for m in item.members if story.nodes[m].kind == "Event"]
        if not events:
            continue
        if kept >= conf["timeline_events"]:
            break
        kept += len(events)
        for iri in events:
            rows.append(_timeline_row(story, style, story.nodes[iri], item if item.group else None))
    rows.sort(key=lambda r: (r["begin"] is None, r["begin"] or "", r["end"] or "", r["label"], r["id"]))
    total = sum(1 for n in story.nodes.values() if n.kind == "Event")
    dates = sorted(dt.date.fromisoformat(r["begin"]) for r in rows if r["begin"])
    fit = None
    if dates:
        fold = conf["timeline_fold"]
        lo, hi = dates[int(fold * (len(dates) - 1))], dates[math.ceil((1 - fold) * (len(dates) - 1))]
        margin = max(dt.timedelta(days=15), (hi - lo) / 2)
        fit = [max(dates[0], lo - margin).isoformat(), min(dates[-1], hi + margin).isoformat()]
    return {"rows": rows, "fit": fit, "omitted": total - len(rows)}


def _timeline_row(story: Story, style: dict[str, Any], event: Node, track: Item | None) -> dict[str, Any]:
    roles: dict[str, list[str]] = {}
    for e in story.edges_of(event.iri):
        if e.source == event.iri and e.relation not in ("disruptedBy", "place"):
            label = style["edges"].get(e.relation, {}).get("label", e.relation)
            roles.setdefault(label, []).append(story.label(e.target))
    reporting = set(event.documents)
    for e in story.edges_of(event.iri):  # claims about the event are reports of it too
        if e.relation == "about" and e.target == event.iri:
            reporting |= story.nodes[e.source].documents
    outlets = sorted({story.outlet_of(d) for d in reporting})
    parts = [event.plover or "no category"]
    parts += [f"{role}: {', '.join(sorted(names))}" for role, names in roles.items()]
    disrupted = [story.label(e.target) for e in story.edges_of(event.iri)
                 if e.source == event.iri and e.relation == "disruptedBy"]
    if disrupted:
        parts.append(f"disrupted by: {', '.join(disrupted)}")
    shown = outlets[:6] + ([f"{len(outlets) - 6} more"] if len(outlets) > 6 else [])
    parts.append(f"reported by: {', '.join(shown) if outlets else 'no document'}")
    return {"id": event.iri, "label": event.label, "color": node_color(event, style),
            "begin": event.begin.isoformat() if event.begin else None,
            "end": event.end.isoformat() if event.end else None,
            "track": [track.key, track.label] if track else None, "detail": " · ".join(parts)}


def _analytics_data(story: Story, analytics: Analytics, top: int = 15) -> dict[str, Any]:
    lab = story.label
    mediations = [f"{lab(m.mediator)} ({m.role}) {between_words(story, m.parties)}"
                  f" — {counted(len(m.events), 'event')}: {'; '.join(lab(e) for e in m.events[:3])}"
                  for m in analytics.mediations[:top]]
    mediations += [f"{lab(b.actor)} is a go-between in the network (betweenness {b.betweenness:.3f})"
                   + (f": the only link between {', '.join(f'{lab(x)} and {lab(y)}' for x, y in b.between[:3])}"
                      if b.between else "")
                   for b in analytics.brokers[:5]]
    return {
        "actors": [{"id": a.iri, "label": a.label, "kind": a.kind, "events": a.events, "claims": a.claims,
                    "partners": a.partners, "betweenness": f"{a.betweenness:.3f}", "importance": f"{a.importance:.4f}"}
                   for a in analytics.actors[:top]],
        "mediations": mediations,
        "claims": [{"id": c.claim, "statement": _cut(c.statement, 160), "documents": len(c.documents),
                    "outlets": len(c.outlets) or "", "sources": ", ".join(c.sources)}
                   for c in analytics.corroboration[:top]],
        "differences": [_cut(d.detail, 600) for d in analytics.differences[:top]],
        "communities": [[lab(m) for m in c[:10]] + ([f"and {len(c) - 10} more"] if len(c) > 10 else [])
                        for c in analytics.communities[:10]],
    }


def _summary(story: Story, analytics: Analytics) -> str:
    relations = sum(e.kind == "relation" for e in story.edges)
    return (headline(headline_counts(story, analytics.documents), " · ")
            + f" · {counted(len(story.edges) - relations, 'link')}"
            + (f" · {counted(relations, 'relation')}" if relations else ""))


def overview(story: Story, analytics: Analytics) -> list[str]:
    """A few sentences of what the graph says, all computed from it."""
    lab = story.label
    lines = []
    top = [a for a in analytics.actors if a.kind != "NewsOutlet"][:4]
    if top:
        lines.append("Most central: " + ", ".join(a.label for a in top) + ".")
    for m in analytics.mediations[:3]:
        lines.append(f"{lab(m.mediator)} acts as {m.role} {between_words(story, m.parties)}"
                     f" ({len(m.events)} event{'s' if len(m.events) != 1 else ''}).")
    for e in story.edges:
        if e.relation == "disruptedBy":
            lines.append(f"{lab(e.source)} was disrupted by {lab(e.target)}.")
    if analytics.corroboration:
        best = analytics.corroboration[0]
        if len(best.documents) > 1:
            # Outlets by name only where the documents say who published them (else they are ids).
            named = all((d := story.documents.get(i)) and d.outlet for i in best.documents)
            lines.append(f"Best corroborated claim: “{_cut(best.statement, 120)}” — "
                         f"{counted(len(best.documents), 'document')}"
                         + (f" ({', '.join(best.outlets)})." if named else "."))
        if analytics.differences:
            lines.append(f"The documents differ on {counted(len(analytics.differences), 'point')}: "
                         "see the analytics below.")
    return lines[:8]
