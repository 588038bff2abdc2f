/* The tension map: a section-by-section matrix of the relation edges (model.overview.map).
 *
 * Rows and columns are the sections that take part in some edge, numbered, with the row titles
 * as text; only the upper triangle is filled (a pair of sections is unordered) and the diagonal
 * is tension inside one section. A cell is coloured by the most pressing class it holds
 * (unresolved conflicts first, precedence last) and shows how many pairs it holds; the class
 * checkboxes show resolved and unresolved apart, and a click on a cell lists its pairs, grouped
 * by class, each with its findings, its winner and the scenarios that tested it.
 */
(function (parts) {
  "use strict";

  var h = parts.h, badge = parts.badge, plural = parts.plural;

  parts.renderTensionMap = function (root, model, actions) {
    var map = model.overview.map;
    var edgesById = new Map();
    model.edges.forEach(function (e) { edgesById.set(e.id, e); });
    var rows = new Map();
    model.overview.sections.forEach(function (r) { rows.set(r.id, r); });
    var byId = actions.byId;
    var shown = new Set(map.classes);
    var depth = map.default_depth;
    var totals = {};
    model.edges.forEach(function (e) { totals[e["class"]] = (totals[e["class"]] || 0) + 1; });

    function titleOf(id) {
      var row = rows.get(id);
      return row && row.depth > 0 ? row.title : "Before the first heading";
    }

    var depthSelect = h("select", { id: "map-depth", "aria-label": "Map sections at depth" });
    map.levels.forEach(function (level) {
      var option = h("option", { value: String(level.depth), text: "depth " + level.depth + " (" + plural(level.axis.length, "section") + ")" });
      if (level.depth === depth) option.selected = true;
      depthSelect.appendChild(option);
    });
    depthSelect.addEventListener("change", function () { depth = +depthSelect.value; draw(); });
    var classBoxes = h("span", { cls: "map-classes" });
    parts.EDGE_CLASSES.forEach(function (c) {
      var box = h("input", { type: "checkbox", value: c[0], "data-map-class": c[0] });
      box.checked = true;
      box.addEventListener("change", function () { if (box.checked) shown.add(c[0]); else shown.delete(c[0]); draw(); });
      classBoxes.appendChild(h("label", { cls: "map-class" }, box, " ", h("span", { cls: "swatch edge-" + c[0] }),
        " " + c[1] + " (" + (totals[c[0]] || 0) + ")"));
    });
    var matrix = h("div", { id: "map-matrix" });
    var pairs = h("div", { id: "map-pairs", "aria-live": "polite" });
    root.replaceChildren(h("h2", { text: "Tension map" }),
      h("p", { cls: "muted", text: "Where the conflict and overlap rules relate principles of two sections. Click a cell for its pairs." }),
      h("div", { cls: "map-controls" }, h("label", {}, "Sections at ", depthSelect), classBoxes), matrix, pairs);

    function cellCounts(cell) {
      var counts = {}, total = 0, top = null;
      parts.EDGE_CLASSES.forEach(function (c) {
        var n = cell.counts[c[0]] || 0;
        if (!n || !shown.has(c[0])) return;
        counts[c[0]] = n; total += n;
        if (!top) top = c[0];
      });
      return { counts: counts, total: total, top: top };
    }

    function draw() {
      var level = map.levels.filter(function (l) { return l.depth === depth; })[0];
      pairs.replaceChildren();
      if (!level || !level.cells.length) {
        matrix.replaceChildren(h("p", { cls: "muted", id: "map-empty", text: "No conflicts, tensions, overlaps or precedence between principles were found." }));
        return;
      }
      var index = new Map();
      level.axis.forEach(function (id, i) { index.set(id, i); });
      var grid = level.axis.map(function () { return new Array(level.axis.length).fill(null); });
      level.cells.forEach(function (cell) { grid[index.get(cell.a)][index.get(cell.b)] = cell; });
      var head = h("tr", {}, h("th", { scope: "col", cls: "corner", text: "" }));
      level.axis.forEach(function (id, j) {
        head.appendChild(h("th", { scope: "col", cls: "col", title: titleOf(id), text: String(j + 1) }));
      });
      var table = h("table", { cls: "tension-map" }, h("thead", {}, head));
      var body = h("tbody", {});
      level.axis.forEach(function (id, i) {
        var tr = h("tr", {}, h("th", { scope: "row", cls: "row-title", title: titleOf(id) },
          h("span", { cls: "n", text: String(i + 1) }), " " + titleOf(id)));
        level.axis.forEach(function (other, j) {
          var cell = grid[i][j];
          var seen = cell ? cellCounts(cell) : null;
          if (!seen || !seen.total) { tr.appendChild(h("td", { cls: j < i ? "lower" : "empty" })); return; }
          var words = Object.keys(seen.counts).map(function (c) { return seen.counts[c] + " " + parts.edgeLabel(c); }).join(", ");
          var label = titleOf(cell.a) + " × " + titleOf(cell.b) + ": " + words;
          var strength = Math.min(1, 0.45 + 0.18 * Math.log2(seen.total));
          var button = h("button", { type: "button", cls: "cell edge-" + seen.top, title: label, "aria-label": label,
            "data-a": cell.a, "data-b": cell.b, style: "opacity:" + strength.toFixed(2), text: String(seen.total) });
          button.addEventListener("click", function () { showPairs(cell); });
          tr.appendChild(h("td", {}, button));
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      matrix.replaceChildren(table);
    }

    function principleLine(id) {
      var p = byId.get(id);
      if (!p) return h("span", { text: id });
      if (p.text === undefined) return h("span", {}, "section ", h("strong", { text: p.title }));
      return h("span", {}, h("code", { text: p.key }), " ", h("span", { cls: "pair-text", text: parts.labelOf(p, 90) }),
        h("span", { cls: "muted", text: " · " + p.heading_path.join(" › ") }));
    }

    function pairItem(e) {
      var codes = e.findings.map(function (i) { return model.findings[i].code; });
      var open = h("a", { href: "#graph-view", cls: "open-pair", onclick: function (ev) { ev.preventDefault(); actions.showEdge(e.id); } }, "open side by side");
      return h("li", { cls: "pair edge-" + e["class"], "data-edge": e.id },
        h("div", {}, principleLine(e.source)), h("div", {}, "↔ ", principleLine(e.target)),
        h("div", { cls: "pair-meta" }, codes.length ? codes.join(" ") + " · " : "", e.winner ? (byId.get(e.winner).key + " wins (" + e.reason + ") · ") : "", open),
        parts.scenarioBlock(e));
    }

    function showPairs(cell) {
      var title = cell.a === cell.b ? "Inside " + titleOf(cell.a) : titleOf(cell.a) + " × " + titleOf(cell.b);
      var out = [h("h3", { text: title })];
      parts.EDGE_CLASSES.forEach(function (c) {
        if (!shown.has(c[0])) return;
        var edges = cell.edges.map(function (id) { return edgesById.get(id); }).filter(function (e) { return e["class"] === c[0]; });
        if (!edges.length) return;
        var list = h("ul", { cls: "pairs" });
        edges.forEach(function (e) { list.appendChild(pairItem(e)); });
        out.push(h("h4", { cls: "edge-title edge-" + c[0], text: c[2] + " (" + edges.length + ")" }), list);
      });
      pairs.replaceChildren.apply(pairs, out);
      pairs.dataset.cell = cell.a + "|" + cell.b;
    }

    draw();
  };
}(window.cmlintParts = window.cmlintParts || {}));
