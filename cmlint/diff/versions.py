"""The two versions a diff compares: a file on disk, or `REV:path` read from git."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cmlint.config import Config, ConfigFinder
from cmlint.engine import FileResult, check_source
from cmlint.runner import Catalogues, CheckRequest, _apply_cli
from cmlint.source import DEFAULT_MAX_BYTES, InputError, Source, decode, read_source

# "HEAD~1:spec.md", "v2:docs/spec.md", "abc123:spec.md"; not "C:\spec.md" (a Windows drive)
_REVISION = re.compile(r"^(?P<rev>[^:\s]{2,}|[^:\s/\\]):(?P<path>[^\\].*)$")


class RevisionError(InputError):
    """A `REV:path` that git cannot show: no git, no repository, an unknown revision or path."""


@dataclass(frozen=True)
class Version:
    """One side of the diff: its text, and the file whose config applies to it."""

    source: Source
    config_path: str  # the file on disk whose folder's config is used


def split_revision(spec: str) -> tuple[str, str] | None:
    """`("HEAD~1", "spec.md")` for "HEAD~1:spec.md"; None for a plain path (also one that exists)."""
    if Path(spec).exists():
        return None
    match = _REVISION.match(spec)
    if match is None:
        return None
    return match.group("rev"), match.group("path")


def _git_show(revision: str, path: str, spec: str) -> bytes:
    if revision.startswith("-"):
        raise RevisionError(spec, f"'{revision}' is not a git revision")
    # run from the file's folder, so the path is the user's (relative to here), not the repository's
    inside = Path(path).parent.is_dir()
    folder, name = (Path(path).parent, Path(path).name) if inside else (Path("."), path)
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "show", f"{revision}:./{name}"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError(spec, "git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0].removeprefix("fatal: ") if lines else "git show failed"
        raise RevisionError(spec, f"cannot read this revision: {reason}")
    return done.stdout


def read_version(spec: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Version:
    """A file, or `REV:path` (the file as it was at a git revision, read with `git show`)."""
    revision = split_revision(spec)
    if revision is None:
        return Version(read_source(spec, max_bytes), spec)
    rev, path = revision
    return Version(decode(spec, _git_show(rev, path, spec), max_bytes), path)


def check_version(
    version: Version, request: CheckRequest, catalogues: Catalogues
) -> tuple[FileResult, Config]:
    """The version checked as `cmlint check` would check the file, with the config that applies."""
    finder = ConfigFinder(request.config_path, request.isolated)
    catalogue, config = catalogues.prepare(finder.for_path(version.config_path))
    config = _apply_cli(config, request, catalogue)
    result = check_source(version.source, config, catalogue, request.import_options, catalogues.registry)
    return result, config
