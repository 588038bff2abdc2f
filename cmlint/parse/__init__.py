"""Parsers: every input format becomes the same `Document`.

`parse_document` picks the format from `--format-in`, else the file extension, else the
content, so no flag is needed for any ordinary constitution file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cmlint.model import Document
from cmlint.source import InputError, Source

FORMATS = ("markdown", "json", "yaml", "csv", "text")

_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".txt": "text",
    ".text": "text",
}


@dataclass(frozen=True)
class ImportOptions:
    """Choices a user can make about how a file is read."""

    format: str | None = None  # one of FORMATS; None: detect
    column: str | None = None  # CSV: the column holding the principles


def detect_format(source: Source) -> str:
    """The format of a source, from its extension, else its first non-blank character."""
    if source.suffix in _EXTENSIONS:
        return _EXTENSIONS[source.suffix]
    head = source.text.lstrip()[:1]
    if head in ("[", "{"):
        return "json"
    return "markdown"


def _parser(format: str) -> Callable[[Source, ImportOptions], Document]:
    if format == "markdown":
        from cmlint.parse.markdown import parse_markdown

        return lambda source, options: parse_markdown(source)
    if format == "json":
        from cmlint.parse.json_import import parse_json

        return parse_json
    if format == "yaml":
        from cmlint.parse.yaml_import import parse_yaml

        return parse_yaml
    if format == "csv":
        from cmlint.parse.csv_import import parse_csv

        return parse_csv
    if format == "text":
        from cmlint.parse.text_import import parse_text

        return parse_text
    raise ValueError(f"unknown format {format!r}")


def parse_document(source: Source, options: ImportOptions | None = None) -> Document:
    """Parse a source into a `Document`; unreadable input raises `InputError`."""
    options = options or ImportOptions()
    format = options.format or detect_format(source)
    if format not in FORMATS:
        raise InputError(source.path, f"unknown input format '{format}' (known: {', '.join(FORMATS)})")
    return _parser(format)(source, options)
