"""The findings a revision introduces and resolves, matched by content, never by place.

A finding is keyed as a baseline keys it (rule code, the flagged words, the normalised text
of its principle), without the file name, so a finding that moved with its principle is the
same finding. A finding of NEW about a principle the diff matched to one of OLD is keyed on the
old principle's text: "should be ignored" still flagged in a reworded principle is not new;
a finding about the words the rewording added is. Keys are counted, so a finding that appears
twice in NEW and once in OLD is introduced once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from cmlint.baseline import BaselineKey, finding_key, text_hash
from cmlint.diagnostics import Diagnostic
from cmlint.diff.matching import Pair
from cmlint.engine import FileResult


@dataclass(frozen=True)
class FindingChanges:
    introduced: list[Diagnostic]  # of NEW
    resolved: list[Diagnostic]  # of OLD


def _key(diagnostic: Diagnostic, result: FileResult, earlier: dict[str, str]) -> BaselineKey:
    """The finding's content; `earlier` maps a principle id to the old text it is a revision of."""
    key = replace(finding_key(diagnostic, result, Path.cwd()), path="")
    old_text = earlier.get(diagnostic.principle or "")
    return replace(key, hash=text_hash(old_text)) if old_text is not None else key


def _not_in(
    result: FileResult, other: FileResult, earlier: dict[str, str], other_earlier: dict[str, str]
) -> list[Diagnostic]:
    remaining = Counter(_key(d, other, other_earlier) for d in other.diagnostics)
    fresh = []
    for diagnostic in result.diagnostics:
        key = _key(diagnostic, result, earlier)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            fresh.append(diagnostic)
    return fresh


def compare_findings(old: FileResult, new: FileResult, pairs: list[Pair]) -> FindingChanges:
    earlier = {p.new.id: p.old.text for p in pairs if p.old is not None and p.new is not None}
    return FindingChanges(introduced=_not_in(new, old, earlier, {}), resolved=_not_in(old, new, {}, earlier))
