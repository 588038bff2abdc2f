"""Baselines: adopt cmlint on a long constitution without fixing every old finding first.

`cmlint check --write-baseline FILE` records today's findings; `--baseline FILE` then reports
only the new ones. A finding is identified by its content, never by its place: the file, the
rule code, a hash of its principle's text (whitespace-normalised, so re-wrapping a paragraph
changes nothing) and the words it flags; a finding outside any principle by its fingerprint
(code, text, flagged words). Principle ids are recorded for people to read but not matched,
because derived ids are positional (`rules.3`): inserting, moving or reordering principles,
renaming a section or rewording a neighbour resurfaces nothing. Rewording the principle itself
makes its findings new: an edited principle deserves a fresh look.

The file is JSON, sorted, one finding per line, so a review shows exactly which findings a
change adds to or removes from the baseline. Version 1 files (keyed by principle id and text
hash) are still read: their entries match on file, code and text hash.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cmlint.diagnostics import Diagnostic
from cmlint.engine import FileResult
from cmlint.fileio import write_atomic
from cmlint.source import STDIN_NAME, InputError

BASELINE_VERSION = 2
READABLE_VERSIONS = (1, 2)
_WORDS_LIMIT = 100  # longer flagged text is stored as its hash


class BaselineError(InputError):
    """A baseline file that cannot be used (exit code 2)."""


@dataclass(frozen=True, order=True)
class BaselineKey:
    """What a finding is, independent of where it is."""

    path: str  # relative to the baseline file's folder, forward slashes
    code: str
    hash: str  # of the principle's text, or the fingerprint when there is no principle
    words: str | None  # the flagged words, normalised (None: a version-1 entry, matched without them)

    def loose(self) -> BaselineKey:
        return BaselineKey(self.path, self.code, self.hash, None)


def text_hash(text: str) -> str:
    """A short, stable hash of a principle's words, blind to line wrapping and line endings."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _words(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= _WORDS_LIMIT else "sha256:" + text_hash(words)


def _portable(path: str, root: Path) -> str:
    """The path from the baseline's folder (`../c.md` too), so the baseline works on any checkout."""
    if path == STDIN_NAME:
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(os.path.abspath(path)).as_posix()


def finding_key(diagnostic: Diagnostic, result: FileResult, root: Path) -> BaselineKey:
    path = _portable(diagnostic.path, root)
    words = _words(result.source.slice(diagnostic.span))
    principle = result.document.principles.get(diagnostic.principle or "")
    if principle is not None:
        return BaselineKey(path, diagnostic.code, text_hash(principle.text), words)
    return BaselineKey(path, diagnostic.code, diagnostic.fingerprint.partition(":")[0], words)


def render_baseline(results: list[FileResult], root: Path) -> str:
    """The baseline file's text: versioned, sorted, one finding per line."""
    counts: Counter[BaselineKey] = Counter()
    principles: dict[BaselineKey, str | None] = {}
    for result in results:
        for diagnostic in result.diagnostics:
            key = finding_key(diagnostic, result, root)
            counts[key] += 1
            principles.setdefault(key, diagnostic.principle)
    ordered = sorted(counts, key=lambda k: (k.path, k.code, principles[k] or "", k.hash, k.words or ""))
    entries = [
        json.dumps(
            {
                "path": key.path,
                "code": key.code,
                "principle": principles[key],  # for people; not matched (ids move)
                "hash": key.hash,
                "words": key.words,
                "count": counts[key],
            },
            ensure_ascii=False,
        )
        for key in ordered
    ]
    body = ",\n".join(f"    {entry}" for entry in entries)
    findings = f"[\n{body}\n  ]" if entries else "[]"
    return f'{{\n  "version": {BASELINE_VERSION},\n  "tool": "cmlint",\n  "findings": {findings}\n}}\n'


def write_baseline(path: Path, results: list[FileResult]) -> int:
    """Write the baseline of `results` to `path` atomically; return how many findings it holds."""
    path = Path(path)
    root = path.resolve().parent
    write_atomic(path, render_baseline(results, root))
    return sum(len(result.diagnostics) for result in results)


def _entry(item: Any, where: str, number: int, version: int) -> tuple[BaselineKey, int]:
    fields = {"path": str, "code": str, "hash": str, "count": int}
    if version >= 2:
        fields["words"] = str
    if not isinstance(item, dict) or any(not isinstance(item.get(k), t) for k, t in fields.items()):
        names = ", ".join(fields)
        raise BaselineError(where, f"finding {number} of the baseline needs {names}")
    principle = item.get("principle")
    if principle is not None and not isinstance(principle, str):
        raise BaselineError(where, f"finding {number} of the baseline has a principle that is not a string")
    if item["count"] < 1:
        raise BaselineError(where, f"finding {number} of the baseline has a count below 1")
    words = item["words"] if version >= 2 else None
    return BaselineKey(item["path"], item["code"], item["hash"], words), item["count"]


class Baseline:
    """The findings a baseline file accepts, consumed as matching findings are seen."""

    def __init__(self, counts: Counter[BaselineKey], root: Path) -> None:
        self._remaining = Counter(counts)
        self.root = root

    @classmethod
    def load(cls, path: Path) -> Baseline:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(where, "baseline file not found (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(where, f"cannot read the baseline: {exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                where, f"baseline is not valid JSON: {exc.msg}", exc.lineno, exc.colno
            ) from None
        if not isinstance(data, dict) or data.get("version") not in READABLE_VERSIONS:
            raise BaselineError(where, f"not a cmlint baseline of version {BASELINE_VERSION} (or 1)")
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise BaselineError(where, "baseline has no list of findings")
        counts: Counter[BaselineKey] = Counter()
        for number, item in enumerate(findings, 1):
            key, count = _entry(item, where, number, data["version"])
            counts[key] += count
        return cls(counts, Path(path).resolve().parent)

    def new_findings(self, result: FileResult) -> list[Diagnostic]:
        """The diagnostics of a file that the baseline does not account for."""
        fresh = []
        for diagnostic in result.diagnostics:
            key = finding_key(diagnostic, result, self.root)
            for candidate in (key, key.loose()):  # exact, then as a version-1 entry records it
                if self._remaining[candidate] > 0:
                    self._remaining[candidate] -= 1
                    break
            else:
                fresh.append(diagnostic)
        return fresh
