"""Conflict checks: the conflict engine's findings, one rule a tier (cmlint/conflicts/).

The engine runs once per document and scores every candidate; each rule takes its tier's
unresolved conflicts at or above its `threshold`, C103 the settled ones. The run's summary says
how many statement pairs were compared and which statements were out of scope, so a silent
result is never mistaken for a clean one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmlint.catalogue import Rule
from cmlint.conflicts.tiers import ABSOLUTES, BOUNDS, DRIFTED, OPPOSITION, PREFERENCES, TENSION, UNEXCEPTED
from cmlint.context import CheckContext
from cmlint.diagnostics import Related
from cmlint.registry import REGISTRY, Finding

if TYPE_CHECKING:
    from cmlint.conflicts.engine import Conflict, ConflictReport, Side

_NEEDS = ("document", "graph", "nlp", "embeddings")
_PARAMS = {"threshold": float}
_ARGS = ("evidence", "resolution", "other", "score", "tier", "count")
DEFAULT_THRESHOLD = 0.6


def conflict_report(ctx: CheckContext) -> ConflictReport:
    """The engine's report for the document, computed once per run and summarised in a note."""
    if "conflicts" not in ctx.memo:
        from cmlint.conflicts.engine import find_conflicts

        report = find_conflicts(ctx.nlp, ctx.embeddings, ctx.graph, ctx.settings, _duplicate_threshold(ctx))
        ctx.memo["conflicts"] = report
        _note(ctx, report.summary())
        _list_candidates(ctx, report, int(ctx.settings.get("conflict-candidates") or 0))
    return ctx.memo["conflicts"]


def _list_candidates(ctx: CheckContext, report: ConflictReport, count: int) -> None:
    """`--candidates N`: the N likeliest unresolved conflicts below the default threshold, as notes."""
    from cmlint.context import Note

    below = [
        c
        for c in report.ranked()
        if not c.resolved and (c.surplus or c.score < DEFAULT_THRESHOLD) and c.tier != "value-tension"
    ][:count]
    for conflict in below:
        ctx.notes.append(
            Note(
                conflict.second.span,
                f"conflict candidate below the line (score {conflict.score:.2f}, {conflict.tier}) with "
                f"'{conflict.first.id}': {conflict.evidence}",
            )
        )


def _duplicate_threshold(ctx: CheckContext) -> float:
    from cmlint.checks.overlap import DUPLICATE_THRESHOLD

    return float(ctx.settings.get("duplicate-threshold", DUPLICATE_THRESHOLD))


def _note(ctx: CheckContext, message: str) -> None:
    from cmlint.context import Note
    from cmlint.source import Span

    ctx.notes.append(Note(Span(0, 0), message))


def _related(side: Side, what: str) -> Related:
    return Related(side.span, f"'{side.id}' {what}: {' '.join(side.text.split())[:120]}", side.principle.id)


def finding(conflict: Conflict) -> Finding:
    """A conflict as a finding on its later statement, with the earlier one (and any others) related."""
    first, second = conflict.first, conflict.second
    related = (_related(first, "is the other side"), *(_related(s, "also") for s in conflict.others))
    return Finding(
        second.span,
        {
            "evidence": conflict.evidence,
            "resolution": conflict.resolution,
            "other": first.id,
            "score": f"{conflict.score:.2f}",
            "tier": conflict.tier,
            "count": 1 + len(conflict.others),
        },
        second.principle.id,
        related=related,
        score=conflict.score,
    )


def _threshold(rule: Rule) -> float:
    return float(rule.params.get("threshold", DEFAULT_THRESHOLD))


def reported(conflict: Conflict, rule: Rule) -> bool:
    """Whether a rule of the conflict's tier reports it (unresolved, at or above its threshold)."""
    return not conflict.resolved and not conflict.surplus and conflict.score >= _threshold(rule)


def _tier(ctx: CheckContext, rule: Rule, tier: str) -> Iterator[Finding]:
    for conflict in conflict_report(ctx).conflicts:
        if conflict.tier == tier and reported(conflict, rule):
            yield finding(conflict)


def _register(name: str, tier: str, doc: str) -> None:
    def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
        return _tier(ctx, rule, tier)

    check.__doc__ = doc
    check.__name__ = name.replace("-", "_")
    REGISTRY.register(name, needs=_NEEDS, params=_PARAMS, args=_ARGS)(check)


def register_tiers() -> None:
    for name, tier, doc in (
        (
            "deontic-conflict",
            OPPOSITION,
            "One statement obliges or permits an act another forbids, and nothing orders them.",
        ),
        (
            "competing-absolutes",
            ABSOLUTES,
            'An "always" and a "never" on the same act, and nothing orders them.',
        ),
        (
            "drifted-copy",
            DRIFTED,
            "A near-copy of a principle that changed a number, negation, quantifier, modal or antonym.",
        ),
        ("incompatible-bounds", BOUNDS, "Numeric bounds on one attribute that no value satisfies."),
        ("opposite-preferences", PREFERENCES, "Preference prompts that favour opposite ends of one quality."),
        (
            "unexcepted-absolute",
            UNEXCEPTED,
            "A universal absolute obligation against an absolute prohibition it does not except.",
        ),
        (
            "value-tension",
            TENSION,
            "Statements serving values that trade off, with no precedence between them.",
        ),
    ):
        _register(name, tier, doc)


register_tiers()


@REGISTRY.register("resolved-conflict", needs=_NEEDS, params=_PARAMS, args=_ARGS)
def resolved_conflict(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """A conflict the document settles (precedence or an exception): shown so authors can check the winner."""
    for conflict in conflict_report(ctx).conflicts:
        if conflict.resolved and conflict.score >= _threshold(rule):
            yield finding(conflict)
