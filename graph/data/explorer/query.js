/* The query editor: the vendored YASGUI, pointed at this server's read-only endpoint only, with the ready
 * queries (ontology/queries/*.rq) as tabs and in a menu. Configured to ask nothing of the network:
 * no Linked Open Vocabularies look-ups (the class and property autocompleters), prefixes from YASQE's
 * bundled list (prefixCcApi stays unset), no other endpoint in the catalogue, no CORS probe (no
 * corsProxy); the page's Content-Security-Policy (connect-src 'self') would stop any of them anyway. */
(function () {
  "use strict";
  var ENDPOINT = window.location.origin + "/sparql";
  var Yasgui = window.Yasgui;
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  Yasgui.Yasqe.defaults.prefixCcApi = null;

  function start(config) {
    document.getElementById("max-rows").textContent = String(config.maxRows);
    var root = document.getElementById("yasgui");
    var yasgui = new Yasgui(root, {
      requestConfig: { endpoint: ENDPOINT, method: "POST", acceptHeaderSelect: "application/sparql-results+json" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: ENDPOINT }]; }, keys: [] },
      persistenceId: null,  // nothing kept in the browser: the ready queries are the start every time
      populateFromUrl: false,
      autoAddOnInit: false,
      yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table", prefixes: config.prefixes }
    });
    var tabs = {};
    function open(q, select) {
      if (tabs[q.name] && yasgui.getTab(tabs[q.name])) {
        if (select) yasgui.selectTabId(tabs[q.name]);
        return yasgui.getTab(tabs[q.name]);
      }
      var tab = yasgui.addTab(select, { name: q.name, yasqe: { value: q.query }, requestConfig: { endpoint: ENDPOINT } });
      tabs[q.name] = tab.getId();
      return tab;
    }
    var menu = document.getElementById("ready-query");
    config.queries.forEach(function (q, i) {
      var option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.name + (q.description ? " — " + q.description.slice(0, 90) : "");
      menu.appendChild(option);
      open(q, i === 0);
    });
    menu.addEventListener("change", function () {
      var q = config.queries.filter(function (x) { return x.name === menu.value; })[0];
      if (q) open(q, true);
      menu.value = "";
    });
    window.parleyQuery = { yasgui: yasgui, open: function (name) {
      var q = config.queries.filter(function (x) { return x.name === name; })[0];
      return q ? open(q, true) : null;
    } };
    window.__parleyReady = true;
  }

  fetch("/assets/config.json", { credentials: "omit" }).then(function (r) { return r.json(); }).then(start, function (err) {
    document.getElementById("yasgui").textContent = "the query editor could not start: " + err.message;
    window.__parleyReady = true;
  });
})();
