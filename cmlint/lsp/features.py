"""What the editor shows about a principle (hover) and the quick fix that silences a finding.

Both work on the document model, not on LSP types, so they are tested without a server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cmlint.diagnostics import Diagnostic
from cmlint.graph import PrincipleGraph, principle_node
from cmlint.model import Document, Principle
from cmlint.source import Source

MAX_NEIGHBOURS = 25
_LABELS = {
    ("contains", True): "contains",
    ("contains", False): "part of",
    ("references", True): "refers to",
    ("references", False): "referred to by",
    ("overrides", True): "overrides",
    ("overrides", False): "overridden by",
    ("defines", True): "defines",
    ("defines", False): "defined in",
}
_PREFIX = re.compile(r"[ \t>]*")  # indentation and block-quote markers a comment line must repeat


def _describe(graph: PrincipleGraph, node: str) -> str:
    data = graph.graph.nodes[node]
    if data.get("kind") == "document":
        return "the document"
    identifier = data.get("id", node)
    title = data.get("title")
    suffix = f" ({title})" if title and title != identifier else ""
    return f"{data.get('kind', 'node')} `{identifier}`{suffix}"


def _outgoing(graph: PrincipleGraph, node: str, other: str, kind: str) -> bool:
    edges = graph.graph.get_edge_data(node, other, default={})
    return any(data.get("kind") == kind for data in edges.values())


def neighbour_lines(graph: PrincipleGraph, principle: Principle) -> list[str]:
    """One line per graph neighbour of a principle, phrased from the principle's side."""
    node = principle_node(principle.id)
    lines = []
    for kind, other in graph.neighbours(node):
        label = _LABELS.get((kind, _outgoing(graph, node, other, kind)), kind)
        lines.append(f"{label} {_describe(graph, other)}")
    lines = sorted(set(lines), key=lines.index)
    if len(lines) > MAX_NEIGHBOURS:
        lines = [*lines[:MAX_NEIGHBOURS], f"… and {len(lines) - MAX_NEIGHBOURS} more"]
    return lines


def hover_markdown(graph: PrincipleGraph, principle: Principle, findings: list[Diagnostic]) -> str:
    """The hover for a principle: id, kind, authority and priority, section path, neighbours."""
    facts = [principle.kind.value]
    if principle.authority is not None:
        facts.append(f"authority `{principle.authority.value}`")
    if principle.priority is not None:
        facts.append(f"priority {principle.priority}")
    parts = [f"**Principle `{principle.id}`**: " + " · ".join(facts)]
    if principle.heading_path:
        parts.append("Section: " + " › ".join(principle.heading_path))
    neighbours = neighbour_lines(graph, principle)
    if neighbours:
        parts.append("Graph neighbours:\n" + "\n".join(f"- {line}" for line in neighbours))
    if findings:
        rows = [
            f"- [{d.code} {d.name}]({d.doc_url}): {d.message}" if d.doc_url else f"- {d.code}: {d.message}"
            for d in findings
        ]
        parts.append("Findings:\n" + "\n".join(rows))
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Insertion:
    """Text to insert at the start of a 1-based line."""

    line: int
    text: str


def suppression_insertion(
    source: Source, document: Document, code: str, offset: int, principle_id: str | None = None
) -> Insertion:
    """A `disable` directive on the line above the principle a finding belongs to.

    The comment repeats that line's indentation (and block-quote markers), so it stays inside
    the same list item or quote and covers the next principle, as directives do.
    """
    principle = document.principles.get(principle_id or "") or document.principle_at(offset)
    anchor = principle.span.start if principle is not None else offset
    line = source.position(anchor).line
    prefix = _PREFIX.match(source.line_text(line))
    indent = prefix.group(0) if prefix else ""
    return Insertion(line, f'{indent}<!-- cmlint: disable={code} reason="" -->\n')
