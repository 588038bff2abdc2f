"""What each matched pair, and each principle left alone, is: a change of a kind, with detail.

Kinds: added, removed, reworded (the words that differ, meaning changes first, as the
duplicate finder reports them), moved (to another section; a reworded principle that also
moved says so in its detail; same words under another authority, priority or overrides are a
move in the chain of command), split and merged (see `regroup`). The changes that matter most
come first in the detail: a change of deontic force ("should" -> "must", "may" -> "must not"),
of actor, and a condition or exception added or dropped, read from the linguistic analysis'
frames of the two texts; and a change of authority, priority or overrides.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from cmlint.conflicts.copies import compare_texts
from cmlint.conflicts.propositions import actor_of, polarity
from cmlint.conflicts.words import tokens
from cmlint.diff.matching import Pair, normalised
from cmlint.diff.regroup import Regroup
from cmlint.model import Principle

ADDED, REMOVED, REWORDED, MOVED, SPLIT, MERGED = "added", "removed", "reworded", "moved", "split", "merged"
DUPLICATE_THRESHOLD = 0.8  # the cosine compare_texts takes for a paraphrase
SENTENCE_PAIR_RATIO = 0.5  # share of words from which two sentences are one sentence revised


@dataclass(frozen=True)
class Change:
    """One change of the revision."""

    kind: str
    old: Principle | None
    new: Principle | None
    detail: str = ""
    callouts: tuple[str, ...] = field(default=())  # force, actor, condition, exception changes

    @property
    def principle(self) -> Principle:
        return self.new or self.old  # type: ignore[return-value]


def section_of(principle: Principle) -> str:
    return " > ".join(principle.heading_path) or "(top)"


FrameReader = Callable[[Principle, str], list]  # a principle, "old" | "new" -> its statements' frames


def force_label(frame) -> str:
    """ "must", "should not", "may", ...: the force a frame gives its act ("none": it gives none)."""
    if not frame.is_deontic:
        return "none"
    strength = frame.strength or frame.modality
    if strength == "absolute":
        strength = "must"
    return f"{strength} not" if polarity(frame) < 0 else str(strength)


def _phrases(values) -> dict[str, str]:
    return {" ".join(tokens(p.text)): p.text for p in values}


def _sentence_callouts(old, new) -> list[str]:
    callouts = []
    if force_label(old) != force_label(new) and (old.is_deontic or new.is_deontic):
        callouts.append(f"force: {force_label(old)} -> {force_label(new)}")
    actor_old, actor_new = actor_of(old), actor_of(new)
    if actor_old and actor_new and actor_old != actor_new:
        callouts.append(f"actor: {actor_old} -> {actor_new}")
    for name, attribute in (("condition", "conditions"), ("exception", "exceptions")):
        before, after = _phrases(getattr(old, attribute)), _phrases(getattr(new, attribute))
        added = [k for k in after if not _alike(k, before)]
        dropped = [k for k in before if not _alike(k, after)]
        callouts += [f"{name} added: '{after[k]}'" for k in added]
        callouts += [f"{name} dropped: '{before[k]}'" for k in dropped]
    return callouts


def _alike(phrase: str, others: dict[str, str]) -> bool:
    """Whether a condition is among others, perhaps reworded (the word diff shows a rewording)."""
    words = phrase.split()
    return any(
        difflib.SequenceMatcher(a=words, b=other.split(), autojunk=False).ratio() >= SENTENCE_PAIR_RATIO
        for other in others
    )


def frame_callouts(old_frames: list, new_frames: list) -> list[str]:
    """Force, actor, condition and exception changes between two principles' statements.

    `*_frames` are (sentence text, frame) in order; each new sentence is set against the old
    sentence most like it, when one is alike enough to be the same sentence revised.
    """
    callouts: list[str] = []
    for text, frame in new_frames:
        words = tokens(text)
        best, best_ratio = None, SENTENCE_PAIR_RATIO
        for old_text, old_frame in old_frames:
            ratio = difflib.SequenceMatcher(a=tokens(old_text), b=words, autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = old_frame, ratio
        if best is not None:
            callouts += [c for c in _sentence_callouts(best, frame) if c not in callouts]
    return callouts


def precedence_callouts(old: Principle, new: Principle) -> tuple[str, ...]:
    """A change of authority level, priority or overrides: where the principle stands when rules meet."""
    callouts = []
    if old.authority != new.authority:
        before, after = (a.value if a else "none" for a in (old.authority, new.authority))
        callouts.append(f"authority: {before} -> {after}")
    if old.priority != new.priority:
        callouts.append(f"priority: {old.priority} -> {new.priority}")
    if set(old.overrides) != set(new.overrides):
        before, after = (", ".join(sorted(o)) or "nothing" for o in (old.overrides, new.overrides))
        callouts.append(f"overrides: {before} -> {after}")
    return tuple(callouts)


def classify(pair: Pair, frames: FrameReader | None = None) -> Change | None:
    """The change a pair is (None: unchanged)."""
    old, new = pair.old, pair.new
    if new is None:
        return Change(REMOVED, old, None, f"from {section_of(old)}") if old is not None else None
    if old is None:
        return Change(ADDED, None, new, f"in {section_of(new)}")
    moved = old.heading_path != new.heading_path
    where = f"moved from {section_of(old)} to {section_of(new)}"
    standing = precedence_callouts(old, new)
    if normalised(old) == normalised(new):
        if not moved and not standing:
            return None
        return Change(MOVED, old, new, "; ".join((*standing, *([where] if moved else []))), standing)
    comparison = compare_texts(old.plain_text, new.plain_text, pair.cosine or 0.0, DUPLICATE_THRESHOLD)
    if comparison.changes:
        words = comparison.evidence()
    elif tokens(old.plain_text) == tokens(new.plain_text):
        words = "punctuation, case or markup only"
    else:
        share = difflib.SequenceMatcher(a=tokens(old.plain_text), b=tokens(new.plain_text)).ratio()
        words = f"rewritten ({share:.0%} of words in common)"
    callouts = (*(frame_callouts(frames(old, "old"), frames(new, "new")) if frames else ()), *standing)
    detail = "; ".join((*callouts, words, *([where] if moved else [])))
    return Change(REWORDED, old, new, detail, callouts)


def regroup_change(group: Regroup) -> Change:
    """A split ("split into a.1 and a.2") or a merge ("merged with a.2 into b.1"), with the share kept."""
    kept = f"{group.ratio:.0%} of words in common"
    if group.kind == SPLIT:
        detail = f"split into {' and '.join(p.id for p in group.new)} ({kept})"
    else:
        detail = f"merged with {', '.join(p.id for p in group.old[1:])} into {group.new[0].id} ({kept})"
    return Change(group.kind, group.old[0], group.new[0], detail)


def classify_all(
    pairs: list[Pair], frames: FrameReader | None = None, groups: list[Regroup] | None = None
) -> list[Change]:
    """The changes, in the new version's order (removed principles first, in the old one's)."""
    changes = [c for c in (classify(p, frames) for p in pairs) if c is not None]
    changes += [regroup_change(g) for g in groups or ()]
    return sorted(
        changes, key=lambda c: (c.new.span.start if c.new else -1, c.old.span.start if c.old else -1)
    )
