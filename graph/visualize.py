"""The interactive HTML graph: one self-contained page, fully offline.

The page holds the network (pyvis builds the vis-network nodes and edges; vis-network's own
script is inlined from the copy pyvis ships, so no CDN is ever asked for anything), a legend
that filters by kind, search and filter menus, a side panel with every node's evidence (and a
person's offices), relations between actors drawn apart and shown or hidden by one checkbox, a
timeline of the events, and the analytics of graph/analytics.py.

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
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
import rdflib
from pyvis.network import Network

from graph.analytics import (
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
from graph.fileio import atomic_write_text
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


def write_html(graph: rdflib.Graph, path: Path, *, document: str | list[str] | None = None,
               actor: str | list[str] | None = None, since: dt.date | str | None = None,
               kind: str | list[str] | None = None, title: str | None = None) -> Path:
    """Write the interactive page of ``graph`` (a core-profile graph) to ``path``, atomically.

    The filters (see Story.filtered) keep part of the graph: documents by id, actors by name
    and their neighbourhood, events and claims since a date, nodes of some kinds.
    """
    style = load_style()
    story = read_story(graph, context_chars=style["layout"]["context_chars"])
    filters = {"document": document, "actor": actor, "since": since, "kind": kind}
    story = story.filtered(**filters)
    atomic_write_text(Path(path), render_html(story, title=title or _title(filters)))
    return Path(path)


def _title(filters: dict[str, Any]) -> str:
    parts = [f"{name} {', '.join(v) if isinstance(v, list | tuple) else v}" for name, v in filters.items() if v]
    return "Parley — negotiations graph" + (f" ({'; '.join(parts)})" if parts else "")


def render_html(story: Story, analytics: Analytics | None = None, title: str = "Parley — negotiations graph") -> str:
    """The page, as a string. Deterministic: the same story gives the same bytes."""
    style = load_style()
    analytics = analytics or analyze(story)
    shown = most_important(story, analytics, style["layout"]["max_nodes"])
    data = page_data(shown, analytics, style)
    if len(shown.nodes) < len(story.nodes):
        data["summary"] += (f" · showing the {len(shown.nodes):,} most important of {len(story.nodes):,} nodes"
                            " (filter with parley viz --document, --actor, --since, --kind)")
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


def most_important(story: Story, analytics: Analytics, limit: int) -> Story:
    """The story cut to its ``limit`` most important nodes (PageRank), when it has more: a browser
    cannot draw a network of tens of thousands of nodes usefully. The analytics stay those of the
    whole story."""
    if len(story.nodes) <= limit:
        return story
    rank = analytics.importance
    keep = set(sorted(story.nodes, key=lambda iri: (-rank.get(iri, 0.0), iri))[:limit])
    return Story(nodes={iri: n for iri, n in story.nodes.items() if iri in keep},
                 edges=[e for e in story.edges if e.source in keep and e.target in keep], documents=story.documents)


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
    nodes, edges, options, note = build_network(story, analytics, style)
    large = len(story.nodes) > style["layout"]["physics_max_nodes"]
    max_evidence = style["layout"]["max_evidence_large" if large else "max_evidence"]
    scores = {a.iri: a for a in analytics.actors}
    differences: dict[str, list[str]] = {}
    for difference in analytics.differences:
        differences.setdefault(difference.subject, []).append(difference.detail)
    order = sorted(analytics.importance, key=lambda i: (-analytics.importance[i], i))
    ranks = {iri: n for n, iri in enumerate(order, 1)}
    return {
        "summary": _summary(story, analytics),
        "overview": overview(story, analytics),
        "style": {"kinds": style["kinds"], "communities": style["communities"]["colors"],
                  "communityOther": style["communities"]["other"],
                  "relations": {k: style["relation_edges"][k] for k in ("shown", "dashes", "legend")}},
        "options": options,
        "layoutNote": note,
        "nodes": nodes,
        "edges": edges,
        "details": {iri: _details(story, analytics, node, style, max_evidence, scores, ranks) | {
                    "differences": differences.get(iri, [])} for iri, node in story.nodes.items()},
        "documents": {iri: {"id": d.id, "title": d.headline, "issued": d.issued.isoformat() if d.issued else None,
                            "outlet": story.label(d.outlet) if d.outlet else None}
                      for iri, d in story.documents.items()},
        "plover": _plover_legend(story, style),
        "relations": _relation_legend(story, style),
        "communities": [[story.label(m) for m in c[:10]] for c in analytics.communities],
        "timeline": timeline(story, style),
        "timelineRows": style["layout"]["timeline_rows"],
        "analytics": _analytics_data(story, analytics),
    }


def node_color(node: Node, style: dict[str, Any]) -> str:
    if node.kind == "Event" and node.plover and node.plover in style["plover"]:
        return style["plover"][node.plover]
    return style["kinds"].get(node.kind, style["kinds"]["Actor"])["color"]


def build_network(story: Story, analytics: Analytics,
                  style: dict[str, Any]) -> tuple[list[dict], list[dict], dict[str, Any], str]:
    """vis-network nodes, edges and options, built with pyvis; positions from networkx when the
    graph is too large for the browser's physics."""
    lay = style["layout"]
    count = len(story.nodes)
    positions = layout_positions(story, style) if count > lay["physics_max_nodes"] else None
    imp = analytics.importance
    lo, hi = (min(imp.values()), max(imp.values())) if imp else (0.0, 0.0)
    net = Network(directed=True, height="100%", width="100%")
    for iri, node in story.nodes.items():
        kind = style["kinds"].get(node.kind, style["kinds"]["Actor"])
        color = node_color(node, style)
        share = (imp.get(iri, lo) - lo) / (hi - lo) if hi > lo else 0.5
        size = lay["min_size"] + (lay["max_size"] - lay["min_size"]) * math.sqrt(share)
        size = round(max(lay["min_size"], size * kind.get("size_factor", 1.0)), 1)
        extra: dict[str, Any] = {}
        if positions is not None:
            extra.update(x=positions[iri][0], y=positions[iri][1], physics=False)
        if kind.get("dashed"):
            extra["shapeProperties"] = {"borderDashes": [4, 3]}
        # Labels grow with importance, so that the main actors stay readable when the whole graph
        # is in view; kinds with a fixed font_size (claims, events) show theirs when zoomed in.
        font = kind.get("font_size") or round(lay["font_min"] + (lay["font_max"] - lay["font_min"]) * math.sqrt(share))
        extra["font"] = {"size": font}
        net.add_node(iri, label=_cut(node.label, lay["label_chars"]), shape=kind["shape"], size=size,
                     color={"background": color, "border": _darker(color),
                            "highlight": {"background": color, "border": "#1a202c"},
                            "hover": {"background": color, "border": "#1a202c"}},
                     kind=node.kind, **extra)
    relations = style["edges"]
    max_evidence = lay["max_evidence_large" if count > lay["physics_max_nodes"] else "max_evidence"]
    for i, edge in enumerate(story.edges):
        rel = relations.get(edge.relation, {"label": edge.relation, "color": "#a0aec0"})
        dashes: bool | list[int] = edge.relation in _DASHED_LINKS
        width = round(1 + 0.6 * max(0, len(edge.documents) - 1), 1)
        grounding: dict[str, Any] = {}
        if edge.kind == "relation":
            # Relations (offices, membership, location) carry the passages that state them, and
            # the page's "Relations" checkbox shows or hides them (by their kind).
            dashes = style["relation_edges"]["dashes"]
            width = max(width, style["relation_edges"]["width"])
            grounding = {"evidence": [_evidence(e) for e in edge.evidence[:max_evidence]],
                         "moreEvidence": max(0, len(edge.evidence) - max_evidence), "gazetteer": edge.gazetteer}
        net.add_edge(edge.source, edge.target, id=f"e{i}", label=_cut(edge_label(edge, rel), lay["label_chars"]),
                     relation=edge.relation, kind=edge.kind, documents=list(edge.documents),
                     color={"color": rel["color"], "highlight": "#1a202c", "opacity": 0.85},
                     width=width, dashes=dashes, **grounding)
    large = count > 600
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": count <= 150},
        "physics": {
            "enabled": positions is None,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.01, "springLength": 120,
                                 "springConstant": 0.06, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 500, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": False},
        "nodes": {"borderWidth": 1.5, "font": {"size": 13, "face": "system-ui, DejaVu Sans, sans-serif",
                                                "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # Labels smaller than this on screen are not drawn: zoom in to read the small ones.
                  "scaling": {"label": {"enabled": False, "drawThreshold": lay["label_draw_threshold"]}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}}, "selectionWidth": 2,
                  "font": {"size": 10, "align": "middle", "color": "#4a5568", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.3},
                  "scaling": {"label": {"enabled": False, "drawThreshold": lay["label_draw_threshold"]}}},
    }
    note = (f"{count} nodes: force layout computed in Python (networkx), physics off; unlinked nodes below"
            if positions is not None else f"{count} nodes: laid out by vis-network's physics, then frozen")
    return net.nodes, net.edges, options, note


