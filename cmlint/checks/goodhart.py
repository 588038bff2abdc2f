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
