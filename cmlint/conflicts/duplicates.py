"""Duplicates: principles that say the same thing, from the same comparison as drifted copies.

A pair of principles close in embedding space is a duplicate only when `copies.compare_texts`
says so: a copy that drifted in meaning is a conflict (C104), a template about two different
things is neither, and a pair whose form says it is opposed (one negated, "must" vs "may")
belongs to the deontic comparison. Groups (O102) are cliques of duplicates: every member says
the same as every other, so a topic cluster never becomes a group.

Shared by the overlap checks and by `cmlint graph --semantic`, so a finding and a graph edge
always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from cmlint.conflicts.copies import COPY_NEIGHBOURS, DUPLICATE, Change, Comparison, compare_texts
from cmlint.conflicts.propositions import Proposition
from cmlint.model import Kind, Principle
from cmlint.semantic.analysis import SemanticIndex, comparable_text

SAME_DEMAND = "makes the same demand as"


@dataclass(frozen=True)
class Overlap:
    first: Principle  # earlier in the document
    second: Principle
    score: float
    comparison: Comparison

    @property
    def verbatim(self) -> bool:
        return self.comparison.ratio == 1.0 and not self.comparison.changes


def _nested(a: Principle, b: Principle) -> bool:
    return a.parent == b.id or b.parent == a.id


def overlaps(index: SemanticIndex, threshold: float, floor: float | None = None) -> list[Overlap]:
    """Duplicate pairs: from embedding cosine `floor` (default: `threshold`) up, as `compare_texts` judges."""
    found = {}
    for a, b, score in index.pairs(
        min(threshold, floor if floor is not None else threshold), per_row=COPY_NEIGHBOURS
    ):
        if _nested(a, b):
            continue
        comparison = compare_texts(comparable_text(a), comparable_text(b), score, threshold)
        if comparison.kind == DUPLICATE:
            found[(a.id, b.id)] = Overlap(a, b, score, comparison)
    for pair in pole_duplicates(index.principles):
        found.setdefault((pair.first.id, pair.second.id), pair)
    return sorted(found.values(), key=lambda o: (o.first.span.start, o.second.span.start))


_GENERIC = frozenset("user users show shows toward towards at with the response assistant person".split())


def pure_pole(principle: Principle) -> tuple[str, int] | None:
    """The one quality pole a preference prompt asks for and nothing else ("less preachy and less
    condescending" and "best avoids moralizing" both ask for less moralizing), or None."""
    from cmlint.conflicts.propositions import axis_words, preference_poles
    from cmlint.conflicts.words import content

    if principle.kind is not Kind.PREFERENCE:
        return None
    text = comparable_text(principle)
    _direction, poles, quality = preference_poles(text)
    if len(poles) != 1:
        return None
    rest = [w for w in content(quality.split()) if w not in _GENERIC and w not in axis_words(poles[0][0])]
    return None if rest else poles[0]


def pole_duplicates(principles: list[Principle]) -> list[Overlap]:
    """Preference prompts that ask for the same pole of one quality, and nothing else."""
    by_pole: dict[tuple[str, int], list[Principle]] = {}
    for principle in principles:
        pole = pure_pole(principle)
        if pole is not None:
            by_pole.setdefault(pole, []).append(principle)
    found = []
    for (axis, sign), members in by_pole.items():
        comparison = Comparison(
            DUPLICATE, 0.0, (Change("wording", (axis,), ("less" if sign < 0 else "more",)),)
        )
        for n, a in enumerate(members):
            found += [Overlap(a, b, 1.0, comparison) for b in members[n + 1 :] if not _nested(a, b)]
    return found


def groups(pairs: list[Overlap]) -> list[list[Principle]]:
    """Groups in which every member duplicates every other, each in document order, largest first.

    A leader (the member with most duplicates) takes each of its duplicates that also duplicates
    every member taken so far; what is left forms further groups the same way.
    """
    neighbours: dict[str, set[str]] = {}
    by_id: dict[str, Principle] = {}
    for pair in pairs:
        neighbours.setdefault(pair.first.id, set()).add(pair.second.id)
        neighbours.setdefault(pair.second.id, set()).add(pair.first.id)
        by_id[pair.first.id] = pair.first
        by_id[pair.second.id] = pair.second
    taken: set[str] = set()
    found: list[list[Principle]] = []
    for leader in sorted(neighbours, key=lambda n: (-len(neighbours[n]), by_id[n].span.start)):
        if leader in taken:
            continue
        members = [leader]
        for candidate in sorted(neighbours[leader] - taken, key=lambda n: by_id[n].span.start):
            if all(candidate in neighbours[m] for m in members):
                members.append(candidate)
        if len(members) < 2:
            continue
        taken.update(members)
        found.append(sorted((by_id[n] for n in members), key=lambda p: p.span.start))
    return sorted(found, key=lambda g: (-len(g), g[0].span.start))


def same_demand_overlaps(pairs: list[tuple[Proposition, Proposition, float]]) -> list[Overlap]:
    """The conflict engine's same-demand pairs of one-sentence principles, as duplicates."""
    found = []
    for a, b, cosine in pairs:
        if not (a.statement.is_whole_principle and b.statement.is_whole_principle):
            continue
        first, second = sorted((a, b), key=lambda p: p.statement.span.start)
        change = Change("wording", (f"{first.demand()}",), (f"{second.demand()}",))
        comparison = Comparison(DUPLICATE, 0.0, (change,), said=SAME_DEMAND)
        found.append(Overlap(first.statement.principle, second.statement.principle, cosine, comparison))
    return found
