/* The summary: totals, findings by family and severity, the principles with most findings, rules,
 * and what the scenarios file covers.
 */
(function (parts) {
  "use strict";

  var h = parts.h, badge = parts.badge, plural = parts.plural;

  parts.renderSummary = function (root, model, byId, focusPrinciple) {
    var summary = model.summary;
    var cards = h("div", { cls: "cards" });
    [[summary.principles, "principles"], [summary.sections, "sections"], [summary.findings, "findings"],
      [model.edges.length, "edges"]].forEach(function (c) {
      cards.appendChild(h("div", { cls: "card" }, h("div", { cls: "num", text: String(c[0]) }), h("div", { text: c[1] })));
    });
    var table = h("table", { cls: "by-family" },
      h("tr", {}, h("th", { text: "family" }), h("th", { text: "error" }), h("th", { text: "warning" }), h("th", { text: "info" })));
    summary.families.forEach(function (f) {
      var c = summary.by_family[f] || { error: 0, warning: 0, info: 0 };
      var row = h("tr", { cls: c.error + c.warning + c.info ? "" : "zero" }, h("th", { text: f }));
      summary.severities.forEach(function (s) { row.appendChild(h("td", { cls: c[s] ? "sev-" + s : "", text: String(c[s]) })); });
      table.appendChild(row);
    });
    var top = h("ol", { cls: "top" });
    summary.top_principles.forEach(function (t) {
      var p = byId.get(t.principle);
      top.appendChild(h("li", {}, h("a", { href: "#graph-view", onclick: function (e) {
        e.preventDefault(); focusPrinciple(p.id);
      } }, p.key), " ", badge(plural(t.count, "finding"), "sev-" + t.worst)));
    });
    var codes = h("table", { cls: "by-code" });
    Object.keys(summary.by_code).forEach(function (code) {
      var c = summary.by_code[code];
      codes.appendChild(h("tr", {}, h("th", { text: code }), h("td", { text: c.name }), h("td", { text: c.family }), h("td", { text: String(c.count) })));
    });
    var coverage = summary.scenarios;
    var scenarioBlock = coverage
      ? h("div", { id: "scenario-coverage" }, h("h3", { text: "Scenarios (" + coverage.file + ")" }),
        h("p", { text: coverage.records + " records: " + coverage.judged + " judged, " + coverage.filtered +
          " filtered as off-topic, " + coverage.stale + " stale (a principle changed since)." }),
        h("p", { text: coverage.principles_covered + " of " + coverage.principles +
          " rule and preference principles appear in a judged scenario." }),
        h("p", { text: "Outcomes: " + (Object.keys(coverage.outcomes).map(function (k) {
          return k + " " + coverage.outcomes[k];
        }).join(", ") || "none") }))
      : h("p", { cls: "muted", id: "scenario-coverage", text: "No scenarios file: run 'cmlint scenarios generate' to stress-test pairs of principles." });
    root.replaceChildren(h("h2", { text: "Summary" }), cards, scenarioBlock,
      h("div", { cls: "summary-grid" },
        h("div", {}, h("h3", { text: "Findings by family and severity" }), table),
        h("div", {}, h("h3", { text: "Principles with most findings" }),
          summary.top_principles.length ? top : h("p", { cls: "muted", text: "No principle has a finding." })),
        h("div", {}, h("h3", { text: "Findings by rule" }),
          Object.keys(summary.by_code).length ? codes : h("p", { cls: "muted", text: "No findings." }))));
  };
}(window.cmlintParts = window.cmlintParts || {}));
