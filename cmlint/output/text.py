"""The text format: `path:line:col: CODE [severity] message`, the line, a caret under the span."""

from __future__ import annotations

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.engine import FileResult
from cmlint.output import OutputOptions
from cmlint.source import Source

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_MAX_EXCERPT = 120


def _style(text: str, options: OutputOptions, **style: object) -> str:
    if not options.color:
        return text
    import click

    return click.style(text, **style)  # type: ignore[arg-type]


def _excerpt(source: Source, start: int, end: int) -> list[str]:
    """The first line of a span with carets under it, cut to a readable width."""
    pos = source.position(start)
    line = source.line_text(pos.line).replace("\t", " ")
    first = pos.column - 1
    last = min(len(line), first + max(1, end - start))
    left = max(0, min(first - 20, len(line) - _MAX_EXCERPT))
    shown = line[left : left + _MAX_EXCERPT]
    prefix = "…" if left else ""
    suffix = "…" if left + _MAX_EXCERPT < len(line) else ""
    caret_start = first - left + len(prefix)
    caret_len = max(1, min(last, left + _MAX_EXCERPT) - first)
    gutter = f"{pos.line:>5} | "
    return [f"{gutter}{prefix}{shown}{suffix}", " " * (len(gutter) + caret_start) + "^" * caret_len]


def format_diagnostic(diagnostic: Diagnostic, source: Source, options: OutputOptions) -> list[str]:
    pos = source.position(diagnostic.span.start)
    location = _style(f"{diagnostic.path}:{pos.line}:{pos.column}:", options, bold=True)
    severity = _style(f"[{diagnostic.severity.value}]", options, fg=_COLORS[diagnostic.severity])
    code = _style(diagnostic.code, options, bold=True, fg=_COLORS[diagnostic.severity])
    lines = [f"{location} {code} {severity} {diagnostic.message}"]
    if not options.quiet:
        lines += _excerpt(source, diagnostic.span.start, diagnostic.span.end)
    for related in diagnostic.related:
        rel = source.position(related.span.start)
        lines.append(
            f"  = related: {related.path or diagnostic.path}:{rel.line}:{rel.column}: {related.message}"
        )
    if diagnostic.suggestion and not options.quiet:
        lines.append(f"  = help: {diagnostic.suggestion}")
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def format_text(results: list[FileResult], options: OutputOptions) -> str:
    if not results:
        return ""  # nothing was read (each unreadable file already said why on stderr)
    out: list[str] = []
    counts = {severity: 0 for severity in Severity}
    for result in results:
        for diagnostic in result.diagnostics:
            out.extend(format_diagnostic(diagnostic, result.source, options))
            if not options.quiet:
                out.append("")
            counts[diagnostic.severity] += 1
    if not options.quiet:
        total = sum(counts.values())
        files = len(results)
        if total:
            parts = ", ".join(
                f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in reversed(counts.items()) if n
            )
            out.append(f"Found {_plural(total, 'finding')} ({parts}) in {_plural(files, 'file')}.")
        else:
            out.append(f"All checks passed ({_plural(files, 'file')}).")
    return "\n".join(out) + ("\n" if out else "")
