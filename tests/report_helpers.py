"""The report fixture: a real parse of tests/fixtures/report/constitution.md with findings made by hand.

The findings are hand-made so that the renderer is tested on a known graph (one conflict of
each kind, one overlap) without loading spaCy or torch, and whatever the conflict rules'
thresholds are this week; those rules have their own tests, and test_report.py also builds
a report from the real rules' findings.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES

from cmlint.diagnostics import Diagnostic, Related, Severity
from cmlint.engine import FileResult
from cmlint.model import Document
from cmlint.parse import parse_document
from cmlint.source import Source, Span

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


# -- the Model Spec with the findings of a real check -----------------------------------------------
MODEL_SPEC = Path(__file__).parent / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"
MODEL_SPEC_FINDINGS = FIXTURES / "report" / "model-spec-findings.json"  # provenance in its `made_with`


def _span(data: dict) -> Span:
    return Span(data["span"]["start"], data["span"]["end"])


def model_spec_result() -> FileResult:
    """The Model Spec and the 121 findings the default rules (models on) gave it, read from a fixture.

    The report at this scale is tested on a real check's findings (conflicts, tensions and
    overlaps between real sections) without running spaCy and the embeddings in the test.
    """
    # named relative to the repository, so the page (and its screenshot) is the same in every checkout
    name = MODEL_SPEC.relative_to(MODEL_SPEC.parents[3]).as_posix()
    source = Source(name, MODEL_SPEC.read_text(encoding="utf-8"))
    document = parse_document(source)
    saved = json.loads(MODEL_SPEC_FINDINGS.read_text(encoding="utf-8"))
    diagnostics = [
        Diagnostic(
            code=d["code"],
            name=d["name"],
            family=d["family"],
            severity=Severity(d["severity"]),
            message=d["message"],
            span=_span(d),
            path=source.path,
            principle=d.get("principle"),
            related=tuple(Related(_span(r), r["message"], r.get("principle")) for r in d["related"]),
            suggestion=d.get("suggestion"),
            score=d.get("score"),
        )
        for d in saved["diagnostics"]
    ]
    return FileResult(source, document, sorted(diagnostics, key=Diagnostic.sort_key))


# -- a large generated constitution -------------------------------------------------------------------
def large_text(principles: int, per_section: int = 50, per_part: int = 10) -> str:
    """`principles` list items under `## Part` and `### Section` headings: the shape of a big document."""
    lines = ["# Large constitution", ""]
    for i in range(principles):
        if i % (per_section * per_part) == 0:
            lines += [f"## Part {i // (per_section * per_part) + 1}", ""]
        if i % per_section == 0:
            lines += [f"### Section {i // per_section + 1}", ""]
        lines.append(f"- The assistant must handle case {i} carefully and report it within {i % 7 + 1} days.")
    return "\n".join(lines) + "\n"


def large_result(principles: int = 10_000) -> FileResult:
    """A large document with hand-made conflicts between distant sections, so its map has cells."""
    source = Source("large.md", large_text(principles))
    document = parse_document(source)
    ids = list(document.principles)
    diagnostics = [
        _finding(document, code, "conflict", severity, f"{code} between {a} and {b}", a, b)
        for n, (code, severity) in enumerate([("C101", Severity.WARNING), ("C103", Severity.INFO)] * 50)
        for a, b in [(ids[(n * 997) % len(ids)], ids[(n * 2003 + 501) % len(ids)])]
        if a != b
    ]
    return FileResult(source, document, sorted(diagnostics, key=Diagnostic.sort_key))


# The Model Spec's top-level sections, in order: what its report's first view must show as text.
MODEL_SPEC_TOP_LEVEL = [
    "Overview",
    "Definitions",
    "The chain of command",
    "Stay in bounds",
    "Seek the truth together",
    "Do the best work",
    "Use appropriate style",
    "Under-18 Principles",
]
