"""Where a finding is, as CI systems want it: repository-relative paths and UTF-16 regions.

SARIF counts columns in UTF-16 code units unless told otherwise, and so do GitHub's annotation
viewer and every editor that speaks LSP; a column counted in characters lands one place to the
right for each emoji before it. Both CI formats take their regions from here, so they agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from cmlint.source import STDIN_NAME, Source, Span


@dataclass(frozen=True)
class Region:
    """1-based lines and UTF-16 columns; the end column is the one just after the span."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


def utf16_region(source: Source, span: Span) -> Region:
    start_line, start_column = source.utf16_position(span.start)
    end_line, end_column = source.utf16_position(span.end)
    return Region(start_line + 1, start_column + 1, end_line + 1, end_column + 1)


def relative_path(path: str, root: Path | None = None) -> str:
    """The path relative to `root` (default: the working folder) with forward slashes.

    A path outside `root` stays absolute; CI systems resolve relative paths against the
    repository root, which is where `cmlint check` runs in a workflow.
    """
    if path == STDIN_NAME:
        return path
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root or Path.cwd())).as_posix()
    except ValueError:
        return absolute.as_posix()


def artifact_uri(path: str, root: Path | None = None) -> tuple[str, bool]:
    """A URI reference for a path and whether it is relative to the source root.

    Relative paths are percent-encoded (a space is `%20`); absolute ones become `file://` URIs.
    """
    relative = relative_path(path, root)
    if os.path.isabs(relative):
        return Path(relative).as_uri(), False
    return quote(relative, safe="/-._~"), True
