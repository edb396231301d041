/* A bar chart for YASR (the results half of YASGUI). @zazuko/yasr 4.6 ships table, response, boolean
 * and error plugins only (the chart plugin of Triply's YASGUI was never open source and loaded Google
 * Charts from the network), so Parley draws its own: an SVG built from DOM nodes, all text as
 * textContent. It charts a numeric column against the first other column, or counts the rows of each
 * value of a column (a menu picks which; the 25 largest bars are drawn). */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg", MAX_BARS = 25;

  function isNumber(term) {
    if (!term || term.type !== "literal" && term.type !== "typed-literal") return false;
    return term.value.trim() !== "" && isFinite(Number(term.value));
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The charts these results allow: each numeric column against the first other column, then a count of
  // the rows of each value of any column. The default is the first numeric chart, else the count by the
  // literal column with the fewest distinct values (a category, a mediator, an outlet: not an id).
  function choices(variables, bindings) {
    var numeric = variables.filter(function (v) {
      var bound = bindings.filter(function (b) { return b[v]; });
      return bound.length && bound.every(function (b) { return isNumber(b[v]); });
    });
    var labels = variables.filter(function (v) { return numeric.indexOf(v) < 0; });
    var out = [];
    if (labels.length) numeric.forEach(function (nv) { out.push({ key: "value " + nv, value: nv, label: labels[0], text: "?" + nv + " by ?" + labels[0] }); });
    var distinct = function (v) { var seen = {}; bindings.forEach(function (b) { if (b[v]) seen[b[v].value] = 1; }); return Object.keys(seen).length; };
    var counts = variables.map(function (v) {
      var literal = bindings.some(function (b) { return b[v] && b[v].type !== "uri" && b[v].type !== "bnode"; });
      return { key: "count " + v, by: v, text: "rows for each ?" + v, rank: (literal ? 0 : 1e9) + distinct(v) };
    });
    var best = counts.slice().sort(function (a, b) { return a.rank - b.rank; })[0];
    return out.concat(best ? [best] : [], counts.filter(function (c) { return c !== best; }));
  }

  // [[label, value], ...] for one choice.
  function series(choice, bindings) {
    if (choice.value) {
      return bindings.filter(function (b) { return b[choice.value]; }).map(function (b) {
        return [b[choice.label] ? b[choice.label].value : "(none)", Number(b[choice.value].value)];
      });
    }
    var counts = {};
    bindings.forEach(function (b) { var key = b[choice.by] ? b[choice.by].value : "(none)"; counts[key] = (counts[key] || 0) + 1; });
    var list = Object.keys(counts).map(function (k) { return [k, counts[k]]; });
    list.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    return list;
  }

  function Chart(yasr) {
    this.yasr = yasr;
    this.label = "Chart";
    this.priority = 5;
  }

  Chart.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    return !!r && !r.getError() && !!r.getVariables() && r.getVariables().length > 0 && r.getBindings().length > 0;
  };

  Chart.prototype.getIcon = function () {
    var icon = svg("svg", { viewBox: "0 0 16 16", width: "16", height: "16" });
    [[1, 9, 3, 6], [6, 4, 3, 11], [11, 7, 3, 8]].forEach(function (r) {
      icon.appendChild(svg("rect", { x: r[0], y: r[1], width: r[2], height: r[3], fill: "currentColor" }));
    });
    return icon;
  };

  Chart.prototype.draw = function () {
    var self = this, results = this.yasr.results, root = document.createElement("div");
    root.className = "parley-chart";
    var bindings = results.getBindings(), options = choices(results.getVariables(), bindings);
    var choice = options.filter(function (c) { return c.key === self.choice; })[0] || options[0];
    var label = document.createElement("label"), select = document.createElement("select");
    label.textContent = "Bars: ";
    options.forEach(function (c) {
      var option = document.createElement("option");
      option.value = c.key; option.textContent = c.text; option.selected = c === choice;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      self.choice = select.value;
      while (self.yasr.resultsEl.firstChild) self.yasr.resultsEl.removeChild(self.yasr.resultsEl.firstChild);
      self.draw();
    });
    label.appendChild(select);
    root.appendChild(label);
    var all = series(choice, bindings), pairs = all.slice(0, MAX_BARS);
    var note = document.createElement("p");
    note.textContent = all.length > pairs.length ? "the first " + pairs.length + " of " + all.length : "";
    root.appendChild(note);
    var max = Math.max.apply(null, pairs.map(function (p) { return Math.abs(p[1]); }).concat([1]));
    var labelW = 320, barW = 460, rowH = 22, width = labelW + barW + 80;
    var chart = svg("svg", { width: String(width), height: String(pairs.length * rowH + 10), role: "img" });
    pairs.forEach(function (p, i) {
      var y = i * rowH + 4, text = p[0].length > 48 ? p[0].slice(0, 47) + "…" : p[0];
      var t = svg("text", { x: String(labelW - 6), y: String(y + 14), "text-anchor": "end" }, text);
      t.appendChild(svg("title", {}, p[0]));
      chart.appendChild(t);
      chart.appendChild(svg("rect", { "class": "bar", x: String(labelW), y: String(y), height: String(rowH - 6),
                                      width: String(Math.max(1, barW * Math.abs(p[1]) / max)) }));
      chart.appendChild(svg("text", { x: String(labelW + 4 + barW * Math.abs(p[1]) / max), y: String(y + 14) }, String(p[1])));
    });
    root.appendChild(chart);
    this.yasr.resultsEl.appendChild(root);
  };

  window.ParleyChartPlugin = Chart;
  if (window.Yasgui && window.Yasgui.Yasr) window.Yasgui.Yasr.registerPlugin("chart", Chart);
})();
