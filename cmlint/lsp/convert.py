"""Diagnostics as the Language Server Protocol wants them: ranges in the client's units, links.

cmlint's spans are character offsets. An editor counts columns in UTF-16 code units (unless it
negotiated UTF-8 or UTF-32), so an emoji before a finding moves it by two columns, not one;
every range sent to a client goes through `Positions`.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.source import InputError, Source, Span

SOURCE = "cmlint"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class Positions:
    """Offsets of one source to LSP positions and back, in the negotiated encoding."""

    def __init__(self, source: Source, encoding: str = "utf-16") -> None:
        self.source = source
        self.encoding = encoding

    def position(self, offset: int) -> types.Position:
        if self.encoding == "utf-16":
            line, character = self.source.utf16_position(offset)
            return types.Position(line=line, character=character)
        place = self.source.position(offset)
        prefix = self.source.text[self.source.line_start(place.line) : offset]
        return types.Position(line=place.line - 1, character=_units(prefix, self.encoding))

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def offset(self, position: types.Position) -> int:
        """The character offset of a client position (clamped to the text)."""
        line = min(max(position.line, 0), self.source.line_count - 1) + 1
        start = self.source.line_start(line)
        units = 0
        for index, char in enumerate(self.source.line_text(line)):
            if units >= position.character:
                return start + index
            units += _units(char, self.encoding)
        return start + len(self.source.line_text(line))


def to_lsp(diagnostic: Diagnostic, positions: Positions, uri: str) -> types.Diagnostic:
    """One finding for the editor: code, link to the rule's docs, and the other principle."""
    related = []
    for other in diagnostic.related:
        if other.path in (None, diagnostic.path):
            location = types.Location(uri, positions.range(other.span))
        else:  # another file: its text is not at hand, so point at its top
            origin = types.Position(0, 0)
            location = types.Location(from_fs_path(other.path) or other.path, types.Range(origin, origin))
        related.append(types.DiagnosticRelatedInformation(location, other.message))
    data: dict[str, Any] = {"principle": diagnostic.principle, "fingerprint": diagnostic.fingerprint}
    return types.Diagnostic(
        range=positions.range(diagnostic.span),
        message=diagnostic.message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=diagnostic.doc_url) if diagnostic.doc_url else None,
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


def input_error(error: Exception, positions: Positions) -> types.Diagnostic:
    """A document cmlint cannot read becomes one diagnostic where the problem is, not a crash.

    Problems in another file (a broken config, a rule pack) are shown at the top of the document.
    """
    source = positions.source
    span = Span(0, 0)
    message = str(error)
    if isinstance(error, InputError) and error.path == source.path:
        message = error.message
        if error.line is not None:
            start = source.offset_of(error.line, error.column or 1)
            line = source.position(start).line
            line_end = source.line_start(line) + len(source.line_text(line))
            span = Span(start, max(start, min(start + 1, line_end)))
    return types.Diagnostic(
        range=positions.range(span), message=message, severity=types.DiagnosticSeverity.Error, source=SOURCE
    )
