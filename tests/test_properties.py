"""Property-based tests (hypothesis): every reader, on any input, keeps the model's invariants.

For each format: whatever the text, reading it either gives a document whose spans are exact
(a principle's text is its source slice, its plain text maps back inside it) or raises
`InputError` (one line for the user), never another exception; and values that a JSON, YAML
or CSV library writes come back as principles with the same words. The structure rules then
run on the document without error. Bounded (a fixed number of derandomised examples each) so
the suite stays fast; bench/fuzz.py runs the same properties for longer.
"""

from __future__ import annotations

import csv
import io
import json

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmlint.catalogue import load_catalogue
from cmlint.config import Config
from cmlint.engine import check_source
from cmlint.model import Document
from cmlint.parse import ImportOptions, parse_document
from cmlint.source import InputError, Source

CATALOGUE = load_catalogue()
STRUCTURE = Config(select=("S",))
BOUNDED = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# -- inputs ---------------------------------------------------------------------------------
MARKDOWN_PIECES = [
    "# ", "## ", "### ", "- ", "* ", "+ ", "1. ", "2) ", "  - ", "    ", "> ", "\n", "\n\n", "\r\n", "\t",
    '!!! meta "Commentary"\n    ', "```\n", "~~~\n", "```json\n", "{#id authority=root}",
    "{#a overrides=b}", "{#b priority=2 kind=example}", "{.class}", "{", "}", "[?](#id)", "[text](#a)",
    "[^n]", "[^n]: note\n", "<!-- cmlint: disable=S003 -->", "<!-- cmlint: disable-file -->", "<!--",
    "-->", "**Term**: ", "**Example**: ", "---\ntitle: T\nauthority: user\n---\n", "# Definitions\n\n",
    "The assistant must ", "never ", "help the user.", "Choose the response that is kind.",
    "X takes precedence over Y.", "`code`", "*", "_", "\\", "|", "é", "😀",
    "\u200d", "\x00", "\x0c", "\u2028",
]  # fmt: skip
markdown_texts = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=12)), max_size=40).map(
    "".join
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=30,
)
sentences = st.lists(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).map(
        lambda words: "The assistant must " + words
    ),
    min_size=1,
    max_size=8,
)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    return []


# -- the properties ---------------------------------------------------------------------------
def _read(text: str, path: str, **options: str) -> Document | None:
    """The document, or None for an input error; any other exception fails the test."""
    source = Source(path, text)
    try:
        document = parse_document(source, ImportOptions(**options))
    except InputError as error:
        assert "\n" not in str(error).strip(), str(error)
        return None
    _assert_exact(document)
    check_source(source, STRUCTURE, CATALOGUE, ImportOptions(**options))  # the rules run on it
    return document


def _assert_exact(document: Document) -> None:
    text = document.source.text
    for principle in document.principles.values():
        span = principle.span
        assert 0 <= span.start <= span.end <= len(text)
        assert principle.text == text[span.start : span.end] and principle.text == principle.text.strip()
        plain = principle.plain
        assert plain is not None and len(plain.offsets) == len(plain.text)
        if not plain.text:  # markup alone ("- **", "[^n]", a comment): nothing for a rule to read
            continue
        offsets = list(plain.offsets)
        assert offsets == sorted(offsets) and span.start <= offsets[0] and offsets[-1] < span.end
    for section in document.sections.values():
        assert 0 <= section.span.start <= section.span.end <= len(text)


def _collapsed(values: list[str]) -> set[str]:
    return {" ".join(value.split()) for value in values}


@BOUNDED
@given(markdown_texts)
@example("- a\nlazy line\n---\n")  # found by bench/fuzz.py: was "internal error: UnexpectedToken"
@example("[^n]: note\nlazy line\n-\n")
@example("\x0c")  # a form feed alone was a principle whose text was not its own strip
@example("- *")  # markup alone: a principle with no plain text
@example("\r\x0c, text")  # found by bench/fuzz.py: a line starting with a lone CR was an internal error
def test_markdown_reader_keeps_exact_spans_on_any_text(text):
    _read(text, "c.md")


def test_a_lazy_line_then_a_rule_line_is_an_item_and_a_break():
    document = _read("- An item\nwith a lazy line\n---\n\n- Next.\n", "c.md")
    assert document is not None
    assert [p.text for p in document.principles.values()] == ["An item\nwith a lazy line", "Next."]


@BOUNDED
@given(st.text(max_size=300))
def test_plain_text_reader_on_any_text(text):
    _read(text, "c.txt")


@BOUNDED
@given(json_values, st.booleans())
def test_json_reader_returns_what_json_wrote(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only)
    document = _read(text, "c.json")
    if document is not None:
        assert {p.plain.text for p in document.principles.values()} <= _collapsed(_strings(value))


@BOUNDED
@given(sentences, st.booleans())
def test_a_json_list_of_sentences_is_one_principle_each(items, ascii_only):
    document = _read(json.dumps(items, ensure_ascii=ascii_only), "c.json")
    assert document is not None
    assert [p.plain.text for p in document.principles.values()] == [" ".join(i.split()) for i in items]


@BOUNDED
@given(st.text(max_size=200))
@example('["a \\\n b"]')  # found by bench/fuzz.py: a backslash before a line break made a two-line error
def test_json_reader_on_any_text(text):
    _read(text, "c.json")


@BOUNDED
@given(json_values, st.sampled_from([None, '"', "'", "|", ">"]))
def test_yaml_reader_returns_what_yaml_wrote(value, style):
    try:
        text = yaml.safe_dump(value, allow_unicode=True, default_style=style)
    except yaml.YAMLError:
        return
    document = _read(text, "c.yaml")
    if document is not None:
        loaded = yaml.safe_load(text)
        assert {p.plain.text for p in document.principles.values()} <= _collapsed(_strings(loaded))


@BOUNDED
@given(st.text(max_size=200))
def test_yaml_reader_on_any_text(text):
    _read(text, "c.yaml")


@BOUNDED
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), min_size=1, max_size=8))
def test_csv_reader_returns_what_csv_wrote(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    document = _read(buffer.getvalue(), "c.csv")
    if document is not None:
        cells = [cell for row in rows for cell in row]
        assert {p.plain.text for p in document.principles.values()} <= _collapsed(cells)


@BOUNDED
@given(st.text(max_size=200))
def test_csv_reader_on_any_text(text):
    _read(text, "c.csv")
