"""`cmlint diff --git REF [PATH...]`: the constitution files changed since a git revision.

The files are found as `check` finds them (folders searched with the config's include and
exclude), then git says which differ from REF. A file that did not exist at REF has no old
version to compare: it is named in a note, to be read with `cmlint check`.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from cmlint.config import ConfigFinder
from cmlint.diff.versions import RevisionError
from cmlint.discovery import collect_paths


@dataclass
class ChangedFiles:
    changed: list[str] = field(default_factory=list)  # files that exist at REF and differ from it
    new: list[str] = field(default_factory=list)  # files that did not exist at REF
    notes: list[str] = field(default_factory=list)  # from the folder search


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise RevisionError("--git", "git is not installed (or not on PATH)") from None


def changed_files(ref: str, paths: list[str], finder: ConfigFinder) -> ChangedFiles:
    """The constitutions under `paths` that changed since `ref` (relative to the current folder)."""
    if not ref or ref.startswith("-"):
        raise RevisionError("--git", f"'{ref}' is not a git revision")
    if _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise RevisionError("--git", f"'{ref}' names no commit in the repository here")
    collected = collect_paths(paths, finder.for_path)
    result = ChangedFiles(notes=list(collected.notes))
    files = [f for f in collected.files if f != "-"]
    if not files:
        return result
    done = _git("diff", "--name-only", "--relative", "--no-renames", ref, "--", *files)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise RevisionError("--git", lines[0].removeprefix("fatal: ") if lines else "git diff failed")
    differ = {os.path.normpath(line) for line in done.stdout.splitlines() if line}
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", *files)
    differ |= {os.path.normpath(line) for line in untracked.stdout.splitlines() if line}
    for file in files:
        if os.path.normpath(file) not in differ:
            continue
        folder, name = Path(file).parent, Path(file).name
        existed = _git("-C", str(folder), "cat-file", "-e", f"{ref}:./{name}").returncode == 0
        (result.changed if existed else result.new).append(file)
    return result
