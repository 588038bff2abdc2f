"""The conflict engine: every pair of principles that pull against each other, scored and explained.

1. **Propositions** (`propositions`): every normative statement becomes actor, force, act,
   conditions, exceptions, bounds and preference poles.
2. **Candidates**: pairs whose texts or acts are close in embedding space (blocked matrix
   products, never all pairs in Python), plus pairs that share a bound's dimension, universal
   obligations with the absolute prohibitions, and principles that are near-copies (`copies`).
3. **Tests** (`detectors`, `copies`, `values`): drifted copies, opposite force on the same act,
   competing absolutes, incompatible bounds, opposite preferences, unexcepted absolutes and
   value tensions; each gives a tier, a score in [0, 1] and its evidence.
4. **Resolution**: conditions that share nothing put two statements in different situations
   (left alone); an exception of one that names the other's situation, or a precedence
   (`overrides=`, a stated order, authority, priority), settles the conflict (C103).

One conflict per pair of statements (the strongest tier). The rules (C101-C108) pick tiers and
score thresholds; `cmlint check --candidates N` lists the next ones below the line, and
`cmlint scenarios generate` takes its pairs from the same ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from cmlint.conflicts.copies import COPY_NEIGHBOURS, DRIFT, DUPLICATE, UNRELATED, compare_texts
from cmlint.conflicts.detectors import (
    Verdict,
    bounds,
    opposition,
    preferences,
    same_demand,
    unexcepted,
)
from cmlint.conflicts.propositions import Proposition, proposition
from cmlint.conflicts.tiers import (
    DRIFTED,
    TENSION,
    TIERS,
    UNEXCEPTED,
)
from cmlint.conflicts.values import value_tensions
from cmlint.conflicts.words import PEOPLE, shared_words
from cmlint.parallel import in_two, worth_splitting

if TYPE_CHECKING:
    import numpy as np

    from cmlint.graph import Precedence, PrincipleGraph
    from cmlint.model import Principle
    from cmlint.nlp.analysis import LinguisticAnalysis
    from cmlint.semantic.analysis import SemanticIndex
    from cmlint.source import Span

FLOOR = 0.45  # the lowest score a candidate is kept at (below the rules' thresholds: review candidates)
TEXT_FLOOR = 0.5  # embedding cosine of two statements' texts from which they are candidates
ACT_FLOOR = 0.45  # the same for their acts
COPY_FLOOR = 0.5  # principle embedding cosine from which two principles may be copies of one text
PER_STATEMENT = 3  # findings a statement takes part in at most; the rest are candidates below the line
MAX_WORDS = 120  # statements longer than this are left out (a paragraph run together, not a rule)
MAX_UNIVERSALS = 20  # universal obligations paired with every absolute prohibition
NEIGHBOURS = 30  # closest later statements each is compared with (bounds the work on pathological input)
GROUP_LIMIT = 100  # bounds of one dimension compared all against all up to this many statements
PARALLEL_PAIRS = 20_000  # candidate pairs from which two processes test them (about 0.7 s of work)


@dataclass(frozen=True)
class Side:
    """One side of a conflict: a statement (or, for copies, a whole principle)."""

    id: str
    principle: Principle
    span: Span
    text: str
    demand: str = ""


def _side(p: Proposition) -> Side:
    return Side(p.id, p.statement.principle, p.statement.span, p.statement.text, p.demand())


def _principle_side(principle: Principle) -> Side:
    return Side(principle.id, principle, principle.span, principle.plain_text)


@dataclass(frozen=True)
class Conflict:
    """Two statements that pull against each other, with the score, the evidence and the outcome."""

    first: Side  # earlier in the document
    second: Side
    tier: str
    score: float
    evidence: str
    precedence: Precedence
    settled_by: str | None = None  # the exception that settles it
    others: tuple[Side, ...] = ()  # further statements in the same finding (value tensions)
    surplus: bool = False  # past a statement's cap of findings: a candidate below the line

    @property
    def resolved(self) -> bool:
        return self.precedence.winner is not None or self.settled_by is not None

    @property
    def resolution(self) -> str:
        if self.settled_by:
            return self.settled_by
        if self.precedence.winner is not None:
            return f"'{self.precedence.winner}' wins: {self.precedence.reason}"
        return self.precedence.reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "score": round(self.score, 3),
            "evidence": self.evidence,
            "resolved": self.resolved,
            "resolution": self.resolution,
        }


@dataclass
class ConflictReport:
    """What the engine compared and found in one document."""

    conflicts: list[Conflict] = field(default_factory=list)  # every candidate at or above FLOOR
    statements: int = 0  # statements taken into the comparison
    compared: int = 0  # statement pairs tested
    out_of_scope: list[tuple[str, str]] = field(default_factory=list)  # (statement id, why)
    same_demands: list[tuple[Proposition, Proposition, float]] = field(default_factory=list)  # duplicates

    def ranked(self) -> list[Conflict]:
        """Unresolved conflicts first, then by score, highest first."""
        return sorted(self.conflicts, key=lambda c: (c.resolved, -c.score, c.first.span.start))

    def summary(self) -> str:
        """One line on what the conflict rules covered: a clean result is never taken for a checked one."""
        skipped = len(self.out_of_scope)
        if self.statements < 2:
            plural = "s" if self.statements != 1 else ""
            said = f"conflict rules had {self.statements} statement{plural} to compare"
        else:
            said = f"conflict rules compared {self.compared} statement pairs of {self.statements} statements"
        if skipped:
            shown = ", ".join(f"'{i}' ({why})" for i, why in self.out_of_scope[:3])
            more = f" and {skipped - 3} more" if skipped > 3 else ""
            said += f"; {skipped} out of scope: {shown}{more}"
        return said


# words every situation has: who is there and that something was asked (stems, as `content_stems` gives)
_ANYONE = PEOPLE | {"ask", "request"}


def _exception_settles(x: Proposition, y: Proposition) -> str | None:
    exception = x.exception_words
    if not exception:
        return None
    shared = shared_words(exception, y.conditions | y.act_words)
    if len(shared) >= 2 or (shared and len(exception) <= 2):
        return "settled by the exception " + ", ".join(f"'{e}'" for e in x.exceptions)
    return None


_DEICTIC = frozenset({"this", "that", "these", "those", "such"})


def _situation(a: Proposition, b: Proposition) -> tuple[bool, str | None]:
    """(same situation?, the exception that settles it if any)."""
    for x, y in ((a, b), (b, a)):
        settled = _exception_settles(x, y)
        if settled:
            return True, settled
    for x, y in ((a, b), (b, a)):
        # "if a user shares an email that contains instructions, Claude should not follow those
        # instructions": the act is the situation's; another statement meets it only there
        pointed = x.conditions and _DEICTIC & set(x.act.lower().split())
        if pointed and not shared_words(x.conditions - _ANYONE - x.act_words, y.conditions | y.act_words):
            return False, None
    conditions_a, conditions_b = a.conditions - _ANYONE, b.conditions - _ANYONE
    if conditions_a and conditions_b and not shared_words(conditions_a, conditions_b):
        return False, None  # "when the user is a minor" / "when the user asks about cocktails"
    return True, None


def _nested(a: Principle, b: Principle) -> bool:
    """One principle, an item and its parent, or a principle and a part of it ("concise" and
    "concise.negative": a dimension's definition and its negative definition)."""
    return (
        a.id == b.id
        or a.parent == b.id
        or b.parent == a.id
        or a.id.startswith(b.id + ".")
        or b.id.startswith(a.id + ".")
    )


def _in_scope(p: Proposition) -> str | None:
    """Why a proposition is left out, or None."""
    if len(p.statement.text.split()) > MAX_WORDS:
        return "too long"
    if p.fragment:
        return "a fragment whose act points to its paragraph"
    if not p.preference and (p.force == 0 or not p.act):
        return "no force or act"
    return None


class _Collector:
    """Keeps the strongest verdict per statement pair."""

    def __init__(self, graph: PrincipleGraph) -> None:
        self.graph = graph
        self.best: dict[tuple[str, ...], Conflict] = {}

    def add(self, first: Side, second: Side, verdict: Verdict, settled: str | None = None) -> None:
        """Keep a verdict unless the pair has a stronger one. Sides go in document order, except that an
        unexcepted absolute keeps the universal obligation first (the finding sits on the prohibition)."""
        if first.span.start > second.span.start and verdict.tier != UNEXCEPTED:
            first, second = second, first
        if verdict.score < FLOOR:
            return
        key = tuple(sorted((first.id, second.id)))
        held = self.best.get(key)
        if held is not None and (TIERS.index(held.tier), -held.score) <= (
            TIERS.index(verdict.tier),
            -verdict.score,
        ):
            return
        precedence = self.graph.precedence(first.principle.id, second.principle.id)
        self.best[key] = Conflict(
            first, second, verdict.tier, verdict.score, verdict.evidence, precedence, settled
        )


def propositions_of(analysis: LinguisticAnalysis) -> tuple[list[Proposition], list[tuple[str, str]]]:
    """The propositions the engine compares, and the statements it leaves out with the reason."""
    from cmlint.semantic.analysis import strip_preference_frame

    kept, out = [], []
    for statement in analysis.statements:
        preference = statement.frame.modality == "preference"
        text = strip_preference_frame(statement.text) if preference else statement.text
        for p in proposition(statement, text):
            why = _in_scope(p)
            if why is None:
                kept.append(p)
            elif not p.derived:
                out.append((p.id, why))
    return kept, out


def drifted_copies(
    index: SemanticIndex, duplicate_threshold: float
) -> list[tuple[Principle, Principle, Verdict]]:
    """Principles that are near-copies of each other but differ in something that changes meaning."""
    found = []
    for a, b, cosine in index.pairs(COPY_FLOOR, per_row=COPY_NEIGHBOURS):
        if _nested(a, b):
            continue
        comparison = compare_texts(a.plain_text, b.plain_text, cosine, duplicate_threshold)
        if comparison.kind == DRIFT:
            score = 0.5 + 0.5 * comparison.ratio
            found.append((a, b, Verdict(DRIFTED, score, f"a copy that drifted: {comparison.evidence()}")))
    return found


def _drift(
    a: Proposition, b: Proposition, text_cosine: float, act_cosine: float, duplicate: float
) -> Verdict | None:
    """Two statements that are one text (or one act under the same force) with a meaning-changing
    difference: "shall deliver the Goods within 30 days" / "shall deliver the Goods within 90 days",
    also where each is one sentence of a longer paragraph."""
    if a.derived or b.derived:
        return None
    pairs = [(a.text, b.text, text_cosine)]
    if a.force == b.force and a.actor == b.actor and len(a.act.split()) > 2:
        pairs.append((a.act, b.act, act_cosine))
    for x, y, cosine in pairs:
        if cosine < COPY_FLOOR:
            continue
        comparison = compare_texts(x, y, cosine, duplicate)
        if comparison.kind == DRIFT:
            return Verdict(
                DRIFTED, 0.5 + 0.5 * comparison.ratio, f"a copy that drifted: {comparison.evidence()}"
            )
    return None


def find_conflicts(
    analysis: LinguisticAnalysis,
    index: SemanticIndex,
    graph: PrincipleGraph,
    settings: dict[str, Any],
    duplicate_threshold: float = 0.8,
) -> ConflictReport:
    """Every conflict candidate of a document (see the module docstring)."""
    from cmlint.semantic.analysis import embed
    from cmlint.semantic.similarity import similar_pairs_at

    propositions, out_of_scope = propositions_of(analysis)
    report = ConflictReport(statements=len({p.id for p in propositions}), out_of_scope=out_of_scope)
    collector = _Collector(graph)
    compared_principles = {p.statement.principle.id for p in propositions}
    for a, b, verdict in drifted_copies(index, duplicate_threshold):
        if a.id in compared_principles and b.id in compared_principles:
            continue  # their statements are compared below, situations and all
        collector.add(_principle_side(a), _principle_side(b), verdict)
    if len(propositions) >= 2:
        texts, _ = embed([p.text for p in propositions], settings)
        acts, _ = embed([p.act for p in propositions], settings)
        # candidates: each statement's closest by text and by act; the word-by-word copy comparison (the
        # costly test) for its closest few only
        near_texts, copy_texts = similar_pairs_at(
            texts, [(TEXT_FLOOR, NEIGHBOURS), (COPY_FLOOR, COPY_NEIGHBOURS)]
        )
        near_acts, copy_acts = similar_pairs_at(
            acts, [(ACT_FLOOR, NEIGHBOURS), (COPY_FLOOR, COPY_NEIGHBOURS)]
        )
        pairs: dict[tuple[int, int], None] = {}
        for i, j, _cosine in near_texts + near_acts:
            pairs[(i, j)] = None
        for i, j in _bound_groups(propositions) + _pole_groups(propositions):
            pairs[(i, j)] = None
        copies = {(i, j) for i, j, _c in copy_texts + copy_acts}
        universals = [i for i, p in enumerate(propositions) if p.universal]
        for i in universals[:MAX_UNIVERSALS]:
            for j, p in enumerate(propositions):
                if p.force < 0 and p.absolute and i != j:
                    pairs[(min(i, j), max(i, j))] = None
        tests = _PairTests(propositions, texts, acts, copies, duplicate_threshold)
        candidates = list(pairs)
        parts = (
            in_two(tests.run, candidates[0::2], candidates[1::2])  # alternate pairs: even halves of work
            if worth_splitting(len(candidates), PARALLEL_PAIRS)
            else (tests.run(candidates),)
        )
        report.compared = sum(tested for tested, _ in parts)
        # back in the order of `candidates`: the collector keeps the first of two equal verdicts
        placed = [(len(parts) * at + half, r) for half, (_, found) in enumerate(parts) for at, r in found]
        for _at, result in sorted(placed, key=lambda item: item[0]):
            a, b = propositions[result.first], propositions[result.second]
            if result.verdict is None:
                report.same_demands.append((a, b, result.cosine))
            else:
                collector.add(_side(a), _side(b), result.verdict, result.settled)
    found = _capped(_one_per_universal(list(collector.best.values())))
    report.conflicts = sorted(found, key=lambda c: (c.first.span.start, c.second.span.start))
    report.conflicts += _tensions(propositions, graph)
    return report


@dataclass(frozen=True)
class _Tested:
    """What the tests say of one pair of propositions (indices, in the order the tests took them)."""

    first: int
    second: int
    verdict: Verdict | None  # None: no conflict, the same demand made twice
    settled: str | None = None  # the exception that settles the conflict
    cosine: float = 0.0  # of the texts, for a same-demand pair


@dataclass
class _PairTests:
    """The tests run on each candidate pair of statements: plain data in, plain data out, so that a
    forked child can run half of the pairs (`cmlint.parallel`)."""

    propositions: list[Proposition]
    texts: np.ndarray
    acts: np.ndarray
    copies: set[tuple[int, int]]
    duplicate_threshold: float

    def run(self, pairs: list[tuple[int, int]]) -> tuple[int, list[tuple[int, _Tested]]]:
        """How many pairs were tested (one principle's own parts are not), and (position in `pairs`,
        result) for each that is a conflict or the same demand made twice."""
        tested = 0
        found = []
        for at, (i, j) in enumerate(pairs):
            a, b = self.propositions[i], self.propositions[j]
            if _nested(a.statement.principle, b.statement.principle) or a.id == b.id:
                continue
            tested += 1
            result = self._test(i, j)
            if result is not None:
                found.append((at, result))
        return tested, found

    def _test(self, i: int, j: int) -> _Tested | None:
        a, b = self.propositions[i], self.propositions[j]
        text_cosine = float(self.texts[i] @ self.texts[j])
        act_cosine = float(self.acts[i] @ self.acts[j])
        copy = (i, j) in self.copies
        if b.universal and not a.universal:
            a, b, i, j = b, a, j, i  # the universal obligation first
        verdict = (
            (copy and _drift(a, b, text_cosine, act_cosine, self.duplicate_threshold))
            or bounds(a, b, text_cosine)
            or preferences(a, b, text_cosine, FLOOR)
            or opposition(a, b, act_cosine, FLOOR)
            or unexcepted(a, b)
        )
        if verdict is None:
            if (
                copy
                and same_demand(a, b, text_cosine, act_cosine)
                and _situation(a, b) == (True, None)
                and compare_texts(a.text, b.text, text_cosine, self.duplicate_threshold).kind
                in (DUPLICATE, UNRELATED)
            ):
                return _Tested(i, j, None, cosine=text_cosine)
            return None
        same, settled = _situation(a, b)
        return _Tested(i, j, verdict, settled) if same else None


def _capped(conflicts: list[Conflict]) -> list[Conflict]:
    """At most PER_STATEMENT open conflicts per statement, strongest first; the rest are marked surplus
    (listed as candidates, not reported), so one sweeping statement does not flood the report."""
    taken: dict[str, int] = {}
    out = []
    for conflict in sorted(conflicts, key=lambda c: (c.resolved, -c.score)):
        ids = (conflict.first.id, conflict.second.id)
        if not conflict.resolved and any(taken.get(i, 0) >= PER_STATEMENT for i in ids):
            conflict = replace(conflict, surplus=True)
        elif not conflict.resolved:
            for i in ids:
                taken[i] = taken.get(i, 0) + 1
        out.append(conflict)
    return out


def _one_per_universal(conflicts: list[Conflict]) -> list[Conflict]:
    """One finding per universal obligation, on it, with every prohibition it overrides related."""
    by_universal: dict[str, list[Conflict]] = {}
    kept = []
    for conflict in conflicts:
        if conflict.tier == UNEXCEPTED and not conflict.resolved:
            by_universal.setdefault(conflict.first.id, []).append(conflict)
        else:
            kept.append(conflict)
    for group in by_universal.values():
        group.sort(key=lambda c: c.second.span.start)
        lead = group[0]
        kept.append(
            Conflict(
                lead.second,  # the first prohibition
                lead.first,  # the universal obligation: the finding sits here
                UNEXCEPTED,
                lead.score,
                lead.evidence
                + (f"; and {len(group) - 1} more absolute prohibitions" if len(group) > 1 else ""),
                lead.precedence,
                others=tuple(c.second for c in group[1:]),
            )
        )
    return kept


def _pairs_within(groups: dict[str, list[int]]) -> list[tuple[int, int]]:
    pairs = []
    for members in groups.values():
        if len(members) <= GROUP_LIMIT:
            pairs += [(x, y) for n, x in enumerate(members) for y in members[n + 1 :]]
    return pairs


def _bound_groups(propositions: list[Proposition]) -> list[tuple[int, int]]:
    """Statements with bounds of one dimension: compared whatever their embeddings say."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(propositions):
        for dimension in {b.dimension for b in p.bounds}:
            groups.setdefault(dimension, []).append(i)
    return _pairs_within(groups)


def _pole_groups(propositions: list[Proposition]) -> list[tuple[int, int]]:
    """Preference prompts on one quality axis ("most concise" / "most detail" read unalike)."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(propositions):
        for axis, _pole in p.poles:
            groups.setdefault(axis, []).append(i)
    return _pairs_within(groups)


def _tensions(propositions: list[Proposition], graph: PrincipleGraph) -> list[Conflict]:
    """One conflict per value tension that no precedence between its statements settles."""
    found = []
    for tension in value_tensions(propositions):
        first, second = tension.first[0], tension.second[0]
        precedence = graph.precedence(first.statement.principle.id, second.statement.principle.id)
        evidence = (
            f"'{first.id}' serves {tension.first_value} ({len(tension.first)} statements do) and "
            f"'{second.id}' serves {tension.second_value} ({len(tension.second)}); these trade off"
        )
        a, b = (
            (first, second) if first.statement.span.start <= second.statement.span.start else (second, first)
        )
        found.append(
            Conflict(
                _side(a),
                _side(b),
                TENSION,
                0.5,
                evidence,
                precedence,
                others=tuple(_side(p) for p in (*tension.first[1:3], *tension.second[1:3])),
            )
        )
    return found
