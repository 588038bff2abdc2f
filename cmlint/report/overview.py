"""The report's first view, computed from the report model: sections, the tension map and rule groups.

At the scale of a real constitution (the Model Spec has 580 principles in 80 sections) a reader
needs the document by section before any graph: how much each section holds, what was found
in it, and where the conflict engine sees tension between sections. All of it is derived here
from the plain model (`model.build_report`), so tests check what the page will show without a
browser, and the page's script only draws rows and cells.

Sections are nested by their parent links (a document that starts at `##` still has depth 1),
and principles before the first heading belong to the document row (`ROOT_ROW`). The map can be
read at any depth: at depth d every principle counts for its enclosing section of depth <= d.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import Any

from cmlint.diagnostics import Severity
from cmlint.graph import DOCUMENT_NODE

ROOT_ROW = DOCUMENT_NODE  # the row of the principles and findings before the first heading
MAP_CLASSES = ("conflict-unresolved", "tension", "conflict-resolved", "overlap", "precedence")
DEFAULT_MAP_SECTIONS = 4  # the map opens at the shallowest depth that has at least this many sections

Model = Mapping[str, Any]


def _rank(severity: str | None) -> int:
    return Severity(severity).rank if severity else -1


class _Tree:
    """Parent links and depths of the sections, plus the document row."""

    def __init__(self, sections: Sequence[Mapping[str, Any]]) -> None:
        self.order = [ROOT_ROW] + [s["id"] for s in sections]
        self.parent: dict[str, str | None] = {ROOT_ROW: None}
        for s in sections:
            self.parent[s["id"]] = s["parent"] or ROOT_ROW
        self.depth: dict[str, int] = {ROOT_ROW: 0}
        for sid in self.order[1:]:  # document order: a parent comes before its children
            parent = self.parent[sid]
            self.depth[sid] = self.depth.get(parent or ROOT_ROW, 0) + 1
        self.max_depth = max(self.depth.values())
        self.starts = [(s["span"][0], s["id"]) for s in sections]
        self.starts.sort()
        self.spans = {s["id"]: s["span"] for s in sections}

    def chain(self, sid: str) -> list[str]:
        """The section and its ancestors, up to and including the document row."""
        out: list[str] = []
        at: str | None = sid
        while at is not None:
            out.append(at)
            at = self.parent[at]
        return out

    def at_depth(self, sid: str, depth: int) -> str:
        """The section that stands for `sid` when the map is read at `depth`."""
        while self.depth[sid] > depth:
            sid = self.parent[sid] or ROOT_ROW
        return sid

    def containing(self, offset: int) -> str:
        """The deepest section whose span holds `offset` (for a finding about no principle)."""
        index = bisect.bisect_right(self.starts, (offset, "\uffff")) - 1
        sid = self.starts[index][1] if index >= 0 else ROOT_ROW
        while sid != ROOT_ROW and not (self.spans[sid][0] <= offset <= self.spans[sid][1]):
            sid = self.parent[sid] or ROOT_ROW
        return sid


def _node_section(node: str, groups: Mapping[str, str]) -> str | None:
    """The section of a graph node: a principle's section, or the section node itself."""
    if node.startswith("principle:"):
        return groups.get(node)
    if node.startswith("section:") or node == ROOT_ROW:
        return node
    return None


