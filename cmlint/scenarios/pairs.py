"""Which principle pairs get scenarios: the ones most likely to pull against each other first.

Model calls are the cost of generation, so a budget (`--pairs N`) caps the pairs and they are
taken in order of how much a scenario can teach:

1. **conflict** / **absolutes**: the unresolved candidates of the conflict engine
   (cmlint/conflicts/: every tier, above and below the rules' thresholds), highest score first;
2. **absolutes**: any two absolute statements ("always" / "never") of opposite force that no
   precedence orders, even where their actions look unrelated: absolutes cannot yield;
3. **no-precedence**: deontic statements of the same authority level that nothing orders,
   related enough to meet (embedding cosine in [0.35, 0.9): closer is a duplicate, not a
   tension), opposite force first;
4. **distant**: a seeded random sample of unrelated pairs (about a tenth of the budget), for
   coverage: tensions nobody predicted are the ones a scenario finds;
5. budget left over (a short document): any other pair that nothing orders.

Pairs are statements (a one-sentence principle, or one normative sentence of a paragraph), never
two statements of one principle or of a principle and the one it contains. Every selection keeps
the per-statement cap, so one long statement cannot take the budget; statements the engine leaves
out (fragments such as "uphold this boundary", whose meaning is in their paragraph) are skipped.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cmlint.scenarios.records import text_hash
from cmlint.scenarios.tasks import Pair, Side

if TYPE_CHECKING:
    from cmlint.graph import PrincipleGraph
    from cmlint.nlp.analysis import LinguisticAnalysis, Statement

RELATED_FLOOR = 0.35
DUPLICATE_CEILING = 0.9
DISTANT_CEILING = 0.25
DISTANT_SHARE = 0.1
MAX_PAIRS_EACH = 2


def side_of(statement: Statement) -> Side:
    from cmlint.conflicts.propositions import action_text, polarity

    return Side(
        statement=statement.id,
        principle=statement.principle.id,
        text=" ".join(statement.text.split()),
        sha256=text_hash(statement.principle.text),
        polarity=polarity(statement.frame),
        action=action_text(statement.frame),
    )


def _related(a: Statement, b: Statement) -> bool:
    pa, pb = a.principle, b.principle
    return pa.id == pb.id or pa.parent == pb.id or pb.parent == pa.id


class _Picker:
    """Collects pairs up to a budget, each statement pair once, in document order within a pair.

    Outside the candidate conflicts a statement takes part in at most `MAX_PAIRS_EACH` pairs, so a
    small budget covers many principles rather than one long statement and all its neighbours.
    """

    def __init__(self, budget: int, graph: PrincipleGraph) -> None:
        self.budget = budget
        self.graph = graph
        self.pairs: list[Pair] = []
        self.seen: set[frozenset[str]] = set()
        self.uses: dict[str, int] = {}

    @property
    def full(self) -> bool:
        return len(self.pairs) >= self.budget

    def unordered(self, a: Statement, b: Statement) -> bool:
        return self.graph.precedence(a.principle.id, b.principle.id).winner is None

    def take(self, a: Statement, b: Statement, selection: str, score: float, reason: str = "") -> bool:
        ids = frozenset((a.id, b.id))
        if self.full or ids in self.seen or _related(a, b):
            return False
        if max(self.uses.get(a.id, 0), self.uses.get(b.id, 0)) >= MAX_PAIRS_EACH:
            return False
        if a.span.start > b.span.start:
            a, b = b, a
        self.seen.add(ids)
        for statement in (a, b):
            self.uses[statement.id] = self.uses.get(statement.id, 0) + 1
        self.pairs.append(Pair(side_of(a), side_of(b), selection, round(score, 3), reason))
        return True


def _candidates(analysis: LinguisticAnalysis) -> list[Statement]:
    """Statements with force (or a preference): what a scenario can put under pressure."""
    return [s for s in analysis.statements if s.frame.is_deontic and s.text.strip()]


def select_pairs(
    analysis: LinguisticAnalysis,
    graph: PrincipleGraph,
    settings: dict[str, Any],
    budget: int,
    seed: int = 0,
) -> list[Pair]:
    """Up to `budget` pairs, in the order above (see the module docstring)."""
    from cmlint.conflicts.engine import find_conflicts, propositions_of
    from cmlint.conflicts.propositions import polarity
    from cmlint.semantic.analysis import build_index, embed
    from cmlint.semantic.similarity import similar_pairs

    _kept, out_of_scope = propositions_of(analysis)
    left_out = {statement_id for statement_id, _why in out_of_scope}
    statements = [s for s in _candidates(analysis) if s.id not in left_out]
    if budget <= 0 or len(statements) < 2:
        return []
    reserve = max(1, int(budget * DISTANT_SHARE)) if budget >= 5 else 0
    picker = _Picker(budget - reserve, graph)
    by_id = {s.id: s for s in statements}
    report = find_conflicts(analysis, build_index(analysis.document, settings), graph, settings)
    for conflict in report.ranked():
        if not conflict.resolved and conflict.first.id in by_id and conflict.second.id in by_id:
            selection = "absolutes" if conflict.tier == "absolutes" else "conflict"
            picker.take(
                by_id[conflict.first.id],
                by_id[conflict.second.id],
                selection,
                conflict.score,
                conflict.evidence,
            )
    vectors, _ = embed([s.text for s in statements], settings)

    def score(i: int, j: int) -> float:
        return float(vectors[i] @ vectors[j])

    absolutes = [i for i, s in enumerate(statements) if s.frame.strength == "absolute" and polarity(s.frame)]
    opposed = [
        (i, j, score(i, j))
        for n, i in enumerate(absolutes)
        for j in absolutes[n + 1 :]
        if polarity(statements[i].frame) != polarity(statements[j].frame)
    ]
    for i, j, cosine in sorted(opposed, key=lambda t: -t[2]):
        if picker.full:
            break
        if picker.unordered(statements[i], statements[j]):
            picker.take(statements[i], statements[j], "absolutes", cosine, "two absolutes of opposite force")
    related = [(i, j, s) for i, j, s in similar_pairs(vectors, RELATED_FLOOR) if s < DUPLICATE_CEILING]

    def tension_first(item: tuple[int, int, float]) -> tuple[bool, float]:
        i, j, cosine = item
        return polarity(statements[i].frame) * polarity(statements[j].frame) >= 0, -cosine

    for i, j, cosine in sorted(related, key=tension_first):
        if picker.full:
            break
        a, b = statements[i], statements[j]
        if a.principle.authority == b.principle.authority and picker.unordered(a, b):
            picker.take(a, b, "no-precedence", cosine, "same level, no precedence orders them")
    picker.budget = budget
    rng = random.Random(seed)
    n = len(statements)
    for _ in range(budget * 50):
        if picker.full:
            break
        i, j = sorted(rng.sample(range(n), 2))
        cosine = score(i, j)
        if cosine < DISTANT_CEILING:
            picker.take(statements[i], statements[j], "distant", cosine, "a random unrelated pair")
    _fill(picker, statements, score)
    return picker.pairs


def _fill(picker: _Picker, statements: list[Statement], score: Callable[[int, int], float]) -> None:
    """Budget left over (a short document): any other pair that nothing orders, closest first.

    Stops as soon as the budget is spent, so on a long document, where the steps above fill it,
    this costs nothing.
    """
    if picker.full:
        return
    for i, a in enumerate(statements):
        for j in range(i + 1, len(statements)):
            if picker.full:
                return
            b = statements[j]
            cosine = score(i, j)
            if cosine < DUPLICATE_CEILING and picker.unordered(a, b):
                picker.take(a, b, "no-precedence", cosine, "no precedence orders them")
