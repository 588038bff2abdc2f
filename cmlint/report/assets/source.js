/* The source view: the constitution's text as numbered lines with every finding's span marked.
 *
 * Spans may overlap (a word flagged inside a principle flagged whole), so the text is cut at
 * every span boundary and every line start, and each piece is marked with the findings that
 * cover it and coloured by the worst of them. It is built as one escaped HTML string and set
 * once, rather than node by node, as the Model Spec alone has nearly 5,000 lines.
 */
(function (parts) {
  "use strict";

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  parts.severityRank = function (s) { return s === "error" ? 2 : s === "warning" ? 1 : s === "info" ? 0 : -1; };

  parts.sourceHtml = function (text, findings) {
    var rank = parts.severityRank;
    var points = new Set([0, text.length]);
    var lineStarts = [0];
    for (var i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) { lineStarts.push(i + 1); points.add(i + 1); }
    var starts = new Map(), ends = new Map();
    findings.forEach(function (f) {
      var s = f.span[0], e = Math.max(f.span[1], f.span[0]);
      if (e === s) return;
      points.add(s); points.add(e);
      if (!starts.has(s)) starts.set(s, []);
      starts.get(s).push(f.index);
      if (!ends.has(e)) ends.set(e, []);
      ends.get(e).push(f.index);
    });
    var sorted = Array.from(points).sort(function (a, b) { return a - b; });
    var active = new Set(), out = [], line = 0;
    for (var k = 0; k < sorted.length - 1; k++) {
      var at = sorted[k];
      (ends.get(at) || []).forEach(function (i) { active.delete(i); });
      (starts.get(at) || []).forEach(function (i) { active.add(i); });
      if (lineStarts[line] === at) { if (line) out.push("</span>"); line++; out.push('<span class="line" id="L' + line + '">'); }
      var piece = escapeHtml(text.slice(at, sorted[k + 1]));
      if (active.size) {
        var ids = Array.from(active), worst = "info";
        ids.forEach(function (i) { if (rank(findings[i].severity) > rank(worst)) worst = findings[i].severity; });
        out.push('<mark class="hl sev-' + worst + '" data-findings="' + ids.join(" ") + '">' + piece + "</mark>");
      } else {
        out.push(piece);
      }
    }
    if (line) out.push("</span>");
    return out.join("");
  };
}(window.cmlintParts = window.cmlintParts || {}));