def section_rows(model: Model, tree: _Tree, groups: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per section, with counts over the section and its subsections.

    The first row is the whole document (its `direct` principles come before the first heading).
    """
    families: list[str] = list(model["summary"]["families"])
    rows: dict[str, dict[str, Any]] = {}
    titles = {s["id"]: s for s in model["sections"]}
    for sid in tree.order:
        s = titles.get(sid)
        rows[sid] = {
            "id": sid,
            "title": s["title"] if s else str(model["title"]),
            "depth": tree.depth[sid],
            "parent": tree.parent[sid],
            "authority": s["authority"] if s else None,
            "line": s["line"] if s else 1,
            "principles": 0,
            "direct": 0,
            "findings": 0,
            "by_severity": {sev: 0 for sev in model["summary"]["severities"]},
            "by_family": {},
            "worst": None,
            "tensions": dict.fromkeys(MAP_CLASSES, 0),
        }
    for p in model["principles"]:
        sid = p["group"] or ROOT_ROW
        rows[sid]["direct"] += 1
        for at in tree.chain(sid):
            rows[at]["principles"] += 1
    for f in model["findings"]:
        sid = groups.get(f["principle"]) if f["principle"] else None
        for at in tree.chain(sid or tree.containing(f["span"][0])):
            row = rows[at]
            row["findings"] += 1
            row["by_severity"][f["severity"]] += 1
            counts = row["by_family"].setdefault(f["family"], {})
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
            if _rank(f["severity"]) > _rank(row["worst"]):
                row["worst"] = f["severity"]
    for e in model["edges"]:
        touched: set[str] = set()
        for node in (e["source"], e["target"]):
            sid = _node_section(node, groups)
            if sid is not None:
                touched.update(tree.chain(sid))
        for at in touched:
            rows[at]["tensions"][e["class"]] += 1
    for row in rows.values():  # families in the summary's order, so every row reads the same way
        row["by_family"] = {f: row["by_family"][f] for f in families if f in row["by_family"]}
    return list(rows.values())


def tension_map(model: Model, tree: _Tree, groups: Mapping[str, str]) -> dict[str, Any]:
    """Section-by-section cells of relation edges, at every depth (the page lets the reader choose).

    A cell is an unordered pair of sections (the same section twice: tension inside it) with its
    edges counted by class; only sections that take part in some edge are on the axes, so a
    document of hundreds of sections with a few tensions gives a small, readable matrix.
    """
    ends = []
    for e in model["edges"]:
        a, b = (_node_section(n, groups) for n in (e["source"], e["target"]))
        if a is not None and b is not None:
            ends.append((e, a, b))
    position = {sid: i for i, sid in enumerate(tree.order)}
    levels = []
    for depth in range(1, max(tree.max_depth, 1) + 1):
        cells: dict[tuple[str, str], dict[str, Any]] = {}
        for e, a, b in ends:
            x, y = sorted((tree.at_depth(a, depth), tree.at_depth(b, depth)), key=position.__getitem__)
            cell = cells.setdefault((x, y), {"a": x, "b": y, "counts": {}, "edges": []})
            cell["counts"][e["class"]] = cell["counts"].get(e["class"], 0) + 1
            cell["edges"].append(e["id"])
        axis = sorted({sid for pair in cells for sid in pair}, key=position.__getitem__)
        levels.append({"depth": depth, "axis": axis, "cells": list(cells.values())})
    sections_at = [sum(1 for sid in tree.order if tree.depth[sid] == d) for d in range(1, tree.max_depth + 1)]
    default = next((i + 1 for i, n in enumerate(sections_at) if n >= DEFAULT_MAP_SECTIONS), len(sections_at))
    return {"classes": list(MAP_CLASSES), "levels": levels, "default_depth": max(default, 1)}


def rule_groups(model: Model) -> list[dict[str, Any]]:
    """Findings grouped by rule, the worst severity first, then the most frequent."""
    groups: dict[str, dict[str, Any]] = {}
    for f in model["findings"]:
        group = groups.get(f["code"])
        if group is None:
            group = groups[f["code"]] = {k: f[k] for k in ("code", "name", "family", "severity")}
            group["findings"] = []
        group["findings"].append(f["index"])
        if _rank(f["severity"]) > _rank(group["severity"]):
            group["severity"] = f["severity"]
    return sorted(groups.values(), key=lambda g: (-_rank(g["severity"]), -len(g["findings"]), g["code"]))


def build_overview(model: Model, rewards: Mapping[str, Mapping[str, int]] | None = None) -> dict[str, Any]:
    """The overview block of the report model: section rows, the tension map and the rule groups.

    `rewards` (per section row id, the degenerate strategies its own principles reward) is summed
    into each row over its subsections, as the other counts are; None leaves the rows without it.
    """
    tree = _Tree(model["sections"])
    groups = {p["id"]: p["group"] or ROOT_ROW for p in model["principles"]}
    rows = section_rows(model, tree, groups)
    if rewards is not None:
        by_id = {row["id"]: row for row in rows}
        for row in rows:
            row["rewards"] = {}
        for sid, counts in rewards.items():
            for at in tree.chain(sid) if sid in by_id else ():
                for strategy, n in counts.items():
                    by_id[at]["rewards"][strategy] = by_id[at]["rewards"].get(strategy, 0) + n
    return {
        "sections": rows,
        "map": tension_map(model, tree, groups),
        "rules": rule_groups(model),
    }
