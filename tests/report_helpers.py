"""The report fixture: a real parse of tests/fixtures/report/constitution.md with findings made by hand.

The findings are hand-made so that the renderer is tested on a known graph (one conflict of
each kind, one overlap) without loading spaCy or torch, and whatever the conflict rules'
thresholds are this week; those rules have their own tests, and test_report.py also builds
a report from the real rules' findings.
"""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from cmlint.diagnostics import Diagnostic, Related, Severity
from cmlint.engine import FileResult
from cmlint.model import Document
from cmlint.parse import parse_document
from cmlint.source import Source

REPORT_FIXTURE = FIXTURES / "report" / "constitution.md"

# What the page must show for the fixture.
PRINCIPLES = 8
SECTIONS = 5  # safety, helpfulness, tone, style, transparency
EDGES = 4  # an unresolved and a resolved conflict, an overlap, a precedence (tone overrides style)


def _finding(
    document: Document, code: str, family: str, severity: Severity, message: str, at: str, other: str
) -> Diagnostic:
    here, there = document.principles[at], document.principles[other]
    return Diagnostic(
        code=code,
        name=f"test-{code.lower()}",
        family=family,
        severity=severity,
        message=message,
        span=here.span,
        path=document.path,
        principle=at,
        related=(Related(there.span, f"'{other}': {there.text}", other),),
    )


def fixture_result(path: Path = REPORT_FIXTURE) -> FileResult:
    source = Source(str(path), path.read_text(encoding="utf-8"))
    document = parse_document(source)
    diagnostics = [
        _finding(
            document,
            "C101",
            "conflict",
            Severity.WARNING,
            "'quote_prompt' requires quoting what 'private_prompt' forbids, and nothing orders them",
            "quote_prompt",
            "private_prompt",
        ),
        _finding(
            document,
            "C103",
            "conflict",
            Severity.INFO,
            "tension with 'private_prompt' is settled: 'private_prompt' wins: authority root outranks user",
            "share_prompt",
            "private_prompt",
        ),
        _finding(
            document,
            "O101",
            "overlap",
            Severity.WARNING,
            "this principle says nearly the same as (similarity 0.97) 'hhh_first'",
            "hhh_second",
            "hhh_first",
        ),
    ]
    return FileResult(source, document, sorted(diagnostics, key=Diagnostic.sort_key))
