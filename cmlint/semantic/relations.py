"""Overlap relations between principles: pairs and groups that say the same thing.

Shared by the overlap checks and by `cmlint graph --semantic`, so a finding and a graph edge
always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cmlint.model import Principle
from cmlint.semantic.analysis import SemanticIndex


@dataclass(frozen=True)
class Overlap:
    first: Principle  # earlier in the document
    second: Principle
    score: float

    @property
    def verbatim(self) -> bool:
        return " ".join(self.first.plain_text.lower().split()) == " ".join(
            self.second.plain_text.lower().split()
        )


def _related_by_nesting(a: Principle, b: Principle) -> bool:
    return a.parent == b.id or b.parent == a.id


_STOPWORDS = frozenset(
    (
        "a an the and or but of to in on for with by as at from that this these those is are be been "
        "being should must may can will would could shall not no never always most more less least very "
        "as possible please any all each every it its their they them we our you your"
    ).split()
)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w.isalpha() and w not in _STOPWORDS]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_NEGATORS = frozenset({"non", "not", "no", "never", "nor", "doesn", "don", "isn", "aren", "cannot"})
_PARTICLES = frozenset(
    {"on", "off", "in", "out", "up", "down", "more", "less", "most", "least", "can", "cannot"}
)


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[list[str], frozenset[str]]:
    words = re.findall(r"[a-z]+", text.lower())
    return words, frozenset(_content(words))


def parallel(a: str, b: str) -> bool:
    """Two sentences built on one template about different things ("developer-level ... developers"
    vs "user-level ... users"): mostly the same words, but a content word swapped for another.
    Embeddings score these as near-duplicates; they are not."""
    import difflib

    wa, content_a = _tokens(a)
    wb, content_b = _tokens(b)
    if content_a == content_b:
        return False  # the same content words: nothing swapped
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6 or matcher.ratio() < 0.6:
        return False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = wa[i1:i2], wb[j1:j2]
        if op in ("insert", "delete") and _NEGATORS & {*left, *right}:
            return True  # "operators can turn on" / "non-default ... turn off": one said, one denied
        if op != "replace":
            continue
        if {*left, *right} <= _PARTICLES and set(left) != set(right):
            return True  # "turn on" / "turn off"
        left, right = _content(left), _content(right)
        if left and right and {_stem(w) for w in left}.isdisjoint(_stem(w) for w in right):
            return True
    return False


def overlaps(index: SemanticIndex, threshold: float) -> list[Overlap]:
    """Pairs at or above `threshold`, leaving out an item and its own sub-item."""
    return [
        Overlap(a, b, score)
        for a, b, score in index.pairs(threshold)
        if not _related_by_nesting(a, b) and not parallel(a.plain_text, b.plain_text)
    ]


def groups(pairs: list[Overlap]) -> list[list[Principle]]:
    """Tight groups of overlapping principles, each in document order, largest first.

    Connected components chain (A like B, B like C, ... Z unlike A), so each component is cut
    into stars: the member with most overlaps leads, and only what overlaps the leader itself
    joins it; the rest forms further groups the same way.
    """
    neighbours: dict[str, set[str]] = {}
    by_id: dict[str, Principle] = {}
    for pair in pairs:
        neighbours.setdefault(pair.first.id, set()).add(pair.second.id)
        neighbours.setdefault(pair.second.id, set()).add(pair.first.id)
        by_id[pair.first.id] = pair.first
        by_id[pair.second.id] = pair.second
    taken: set[str] = set()
    found: list[list[Principle]] = []
    # leaders by how many principles they overlap, most first (then document order)
    for leader in sorted(neighbours, key=lambda n: (-len(neighbours[n]), by_id[n].span.start)):
        if leader in taken:
            continue
        members = [leader, *(n for n in neighbours[leader] if n not in taken)]
        if len(members) < 2:
            continue
        taken.update(members)
        found.append(sorted((by_id[n] for n in members), key=lambda p: p.span.start))
    return sorted(found, key=lambda g: (-len(g), g[0].span.start))
