"""G104's reading of a rule: does a refusal break it (it *serves* the user) or keep it (it *restricts*)?

A prohibition, an obligation to refuse, and a preference for the less harmful response are kept
by a refusal; an obligation to help, answer or follow instructions, "be helpful", and a
preference for the more helpful or less evasive response are broken by one. The degenerate
strategy analysis (strategies.py) counts the first as a statement a refusal satisfies and the
second as a counterweight to a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cmlint.lexicons import lexicon_terms
from cmlint.model import Kind

if TYPE_CHECKING:
    from cmlint.nlp.analysis import Statement

_WORD = re.compile(r"[a-z]+")
_BE = frozenset({"be", "become", "remain", "stay"})
_STRIVE = frozenset({"try", "attempt", "aim", "strive", "seek", "work", "endeavor", "endeavour", "make"})
LEXICONS = ("serving-verbs", "serving-traits", "refusal-verbs", "harm-traits")


def _stems(text: str) -> set[str]:
    """Lower-case words with their plain forms ("helps" -> "help", "answering" -> "answer")."""
    out: set[str] = set()
    for word in _WORD.findall(text.lower()):
        out.add(word)
        for suffix in ("ing", "es", "s", "ed"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                out.add(word[: -len(suffix)])
    return out


@dataclass(frozen=True)
class RoleWords:
    serving: frozenset[str]
    traits: frozenset[str]
    refusal: frozenset[str]
    harm: frozenset[str]

    @classmethod
    def load(cls, params: Mapping[str, object] | None = None, near: Path | None = None) -> RoleWords:
        """The four lists; a rule option of a list's name points at another list."""
        params = params or {}

        def load(name: str) -> frozenset[str]:
            return frozenset(lexicon_terms({"lexicon": params.get(name, name)}, near))

        return cls(*(load(name) for name in LEXICONS))


def role(statement: Statement, words: RoleWords) -> str:
    """ "serve" (a refusal breaks it), "restrict" (a refusal keeps it) or "other"."""
    from cmlint.conflicts.propositions import polarity

    frame = statement.frame
    if statement.principle.kind is Kind.PREFERENCE:
        found = _stems(statement.text)
        if found & words.traits:
            return "serve"
        return "restrict" if found & words.harm else "other"
    force = polarity(frame)
    if force < 0:
        return "restrict"
    if frame.modality != "obligation" or force == 0 or not frame.action:
        return "other"
    verb = frame.action.split()[0]
    if verb in words.refusal or frame.action in words.refusal:
        return "restrict"
    rest = _stems(" ".join(p.text for p in (frame.object, *frame.conjuncts) if p is not None))
    if (
        verb in words.serving
        or frame.action in words.serving
        or (verb in _BE and rest & words.traits)
        or (verb in _STRIVE and rest & words.serving)
    ):
        return "serve"
    return "other"


def roles_of(statements: Iterable[Statement], words: RoleWords | None = None) -> dict[str, str]:
    """Statement id -> role, for the deontic statements."""
    words = words or RoleWords.load()
    return {s.id: role(s, words) for s in statements if s.frame.is_deontic}
