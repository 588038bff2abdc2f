"""JSON constitutions -> `Document`.

Python's json module forgets where each value was, so grammar/json.lark reads the file and
every string keeps the exact characters that wrote it, escapes and all; the parse becomes the
node tree of `cmlint.parse.tree`, whose walker recognises the shapes.
"""

from __future__ import annotations

import re

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from cmlint.model import Document
from cmlint.parse import ImportOptions
from cmlint.parse.tree import Decoded, Mapping, Node, Scalar, Sequence, build_document
from cmlint.resources import lark_parser
from cmlint.source import InputError, Source, Span

GRAMMAR = "json.lark"
MAX_DEPTH = 100  # nesting levels; real constitutions use a handful
# strings (as one match, escapes and all) and brackets: enough to measure nesting in one pass
_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _check_depth(source: Source) -> None:
    """Refuse absurd nesting before parsing: the tree walks are recursive, and no constitution needs it."""
    depth = 0
    for match in _NESTING.finditer(source.text):
        char = match.group(0)
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                where = source.position(match.start())
                raise InputError(
                    source.path,
                    f"JSON nested more than {MAX_DEPTH} levels deep; a constitution needs a few",
                    where.line,
                    where.column,
                )
        elif char in "]}":
            depth -= 1


# -- JSON -----------------------------------------------------------------------------------
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _decode_string(token: Token, source: Source) -> Decoded:
    """The value of a JSON string token, each character mapped to the source that wrote it.

    A decoded escape maps to its backslash; a surrogate pair is one character over twelve.
    Text between escapes is copied in slices, so a megabyte string costs milliseconds.
    """
    raw = str(token)
    base = token.start_pos
    if "\\" not in raw:  # no escapes: the value is its own source
        return Decoded(raw[1:-1], range(base + 1, base + len(raw) - 1), range(base + 2, base + len(raw)))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, stop = 1, len(raw) - 1
    while i < stop:
        escape = raw.find("\\", i, stop)
        literal_end = stop if escape == -1 else escape
        if literal_end > i:
            chars.append(raw[i:literal_end])
            starts.extend(range(base + i, base + literal_end))
            ends.extend(range(base + i + 1, base + literal_end + 1))
            i = literal_end
        if escape == -1:
            break
        ch, length = _escape(raw, i, base, source)
        chars.append(ch)
        starts.append(base + i)
        ends.append(base + i + length)
        i += length
    return Decoded("".join(chars), tuple(starts), tuple(ends))


def _escape(raw: str, i: int, base: int, source: Source) -> tuple[str, int]:
    letter = raw[i + 1]
    if letter in _ESCAPES:
        return _ESCAPES[letter], 2
    if letter == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", raw[i + 2 : i + 6]):
        code = int(raw[i + 2 : i + 6], 16)
        low = raw[i + 8 : i + 12] if raw[i + 6 : i + 8] == "\\u" else ""
        if 0xD800 <= code < 0xDC00 and re.fullmatch(r"[dD][c-fC-F][0-9a-fA-F]{2}", low):
            return chr(0x10000 + ((code - 0xD800) << 10) + int(low, 16) - 0xDC00), 12
        return chr(code), 6
    where = source.position(base + i)
    raise InputError(
        source.path,
        f"invalid JSON: bad escape '{raw[i : i + 2]}' in a string "
        '(JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)',
        where.line,
        where.column,
    )


def _to_node(tree: Tree | Token, source: Source) -> Node:
    if isinstance(tree, Token):
        if tree.type == "STRING":
            return Scalar(_decode_string(tree, source), Span(tree.start_pos + 1, tree.end_pos - 1))
        text = Decoded.verbatim(str(tree), tree.start_pos)
        return Scalar(text, Span(tree.start_pos, tree.end_pos), is_string=False)
    tokens = [c for c in tree.children if isinstance(c, Token)]
    span = Span(tokens[0].start_pos, tokens[-1].end_pos)
    if tree.data == "array":
        items = [c for c in tree.children if not (isinstance(c, Token) and c.type in _PUNCTUATION)]
        return Sequence(tuple(_to_node(item, source) for item in items), span)
    entries = []
    for pair in (c for c in tree.children if isinstance(c, Tree)):
        key, _colon, value = pair.children
        name = _to_node(key, source)
        assert isinstance(name, Scalar)
        entries.append((name, _to_node(value, source)))
    return Mapping(tuple(entries), span)


_PUNCTUATION = {"LBRACE", "RBRACE", "LSQB", "RSQB", "COMMA", "COLON"}
_NAMES = {
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "COLON": "':'",
    "STRING": "a string",
    "NUMBER": "a number",
    "LITERAL": "true, false or null",
    "$END": "the end of the file",
}
_VALUE_STARTS = frozenset({"LBRACE", "LSQB", "STRING", "NUMBER", "LITERAL"})
_CLOSERS = frozenset({"RBRACE", "RSQB"})


def _friendly(exc: UnexpectedInput, text: str) -> str:
    """Say what is wrong in words, from what the parser expected and what it found."""
    if isinstance(exc, UnexpectedCharacters):
        return _bad_character(text, exc.pos_in_stream)
    assert isinstance(exc, UnexpectedToken)
    found, expected = exc.token.type, set(exc.expected)
    if found == "$END":
        return "unexpected end of file: an object, array or string is not closed"
    before = text[: exc.token.start_pos].rstrip()[-1:]
    if found in _CLOSERS and before == ",":
        return "trailing comma: remove the ',' before the closing bracket"
    if "COMMA" in expected and found in _VALUE_STARTS:
        return "missing comma between two values"
    if expected == {"COLON"}:
        return "missing ':' between a key and its value"
    if "STRING" in expected and not expected & (_VALUE_STARTS - {"STRING"}):
        return "a key must be a string in double quotes"
    wanted = (
        "a value"
        if expected >= _VALUE_STARTS
        else " or ".join(sorted(_NAMES.get(name, name) for name in expected))
    )
    return f"expected {wanted}, found {_NAMES.get(found, repr(str(exc.token)))}"


def _bad_character(text: str, pos: int) -> str:
    char = text[pos]
    if char == '"':
        return "a string is never closed (no closing '\"' on this line or after it)"
    if char == "'":
        return 'strings and keys need double quotes ("), not single quotes'
    if char == "/":
        return "comments are not allowed in JSON"
    if char.isalpha():
        word = re.match(r"\w+", text[pos:]).group(0)  # type: ignore[union-attr]
        return f"unexpected '{word}': strings need double quotes; literals are true, false, null"
    return f"unexpected character {char!r}"


def _parse_error(exc: UnexpectedInput, source: Source) -> InputError:
    line, column = exc.line, exc.column
    at_end = isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    if at_end or not isinstance(line, int) or line < 1:  # point just after the last character
        end = source.position(len(source.text.rstrip()))
        line, column = end.line, end.column
    return InputError(source.path, f"invalid JSON: {_friendly(exc, source.text)}", line, column)


def parse_json(source: Source, options: ImportOptions) -> Document:
    """Parse a JSON constitution; malformed JSON raises `InputError` with its line and column."""
    if not source.text.strip():
        raise InputError(source.path, "invalid JSON: the file is empty")
    _check_depth(source)
    try:
        tree = lark_parser(GRAMMAR).parse(source.text)
    except UnexpectedInput as exc:
        raise _parse_error(exc, source) from None
    return build_document(_to_node(tree, source), source, "json")
