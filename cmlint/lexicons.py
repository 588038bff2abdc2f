"""Word lists as data: rules/lexicons/*.txt, one word or phrase a line, `#` for comments.

Each file says where its words come from in its header. A rule names a lexicon by file name
(`lexicon = "hedges"`), and may add to it (`extra-terms`) or remove from it (`skip-terms`)
in its parameters or in a user's config, so a team can tune a list without forking it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cmlint.resources import rules_dir


class LexiconError(ValueError):
    """A lexicon named by a rule does not exist."""


def lexicon_path(name: str, near: Path | None = None) -> Path:
    """The file of a lexicon: next to the rule file that names it, else in rules/lexicons/."""
    file = name if name.endswith(".txt") else f"{name}.txt"
    candidates = [near / file, near / "lexicons" / file] if near is not None else []
    candidates.append(rules_dir() / "lexicons" / file)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise LexiconError(
        f"lexicon '{name}' not found (looked in {', '.join(str(c.parent) for c in candidates)})"
    )


@cache
def _read(path: Path) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            seen.setdefault(" ".join(entry.split()), None)
    return tuple(seen)


def load_lexicon(name: str, near: Path | None = None) -> tuple[str, ...]:
    """The entries of a lexicon, lower case, in file order, without duplicates."""
    if near is None:
        return _builtin(name)
    return _read(lexicon_path(name, near))


@cache
def _builtin(name: str) -> tuple[str, ...]:
    """A lexicon of cmlint's own, found once per process: the analysis asks for some per sentence."""
    return _read(lexicon_path(name))


def lexicon_terms(params: dict, near: Path | None = None, default: str | None = None) -> tuple[str, ...]:
    """A rule's word list: its lexicon (or `default`), plus `extra-terms` / `terms`, minus `skip-terms`."""
    name = params.get("lexicon", default)
    terms = list(load_lexicon(str(name), near)) if name else []
    terms += [str(t).lower() for t in params.get("terms", ())]
    terms += [str(t).lower() for t in params.get("extra-terms", ())]
    skip = {str(t).lower() for t in params.get("skip-terms", ())}
    return tuple(dict.fromkeys(t for t in terms if t not in skip))
