/* The explorer's and the query editor's way to the server's read-only endpoint (/sparql, same origin).
 * Values from the graph or from the person are put into queries only through literal() and iri(),
 * which escape or refuse; answers are plain data, shown with textContent by the callers. */
(function () {
  "use strict";
  var ENDPOINT = "/sparql";

  // A SPARQL string literal: backslash, quotes and line breaks escaped (never a \u escape, which the
  // endpoint's guard refuses for ASCII characters).
  function literal(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r").replace(/\t/g, "\\t") + '"';
  }

  // An IRI as <...>, refused if it holds a character that could end it early.
  function iri(value) {
    if (typeof value !== "string" || !/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(value)) {
      throw new Error("not an IRI: " + String(value).slice(0, 80));
    }
    return "<" + value + ">";
  }

  // POST a query; resolve with the SPARQL JSON results, reject with the endpoint's own message.
  function query(text) {
    return fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json" },
      body: new URLSearchParams({ query: text }).toString(),
      credentials: "omit",
      referrerPolicy: "no-referrer"
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (message) {
          throw new Error(message.trim() || ("the endpoint answered " + response.status));
        });
      }
      return response.json();
    });
  }

  // The rows of a SELECT as plain objects: {variable: value string} (unbound variables absent).
  function rows(results) {
    return results.results.bindings.map(function (b) {
      var row = {};
      Object.keys(b).forEach(function (k) { row[k] = b[k].value; });
      return row;
    });
  }

  function select(text) { return query(text).then(rows); }

  window.parleySparql = { query: query, select: select, literal: literal, iri: iri, endpoint: ENDPOINT };
})();
