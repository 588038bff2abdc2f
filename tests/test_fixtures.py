"""Fixture constitutions with inline expectations: `<!-- expect: CODE[,CODE] -->` names exactly
the findings of the next non-blank line; every other line must have none."""

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, check

_EXPECT = re.compile(r"<!--\s*expect:\s*([A-Z0-9, ]+?)\s*-->")


def expectations(text: str) -> dict[int, list[str]]:
    """Line number (1-based) -> expected codes."""
    lines = text.splitlines()
    expected: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        match = _EXPECT.search(line)
        if not match:
            continue
        target = next(
            i for i in range(index + 1, len(lines)) if lines[i].strip() and not _EXPECT.search(lines[i])
        )
        expected[target + 1] = sorted(code.strip() for code in match.group(1).split(","))
    return expected


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.name)
def test_fixture_findings_match_inline_expectations(path: Path):
    text = path.read_text(encoding="utf-8")
    result = check(text, path=str(path))
    found: dict[int, list[str]] = {}
    for diagnostic in result.diagnostics:
        line = result.source.position(diagnostic.span.start).line
        found.setdefault(line, []).append(diagnostic.code)
    found = {line: sorted(codes) for line, codes in found.items()}
    assert found == expectations(text)
