"""Overlap checks: principles that say the same thing twice, and terms defined twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.diagnostics import Related
from cmlint.model import Principle, Term
from cmlint.registry import REGISTRY, Finding

if TYPE_CHECKING:
    from cmlint.conflicts.duplicates import Overlap

_THRESHOLD = {"threshold": float}
# Embedding cosine from which two principles may be duplicates (bench/bench_semantic.py: the best F1
# on STS-B once drifted copies and parallel templates are told apart); near-copies are judged by
# their words whatever their cosine.
DUPLICATE_THRESHOLD = 0.8


def _overlaps(ctx: CheckContext, threshold: float) -> list[Overlap]:
    """Duplicate pairs at a threshold, found once at the lowest threshold any rule asks for."""
    from cmlint.conflicts.duplicates import overlaps

    cached = ctx.memo.get("overlaps")
    if cached is None or cached[0] > threshold:
        floor = min(threshold, DUPLICATE_THRESHOLD)
        opposed = _in_conflict(ctx)
        found = [
            pair
            for pair in overlaps(ctx.embeddings, floor) + _same_demands(ctx)
            if frozenset((pair.first.id, pair.second.id)) not in opposed
        ]
        cached = (floor, found)
        ctx.memo["overlaps"] = cached
    return [pair for pair in cached[1] if pair.score >= threshold or pair.comparison.said]


def _in_conflict(ctx: CheckContext) -> set[frozenset[str]]:
    """Principle pairs the conflict engine found pulling apart: never reported as saying the same."""
    from cmlint.checks.conflict import conflict_report
    from cmlint.conflicts.tiers import TENSION

    return {
        frozenset((c.first.principle.id, c.second.principle.id))
        for c in conflict_report(ctx).conflicts
        if c.tier != TENSION
    }


def _same_demands(ctx: CheckContext) -> list[Overlap]:
    """One-sentence principles that make the same demand in other words (the conflict engine's
    comparison: same force and actor, verbs of one group, acts alike)."""
    from cmlint.checks.conflict import conflict_report
    from cmlint.conflicts.duplicates import same_demand_overlaps

    return same_demand_overlaps(conflict_report(ctx).same_demands)


def _name(principle: Principle) -> str:
    return principle.title or principle.id


@REGISTRY.register("near-duplicate", needs=("document", "graph", "nlp", "embeddings"), params=_THRESHOLD)
def near_duplicate(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Pairs of principles whose embeddings are closer than `threshold`, outside larger groups."""
    from cmlint.conflicts.copies import NEAR_COPY
    from cmlint.conflicts.duplicates import groups

    pairs = _overlaps(ctx, float(rule.params.get("threshold", DUPLICATE_THRESHOLD)))
    in_groups = {p.id for group in groups(pairs) if len(group) > 2 for p in group}
    for pair in pairs:
        if pair.first.id in in_groups and pair.second.id in in_groups:
            continue  # the redundancy-cluster rule reports the whole group once
        comparison = pair.comparison
        shown = comparison.said or comparison.ratio >= NEAR_COPY  # a paraphrase's word list is noise
        detail = (
            ""
            if pair.verbatim
            else f" (similarity {pair.score:.2f}"
            + (f"; {comparison.evidence()})" if shown and comparison.changes else ")")
        )
        yield Finding(
            pair.second.span,
            {
                "how": comparison.how,
                "other": _name(pair.first),
                "score": f"{pair.score:.2f}",
                "detail": detail,
            },
            pair.second.id,
            related=(Related(pair.first.span, f"'{_name(pair.first)}' is here", pair.first.id),),
        )


@REGISTRY.register(
    "redundancy-cluster",
    needs=("document", "graph", "nlp", "embeddings"),
    params={**_THRESHOLD, "min_size": int},
)
def redundancy_cluster(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Groups of three or more principles that all overlap, reported once at the first member."""
    from cmlint.conflicts.duplicates import groups

    pairs = _overlaps(ctx, float(rule.params.get("threshold", DUPLICATE_THRESHOLD)))
    for group in groups(pairs):
        if len(group) < int(rule.params.get("min_size", 3)):
            continue
        first, *rest = group
        yield Finding(
            first.span,
            {"count": len(group), "ids": ", ".join(_name(p) for p in rest)},
            first.id,
            related=tuple(Related(p.span, f"'{_name(p)}' is in the same group", p.id) for p in rest),
        )


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("*", "").split()).rstrip(".")


@REGISTRY.register("term-defined-twice")
def term_defined_twice(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """The same term given two different definitions."""
    first_seen: dict[str, Term] = {}
    for term in ctx.document.terms:
        key = term.name.strip().lower()
        earlier = first_seen.get(key)
        if earlier is None:
            first_seen[key] = term
            continue
        if _normal(earlier.definition) == _normal(term.definition):
            continue
        line = ctx.document.source.position(earlier.span.start).line
        yield Finding(
            term.span,
            {"term": term.name, "line": line},
            related=(Related(earlier.span, f"'{term.name}' is first defined here"),),
        )
