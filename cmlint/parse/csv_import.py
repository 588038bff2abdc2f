"""CSV principle sets -> `Document`, through grammar/csv.lark.

Python's csv module gives values, not places; the grammar gives every cell its exact span,
so a finding points inside the right quoted field even when it holds line breaks or doubled
quotes. The first row names the columns; one column holds the principles (chosen by
`--column`, else by name, else as the column with the longest text), an `id` column names
them and a `name` column titles them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from cmlint.model import Document
from cmlint.parse import ImportOptions
from cmlint.parse.builder import DocumentBuilder, slugify
from cmlint.parse.kinds import classify
from cmlint.parse.tree import Decoded
from cmlint.resources import lark_parser
from cmlint.source import InputError, NotAConstitution, Source, Span

GRAMMAR = "csv.lark"

# Column names that hold principles, most telling first (compared case-insensitively).
_TEXT_COLUMNS = ("principle", "statement", "rule", "text", "comment-body", "body", "content")
_ID_COLUMNS = ("id", "comment-id", "comment_id")
_TITLE_COLUMNS = ("name", "title")


@dataclass(frozen=True)
class Cell:
    """One field: its decoded value, and where its content (inside any quotes) lies."""

    text: Decoded
    span: Span

    @property
    def value(self) -> str:
        return self.text.value


def _cell(token: Token) -> Cell:
    raw = str(token)
    if token.type == "TEXT":
        return Cell(Decoded.verbatim(raw, token.start_pos), Span(token.start_pos, token.end_pos))
    base = token.start_pos + 1
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, stop = 1, len(raw) - 1
    while i < stop:
        length = 2 if raw[i] == '"' else 1  # "" is one quote, mapped to the first
        chars.append(raw[i])
        starts.append(token.start_pos + i)
        ends.append(token.start_pos + i + length)
        i += length
    return Cell(Decoded("".join(chars), tuple(starts), tuple(ends)), Span(base, token.end_pos - 1))


def _empty(at: int) -> Cell:
    return Cell(Decoded("", (), ()), Span(at, at))


def _row(tree: Tree) -> list[Cell]:
    """The cells of a row, with an empty cell wherever two commas (or an edge) meet."""
    cells: list[Cell] = []
    pending: Cell | None = None
    for token in tree.children:
        assert isinstance(token, Token)
        if token.type == "COMMA":
            cells.append(pending or _empty(token.start_pos))
            pending = _empty(token.end_pos)
        else:
            pending = _cell(token)
    if pending is not None:
        cells.append(pending)
    return cells


def _rows(source: Source) -> list[list[Cell]]:
    try:
        tree = lark_parser(GRAMMAR).parse(source.text)
    except UnexpectedInput as exc:
        raise _parse_error(exc, source) from None
    rows = (_row(child) for child in tree.children if isinstance(child, Tree))
    return [row for row in rows if any(cell.value.strip() for cell in row)]


def _parse_error(exc: UnexpectedInput, source: Source) -> InputError:
    text = source.text
    if isinstance(exc, UnexpectedCharacters) and text[exc.pos_in_stream] == '"':
        message = 'quoted field is never closed: add the closing \'"\' (write a quote inside as "")'
    elif isinstance(exc, UnexpectedToken) and exc.token.type in ("TEXT", "QUOTED"):
        message = 'text after a closing quote: write a quote inside a quoted field as ""'
    else:
        message = "malformed row"
    return InputError(source.path, f"invalid CSV: {message}", exc.line, exc.column)


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    lowered = [name.strip().lower() for name in names]
    for name in wanted:
        if name in lowered:
            return lowered.index(name)
    return None


def _text_column(header: list[Cell], rows: list[list[Cell]], options: ImportOptions, source: Source) -> int:
    """`--column`, else the first column named like principle text, else the longest text."""
    names = [cell.value.strip() for cell in header]
    if options.column is not None:
        found = _find(names, (options.column.strip().lower(),))
        if found is None:
            raise InputError(
                source.path,
                f"no column '{options.column}' in the CSV header; columns are: {', '.join(names)}",
                *_place(source, header[0].span.start),
            )
        return found
    found = _find(names, _TEXT_COLUMNS)
    if found is not None:
        return found

    def average_length(index: int) -> float:
        lengths = [len(row[index].value) for row in rows if index < len(row)]
        return sum(lengths) / len(lengths) if lengths else 0.0

    return max(range(len(names)), key=average_length)


def _place(source: Source, offset: int) -> tuple[int, int]:
    where = source.position(offset)
    return where.line, where.column


def _value(row: list[Cell], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    return row[index].value.strip() or None


def parse_csv(source: Source, options: ImportOptions) -> Document:
    """Parse a CSV of principles; malformed CSV raises `InputError` with its line and column."""
    rows = _rows(source)
    if not rows:
        raise InputError(source.path, "invalid CSV: the file is empty (a header row is required)")
    header, data = rows[0], rows[1:]
    names = [cell.value.strip() for cell in header]
    column = _text_column(header, data, options, source)
    id_column = _find(names, _ID_COLUMNS)
    title_column = _find(names, _TITLE_COLUMNS)
    builder = DocumentBuilder(source, "csv")
    builder.metadata["column"] = names[column]
    for number, row in enumerate(data, start=1):
        if column >= len(row) or (piece := row[column].text.principle()) is None:
            continue
        span, plain = piece
        row_id = _value(row, id_column)
        builder.add_principle(
            span,
            kind=classify(plain.text, in_list=True),
            title=_value(row, title_column),
            suggested_id=f"row-{slugify(row_id)}" if row_id else f"row.{number}",
            plain=plain,
        )
    if not builder.principles:
        raise NotAConstitution(source.path, f"no principles found in CSV column '{names[column]}'")
    return builder.finish()
