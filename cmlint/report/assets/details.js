/* The details panel beside the graph: one principle, one section, or one edge with both sides.
 *
 * A conflict is understood by reading both principles at once, so an edge shows the two side
 * by side with their deontic frames, the findings that are its evidence, the winner when
 * precedence settles it, and the scenarios that tested the pair when a scenarios file exists.
 */
(function (parts) {
  "use strict";

  var h = parts.h, badge = parts.badge, plural = parts.plural;

  // The scenarios that tested an edge's pair (cmlint.report.scenarios), supporting ones first.
  parts.scenarioBlock = function (e) {
    if (!e.scenarios) return null;
    var outcomes = Object.keys(e.outcomes).map(function (k) { return k + " " + e.outcomes[k]; }).join(", ") || "only stale records";
    var list = h("ul", { cls: "scenarios" });
    e.scenarios.forEach(function (s) {
      list.appendChild(h("li", { cls: s.stale ? "stale" : "" }, badge(s.stale ? "stale" : (s.outcome || s.status), "outcome-" + (s.outcome || s.status)),
        " ", s.request, s.reason ? h("div", { cls: "muted", text: "judge: " + s.reason }) : null));
    });
    return h("details", { cls: "scenario-list" }, h("summary", { text: plural(e.scenarios.length, "scenario") + " tested this pair: " + outcomes }), list);
  };

  parts.detailsPanel = function (details, model, byId, actions) {
    function findingItem(i) {
      var f = model.findings[i];
      return h("li", { cls: "sev-" + f.severity },
        h("a", { href: "#L" + f.line, cls: "finding-link", "data-finding": String(i), onclick: function (e) {
          e.preventDefault(); actions.showFinding(i);
        } }, f.code), " ", badge(f.severity, "sev-" + f.severity), " ", f.message);
    }

    function frameTable(frame) {
      var rows = [["modality", frame.modality], ["strength", frame.strength], ["negated", frame.negated ? "yes" : null],
        ["actor", frame.actor], ["action", frame.action], ["object", frame.object],
        ["conditions", (frame.conditions || []).join("; ")], ["exceptions", (frame.exceptions || []).join("; ")],
        ["cue", frame.cue]];
      var table = h("table", { cls: "frame" });
      rows.forEach(function (r) { if (r[1]) table.appendChild(h("tr", {}, h("th", { text: r[0] }), h("td", { text: String(r[1]) }))); });
      return table;
    }

    function principleCard(p) {
      var card = h("div", { cls: "principle-card", "data-principle": p.id },
        h("div", { cls: "card-head" }, h("code", { text: p.key }), " ",
          badge(p.authority || "no authority", "auth-" + (p.authority || "none")), " ", badge(p.kind),
          p.priority !== null && p.priority !== undefined ? badge("priority " + p.priority) : null),
        p.title ? h("div", { cls: "card-title", text: p.title }) : null,
        h("div", { cls: "path", text: p.heading_path.join(" › ") }),
        h("blockquote", { cls: "principle-text", text: p.text }),
        h("a", { href: "#L" + p.line, onclick: function (e) { e.preventDefault(); actions.showSource(p.span, p.line); } },
          "line " + p.line + " in the source"));
      if (p.frames && p.frames.length) {
        card.appendChild(h("h4", { text: "Frame" }));
        p.frames.forEach(function (f) { card.appendChild(frameTable(f)); });
      }
      return card;
    }

    function showPrinciple(p) {
      details.replaceChildren(h("h3", { text: "Principle" }), principleCard(p));
      if (p.findings.length) {
        var list = h("ul", { cls: "findings-mini" });
        p.findings.forEach(function (i) { list.appendChild(findingItem(i)); });
        details.append(h("h4", { text: plural(p.findings.length, "finding") }), list);
      } else {
        details.append(h("p", { cls: "muted", text: "No findings." }));
      }
      var related = model.edges.filter(function (e) { return e.source === p.id || e.target === p.id; });
      if (related.length) {
        var rel = h("ul", { cls: "relations" });
        related.forEach(function (e) {
          var other = byId.get(e.source === p.id ? e.target : e.source);
          rel.appendChild(h("li", {}, h("a", { href: "#", onclick: function (ev) { ev.preventDefault(); actions.selectEdge(e.id); } },
            e["class"]), " with ", h("code", { text: other.key || other.id })));
        });
        details.append(h("h4", { text: "Relations" }), rel);
      }
      details.dataset.showing = p.id;
    }

    function showSection(s) {
      details.replaceChildren(h("h3", { text: "Section" }),
        h("div", { cls: "card-title", text: s.title }),
        h("p", {}, h("code", { text: s.key }), " ", badge(s.authority || "no authority", "auth-" + (s.authority || "none"))),
        h("p", { text: plural(s.principles, "principle") + " directly in this section." }),
        h("a", { href: "#L" + s.line, onclick: function (e) { e.preventDefault(); actions.showSource(s.span, s.line); } },
          "line " + s.line + " in the source"));
      details.dataset.showing = s.id;
    }

    function edgeTitle(e) {
      if (e.kind === "precedence") return "Precedence: " + e.reason;
      if (e.kind === "overlap") return "Overlap" + (e.score !== undefined ? " (similarity " + e.score + ")" : "");
      if (e.resolved) {
        var winner = e.winner ? byId.get(e.winner) : null;
        return "Conflict, resolved" + (winner ? ": " + winner.key + " wins (" + e.reason + ")" : "");
      }
      if (e.tension) return "Value tension, unresolved" + (e.reason ? ": " + e.reason : "");
      return "Conflict, unresolved" + (e.reason ? ": " + e.reason : "");
    }

    function showEdge(e) {
      var a = byId.get(e.source), b = byId.get(e.target);
      var side = h("div", { cls: "side-by-side" });
      [a, b].forEach(function (node) {
        var card = node.text !== undefined ? principleCard(node) :
          h("div", { cls: "principle-card" }, h("div", { cls: "card-title", text: "Section: " + node.title }));
        if (e.winner === node.id) card.classList.add("winner");
        side.appendChild(card);
      });
      details.replaceChildren(h("h3", { cls: "edge-title edge-" + e["class"], text: edgeTitle(e) }), side);
      if (e.findings.length) {
        var list = h("ul", { cls: "evidence" });
        e.findings.forEach(function (i) {
          var f = model.findings[i];
          var item = findingItem(i);
          f.related.forEach(function (r) { item.appendChild(h("div", { cls: "muted", text: "↳ " + r.message })); });
          if (f.suggestion) item.appendChild(h("div", { cls: "suggestion", text: "Fix: " + f.suggestion }));
          list.appendChild(item);
        });
        details.append(h("h4", { text: "Evidence" }), list);
      }
      if (e.scenarios) details.append(h("h4", { text: "Scenarios" }), parts.scenarioBlock(e));
      if (e.evidence) details.append(h("h4", { text: "Analysis" }), h("pre", { cls: "evidence-data", text: JSON.stringify(e.evidence, null, 1) }));
      details.dataset.showing = e.id;
    }

    return { showPrinciple: showPrinciple, showSection: showSection, showEdge: showEdge };
  };
}(window.cmlintParts = window.cmlintParts || {}));
