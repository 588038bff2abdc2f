/* The first view: the document by section, as an HTML table a reader (or a screen reader) can read.
 *
 * One row per section from model.overview.sections (counted over its subsections in Python):
 * principles, findings by severity and by family, relation edges by class, and its authority.
 * Top-level sections show first; a row's toggle shows its subsections, and a click on a title
 * opens that section's principles in the graph. Also the complete legend, used under the graph.
 */
(function (parts) {
  "use strict";

  var h = parts.h, badge = parts.badge;

  function severityCounts(row) {
    var cell = h("td", { cls: "sev-counts" });
    ["error", "warning", "info"].forEach(function (s) {
      var n = row.by_severity[s] || 0;
      cell.appendChild(h("span", { cls: n ? "n sev-" + s : "n zero", title: n + " " + s, text: String(n) }));
    });
    return cell;
  }

  function familyChips(row) {
    var cell = h("td", { cls: "families" });
    Object.keys(row.by_family).forEach(function (family) {
      var counts = row.by_family[family], total = 0, worst = "info";
      Object.keys(counts).forEach(function (s) {
        total += counts[s];
        if (parts.severityRank(s) > parts.severityRank(worst)) worst = s;
      });
      var detail = Object.keys(counts).map(function (s) { return counts[s] + " " + s; }).join(", ");
      cell.appendChild(h("span", { cls: "chip sev-" + worst, title: family + ": " + detail, text: family + " " + total }));
    });
    return cell;
  }

  function tensionCounts(row) {
    var cell = h("td", { cls: "tensions" });
    parts.EDGE_CLASSES.forEach(function (c) {
      var n = row.tensions[c[0]];
      if (n) cell.appendChild(h("span", { cls: "chip edge-" + c[0], title: n + " × " + c[1], text: String(n) }));
    });
    return cell;
  }

  // The degenerate answers (G105's strategies) a section's principles reward, as written.
  function rewardChips(row) {
    var cell = h("td", { cls: "rewards" });
    Object.keys(row.rewards || {}).sort().forEach(function (strategy) {
      var n = row.rewards[strategy];
      cell.appendChild(h("span", { cls: "chip reward", title: n + " statement(s) reward " + strategy + " as written",
        text: strategy + " " + n }));
    });
    return cell;
  }

  parts.renderOverview = function (root, model, actions) {
    var rows = model.overview.sections;
    var hasChildren = new Set();
    rows.forEach(function (r) { if (r.parent) hasChildren.add(r.parent); });
    var whole = rows[0];
    var rewards = "rewards" in whole;
    var table = h("table", { cls: "sections", id: "section-table" },
      h("caption", { text: "Sections: click a title to draw its principles" }),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: "Section" }), h("th", { scope: "col", text: "Authority" }),
        h("th", { scope: "col", cls: "num", text: "Principles" }),
        h("th", { scope: "col", title: "errors · warnings · info", text: "Findings (E · W · I)" }),
        h("th", { scope: "col", text: "By family" }), h("th", { scope: "col", text: "Relations" }),
        rewards ? h("th", { scope: "col", title: "Cheap answers the principles reward as written (G105)",
          text: "Rewards" }) : null)));
    var body = h("tbody", {});
    var byParent = new Map();
    rows.forEach(function (row, i) {
      if (i === 0) return;
      var toggle = hasChildren.has(row.id)
        ? h("button", { type: "button", cls: "toggle", "aria-expanded": "false", title: "Show subsections", text: "▸" })
        : h("span", { cls: "toggle-space" });
      var title = h("a", { href: "#graph-view", cls: "section-title", "data-section": row.id, onclick: function (e) {
        e.preventDefault(); actions.openSection(row.id);
      } }, row.title);
      var tr = h("tr", { cls: "depth-" + Math.min(row.depth, 6) + (row.findings ? "" : " quiet"), "data-row": row.id },
        h("th", { scope: "row", style: "padding-left:" + (0.4 + (row.depth - 1) * 1.1) + "em" }, toggle, " ", title),
        h("td", {}, row.authority ? badge(row.authority, "auth-" + row.authority) : h("span", { cls: "muted", text: "—" })),
        h("td", { cls: "num", text: String(row.principles) }),
        severityCounts(row), familyChips(row), tensionCounts(row), rewards ? rewardChips(row) : null);
      if (row.depth > 1) tr.hidden = true;
      if (!byParent.has(row.parent)) byParent.set(row.parent, []);
      byParent.get(row.parent).push(tr);
      if (toggle.tagName === "BUTTON") {
        toggle.addEventListener("click", function () {
          var open = toggle.getAttribute("aria-expanded") !== "true";
          toggle.setAttribute("aria-expanded", String(open));
          toggle.textContent = open ? "▾" : "▸";
          setOpen(row.id, open);
        });
      }
      body.appendChild(tr);
    });
    // Closing a section hides its whole subtree; opening it shows only its direct subsections.
    function setOpen(id, open) {
      (byParent.get(id) || []).forEach(function (tr) {
        tr.hidden = !open;
        if (!open) {
          var button = tr.querySelector("button.toggle");
          if (button) { button.setAttribute("aria-expanded", "false"); button.textContent = "▸"; }
          setOpen(tr.dataset.row, false);
        }
      });
    }
    // A document under one title heading would show one row: open levels until a few rows show.
    var visible = byParent.get(whole.id) || [];
    while (visible.length < 4) {
      var next = [];
      visible.forEach(function (tr) { next = next.concat(byParent.get(tr.dataset.row) || []); });
      if (!next.length) break;
      visible.forEach(function (tr) { var b = tr.querySelector("button.toggle"); if (b) b.click(); });
      visible = visible.concat(next);
    }
    var foot = h("tfoot", {}, h("tr", {},
      h("th", { scope: "row" }, h("a", { href: "#graph-view", cls: "section-title", "data-section": "", onclick: function (e) {
        e.preventDefault(); actions.openSection(null);
      } }, "Whole document"), whole.direct ? h("span", { cls: "muted", text: " (" + whole.direct + " before the first heading)" }) : null),
      h("td", {}), h("td", { cls: "num", text: String(whole.principles) }),
      severityCounts(whole), familyChips(whole), tensionCounts(whole)));
    table.append(body, foot);
    root.replaceChildren(table);
  };

  // The complete key: node colours and sizes (authority), rings (worst finding), shapes (kind), edges.
  parts.renderLegend = function (root, sizes, noAuthoritySize) {
    var key = function () {
      var span = h("span", { cls: "key" });
      for (var i = 0; i < arguments.length; i++) span.append(arguments[i]);
      return span;
    };
    var group = function (title) { return h("span", { cls: "key-group" }, h("strong", { text: title + ":" })); };
    var authority = group("Fill (authority, larger is higher)");
    parts.AUTHORITIES.concat(["none"]).forEach(function (a, i) {
      var size = (a === "none" ? noAuthoritySize : sizes[i]) / 2;
      authority.append(key(h("span", { cls: "dot", style: "background:" + parts.AUTHORITY_COLOURS[a] + ";width:" + size + "px;height:" + size + "px" }),
        a === "none" ? "no authority" : a));
    });
    var rings = group("Ring (worst finding)");
    ["error", "warning", "info"].forEach(function (s, i) {
      rings.append(key(h("span", { cls: "ring", style: "border:" + (4 - i) + "px solid " + parts.SEVERITY_COLOURS[s] }), s));
    });
    rings.append(key(h("span", { cls: "ring none" }), "no finding"));
    var shapes = group("Shape (kind)");
    [["●", "rule"], ["◆", "preference"], ["■", "commentary"], ["▲", "example"]].forEach(function (s) {
      shapes.append(key(h("span", { cls: "shape", text: s[0] }), s[1]));
    });
    var edges = group("Edges");
    parts.EDGE_CLASSES.forEach(function (c) { edges.append(key(h("span", { cls: "line " + c[0] }), c[1])); });
    root.replaceChildren(authority, rings, shapes, edges);
  };
}(window.cmlintParts = window.cmlintParts || {}));
