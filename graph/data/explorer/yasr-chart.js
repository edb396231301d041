/* A bar chart for YASR (the results half of YASGUI). @zazuko/yasr 4.6 ships table, response, boolean
 * and error plugins only (the chart plugin of Triply's YASGUI was never open source and loaded Google
 * Charts from the network), so Parley draws its own: an SVG built from DOM nodes, all text as
 * textContent. It charts the first numeric column against the first other column, and with no numeric
 * column counts the rows of each value of the first column (the 25 largest). */
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

  // [[label, value], ...] from the results, and a sentence saying what is charted.
  function series(variables, bindings) {
    var numeric = variables.filter(function (v) {
      var bound = bindings.filter(function (b) { return b[v]; });
      return bound.length && bound.every(function (b) { return isNumber(b[v]); });
    });
    var labels = variables.filter(function (v) { return numeric.indexOf(v) < 0; });
    if (numeric.length && labels.length) {
      var lv = labels[0], nv = numeric[0];
      var pairs = bindings.filter(function (b) { return b[nv]; }).map(function (b) {
        return [b[lv] ? b[lv].value : "(none)", Number(b[nv].value)];
      });
      return { pairs: pairs, what: "?" + nv + " by ?" + lv };
    }
    var v = variables[0], counts = {};
    bindings.forEach(function (b) { var key = b[v] ? b[v].value : "(none)"; counts[key] = (counts[key] || 0) + 1; });
    var list = Object.keys(counts).map(function (k) { return [k, counts[k]]; });
    list.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    return { pairs: list, what: "rows for each ?" + v };
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
    var results = this.yasr.results, root = document.createElement("div");
    root.className = "parley-chart";
    var s = series(results.getVariables(), results.getBindings());
    var pairs = s.pairs.slice(0, MAX_BARS);
    var note = document.createElement("p");
    note.textContent = "Bars: " + s.what + (s.pairs.length > pairs.length ? " (the first " + pairs.length + " of " + s.pairs.length + ")" : "");
    root.appendChild(note);
    var max = Math.max.apply(null, pairs.map(function (p) { return Math.abs(p[1]); }).concat([1]));
    var labelW = 320, barW = 460, rowH = 22, width = labelW + barW + 80;
    var chart = svg("svg", { width: String(width), height: String(pairs.length * rowH + 10), role: "img" });
    pairs.forEach(function (p, i) {
      var y = i * rowH + 4, label = p[0].length > 48 ? p[0].slice(0, 47) + "…" : p[0];
      var t = svg("text", { x: String(labelW - 6), y: String(y + 14), "text-anchor": "end" }, label);
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
