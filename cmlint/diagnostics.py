"""Diagnostics: the one type every rule produces and every output format reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from cmlint.source import Span


class Severity(enum.StrEnum):
    """How much a finding matters; `--fail-on` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            known = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity '{value}' (known: {known})") from None


class ExitCode(enum.IntEnum):
    """What `cmlint` returns; scripts and CI gates rely on these numbers."""

    OK = 0  # nothing at or above the fail level
    FINDINGS = 1  # findings at or above the fail level
    USAGE = 2  # bad command line, config or input
    INTERNAL = 3  # a bug in cmlint


@dataclass(frozen=True)
class Related:
    """Another place a finding involves: the other principle of a conflict, the first duplicate."""

    span: Span
    message: str
    principle: str | None = None
    path: str | None = None  # None: the same file


@dataclass(frozen=True)
class Diagnostic:
    """One finding, with everything an output format needs and nothing about how it is shown."""

    code: str
    name: str
    family: str
    severity: Severity
    message: str
    span: Span
    path: str
    principle: str | None = None
    related: tuple[Related, ...] = ()
    suggestion: str | None = None
    doc_url: str | None = None
    fingerprint: str = ""  # stable identity for baselines and SARIF; see engine
    score: float | None = None  # a ranked finding's score in [0, 1] (conflicts): how likely it is right
    suppressed_by: str | None = field(default=None, compare=False)  # the reason, when suppressed

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.start, self.span.end, self.code)
