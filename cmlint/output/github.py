"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::error file=constitution.md,line=5,col=10,endLine=5,endColumn=23,title=S003 dangling-reference::...

The runner parses these lines from the job log. Values are escaped as the Actions toolkit
escapes them (`%`, CR and LF everywhere; `:` and `,` also in properties), or a message with a
newline or a comma would be cut short or read as another property. Columns are UTF-16 units,
as in SARIF.
"""

from __future__ import annotations

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.engine import FileResult
from cmlint.output import OutputOptions
from cmlint.output.locations import relative_path, utf16_region
from cmlint.source import Source

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """The message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A `key=value` property of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic, source: Source) -> str:
    region = utf16_region(source, diagnostic.span)
    properties = {
        "file": relative_path(diagnostic.path),
        "line": region.start_line,
        "col": region.start_column,
        "endLine": region.end_line,
        "endColumn": region.end_column,
        "title": f"{diagnostic.code} {diagnostic.name}",
    }
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMANDS[diagnostic.severity]} {rendered}::{escape_data(diagnostic.message)}"


def format_github(results: list[FileResult], options: OutputOptions) -> str:
    lines = [annotation(d, result.source) for result in results for d in result.diagnostics]
    return "".join(line + "\n" for line in lines)
