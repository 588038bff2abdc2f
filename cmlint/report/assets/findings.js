/* The findings list, grouped by rule (model.overview.rules: worst severity first, then most frequent).
 *
 * Each group says its code, name, family, severity and count; each finding links to its place in
 * the highlighted source. A document with thousands of findings would freeze the tab if every
 * item were built at once, so only the first few hundred are built open and the other groups
 * fill themselves in when a reader opens them.
 */
(function (parts) {
  "use strict";

  var h = parts.h, badge = parts.badge;
  var OPEN_GROUP = 100, OPEN_TOTAL = 500;

  parts.renderFindingList = function (root, model, visible, actions) {
    var findings = model.findings;
    var shown = 0, built = 0;
    var groups = [];
    model.overview.rules.forEach(function (rule) {
      var items = rule.findings.filter(function (i) { return visible(findings[i]); });
      shown += items.length;
      if (items.length) groups.push({ rule: rule, items: items });
    });

    function item(i) {
      var f = findings[i];
      var principle = f.principle ? actions.byId.get(f.principle) : null;
      return h("li", { cls: "finding sev-" + f.severity, "data-finding": String(i) },
        h("a", { href: "#L" + f.line, cls: "finding-link", "data-finding": String(i), onclick: function (e) {
          e.preventDefault(); actions.showFinding(i, false);
        } }, f.line + ":" + f.column),
        " ", h("code", { text: f.code }), " ", badge(f.severity, "sev-" + f.severity), " ",
        h("span", { cls: "message", text: f.message }),
        principle ? h("span", { cls: "muted" }, " · ", h("a", { href: "#graph-view", onclick: function (e) {
          e.preventDefault(); actions.focusPrinciple(f.principle);
        } }, principle.key)) : null);
    }

    function fill(group, list) {
      group.items.forEach(function (i) { list.appendChild(item(i)); });
      group.filled = true;
    }

    var out = [h("h2", { text: "Findings (" + shown + " of " + findings.length + ")" })];
    if (!shown) out.push(h("p", { cls: "muted", text: "No findings to show." }));
    groups.forEach(function (group) {
      var r = group.rule;
      var list = h("ol", { cls: "findings" });
      var box = h("details", { cls: "rule-group sev-" + r.severity, "data-code": r.code },
        h("summary", {}, h("code", { text: r.code }), " ", h("span", { text: r.name }), " ",
          badge(r.severity, "sev-" + r.severity), " ", h("span", { cls: "muted", text: r.family }), " ",
          h("strong", { cls: "count", text: String(group.items.length) })), list);
      if (group.items.length <= OPEN_GROUP && built + group.items.length <= OPEN_TOTAL) {
        fill(group, list);
        built += group.items.length;
        box.open = true;
      } else {
        box.addEventListener("toggle", function () { if (box.open && !group.filled) fill(group, list); });
      }
      out.push(box);
    });
    root.replaceChildren.apply(root, out);
  };

  // Open the group of finding i (filling it now: the toggle event comes later) so its item can be marked.
  parts.revealFinding = function (root, finding) {
    var box = root.querySelector('details.rule-group[data-code="' + finding.code + '"]');
    if (box && !box.open) { box.open = true; box.dispatchEvent(new Event("toggle")); }
  };
}(window.cmlintParts = window.cmlintParts || {}));
