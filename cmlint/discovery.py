"""Which files to check: named files, folders searched for constitutions, globs, or stdin.

A folder search reads the files `include` names, leaves out `exclude` and tool folders, and
skips, with a note, files that sit beside constitutions but are not one (README.md,
package.json, lock files, ...). Files found by a search are marked as such, so the runner
can skip one that turns out to hold no principles instead of failing the whole run.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cmlint.config import Config
from cmlint.settings import NOT_CONSTITUTIONS
from cmlint.source import STDIN_NAME, InputError

_GLOB_CHARS = set("*?[")


@dataclass
class Collected:
    """The files to check, in order, and what a folder search left out."""

    files: list[str] = field(default_factory=list)
    searched: set[str] = field(default_factory=set)  # found by a folder search, not named
    notes: list[str] = field(default_factory=list)  # one line each: files skipped as not constitutions


def _excluded(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p) for p in patterns)


def _walk(folder: Path, config: Config, collected: Collected) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        rel_root = base.relative_to(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not _excluded(d, (rel_root / d).as_posix(), config.exclude)
        )
        for name in sorted(files):
            relative = (rel_root / name).as_posix()
            if _excluded(name, relative, config.exclude):
                continue
            if not any(fnmatch.fnmatch(name, pattern) for pattern in config.include):
                continue
            if _excluded(name, relative, NOT_CONSTITUTIONS):
                collected.notes.append(
                    f"{base / name}: note: not a constitution: skipped "
                    "(name it on the command line to check it)"
                )
                continue
            found.append(str(base / name))
    return found


def collect_paths(arguments: list[str], config_for: Callable[[str], Config]) -> Collected:
    """Expand the command line's paths into files, in order, without repeats."""
    collected = Collected()
    files = collected.files
    for argument in arguments:
        if argument == STDIN_NAME:
            files.append(STDIN_NAME)
            continue
        path = Path(argument)
        if path.is_dir():
            config = config_for(str(path / "_"))
            found = _walk(path, config, collected)
            if not found:
                patterns = ", ".join(config.include)
                raise InputError(
                    argument, f"no constitution files found in this folder (looked for {patterns})"
                )
            files.extend(found)
            collected.searched.update(found)
        elif path.exists():
            files.append(argument)
        elif _GLOB_CHARS & set(argument):
            matches = sorted(m for m in glob.glob(argument, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError(argument, "no files match this pattern")
            files.extend(matches)
        else:
            raise InputError(argument, "no such file or directory")
    seen: set[str] = set()
    collected.files = [f for f in files if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]
    collected.searched -= {a for a in arguments}
    return collected
