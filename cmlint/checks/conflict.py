"""Conflict checks: principles that pull against each other, and whether the document settles it."""

from __future__ import annotations

from collections.abc import Iterator

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.diagnostics import Related
from cmlint.registry import REGISTRY, Finding
from cmlint.semantic.conflict import ABSOLUTE_THRESHOLD, ABSOLUTES, ACTION_THRESHOLD, OPPOSITION, Conflict

_NEEDS = ("document", "graph", "nlp", "embeddings")
_PARAMS = {"action_threshold": float, "absolute_threshold": float}


def _conflicts(ctx: CheckContext) -> list[Conflict]:
    """All candidate conflicts at the loosest thresholds, computed once per document."""
    if "conflicts" not in ctx.memo:
        from cmlint.semantic.conflict import find_conflicts

        ctx.memo["conflicts"] = find_conflicts(ctx.nlp, ctx.graph, ctx.settings, 0.60, 0.45)
    return ctx.memo["conflicts"]


def _passes(conflict: Conflict, rule: Rule) -> bool:
    if conflict.tier == ABSOLUTES:
        threshold = float(rule.params.get("absolute_threshold", ABSOLUTE_THRESHOLD))
        return conflict.same_verb or conflict.similarity >= threshold
    return conflict.similarity >= float(rule.params.get("action_threshold", ACTION_THRESHOLD))


def _finding(conflict: Conflict) -> Finding:
    other = conflict.first
    return Finding(
        conflict.second.span,
        {
            "evidence": conflict.evidence,
            "resolution": conflict.resolution,
            "other": other.id,
            "score": f"{conflict.similarity:.2f}",
        },
        conflict.second.principle.id,
        related=(Related(other.span, f"'{other.id}': {other.text[:120]}", other.principle.id),),
    )


def _unresolved(ctx: CheckContext, rule: Rule, tier: str) -> Iterator[Finding]:
    for conflict in _conflicts(ctx):
        if conflict.tier == tier and not conflict.resolved and _passes(conflict, rule):
            yield _finding(conflict)


@REGISTRY.register("deontic-conflict", needs=_NEEDS, params=_PARAMS)
def deontic_conflict(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """One principle obliges or permits an action another forbids, and nothing orders them."""
    yield from _unresolved(ctx, rule, OPPOSITION)


@REGISTRY.register("competing-absolutes", needs=_NEEDS, params=_PARAMS)
def competing_absolutes(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """An "always" and a "never" whose scopes overlap, and nothing orders them."""
    yield from _unresolved(ctx, rule, ABSOLUTES)


@REGISTRY.register("resolved-conflict", needs=_NEEDS, params=_PARAMS)
def resolved_conflict(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """A conflict the document settles (precedence or an exception): shown so authors can check the winner."""
    for conflict in _conflicts(ctx):
        if conflict.resolved and _passes(conflict, rule):
            yield _finding(conflict)
