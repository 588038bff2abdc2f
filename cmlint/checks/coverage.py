"""Coverage check kinds: what concrete situations reveal about a constitution.

G101-G103 read the scenarios file (`<constitution>.scenarios.jsonl`) that `cmlint scenarios
generate` wrote once with a model; they need no model themselves. A record counts only while
both of its principles still have the text it was generated for; the others are stale (G103)
and say nothing about today's wording.

G104 needs no scenarios: it reads the deontic frames and asks whether any statement obliges the
assistant to do something *for* the user. If none does, the empty policy (refuse everything)
violates no principle, and training against the constitution rewards evasion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.diagnostics import Related
from cmlint.model import Principle
from cmlint.registry import REGISTRY, Finding
from cmlint.source import Span

if TYPE_CHECKING:
    from cmlint.scenarios.records import ScenarioRecord

_SCENARIOS = ("document", "scenarios")
_MAX_QUOTE = 100


def _hashes(ctx: CheckContext) -> dict[str, str]:
    if "principle-hashes" not in ctx.memo:
        from cmlint.scenarios.records import text_hash

        ctx.memo["principle-hashes"] = {p.id: text_hash(p.text) for p in ctx.document.principles.values()}
    return ctx.memo["principle-hashes"]


def _fresh(ctx: CheckContext, record: ScenarioRecord) -> bool:
    hashes = _hashes(ctx)
    return all(hashes.get(ref.id) == ref.sha256 for ref in record.principles)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def _document_start(ctx: CheckContext) -> Span:
    text = ctx.document.source.text
    end = text.find("\n")
    return Span(0, max(1, end if end >= 0 else len(text)))


def _judged_by_pair(
    ctx: CheckContext, rule: Rule, outcome: str
) -> Iterator[tuple[Principle, Principle, list[ScenarioRecord]]]:
    """Fresh judged records with this outcome, grouped by pair, with the pair's two principles."""
    if ctx.scenarios is None:
        return
    least = float(rule.params.get("min-confidence", 0.0))
    groups: dict[str, list[ScenarioRecord]] = {}
    for record in ctx.scenarios.judged:
        verdict = record.verdict
        assert verdict is not None
        if verdict.outcome == outcome and verdict.confidence >= least and _fresh(ctx, record):
            groups.setdefault(record.key.rsplit("#", 1)[0], []).append(record)
    for records in groups.values():
        first, second = records[0].principles
        yield ctx.document.principles[first.id], ctx.document.principles[second.id], records


@REGISTRY.register(
    "scenario-conflict",
    needs=(*_SCENARIOS, "graph"),
    params={"min-confidence": float},
    args=("other", "count", "plural", "request", "demand", "other_demand", "confidence"),
)
def scenario_conflict(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Scenarios in which both principles apply and demand incompatible things, with no precedence."""
    for first, second, records in _judged_by_pair(ctx, rule, "conflict"):
        if ctx.graph.precedence(first.id, second.id).winner is not None:
            continue
        best = max(records, key=lambda r: r.verdict.confidence if r.verdict else 0)
        a, b = best.principles
        yield Finding(
            second.span,
            {
                "other": a.statement,
                "count": len(records),
                "plural": "s" if len(records) != 1 else "",
                "request": _quote(best.request),
                "demand": _quote(best.demands.get(b.statement, "")),
                "other_demand": _quote(best.demands.get(a.statement, "")),
                "confidence": f"{best.verdict.confidence:.2f}" if best.verdict else "?",
            },
            second.id,
            related=(Related(first.span, f"'{a.statement}': {_quote(first.plain_text)}", first.id),),
        )


@REGISTRY.register(
    "coverage-gap",
    needs=_SCENARIOS,
    params={"min-confidence": float},
    args=("other", "count", "plural", "request"),
)
def coverage_gap(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Scenarios written to test two principles that, judged, fall under neither."""
    for first, second, records in _judged_by_pair(ctx, rule, "none-applies"):
        b = records[0].principles[1]
        yield Finding(
            first.span,
            {
                "other": b.statement,
                "count": len(records),
                "plural": "s" if len(records) != 1 else "",
                "request": _quote(records[0].request),
            },
            first.id,
            related=(Related(second.span, f"'{b.statement}': {_quote(second.plain_text)}", second.id),),
        )


@REGISTRY.register("stale-scenario", needs=_SCENARIOS, args=("count", "plural", "reason"))
def stale_scenario(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Scenarios generated for a principle's earlier text, or for a principle that is gone."""
    if ctx.scenarios is None:
        return
    hashes = _hashes(ctx)
    changed: dict[str, int] = {}
    for record in (*ctx.scenarios.records, *ctx.scenarios.dryruns):
        for ref in record.principles:
            if hashes.get(ref.id) != ref.sha256:
                changed[ref.id] = changed.get(ref.id, 0) + 1
    for principle_id, count in changed.items():
        principle = ctx.document.principles.get(principle_id)
        plural = "s" if count != 1 else ""
        if principle is None:
            reason = f"{'names' if count == 1 else 'name'} principle '{principle_id}', which no longer exists"
            yield Finding(_document_start(ctx), {"count": count, "plural": plural, "reason": reason})
        else:
            reason = f"{'was' if count == 1 else 'were'} generated for an earlier text of this principle"
            yield Finding(principle.span, {"count": count, "plural": plural, "reason": reason}, principle_id)


# -- G104: a policy that refuses everything violates no principle -------------------------------


@REGISTRY.register(
    "refuse-everything",
    needs=("document", "nlp"),
    params={
        "min-restrictions": int,
        "serving-verbs": str,
        "serving-traits": str,
        "refusal-verbs": str,
        "harm-traits": str,
    },
    args=("restrict", "total", "rewarded"),
)
def refuse_everything(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """The document-level summary of the degenerate-strategy analysis (G105): no statement counters a
    refusal, and the statements a refusal keeps outnumber everything else."""
    from cmlint.goodhart.roles import RoleWords, roles_of
    from cmlint.goodhart.strategies import analyse

    statements = [s for s in ctx.nlp.statements if s.frame.is_deontic]
    found = analyse(statements, roles_of(statements, RoleWords.load(rule.params, rule.path.parent)))
    serve = sum(1 for f in found if f.serves)
    restrict = sum(1 for f in found if f.refusal_keeps and not f.serves)
    least = int(rule.params.get("min-restrictions", 2))
    if serve == 0 and restrict >= max(least, len(found) - restrict):
        counts = Counter(name for f in found for name in f.rewards)
        rewarded = ", ".join(f"{name} {n}" for name, n in counts.most_common())
        yield Finding(
            _document_start(ctx),
            {
                "restrict": restrict,
                "total": len(found),
                "rewarded": f"; strategies its preferences reward outright: {rewarded}" if rewarded else "",
            },
        )
