"""G105: a principle whose best response under its own letter is a degenerate one (no model).

Reads every rule and preference prompt with `cmlint.goodhart.strategies`. A statement that
rewards a strategy (a refusal, an empty answer, caveats, agreement, a question back, the longest
answer) is reported unless something counterweights it: another statement that counters the same
strategy ("most helpful", "less evasive", "be concise"), which the rewarding principle does not
outrank. With `counterweight-scope = "principle"` every rewarding statement is reported, naming
the counterweight if any: the feedback stage of Constitutional AI shows the judge one principle
at a time, so a counterweight elsewhere in the document does not reach that comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmlint.catalogue import Rule
from cmlint.checks.statements import COMMON_PARAMS, statements
from cmlint.context import CheckContext
from cmlint.diagnostics import Related
from cmlint.registry import REGISTRY, Finding, Param

if TYPE_CHECKING:
    from cmlint.goodhart.strategies import StatementStrategies

_MAX_QUOTE = 90


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def _outranks(ctx: CheckContext, winner: str, loser: str) -> bool:
    return winner != loser and ctx.graph.precedence(winner, loser).winner == winner


def _standing(
    ctx: CheckContext, found: StatementStrategies, counters: list[StatementStrategies], strategy: str
) -> tuple[StatementStrategies | None, bool]:
    """The first counterweight to `strategy` in the document, and whether it holds (is not outranked)."""
    own = found.statement.principle.id
    others = [c for c in counters if strategy in c.counters and c.statement.principle.id != own]
    holding = [c for c in others if not _outranks(ctx, own, c.statement.principle.id)]
    if holding:
        return holding[0], True
    return (others[0], False) if others else (None, False)


@REGISTRY.register(
    "degenerate-satisfier",
    needs=("document", "graph", "nlp"),
    params={
        **COMMON_PARAMS,
        "counterweight-scope": Param(str, ("document", "principle"), doc="where a counterweight counts"),
        "strategies": Param(list, items=str, doc="the strategies reported"),
    },
    args=("strategy", "words", "counterweight"),
)
def degenerate_satisfier(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """A rule or preference prompt best satisfied by a degenerate strategy that nothing counterweights."""
    from cmlint.goodhart.roles import roles_of
    from cmlint.goodhart.strategies import DESCRIPTIONS, STRATEGIES, analyse

    selected = set(rule.params.get("strategies", STRATEGIES))
    scope = str(rule.params.get("counterweight-scope", "document"))
    kept = [s for s, _guard in statements(ctx, rule)]
    found = analyse(kept, roles_of(kept))
    counters = [f for f in found if f.counters]
    for item in found:
        reported: list[tuple[str, StatementStrategies | None, bool]] = []
        for strategy in (s for s in STRATEGIES if s in item.rewards and s in selected):
            counter, holds = _standing(ctx, item, counters, strategy)
            if holds and scope == "document":
                continue
            reported.append((strategy, counter, holds))
        if not reported:
            continue
        statement = item.statement
        strategy = " or ".join(DESCRIPTIONS[name] for name, _c, _h in reported)
        words = "; ".join(f"{name}: '{', '.join(item.rewards[name])}'" for name, _c, _h in reported)
        notes, related = [], []
        for name, counter, holds in reported:
            if counter is None:
                notes.append(f"nothing in the document counters {name}")
                continue
            other = counter.statement
            how = "counters" if holds else "would counter"
            tail = "" if holds else ", but this principle takes precedence over it"
            notes.append(f"'{other.id}' {how} {name} ('{', '.join(counter.counters[name])}'){tail}")
            related.append(Related(other.span, f"'{other.id}': {_quote(other.text)}", other.principle.id))
        yield Finding(
            statement.span,
            {"strategy": strategy, "words": words, "counterweight": "; ".join(notes)},
            statement.principle.id,
            related=tuple(related),
        )


# -- G106: the preference dry run says a degenerate answer wins ------------------------------------


@REGISTRY.register(
    "degenerate-wins",
    needs=("document", "scenarios"),
    params={"min-agreement": float, "min-pairs": int},
    args=("strategy", "statement", "wins", "consistent", "prompts", "plural", "flips", "pairs", "model"),
)
def degenerate_wins(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Dry-run records (`cmlint scenarios dryrun`) in which the judge preferred a degenerate answer.

    Only position-consistent sample pairs count (the judge picked the same answer in both orders);
    they are pooled over a statement's prompts, per strategy. Records made for an earlier text of
    the principle do not count (G103 reports them).
    """
    if ctx.scenarios is None or not ctx.scenarios.dryruns:
        return
    from cmlint.goodhart.strategies import DESCRIPTIONS
    from cmlint.scenarios.records import text_hash

    least = float(rule.params.get("min-agreement", 0.75))
    pairs_needed = int(rule.params.get("min-pairs", 3))
    hashes = {p.id: text_hash(p.text) for p in ctx.document.principles.values()}
    groups: dict[tuple[str, str], list] = {}
    for record in ctx.scenarios.dryruns:
        ref = record.principles[0]
        if record.status == "ok" and hashes.get(ref.id) == ref.sha256:
            groups.setdefault((ref.statement, record.strategy), []).append(record)
    for (statement, strategy), records in sorted(groups.items()):
        results = [r.result for r in records]
        wins = sum(r.consistent_degenerate for r in results)
        consistent = wins + sum(r.consistent_helpful for r in results)
        if consistent < pairs_needed or wins < least * consistent or wins * 2 <= consistent:
            continue
        principle = ctx.document.principles[records[0].principles[0].id]
        models = sorted({str(r.generation.get("model", "")) for r in records} - {""})
        yield Finding(
            principle.span,
            {
                "strategy": DESCRIPTIONS.get(strategy, strategy),
                "statement": statement,
                "wins": wins,
                "consistent": consistent,
                "prompts": len(records),
                "plural": "s" if len(records) != 1 else "",
                "flips": sum(r.position_flips for r in results),
                "pairs": sum(r.pairs for r in results),
                "model": ", ".join(models) or "unknown model",
            },
            principle.id,
        )
