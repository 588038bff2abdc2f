"""The principle graph: nodes, edges, precedence, cycles, and the three export formats."""

import json

import networkx as nx
from conftest import parse

from cmlint.graph import PrincipleGraph
from cmlint.output.graph_export import export

SPEC = """
# Chain of command {#chain}

## Follow instructions {#follow authority=root}

- The assistant must follow [?](#safety) first.

## Be brief {#brief authority=user}

- Keep answers short.

## Be thorough {#thorough authority=user overrides=brief}

- Explain every step.

# Definitions

**Assistant**: the model that answers.
"""


def graph():
    return PrincipleGraph(parse(SPEC))


def test_nodes_and_edges_by_kind():
    stats = graph().stats()
    assert stats["nodes"] == {"document": 1, "section": 5, "principle": 3, "term": 1}
    assert stats["edges"]["contains"] == 8
    assert stats["edges"]["overrides"] == 1
    assert stats["edges"]["defines"] == 1


def test_precedence_by_overrides_then_authority():
    g = graph()
    assert g.precedence("thorough.1", "brief.1").winner == "thorough.1"
    assert g.precedence("brief.1", "thorough.1").reason == "thorough takes precedence over brief"
    assert g.precedence("follow.1", "brief.1").winner == "follow.1"
    assert g.precedence("follow.1", "brief.1").reason == "authority root outranks user"


def test_no_precedence_between_unordered_principles():
    doc = parse("## A\n\n- Do X.\n\n## B\n\n- Do Y.\n")
    assert PrincipleGraph(doc).precedence("a.1", "b.1").winner is None


def test_cycles_are_found():
    doc = parse(
        "## A {#a overrides=b}\n\n- x must.\n\n## B {#b overrides=c}\n\n- y must.\n\n"
        "## C {#c overrides=a}\n\n- z must.\n"
    )
    (cycle,) = PrincipleGraph(doc).precedence_cycles()
    assert sorted(cycle) == ["section:a", "section:b", "section:c"]


def test_json_export_is_node_link_data_with_kinds():
    data = json.loads(export(graph(), "json"))
    assert all("kind" in node for node in data["nodes"])
    principle = next(n for n in data["nodes"] if n["id"] == "principle:follow.1")
    assert principle["authority"] == "root"
    assert principle["text"] == "The assistant must follow [?](#safety) first."
    assert isinstance(principle["span"], list)
    assert nx.node_link_graph(data, edges="links").number_of_nodes() == 10


def test_graphml_and_dot_exports_are_readable():
    g = nx.parse_graphml(export(graph(), "graphml"))
    assert g.number_of_nodes() == 10
    dot = export(graph(), "dot")
    assert dot.startswith("digraph constitution {") and '"section:thorough" -> "section:brief"' in dot
