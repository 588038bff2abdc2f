"""Writing the principle graph as node-link JSON, GraphML or Graphviz DOT."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from cmlint.graph import PrincipleGraph

GRAPH_FORMATS = ("json", "graphml", "dot")


def to_json(graph: PrincipleGraph) -> str:
    """networkx node-link data; every node has `kind`, every principle `text`, `span`, `authority`."""
    data = nx.node_link_data(graph.graph, edges="links")
    data["graph"] = {"path": graph.document.path, "format": graph.document.format}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return (
            " ".join(str(v) for v in value)
            if all(isinstance(v, int) for v in value)
            else json.dumps(value, ensure_ascii=False)
        )
    return json.dumps(value, ensure_ascii=False)


def to_graphml(graph: PrincipleGraph) -> str:
    """GraphML (lists become strings: GraphML attributes are scalars)."""
    g = nx.MultiDiGraph()
    for node, data in graph.graph.nodes(data=True):
        g.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for a, b, data in graph.graph.edges(data=True):
        g.add_edge(a, b, **{k: _scalar(v) for k, v in data.items()})
    return "\n".join(nx.generate_graphml(g)) + "\n"


def _dot_id(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


_SHAPES = {"document": "folder", "section": "box", "principle": "note", "term": "ellipse"}
_EDGE_STYLES = {"contains": "solid", "references": "dashed", "defines": "dotted", "overrides": "bold"}


def to_dot(graph: PrincipleGraph) -> str:
    """Graphviz DOT with a short label per node; render with `dot -Tsvg`."""
    lines = ["digraph constitution {", "  rankdir=LR;", "  node [fontsize=10];"]
    for node, data in graph.graph.nodes(data=True):
        label = data.get("title") or data.get("id") or node
        if data["kind"] == "principle":
            text = data.get("plain", "")
            label = f"{data['id']}\n{text[:60]}{'…' if len(text) > 60 else ''}"
        lines.append(
            f"  {_dot_id(node)} [shape={_SHAPES.get(data['kind'], 'box')}, label={_dot_id(str(label))}];"
        )
    for a, b, data in graph.graph.edges(data=True):
        kind = data.get("kind", "")
        style = _EDGE_STYLES.get(kind, "solid")
        lines.append(f"  {_dot_id(a)} -> {_dot_id(b)} [label={_dot_id(kind)}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export(graph: PrincipleGraph, format: str) -> str:
    return {"json": to_json, "graphml": to_graphml, "dot": to_dot}[format](graph)
