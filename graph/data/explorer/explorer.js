/* Parley's explorer over a store: every node, link and fact it shows is fetched from the server's
 * read-only SPARQL endpoint by a bounded query (a LIMIT on each), so a store of any size opens with
 * a few hundred nodes and grows only where the person clicks. Everything from the graph is article
 * text or derived from it: it is put in the page with textContent and DOM nodes, never as markup,
 * and goes back into queries only through parleySparql.iri() and .literal(). */
(function () {
  "use strict";
  var S = window.parleySparql;
  var OVERVIEW_EVENTS = 150, OVERVIEW_ACTORS = 150;  // at most 300 nodes when the page opens
  var EXPAND_ROWS = 400, EXPAND_NEW = 40;            // a click draws at most 40 new neighbours
  var SEARCH_ROWS = 25, EVIDENCE_ROWS = 8, CONTEXT = 110, MIN_SCALE = 0.75;
  // Link predicates, as the static page's style.toml names them (its [edges.*] tables).
  var LINKS = {
    "https://w3id.org/parley/ontology#party": "party",
    "https://w3id.org/parley/ontology#mediator": "mediator",
    "https://w3id.org/parley/ontology#host": "host",
    "https://w3id.org/parley/ontology#attacker": "attacker",
    "https://w3id.org/parley/ontology#target": "target",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor": "actor",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace": "place",
    "https://w3id.org/parley/ontology#disruptedBy": "disruptedBy",
    "https://w3id.org/parley/ontology#affiliation": "affiliation"
  };
  var ROLES = ["party", "mediator", "host", "attacker", "target"];
  var PARLEY = "https://w3id.org/parley/ontology#";
  var ACTOR_KINDS = ["State", "Organization", "Person", "NewsOutlet", "AnonymousSource", "Actor"];
  var CONFIG = null, network = null, nodes = null, edges = null;
  var known = {};  // id -> {label, kind, cls, category}: what has been fetched about each drawn node

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function cut(text, n) { return text.length <= n ? text : text.slice(0, n - 1) + "…"; }
  function local(iri) { return iri.slice(Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/")) + 1); }
  function predicateList() { return Object.keys(LINKS).map(S.iri).join(" "); }
  function status(text) { document.getElementById("network-note").textContent = text; }

  // ------------------------------------------------------------------ what a node is

  // The kind of a node from its parley: classes and whether it has a PLOVER category: its style key.
  function kindOf(classes, isEvent) {
    if (isEvent) return "Event";
    for (var i = 0; i < classes.length; i++) if (CONFIG.kinds[classes[i]]) return classes[i];
    return "Actor";
  }

  // Rows (?n ?label ?class ?ev ?cat) folded into one record per node.
  function fold(rows, key) {
    var out = {}, order = [];
    rows.forEach(function (r) {
      var id = r[key];
      if (!out[id]) { out[id] = { id: id, label: r.label || local(id), classes: [], ev: false, cat: null, n: 0 }; order.push(id); }
      var o = out[id];
      if (r.label && o.label === local(id)) o.label = r.label;
      if (r["class"] && r["class"].indexOf(PARLEY) === 0) {
        var c = r["class"].slice(PARLEY.length);
        if (o.classes.indexOf(c) < 0) o.classes.push(c);
      }
      // The PLOVER category: its skos:notation where the store holds the scheme, else the concept's name.
      var cat = r.cat || (r.type ? local(r.type) : null);
      if (r.ev === "true" || cat) o.ev = true;
      if (cat && !o.cat) o.cat = cat;
      if (r.count) o.n = Math.max(o.n, Number(r.count));
    });
    return order.map(function (id) {
      var o = out[id];
      o.kind = kindOf(o.classes, o.ev);
      o.cls = o.classes.filter(function (c) { return c !== "Event"; })[0] || o.kind;
      return o;
    });
  }

  // A tooltip as DOM nodes: vis-network shows an element as it is (a string title would be parsed as HTML).
  function tooltip(label, cls, category) {
    return el("div", { cls: "tip" }, el("b", { text: label }), el("div", { cls: "q", text: cls + (category ? " · " + category : "") }));
  }

  function visNode(o) {
    var style = CONFIG.kinds[o.kind] || CONFIG.kinds.Actor;
    var color = o.kind === "Event" && o.cat && CONFIG.plover[o.cat] ? CONFIG.plover[o.cat] : style.color;
    known[o.id] = { label: o.label, kind: o.kind, cls: o.cls, category: o.cat };
    return {
      id: o.id, label: cut(o.label, 42), title: tooltip(o.label, o.cls, o.cat), shape: style.shape, kind: o.kind,
      value: 1 + Math.sqrt(o.n || 1), color: { background: color, border: "#2d3748" },
      font: { size: 15, color: "#1a202c", strokeWidth: 3, strokeColor: "#ffffff" }
    };
  }

  function visEdge(from, to, link) {
    var style = CONFIG.edges[link] || {};
    return { id: from + " " + link + " " + to, from: from, to: to, link: link, label: style.label || link,
             arrows: "to", color: { color: style.color || "#a0aec0" }, font: { size: 12, align: "middle" },
             dashes: link === "affiliation" };
  }

  // Draw records and links, leaving what is drawn alone; a role link makes the plain "actor" one redundant.
  function draw(records, links) {
    var add = records.filter(function (o) { return !nodes.get(o.id); }).map(visNode);
    nodes.add(add);
    var pairs = {};
    links.forEach(function (l) { if (l[2] !== "actor") pairs[l[0] + " " + l[1]] = true; });
    var fresh = [], seen = {};
    links.forEach(function (l) {
      if (!nodes.get(l[0]) || !nodes.get(l[1])) return;
      if (l[2] === "actor" && pairs[l[0] + " " + l[1]]) return;
      var e = visEdge(l[0], l[1], l[2]);
      if (!edges.get(e.id) && !seen[e.id]) { seen[e.id] = true; fresh.push(e); }
    });
    edges.add(fresh);
    return add.length;
  }

  // ------------------------------------------------------------------ the overview

  var DESCRIBE = "OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n a ?class } " +
                 "OPTIONAL { ?n sem:eventType ?type OPTIONAL { ?type skos:notation ?cat } }";

  function overview() {
    var events = "SELECT ?n ?label ?class ?type ?cat ?ev ?count WHERE { " +
      "{ SELECT ?n (COUNT(DISTINCT ?m) AS ?count) WHERE { ?n sem:eventType ?t ; gaf:denotedBy ?m } " +
      "GROUP BY ?n ORDER BY DESC(?count) ?n LIMIT " + OVERVIEW_EVENTS + " } BIND(true AS ?ev) " + DESCRIBE + " }";
    var actors = "SELECT ?n ?label ?class ?type ?cat ?count WHERE { " +
      "{ SELECT ?n (COUNT(DISTINCT ?e) AS ?count) WHERE { ?e sem:hasActor ?n } " +
      "GROUP BY ?n ORDER BY DESC(?count) ?n LIMIT " + OVERVIEW_ACTORS + " } " + DESCRIBE + " }";
    status("asking the endpoint for the most reported events and the most active actors…");
    return Promise.all([S.select(events), S.select(actors)]).then(function (answers) {
      var records = [];
      answers.forEach(function (rows) { records = records.concat(fold(rows, "n")); });
      var eventIds = records.filter(function (o) { return o.kind === "Event"; }).map(function (o) { return o.id; });
      if (!records.length) {
        clear(document.getElementById("network"));
        document.getElementById("network").appendChild(el("p", { cls: "nothing", text: "nothing matched: the store holds no events or actors" }));
        status("");
        return 0;
      }
      var linksQuery = eventIds.length ? "SELECT ?e ?p ?a WHERE { VALUES ?e { " + eventIds.map(S.iri).join(" ") +
        " } VALUES ?p { " + predicateList() + " } ?e ?p ?a } LIMIT " + CONFIG.maxRows : null;
      return (linksQuery ? S.select(linksQuery) : Promise.resolve([])).then(function (rows) {
        draw(records, rows.map(function (r) { return [r.e, r.a, LINKS[r.p]]; }));
        status("overview: " + eventIds.length + " events (most reported) and " + (records.length - eventIds.length) +
               " actors (in the most events); click a node to draw its neighbours");
        return records.length;
      });
    });
  }

  // ------------------------------------------------------------------ expanding a node

  function expand(id) {
    var q = "SELECT ?n ?p ?dir ?label ?class ?type ?cat WHERE { { SELECT ?n ?p ?dir WHERE { " +
      "{ " + S.iri(id) + " ?p ?n . BIND(\"out\" AS ?dir) } UNION { ?n ?p " + S.iri(id) + " . BIND(\"in\" AS ?dir) } " +
      "VALUES ?p { " + predicateList() + " } } ORDER BY ?n LIMIT " + EXPAND_ROWS + " } " + DESCRIBE + " }";
    return S.select(q).then(function (rows) {
      var records = fold(rows, "n"), links = [];
      rows.forEach(function (r) {
        links.push(r.dir === "out" ? [id, r.n, LINKS[r.p]] : [r.n, id, LINKS[r.p]]);
      });
      var fresh = records.filter(function (o) { return !nodes.get(o.id); });
      var shown = fresh.slice(0, EXPAND_NEW);
      var keep = {};
      records.forEach(function (o) { if (nodes.get(o.id)) keep[o.id] = true; });
      shown.forEach(function (o) { keep[o.id] = true; });
      var added = draw(records.filter(function (o) { return keep[o.id]; }), links);
      if (added) settle(false);
      var more = fresh.length - shown.length;
      status(added + " neighbours drawn for " + cut((known[id] || {}).label || local(id), 60) +
             (more > 0 ? " (" + more + " more not drawn; " + (rows.length >= EXPAND_ROWS ? "at least " : "") + "the panel lists them)" : ""));
      return added;
    });
  }

  // ------------------------------------------------------------------ search

  function search(text) {
    var box = document.getElementById("search-results"), note = document.getElementById("search-status");
    clear(box);
    text = text.trim();
    if (!text) { note.textContent = ""; return Promise.resolve([]); }
    var kinds = ACTOR_KINDS.concat(["Place"]).map(function (k) { return "parley:" + k; }).join(" ");
    var q = "SELECT ?n ?label ?class ?type ?cat WHERE { { SELECT DISTINCT ?n ?label WHERE { ?n rdfs:label ?label " +
      "FILTER(CONTAINS(LCASE(STR(?label)), LCASE(" + S.literal(text.slice(0, 200)) + "))) " +
      "{ ?n sem:eventType ?t } UNION { ?n a ?k VALUES ?k { " + kinds + " } } } " +
      "ORDER BY STRLEN(?label) ?label ?n LIMIT " + SEARCH_ROWS + " } " +
      "OPTIONAL { ?n a ?class } OPTIONAL { ?n sem:eventType ?type OPTIONAL { ?type skos:notation ?cat } } }";
    note.textContent = "searching…";
    return S.select(q).then(function (rows) {
      var found = fold(rows, "n");
      found.sort(function (a, b) { return a.label.length - b.label.length || (a.label < b.label ? -1 : 1); });
      note.textContent = found.length ? found.length + (found.length >= SEARCH_ROWS ? "+" : "") + " found" : "nothing matched";
      found.forEach(function (o) {
        var b = el("button", { cls: "rel", type: "button" }, el("span", { cls: "role", text: o.cls }), o.label);
        b.addEventListener("click", function () { focus(o); });
        box.appendChild(b);
      });
      return found;
    }, function (err) { note.textContent = "the search failed: " + err.message; return []; });
  }

  // What a node is (label, classes, category), for a node known only by its IRI (a link in a panel).
  function describe(id) {
    return S.select("SELECT ?n ?label ?class ?type ?cat WHERE { VALUES ?n { " + S.iri(id) + " } " + DESCRIBE + " }")
      .then(function (rows) { return fold(rows, "n")[0] || { id: id, label: local(id), classes: [], kind: "Actor", cls: "", n: 1 }; });
  }

  // Draw a node (if it is not drawn), with its neighbours, and show it.
  function focus(o) {
    var ready = nodes.get(o.id) || (o.classes && o.classes.length) ? Promise.resolve(o) : describe(o.id);
    return ready.then(function (record) {
      draw([record], []);
      return expand(record.id);
    }).then(function () {
      network.selectNodes([o.id]);
      network.focus(o.id, { scale: 1.1, animation: false });
      return show(o.id);
    });
  }

  // ------------------------------------------------------------------ the side panel

  function factList(pairs) {
    var dl = el("dl", { cls: "facts" });
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "" || (Array.isArray(p[1]) && !p[1].length)) return;
      var dd = el("dd");
      if (Array.isArray(p[1])) p[1].forEach(function (item, i) { if (i) dd.appendChild(document.createTextNode(", ")); dd.appendChild(item); });
      else dd.appendChild(typeof p[1] === "string" ? document.createTextNode(p[1]) : p[1]);
      dl.appendChild(el("dt", { text: p[0] }));
      dl.appendChild(dd);
    });
    return dl;
  }

  function nodeButton(id, label) {
    var b = el("button", { cls: "rel inline", type: "button", text: label || local(id) });
    b.addEventListener("click", function () { focus({ id: id, label: label || local(id) }); });
    return b;
  }

  function interval(begin, end) {
    if (!begin && !end) return null;
    if (begin === end || !end) return begin;
    return begin + " – " + end;
  }

  function docName(r) {
    var name = r.title ? r.title : (r.start ? r.start.replace(/\s+/g, " ").trim() + "…" : local(r.d));
    return [r.outlet, name, r.issued].filter(Boolean).join(" · ");
  }

  function evidence(id) {
    var q = "SELECT ?m ?anchor ?d ?title ?issued ?outlet ?before ?after ?start WHERE { " + S.iri(id) + " gaf:denotedBy ?m . " +
      "?m nif:anchorOf ?anchor ; nif:referenceContext ?d ; nif:beginIndex ?b ; nif:endIndex ?e . " +
      "OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:issued ?issued } " +
      "OPTIONAL { ?d dcterms:publisher/rdfs:label ?outlet } " +
      // (The BINDs stand outside the OPTIONAL: inside it, ?b and ?e would not be bound yet.)
      "OPTIONAL { ?d nif:isString ?text } BIND(IF(?b > " + CONTEXT + ", ?b - " + CONTEXT + ", 0) AS ?from) " +
      "BIND(SUBSTR(?text, ?from + 1, ?b - ?from) AS ?before) BIND(SUBSTR(?text, ?e + 1, " + CONTEXT + ") AS ?after) " +
      "BIND(SUBSTR(?text, 1, 60) AS ?start) } ORDER BY DESC(?issued) ?m LIMIT " + EVIDENCE_ROWS;
    return S.select(q);
  }

  function evidenceBlock(rows, total) {
    var box = el("details", { cls: "more" }, el("summary", { text: "Evidence (" + (total > rows.length ? rows.length + " of " + total : rows.length) + ")" }));
    rows.forEach(function (r) {
      var bq = el("blockquote", null, r.before ? "…" + r.before : "", el("mark", { text: r.anchor }), r.after ? r.after + "…" : "");
      bq.appendChild(el("cite", { text: docName(r) }));
      box.appendChild(bq);
    });
    return box;
  }

  function header(id, info) {
    var panel = document.getElementById("panel");
    clear(panel);
    panel.dataset.node = id;
    panel.appendChild(el("div", { cls: "kindline", text: info.cls + (info.category ? " · PLOVER " + info.category : "") }));
    panel.appendChild(el("h3", { text: info.label }));
    // What the panel read is the truth about the node: a node drawn from a link's label takes it.
    var drawn = nodes.get(id);
    if (drawn && known[id] && known[id].label !== info.label) {
      known[id].label = info.label;
      nodes.update({ id: id, label: cut(info.label, 42), title: tooltip(info.label, info.cls, info.category) });
    }
    return panel;
  }

  function showEvent(id, info) {
    var facts = "SELECT ?label ?class ?type ?cat ?begin ?end ?status WHERE { " +
      "OPTIONAL { " + S.iri(id) + " rdfs:label ?label } OPTIONAL { " + S.iri(id) + " a ?class } " +
      "OPTIONAL { " + S.iri(id) + " sem:eventType ?type OPTIONAL { ?type skos:notation ?cat } } " +
      "OPTIONAL { " + S.iri(id) + " sem:hasBeginTimeStamp ?begin } OPTIONAL { " + S.iri(id) + " sem:hasEndTimeStamp ?end } " +
      "OPTIONAL { " + S.iri(id) + " parley:status ?status } } LIMIT 50";
    var roles = "SELECT ?p ?a ?label WHERE { " + S.iri(id) + " ?p ?a . VALUES ?p { " + predicateList() + " } " +
      "OPTIONAL { ?a rdfs:label ?label } } ORDER BY ?label ?a LIMIT 300";
    var outlets = "SELECT ?o ?label (COUNT(DISTINCT ?d) AS ?docs) WHERE { " + S.iri(id) + " gaf:denotedBy/nif:referenceContext ?d . " +
      "OPTIONAL { ?d dcterms:publisher ?o OPTIONAL { ?o rdfs:label ?label } } } GROUP BY ?o ?label ORDER BY DESC(?docs) ?label LIMIT 40";
    var counts = "SELECT (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?m) AS ?mentions) WHERE { " + S.iri(id) + " gaf:denotedBy ?m . ?m nif:referenceContext ?d }";
    return Promise.all([S.select(facts), S.select(roles), S.select(outlets), S.select(counts), evidence(id)]).then(function (a) {
      var rec = fold(a[0].map(function (r) { r.node = id; r.ev = "true"; return r; }), "node")[0] || info;
      var begin = null, end = null, state = null;
      a[0].forEach(function (r) { begin = begin || r.begin; end = end || r.end; state = state || r.status; });
      info = { label: rec.label || info.label, cls: rec.cls || info.cls, category: rec.cat || info.category };
      var panel = header(id, info);
      var byRole = {};
      a[1].forEach(function (r) {
        var link = LINKS[r.p];
        (byRole[link] = byRole[link] || []).push(nodeButton(r.a, r.label));
      });
      var outletNames = [], docs = Number((a[3][0] || {}).docs || 0);
      a[2].forEach(function (r) { if (r.o) outletNames.push(nodeButton(r.o, r.label)); });
      panel.appendChild(factList([
        ["Kind", info.cls], ["PLOVER category", info.category], ["When", interval(begin, end)],
        ["Where", byRole.place], ["Parties", byRole.party], ["Mediator", byRole.mediator], ["Host", byRole.host],
        ["Attacker", byRole.attacker], ["Target", byRole.target],
        ["Other actors", (byRole.party || byRole.mediator || byRole.host || byRole.attacker || byRole.target) ? null : byRole.actor],
        ["Status", state ? local(state) : null],
        ["Reported by", docs + " document" + (docs === 1 ? "" : "s") + (outletNames.length ? ", " + outletNames.length + " outlet" + (outletNames.length === 1 ? "" : "s") : "")],
        ["Outlets", outletNames], ["Disrupted by", byRole.disruptedBy]
      ]));
      panel.appendChild(evidenceBlock(a[4], Number((a[3][0] || {}).mentions || 0)));
      return panel;
    });
  }

  function showOther(id, info) {
    var facts = "SELECT ?label ?class ?alt ?same WHERE { OPTIONAL { " + S.iri(id) + " rdfs:label ?label } OPTIONAL { " + S.iri(id) + " a ?class } " +
      "OPTIONAL { " + S.iri(id) + " skos:altLabel ?alt } OPTIONAL { " + S.iri(id) + " owl:sameAs ?same } } LIMIT 60";
    var affiliation = "SELECT ?a ?label WHERE { " + S.iri(id) + " parley:affiliation ?a OPTIONAL { ?a rdfs:label ?label } } LIMIT 10";
    var events = "SELECT ?e ?p ?label ?begin WHERE { ?e ?p " + S.iri(id) + " . VALUES ?p { " + predicateList() + " } " +
      "?e sem:eventType ?t . OPTIONAL { ?e rdfs:label ?label } OPTIONAL { ?e sem:hasBeginTimeStamp ?begin } } " +
      "ORDER BY DESC(?begin) ?e LIMIT 60";
    var counts = "SELECT (COUNT(DISTINCT ?e) AS ?events) WHERE { ?e sem:hasActor|sem:hasPlace " + S.iri(id) + " }";
    return Promise.all([S.select(facts), S.select(affiliation), S.select(events), S.select(counts), evidence(id)]).then(function (a) {
      var rec = fold(a[0].map(function (r) { r.node = id; return r; }), "node")[0] || info;
      info = { label: rec.label || info.label, cls: rec.cls || info.cls };
      var panel = header(id, info);
      var alts = [], wikidata = null;
      a[0].forEach(function (r) {
        if (r.alt && alts.indexOf(r.alt) < 0 && r.alt !== info.label) alts.push(r.alt);
        // A link only to a Wikidata item, built from its validated number: never a URL from the graph as it is.
        var m = r.same && /^https?:\/\/www\.wikidata\.org\/entity\/(Q[0-9]+)$/.exec(r.same);
        if (m) wikidata = m[1];
      });
      var link = wikidata ? el("a", { href: "https://www.wikidata.org/wiki/" + wikidata, rel: "noopener noreferrer", target: "_blank", text: wikidata }) : null;
      var total = Number((a[3][0] || {}).events || 0);
      panel.appendChild(factList([
        ["Kind", info.cls], ["Also named", alts.length ? alts.slice(0, 12).join(", ") : null], ["Wikidata", link],
        ["Speaks for", a[1].map(function (r) { return nodeButton(r.a, r.label); })],
        ["Events", total ? String(total) : null]
      ]));
      var seen = {}, list = el("div");
      a[2].forEach(function (r) {
        var key = r.e + " " + r.p;
        if (seen[key] || (LINKS[r.p] === "actor" && a[2].some(function (s) { return s.e === r.e && LINKS[s.p] !== "actor"; }))) return;
        seen[key] = true;
        var style = CONFIG.edges[LINKS[r.p]] || {};
        var b = nodeButton(r.e, r.label || local(r.e));
        b.className = "rel";
        b.insertBefore(el("span", { cls: "role", text: style.inverse || LINKS[r.p] }), b.firstChild);
        if (r.begin) b.appendChild(el("span", { cls: "muted small", text: " " + r.begin }));
        list.appendChild(b);
      });
      if (a[2].length) {
        panel.appendChild(el("h2", { text: "Events" + (total > a[2].length ? " (latest " + a[2].length + " of " + total + ")" : "") }));
        panel.appendChild(list);
      }
      panel.appendChild(evidenceBlock(a[4], a[4].length));
      return panel;
    });
  }

  function show(id) {
    var info = known[id] || { label: local(id), kind: "Actor", cls: "" };
    var run = info.kind === "Event" ? showEvent : showOther;
    return run(id, info).catch(function (err) {
      var panel = header(id, info);
      panel.appendChild(el("p", { cls: "muted", text: "could not read this node: " + err.message }));
    });
  }

  // ------------------------------------------------------------------ legend and start

  function legend() {
    var kinds = document.getElementById("legend-kinds");
    ["State", "Organization", "Person", "NewsOutlet", "AnonymousSource", "Place", "Event"].forEach(function (k) {
      var s = CONFIG.kinds[k];
      if (s) kinds.appendChild(el("div", { cls: "legend-row" }, el("span", { cls: "dot shape-" + s.shape, "data-color": s.color }), s.legend));
    });
    var roles = document.getElementById("legend-edges");
    ROLES.concat(["place", "disruptedBy"]).forEach(function (k) {
      var s = CONFIG.edges[k];
      if (s) roles.appendChild(el("div", { cls: "legend-row" }, el("span", { cls: "line", "data-color": s.color }), s.label));
    });
    // Colours are set through the CSSOM (style attributes in markup would need a looser policy).
    document.querySelectorAll("[data-color]").forEach(function (n) { n.style.background = n.getAttribute("data-color"); });
  }

  // Lay out what is drawn, then stop: physics off (a still picture to read). The overview is then fitted in
  // view; after an expansion the view stays where the person is. (Nodes added to a DataSet start the
  // simulation but no stabilization of their own, so the page asks for one.)
  function settle(fit) {
    window.__parleySettled = false;
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      if (fit) {
        network.fit({ animation: false });
        // Never so far out that labels are unreadable: 15 px labels at 0.75 render at 11 px or more.
        if (network.getScale() < MIN_SCALE) network.moveTo({ scale: MIN_SCALE, animation: false });
      }
      window.__parleySettled = true;
    });
    network.stabilize(fit ? 150 : 60);
  }

  function start() {
    nodes = new vis.DataSet([]);
    edges = new vis.DataSet([]);
    network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, {
      nodes: { scaling: { min: 10, max: 36, label: { enabled: false } }, borderWidth: 1 },
      edges: { smooth: false, width: 1.2, font: { size: 12, strokeWidth: 3 } },
      physics: { solver: "forceAtlas2Based", stabilization: { iterations: 150 }, forceAtlas2Based: { gravitationalConstant: -60, springLength: 120 } },
      interaction: { hover: true, tooltipDelay: 150 }
    });
    network.on("click", function (params) {
      if (!params.nodes.length) return;
      var id = params.nodes[0];
      show(id);
      expand(id).catch(function (err) { status("could not expand: " + err.message); });
    });
    // Enter searches and shows the best match (the shortest label that holds the words).
    function submit(e) {
      e.preventDefault();
      search(document.getElementById("search").value).then(function (found) { if (found.length) focus(found[0]); });
    }
    document.getElementById("search-form").addEventListener("submit", submit);
    document.getElementById("search").addEventListener("keydown", function (e) { if (e.key === "Enter") submit(e); });
    document.getElementById("reset").addEventListener("click", function () {
      nodes.clear(); edges.clear(); known = {};
      clear(document.getElementById("panel"));
      overview().then(function () { settle(true); });
    });
    return overview().then(function () { settle(true); });
  }

  fetch("/assets/config.json", { credentials: "omit" }).then(function (r) { return r.json(); }).then(function (config) {
    CONFIG = config;
    legend();
    return start();
  }).then(function () {
    window.__parleyReady = true;
  }, function (err) {
    status("the explorer could not start: " + err.message);
    window.__parleyReady = true;
    window.__parleyError = err.message;
  });

  window.parley = {
    get network() { return network; }, get nodes() { return nodes; }, get edges() { return edges; },
    expand: expand, search: search, show: show, focus: focus
  };
})();
