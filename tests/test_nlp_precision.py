"""Precision of the default vagueness and form rules on real sentences (issue 11), both ways.

The fixtures in fixtures/vagueness/ are real sentences of the corpus constitutions with their
source named above each one: `silent.md` holds sentences the rules once flagged wrongly and
must leave alone; `fire.md` holds true findings, each line's codes and severities named by an
`<!-- expect: CODE=severity, ... -->` comment above it. Every line without one must be silent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from nlp_helpers import flagged, lint

FOLDER = FIXTURES / "vagueness"
# the default (non-preview) vagueness and form rules
DEFAULT_VF = ("V101", "V102", "V103", "V104", "V106", "V107", "V109", "V110", "F102", "F103", "F104")
_EXPECT = re.compile(r"<!--\s*expect:\s*(.+?)\s*-->")


def _expected(text: str) -> dict[int, list[tuple[str, str]]]:
    """Line (1-based) -> sorted (code, severity) pairs that the next content line must have."""
    lines = text.splitlines()
    out: dict[int, list[tuple[str, str]]] = {}
    for index, line in enumerate(lines):
        match = _EXPECT.search(line)
        if match is None:
            continue
        target = next(i for i in range(index + 1, len(lines)) if lines[i].strip() and "<!--" not in lines[i])
        pairs = [item.strip().split("=") for item in match.group(1).split(",")]
        out[target + 1] = sorted((code, severity) for code, severity in pairs)
    return out


@pytest.mark.parametrize("name", ["silent.md", "fire.md"])
def test_findings_match_the_fixture(name: str):
    path: Path = FOLDER / name
    text = path.read_text(encoding="utf-8")
    result = lint(text, DEFAULT_VF, path=str(path))
    found: dict[int, list[tuple[str, str]]] = {}
    for diagnostic in result.diagnostics:
        line = result.source.position(diagnostic.span.start).line
        found.setdefault(line, []).append((diagnostic.code, diagnostic.severity.value))
    found = {line: sorted(pairs) for line, pairs in found.items()}
    report = {line: (pairs, text.splitlines()[line - 1][:90]) for line, pairs in found.items()}
    assert found == _expected(text), report


def test_spans_cover_whole_words_and_never_markup():
    # OpenAI Model Spec (2025-12-18), "Stay in bounds": the link's target is read as words, but they
    # have no characters of their own in the source
    text = "- The assistant must not generate [?](#sensitive_content) or extreme gore.\n"
    result = lint(text, ("V101",))
    assert flagged(result) == ["extreme"]
    for diagnostic in result.diagnostics:
        start, end = diagnostic.span.start, diagnostic.span.end
        source = result.source.text
        assert not source[start - 1].isalnum() and not source[end].isalnum()


def test_severity_follows_the_rule_the_word_decides():
    # the same qualifier: a warning in a prohibition, information in a soft obligation
    hard = lint("- The assistant must not write excessive caveats.\n", ("V101",))
    soft = lint("- The assistant should keep excessive caveats out of short answers.\n", ("V101",))
    assert [d.severity.value for d in hard.diagnostics] == ["warning"]
    assert "decides a prohibition" in hard.diagnostics[0].message
    assert [d.severity.value for d in soft.diagnostics] == ["info"]


def test_a_hedge_in_a_precedence_is_a_warning_and_a_configured_severity_is_the_ceiling():
    from conftest import _shared_catalogue

    from cmlint.config import Config
    from cmlint.engine import check_source
    from cmlint.source import Source

    # Claude's constitution (2026), "Claude's core values"; a soft rule of the Model Spec
    text = (
        "- In cases of apparent conflict, Claude should generally prioritize being broadly safe first.\n"
        "- The assistant should try to create a supportive environment.\n"
    )
    (hard, soft) = lint(text, ("V102",)).diagnostics
    assert (hard.severity.value, soft.severity.value) == ("warning", "info")
    assert "precedence" in hard.message

    def severities(level: str) -> list[str]:
        config = Config(
            select=("V102",), settings={"no-cache": True}, rule_options={"V102": {"severity": level}}
        )
        result = check_source(Source("t.md", text), config, _shared_catalogue())
        return [d.severity.value for d in result.diagnostics]

    assert severities("error") == ["error", "info"]
    assert severities("info") == ["info", "info"]


def test_the_word_is_judged_by_its_own_clause_not_the_sentence():
    # OpenAI Model Spec (2025-12-18), "Assume best intentions": the "never" is another clause's
    text = (
        "- If the user's intent is unclear, the assistant should typically assume best intentions and comply;"
        " it should never ask the user to clarify their intent for the purpose of refusing.\n"
    )
    (diagnostic,) = lint(text, ("V102",)).diagnostics
    assert diagnostic.severity.value == "info"


def test_the_words_a_document_explains():
    from cmlint.glossary import explained_terms
    from cmlint.parse import parse_document
    from cmlint.source import Source

    text = (
        "# Be warm {#warm}\n\nWarmth is shown by tone.\n\n"
        "- **Immediate desires**: the outcomes the user wants from this interaction.\n\n"
        'By "serious uplift" we mean help that materially increases a capability.\n\n'
        "Broadly safe means not undermining human oversight. This means nothing more.\n\n"
        "Decline [sensitive personal data](#warm) requests.\n"
    )
    terms = explained_terms(parse_document(Source("t.md", text)))
    for term in ("warm", "immediate desires", "serious uplift", "broadly safe", "sensitive personal data"):
        assert term in terms, (term, terms)
    assert not any(t.startswith("this") for t in terms)  # "This means ...": a pronoun is no term
