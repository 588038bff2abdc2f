"""Overlap relations between principles: pairs and groups that say the same thing.

Shared by the overlap checks and by `cmlint graph --semantic`, so a finding and a graph edge
always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from cmlint.model import Principle
from cmlint.semantic.analysis import SemanticIndex


@dataclass(frozen=True)
class Overlap:
    first: Principle  # earlier in the document
    second: Principle
    score: float

    @property
    def verbatim(self) -> bool:
        return " ".join(self.first.plain_text.lower().split()) == " ".join(
            self.second.plain_text.lower().split()
        )


def _related_by_nesting(a: Principle, b: Principle) -> bool:
    return a.parent == b.id or b.parent == a.id


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "be",
        "been",
        "being",
        "should",
        "must",
        "may",
        "can",
        "will",
        "would",
        "could",
        "shall",
        "not",
        "no",
        "never",
        "always",
        "most",
        "more",
        "less",
        "least",
        "very",
        "as",
        "possible",
        "please",
        "any",
        "all",
        "each",
        "every",
        "it",
        "its",
        "their",
        "they",
        "them",
        "we",
        "our",
        "you",
        "your",
    ]
)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w.isalpha() and w not in _STOPWORDS]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def parallel(a: str, b: str) -> bool:
    """Two sentences built on one template about different things ("developer-level ... developers"
    vs "user-level ... users"): mostly the same words, but a content word swapped for another.
    Embeddings score these as near-duplicates; they are not."""
    import difflib
    import re

    wa = re.findall(r"[a-z]+", a.lower())
    wb = re.findall(r"[a-z]+", b.lower())
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    if matcher.ratio() < 0.6:
        return False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        left, right = _content(wa[i1:i2]), _content(wb[j1:j2])
        if left and right and {_stem(w) for w in left}.isdisjoint(_stem(w) for w in right):
            return True
    return False


def overlaps(index: SemanticIndex, threshold: float) -> list[Overlap]:
    """Pairs at or above `threshold`, leaving out an item and its own sub-item."""
    return [
        Overlap(a, b, score)
        for a, b, score in index.pairs(threshold)
        if not _related_by_nesting(a, b) and not parallel(a.plain_text, b.plain_text)
    ]


def groups(pairs: list[Overlap]) -> list[list[Principle]]:
    """Tight groups of overlapping principles, each in document order, largest first.

    Connected components chain (A like B, B like C, ... Z unlike A), so each component is cut
    into stars: the member with most overlaps leads, and only what overlaps the leader itself
    joins it; the rest forms further groups the same way.
    """
    graph = nx.Graph()
    by_id: dict[str, Principle] = {}
    for pair in pairs:
        graph.add_edge(pair.first.id, pair.second.id)
        by_id[pair.first.id] = pair.first
        by_id[pair.second.id] = pair.second
    found: list[list[Principle]] = []
    while graph.number_of_edges():
        leader = max(graph.nodes, key=lambda n: (graph.degree(n), -by_id[n].span.start))
        members = [leader, *graph.neighbors(leader)]
        found.append(sorted((by_id[n] for n in members), key=lambda p: p.span.start))
        graph.remove_nodes_from(members)
    return sorted(found, key=lambda g: (-len(g), g[0].span.start))
