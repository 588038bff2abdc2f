/* cmlint HTML report: draws the report model (the JSON in #cmlint-data) with Cytoscape.js.
 *
 * layout.js places the nodes and source.js builds the source view; this wires them to the
 * page: the graph, filters and search, the details panel, the summary and the findings list.
 * Sections are drawn as plain boxes behind their principles rather than as Cytoscape compound
 * nodes: the boxes are known from the layout, and compound bounds cost a third of the start-up
 * on the Model Spec. All text from the model reaches the page through textContent or escaped
 * HTML, never raw. Tests and the benchmark read window.cmlintReport, window.cmlintGraphReady and
 * window.cmlintReady.
 */
(function (parts) {
  "use strict";

  var model = JSON.parse(document.getElementById("cmlint-data").textContent);
  var principles = model.principles;
  var sections = model.sections;
  var findings = model.findings;
  var summary = model.summary;
  var byId = new Map();
  principles.forEach(function (p) { byId.set(p.id, p); });
  sections.forEach(function (s) { byId.set(s.id, s); });

  var AUTHORITIES = ["root", "system", "developer", "user", "guideline"];
  var AUTHORITY_COLOURS = {
    root: "#b2182b", system: "#ef8a62", developer: "#2166ac", user: "#1b9e77", guideline: "#8c6bb1", none: "#9e9e9e"
  };
  var SIZES = [30, 26, 22, 18, 15];
  var NO_AUTHORITY_SIZE = 14;
  var KINDS = ["rule", "preference", "commentary", "example"];
  var EDGE_CLASSES = [
    ["conflict-unresolved", "conflict, unresolved"],
    ["conflict-resolved", "conflict, resolved by precedence"],
    ["overlap", "overlap"],
    ["precedence", "precedence (overrides)"]
  ];
  var LABEL_CHARS = 10; // what fits a layout cell (CELL in layout.js) at the labels' font size

  // ---- small helpers ------------------------------------------------------------------------
  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "cls") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function sizeOf(p) { return p.rank === null ? NO_AUTHORITY_SIZE : SIZES[p.rank]; }
  // Cut to fit a grid cell here: Cytoscape's own ellipsis measures each label character by
  // character, which cost a quarter of a second at start-up on the Model Spec.
  function labelOf(p) {
    var label = p.title || p.key;
    return label.length > LABEL_CHARS ? label.slice(0, LABEL_CHARS - 1) + "…" : label;
  }
  var rankOfSeverity = parts.severityRank;
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }


  // ---- graph ---------------------------------------------------------------------------------
  function elements(positions) {
    var els = [];
    sections.forEach(function (s) {
      var box = positions[s.id];
      els.push({
        group: "nodes",
        data: { id: s.id, label: s.title, type: "section", w: box.w, h: box.h, z: s.level },
        position: { x: box.x, y: box.y }
      });
    });
    principles.forEach(function (p) {
      els.push({
        group: "nodes",
        data: {
          id: p.id, label: labelOf(p), type: "principle", kind: p.kind,
          colour: AUTHORITY_COLOURS[p.authority || "none"], size: sizeOf(p), worst: p.worst || "none"
        },
        position: positions[p.id]
      });
    });
    model.edges.forEach(function (e) {
      var source = e.source, target = e.target;
      if (e.kind === "conflict" && e.resolved && e.winner === e.target) { source = e.target; target = e.source; }
      if (!byId.has(source) || !byId.has(target)) return;
      els.push({ group: "edges", data: { id: e.id, source: source, target: target, cls: e["class"] } });
    });
    return els;
  }

  var STYLE = [
    { selector: "node[type = 'principle']", style: {
      "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
      "z-index-compare": "manual", "z-index": 100,
      // Labels fit their grid cell (see labelOf), so they never overlap; they appear once zoomed in.
      "border-width": 0, "label": "data(label)", "font-size": 6, "min-zoomed-font-size": 10,
      "text-valign": "bottom", "text-margin-y": 1, "color": "#333"
    } },
    { selector: "node[kind = 'commentary']", style: { "shape": "round-rectangle", "opacity": 0.75 } },
    { selector: "node[kind = 'example']", style: { "shape": "triangle", "opacity": 0.6 } },
    { selector: "node[kind = 'preference']", style: { "shape": "diamond" } },
    { selector: "node[worst = 'info']", style: { "border-width": 3, "border-color": "#2b8cbe" } },
    { selector: "node[worst = 'warning']", style: { "border-width": 4, "border-color": "#f0a500" } },
    { selector: "node[worst = 'error']", style: { "border-width": 5, "border-color": "#d7191c" } },
    { selector: "node[type = 'section']", style: {
      "shape": "round-rectangle", "width": "data(w)", "height": "data(h)", "background-color": "#f3f5f8",
      "background-opacity": 0.6, "border-width": 1, "border-color": "#c5ccd6", "label": "data(label)",
      "text-valign": "top", "text-halign": "center", "font-size": 12, "min-zoomed-font-size": 6,
      "color": "#3a4a5c", "text-margin-y": -3, "text-max-width": "data(w)", "text-wrap": "ellipsis",
      "z-index-compare": "manual", "z-index": "data(z)"
    } },
    { selector: "edge", style: {
      "width": 2, "curve-style": "bezier", "line-color": "#7b3294", "target-arrow-shape": "none", "opacity": 0.9,
      "z-index-compare": "manual", "z-index": 50  // over the section boxes, under the principles
    } },
    { selector: "edge[cls = 'overlap']", style: { "line-style": "dashed", "line-color": "#7b3294", "width": 2.5 } },
    { selector: "edge[cls = 'conflict-unresolved']", style: { "line-color": "#d7191c", "width": 4 } },
    { selector: "edge[cls = 'conflict-resolved']", style: {
      "line-color": "#1a9641", "width": 3, "target-arrow-shape": "triangle", "target-arrow-color": "#1a9641"
    } },
    { selector: "edge[cls = 'precedence']", style: {
      "line-color": "#2166ac", "width": 2.5, "target-arrow-shape": "triangle", "target-arrow-color": "#2166ac",
      "line-style": "dotted"
    } },
    { selector: ".hidden", style: { "display": "none" } },
    { selector: ".match", style: { "underlay-color": "#ffd400", "underlay-opacity": 0.7, "underlay-padding": 5 } },
    { selector: ":selected", style: { "overlay-color": "#000", "overlay-opacity": 0.18, "overlay-padding": 6 } }
  ];

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: elements(parts.layout(sections, principles)),
    style: STYLE,
    layout: { name: "preset", fit: true, padding: 24 },
    minZoom: 0.05, maxZoom: 4,
    boxSelectionEnabled: false, autoungrabify: true, textureOnViewport: true, pixelRatio: 1
  });

  // ---- filters and search ---------------------------------------------------------------------
  var state = {
    query: "",
    families: new Set(summary.families),
    severities: new Set(summary.severities),
    kinds: new Set(KINDS),
    edges: new Set(EDGE_CLASSES.map(function (c) { return c[0]; })),
    onlyFindings: false
  };

  function findingVisible(f) { return state.families.has(f.family) && state.severities.has(f.severity); }

  function principleVisible(p, query) {
    if (!state.kinds.has(p.kind)) return false;
    if (state.onlyFindings && !p.findings.some(function (i) { return findingVisible(findings[i]); })) return false;
    if (!query) return true;
    return p.key.toLowerCase().indexOf(query) >= 0 || p.text.toLowerCase().indexOf(query) >= 0 ||
      (p.title || "").toLowerCase().indexOf(query) >= 0 ||
      p.heading_path.join(" / ").toLowerCase().indexOf(query) >= 0;
  }

  function worstVisible(p) {
    var worst = "none";
    p.findings.forEach(function (i) {
      var f = findings[i];
      if (findingVisible(f) && rankOfSeverity(f.severity) > rankOfSeverity(worst)) worst = f.severity;
    });
    return worst;
  }

  function applyFilters(fit) {
    var query = state.query.trim().toLowerCase();
    var visibleSections = new Set();
    cy.batch(function () {
      principles.forEach(function (p) {
        var node = cy.getElementById(p.id);
        var show = principleVisible(p, query);
        node.toggleClass("hidden", !show);
        node.toggleClass("match", show && query.length > 0);
        node.data("worst", worstVisible(p));
        if (show) {
          for (var s = p.group; s; s = byId.get(s).parent) visibleSections.add(s);
        }
      });
      sections.forEach(function (s) { cy.getElementById(s.id).toggleClass("hidden", !visibleSections.has(s.id)); });
      model.edges.forEach(function (e) {
        var edge = cy.getElementById(e.id);
        if (edge.empty()) return;
        var show = state.edges.has(e["class"]) &&
          (!e.findings.length || e.findings.some(function (i) { return findingVisible(findings[i]); }));
        edge.toggleClass("hidden", !show);
      });
    });
    updateStatus();
    renderFindingList();
    if (fit) {
      var shown = cy.nodes("[type = 'principle']").not(".hidden");
      if (shown.nonempty()) cy.fit(shown, 40);
    }
  }

  function counts() {
    var pn = cy.nodes("[type = 'principle']");
    // From the classes this script sets, not e.visible(): Cytoscape updates computed styles lazily.
    var visibleEdges = cy.edges().not(".hidden").filter(function (e) {
      return !e.source().hasClass("hidden") && !e.target().hasClass("hidden");
    });
    return {
      principles: pn.length,
      sections: cy.nodes("[type = 'section']").length,
      edges: cy.edges().length,
      visiblePrinciples: pn.not(".hidden").length,
      visibleEdges: visibleEdges.length
    };
  }

  function updateStatus() {
    var c = counts();
    var box = document.getElementById("graph-box");
    box.dataset.nodes = c.principles;
    box.dataset.sections = c.sections;
    box.dataset.edges = c.edges;
    box.dataset.visibleNodes = c.visiblePrinciples;
    box.dataset.visibleEdges = c.visibleEdges;
    document.getElementById("graph-status").textContent =
      "Showing " + c.visiblePrinciples + " of " + plural(c.principles, "principle") + " and " +
      c.visibleEdges + " of " + plural(c.edges, "edge") + ".";
  }

  function checkboxGroup(title, values, set, labelFor) {
    var group = h("fieldset", { cls: "filter" }, h("legend", { text: title }));
    values.forEach(function (value) {
      var box = h("input", { type: "checkbox", value: value, "data-filter": title.toLowerCase() });
      box.checked = set.has(value);
      box.addEventListener("change", function () {
        if (box.checked) set.add(value); else set.delete(value);
        applyFilters(false);
      });
      group.appendChild(h("label", {}, box, " " + labelFor(value)));
    });
    return group;
  }

  function buildFilters() {
    var bar = document.getElementById("filters");
    var familyCount = function (f) {
      var c = summary.by_family[f];
      return c ? c.error + c.warning + c.info : 0;
    };
    bar.appendChild(checkboxGroup("Family", summary.families, state.families, function (f) {
      return f + " (" + familyCount(f) + ")";
    }));
    bar.appendChild(checkboxGroup("Severity", summary.severities, state.severities, function (s) {
      return s + " (" + summary.by_severity[s] + ")";
    }));
    bar.appendChild(checkboxGroup("Kind", KINDS, state.kinds, function (k) {
      return k + " (" + (summary.kinds[k] || 0) + ")";
    }));
    var edgeLabels = {};
    EDGE_CLASSES.forEach(function (c) { edgeLabels[c[0]] = c[1]; });
    bar.appendChild(checkboxGroup("Edges", EDGE_CLASSES.map(function (c) { return c[0]; }), state.edges, function (c) {
      return edgeLabels[c] + " (" + (summary.edges[c] || 0) + ")";
    }));
    var only = h("input", { type: "checkbox", id: "only-findings" });
    only.addEventListener("change", function () { state.onlyFindings = only.checked; applyFilters(true); });
    bar.appendChild(h("fieldset", { cls: "filter" }, h("legend", { text: "Show" }),
      h("label", {}, only, " only principles with findings"),
      h("button", { type: "button", onclick: function () { cy.fit(cy.nodes().not(".hidden"), 30); } }, "Fit view")));
  }

  function buildLegend() {
    var legend = document.getElementById("legend");
    AUTHORITIES.concat(["none"]).forEach(function (a, i) {
      var size = a === "none" ? NO_AUTHORITY_SIZE : SIZES[i];
      legend.appendChild(h("span", { cls: "key" },
        h("span", { cls: "dot", style: "background:" + AUTHORITY_COLOURS[a] + ";width:" + size / 2 + "px;height:" + size / 2 + "px" }),
        a === "none" ? "no authority" : a));
    });
    EDGE_CLASSES.forEach(function (c) { legend.appendChild(h("span", { cls: "key" }, h("span", { cls: "line " + c[0] }), c[1])); });
    legend.appendChild(h("span", { cls: "key muted", text: "▲ example · ■ commentary · ◆ preference · ring: worst finding" }));
  }

  var searchBox = document.getElementById("search");
  var searchTimer = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { state.query = searchBox.value; applyFilters(true); }, 120);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== searchBox) { event.preventDefault(); searchBox.focus(); }
  });

  // ---- details panel ---------------------------------------------------------------------------
  var details = document.getElementById("details");

  function badge(text, cls) { return h("span", { cls: "badge " + (cls || ""), text: text }); }

  function findingItem(i) {
    var f = findings[i];
    return h("li", { cls: "sev-" + f.severity },
      h("a", { href: "#L" + f.line, cls: "finding-link", "data-finding": String(i), onclick: function (e) {
        e.preventDefault(); showFinding(i, true);
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
      h("a", { href: "#L" + p.line, onclick: function (e) { e.preventDefault(); showSource(p.span, p.line); } },
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
        rel.appendChild(h("li", {}, h("a", { href: "#", onclick: function (ev) { ev.preventDefault(); selectEdge(e.id); } },
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
      h("a", { href: "#L" + s.line, onclick: function (e) { e.preventDefault(); showSource(s.span, s.line); } },
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
        var f = findings[i];
        var item = findingItem(i);
        f.related.forEach(function (r) { item.appendChild(h("div", { cls: "muted", text: "↳ " + r.message })); });
        if (f.suggestion) item.appendChild(h("div", { cls: "suggestion", text: "Fix: " + f.suggestion }));
        list.appendChild(item);
      });
      details.append(h("h4", { text: "Evidence" }), list);
    }
    if (e.evidence) details.append(h("h4", { text: "Analysis" }), h("pre", { cls: "evidence-data", text: JSON.stringify(e.evidence, null, 1) }));
    details.dataset.showing = e.id;
  }

  function selectEdge(id) {
    var e = model.edges.find(function (x) { return x.id === id; });
    cy.elements().unselect();
    cy.getElementById(id).select();
    showEdge(e);
  }

  cy.on("tap", "node", function (event) {
    var item = byId.get(event.target.id());
    if (item.text !== undefined) showPrinciple(item); else showSection(item);
  });
  cy.on("tap", "edge", function (event) {
    showEdge(model.edges.find(function (x) { return x.id === event.target.id(); }));
  });
  cy.on("tap", function (event) {
    if (event.target === cy) { details.replaceChildren(h("p", { cls: "muted", text: "Click a principle or an edge." })); }
  });

  // ---- summary ---------------------------------------------------------------------------------
  function renderSummary() {
    var root = document.getElementById("summary");
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
  }

  function focusPrinciple(id) {
    var node = cy.getElementById(id);
    cy.elements().unselect();
    node.select();
    if (node.visible()) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
    showPrinciple(byId.get(id));
    document.getElementById("graph-view").scrollIntoView();
  }

  // ---- findings and source ----------------------------------------------------------------------
  function renderFindingList() {
    var root = document.getElementById("finding-list");
    var shown = findings.filter(findingVisible);
    var list = h("ol", { cls: "findings" });
    shown.forEach(function (f) {
      list.appendChild(h("li", { cls: "finding sev-" + f.severity, "data-finding": String(f.index) },
        h("a", { href: "#L" + f.line, cls: "finding-link", "data-finding": String(f.index), onclick: function (e) {
          e.preventDefault(); showFinding(f.index, false);
        } }, f.line + ":" + f.column),
        " ", h("code", { text: f.code }), " ", badge(f.severity, "sev-" + f.severity), " ",
        h("span", { cls: "message", text: f.message }),
        f.principle ? h("span", { cls: "muted" }, " · ", h("a", { href: "#graph-view", onclick: function (e) {
          e.preventDefault(); focusPrinciple(f.principle);
        } }, byId.get(f.principle).key)) : null));
    });
    root.replaceChildren(h("h2", { text: "Findings (" + shown.length + " of " + findings.length + ")" }),
      shown.length ? list : h("p", { cls: "muted", text: "No findings to show." }));
  }

  var marksByFinding = new Map();

  function renderSource() {
    var pre = document.getElementById("source");
    pre.innerHTML = parts.sourceHtml(model.source, findings);
    pre.querySelectorAll("mark.hl").forEach(function (mark) {
      mark.dataset.findings.split(" ").forEach(function (i) {
        if (!marksByFinding.has(+i)) marksByFinding.set(+i, []);
        marksByFinding.get(+i).push(mark);
      });
      mark.title = mark.dataset.findings.split(" ").map(function (i) { return findings[+i].code + ": " + findings[+i].message; }).join("\n");
    });
    pre.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.hl");
      if (mark) showFinding(+mark.dataset.findings.split(" ")[0], false);
    });
  }

  function clearFlash() {
    document.querySelectorAll(".flash").forEach(function (el) { el.classList.remove("flash"); });
  }

  function scrollSourceTo(el) {
    var box = document.getElementById("source-box");
    box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
    document.getElementById("findings").scrollIntoView({ block: "start" });
  }

  function showFinding(i, fromPanel) {
    var f = findings[i];
    clearFlash();
    var marks = marksByFinding.get(i) || [];
    marks.forEach(function (m) { m.classList.add("flash"); });
    var target = marks[0] || document.getElementById("L" + f.line);
    if (target) { target.classList.add("flash"); scrollSourceTo(target); }
    document.querySelectorAll("li.finding.current").forEach(function (el) { el.classList.remove("current"); });
    var item = document.querySelector('li.finding[data-finding="' + i + '"]');
    if (item) item.classList.add("current");
    if (f.principle && !fromPanel) {
      cy.elements().unselect();
      cy.getElementById(f.principle).select();
      showPrinciple(byId.get(f.principle));
    }
    window.cmlintReport.current = i;
  }

  function showSource(span, line) {
    clearFlash();
    var el = document.getElementById("L" + line);
    if (el) { el.classList.add("flash"); scrollSourceTo(el); }
  }

  // ---- start -------------------------------------------------------------------------------------
  window.cmlintReport = {
    cy: cy, model: model, counts: counts, applyFilters: applyFilters, state: state,
    showFinding: showFinding, selectEdge: selectEdge, current: null
  };
  buildFilters();
  buildLegend();
  details.replaceChildren(h("p", { cls: "muted", text: "Click a principle or an edge to see it here." }));
  applyFilters(false);
  // The graph counts as ready at its first frame; the summary and source come just after it, so
  // a long constitution shows its map without waiting for thousands of source lines.
  var started = false;
  function finish() {
    if (started) return;
    started = true;
    window.cmlintGraphReady = performance.now();
    setTimeout(function () {
      renderSummary();
      renderSource();
      document.body.dataset.ready = "true";
      window.cmlintReady = performance.now();
    }, 0);
  }
  cy.one("render", finish);
  setTimeout(finish, 2000); // a page opened in a background tab gets no animation frames
  cy.resize();
  cy.fit(undefined, 24);
}(window.cmlintParts));
