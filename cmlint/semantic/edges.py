"""Overlap and conflict edges for the principle graph (`cmlint graph --semantic`).

The same analyses the overlap and conflict rules run, at the thresholds the rules are
configured with, so an exported edge and a reported finding always agree.
"""

from __future__ import annotations

from typing import Any

from cmlint.graph import PrincipleGraph, principle_node


def add_semantic_edges(
    graph: PrincipleGraph, settings: dict[str, Any], overlap_threshold: float, conflict_threshold: float
) -> None:
    """Add `overlap` edges (earlier -> later principle) and `conflict` edges (with tier, score, evidence)."""
    from cmlint.conflicts.duplicates import overlaps
    from cmlint.conflicts.engine import find_conflicts
    from cmlint.nlp.analysis import analyse
    from cmlint.semantic.analysis import build_index

    index = build_index(graph.document, settings)
    for pair in overlaps(index, overlap_threshold):
        graph.add_relation(
            principle_node(pair.first.id),
            principle_node(pair.second.id),
            "overlap",
            score=round(pair.score, 3),
            verbatim=pair.verbatim,
        )
    report = find_conflicts(analyse(graph.document, settings), index, graph, settings, overlap_threshold)
    for conflict in report.conflicts:
        if conflict.score < conflict_threshold:
            continue
        graph.add_relation(
            principle_node(conflict.first.principle.id),
            principle_node(conflict.second.principle.id),
            "conflict",
            statements=[conflict.first.id, conflict.second.id],
            **conflict.to_dict(),
        )
