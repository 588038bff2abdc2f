"""F105: a principle whose satisfaction a judge reading the conversation cannot see.

Constitutional AI's feedback stage asks a model which response better satisfies a principle,
from the conversation alone. A principle that turns on the user's real intent or age, on what
happens after the conversation, on whether the model's account of its own inner states is true,
or on facts the conversation does not contain, can only be judged by how the response looks.
The patterns are data (rules/lexicons/unobservable-criteria.txt). A sentence that says how to act
under the uncertainty ("assume the user may be a minor unless ...", "if there are signs that")
is the fix and is not flagged; neither is one that asks what the response shows ("indicates").

F103 (internal-state) flags a rule whose *act* is an inner state ("genuinely care"); this check
flags a rule whose *truth condition* is hidden, including the honesty of the model's reports
about its inner states ("accurately describe its own reasoning"). Sincerity adverbs are F103's
and are not in this lexicon, so one sentence is not reported twice for one reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cmlint.catalogue import Rule
from cmlint.checks.statements import COMMON_PARAMS, finding, statements
from cmlint.context import CheckContext
from cmlint.registry import REGISTRY, Finding, Param

_WHAT = {
    "intent": "the user's real intent",
    "age": "the user's age",
    "long-term": "long-term effects",
    "self-report": "the truth of the model's account of its inner states",
    "outside-facts": "facts outside the conversation",
}


@dataclass(frozen=True)
class Criterion:
    category: str
    need: str
    pattern: re.Pattern[str]


@cache
def _load(path: Path) -> tuple[tuple[Criterion, ...], tuple[re.Pattern[str], ...]]:
    criteria, fixes = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#") or line.count("|") < 2:
            continue
        category, need, pattern = (part.strip() for part in line.split("|", 2))
        compiled = re.compile(pattern, re.IGNORECASE)
        if category == "fix":
            fixes.append(compiled)
        else:
            criteria.append(Criterion(category, need, compiled))
    return tuple(criteria), tuple(fixes)


def criteria(rule: Rule) -> tuple[tuple[Criterion, ...], tuple[re.Pattern[str], ...]]:
    """The rule's patterns: (hidden criteria, ways of acting under the uncertainty)."""
    from cmlint.lexicons import lexicon_path

    return _load(lexicon_path(str(rule.params.get("lexicon", "unobservable-criteria")), rule.path.parent))


@REGISTRY.register(
    "unobservable-criterion",
    needs=("document", "nlp"),
    params={
        **COMMON_PARAMS,
        "lexicon": str,
        "categories": Param(list, tuple(_WHAT), items=str, doc="the hidden facts reported"),
    },
    args=("term", "statement", "what", "need"),
)
def unobservable_criterion(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """A rule or preference prompt that turns on something the judge cannot see in the conversation."""
    hidden, fixes = criteria(rule)
    selected = set(rule.params.get("categories", _WHAT))
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        text = statement.principle.plain_text[sentence.start : sentence.end]
        if any(f.search(text) for f in fixes):
            continue  # says how to act under the uncertainty, or asks what the response shows
        for criterion in hidden:
            if criterion.category not in selected:
                continue
            match = criterion.pattern.search(text)
            if match is None:
                continue
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if guard.allows(start, end, match.group(0)):
                yield finding(statement, start, end, what=_WHAT[criterion.category], need=criterion.need)
                break
