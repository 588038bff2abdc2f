"""YAML constitutions -> `Document`, through the same tree and walker as JSON.

`yaml.compose` keeps a start and end mark for every node, so each scalar keeps its place in
the file. A scalar's decoded value (folded lines, escapes, doubled quotes, block
indentation) is aligned to its source characters monotonically: exact for plain scalars and
literal blocks, and for quoted or folded scalars each character maps to the source character
that wrote it or, for a folded line break or an escape, to where that begins.

Besides the JSON shapes, this reads cmlint's own format: a top-level `principles:` list of
strings or of mappings with `id`, `text`, `authority`, `overrides`, `priority`, `title` and
`kind` (the entry walker in json_import handles both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cmlint.model import Document
from cmlint.parse import ImportOptions
from cmlint.parse.tree import Decoded, Mapping, Node, Scalar, Sequence, build_document
from cmlint.source import InputError, NotAConstitution, Source, Span

if TYPE_CHECKING:
    import yaml

_STRING_TAG = "tag:yaml.org,2002:str"
# Length of each double-quoted escape after its backslash letter (YAML 1.1 / 1.2).
_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}
_LOOKAHEAD = 16
MAX_DEPTH = 100  # nesting levels; real constitutions use a handful
MAX_ALIAS_NODES = 100_000  # nodes an alias may repeat, in all


def _escape_length(text: str, pos: int) -> int:
    letter = text[pos + 1 : pos + 2]
    if letter == "\r" and text[pos + 2 : pos + 3] == "\n":
        return 3
    return _ESCAPE_LENGTH.get(letter, 2)


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _align(value: str, text: str, start: int, end: int, style: str | None) -> Decoded:
    """Map each character of a decoded scalar to the source range that wrote it, in order."""
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    for ch in value:
        begin, pos = _locate(ch, text, pos, end, style)
        starts.append(begin)
        ends.append(pos)
    return Decoded(value, tuple(starts), tuple(ends))


def _locate(ch: str, text: str, pos: int, end: int, style: str | None) -> tuple[int, int]:
    """Where `ch` was written at or after `pos`: its (start, end) in the source."""
    while True:
        current = text[pos] if pos < end else ""
        if style == '"' and current == "\\":
            length = _escape_length(text, pos)
            if text[pos + 1 : pos + 2] in ("\n", "\r"):  # an escaped line break writes nothing
                pos = _skip_space(text, pos + length, end)
                continue
            return pos, min(pos + length, end)
        if style == "'" and current == "'" == ch:  # '' is one quote
            return pos, min(pos + 2, end)
        if current == ch:
            return pos, pos + 1
        if ch.isspace():  # a folded line break: the whole run of source whitespace
            return pos, _skip_space(text, pos, end) if current.isspace() else pos
        if current.isspace():  # indentation the value does not keep
            pos = _skip_space(text, pos, end)
            continue
        found = text.find(ch, pos, min(end, pos + _LOOKAHEAD))
        if found != -1:  # a tag or anchor before the value, or an escape we do not model
            return found, found + 1
        return pos, min(pos + 1, end) if pos < end else pos


def _content_range(node: yaml.ScalarNode, text: str) -> tuple[int, int]:
    """The characters that hold a scalar's value: inside its quotes, below a block header."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("'", '"'):
        quote = text.find(node.style, start, end)
        return quote + 1, max(quote + 1, end - 1)
    if node.style in ("|", ">"):
        newline = text.find("\n", start, end)
        return (newline + 1 if newline != -1 else end), end
    return start, end


def _scalar(node: yaml.ScalarNode, text: str) -> Scalar:
    start, end = _content_range(node, text)
    decoded = _align(node.value, text, start, end, node.style)
    return Scalar(decoded, Span(start, end), is_string=node.tag == _STRING_TAG)


class _Expansion:
    """Turns composed YAML nodes into the shared tree, within bounds.

    `yaml.compose` shares an anchored node among its aliases, so a few lines can stand for
    billions of nodes (the "billion laughs" alias bomb); expanding them is what costs. Nodes
    reached a second time through an alias are counted, and nesting depth is bounded, so a
    hostile file is one error, not minutes and gigabytes.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self.text = source.text
        self.visited: set[int] = set()
        self.repeated = 0

    def node(self, node: yaml.Node, ancestors: frozenset[int] = frozenset(), depth: int = 0) -> Node | None:
        import yaml

        key = id(node)
        if key in ancestors:  # a recursive alias is cut, not followed
            return None
        if depth > MAX_DEPTH:
            raise self._error(node, f"nested more than {MAX_DEPTH} levels deep; a constitution needs a few")
        if key in self.visited:
            self.repeated += 1
            if self.repeated > MAX_ALIAS_NODES:
                raise self._error(
                    node,
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} repeated nodes "
                    "(an alias bomb?); write the shared part once",
                )
        self.visited.add(key)
        text = self.text
        span = Span(node.start_mark.index, max(node.start_mark.index, node.end_mark.index))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node, text)
        inner = ancestors | {key}
        if isinstance(node, yaml.SequenceNode):
            items = (self.node(item, inner, depth + 1) for item in node.value)
            return Sequence(tuple(item for item in items if item is not None), span)
        entries = []
        for name, value in node.value:
            child = self.node(value, inner, depth + 1)
            if isinstance(name, yaml.ScalarNode) and child is not None:
                entries.append((_scalar(name, text), child))
        return Mapping(tuple(entries), span)

    def _error(self, node: yaml.Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError(self.source.path, f"YAML {message}", mark.line + 1, mark.column + 1)


def _yaml_error(exc: Exception, source: Source) -> InputError:
    """A one-line error at the place PyYAML names (its marks are 0-based)."""
    import yaml

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = exc.problem or "malformed YAML"
        context = f" ({exc.context})" if exc.context else ""
        message = f"invalid YAML: {problem}{context}"
    else:
        message = f"invalid YAML: {exc}".split("\n")[0]
    if isinstance(exc, yaml.reader.ReaderError):
        where = source.position(exc.position)
        return InputError(source.path, message, where.line, where.column)
    if mark is None:
        return InputError(source.path, message)
    return InputError(source.path, message, mark.line + 1, mark.column + 1)


def parse_yaml(source: Source, options: ImportOptions) -> Document:
    """Parse a YAML constitution; malformed YAML raises `InputError` with its line and column."""
    import yaml

    try:
        documents = list(yaml.compose_all(source.text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise InputError(
            source.path, f"YAML nested more than {MAX_DEPTH} levels deep; a constitution needs a few"
        ) from None
    expansion = _Expansion(source)
    nodes = [n for n in (expansion.node(d) for d in documents if d is not None) if n]
    if not nodes:
        raise NotAConstitution(source.path, "no principles found in YAML: the file has no content")
    root = nodes[0] if len(nodes) == 1 else Sequence(tuple(nodes), Span(0, len(source.text)))
    return build_document(root, source, "yaml")
