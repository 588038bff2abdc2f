"""`--diff REF`: report only findings about what changed since a git commit.

A review of a pull request should not be about the 200 findings the constitution had before
it. For each file, `git diff --unified=0 REF -- FILE` gives the changed line ranges of the
working tree against REF; a finding is kept when its span, its principle or the other
principle it names touches one of them. A file git does not track counts as wholly changed.

git runs as a subprocess with an argument list (no shell), from the file's own folder, so
files from several repositories can be checked in one run.
"""

from __future__ import annotations

import bisect
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from cmlint.diagnostics import Diagnostic
from cmlint.engine import FileResult
from cmlint.source import STDIN_NAME, InputError, Source, Span

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
# A line that starts a block of its own (blank, list item, heading, quote, fence, comment):
# removing it does not change the block above.
_BLOCK_START = re.compile(r"^\s*(?:$|[-*+]\s|\d+[.)]\s|#{1,6}\s|>|```|~~~|<!--)")


class GitDiffError(InputError):
    """`--diff` cannot work here: no git, not a repository, or an unknown ref (exit code 2)."""


@dataclass(frozen=True)
class ChangedLines:
    """The lines of a file's working tree that differ from REF (1-based)."""

    whole_file: bool = False
    lines: tuple[int, ...] = ()  # added or rewritten lines, sorted
    deletions: tuple[int, ...] = ()  # n: lines were removed between line n and n + 1, sorted
    tails: frozenset[int] = field(default_factory=frozenset)  # n: ... and they continued line n's block

    def touches(self, first: int, last: int) -> bool:
        """Whether lines first..last changed: an edited line, or lines removed from inside or the end."""
        if self.whole_file or last in self.tails:
            return True
        index = bisect.bisect_left(self.lines, first)
        if index < len(self.lines) and self.lines[index] <= last:
            return True
        index = bisect.bisect_left(self.deletions, first)
        return index < len(self.deletions) and self.deletions[index] < last


def parse_unified_diff(text: str) -> ChangedLines:
    """Changed lines from `git diff --unified=0` output: hunk headers, and what pure deletions removed."""
    lines: set[int] = set()
    deletions: set[int] = set()
    tails: set[int] = set()
    first_removed_after: int | None = None  # a pure deletion whose first removed line is next
    for line in text.splitlines():
        match = _HUNK.match(line)
        if match:
            start = int(match.group(1))
            count = int(match.group(2)) if match.group(2) is not None else 1
            lines.update(range(start, start + count))
            first_removed_after = start if count == 0 else None
            if count == 0:
                deletions.add(start)
        elif first_removed_after is not None and line.startswith("-"):
            if not _BLOCK_START.match(line[1:]):
                tails.add(first_removed_after)
            first_removed_after = None
    return ChangedLines(False, tuple(sorted(lines)), tuple(sorted(deletions)), frozenset(tails))


def _line_range(source: Source, span: Span) -> tuple[int, int]:
    first = source.position(span.start).line
    return first, source.position(max(span.start, span.end - 1)).line


def touches_change(diagnostic: Diagnostic, result: FileResult, changed: ChangedLines) -> bool:
    """Whether a finding is about changed text: its span, its principle, or a related span here."""
    spans = [diagnostic.span]
    principle = result.document.principles.get(diagnostic.principle or "")
    if principle is not None:
        spans.append(principle.span)
    spans += [r.span for r in diagnostic.related if r.path in (None, diagnostic.path)]
    return any(changed.touches(*_line_range(result.source, span)) for span in spans)


class GitDiff:
    """Changed lines per file against one ref; repository checks are cached per folder."""

    def __init__(self, ref: str) -> None:
        if not ref or ref.startswith("-"):
            raise GitDiffError("--diff", f"'{ref}' is not a git revision")
        self.ref = ref
        self._toplevel: dict[Path, Path] = {}
        self._verified: set[Path] = set()

    def _git(self, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                ["git", "-C", str(folder), *args],
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        except FileNotFoundError:
            raise GitDiffError("--diff", "git is not installed (or not on PATH)") from None

    def _repository(self, path: str) -> Path:
        folder = Path(path).resolve().parent
        top = self._toplevel.get(folder)
        if top is None:
            done = self._git(folder, "rev-parse", "--show-toplevel")
            if done.returncode != 0:
                raise GitDiffError(path, "--diff needs a git repository, and this file is not in one")
            top = Path(done.stdout.strip())
            self._toplevel[folder] = top
        if top not in self._verified:
            done = self._git(top, "rev-parse", "--verify", "--quiet", f"{self.ref}^{{commit}}")
            if done.returncode != 0:
                raise GitDiffError(path, f"--diff: '{self.ref}' names no commit in the repository at {top}")
            self._verified.add(top)
        return top

    def changed_lines(self, path: str) -> ChangedLines:
        if path == STDIN_NAME:
            return ChangedLines(whole_file=True)
        top = self._repository(path)
        absolute = str(Path(path).resolve())
        if self._git(top, "ls-files", "--error-unmatch", "--", absolute).returncode != 0:
            return ChangedLines(whole_file=True)  # untracked: all of it is new
        done = self._git(
            top,
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-renames",
            "--unified=0",
            self.ref,
            "--",
            absolute,
        )
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[0] if done.stderr.strip() else "git diff failed"
            raise GitDiffError(path, f"--diff: {message}")
        return parse_unified_diff(done.stdout)

    def filter(self, result: FileResult, path: str | None = None) -> list[Diagnostic]:
        """The diagnostics of a file that touch what changed since the ref.

        `path` is what was read (`-` for standard input, which has nothing on disk to diff).
        """
        changed = self.changed_lines(path or result.path)
        if changed.whole_file:
            return list(result.diagnostics)
        return [d for d in result.diagnostics if touches_change(d, result, changed)]
