/* Parley's graph page. Everything shown comes from the JSON in #parley-data, and every piece of
 * it is article text or derived from it: it is only ever put in the page as text (textContent,
 * DOM nodes), never as markup, and links are built only from validated identifiers. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("parley-data").textContent);
  var STYLE = DATA.style;
  // Details and claims come without their empty fields (visualize._compact): fill them in once.
  var EMPTY = { differences: [], evidence: [], out: [], in: [], alt: [], offices: [], assertions: [], about: [], via: [] };
  function filled(map) {
    Object.keys(map).forEach(function (k) {
      var d = map[k];
      Object.keys(EMPTY).forEach(function (f) { if (d[f] === undefined) d[f] = []; });
      (d.assertions || []).forEach(function (a) { if (a.via === undefined) a.via = []; });
      if (d.documentCount === undefined) d.documentCount = 0;
    });
    return map;
  }
  var DETAILS = filled(DATA.details);
  var DOCS = DATA.documents;
  var CLAIMS = filled(DATA.claims);
  var relationsBox = document.getElementById("show-relations");
  relationsBox.checked = STYLE.relations.shown;
  var SVGNS = "http://www.w3.org/2000/svg";

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "cls") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // A small SVG of a vis-network shape, for the legend and the panel.
  function shapeIcon(shape, color, dashed) {
    var s = 16, c = 8, r = 6;
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", s); svg.setAttribute("height", s); svg.setAttribute("class", "swatch");
    var p;
    function poly(points) {
      p = document.createElementNS(SVGNS, "polygon");
      p.setAttribute("points", points.map(function (xy) { return xy[0].toFixed(1) + "," + xy[1].toFixed(1); }).join(" "));
    }
    function regular(n, rot, rad) {
      var pts = [];
      for (var i = 0; i < n; i++) {
        var a = rot + i * 2 * Math.PI / n;
        pts.push([c + rad * Math.cos(a), c + rad * Math.sin(a)]);
      }
      return pts;
    }
    if (shape === "square") { poly([[2, 2], [14, 2], [14, 14], [2, 14]]); }
    else if (shape === "triangle") { poly([[c, 1], [15, 14], [1, 14]]); }
    else if (shape === "triangleDown") { poly([[1, 2], [15, 2], [c, 15]]); }
    else if (shape === "diamond") { poly([[c, 1], [15, c], [c, 15], [1, c]]); }
    else if (shape === "hexagon") { poly(regular(6, 0, 7)); }
    else if (shape === "star") {
      var pts = [];
      for (var i = 0; i < 10; i++) {
        var a = -Math.PI / 2 + i * Math.PI / 5, rad = i % 2 ? 3.2 : 7.5;
        pts.push([c + rad * Math.cos(a), c + rad * Math.sin(a)]);
      }
      poly(pts);
    } else {
      p = document.createElementNS(SVGNS, "circle");
      p.setAttribute("cx", c); p.setAttribute("cy", c); p.setAttribute("r", r);
    }
    p.setAttribute("fill", color); p.setAttribute("stroke", "#2d3748"); p.setAttribute("stroke-width", "1");
    if (dashed) p.setAttribute("stroke-dasharray", "2,1.5");
    svg.appendChild(p);
    return svg;
  }

  // A short line in an edge's colour and dashes (a list of dash and gap lengths, or none), for the legend.
  function lineIcon(color, dashes) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", 26); svg.setAttribute("height", 8); svg.setAttribute("class", "swatch");
    var line = document.createElementNS(SVGNS, "line");
    line.setAttribute("x1", 0); line.setAttribute("y1", 4); line.setAttribute("x2", 26); line.setAttribute("y2", 4);
    line.setAttribute("stroke", color); line.setAttribute("stroke-width", 3);
    if (dashes && dashes.length) line.setAttribute("stroke-dasharray", dashes.map(function (n) { return Number(n) * 0.6; }).join(","));
    svg.appendChild(line);
    return svg;
  }

  // A document is named by its outlet, title (else its first words) and date: DATA.documents[i][0].
  function docName(i) {
    var d = DOCS[i];
    if (d && d[0] === null) return [d[1], d[2], d[3]].filter(Boolean).join(" · ");  // (a large corpus's rows)
    return d ? d[0] : "unknown document";
  }

  function quoteBlock(ev, extra) {
    var bq = el("blockquote", null, ev.before ? ev.before : "", el("mark", { text: ev.quote }), ev.after ? ev.after : "");
    bq.appendChild(el("cite", null, extra ? extra : "", docName(ev.doc)));
    return bq;
  }

  // ------------------------------------------------------------------ items: what the network draws

  // DATA.nodes: one per item of the overview (graph/viz_overview.py), most important first:
  // [id, name, kind, size, colour (null: its kind's), claims folded into it, members, corrected, linked items].
  var ITEMS = DATA.nodes;
  var ITEM = {};
  ITEMS.forEach(function (it, i) { ITEM[it[0]] = i; });
  var RELS = DATA.relationNames, RELSTYLE = DATA.relationStyle;
  var ADJ = ITEMS.map(function () { return []; });
  DATA.links.forEach(function (l, k) { ADJ[l[0]].push(k); ADJ[l[1]].push(k); });
  var kindStyle = function (kind) { return STYLE.kinds[kind] || STYLE.kinds.Actor; };
  var fontSize = 14, edgeFontSize = 12;

  function cut(text, n) { return text.length <= n ? text : text.slice(0, n - 1).replace(/\s+$/, "") + "…"; }
  function itemColor(it) { return it[4] || kindStyle(it[2]).color; }
  function itemLabel(it) {
    return cut(it[1], 42) + (it[5] ? "\n" + it[5] + (it[5] === 1 ? " claim" : " claims") : "");
  }

  function tooltip(i) {
    var it = ITEMS[i], d = DETAILS[it[0]] || {};
    var tip = el("div", { cls: "tip" }, el("b", { text: it[1] }),
      el("div", { text: (d.kindLabel || kindStyle(it[2]).legend) + (d.when ? " · " + d.when : "") }));
    (d.evidence || []).slice(0, 2).forEach(function (ev) {
      tip.appendChild(el("div", { cls: "q", text: "“" + cut(ev.before + ev.quote + ev.after, 170) + "”" }));
    });
    if (it[5]) tip.appendChild(el("div", { text: it[5] + " claim(s) about it" }));
    tip.appendChild(el("div", { cls: "muted", text: "click for its facts and evidence; double-click to expand" }));
    return tip;
  }

  // The one place that marks what a correction changed (graph/corrections.py sets Node.corrected and
  // Edge.corrected; visualize.py embeds them as the 8th field of a node and the 5th of a link).
  function markCorrected(visItem) {
    visItem.borderWidth = 3;
    visItem.shapeProperties = { borderDashes: [6, 3] };
    if (visItem.color && typeof visItem.color === "object") visItem.color.border = "#c53030";
    else if (visItem.color) visItem.color = { color: "#c53030", highlight: "#c53030" };
    visItem.label = "✎ " + visItem.label;
    visItem.corrected = true;
    return visItem;
  }

  function visNode(i, x, y) {
    var it = ITEMS[i], k = kindStyle(it[2]), color = itemColor(it);
    var n = { id: it[0], label: itemLabel(it), shape: k.shape, size: it[3], kind: it[2], item: i,
              color: { background: color, border: darker(color), highlight: { background: color, border: "#1a202c" },
                       hover: { background: color, border: "#1a202c" } },
              font: { size: fontSize }, title: tooltip(i) };
    if (k.dashed) n.shapeProperties = { borderDashes: [4, 3] };
    if (x !== undefined) { n.x = x; n.y = y; }
    return it[7] ? markCorrected(n) : n;
  }

  function darker(hex) {
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    function h(v) { return ("0" + Math.floor(v * 0.7).toString(16)).slice(-2); }
    return "#" + h(r) + h(g) + h(b);
  }

  function linkLabel(l) { var rs = RELSTYLE[RELS[l[2]]]; return rs.label + (l[3] > 1 ? " ×" + l[3] : ""); }

  function visEdge(k) {
    var l = DATA.links[k], rel = RELS[l[2]], rs = RELSTYLE[rel];
    var e = { id: "l" + k, from: ITEMS[l[0]][0], to: ITEMS[l[1]][0], label: rs.quiet ? undefined : linkLabel(l),
              title: ITEMS[l[0]][1] + " — " + linkLabel(l) + " → " + ITEMS[l[1]][1], relation: rel,
              kind: rs.kind || "link", link: k, font: { size: edgeFontSize },
              color: { color: rs.color, highlight: "#1a202c", opacity: 0.85 },
              width: Math.min(6, 1 + 0.5 * Math.log2(l[3])), dashes: rs.dashes || false };
    if (e.kind === "relation") e.hidden = !relationsShown();
    return l[4] ? markCorrected(e) : e;
  }

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var present = {};
  function addItems(list, around) {
    var fresh = list.filter(function (i) { return !present[i]; });
    if (!fresh.length) return 0;
    var centre = around !== undefined && present[around] ? network.getPosition(ITEMS[around][0]) : null;
    nodes.add(fresh.map(function (i, n) {
      present[i] = true;
      if (!centre) return visNode(i);
      var angle = 2 * Math.PI * n / fresh.length, r = 160 + 12 * Math.sqrt(fresh.length);
      return visNode(i, centre.x + r * Math.cos(angle), centre.y + r * Math.sin(angle));
    }));
    var added = {};
    var newEdges = [];
    fresh.forEach(function (i) {
      ADJ[i].forEach(function (k) {
        var l = DATA.links[k];
        if (!added[k] && present[l[0]] && present[l[1]] && !edges.get("l" + k)) { added[k] = true; newEdges.push(visEdge(k)); }
      });
    });
    edges.add(newEdges);
    applyFilters();
    return fresh.length;
  }

  // Expanding an item: its linked items (those the page carries: its strongest links) are drawn around it.
  function neighbours(i) {
    var out = [];
    ADJ[i].forEach(function (k) { var l = DATA.links[k]; out.push(l[0] === i ? l[1] : l[0]); });
    return out.filter(function (j, n) { return out.indexOf(j) === n; });
  }
  function expand(id) {
    var i = ITEM[id];
    if (i === undefined) return 0;
    // The most important linked items not yet drawn, a few at a time (a hub has hundreds), and the
    // item's own links among the drawn ones.
    var next = neighbours(i).filter(function (j) { return !present[j]; }).sort(function (a, b) { return a - b; });
    var count = addItems(next.slice(0, STYLE.expandStep), i);
    edges.add(ADJ[i].filter(function (k) { var l = DATA.links[k]; return present[l[0]] && present[l[1]] && !edges.get("l" + k); }).map(visEdge));
    var status = document.getElementById("search-status");
    status.textContent = count ? "added " + count + " linked item(s) of " + ITEMS[i][1] : "all linked items of " + ITEMS[i][1] + " are drawn";
    return count;
  }

  // The overview's items, and the links among them, are in the data sets before the network is made,
  // so that its physics lays them out once; items added later are placed around the one expanded.
  var first = [];
  for (var n0 = 0; n0 < DATA.drawn; n0++) { first.push(n0); present[n0] = true; }
  nodes.add(first.map(function (i) { return visNode(i); }));
  // Between the drawn items, each item's links to its few most important partners (every link between
  // two items counts for both): the network reads, and "Expand" draws the rest of an item's links.
  var drawnLinks = ITEMS.map(function () { return 0; });
  var firstLinks = DATA.links.map(function (l, k) { return k; }).filter(function (k) {
    var l = DATA.links[k];
    return present[l[0]] && present[l[1]] && !RELSTYLE[RELS[l[2]]].quiet;
  });
  firstLinks.sort(function (x, y) { var a = DATA.links[x], b = DATA.links[y]; return Math.max(a[0], a[1]) - Math.max(b[0], b[1]) || x - y; });
  edges.add(firstLinks.filter(function (k) {
    var l = DATA.links[k];
    if (drawnLinks[l[0]] >= STYLE.linksDrawn && drawnLinks[l[1]] >= STYLE.linksDrawn) return false;
    drawnLinks[l[0]]++; drawnLinks[l[1]]++;
    return true;
  }).map(visEdge));
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  window.__parleyReady = false;

  // Labels readable at the zoom the page opens with: the fonts are scaled so that they render at
  // STYLE.minLabelPx CSS pixels at least; when that would make them too large for their nodes, the
  // view zooms in on the most important item instead (the rest is a pan or a zoom away).
  function fitLabels() {
    var scale = network.getScale();
    var wanted = STYLE.minLabelPx / scale;
    if (wanted > 34) {
      network.moveTo({ position: network.getViewPosition(), scale: STYLE.minLabelPx / 34 });
      wanted = 34;
    }
    fontSize = Math.max(14, Math.ceil(wanted));
    edgeFontSize = Math.max(12, Math.ceil(wanted * 0.95));
    nodes.update(nodes.getIds().map(function (id) { return { id: id, font: { size: fontSize } }; }));
    edges.update(edges.getIds().map(function (id) { return { id: id, font: { size: edgeFontSize } }; }));
  }

  function ready() {
    if (window.__parleyReady) return;
    window.__parleyReady = true;
    document.getElementById("network-note").textContent = DATA.empty || DATA.layoutNote;
  }
  if (DATA.empty) {
    var note = el("p", { cls: "nothing", text: DATA.empty });
    container.appendChild(note);
    ready();
  } else {
    document.getElementById("network-note").textContent = "laying out " + DATA.drawn + " items…";
    network.once("stabilizationIterationsDone", function () {
      // Freeze the settled layout so that it stays readable while the reader explores it.
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      fitLabels();
      ready();
    });
  }

  // ------------------------------------------------------------------ the side panel

  var panel = document.getElementById("panel");
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function nameOf(id) {
    if (DETAILS[id]) return DETAILS[id].label;
    if (ITEM[id] !== undefined) return ITEMS[ITEM[id]][1];
    return id.replace(/^.*\//, "");
  }
  function relButton(role, otherId, name) {
    var b = el("button", { cls: "rel", type: "button" }, el("span", { cls: "role", text: role }), name || nameOf(otherId));
    b.addEventListener("click", function () { focusNode(otherId); });
    return b;
  }
  function collapsed(title, open) {
    var box = el("details", { cls: "more" }, el("summary", { text: title }));
    if (open) box.open = true;
    panel.appendChild(box);
    return box;
  }

  function showOverview() {
    clear(panel);
    panel.removeAttribute("data-node");
    panel.appendChild(el("h3", { text: "The story in this graph" }));
    panel.appendChild(el("p", { cls: "muted", text: "Click a node (or a row of the timeline) to see what it is, how it is linked, and the passages of the articles it comes from; double-click (or “Expand”) draws its linked items." }));
    (DATA.overview || []).forEach(function (line) { panel.appendChild(el("p", { text: line })); });
  }

  // The item that draws a node of the story: itself, or the group it belongs to.
  var ITEM_OF = {};
  DATA.names.forEach(function (n) { if (n.length === 3) ITEM_OF[n[2]] = n[1]; });
  var ANCHOR = {};  // a claim → the item it is about (drawn when the claim is shown)
  var CLAIM_WORDS = {};
  DATA.names.forEach(function (n) { if (n.length === 4) { CLAIM_WORDS[n[2]] = n[0]; if (n[1] >= 0) ANCHOR[n[2]] = n[1]; } });
  function itemOf(id) { return ITEM[id] !== undefined ? ITEM[id] : ITEM_OF[id]; }

  function factList(facts) {
    var dl = el("dl", { cls: "facts" });
    facts.forEach(function (f) {
      var value = f[1];
      if (value === null || value === undefined || value === "") return;
      var dd = el("dd");
      if (Array.isArray(value)) value.forEach(function (ref) { dd.appendChild(relButton("", ref[0])); });
      else dd.textContent = value;
      dl.appendChild(el("dt", { text: f[0] }));
      dl.appendChild(dd);
    });
    return dl;
  }

  function claimsList(box, itemIndex) {
    var ids = DATA.names.filter(function (n) { return n.length === 4 && n[1] === itemIndex && CLAIMS[n[2]]; });
    ids.forEach(function (n) {
      var c = CLAIMS[n[2]];
      var b = el("button", { cls: "rel claim", type: "button" }, el("span", { cls: "role", text: c.documentCount + " doc(s)" }), c.statement);
      b.addEventListener("click", function () { showClaim(n[2]); });
      box.appendChild(b);
    });
    var rest = ITEMS[itemIndex][5] - ids.length;
    if (rest > 0) box.appendChild(el("p", { cls: "muted small", text: (ids.length ? "and " : "") + rest + " more claim(s): search for them, or filter the page (parley viz --actor NAME)" }));
  }

  function show(id) {
    if (CLAIMS[id]) return showClaim(id);
    if (CLAIM_WORDS[id] !== undefined) {
      clear(panel);
      panel.setAttribute("data-node", id);
      panel.appendChild(el("div", { cls: "kindline" }, STYLE.kinds.Claim.legend));
      panel.appendChild(el("h3", { text: CLAIM_WORDS[id] }));
      if (ANCHOR[id] !== undefined) panel.appendChild(relButton("about", ITEMS[ANCHOR[id]][0]));
      panel.appendChild(el("p", { cls: "muted small", text: "Its reports are not in this page (it is about a less important item): filter the page with parley viz --actor, or run parley report." }));
      return;
    }
    var d = DETAILS[id];
    var i = itemOf(id);
    clear(panel);
    panel.removeAttribute("data-edge");
    panel.setAttribute("data-node", id);
    if (!d) {
      if (i === undefined) return;
      // A member of a group whose own details are not in the page (beyond member_details_bytes): the group's.
      if (ITEMS[i][0] !== id && DETAILS[ITEMS[i][0]]) return show(ITEMS[i][0]);
      var it = ITEMS[i], k0 = kindStyle(it[2]);
      panel.appendChild(el("div", { cls: "kindline" }, shapeIcon(k0.shape, itemColor(it), k0.dashed), k0.legend));
      panel.appendChild(el("h3", { text: it[1] }));
      panel.appendChild(factList([["Linked items", String(it[8])], ["Claims about it", String(it[5])]]));
      panel.appendChild(expandButton(it[0]));
      panel.appendChild(el("p", { cls: "muted small", text: "Its facts and passages are not in this page (it is not among the most important items): filter the page to it with parley viz --actor, or explore the store with parley serve." }));
      return;
    }
    var k = STYLE.kinds[d.kind] || {};
    panel.appendChild(el("div", { cls: "kindline" }, shapeIcon(k.shape, d.color, k.dashed), d.kindLabel));
    panel.appendChild(el("h3", { text: d.label }));
    if (d.corrected) panel.appendChild(el("p", { cls: "corrected", text: "✎ changed by a correction" }));
    // The facts first: for an event its kind, time, place, parties, mediator, host, status and outlets.
    if (d.facts) panel.appendChild(factList(d.facts));
    var extra = [];
    if (d.wikidata && /^Q[1-9][0-9]*$/.test(d.wikidata)) {
      extra.push(["Wikidata", el("a", { href: "https://www.wikidata.org/wiki/" + d.wikidata, target: "_blank", rel: "noopener noreferrer" }, d.wikidata)]);
    }
    if (!d.facts && d.when) extra.push(["Time", d.when]);
    if (d.alt && d.alt.length) extra.push(["Also called", d.alt.join("; ")]);
    extra.push(["Documents", String(d.documentCount)]);
    if (d.importance) extra.push(["Importance", d.importance]);
    if (d.betweenness) extra.push(["Go-between", d.betweenness]);
    if (d.community !== null && d.community !== undefined) extra.push(["Community", "#" + (d.community + 1)]);
    var dl = el("dl", { cls: "facts" });
    extra.forEach(function (f) { dl.appendChild(el("dt", { text: f[0] })); dl.appendChild(el("dd", null, f[1])); });
    panel.appendChild(dl);
    if (i !== undefined) panel.appendChild(expandButton(ITEMS[i][0]));

    if (d.members) {
      var mbox = collapsed((d.kind === "Track" ? "Events of this track (" : "Sources (") + (d.members.length + (d.moreMembers || 0)) + ")", true);
      d.members.forEach(function (m) { mbox.appendChild(relButton(m[2] || "", m[0], m[1])); });
      if (d.moreMembers) mbox.appendChild(el("p", { cls: "muted small", text: "and " + d.moreMembers + " more" }));
    }
    if (d.offices && d.offices.length) {
      panel.appendChild(el("h2", { text: "Offices (" + d.offices.length + ")" }));
      d.offices.forEach(function (o) {
        panel.appendChild(el("div", { cls: "office" }, el("b", { text: o.office }), relButton("in", o.where)));
        o.evidence.forEach(function (ev) { panel.appendChild(quoteBlock(ev)); });
        if (o.moreEvidence) panel.appendChild(el("p", { cls: "muted small", text: "and " + o.moreEvidence + " more passage(s)" }));
        if (o.gazetteer) panel.appendChild(el("p", { cls: "muted small", text: o.evidence.length ? "Parley's gazetteer says so too." : "From Parley's gazetteer: no passage in the documents." }));
      });
    }
    // Then what may be long, collapsed: differences, evidence, claims, links.
    if (d.differences.length) {
      var dbox = collapsed("Where the documents differ (" + (d.differences.length + (d.moreDifferences || 0)) + ")");
      var ul = el("ul", { cls: "small" });
      d.differences.forEach(function (t) { ul.appendChild(el("li", { text: t })); });
      dbox.appendChild(ul);
    }
    if (d.evidence.length) {
      var ebox = collapsed("Evidence (" + d.evidence.length + (d.moreEvidence ? " of " + (d.evidence.length + d.moreEvidence) : "") + ")");
      d.evidence.forEach(function (ev) { ebox.appendChild(quoteBlock(ev)); });
    }
    if (i !== undefined && ITEMS[i][5] && (ITEMS[i][0] === id || ITEMS[i][6] === 1)) claimsList(collapsed("Claims about it (" + ITEMS[i][5] + ")"), i);
    if (d.out.length || d.in.length) {
      var lbox = collapsed("Links (" + (d.out.length + d.in.length + (d.moreLinks || 0)) + ")");
      d.out.forEach(function (r) { lbox.appendChild(relButton(r[0] + " →", r[1])); });
      d.in.forEach(function (r) { lbox.appendChild(relButton("← " + r[0], r[1])); });
      if (d.moreLinks) lbox.appendChild(el("p", { cls: "muted small", text: "and " + d.moreLinks + " more" }));
    }
    if (d.correction) correctionBox(d.correction);
  }

  // "Copy as correction": a corrections-file entry that selects this node, shown and copied to the
  // clipboard, for the analyst to complete with what to change (parley build --corrections).
  function correctionBox(snippet) {
    var box = collapsed("Correct it");
    var pre = el("pre", { cls: "correction small", text: snippet });
    var status = el("span", { cls: "muted small", role: "status" });
    var b = el("button", { type: "button", cls: "copy-correction", text: "Copy as correction" });
    b.addEventListener("click", function () {
      function done(ok) { status.textContent = ok ? " copied" : " select the text above and copy it"; }
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(pre);
        var sel = window.getSelection();
        sel.removeAllRanges(); sel.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(snippet).then(function () { done(true); }, fallback);
      } else fallback();
    });
    box.appendChild(pre);
    box.appendChild(el("div", null, b, status));
  }

  function expandButton(id) {
    var b = el("button", { type: "button", cls: "expand", text: "Expand: draw its linked items" });
    b.addEventListener("click", function () { expand(id); });
    return b;
  }

  function showClaim(id) {
    var c = CLAIMS[id];
    clear(panel);
    panel.removeAttribute("data-edge");
    panel.setAttribute("data-node", id);
    var k = STYLE.kinds.Claim;
    panel.appendChild(el("div", { cls: "kindline" }, shapeIcon(k.shape, k.color, k.dashed), k.legend));
    panel.appendChild(el("h3", { text: c.statement }));
    panel.appendChild(factList([["Documents", String(c.documentCount)], ["About", c.about.map(function (a) { return [a, nameOf(a)]; })]]));
    if (c.assertions.length) {
      var polarities = {};
      c.assertions.forEach(function (a) { polarities[a.polarity || "positive"] = 1; });
      panel.appendChild(el("h2", { text: "Reported in " + (c.assertions.length + c.moreAssertions) + " assertion(s)" + (polarities.negative && Object.keys(polarities).length > 1 ? ": asserted and denied" : "") }));
      c.assertions.forEach(function (a) {
        var who = a.source ? "according to " + a.source : "in the document's own voice";
        if (a.via.length) who += ", via " + a.via.join(", ");
        if (a.certainty && a.certainty !== "certain") who += " (" + a.certainty + ")";
        if (a.polarity === "negative") who += " (denied)";
        if (a.evidence) panel.appendChild(quoteBlock(a.evidence, who + " — "));
        else panel.appendChild(el("p", { text: who + " — " + docName(a.doc) }));
      });
    }
    if (c.differences.length) {
      var dbox = collapsed("Where the documents differ (" + (c.differences.length + (c.moreDifferences || 0)) + ")");
      var ul = el("ul", { cls: "small" });
      c.differences.forEach(function (t) { ul.appendChild(el("li", { text: t })); });
      dbox.appendChild(ul);
    }
    if (c.correction) correctionBox(c.correction);
  }

  // An edge in the panel: both ends and how many links of the story it stands for.
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    var l = DATA.links[e.link];
    clear(panel);
    panel.removeAttribute("data-node");
    panel.setAttribute("data-edge", id);
    panel.appendChild(el("div", { cls: "kindline" }, e.kind === "relation" ? "Relation" : "Link"));
    panel.appendChild(el("h3", { text: ITEMS[l[0]][1] + " — " + RELSTYLE[RELS[l[2]]].label + " → " + ITEMS[l[1]][1] }));
    if (l[3] > 1) panel.appendChild(el("p", { cls: "muted", text: "stands for " + l[3] + " links between the members of these items" }));
    if (l[4]) panel.appendChild(el("p", { cls: "corrected", text: "✎ changed by a correction" }));
    panel.appendChild(relButton("from", ITEMS[l[0]][0]));
    panel.appendChild(relButton("to", ITEMS[l[1]][0]));
    var ground = DATA.linkEvidence[String(e.link)];
    if (ground && ground.evidence.length) {
      panel.appendChild(el("h2", { text: "Evidence (" + ground.evidence.length + (ground.moreEvidence ? " of " + (ground.evidence.length + ground.moreEvidence) : "") + ")" }));
      ground.evidence.forEach(function (ev) { panel.appendChild(quoteBlock(ev)); });
    } else if (ground && ground.documents.length) {
      panel.appendChild(el("h2", { text: "Documents" }));
      ground.documents.forEach(function (doc) { panel.appendChild(el("p", { text: docName(doc) })); });
      if (ground.moreDocuments) panel.appendChild(el("p", { cls: "muted small", text: "and " + ground.moreDocuments + " more" }));
    }
    if (ground && ground.gazetteer) panel.appendChild(el("p", { cls: "muted small", text: ground.evidence.length ? "Parley's gazetteer says so too." : "From Parley's gazetteer: no passage in the documents." }));
  }

  // Show any node of the story: draw the item that stands for it (if it is not drawn), focus it, open its panel.
  function focusNode(id) {
    var i = itemOf(id);
    if (i === undefined) i = ANCHOR[id];
    if (i === undefined && !DETAILS[id] && !CLAIMS[id]) return;
    if (i !== undefined) {
      addItems([i]);
      var itemId = ITEMS[i][0];
      var n = nodes.get(itemId);
      if (n && n.hidden) nodes.update({ id: itemId, hidden: false });
      network.selectNodes([itemId]);
      network.focus(itemId, { scale: Math.max(network.getScale(), STYLE.minLabelPx / fontSize), animation: { duration: 400 } });
    }
    show(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) show(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showOverview();
  });
  network.on("doubleClick", function (params) { if (params.nodes.length) expand(params.nodes[0]); });

  // ------------------------------------------------------------------ legend, search, filters

  var kindOn = {};
  var counts = {};
  ITEMS.slice(0, DATA.drawn).forEach(function (it) { counts[it[2]] = (counts[it[2]] || 0) + 1; });
  var legendKinds = document.getElementById("legend-kinds");
  Object.keys(STYLE.kinds).forEach(function (kind) {
    var k = STYLE.kinds[kind];
    kindOn[kind] = true;
    if (!counts[kind]) return;
    var box = el("input", { type: "checkbox", "data-kind": kind });
    box.checked = true;
    box.addEventListener("change", function () { kindOn[kind] = box.checked; applyFilters(); });
    legendKinds.appendChild(el("label", { cls: "legend-row" }, box, shapeIcon(k.shape, k.color, k.dashed), k.legend, el("span", { cls: "count", text: String(counts[kind]) })));
  });
  var legendPlover = document.getElementById("legend-plover");
  var ploverSelect = document.getElementById("filter-plover");
  DATA.plover.forEach(function (p) {
    legendPlover.appendChild(el("div", { cls: "legend-row" }, shapeIcon("star", p.color), p.name, el("span", { cls: "count", text: String(p.count) })));
    ploverSelect.appendChild(el("option", { value: p.name, text: p.name + " (" + p.count + ")" }));
  });
  if (!DATA.plover.length) legendPlover.appendChild(el("p", { cls: "muted small", text: "no events" }));
  var legendEdges = document.getElementById("legend-edges");
  DATA.relations.forEach(function (r) {
    legendEdges.appendChild(el("div", { cls: "legend-row", "data-kind": r.kind }, lineIcon(r.color, r.dashes), r.label,
                               el("span", { cls: "count", text: String(r.count) })));
  });

  // Relations between actors and places (offices, membership, location, affiliation): dash-dotted
  // (style.toml: relation_edges), and shown or hidden together by one checkbox, on or off when the
  // page opens as relation_edges.shown says (hidden edges keep their place in the layout).
  function relationsShown() { return relationsBox.checked; }
  document.getElementById("relations-legend").textContent = STYLE.relations.legend;
  relationsBox.parentNode.insertBefore(lineIcon("#4a5568", STYLE.relations.dashes), relationsBox.nextSibling);
  document.getElementById("relations-count").textContent = String(DATA.relations.filter(function (r) { return r.kind === "relation"; })
    .reduce(function (s, r) { return s + r.count; }, 0));
  function applyRelations() {
    edges.update(edges.get({ filter: function (e) { return e.kind === "relation"; } })
      .map(function (e) { return { id: e.id, hidden: !relationsBox.checked }; }));
  }
  relationsBox.addEventListener("change", applyRelations);
  var docSelect = document.getElementById("filter-document");
  if (DATA.documentFilter) {
    DOCS.forEach(function (d, i) { docSelect.appendChild(el("option", { value: String(i), text: docName(i) })); });
  } else {
    docSelect.disabled = true;
    docSelect.firstChild.textContent = DOCS.length + "+ documents: filter with parley viz --document";
  }
  var commSelect = document.getElementById("filter-community");
  DATA.communities.forEach(function (c, i) {
    commSelect.appendChild(el("option", { value: String(i), text: "#" + (i + 1) + ": " + c.slice(0, 3).join(", ") + (c.length > 3 ? "…" : "") }));
  });

  function membersOf(i) {
    var it = ITEMS[i];
    var d = DETAILS[it[0]];
    if (d && d.members) return d.members.map(function (m) { return DETAILS[m[0]]; }).filter(Boolean);
    return d ? [d] : [];
  }
  function applyFilters() {
    var doc = docSelect.value, plover = ploverSelect.value, comm = commSelect.value;
    var changes = [];
    var shown = 0;
    nodes.forEach(function (n) {
      var ds = membersOf(n.item);
      var visible = kindOn[n.kind] !== false
        && (!doc || ds.some(function (d) { return (d.documents || []).indexOf(Number(doc)) >= 0; }))
        && (!plover || (n.kind !== "Event" && n.kind !== "Track") || ds.some(function (d) { return d.plover === plover; }))
        && (!comm || ds.some(function (d) { return d.community === Number(comm); }) || (n.kind === "Event" || n.kind === "Track"));
      if (visible) shown++;
      if (!!n.hidden === visible) changes.push({ id: n.id, hidden: !visible });
    });
    nodes.update(changes);
    document.getElementById("search-status").textContent = shown + " of " + nodes.length + " drawn items shown (" + ITEMS.length + " in all)";
  }
  [docSelect, ploverSelect, commSelect].forEach(function (s) { s.addEventListener("change", applyFilters); });

  // Colour by community: actors take their community's colour, everything else steps back.
  var colorBy = document.getElementById("color-by");
  function recolor() {
    var byCommunity = colorBy.value === "community";
    nodes.update(nodes.map(function (n) {
      var base = visNode(n.item).color;
      if (!byCommunity) return { id: n.id, color: base };
      var d = DETAILS[n.id], c = d ? d.community : null;
      var fill = c !== null && c !== undefined && c < STYLE.communities.length ? STYLE.communities[c] : STYLE.communityOther;
      return { id: n.id, color: { background: fill, border: "#4a5568", highlight: { background: fill, border: "#1a202c" },
                                  hover: { background: fill, border: "#1a202c" } } };
    }));
  }
  colorBy.addEventListener("change", recolor);
  document.getElementById("reset").addEventListener("click", function () {
    docSelect.value = ""; ploverSelect.value = ""; commSelect.value = "";
    if (colorBy.value !== "kind") { colorBy.value = "kind"; recolor(); }
    Array.prototype.forEach.call(legendKinds.querySelectorAll("input"), function (b) { b.checked = true; kindOn[b.getAttribute("data-kind")] = true; });
    relationsBox.checked = STYLE.relations.shown;
    applyRelations();
    applyFilters();
    network.unselectAll();
    network.fit({ animation: { duration: 300 } });
    showOverview();
  });

  // Search reaches every node of the story, drawn or not: the items, the members of groups (an
  // anonymous source, one event of a track) and the claims; what is found is drawn and shown.
  var entries = [];
  // [text, id, importance (the size of its item), 1 for a claim]: names first, then claims' words.
  ITEMS.forEach(function (it) { entries.push([it[1].toLowerCase(), it[0], it[3], 0]); });
  DATA.names.forEach(function (n) {
    var claim = n.length === 4 ? 1 : 0;
    entries.push([n[0].toLowerCase(), n.length > 2 ? n[2] : ITEMS[n[1]][0], n[1] >= 0 ? ITEMS[n[1]][3] : 0, claim]);
  });
  var searchList = document.getElementById("search-list");
  ITEMS.slice(0, 2000).forEach(function (it) { searchList.appendChild(el("option", { value: it[1] })); });
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) return;
    var exact = entries.filter(function (e) { return e[0] === q; });
    var found = exact.length ? exact : entries.filter(function (e) { return e[0].indexOf(q) >= 0; });
    found.sort(function (a, b) { return a[3] - b[3] || b[2] - a[2]; });
    var status = document.getElementById("search-status");
    if (found.length) {
      focusNode(found[0][1]);
      status.textContent = found.length > 1 ? found.length + " nodes match; showing the most important" : "";
    } else status.textContent = "nothing matches “" + text + "”";
  }
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("change", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (e) { if (e.key === "Enter") search(searchBox.value); });

  // ------------------------------------------------------------------ timeline

  // Rows grouped by negotiation track (the events of one track share a row, one bar each); the axis is
  // fitted to DATA.timeline.fit, and events outside it are folded at its ends (a marker says when
  // they are). "+" and "−" zoom the axis, the scroll bar pans it.
  function buildTimeline() {
    var box = document.getElementById("timeline");
    var T = DATA.timeline;
    var dated = T.rows.filter(function (t) { return t.begin; });
    var undated = T.rows.filter(function (t) { return !t.begin; });
    if (!T.rows.length) { box.appendChild(el("p", { cls: "muted", text: DATA.empty ? "Nothing matched." : "No events in this graph." })); return; }
    function day(s) { return Date.parse(s + "T00:00:00Z") / 86400000; }
    var zoom = 1;
    if (dated.length) {
      var lo = day(T.fit[0]), hi = day(T.fit[1]) + 1;
      var pad = Math.max(3, (hi - lo) * 0.03);
      lo -= pad; hi += pad;
      var span = hi - lo;
      var pct = function (x) { return (100 * (Math.min(Math.max(x, lo), hi) - lo) / span).toFixed(3) + "%"; };
      var controls = el("div", { cls: "tl-controls" });
      var zoomIn = el("button", { type: "button", id: "timeline-zoom-in", text: "+" });
      var zoomOut = el("button", { type: "button", id: "timeline-zoom-out", text: "−" });
      controls.appendChild(el("span", { cls: "muted small", text: "Axis " + T.fit[0] + " – " + T.fit[1] + " · zoom " }));
      controls.appendChild(zoomOut); controls.appendChild(zoomIn);
      var folded = dated.filter(function (t) { return day(t.begin) < lo || day(t.end || t.begin) + 1 > hi; }).length;
      if (folded) controls.appendChild(el("span", { cls: "muted small", text: " · " + folded + " event(s) outside the axis, folded at its ends (◀ ▶)" }));
      if (T.omitted) controls.appendChild(el("span", { cls: "muted small", text: " · " + T.omitted + " events of less important items not listed (filter with parley viz --actor or --since)" }));
      box.appendChild(controls);
      var scroller = el("div", { cls: "tl-scroll" });
      var inner = el("div", { cls: "tl-inner" });
      scroller.appendChild(inner);
      box.appendChild(scroller);
      var setZoom = function (z) { zoom = Math.max(1, Math.min(32, z)); inner.style.width = (100 * zoom) + "%"; };
      zoomIn.addEventListener("click", function () { setZoom(zoom * 2); });
      zoomOut.addEventListener("click", function () { setZoom(zoom / 2); });
      var axis = el("div", { cls: "tl-axis" });
      var start = new Date(lo * 86400000), months = span / 30.4;
      var step = months > 48 ? 12 : months > 18 ? 3 : 1;
      var t = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      // Ticks on whole years (or quarters) when the step is a year (or a quarter).
      while (t.getUTCMonth() % step !== 0) t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
      while (t.getTime() / 86400000 < hi) {
        var tick = el("div", { cls: "tl-tick" }, el("span", { text: t.toISOString().slice(0, step === 12 ? 4 : 7) }));
        tick.style.left = pct(t.getTime() / 86400000);
        axis.appendChild(tick);
        t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + step, 1));
      }
      inner.appendChild(axis);
      // One row per track (its events in time order) and per event outside any track.
      var groups = [], byTrack = {};
      dated.forEach(function (ev) {
        if (ev.track) {
          if (!byTrack[ev.track[0]]) { byTrack[ev.track[0]] = { track: ev.track, events: [] }; groups.push(byTrack[ev.track[0]]); }
          byTrack[ev.track[0]].events.push(ev);
        } else groups.push({ track: null, events: [ev] });
      });
      function bar(ev) {
        var b = day(ev.begin), e = day(ev.end || ev.begin) + 1;
        var node = el("div", { cls: "tl-bar", "data-node": ev.id });
        node.style.left = pct(b); node.style.width = Math.max(0.15, 100 * (Math.min(e, hi) - Math.max(b, lo)) / span).toFixed(3) + "%";
        node.style.background = ev.color;
        var when = ev.begin === ev.end || !ev.end ? ev.begin : ev.begin + " – " + ev.end;
        if (b < lo) { node.classList.add("tl-folded"); node.appendChild(el("span", { text: "◀ " + ev.begin })); }
        else if (e > hi) { node.classList.add("tl-folded"); node.appendChild(el("span", { text: ev.begin + " ▶" })); }
        node.setAttribute("title", when + ": " + ev.label + " — " + ev.detail);
        node.addEventListener("click", function (x) { x.stopPropagation(); focusNode(ev.id); });
        return node;
      }
      function addRow(g) {
        var ev = g.events[0];
        var when = ev.begin === ev.end || !ev.end ? ev.begin : ev.begin + " – " + ev.end;
        var track = el("div", { cls: "tl-track" });
        g.events.forEach(function (x) { track.appendChild(bar(x)); });
        var text = g.track ? g.events.length + " events · " + g.events.map(function (x) { return x.begin; }).join(", ") : ev.detail;
        track.appendChild(el("div", { cls: "tl-text", text: text }));
        var row = el("div", { cls: "tl-row" + (g.track ? " tl-track-row" : ""), "data-node": g.track ? g.track[0] : ev.id },
          el("div", { cls: "tl-label", text: g.track ? "Track: " + g.track[1] : when + "  " + ev.label }), track);
        row.addEventListener("click", function () { focusNode(g.track ? g.track[0] : ev.id); });
        rows.appendChild(row);
      }
      var rows = el("div", { id: "timeline-rows" });
      inner.appendChild(rows);
      var limit = DATA.timelineRows;
      groups.slice(0, limit).forEach(addRow);
      if (groups.length > limit) {
        var more = el("button", { type: "button", id: "timeline-more", text: "show all " + groups.length + " rows" });
        more.addEventListener("click", function () { groups.slice(limit).forEach(addRow); more.remove(); });
        box.appendChild(more);
      }
    }
    if (undated.length) {
      var list = el("div", { cls: "tl-undated" }, el("b", { text: "Without a date: " }));
      undated.forEach(function (ev, i) {
        var s = el("span", { cls: "linkish", text: ev.label });
        s.addEventListener("click", function () { focusNode(ev.id); });
        list.appendChild(s);
        list.appendChild(document.createTextNode(" (" + ev.detail + ")" + (i < undated.length - 1 ? "; " : "")));
      });
      box.appendChild(list);
    }
  }

  // ------------------------------------------------------------------ analytics

  function table(headers, rows, numeric) {
    var t = el("table");
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { text: h })); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (cell, i) {
        var td = el("td", { cls: numeric && numeric.indexOf(i) >= 0 ? "num" : "" });
        if (cell && typeof cell === "object" && cell.id) {
          var s = el("span", { cls: "linkish", text: cell.text });
          s.addEventListener("click", function () { focusNode(cell.id); });
          td.appendChild(s);
        } else td.textContent = cell === null || cell === undefined ? "" : String(cell);
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    return t;
  }

  function buildAnalytics() {
    var box = document.getElementById("analytics");
    var A = DATA.analytics;
    var col1 = el("div"), col2 = el("div");
    col1.appendChild(el("h3", { text: "Most central actors" }));
    col1.appendChild(el("p", { cls: "muted small", text: "Importance is PageRank in the whole graph (it sizes the nodes); go-between is betweenness among actors linked by shared events and claims." }));
    col1.appendChild(table(["actor", "kind", "events", "claims", "partners", "go-between", "importance"],
      A.actors.map(function (a) { return [{ id: a.id, text: a.label }, a.kind, a.events, a.claims, a.partners, a.betweenness, a.importance]; }), [2, 3, 4, 5, 6]));
    col1.appendChild(el("h3", { text: "Who mediates between whom" }));
    var ul = el("ul");
    A.mediations.forEach(function (m) { ul.appendChild(el("li", { text: m })); });
    if (!A.mediations.length) ul.appendChild(el("li", { cls: "muted", text: "No event names a mediator or a host." }));
    col1.appendChild(ul);
    col1.appendChild(el("h3", { text: "Communities of actors" }));
    var ol = el("ul");
    A.communities.forEach(function (c, i) { ol.appendChild(el("li", { text: "#" + (i + 1) + " (" + c.length + "): " + c.join(", ") })); });
    if (!A.communities.length) ol.appendChild(el("li", { cls: "muted", text: "No actors share an event or a claim." }));
    col1.appendChild(ol);
    col2.appendChild(el("h3", { text: "Claims by corroboration" }));
    col2.appendChild(table(["docs", "outlets", "claim", "sources"],
      A.claims.map(function (c) { return [c.documents, c.outlets, { id: c.id, text: c.statement }, c.sources]; }), [0]));
    if (A.differences.length) {
      col2.appendChild(el("h3", { text: "Where the documents differ" }));
      var dl = el("ul");
      A.differences.forEach(function (d) { dl.appendChild(el("li", { text: d })); });
      col2.appendChild(dl);
    }
    box.appendChild(col1); box.appendChild(col2);
  }

  document.getElementById("summary").textContent = DATA.summary;
  buildTimeline();
  buildAnalytics();
  applyRelations();
  applyFilters();
  showOverview();
  window.parley = { network: network, nodes: nodes, edges: edges, show: show, showEdge: showEdge, focus: focusNode,
                    expand: expand, search: search, data: DATA };
})();
