"""Value tensions: principles serving values that trade off, with no precedence between them.

Helpful vs harmless, honest vs kind, autonomy vs wellbeing, concise vs thorough: a constitution
that asks for both sides of such a pair will meet a situation where they part, and a model
trained on it learns whichever the data happened to reward unless the document says which
wins. The values and the words that name them are data (rules/lexicons/value-tensions.txt).
A statement serves a value when it names one of its words, and the document serves a value
that at least two of its statements serve; one tension is reported once, at the statements that
serve each side most firmly, unless a precedence orders them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cmlint.conflicts.propositions import Proposition
from cmlint.conflicts.words import tokens

MIN_SERVING = 2  # statements naming a value before the document is said to serve it (one is a detail)
_STRENGTH = {"absolute": 0, "must": 1, "should": 2, "may": 3, None: 4}


@dataclass(frozen=True)
class Tension:
    """Two values that trade off, with the statements that serve each side (firmest first)."""

    first_value: str
    second_value: str
    first: tuple[Proposition, ...]
    second: tuple[Proposition, ...]


@cache
def tensions_lexicon() -> tuple[tuple[str, frozenset[str], str, frozenset[str]], ...]:
    from cmlint.lexicons import load_lexicon

    found = []
    for line in load_lexicon("value-tensions"):
        sides = [side.split(":", 1) for side in line.split("|")]
        if len(sides) == 2 and all(len(side) == 2 for side in sides):
            (a, a_words), (b, b_words) = sides
            found.append((a.strip(), frozenset(a_words.split()), b.strip(), frozenset(b_words.split())))
    return tuple(found)


def _serves(p: Proposition, words: frozenset[str]) -> bool:
    if p.force == 0 and not p.preference:
        return False
    return bool(set(tokens(p.statement.text)) & words)


def value_tensions(propositions: list[Proposition]) -> list[Tension]:
    """Every tension of the lexicon with statements on both sides (in different principles)."""
    firm = sorted(propositions, key=lambda p: (_STRENGTH.get(p.strength, 4), p.statement.span.start))
    found = []
    for a, a_words, b, b_words in tensions_lexicon():
        first = tuple(p for p in firm if _serves(p, a_words))
        second = tuple(p for p in firm if _serves(p, b_words))
        first_principles = {p.statement.principle.id for p in first}
        second = tuple(p for p in second if p.statement.principle.id not in first_principles)
        first = tuple(
            p for p in first if p.statement.principle.id not in {q.statement.principle.id for q in second}
        )
        if len(first) >= MIN_SERVING and len(second) >= MIN_SERVING:
            found.append(Tension(a, b, first, second))
    return found
