"""The language server's parts without a server: positions, fast/full checks, hovers, quick fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from cmlint.graph import PrincipleGraph
from cmlint.lsp.checker import Linter, published
from cmlint.lsp.convert import Positions, input_error
from cmlint.lsp.features import MAX_NEIGHBOURS, hover_markdown, neighbour_lines, suppression_insertion
from cmlint.source import InputError, Source, Span
from tests.conftest import parse
from tests.fake_models import registry_with_model_rule, write_pack

TEXT = "## Ünï 😀\n\n- a😀b𝄞c\n"


# "c" on line 3 follows "- a" (3 units in any encoding), an emoji, "b" and a clef (astral, like the emoji)
@pytest.mark.parametrize("encoding,character", [("utf-16", 8), ("utf-8", 12), ("utf-32", 6)])
def test_positions_in_each_encoding_round_trip(encoding, character):
    source = Source("t.md", TEXT)
    positions = Positions(source, encoding)
    offset = TEXT.index("c")
    assert positions.position(offset) == types.Position(2, character)
    assert positions.offset(types.Position(2, character)) == offset
    for index in range(len(TEXT) + 1):
        assert positions.offset(positions.position(index)) == index


def test_offset_is_clamped_to_the_text():
    positions = Positions(Source("t.md", TEXT))
    assert positions.offset(types.Position(99, 0)) == len(TEXT)
    assert positions.offset(types.Position(0, 99)) == TEXT.index("\n")


def test_input_error_points_at_its_place_or_the_top():
    source = Source("t.json", '[\n  "a" x\n]\n')
    here = input_error(InputError("t.json", "invalid JSON: expected ','", 2, 7), Positions(source))
    assert here.range == types.Range(types.Position(1, 6), types.Position(1, 7))
    assert here.message == "invalid JSON: expected ','"
    elsewhere = input_error(InputError("cmlint.toml", "unknown key 'x'", 3), Positions(source))
    assert (
        elsewhere.range.start == types.Position(0, 0)
        and elsewhere.message == "cmlint.toml:3: error: unknown key 'x'"
    )


@pytest.fixture
def linter(tmp_path: Path) -> Linter:
    write_pack(tmp_path)
    linter = Linter()
    linter.catalogues.registry = registry_with_model_rule()
    return linter


DOC = """\
## Rules

- The assistant must FLAG this.
<!-- cmlint: disable=X901 -->
- Another FLAG, silenced.
- Follow [?](#missing).
"""


def test_fast_check_leaves_model_rules_for_the_full_one(linter: Linter, tmp_path: Path):
    path = str(tmp_path / "c.md")
    assert linter.has_model_rules(path)
    full = linter.check(path, DOC, full=True)
    assert [d.code for d in full.diagnostics] == ["X901", "S003"] and full.model_codes == {"X901"}
    fast = linter.check(path, DOC, full=False)
    assert [d.code for d in fast.diagnostics] == ["S003"]  # no X901, and no false "unused suppression"


def test_model_findings_carry_over_to_unchanged_principles_only(linter: Linter, tmp_path: Path):
    path = str(tmp_path / "c.md")
    full = linter.check(path, DOC, full=True)
    moved = "Intro line.\n\n" + DOC
    fast = linter.check(path, moved, full=False)
    shown = published(fast, full)
    (carried,) = [d for d in shown if d.code == "X901"]
    assert moved[carried.span.start : carried.span.end] == "The assistant must FLAG this."
    reworded = moved.replace("must FLAG this", "must FLAG that")
    assert [d.code for d in published(linter.check(path, reworded, full=False), full)] == ["S003"]


def test_missing_model_keeps_the_other_rules_and_says_why(linter: Linter, tmp_path: Path):
    outcome = linter.check(str(tmp_path / "c.md"), DOC + "- BOOM\n", full=True)
    assert [d.code for d in outcome.diagnostics] == ["S003"]
    assert "not installed" in str(outcome.error) and not outcome.full


def test_oversized_document_is_one_error(tmp_path: Path):
    (tmp_path / "cmlint.toml").write_text("max-file-size-mb = 0.001\n")
    outcome = Linter().check(str(tmp_path / "big.md"), "- x\n" * 1000, full=True)
    assert outcome.result is None and "limit" in str(outcome.error)


def test_hover_lists_neighbours_both_ways_and_caps_them():
    document = parse(
        """
        # Safety {#safety authority=root overrides=style}

        - Never deceive. See [?](#style).

        # Style {#style}

        - Be brief. Unlike [?](#safety.1).
        """
    )
    graph = PrincipleGraph(document)
    text = hover_markdown(graph, document.principles["safety.1"], [])
    assert text.startswith("**Principle `safety.1`**: rule · authority `root`")
    assert "Section: Safety" in text
    assert "- part of section `safety` (Safety)" in text
    assert "- refers to section `style` (Style)" in text
    assert "- referred to by principle `style.1`" in text
    big = parse("## Many\n\n" + "".join(f"- Rule {n} [?](#many.1).\n" for n in range(40)))
    lines = neighbour_lines(PrincipleGraph(big), big.principles["many.1"])
    assert len(lines) == MAX_NEIGHBOURS + 1 and lines[-1].startswith("… and ")


@pytest.mark.parametrize(
    "text,line,prefix",
    [
        ("## R\n\n- Follow [?](#x).\n", 3, ""),
        ("## R\n\n- a\n  - Follow [?](#x).\n", 4, "  "),
        ("## R\n\n> Follow [?](#x).\n", 3, "> "),
        ("## R\n\nFollow the\nrules [?](#x).\n", 3, ""),  # a paragraph: above its first line
    ],
)
def test_suppression_goes_above_the_principle_with_its_indent(text, line, prefix):
    document = parse(text)
    offset = text.index("[?]")
    insertion = suppression_insertion(document.source, document, "S003", offset)
    assert insertion.line == line
    assert insertion.text == f'{prefix}<!-- cmlint: disable=S003 reason="" -->\n'


def test_span_helpers_agree_with_source():
    source = Source("t.md", TEXT)
    positions = Positions(source)
    assert positions.range(Span(0, 2)) == types.Range(types.Position(0, 0), types.Position(0, 2))


def test_code_description_follows_the_config_docs_url(tmp_path: Path):
    """Editors link each diagnostic to the rule's documentation: `docs-url`, else the shipped docs."""
    from cmlint.lsp.convert import to_lsp

    path = tmp_path / "c.md"
    text = "## Rules\n\n- Follow [?](#missing).\n"
    (tmp_path / "cmlint.toml").write_text(
        'select = ["S"]\ndocs-url = "https://docs.example.org/cmlint/rules.html"\n'
    )
    (diagnostic,) = Linter().check(str(path), text, full=False).diagnostics
    converted = to_lsp(diagnostic, Positions(Source(str(path), text), "utf-16"), path.as_uri())
    assert (
        converted.code_description.href
        == "https://docs.example.org/cmlint/rules.html#s003-dangling-reference"
    )
    (tmp_path / "cmlint.toml").write_text('select = ["S"]\n')
    (diagnostic,) = Linter().check(str(path), text, full=False).diagnostics
    assert diagnostic.doc_url.startswith("file://") and diagnostic.doc_url.endswith(
        "/docs/rules.md#s003-dangling-reference"
    )
