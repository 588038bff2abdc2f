"""The principle graph: a constitution as nodes and typed edges (networkx).

Nodes are keyed `kind:id` (`document`, `section:chain_of_command`, `principle:letter_and_spirit.3`,
`term:Assistant`) and every node has a `kind`. Edges are typed by `kind` too:

- `contains`: document -> section -> subsection / principle -> nested principle
- `references`: a principle (or section) -> the section or principle an anchor link names
- `defines`: a section -> a term defined in it
- `overrides`: A -> B where A takes precedence over B: explicit `overrides=`, or stated in
  prose ("X takes precedence over Y", an ordered list of values; `stated="prose"` on the edge)

Later analyses add `overlap`, `conflict` and `scenario` edges with their scores and evidence
through `add_relation`. Authority levels are node attributes rather than edges, so a document
of n principles does not grow n^2 edges; `precedence()` answers "which of two wins, and why".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from cmlint.model import Document, Principle, Section

DOCUMENT_NODE = "document"


def section_node(section_id: str) -> str:
    return DOCUMENT_NODE if section_id == Document.ROOT else f"section:{section_id}"


def principle_node(principle_id: str) -> str:
    return f"principle:{principle_id}"


def term_node(name: str) -> str:
    return f"term:{name}"


def _label(node: str) -> str:
    """The id inside a node key: `section:privacy` -> `privacy`."""
    return node.split(":", 1)[-1]


@dataclass(frozen=True)
class Precedence:
    """The answer to "which of two principles wins": `winner` is None when nothing decides."""

    winner: str | None
    reason: str


class PrincipleGraph:
    """A networkx MultiDiGraph of one document, with the queries rules need."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._reach: dict[str, set[str]] = {}
        self._chains: dict[str, list[str]] = {}  # node -> its containers (see _ancestors)
        self._build()

    # -- construction -----------------------------------------------------------------
    def _build(self) -> None:
        doc = self.document
        g = self.graph
        g.add_node(DOCUMENT_NODE, kind="document", path=doc.path, format=doc.format)
        for section in doc.sections.values():
            if section.id != Document.ROOT:
                g.add_node(section_node(section.id), **self._section_attrs(section))
                g.add_edge(
                    section_node(section.parent or Document.ROOT), section_node(section.id), kind="contains"
                )
        for principle in doc.principles.values():
            node = principle_node(principle.id)
            g.add_node(node, **self._principle_attrs(principle))
            owner = principle_node(principle.parent) if principle.parent else section_node(principle.section)
            g.add_edge(owner, node, kind="contains")
        for term in doc.terms:
            g.add_node(
                term_node(term.name),
                kind="term",
                id=term.name,
                definition=term.definition,
                span=[term.span.start, term.span.end],
            )
            g.add_edge(section_node(term.section), term_node(term.name), kind="defines")
        self._add_references()
        self._add_stated_precedence()

    @staticmethod
    def _section_attrs(section: Section) -> dict[str, Any]:
        attrs: dict[str, Any] = {
            "kind": "section",
            "id": section.id,
            "title": section.title,
            "level": section.level,
            "span": [section.span.start, section.span.end],
        }
        if section.authority is not None:
            attrs["authority"] = section.authority.value
        if section.priority is not None:
            attrs["priority"] = section.priority
        return attrs

    @staticmethod
    def _principle_attrs(principle: Principle) -> dict[str, Any]:
        attrs: dict[str, Any] = {
            "kind": "principle",
            "id": principle.id,
            "text": principle.text,
            "plain": principle.plain_text,
            "span": [principle.span.start, principle.span.end],
            "principle_kind": principle.kind.value,
            "section": principle.section,
            "heading_path": list(principle.heading_path),
        }
        if principle.title:
            attrs["title"] = principle.title
        if principle.authority is not None:
            attrs["authority"] = principle.authority.value
        if principle.priority is not None:
            attrs["priority"] = principle.priority
        return attrs

    def node_for_id(self, identifier: str) -> str | None:
        """The node an id or anchor names: a principle, a section, or a heading slug."""
        found = self.document.resolve(identifier)
        if found is None:
            return None
        kind, resolved = found
        return principle_node(resolved) if kind == "principle" else section_node(resolved)

    def _owner_node(self, origin: str) -> str:
        if origin in self.document.principles:
            return principle_node(origin)
        return section_node(origin)

    def _add_references(self) -> None:
        for ref in self.document.references:
            if ref.origin is None or ref.kind == "footnote":
                continue
            target = self.node_for_id(ref.target)
            if target is None:
                continue
            kind = "overrides" if ref.kind == "overrides" else "references"
            self.graph.add_edge(
                self._owner_node(ref.origin), target, kind=kind, span=[ref.span.start, ref.span.end]
            )

    def _add_stated_precedence(self) -> None:
        """Precedence the document states in words ("X takes precedence over Y", ordered values)."""
        from cmlint.precedence import stated_precedence

        for stated in stated_precedence(self.document):
            winner = (
                principle_node(stated.winner[1])
                if stated.winner[0] == "principle"
                else section_node(stated.winner[1])
            )
            loser = (
                principle_node(stated.loser[1])
                if stated.loser[0] == "principle"
                else section_node(stated.loser[1])
            )
            self.graph.add_edge(
                winner,
                loser,
                kind="overrides",
                stated="prose",
                evidence=stated.evidence,
                span=[stated.span.start, stated.span.end],
            )

    def add_relation(self, a: str, b: str, kind: str, **attrs: Any) -> None:
        """Add an analysis edge (`overlap`, `conflict`, `scenario`, ...) between two nodes."""
        self.graph.add_edge(a, b, kind=kind, **attrs)

    # -- queries ----------------------------------------------------------------------
    def edges_of_kind(self, kind: str) -> list[tuple[str, str, dict[str, Any]]]:
        return [(a, b, d) for a, b, d in self.graph.edges(data=True) if d.get("kind") == kind]

    def override_graph(self) -> nx.DiGraph:
        """Explicit precedence only: A -> B when A overrides B (sections pass it to their principles)."""
        g = nx.DiGraph()
        g.add_edges_from((a, b) for a, b, _ in self.edges_of_kind("overrides"))
        return g

    def precedence_cycles(self) -> list[list[str]]:
        """Each group of nodes that override one another in a circle, as one cycle."""
        g = self.override_graph()
        cycles = []
        for component in nx.strongly_connected_components(g):
            if len(component) > 1 or any(g.has_edge(n, n) for n in component):
                cycles.append(nx.find_cycle(g.subgraph(component)))
        return [[edge[0] for edge in cycle] for cycle in cycles]

    def _ancestors(self, node: str) -> list[str]:
        """The node and its containers, innermost first (memoised: conflict checks ask per pair)."""
        known = self._chains.get(node)
        if known is None:
            known = self._chains[node] = self._chain(node)
        return known

    def _chain(self, node: str) -> list[str]:
        chain = [node]
        while True:
            parents = [
                a for a, _, d in self.graph.in_edges(chain[-1], data=True) if d.get("kind") == "contains"
            ]
            if not parents:
                return chain
            chain.append(parents[0])

    def _outranks(self, node: str) -> set[str]:
        """Every node `node` takes precedence over, directly or through a chain (memoised: conflict
        checks ask this for thousands of pairs)."""
        reach = self._reach.get(node)
        if reach is None:
            overrides = self._override_snapshot
            reach = nx.descendants(overrides, node) if node in overrides else set()
            self._reach[node] = reach
        return reach

    @cached_property
    def _override_snapshot(self) -> nx.DiGraph:
        return self.override_graph()

    def precedence(self, a: str, b: str) -> Precedence:
        """Which of two principles (by id) takes precedence, and the reason."""
        node_a, node_b = principle_node(a), principle_node(b)
        chain_a, chain_b = self._ancestors(node_a), self._ancestors(node_b)
        for winner, _loser, chain_w, chain_l in ((a, b, chain_a, chain_b), (b, a, chain_b, chain_a)):
            for x in chain_w:
                outranked = self._outranks(x)
                for y in chain_l:
                    if y in outranked and x != y:
                        return Precedence(winner, f"{_label(x)} takes precedence over {_label(y)}")
        pa, pb = self.document.principles[a], self.document.principles[b]
        if pa.authority and pb.authority and pa.authority != pb.authority:
            win, lose = (pa, pb) if pa.authority.rank < pb.authority.rank else (pb, pa)
            return Precedence(win.id, f"authority {win.authority.value} outranks {lose.authority.value}")  # type: ignore[union-attr]
        if pa.priority is not None and pb.priority is not None and pa.priority != pb.priority:
            win = pa if pa.priority < pb.priority else pb
            return Precedence(win.id, f"priority {win.priority} comes first")
        return Precedence(None, "no override, authority or priority orders them")

    def neighbours(self, node: str) -> list[tuple[str, str]]:
        """(edge kind, other node) for every edge at a node, both directions."""
        out = [(d.get("kind", ""), b) for _, b, d in self.graph.out_edges(node, data=True)]
        out += [(d.get("kind", ""), a) for a, _, d in self.graph.in_edges(node, data=True)]
        return out

    def stats(self) -> dict[str, dict[str, int]]:
        nodes: dict[str, int] = {}
        for _, data in self.graph.nodes(data=True):
            nodes[data["kind"]] = nodes.get(data["kind"], 0) + 1
        edges: dict[str, int] = {}
        for _, _, data in self.graph.edges(data=True):
            edges[data["kind"]] = edges.get(data["kind"], 0) + 1
        kinds: dict[str, int] = {}
        for principle in self.document.principles.values():
            kinds[principle.kind.value] = kinds.get(principle.kind.value, 0) + 1
        return {"nodes": nodes, "edges": edges, "principle kinds": kinds}
