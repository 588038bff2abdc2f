/* Layout of the report's graph: sections as nested boxes, principles on a grid inside them.
 *
 * Sizes are computed bottom-up and places top-down, in document order, so a section's
 * principles sit where a reader looks for them. The result goes to Cytoscape as a preset
 * layout: a force-directed layout of ~700 nodes takes seconds, this takes milliseconds.
 */
(function (parts) {
  "use strict";

  var CELL = 46, PAD = 12, LABEL = 22, GAP = 18;

  // Node id -> {x, y} (centre) for principles, {x, y, w, h} (centre and size) for section boxes.
  parts.layout = function (sections, principles) {
    var childSections = new Map(), directPrinciples = new Map();
    sections.forEach(function (s) {
      var key = s.parent || "";
      if (!childSections.has(key)) childSections.set(key, []);
      childSections.get(key).push(s.id);
    });
    principles.forEach(function (p) {
      var key = p.group || "";
      if (!directPrinciples.has(key)) directPrinciples.set(key, []);
      directPrinciples.get(key).push(p);
    });
    var positions = {};

    function gridBlock(items) {
      var cols = Math.max(1, Math.ceil(Math.sqrt(items.length * 2.2)));
      var rows = Math.ceil(items.length / cols);
      return {
        w: cols * CELL, h: rows * CELL,
        place: function (x, y) {
          items.forEach(function (p, i) {
            positions[p.id] = { x: x + (i % cols) * CELL + CELL / 2, y: y + Math.floor(i / cols) * CELL + CELL / 2 };
          });
        }
      };
    }

    // Skyline packing in document order: each box goes where its top is lowest (leftmost on a
    // tie), so small sections fill the gaps beside big ones and the map stays compact.
    function pack(items, aspect) {
      var area = 0, widest = 0;
      items.forEach(function (it) { area += (it.w + GAP) * (it.h + GAP); widest = Math.max(widest, it.w); });
      var limit = Math.max(widest, Math.sqrt(area * aspect));
      var sky = [{ x: 0, w: limit + GAP, y: 0 }];
      var spots = [], w = 0, hgt = 0;
      items.forEach(function (it) {
        var best = null;
        for (var i = 0; i < sky.length; i++) {
          var x = sky[i].x;
          if (x + it.w > limit + 0.5) break;
          var y = 0;
          for (var j = i; j < sky.length && sky[j].x < x + it.w + GAP; j++) y = Math.max(y, sky[j].y);
          if (!best || y < best.y) best = { x: x, y: y };
        }
        spots.push(best);
        sky = raise(sky, best.x, it.w + GAP, best.y + it.h + GAP);
        w = Math.max(w, best.x + it.w);
        hgt = Math.max(hgt, best.y + it.h);
      });
      return {
        w: w, h: hgt,
        place: function (x, y) { items.forEach(function (it, i) { it.place(x + spots[i].x, y + spots[i].y); }); }
      };
    }

    // The skyline with [x, x + width) raised to height y.
    function raise(sky, x, width, y) {
      var out = [], end = x + width;
      sky.forEach(function (seg) {
        var segEnd = seg.x + seg.w;
        if (segEnd <= x || seg.x >= end) { out.push(seg); return; }
        if (seg.x < x) out.push({ x: seg.x, w: x - seg.x, y: seg.y });
        if (segEnd > end) out.push({ x: end, w: segEnd - end, y: seg.y });
      });
      out.push({ x: x, w: width, y: y });
      out.sort(function (a, b) { return a.x - b.x; });
      return out;
    }

    function measure(key, aspect) {
      var items = [];
      var own = directPrinciples.get(key) || [];
      if (own.length) items.push(gridBlock(own));
      (childSections.get(key) || []).forEach(function (child) { items.push(boxed(child, measure(child, 1.6))); });
      return pack(items, aspect);
    }

    // A section's box: its label above, then its contents inside a padding.
    function boxed(id, inner) {
      var w = inner.w + 2 * PAD, hgt = inner.h + 2 * PAD;
      return {
        w: w, h: hgt + LABEL,
        place: function (x, y) {
          positions[id] = { x: x + w / 2, y: y + LABEL + hgt / 2, w: w, h: hgt };
          inner.place(x + PAD, y + LABEL + PAD);
        }
      };
    }

    measure("", 2.2).place(0, 0);
    return positions;
  };
}(window.cmlintParts = window.cmlintParts || {}));