def layout_positions(story: Story, style: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Node positions in pixels, computed here so that the browser need not run physics.

    Deterministic: sorted input, fixed seeds. Up to 500 nodes networkx's spring layout; above,
    its sparse variant loops in Python per node and takes tens of seconds at 2,000 nodes, so the
    same Fruchterman-Reingold model runs vectorized (see _force_layout) on networkx's adjacency.
    """
    import numpy as np

    lay = style["layout"]
    full = nx.Graph()
    full.add_nodes_from(sorted(story.nodes))
    full.add_edges_from((e.source, e.target) for e in story.edges)
    # Unlinked nodes would be pushed to a far ring by the repulsion and shrink the rest to a
    # dot when the view fits: they get a grid of their own, below the linked part.
    isolated = sorted((v for v in full if full.degree(v) == 0), key=lambda v: (story.nodes[v].kind, v))
    g = full.subgraph([v for v in full if full.degree(v) > 0]).copy()
    n = g.number_of_nodes()
    if n == 0:
        return _grid(isolated, 0.0, lay)
    # k a little above the default 1/sqrt(n) spreads the hubs' neighbours so labels can be read.
    k = lay["layout_spread"] / math.sqrt(n)
    if n < 500:
        pos = nx.spring_layout(g, k=k, iterations=lay["layout_iterations"], seed=7)
        coords = np.array([pos[v] for v in g])
    elif n <= lay["dense_layout_max_nodes"]:
        start = np.random.default_rng(7).random((n, 2), dtype=np.float32)
        coords = _force_layout(nx.to_numpy_array(g, dtype=np.float32), start, k, lay["layout_iterations"])
    else:  # too many nodes for n×n arrays: networkx's sparse layout, few iterations
        pos = nx.spring_layout(g, k=k, iterations=lay["layout_iterations_large"], seed=7)
        coords = np.array([pos[v] for v in g])
    coords = coords - coords.mean(axis=0)
    coords = coords / max(float(np.abs(coords).max()), 1e-9)
    scale = lay["layout_scale"] * math.sqrt(n)
    positions = {v: (round(float(x) * scale, 1), round(float(y) * scale, 1))
                 for v, (x, y) in zip(g, coords, strict=True)}
    positions.update(_grid(isolated, scale + 4 * lay["max_size"], lay))
    return positions


def _grid(nodes: list[str], top: float, lay: dict[str, Any]) -> dict[str, tuple[float, float]]:
    step = 4 * lay["max_size"]
    columns = max(1, math.ceil(math.sqrt(len(nodes) * 3)))  # three times wider than high
    left = -(columns - 1) * step / 2
    return {v: (round(left + (i % columns) * step, 1), round(top + (i // columns) * step, 1))
            for i, v in enumerate(nodes)}


def _force_layout(adjacency, coords, k: float, iterations: int, gravity: float = 1.0):
    """Fruchterman-Reingold (as networkx's spring layout: repulsion k²/d, attraction d²/k along
    edges, a cooling step) with n×n numpy arrays per axis, plus a weak pull to the centre so
    that small disconnected parts stay near the rest."""
    import numpy as np

    x, y = coords[:, 0].copy(), coords[:, 1].copy()
    temperature = np.float32(0.1)
    cooling = temperature / (iterations + 1)
    kk = np.float32(k * k)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        d2 = dx * dx + dy * dy
        np.maximum(d2, 1e-6, out=d2)
        force = kk / d2 - adjacency * (np.sqrt(d2) / np.float32(k))
        mx = (dx * force).sum(axis=1) - gravity * (x - x.mean())
        my = (dy * force).sum(axis=1) - gravity * (y - y.mean())
        length = np.sqrt(mx * mx + my * my)
        np.maximum(length, 0.01, out=length)
        x += mx * (temperature / length)
        y += my * (temperature / length)
        temperature -= cooling
    return np.stack([x, y], axis=1)


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


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"doc": e.doc, "begin": e.begin, "end": e.end, "before": e.before, "quote": e.quote, "after": e.after}


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


def _details(story: Story, analytics: Analytics, node: Node, style: dict[str, Any], max_evidence: int,
             scores: dict[str, ActorScore], ranks: dict[str, int]) -> dict:
    relations = style["edges"]
    out, into = [], []
    offices = []
    for e in story.edges_of(node.iri):
        rel = relations.get(e.relation, {})
        if e.source == node.iri:
            out.append([edge_label(e, rel), e.target])
        else:
            into.append([_inverse_label(e, rel), e.source])
        if e.relation == "holdsOffice" and e.source == node.iri:
            offices.append({"office": edge_label(e, rel), "status": e.status, "concept": e.concept, "where": e.target,
                            "documents": list(e.documents), "gazetteer": e.gazetteer,
                            "evidence": [_evidence(x) for x in e.evidence[:max_evidence]],
                            "moreEvidence": max(0, len(e.evidence) - max_evidence)})
    score = scores.get(node.iri)
    rank = ranks.get(node.iri)
    importance = analytics.importance
    tooltip_n = style["layout"]["tooltip_evidence"]
    quotes = [_cut(f"{e.before}{e.quote}{e.after}", 170) for e in node.evidence[:tooltip_n]]
    if node.kind == "Claim":
        quotes = [_cut(node.statement or node.label, 170)] + [
            _cut(a.evidence.quote, 170) for a in node.assertions[:tooltip_n] if a.evidence]
    when = describe_interval(node.begin, node.end)
    if node.kind == "Claim":
        dates = sorted({d.issued for i in node.documents if (d := story.documents.get(i)) and d.issued})
        if dates:
            when = "reported " + (dates[0].isoformat() if len(dates) == 1 else f"{dates[0]} – {dates[-1]}")
    neighbour_communities = sorted({analytics.community_of[x] for _, x in out + into if x in analytics.community_of})
    return {
        "label": node.label, "kind": node.kind, "kindLabel": _kind_label(node, style), "color": node_color(node, style),
        "wikidata": node.wikidata, "when": when, "plover": node.plover, "cameo": node.cameo, "alt": node.alt_labels,
        "statement": node.statement, "documents": sorted(node.documents),
        "importance": f"{importance[node.iri]:.4f} (rank {rank} of {len(ranks)})" if rank else None,
        "betweenness": f"{score.betweenness:.3f}" if score and score.betweenness > 0 else None,
        "community": analytics.community_of.get(node.iri),
        "neighbourCommunities": neighbour_communities,
        "out": out, "in": into,
        "offices": offices,
        "evidence": [_evidence(e) for e in node.evidence[:max_evidence]],
        "moreEvidence": max(0, len(node.evidence) - max_evidence),
        "tooltip": quotes,
        "assertions": [{"doc": a.doc, "source": story.label(a.source) if a.source else None,
                        "via": [story.label(v) for v in a.via], "certainty": a.certainty, "polarity": a.polarity,
                        "evidence": _evidence(a.evidence) if a.evidence else None}
                       for a in node.assertions[:max_evidence]],
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


def timeline(story: Story, style: dict[str, Any]) -> list[dict[str, Any]]:
    """Events in time order, each with its participants and the outlets that report it."""
    rows = []
    for event in story.of_kind("Event"):
        roles: dict[str, list[str]] = {}
        for e in story.edges_of(event.iri):
            if e.source == event.iri and e.relation != "disruptedBy":
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
        parts.append(f"reported by: {', '.join(outlets) if outlets else 'no document'}")
        rows.append({"id": event.iri, "label": event.label, "color": node_color(event, style),
                     "begin": event.begin.isoformat() if event.begin else None,
                     "end": event.end.isoformat() if event.end else None,
                     "parties": roles, "outlets": outlets, "detail": " · ".join(parts)})
    rows.sort(key=lambda r: (r["begin"] is None, r["begin"] or "", r["end"] or "", r["label"]))
    return rows


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
        "differences": [d.detail for d in analytics.differences[:top]],
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
