"""JUnit XML: one test suite per file, one test case per (file, rule) that ran on it.

CI dashboards (Jenkins, GitLab, Azure, the test-report actions) read JUnit and show trends
per test case, so a rule that passes on a file is a passing case rather than nothing at all:
the dashboard can then tell "fixed" from "not checked". A failing case lists every finding
of its rule in that file. Only findings at or above `fail-on` fail a case, so the report
agrees with the exit code; findings below it are listed in the case's `<system-out>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.engine import FileResult
from cmlint.output import OutputOptions
from cmlint.source import Source

# XML 1.0 forbids most control characters even as references; a constitution may still hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Text that any XML 1.0 parser accepts: forbidden characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _rule_codes(result: FileResult, options: OutputOptions, found: dict[str, list[Diagnostic]]) -> list[str]:
    """The rules that ran on the file: as the runner recorded them, else the default selection."""
    codes = options.selected.get(result.path)
    if codes is None:
        catalogue = options.catalogue
        codes = tuple(rule.code for rule in catalogue if not rule.preview) if catalogue is not None else ()
    return sorted(set(codes) | set(found))


def _finding_line(diagnostic: Diagnostic, source: Source) -> str:
    position = source.position(diagnostic.span.start)
    return f"{diagnostic.path}:{position.line}:{position.column}: {diagnostic.message}"


def _testcase(
    suite: ET.Element, result: FileResult, code: str, findings: list[Diagnostic], options: OutputOptions
) -> None:
    rule = options.catalogue.get(code) if options.catalogue is not None else None
    name = rule.name if rule is not None else (findings[0].name if findings else "")
    case = ET.SubElement(
        suite, "testcase", name=xml_text(f"{code} {name}".strip()), classname=xml_text(result.path), time="0"
    )
    if not findings:
        return
    first = findings[0]
    summary = first.message if len(findings) == 1 else f"{len(findings)} findings; first: {first.message}"
    lines = xml_text("\n".join(_finding_line(d, result.source) for d in findings))
    if not _fails(findings, result, options):
        ET.SubElement(case, "system-out").text = lines
        return
    failure = ET.SubElement(case, "failure", message=xml_text(summary), type=xml_text(code))
    failure.text = lines


def _fails(findings: list[Diagnostic], result: FileResult, options: OutputOptions) -> bool:
    """Whether the findings fail the run, as the exit code decides (fail-on; warning by default)."""
    threshold = options.fail_on.get(result.path, Severity.WARNING)
    return any(d.severity.rank >= threshold.rank for d in findings)


def format_junit(results: list[FileResult], options: OutputOptions) -> str:
    root = ET.Element("testsuites", name="cmlint")
    total_tests = total_failures = 0
    total_time = 0.0
    for result in results:
        found: dict[str, list[Diagnostic]] = defaultdict(list)
        for diagnostic in result.diagnostics:
            found[diagnostic.code].append(diagnostic)
        codes = _rule_codes(result, options, found)
        seconds = options.seconds.get(result.path, 0.0)
        failures = sum(1 for code in codes if found.get(code) and _fails(found[code], result, options))
        suite = ET.SubElement(
            root,
            "testsuite",
            name=xml_text(result.path),
            tests=str(len(codes)),
            failures=str(failures),
            errors="0",
            skipped="0",
            time=f"{seconds:.3f}",
        )
        for code in codes:
            _testcase(suite, result, code, found.get(code, []), options)
        total_tests += len(codes)
        total_failures += failures
        total_time += seconds
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
