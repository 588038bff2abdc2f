"""Which files to check: named files, folders searched for constitutions, globs, or stdin."""

from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path

from cmlint.config import Config
from cmlint.source import STDIN_NAME, InputError

_GLOB_CHARS = set("*?[")


def _excluded(name: str, relative: str, config: Config) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p) for p in config.exclude)


def _walk(folder: Path, config: Config) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        rel_root = base.relative_to(folder)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not _excluded(d, (rel_root / d).as_posix(), config)
        )
        for name in sorted(files):
            relative = (rel_root / name).as_posix()
            if _excluded(name, relative, config):
                continue
            if any(fnmatch.fnmatch(name, pattern) for pattern in config.include):
                found.append(str(base / name))
    return found


def collect_paths(arguments: list[str], config_for: callable) -> list[str]:  # type: ignore[valid-type]
    """Expand the command line's paths into files, in order, without repeats."""
    files: list[str] = []
    for argument in arguments:
        if argument == STDIN_NAME:
            files.append(STDIN_NAME)
            continue
        path = Path(argument)
        if path.is_dir():
            config = config_for(str(path / "_"))
            found = _walk(path, config)
            if not found:
                patterns = ", ".join(config.include)
                raise InputError(
                    argument, f"no constitution files found in this folder (looked for {patterns})"
                )
            files.extend(found)
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
    return [f for f in files if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]
