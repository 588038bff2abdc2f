/* cmlint HTML report: draws the report model (the JSON in #cmlint-data) with Cytoscape.js.
 *
 * overview.js and tensions.js draw the first view (sections and the tension map, plain HTML),
 * layout.js places the graph's nodes, source.js builds the source view and findings.js the
 * findings by rule; this wires them to the page: the graph, filters and search, the details
 * panel and the summary. The first view is drawn before anything else; the graph comes next,
 * and only for a document of at most GRAPH_LIMIT principles (a larger one draws the section a
 * reader opens), so 10,000 principles do not freeze the tab.
 * Sections are drawn as plain boxes behind their principles rather than as Cytoscape compound
 * nodes: the boxes are known from the layout, and compound bounds cost a third of the start-up
 * on the Model Spec. All text from the model reaches the page through textContent or escaped
 * HTML, never raw. Tests and the benchmark read window.cmlintReport, window.cmlintOverviewReady
 * (first view painted), window.cmlintGraphReady and window.cmlintReady.
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

  var h = parts.h, badge = parts.badge, plural = parts.plural;
  var AUTHORITY_COLOURS = parts.AUTHORITY_COLOURS;
  var SIZES = [30, 26, 22, 18, 15];
  var NO_AUTHORITY_SIZE = 14;
  var KINDS = ["rule", "preference", "commentary", "example"];
  var EDGE_CLASSES = parts.EDGE_CLASSES;
  var LABEL_CHARS = 26; // two lines of a layout cell (CELL in layout.js) at the labels' font size
  var GRAPH_LIMIT = 3000; // principles drawn at once; a larger document draws the section opened

  function sizeOf(p) { return p.rank === null ? NO_AUTHORITY_SIZE : SIZES[p.rank]; }
  var rankOfSeverity = parts.severityRank;
  // Whether a principle (or a section: it has no text) lies in the section `scope`.
  function inScope(p, scope) {
    for (var s = p.text !== undefined ? p.group : p.parent; s; s = byId.get(s).parent) if (s === scope) return true;
    return false;
  }

  // ---- graph ---------------------------------------------------------------------------------
  // The elements of the sections and principles in scope (the whole document when scope is null).
  function elements(scope) {
    var shownSections = scope ? sections.filter(function (s) { return s.id === scope || inScope(s, scope); }) : sections;
    var shownPrinciples = scope ? principles.filter(function (p) { return inScope(p, scope); }) : principles;
    var placed = shownSections.map(function (s) { return s.id === scope ? Object.assign({}, s, { parent: null }) : s; });
    var positions = parts.layout(placed, scope ? shownPrinciples.map(function (p) {
      return p.group === null ? Object.assign({}, p, { group: scope }) : p;
    }) : shownPrinciples);
    var drawn = new Set();
    var els = [];
    shownSections.forEach(function (s) {
      drawn.add(s.id);
      var box = positions[s.id];
      els.push({
        group: "nodes",
        data: { id: s.id, label: s.title, type: "section", w: box.w, h: box.h, z: s.level },
        position: { x: box.x, y: box.y }
      });
    });
    shownPrinciples.forEach(function (p) {
      drawn.add(p.id);
      els.push({
        group: "nodes",
        data: {
          id: p.id, label: parts.labelOf(p, LABEL_CHARS), type: "principle", kind: p.kind,
          colour: AUTHORITY_COLOURS[p.authority || "none"], size: sizeOf(p), worst: p.worst || "none"
        },
        position: positions[p.id]
      });
    });
    model.edges.forEach(function (e) {
      var source = e.source, target = e.target;
      if (e.kind === "conflict" && e.resolved && e.winner === e.target) { source = e.target; target = e.source; }
      if (!drawn.has(source) || !drawn.has(target)) return;
      els.push({ group: "edges", data: { id: e.id, source: source, target: target, cls: e["class"] } });
    });
    return els;
  }

  var STYLE = [
    { selector: "node[type = 'principle']", style: {
      "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
      "z-index-compare": "manual", "z-index": 100,
      // Labels (first words, parts.labelOf) wrap to two lines of their grid cell, so they never
      // overlap; they appear once zoomed in far enough to read.
      "border-width": 0, "label": "data(label)", "font-size": 5, "min-zoomed-font-size": 9,
      "text-valign": "bottom", "text-margin-y": 1, "color": "#333", "text-wrap": "wrap", "text-max-width": 42
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
    { selector: "edge[cls = 'tension']", style: { "line-color": "#e66101", "width": 3, "line-style": "dashed" } },
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

  var cy = null;
  var graphScope; // the section the graph was drawn for (null: the whole document; undefined: not drawn)

  function drawGraph(scope) {
    if (cy) cy.destroy();
    graphScope = scope;
    cy = cytoscape({
      container: document.getElementById("cy"),
      elements: elements(scope),
      style: STYLE,
      layout: { name: "preset", fit: true, padding: 24 },
      minZoom: 0.05, maxZoom: 4,
      boxSelectionEnabled: false, autoungrabify: true, textureOnViewport: true, pixelRatio: 1
    });
    cy.on("tap", "node", function (event) {
      var item = byId.get(event.target.id());
      if (item.text !== undefined) showPrinciple(item); else showSection(item);
    });
    cy.on("tap", "edge", function (event) { selectEdge(event.target.id()); });
    cy.on("tap", function (event) {
      if (event.target === cy) { details.replaceChildren(h("p", { cls: "muted", text: "Click a principle or an edge." })); }
    });
    window.cmlintReport.cy = cy;
    return cy;
  }

  // ---- filters and search ---------------------------------------------------------------------
  var state = {
    query: "",
    families: new Set(summary.families),
    severities: new Set(summary.severities),
    kinds: new Set(KINDS),
    edges: new Set(EDGE_CLASSES.map(function (c) { return c[0]; })),
    onlyFindings: false,
    scope: null // a section id: only its principles (see openSection)
  };

  function findingVisible(f) { return state.families.has(f.family) && state.severities.has(f.severity); }

  function principleVisible(p, query) {
    if (!state.kinds.has(p.kind)) return false;
    if (state.scope && !inScope(p, state.scope)) return false;
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
    renderFindings();
    if (!cy) { updateStatus(); return; }
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
    if (fit) {
      var shown = cy.nodes("[type = 'principle']").not(".hidden");
      if (shown.nonempty()) cy.fit(shown, 40);
    }
  }

  function counts() {
    if (!cy) return { principles: 0, sections: 0, edges: 0, visiblePrinciples: 0, visibleEdges: 0 };
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
    var scope = state.scope ? byId.get(state.scope) : null;
    document.getElementById("graph-status").textContent = cy
      ? "Showing " + c.visiblePrinciples + " of " + plural(c.principles, "principle") + " and " +
        c.visibleEdges + " of " + plural(c.edges, "edge") + (scope ? " in “" + scope.title + "”" : "") + "."
      : "The document has " + plural(principles.length, "principle") + ": open a section in the overview to draw its principles.";
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
      h("button", { type: "button", onclick: function () { if (cy) cy.fit(cy.nodes().not(".hidden"), 30); } }, "Fit view"),
      h("button", { type: "button", id: "whole-document", onclick: function () { openSection(null); } }, "Whole document")));
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

  // ---- details panel (details.js) and summary (summary.js) -----------------------------------------
  var details = document.getElementById("details");
  var panel = parts.detailsPanel(details, model, byId, {
    showFinding: function (i) { showFinding(i, true); },
    showSource: function (span, line) { showSource(span, line); },
    selectEdge: function (id) { selectEdge(id); }
  });
  var showPrinciple = panel.showPrinciple, showSection = panel.showSection, showEdge = panel.showEdge;

  function selectEdge(id) {
    var e = model.edges.find(function (x) { return x.id === id; });
    var ends = [byId.get(e.source), byId.get(e.target)];
    if (state.scope && ends.some(function (n) { return n.id !== state.scope && !inScope(n, state.scope); })) {
      state.scope = null; // a pair from the map may lie outside the section on show
      applyFilters(false);
    }
    if (cy) {
      cy.elements().unselect();
      var edge = cy.getElementById(id);
      edge.select();
      if (edge.nonempty() && edge.visible()) cy.animate({ fit: { eles: edge.connectedNodes(), padding: 80 } }, { duration: 200 });
    }
    showEdge(e);
  }

  // The graph of one section (null: the whole document), from the overview or a map cell.
  function openSection(id) {
    state.scope = id;
    var count = id ? principles.filter(function (p) { return inScope(p, id); }).length : principles.length;
    if (principles.length > GRAPH_LIMIT && graphScope !== id && count <= GRAPH_LIMIT) drawGraph(id);
    else if (count > GRAPH_LIMIT && cy) { cy.destroy(); cy = null; graphScope = undefined; window.cmlintReport.cy = null; }
    applyFilters(true);
    if (id) showSection(byId.get(id));
    document.getElementById("graph-view").scrollIntoView();
  }

  function renderSummary() {
    parts.renderSummary(document.getElementById("summary"), model, byId, focusPrinciple);
  }

  function focusPrinciple(id) {
    var p = byId.get(id);
    if (state.scope && !inScope(p, state.scope)) { state.scope = null; applyFilters(false); }
    if ((!cy || cy.getElementById(id).empty()) && p.group) openSection(p.group); // a large document
    if (cy) {
      var node = cy.getElementById(id);
      cy.elements().unselect();
      node.select();
      if (node.visible()) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
    }
    showPrinciple(p);
    document.getElementById("graph-view").scrollIntoView();
  }

  // ---- findings and source ----------------------------------------------------------------------
  function renderFindings() {
    parts.renderFindingList(document.getElementById("finding-list"), model, findingVisible, {
      byId: byId, showFinding: showFinding, focusPrinciple: focusPrinciple
    });
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
    parts.revealFinding(document.getElementById("finding-list"), f);
    var item = document.querySelector('li.finding[data-finding="' + i + '"]');
    if (item) item.classList.add("current");
    if (f.principle && !fromPanel) {
      if (cy) { cy.elements().unselect(); cy.getElementById(f.principle).select(); }
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
    cy: null, model: model, counts: counts, applyFilters: applyFilters, state: state,
    showFinding: showFinding, selectEdge: selectEdge, openSection: openSection, current: null
  };
  var actions = { byId: byId, openSection: openSection, showEdge: selectEdge };
  // First view: sections and the tension map, plain HTML drawn before the graph is even built.
  parts.renderOverview(document.getElementById("section-overview"), model, actions);
  parts.renderTensionMap(document.getElementById("tension-map"), model, actions);
  parts.renderLegend(document.getElementById("legend"), SIZES, NO_AUTHORITY_SIZE);
  details.replaceChildren(h("p", { cls: "muted", text: "Click a principle or an edge to see it here." }));

  // Then the graph, then (at its first frame) the summary and the source, each after the browser
  // has painted what came before, so a long constitution never shows a frozen, empty tab.
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
  function startGraph() {
    buildFilters();
    if (principles.length > GRAPH_LIMIT) { applyFilters(false); finish(); return; }
    drawGraph(null);
    applyFilters(false);
    cy.one("render", finish);
    setTimeout(finish, 2000); // a page opened in a background tab gets no animation frames
    cy.resize();
    cy.fit(undefined, 24);
  }
  var overviewDrawn = false;
  function overviewPainted() {
    if (overviewDrawn) return;
    overviewDrawn = true;
    window.cmlintOverviewReady = performance.now();
    setTimeout(startGraph, 0);
  }
  requestAnimationFrame(function () { setTimeout(overviewPainted, 0); });
  setTimeout(overviewPainted, 1000);
}(window.cmlintParts));
