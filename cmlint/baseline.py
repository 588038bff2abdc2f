"""Baselines: adopt cmlint on a long constitution without fixing every old finding first.

`cmlint check --write-baseline FILE` records today's findings; `--baseline FILE` then reports
only the new ones. A finding is identified by its file, rule code, principle id and a hash of
the principle's text (whitespace-normalised, so re-wrapping a paragraph changes nothing), or
by its fingerprint when it belongs to no principle. Rewording a principle therefore makes its
findings new: an edited principle deserves a fresh look. Line numbers are not part of the
identity, so inserting text above a finding does not resurface it.

The file is JSON, sorted, one finding per line, so a review shows exactly which findings a
change adds to or removes from the baseline.
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

BASELINE_VERSION = 1


class BaselineError(InputError):
    """A baseline file that cannot be used (exit code 2)."""


@dataclass(frozen=True, order=True)
class BaselineKey:
    path: str  # relative to the baseline file's folder, forward slashes
    code: str
    principle: str | None
    hash: str  # of the principle's text, or the fingerprint when there is no principle

    def to_dict(self, count: int) -> dict[str, Any]:
        return {
            "path": self.path,
            "code": self.code,
            "principle": self.principle,
            "hash": self.hash,
            "count": count,
        }


def text_hash(text: str) -> str:
    """A short, stable hash of a principle's words, blind to line wrapping and line endings."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


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
    principle = result.document.principles.get(diagnostic.principle or "")
    if principle is not None:
        return BaselineKey(path, diagnostic.code, principle.id, text_hash(principle.text))
    return BaselineKey(path, diagnostic.code, None, diagnostic.fingerprint.partition(":")[0])


def _keys(results: list[FileResult], root: Path) -> Counter[BaselineKey]:
    return Counter(finding_key(d, result, root) for result in results for d in result.diagnostics)


def render_baseline(results: list[FileResult], root: Path) -> str:
    """The baseline file's text: versioned, sorted, one finding per line."""
    counts = _keys(results, root)
    entries = [
        json.dumps(key.to_dict(count), ensure_ascii=False)
        for key, count in sorted(
            counts.items(),
            key=lambda item: (item[0].path, item[0].code, item[0].principle or "", item[0].hash),
        )
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


def _entry(item: Any, where: str, number: int) -> tuple[BaselineKey, int]:
    fields = {"path": str, "code": str, "hash": str, "count": int}
    if not isinstance(item, dict) or any(not isinstance(item.get(k), t) for k, t in fields.items()):
        raise BaselineError(where, f"finding {number} of the baseline needs path, code, hash and count")
    principle = item.get("principle")
    if principle is not None and not isinstance(principle, str):
        raise BaselineError(where, f"finding {number} of the baseline has a principle that is not a string")
    if item["count"] < 1:
        raise BaselineError(where, f"finding {number} of the baseline has a count below 1")
    return BaselineKey(item["path"], item["code"], principle, item["hash"]), item["count"]


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
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
            raise BaselineError(where, f"not a cmlint baseline of version {BASELINE_VERSION}")
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise BaselineError(where, "baseline has no list of findings")
        counts: Counter[BaselineKey] = Counter()
        for number, item in enumerate(findings, 1):
            key, count = _entry(item, where, number)
            counts[key] += count
        return cls(counts, Path(path).resolve().parent)

    def new_findings(self, result: FileResult) -> list[Diagnostic]:
        """The diagnostics of a file that the baseline does not account for."""
        fresh = []
        for diagnostic in result.diagnostics:
            key = finding_key(diagnostic, result, self.root)
            if self._remaining[key] > 0:
                self._remaining[key] -= 1
            else:
                fresh.append(diagnostic)
        return fresh
