/* Parley's graph page. Everything shown comes from the JSON in #parley-data, and every piece of
 * it is article text or derived from it: it is only ever put in the page as text (textContent,
 * DOM nodes), never as markup, and links are built only from validated identifiers. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("parley-data").textContent);
  var STYLE = DATA.style;
  var DETAILS = DATA.details;
  var DOCS = DATA.documents;
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

  function docName(iri) {
    var d = DOCS[iri];
    if (!d) return iri;
    var parts = [d.title || d.id];
    if (d.outlet) parts.push(d.outlet);
    if (d.issued) parts.push(d.issued);
    return parts.join(" — ");
  }

  function quoteBlock(ev, extra) {
    var bq = el("blockquote", null, ev.before ? ev.before : "", el("mark", { text: ev.quote }), ev.after ? ev.after : "");
    var cite = el("cite", null, extra ? extra : "", docName(ev.doc));
    var d = DOCS[ev.doc];
    if (d && d.id) cite.appendChild(document.createTextNode(" (" + d.id + ")"));
    bq.appendChild(cite);
    return bq;
  }

  // ------------------------------------------------------------------ the network

  function tooltip(n) {
    var d = DETAILS[n.id];
    var tip = el("div", { cls: "tip" }, el("b", { text: d.label }), el("div", { text: d.kindLabel + (d.when ? " · " + d.when : "") }));
    (d.tooltip || []).forEach(function (q) { tip.appendChild(el("div", { cls: "q", text: "“" + q + "”" })); });
    tip.appendChild(el("div", { cls: "muted", text: "click for evidence" }));
    return tip;
  }

  var nodes = new vis.DataSet(DATA.nodes.map(function (n) {
    var copy = Object.assign({}, n);
    copy.title = tooltip(n);
    return copy;
  }));
  function edgeTip(e) {
    var tip = el("div", { cls: "tip" }, el("b", { text: DETAILS[e.from].label + " — " + e.label + " → " + DETAILS[e.to].label }));
    (e.evidence || []).slice(0, 2).forEach(function (ev) { tip.appendChild(el("div", { cls: "q", text: "“" + ev.quote + "”" })); });
    if (e.documents && e.documents.length) tip.appendChild(el("div", { cls: "q", text: "in " + e.documents.map(docName).join("; ") }));
    else if (e.gazetteer) tip.appendChild(el("div", { cls: "q", text: "from Parley's gazetteer (no passage in the documents)" }));
    if (e.kind === "relation") tip.appendChild(el("div", { cls: "muted", text: "click for evidence" }));
    return tip;
  }
  var edges = new vis.DataSet(DATA.edges.map(function (e) {
    var copy = Object.assign({}, e);
    copy.title = edgeTip(e);
    return copy;
  }));
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  window.__parleyReady = false;
  function ready() {
    if (window.__parleyReady) return;
    window.__parleyReady = true;
    document.getElementById("network-note").textContent = DATA.layoutNote;
  }
  if (DATA.options.physics && DATA.options.physics.enabled) {
    document.getElementById("network-note").textContent = "laying out " + DATA.nodes.length + " nodes…";
    network.once("stabilizationIterationsDone", function () {
      // Freeze the settled layout so that it stays readable while the reader explores it.
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  // ------------------------------------------------------------------ the side panel

  var panel = document.getElementById("panel");
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function relButton(role, otherId) {
    var other = DETAILS[otherId];
    var b = el("button", { cls: "rel", type: "button" }, el("span", { cls: "role", text: role }), other ? other.label : otherId);
    b.addEventListener("click", function () { focusNode(otherId); });
    return b;
  }

  function showOverview() {
    clear(panel);
    panel.appendChild(el("h3", { text: "The story in this graph" }));
    panel.appendChild(el("p", { cls: "muted", text: "Click a node (or a row of the timeline) to see what it is, how it is linked, and the passages of the articles it comes from." }));
    (DATA.overview || []).forEach(function (line) { panel.appendChild(el("p", { text: line })); });
  }

  function show(id) {
    var d = DETAILS[id];
    if (!d) return;
    clear(panel);
    panel.setAttribute("data-node", id);
    var k = STYLE.kinds[d.kind] || {};
    panel.appendChild(el("div", { cls: "kindline" }, shapeIcon(k.shape, d.color, k.dashed), d.kindLabel));
    panel.appendChild(el("h3", { text: d.label }));
    if (d.statement && d.statement !== d.label) panel.appendChild(el("p", { cls: "statement", text: d.statement }));
    var facts = el("dl", { cls: "facts" });
    function fact(name, value) {
      if (value === null || value === undefined || value === "") return;
      facts.appendChild(el("dt", { text: name }));
      facts.appendChild(el("dd", null, value));
    }
    if (d.wikidata && /^Q[1-9][0-9]*$/.test(d.wikidata)) {
      var a = el("a", { href: "https://www.wikidata.org/wiki/" + d.wikidata, target: "_blank", rel: "noopener noreferrer" }, d.wikidata);
      fact("Wikidata", a);
    }
    fact("Time", d.when);
    if (d.plover) fact("PLOVER", d.plover + (d.cameo ? " (CAMEO " + d.cameo + ")" : ""));
    if (d.alt && d.alt.length) fact("Also called", d.alt.join("; "));
    fact("Documents", String(d.documents.length));
    fact("Importance", d.importance);
    if (d.betweenness) fact("Go-between", d.betweenness);
    if (d.community !== null && d.community !== undefined) fact("Community", "#" + (d.community + 1));
    panel.appendChild(facts);

    if (d.offices && d.offices.length) {
      panel.appendChild(el("h2", { text: "Offices (" + d.offices.length + ")" }));
      d.offices.forEach(function (o) {
        var office = el("div", { cls: "office" }, el("b", { text: o.office }), relButton("in", o.where));
        panel.appendChild(office);
        o.evidence.forEach(function (ev) { panel.appendChild(quoteBlock(ev)); });
        if (o.moreEvidence) panel.appendChild(el("p", { cls: "muted small", text: "and " + o.moreEvidence + " more passage(s)" }));
        if (o.gazetteer) panel.appendChild(el("p", { cls: "muted small", text: o.evidence.length ? "Parley's gazetteer says so too." : "From Parley's gazetteer: no passage in the documents." }));
      });
    }
    if (d.differences.length) {
      panel.appendChild(el("h2", { text: "Where the documents differ" }));
      var ul = el("ul", { cls: "small" });
      d.differences.forEach(function (t) { ul.appendChild(el("li", { text: t })); });
      panel.appendChild(ul);
    }
    if (d.assertions && d.assertions.length) {
      panel.appendChild(el("h2", { text: "Reported in " + d.assertions.length + " assertion(s)" }));
      d.assertions.forEach(function (a) {
        var who = a.source ? "according to " + a.source : "in the document's own voice";
        if (a.via.length) who += ", via " + a.via.join(", ");
        if (a.certainty && a.certainty !== "certain") who += " (" + a.certainty + ")";
        if (a.polarity === "negative") who += " (denied)";
        if (a.evidence) panel.appendChild(quoteBlock(a.evidence, who + " — "));
        else panel.appendChild(el("p", { text: who + " — " + docName(a.doc) }));
      });
    }
    if (d.evidence.length) {
      panel.appendChild(el("h2", { text: "Evidence (" + d.evidence.length + (d.moreEvidence ? " of " + (d.evidence.length + d.moreEvidence) : "") + ")" }));
      d.evidence.forEach(function (ev) { panel.appendChild(quoteBlock(ev)); });
    }
    if (d.out.length || d.in.length) {
      panel.appendChild(el("h2", { text: "Links" }));
      d.out.forEach(function (r) { panel.appendChild(relButton(r[0] + " →", r[1])); });
      d.in.forEach(function (r) { panel.appendChild(relButton("← " + r[0], r[1])); });
    }
  }

  // An edge in the panel: both ends, and for a relation the passages that state it.
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    clear(panel);
    panel.removeAttribute("data-node");
    panel.setAttribute("data-edge", id);
    panel.appendChild(el("div", { cls: "kindline" }, e.kind === "relation" ? "Relation" : "Link"));
    panel.appendChild(el("h3", { text: DETAILS[e.from].label + " — " + e.label + " → " + DETAILS[e.to].label }));
    panel.appendChild(relButton("from", e.from));
    panel.appendChild(relButton("to", e.to));
    if (e.evidence && e.evidence.length) {
      panel.appendChild(el("h2", { text: "Evidence (" + e.evidence.length + (e.moreEvidence ? " of " + (e.evidence.length + e.moreEvidence) : "") + ")" }));
      e.evidence.forEach(function (ev) { panel.appendChild(quoteBlock(ev)); });
    } else if (e.documents && e.documents.length) {
      panel.appendChild(el("h2", { text: "Documents" }));
      e.documents.forEach(function (doc) { panel.appendChild(el("p", { text: docName(doc) })); });
    }
    if (e.gazetteer) panel.appendChild(el("p", { cls: "muted small", text: e.evidence.length ? "Parley's gazetteer says so too." : "From Parley's gazetteer: no passage in the documents." }));
  }

  function focusNode(id) {
    if (!DETAILS[id]) return;
    var n = nodes.get(id);
    if (n && n.hidden) nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 400 } });
    show(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) show(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showOverview();
  });

  // ------------------------------------------------------------------ legend, search, filters

  var kindOn = {};
  var counts = {};
  DATA.nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
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
  var relationEdges = DATA.edges.filter(function (e) { return e.kind === "relation"; });
  var relationsBox = document.getElementById("show-relations");
  relationsBox.checked = STYLE.relations.shown;
  document.getElementById("relations-legend").textContent = STYLE.relations.legend;
  relationsBox.parentNode.insertBefore(lineIcon("#4a5568", STYLE.relations.dashes), relationsBox.nextSibling);
  document.getElementById("relations-count").textContent = String(relationEdges.length);
  function applyRelations() {
    edges.update(relationEdges.map(function (e) { return { id: e.id, hidden: !relationsBox.checked }; }));
  }
  relationsBox.addEventListener("change", applyRelations);
  var docSelect = document.getElementById("filter-document");
  Object.keys(DOCS).forEach(function (iri) { docSelect.appendChild(el("option", { value: iri, text: docName(iri) })); });
  var commSelect = document.getElementById("filter-community");
  DATA.communities.forEach(function (c, i) {
    commSelect.appendChild(el("option", { value: String(i), text: "#" + (i + 1) + ": " + c.slice(0, 3).join(", ") + (c.length > 3 ? "…" : "") }));
  });

  function applyFilters() {
    var doc = docSelect.value, plover = ploverSelect.value, comm = commSelect.value;
    var changes = [];
    var shown = 0;
    DATA.nodes.forEach(function (n) {
      var d = DETAILS[n.id];
      var visible = kindOn[n.kind] !== false
        && (!doc || d.documents.indexOf(doc) >= 0)
        && (!plover || n.kind !== "Event" || d.plover === plover)
        && (!comm || d.community === Number(comm) || (d.kind === "Event" || d.kind === "Claim") && d.neighbourCommunities.indexOf(Number(comm)) >= 0);
      if (visible) shown++;
      changes.push({ id: n.id, hidden: !visible });
    });
    nodes.update(changes);
    document.getElementById("search-status").textContent = shown + " of " + DATA.nodes.length + " nodes shown";
  }
  [docSelect, ploverSelect, commSelect].forEach(function (s) { s.addEventListener("change", applyFilters); });

  // Colour by community: actors take their community's colour, everything else steps back.
  var colorBy = document.getElementById("color-by");
  function recolor() {
    var byCommunity = colorBy.value === "community";
    nodes.update(DATA.nodes.map(function (n) {
      if (!byCommunity) return { id: n.id, color: n.color };
      var c = DETAILS[n.id].community;
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

  var byLabel = {};
  var searchList = document.getElementById("search-list");
  DATA.nodes.forEach(function (n) {
    var d = DETAILS[n.id];
    var key = d.label + " (" + d.kindLabel + ")";
    byLabel[key.toLowerCase()] = n.id;
    if (!byLabel[d.label.toLowerCase()]) byLabel[d.label.toLowerCase()] = n.id;
    (d.alt || []).forEach(function (a) { if (!byLabel[a.toLowerCase()]) byLabel[a.toLowerCase()] = n.id; });
    searchList.appendChild(el("option", { value: key }));
  });
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) return;
    var id = byLabel[q];
    if (!id) {
      var found = DATA.nodes.filter(function (n) {
        var d = DETAILS[n.id];
        return d.label.toLowerCase().indexOf(q) >= 0 || (d.alt || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
      });
      found.sort(function (a, b) { return b.size - a.size; });
      if (found.length) id = found[0].id;
    }
    var status = document.getElementById("search-status");
    if (id) { focusNode(id); status.textContent = ""; } else { status.textContent = "nothing matches “" + text + "”"; }
  }
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("change", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (e) { if (e.key === "Enter") search(searchBox.value); });

  // ------------------------------------------------------------------ timeline

  function buildTimeline() {
    var box = document.getElementById("timeline");
    var dated = DATA.timeline.filter(function (t) { return t.begin; });
    var undated = DATA.timeline.filter(function (t) { return !t.begin; });
    if (!DATA.timeline.length) { box.appendChild(el("p", { cls: "muted", text: "No events in this graph." })); return; }
    function day(s) { return Date.parse(s + "T00:00:00Z") / 86400000; }
    if (dated.length) {
      var lo = Math.min.apply(null, dated.map(function (t) { return day(t.begin); }));
      var hi = Math.max.apply(null, dated.map(function (t) { return day(t.end || t.begin) + 1; }));
      var pad = Math.max(3, (hi - lo) * 0.03);
      lo -= pad; hi += pad * 4;
      var span = hi - lo;
      function pct(x) { return (100 * (x - lo) / span).toFixed(3) + "%"; }
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
      box.appendChild(axis);
      // Thousands of rows would make the page slow to open: the first ones, then a button for the rest.
      var limit = DATA.timelineRows;
      function addRows(list) { list.forEach(addRow); }
      function addRow(ev) {
        var b = day(ev.begin), e = day(ev.end || ev.begin) + 1;
        var bar = el("div", { cls: "tl-bar" });
        bar.style.left = pct(b); bar.style.width = (100 * (e - b) / span).toFixed(3) + "%"; bar.style.background = ev.color;
        // The details go on a line of their own under the bar, so that they never cover another row.
        var text = el("div", { cls: "tl-text", text: ev.detail });
        var when = ev.begin === ev.end || !ev.end ? ev.begin : ev.begin + " – " + ev.end;
        var row = el("div", { cls: "tl-row", "data-node": ev.id },
          el("div", { cls: "tl-label", text: when + "  " + ev.label }), el("div", { cls: "tl-track" }, bar, text));
        row.setAttribute("title", when + ": " + ev.label + " — " + ev.detail);
        row.addEventListener("click", function () { focusNode(ev.id); });
        rows.appendChild(row);
      }
      var rows = el("div", { id: "timeline-rows" });
      box.appendChild(rows);
      addRows(dated.slice(0, limit));
      if (dated.length > limit) {
        var more = el("button", { type: "button", id: "timeline-more", text: "show all " + dated.length + " events" });
        more.addEventListener("click", function () { addRows(dated.slice(limit)); more.remove(); });
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
  window.parley = { network: network, nodes: nodes, edges: edges, show: show, showEdge: showEdge, focus: focusNode, data: DATA };
})();
