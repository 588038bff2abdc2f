"""Which cheap response strategies satisfy a principle as written (no model).

Training against a constitution optimises its letter. For each statement this module asks which
of six degenerate strategies -- a refusal, an empty or minimal answer, a wall of caveats,
agreeing with the user, asking a question back, the longest answer -- the statement *rewards*
(prefers it outright: "choose the least harmful response" is best satisfied by a refusal) and
which it *counters* ("choose the most helpful response", "less evasive", "be concise"). A graded
statement (a preference prompt, or a rule that says "as ... as possible", "minimise", "err on the
side of") can reward a strategy; a binary rule cannot, since a good answer satisfies it as fully
as the strategy does -- but a refusal still *keeps* every prohibition, which is what G104 counts.

The words are data (rules/lexicons/degenerate-strategies.txt); direction words (most / least,
avoid, without, not) are the ones the quality axes of the conflict engine use. A statement that
both rewards and counters one strategy ("as harmless and helpful as possible") rewards nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

# the direction words of the conflict engine's preference reading, reused so both agree on "least"
from cmlint.conflicts.propositions import _LESS, _MORE, polarity
from cmlint.conflicts.words import tokens
from cmlint.model import Kind

if TYPE_CHECKING:
    from cmlint.model import Document
    from cmlint.nlp.analysis import LinguisticAnalysis, Statement

STRATEGIES = ("refusal", "minimal", "caveats", "agreement", "question", "length")

DESCRIPTIONS = {
    "refusal": "a refusal",
    "minimal": "an empty or minimal answer",
    "caveats": "a wall of caveats and disclaimers",
    "agreement": "agreeing with the user",
    "question": "asking a question back",
    "length": "the longest possible answer",
}

# a rule that grades what it asks for: the strategy that maximises it is its best response
_GRADED = re.compile(
    r"\bas\s+\w+(?:\s+\w+)?\s+as\s+(?:possible|you\s+can|it\s+can)\b|\bminimi[sz]e|\bmaximi[sz]e"
    r"|\berr\s+on\s+the\s+side\b|\bat\s+all\s+costs\b",
    re.IGNORECASE,
)
_LEXICON = "degenerate-strategies"
# a condition the parser may leave inside a preference prompt ("asks for clarification if unsure")
_CONDITION = re.compile(
    r"\b(?:if(?!\s+(?:possible|necessary|needed|appropriate)\b)|unless|when|whenever)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Words:
    """One strategy's words: (more-words, less-words) that reward it, and those that counter it."""

    reward: tuple[frozenset[str], frozenset[str]]
    counter: tuple[frozenset[str], frozenset[str]]


@cache
def strategy_words(path: Path | None = None) -> dict[str, Words]:
    """The lexicon, read once: strategy -> its words (see the lexicon's header for the format)."""
    from cmlint.lexicons import lexicon_path

    file = path or lexicon_path(_LEXICON)
    found: dict[str, dict[str, tuple[frozenset[str], frozenset[str]]]] = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if ":" not in line:
            continue
        head, words = line.split(":", 1)
        name, _, role = head.partition(" ")
        more, _, less = words.partition("|")
        found.setdefault(name.strip(), {})[role.strip()] = (frozenset(more.split()), frozenset(less.split()))
    empty: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    return {
        name: Words(roles.get("reward", empty), roles.get("counter", empty))
        for name, roles in found.items()
        if name not in ("direction", "binary")
    }


