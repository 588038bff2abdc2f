"""Split and merged principles: one principle that became two neighbours, or two that became one.

After matching, a principle of OLD that was removed, or only loosely matched, is set against
each two neighbouring principles of NEW of which at least one was added (or was its loose
partner): when their words together are its words (a share of at least SPLIT_RATIO, and more
than its match alone has), it was split. Merges are the same test the other way round.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass

from cmlint.conflicts.words import tokens
from cmlint.diff.matching import Pair
from cmlint.model import Principle

SPLIT_RATIO = 0.75  # share of words in common between one principle and two neighbours joined
GAIN = 0.1  # how much better the two together must match than the best single partner
_OVERLAP = 0.5  # share of a neighbour's words that must occur in the whole, before difflib runs


@dataclass(frozen=True)
class Regroup:
    """One principle split into several, or several merged into one."""

    kind: str  # "split" | "merged"
    old: tuple[Principle, ...]
    new: tuple[Principle, ...]
    ratio: float


def _ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def _find(
    kind: str,
    wholes: list[Principle],
    parts_in_order: list[Principle],
    partner: dict[int, tuple[Principle, float]],
    unmatched_parts: list[Principle],
) -> list[Regroup]:
    """Wholes (a side's unmatched or loosely matched principles) set against neighbouring parts.

    `partner` maps a loosely matched whole to its partner and score; a split's parts are
    unmatched principles, or that partner.
    """
    found: list[Regroup] = []
    used: set[int] = set()
    unmatched = {id(p) for p in unmatched_parts}
    for whole in wholes:
        words = tokens(whole.plain_text)
        vocabulary = set(words)
        current = partner.get(id(whole))
        allowed = unmatched | ({id(current[0])} if current else set())
        floor = max(SPLIT_RATIO, current[1] + GAIN if current else 0.0)
        best: tuple[float, tuple[Principle, Principle]] | None = None
        for first, second in itertools.pairwise(parts_in_order):
            if not {id(first), id(second)} <= allowed - used:
                continue
            halves = (tokens(first.plain_text), tokens(second.plain_text))
            if any(not h or sum(w in vocabulary for w in h) < _OVERLAP * len(h) for h in halves):
                continue
            ratio = _ratio(words, halves[0] + halves[1])
            if ratio >= floor and (best is None or ratio > best[0]):
                best = (ratio, (first, second))
        if best is not None:
            used.update(id(p) for p in best[1])
            found.append(Regroup(kind, (whole,), best[1], best[0]))
    return found


def regroup(
    pairs: list[Pair], old_order: list[Principle], new_order: list[Principle]
) -> tuple[list[Pair], list[Regroup]]:
    """The pairs without those a split or merge explains, and the splits and merges found."""
    loose = [p for p in pairs if p.old is not None and p.new is not None and p.score < 1.0]
    removed = [p.old for p in pairs if p.new is None]
    added = [p.new for p in pairs if p.old is None]
    partner_of_old = {id(p.old): (p.new, p.score) for p in loose}
    partner_of_new = {id(p.new): (p.old, p.score) for p in loose}
    splits = _find("split", [*removed, *(p.old for p in loose)], new_order, partner_of_old, added)
    taken = {id(p) for r in splits for p in (*r.old, *r.new)}
    merges = [
        Regroup("merged", r.new, r.old, r.ratio)
        for r in _find(
            "merged",
            [p for p in (*added, *(p.new for p in loose)) if id(p) not in taken],
            [p for p in old_order if id(p) not in taken],
            partner_of_new,
            [p for p in removed if id(p) not in taken],
        )
    ]
    explained = {id(p) for r in (*splits, *merges) for p in (*r.old, *r.new)}
    kept = [p for p in pairs if id(p.old) not in explained and id(p.new) not in explained]
    whole = {id(p) for p in kept}
    # a loose pair broken by a regroup leaves its other principle alone: added or removed
    for pair in pairs:
        if id(pair) in whole or pair.old is None or pair.new is None:
            continue
        if id(pair.old) not in explained:
            kept.append(Pair(pair.old, None, 0.0))
        if id(pair.new) not in explained:
            kept.append(Pair(None, pair.new, 0.0))
    return kept, [*splits, *merges]
