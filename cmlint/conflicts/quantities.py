"""Numeric bounds: "at most three sentences", "under 30 seconds", "up to two minutes".

A bound is a number with a unit, a direction (upper, lower, exact) and the words it measures.
Units of one dimension are converted (seconds, minutes, hours, days; words and tokens are
counted apart), so "under 30 seconds" and "up to two minutes" are compared in seconds. Two
bounds on the same attribute conflict when no value satisfies both, or when a permission
allows values an obligation rules out (`incompatible`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cmlint.conflicts.words import NUMBER_WORDS

UPPER, LOWER, EXACT = "upper", "lower", "exact"

# unit word (singular) -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "second": ("time", 1),
    "sec": ("time", 1),
    "s": ("time", 1),
    "minute": ("time", 60),
    "min": ("time", 60),
    "hour": ("time", 3600),
    "hr": ("time", 3600),
    "day": ("time", 86400),
    "week": ("time", 604800),
    "month": ("time", 2592000),
    "year": ("time", 31536000),
    "millisecond": ("time", 0.001),
    "ms": ("time", 0.001),
    "word": ("words", 1),
    "token": ("tokens", 1),
    "sentence": ("sentences", 1),
    "paragraph": ("paragraphs", 1),
    "character": ("characters", 1),
    "line": ("lines", 1),
    "page": ("pages", 1),
    "item": ("items", 1),
    "bullet": ("items", 1),
    "point": ("items", 1),
    "step": ("steps", 1),
    "question": ("questions", 1),
    "example": ("examples", 1),
    "option": ("options", 1),
    "attempt": ("attempts", 1),
    "retry": ("attempts", 1),
    "mile": ("distance", 1609.344),
    "kilometer": ("distance", 1000),
    "kilometre": ("distance", 1000),
    "km": ("distance", 1000),
    "meter": ("distance", 1),
    "metre": ("distance", 1),
    "m": ("distance", 1),
    "foot": ("distance", 0.3048),
    "feet": ("distance", 0.3048),
    "percent": ("percent", 1),
    "%": ("percent", 1),
    "dollar": ("money", 1),
    "usd": ("money", 1),
    "euro": ("money", 1.0),
    "mb": ("bytes", 1e6),
    "gb": ("bytes", 1e9),
    "kb": ("bytes", 1e3),
    "user": ("users", 1),
    "request": ("requests", 1),
    "time": ("times", 1),
}
_NUMBER = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"|a\s+dozen)"
_UPPER_CUES = (
    r"at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+longer\s+than|not\s+longer\s+than|up\s+to|under|"
    r"below|less\s+than|fewer\s+than|shorter\s+than|within|a\s+maximum\s+of|maximum\s+of|max(?:imum)?|"
    r"no\s+later\s+than|not\s+exceed(?:ing)?|never\s+exceed(?:ing)?|limit(?:ed)?\s+(?:it\s+|them\s+)?to|"
    r"cap(?:ped)?\s+at|or\s+less|or\s+fewer"
)
_LOWER_CUES = (
    r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|no\s+shorter\s+than|more\s+than|"
    r"over|above|longer\s+than|greater\s+than|a\s+minimum\s+of|minimum\s+of|min(?:imum)?|exceed(?:ing)?|"
    r"or\s+more|upwards\s+of"
)
_EXACT_CUES = r"exactly|precisely"
_BOUND = re.compile(
    rf"(?:(?P<cue>{_UPPER_CUES}|{_LOWER_CUES}|{_EXACT_CUES})\s+)?(?P<number>{_NUMBER})[\s-]*"
    rf"(?P<unit>%|[a-z]+)(?:\s+(?P<after>or\s+(?:less|fewer|more)))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Bound:
    """A number with a unit and a direction, as written ("under 30 seconds")."""

    dimension: str
    value: float  # in the dimension's base unit
    direction: str  # UPPER | LOWER | EXACT
    text: str
    start: int  # offsets in the text it was read from
    end: int

    def admits(self, value: float) -> bool:
        if self.direction == UPPER:
            return value <= self.value
        if self.direction == LOWER:
            return value >= self.value
        return abs(value - self.value) < 1e-9


def _value(number: str) -> float | None:
    number = number.lower().replace(",", "")
    if number in NUMBER_WORDS:
        return float(NUMBER_WORDS[number])
    if number.startswith("a") and number.endswith("dozen"):
        return 12.0
    try:
        return float(number)
    except ValueError:
        return None


def _unit(word: str) -> tuple[str, float] | None:
    word = word.lower()
    for candidate in (
        word,
        word[:-1] if word.endswith("s") else word,
        word[:-2] if word.endswith("es") else word,
    ):
        if candidate in UNITS:
            return UNITS[candidate]
    return None


def _direction(cue: str | None, after: str | None) -> str | None:
    if after:
        return UPPER if after.lower().split()[-1] in ("less", "fewer") else LOWER
    if cue is None:
        return None
    cue = " ".join(cue.lower().split())
    if re.fullmatch(_EXACT_CUES, cue):
        return EXACT
    if re.fullmatch(_UPPER_CUES, cue, re.IGNORECASE):
        return UPPER
    return LOWER


def bounds_in(text: str) -> tuple[Bound, ...]:
    """Every bound of a text: a number with a unit and a direction word before (or "or less" after)."""
    found = []
    for match in _BOUND.finditer(text):
        unit = _unit(match["unit"])
        value = _value(match["number"])
        direction = _direction(match["cue"], match["after"])
        if unit is None or value is None or direction is None:
            continue
        if _negated_before(text, match.start()) and direction != EXACT:
            direction = LOWER if direction == UPPER else UPPER  # "must not be longer than three"
        dimension, factor = unit
        found.append(Bound(dimension, value * factor, direction, match.group(0), match.start(), match.end()))
    return tuple(found)


def _negated_before(text: str, start: int) -> bool:
    """ "must not be shorter than": the bound is ruled out, so it bounds the other way."""
    window = text[max(0, start - 16) : start].lower()
    return bool(re.search(r"(?:\bnot|\bnever|n't)(?:\s+be)?\s*$", window))


def incompatible(a: Bound, b: Bound, a_permits: bool, b_permits: bool) -> bool:
    """Whether two bounds on one dimension rule each other out.

    Two obligations conflict when no value meets both ("at most three" / "at least five"). A
    permission conflicts with an obligation when it allows a value the obligation forbids ("may
    run up to two minutes" / "must stay under 30 seconds"). Two permissions never conflict.
    """
    if a.dimension != b.dimension or (a_permits and b_permits):
        return False
    if a_permits or b_permits:
        allowed, rule = (a, b) if a_permits else (b, a)
        if allowed.direction == UPPER:
            return not rule.admits(allowed.value) and rule.direction != LOWER
        if allowed.direction == LOWER:
            return not rule.admits(allowed.value) and rule.direction != UPPER
        return not rule.admits(allowed.value)
    low = max((x.value for x in (a, b) if x.direction in (LOWER, EXACT)), default=float("-inf"))
    high = min((x.value for x in (a, b) if x.direction in (UPPER, EXACT)), default=float("inf"))
    exact = [x.value for x in (a, b) if x.direction == EXACT]
    if len(exact) == 2 and abs(exact[0] - exact[1]) > 1e-9:
        return True
    return low > high
