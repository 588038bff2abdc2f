"""Verdicts: which principles apply to a scenario, and can one response satisfy them all.

Two judges, both honest about how sure they are:

- the **model judge** asks the generative model several times (samples at temperature > 0)
  and takes the majority; its confidence is the share of samples behind the verdict, and the
  disagreement is the rest, because judges disagree with each other and with themselves
  (Zhang et al. 2025) and a reviewer should see where;
- the **offline judge** needs no generative model: a principle applies when the scenario's
  embedding is close enough to its text, and the demands are incompatible when the two
  statements have opposite deontic force (their frames) or exactly one of the generated demands
  is a refusal. Its confidence is a margin heuristic, not a calibrated probability.

The same embeddings give the filter used with the small default model: a scenario far from
either principle is off-topic and is kept only as a `filtered` record.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cmlint.scenarios.prompts import GeneratedScenario, Vote
from cmlint.scenarios.records import Verdict, outcome_of

if TYPE_CHECKING:
    from cmlint.scenarios.tasks import Pair

APPLIES_THRESHOLD = 0.30  # MiniLM cosine of a scenario with a principle above which it applies
FILTER_THRESHOLD = 0.20  # below this for either principle, a small model's scenario is off-topic
_REFUSAL_CUE = re.compile(
    r"\b(?:refus\w*|declin\w*|not|never|cannot|avoid\w*|withhold\w*|den(?:y|ies)|reject\w*|"
    r"stop|without|nothing)\b|n't\b",
    re.IGNORECASE,
)


def model_verdict(votes: Sequence[Vote], first: str, second: str) -> Verdict:
    """The majority of the judge samples, with the share that agrees as its confidence."""
    if not votes:
        raise ValueError("a model verdict needs at least one vote")
    n = len(votes)
    a = sum(v.a_applies for v in votes) * 2 > n
    b = sum(v.b_applies for v in votes) * 2 > n
    applies = tuple(s for s, yes in ((first, a), (second, b)) if yes)
    compatible: bool | None = None
    if a and b:
        both = [v.compatible for v in votes if v.a_applies and v.b_applies and v.compatible is not None]
        compatible = sum(both) * 2 >= len(both) if both else True
    outcomes = [outcome_of(v.a_applies + v.b_applies, v.compatible) for v in votes]
    final = outcome_of(len(applies), compatible)
    agreement = Counter(outcomes)[final] / n
    reason = next((v.reason for v, o in zip(votes, outcomes, strict=True) if o == final and v.reason), "")
    return Verdict(applies, compatible, agreement, "model", n, 1 - agreement, tuple(outcomes), reason)


def is_refusal(demand: str) -> bool:
    return bool(_REFUSAL_CUE.search(demand))


@dataclass(frozen=True)
class Similarities:
    first: float
    second: float

    def passes(self, threshold: float) -> bool:
        return self.first >= threshold and self.second >= threshold


def offline_verdict(
    pair: Pair,
    scenario: GeneratedScenario,
    similarity: Similarities,
    threshold: float = APPLIES_THRESHOLD,
) -> Verdict:
    """Applies by embedding similarity; compatible unless the frames or the demands oppose."""
    a, b = similarity.first >= threshold, similarity.second >= threshold
    applies = tuple(s for s, yes in ((pair.first.statement, a), (pair.second.statement, b)) if yes)
    margin = min(abs(similarity.first - threshold), abs(similarity.second - threshold))
    confidence = min(1.0, 0.5 + 2.5 * margin)
    signals: list[bool] = []  # True: the two demands are incompatible
    if pair.first.polarity and pair.second.polarity:
        signals.append(pair.first.polarity != pair.second.polarity)
    if scenario.demand_a and scenario.demand_b:
        signals.append(is_refusal(scenario.demand_a) != is_refusal(scenario.demand_b))
    compatible: bool | None = None
    disagreement = 0.0
    reason = f"similarity {similarity.first:.2f} / {similarity.second:.2f} (applies at {threshold:.2f})"
    if a and b:
        if not signals:
            compatible, confidence = True, min(confidence, 0.5)
        else:
            compatible = not signals[-1]  # the demands speak about this scenario; frames only in general
            if len(set(signals)) > 1:
                disagreement, confidence = 0.5, confidence * 0.5
            elif len(signals) == 1:
                confidence *= 0.6
        reason += "; " + ("opposite demands" if not compatible else "demands agree")
    return Verdict(applies, compatible, round(confidence, 3), "offline", 1, disagreement, (), reason)


def scenario_text(scenario: GeneratedScenario) -> str:
    return f"{scenario.context} {scenario.request}".strip()


def similarities(
    items: Sequence[tuple[Pair, GeneratedScenario]], settings: dict[str, Any]
) -> list[Similarities]:
    """Cosine of each scenario with each of its two principles (MiniLM, through the vector cache)."""
    if not items:
        return []
    from cmlint.semantic.analysis import embed

    texts: list[str] = []
    for pair, scenario in items:
        texts += [scenario_text(scenario), pair.first.text, pair.second.text]
    vectors, _ = embed(texts, settings)
    out = []
    for i in range(len(items)):
        s, x, y = vectors[3 * i], vectors[3 * i + 1], vectors[3 * i + 2]
        out.append(Similarities(float(s @ x), float(s @ y)))
    return out
