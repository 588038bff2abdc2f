"""Output formats. Each sees the results (diagnostics and their sources) and nothing else.

A format is a function `(results, options) -> str`, registered here by name and imported only
when chosen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cmlint.diagnostics import Severity

if TYPE_CHECKING:
    from cmlint.catalogue import Catalogue
    from cmlint.engine import FileResult


@dataclass(frozen=True)
class OutputOptions:
    color: bool = False
    quiet: bool = False  # findings only: no source excerpts, no summary
    catalogue: Catalogue | None = None  # for formats that list the rules (SARIF)
    selected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # path -> codes run (JUnit)
    seconds: Mapping[str, float] = field(default_factory=dict)  # path -> time spent checking it (JUnit)
    # path -> the lowest severity that fails (fail-on), so reports agree with the exit code (JUnit)
    fail_on: Mapping[str, Severity] = field(default_factory=dict)


Formatter = Callable[[list["FileResult"], OutputOptions], str]

FORMATTERS: dict[str, str] = {
    "text": "cmlint.output.text:format_text",
    "json": "cmlint.output.json_format:format_json",
    "sarif": "cmlint.output.sarif:format_sarif",
    "github": "cmlint.output.github:format_github",
    "junit": "cmlint.output.junit:format_junit",
}


def get_formatter(name: str) -> Formatter:
    module, _, function = FORMATTERS[name].partition(":")
    return getattr(importlib.import_module(module), function)
