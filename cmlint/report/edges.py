"""The relation edges the report draws: precedence, overlap and conflict.

Overlap and conflict edges come from the findings themselves (a two-principle diagnostic of
family `overlap` or `conflict` names the other principle in `related`), so every edge on the
map is a finding in the list, and from any `overlap`/`conflict` edges an analysis added to the
graph. Several findings about one pair become one edge that lists them all. A conflict is
*resolved* when every finding about it is a resolved conflict (C103: the document settles it by
precedence or an exception), and a *value tension* when every finding is C108 (values that trade
off with nothing to order them: info, but not settled, so never drawn as resolved); the winner and
the reason come from `PrincipleGraph.precedence`.
Precedence edges are the explicit `overrides` edges; authority levels are shown on the nodes
(colour and size) rather than as n^2 edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.graph import PrincipleGraph, principle_node

RELATION_FAMILIES = ("overlap", "conflict")
# Two-principle findings of other families drawn as one of those edges: a conflict a generated
# scenario confirmed (G101) is a conflict on the map like any other.
RELATION_CODES = {"G101": "conflict"}
RESOLVED_CODES = frozenset({"C103"})
TENSION_CODES = frozenset({"C108"})


@dataclass
class _Edge:
    kind: str
    source: str  # graph node keys: `principle:ID`, or `section:ID` for an override between sections
    target: str
    findings: list[int] = field(default_factory=list)
    severities: list[Severity] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)


class EdgeBuilder:
    """Collects edges keyed by (kind, unordered pair), so one pair is one edge however it was found."""

    def __init__(self, graph: PrincipleGraph) -> None:
        self.graph = graph
        self._edges: dict[tuple[str, frozenset[str]], _Edge] = {}

    def _edge(self, kind: str, source: str, target: str) -> _Edge:
        key = (kind, frozenset((source, target)))
        edge = self._edges.get(key)
        if edge is None:
            edge = self._edges[key] = _Edge(kind, source, target)
        return edge

    def add_findings(self, diagnostics: Sequence[Diagnostic]) -> None:
        """One edge per (finding, other principle) for two-principle overlap and conflict findings."""
        principles = self.graph.document.principles
        for index, diagnostic in enumerate(diagnostics):
            kind = RELATION_CODES.get(diagnostic.code, diagnostic.family)
            if kind not in RELATION_FAMILIES or diagnostic.principle not in principles:
                continue
            for related in diagnostic.related:
                other = related.principle
                if other is None or other == diagnostic.principle or other not in principles:
                    continue
                if related.path is not None and related.path != diagnostic.path:
                    continue
                edge = self._edge(kind, principle_node(diagnostic.principle), principle_node(other))
                if index not in edge.findings:
                    edge.findings.append(index)
                    edge.severities.append(diagnostic.severity)
                    edge.codes.add(diagnostic.code)

    def add_graph_relations(self) -> None:
        """`overlap` and `conflict` edges an analysis put in the graph (with their scores and evidence)."""
        for kind in RELATION_FAMILIES:
            for a, b, data in self.graph.edges_of_kind(kind):
                if not (a.startswith("principle:") and b.startswith("principle:")):
                    continue
                edge = self._edge(kind, a, b)
                edge.attrs.update({k: v for k, v in data.items() if k != "kind" and _plain(v)})

    def add_precedence(self) -> None:
        for a, b, _data in self.graph.edges_of_kind("overrides"):
            edge = self._edge("precedence", a, b)
            edge.attrs["reason"] = f"{_id(a)} overrides {_id(b)}"

    def edges(self) -> list[dict[str, Any]]:
        out = []
        for number, edge in enumerate(self._edges.values()):
            data: dict[str, Any] = {
                "id": f"e{number}",
                "kind": edge.kind,
                "source": edge.source,
                "target": edge.target,
                "findings": edge.findings,
            }
            if edge.kind != "precedence":
                data["severity"] = (
                    max(edge.severities, key=lambda s: s.rank).value if edge.severities else None
                )
            if edge.kind == "conflict":
                data.update(self._resolution(edge))
            data.update({k: v for k, v in edge.attrs.items() if k not in data})
            out.append(data)
        return out

    def _resolution(self, edge: _Edge) -> dict[str, Any]:
        precedence = self.graph.precedence(_id(edge.source), _id(edge.target))
        if edge.codes:
            resolved = edge.codes <= RESOLVED_CODES
        else:
            resolved = bool(edge.attrs.get("resolved", precedence.winner is not None))
        winner = principle_node(precedence.winner) if precedence.winner else None
        # A conflict settled by an exception has no precedence winner: its findings say how it is settled.
        reason = precedence.reason if winner is not None or not resolved else None
        tension = bool(edge.codes) and edge.codes <= TENSION_CODES
        return {"resolved": resolved, "tension": tension, "winner": winner, "reason": reason}


def _id(node: str) -> str:
    """`principle:safety.2` -> `safety.2` (the graph's node keys are `kind:id`)."""
    return node.split(":", 1)[-1]


def _plain(value: Any) -> bool:
    """Only values JSON can carry go to the page (an analysis may keep objects on its edges)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return True
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def relation_edges(graph: PrincipleGraph, diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    """Every edge the report draws, in a stable order: findings, then graph relations, then precedence."""
    builder = EdgeBuilder(graph)
    builder.add_findings(diagnostics)
    builder.add_graph_relations()
    builder.add_precedence()
    return builder.edges()