@cache
def _special(name: str) -> frozenset[str]:
    """The words of a `name:` line of the lexicon that is not a strategy ("binary", "direction less")."""
    from cmlint.lexicons import lexicon_path

    for line in lexicon_path(_LEXICON).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line.startswith(f"{name}:"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def signed_words(text: str, base: int, graded: bool = True) -> list[tuple[str, int, bool]]:
    """Each word with the direction it is asked for (+1 more of it, -1 less), and whether graded.

    A direction word turns every word after it until the next one ("least objectionable, offensive
    ... or harmful": all less; "as harmless as possible without sounding overly-reactive": harmless
    more, overly-reactive less); words before the first take `base` and `graded`. A word turned by a
    negation ("not toxic", "avoids harmful content") is not graded: any good answer meets it.
    """
    less = _LESS | _special("direction less")
    binary = _special("binary")
    sign, grading = base or 1, graded
    out = []
    for word in tokens(text):
        if word in less or word in binary:
            sign, grading = -1, word not in binary
        elif word in _MORE:
            sign, grading = 1, True
        else:
            out.append((word, sign, grading))
    return out


def _matches(
    signed: list[tuple[str, int, bool]], more: frozenset[str], less: frozenset[str], graded: bool
) -> list[str]:
    return [w for w, s, g in signed if (g or not graded) and ((s > 0 and w in more) or (s < 0 and w in less))]


@dataclass(frozen=True)
class StatementStrategies:
    """What one statement rewards and counters, with the words that say so."""

    statement: Statement
    rewards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    counters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    refusal_keeps: bool = False  # a refusal satisfies it (a prohibition, "must refuse", "least harmful")
    serves: bool = False  # an obligation to help: a refusal breaks it


def _graded_text(statement: Statement) -> tuple[str, int] | None:
    """The words a graded statement grades, and its base direction; None for a binary rule."""
    frame = statement.frame
    if frame.modality == "preference":
        from cmlint.semantic.analysis import strip_preference_frame

        return strip_preference_frame(statement.text), 1
    if frame.modality in ("obligation", "prohibition") and _GRADED.search(statement.text):
        return statement.text, polarity(frame)
    return None


def analyse_statement(
    statement: Statement, role: str, words: dict[str, Words] | None = None
) -> StatementStrategies:
    """The strategies one statement rewards and counters; `role` is G104's reading of it
    ("serve": a refusal breaks it; "restrict": a refusal keeps it; "other")."""
    words = words or strategy_words()
    frame = statement.frame
    graded = _graded_text(statement)
    rewards: dict[str, tuple[str, ...]] = {}
    counters: dict[str, tuple[str, ...]] = {}
    if graded is not None and not _CONDITION.search(graded[0]):
        # "asks for clarification if unsure": bounded by its condition
        signed = signed_words(*graded)
        for name, w in words.items():
            found = _matches(signed, *w.reward, graded=True)
            if found:
                rewards[name] = tuple(dict.fromkeys(found))
    if frame.modality in ("obligation", "prohibition", "preference"):
        signed = signed_words(statement.text if graded is None else graded[0], polarity(frame) or 1)
        for name, w in words.items():
            found = _matches(signed, *w.counter, graded=False)
            if found:
                counters[name] = tuple(dict.fromkeys(found))
    if role == "serve":
        for name in ("refusal", "minimal", "question"):
            counters.setdefault(name, (frame.action or "help",))
    for name in list(rewards):
        if name in counters:  # "as harmless and helpful as possible": weighed within the statement
            del rewards[name]
    return StatementStrategies(
        statement,
        rewards,
        counters,
        refusal_keeps=role == "restrict" or "refusal" in rewards,
        serves=role == "serve" or "refusal" in counters,
    )


def analyse(statements: Iterable[Statement], roles: dict[str, str]) -> list[StatementStrategies]:
    """Every deontic statement's strategies; `roles` maps statement id to G104's role."""
    words = strategy_words()
    return [analyse_statement(s, roles.get(s.id, "other"), words) for s in statements if s.frame.is_deontic]


def strategies_by_section(
    document: Document, nlp: LinguisticAnalysis | None = None
) -> dict[str, Counter[str]]:
    """Per section id, how many of its statements reward each strategy (for the HTML report).

    Reads the rules and preference prompts the way G105 does (descriptions and examples left out);
    builds the linguistic analysis when none is given. A section whose principles reward nothing
    maps to an empty Counter.
    """
    from cmlint.checks.consequence import is_rule
    from cmlint.goodhart.roles import roles_of

    if nlp is None:
        from cmlint.nlp.analysis import analyse as analyse_nlp

        nlp = analyse_nlp(document, {})
    out: dict[str, Counter[str]] = {section_id: Counter() for section_id in document.sections}
    kept = [
        s for s in nlp.statements if s.principle.kind in (Kind.RULE, Kind.PREFERENCE) and is_rule(s, document)
    ]
    for found in analyse(kept, roles_of(kept)):
        out.setdefault(found.statement.principle.section, Counter()).update(found.rewards.keys())
    return out
