/* Shared by the report's scripts: building DOM nodes from model text, and the page's colour keys.
 *
 * Every string from the model reaches the page through textContent (never innerHTML), so a
 * principle that contains markup is shown, not run. The colours and words of authorities,
 * severities and edge classes live here once, so the graph, the overview, the tension map and
 * the legend cannot drift apart.
 */
(function (parts) {
  "use strict";

  parts.h = function (tag, attrs) {
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
  };
  parts.badge = function (text, cls) { return parts.h("span", { cls: "badge " + (cls || ""), text: text }); };
  parts.plural = function (n, word) { return n + " " + word + (n === 1 ? "" : "s"); };

  parts.AUTHORITIES = ["root", "system", "developer", "user", "guideline"];
  parts.AUTHORITY_COLOURS = {
    root: "#b2182b", system: "#ef8a62", developer: "#2166ac", user: "#1b9e77", guideline: "#8c6bb1", none: "#9e9e9e"
  };
  parts.SEVERITY_COLOURS = { error: "#d7191c", warning: "#f0a500", info: "#2b8cbe" };
  // Edge classes, most pressing first: the tension map colours a cell by the first class it holds.
  parts.EDGE_CLASSES = [
    ["conflict-unresolved", "conflict, unresolved", "Unresolved conflicts"],
    ["tension", "value tension, nothing orders it", "Value tensions (no precedence)"],
    ["conflict-resolved", "conflict, resolved by precedence", "Resolved by precedence"],
    ["overlap", "overlap", "Overlaps"],
    ["precedence", "precedence (overrides)", "Precedence (overrides)"]
  ];
  parts.EDGE_COLOURS = {
    "conflict-unresolved": "#d7191c", tension: "#e66101", "conflict-resolved": "#1a9641",
    overlap: "#7b3294", precedence: "#2166ac"
  };
  parts.edgeLabel = function (cls) {
    var found = parts.EDGE_CLASSES.filter(function (c) { return c[0] === cls; })[0];
    return found ? found[1] : cls;
  };

  // A principle's label on the graph: its title, else its first words (cut at a word), never its id.
  parts.labelOf = function (p, chars) {
    var label = (p.title || p.text || p.key).replace(/\s+/g, " ").trim();
    if (label.length <= chars) return label;
    var cut = label.slice(0, chars - 1);
    var space = cut.lastIndexOf(" ");
    return (space > chars / 2 ? cut.slice(0, space) : cut) + "…";
  };
}(window.cmlintParts = window.cmlintParts || {}));
