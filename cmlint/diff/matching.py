"""Which principle of the new version is which principle of the old one.

In three passes, each over what the previous left: principles whose words are the same
(whitespace and wrapping aside) pair up, by id first; then principles with the same id whose
words are close (ids are often positional, `rules.3`, so an id alone proves nothing); then a
global assignment (Hungarian, not first-come greedy) over a score that mixes the embedding
cosine with the share of words in common, so a principle that moved, was renumbered and
reworded still finds its old self. Below a floor, a principle has no partner: it was added or
removed. Without models the score is the share of words alone.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cmlint.conflicts.words import tokens
from cmlint.model import Principle

SAME_ID_RATIO = 0.5  # share of words in common from which a principle with the same id is the same one
CANDIDATES = 8  # closest principles, per principle, the assignment chooses among
EMBEDDING_WEIGHT = 0.5  # of the score, the rest being the share of words in common
FLOOR = 0.5  # score below which two principles are not one principle revised
WORDS_FLOOR = 0.45  # the floor without models: share of words in common


@dataclass(frozen=True)
class Pair:
    """A principle and its revision; `old` or `new` is None for one added or removed."""

    old: Principle | None
    new: Principle | None
    score: float = 1.0  # how sure the match is (1.0 for identical words)
    cosine: float | None = None  # embedding cosine, when models ran


def normalised(principle: Principle) -> str:
    return " ".join(principle.plain_text.split())


def word_ratio(a: Principle, b: Principle) -> float:
    """Share of words in common (difflib ratio over the words, as copies are compared)."""
    return difflib.SequenceMatcher(a=_words(a), b=_words(b), autojunk=False).ratio()


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tokens(text)


def _words(principle: Principle) -> tuple[str, ...]:
    return _tokens(principle.plain_text)


def _identical(
    old: list[Principle], new: list[Principle]
) -> tuple[list[Pair], list[Principle], list[Principle]]:
    """Pairs of the same words (same id first, then in document order) and what is left on each side."""
    waiting: dict[str, list[Principle]] = defaultdict(list)
    for principle in old:
        waiting[normalised(principle)].append(principle)
    pairs: list[Pair] = []
    left_new: list[Principle] = []
    for principle in new:
        same = waiting.get(normalised(principle))
        if not same:
            left_new.append(principle)
            continue
        match = next((p for p in same if p.id == principle.id), same[0])
        same.remove(match)
        pairs.append(Pair(match, principle))
    paired = {id(p.old) for p in pairs}
    return pairs, [p for p in old if id(p) not in paired], left_new


def _same_id(
    old: list[Principle], new: list[Principle]
) -> tuple[list[Pair], list[Principle], list[Principle]]:
    by_id = {p.id: p for p in old}
    pairs = []
    for principle in new:
        before = by_id.get(principle.id)
        if before is not None and (ratio := word_ratio(before, principle)) >= SAME_ID_RATIO:
            pairs.append(Pair(before, principle, ratio))
    paired_old = {id(p.old) for p in pairs}
    paired_new = {id(p.new) for p in pairs}
    return (
        pairs,
        [p for p in old if id(p) not in paired_old],
        [p for p in new if id(p) not in paired_new],
    )


def _bag_cosines(old: Sequence[Principle], new: Sequence[Principle]):
    """Cosine of word counts: a cheap stand-in for embeddings, to choose candidates without models."""
    import numpy as np

    vocabulary: dict[str, int] = {}
    for principle in (*old, *new):
        for word in _words(principle):
            vocabulary.setdefault(word, len(vocabulary))

    def matrix(principles: Sequence[Principle]):
        rows = np.zeros((len(principles), max(len(vocabulary), 1)), dtype=np.float32)
        for i, principle in enumerate(principles):
            for word in _words(principle):
                rows[i, vocabulary[word]] += 1
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1, norms)

    return matrix(old) @ matrix(new).T


def _assign(
    old: list[Principle], new: list[Principle], cosines, models: bool
) -> tuple[list[Pair], list[Principle], list[Principle]]:
    """The global assignment over candidate pairs; pairs under the floor are left unmatched."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not old or not new:
        return [], old, new
    scores = np.zeros((len(old), len(new)), dtype=np.float64)
    candidates: set[tuple[int, int]] = set()
    k = min(CANDIDATES, len(new))
    for i, row in enumerate(cosines):
        candidates.update((i, int(j)) for j in np.argpartition(-row, k - 1)[:k])
    k = min(CANDIDATES, len(old))
    for j, column in enumerate(cosines.T):
        candidates.update((int(i), j) for i in np.argpartition(-column, k - 1)[:k])
    for i, j in candidates:
        ratio = word_ratio(old[i], new[j])
        cosine = float(cosines[i, j])
        scores[i, j] = EMBEDDING_WEIGHT * cosine + (1 - EMBEDDING_WEIGHT) * ratio if models else ratio
    rows, columns = linear_sum_assignment(scores, maximize=True)
    floor = FLOOR if models else WORDS_FLOOR
    pairs = [
        Pair(old[i], new[j], float(scores[i, j]), float(cosines[i, j]) if models else None)
        for i, j in zip(rows, columns, strict=True)
        if scores[i, j] >= floor
    ]
    paired_old = {id(p.old) for p in pairs}
    paired_new = {id(p.new) for p in pairs}
    return pairs, [p for p in old if id(p) not in paired_old], [p for p in new if id(p) not in paired_new]


Embedder = Callable[[list[str]], object]  # texts -> L2-normalised vectors (a numpy array)


def match_principles(old: list[Principle], new: list[Principle], embed: Embedder | None = None) -> list[Pair]:
    """Every principle of both versions, once: matched pairs, then the removed, then the added.

    `embed` gives vectors for texts (None: no models, match by words alone).
    """
    identical, old, new = _identical(old, new)
    by_id, old, new = _same_id(old, new)
    if old and new:
        if embed is not None:
            vectors_old = embed([p.plain_text for p in old])
            vectors_new = embed([p.plain_text for p in new])
            cosines = vectors_old @ vectors_new.T  # type: ignore[operator]
        else:
            cosines = _bag_cosines(old, new)
        assigned, old, new = _assign(old, new, cosines, embed is not None)
    else:
        assigned = []
    return [
        *identical,
        *by_id,
        *assigned,
        *(Pair(p, None, 0.0) for p in old),
        *(Pair(None, p, 0.0) for p in new),
    ]
