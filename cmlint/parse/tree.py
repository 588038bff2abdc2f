"""The shapes constitutions are published in, read the same way from JSON and YAML.

Both importers turn their parse into a tiny tree of `Scalar`, `Sequence` and `Mapping` nodes;
one walker (`build_document`) then recognises the shapes (no flag needed):

- an array of strings (the CAI paper's RL principles): one principle per string;
- critique/revision objects (`{prompt: [...], edit_request}`, `{critic, revision}`): each
  prompt is a preference principle, and each pair is a section named by its key or index;
- entry objects (`{dimension, definition, negative_definition}`, cmlint's own
  `{id, text, authority, overrides}`): the text fields are principles, titled by the name;
- objects keyed by name with sentence values: the key titles the principle;
- anything else: every sentence-like string, rather than a failure.

`Decoded` (a string with the source range of each of its characters) is also what the CSV
and plain-text importers use to turn a raw span into a trimmed span and a `PlainText`.
"""

from __future__ import annotations

import re
from collections import abc
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from cmlint.model import Document, Kind, PlainText
from cmlint.parse.builder import DocumentBuilder, slugify
from cmlint.parse.kinds import classify
from cmlint.source import NotAConstitution, Source, Span


# -- decoded strings ------------------------------------------------------------------------
@dataclass(frozen=True)
class Decoded:
    """A string value and, for each of its characters, the source range that wrote it.

    An escape such as `\\u2019` is one character whose range covers all six source
    characters; a doubled CSV quote is one character over two. Spans and plain text are
    computed from these ranges, never by searching the source again.
    """

    value: str
    starts: abc.Sequence[int]  # a range where the string is its own source: no per-character tuples
    ends: abc.Sequence[int]

    @classmethod
    def verbatim(cls, text: str, start: int) -> Decoded:
        """A string that is its own source (an unquoted CSV cell, a line of prose)."""
        return cls(text, range(start, start + len(text)), range(start + 1, start + len(text) + 1))

    def principle(self) -> tuple[Span, PlainText] | None:
        """The span without surrounding whitespace (escaped or not), and the plain text.

        Plain text collapses every run of whitespace (including decoded `\\n` escapes and
        line breaks inside a quoted cell) into one space at the run's first character. The work
        is done by string methods and slices, not per character, so a megabyte string costs
        milliseconds.
        """
        value = self.value
        stripped = value.strip()
        if not stripped:
            return None
        first = len(value) - len(value.lstrip())
        last = first + len(stripped) - 1
        span = Span(self.starts[first], max(self.ends[last], self.starts[first]))
        if not span:
            return None
        if not _COLLAPSE.search(stripped):  # single spaces only: the text is its own plain text
            return span, PlainText(stripped, self.starts[first : last + 1])
        pieces: list[str] = []
        offsets: list[abc.Sequence[int]] = []
        pos = first
        for run in _WHITESPACE.finditer(value, first, last + 1):
            start, end = run.span()
            pieces += (value[pos:start], " ")
            offsets += (self.starts[pos:start], (self.starts[start],))
            pos = end
        pieces.append(value[pos : last + 1])
        offsets.append(self.starts[pos : last + 1])
        return span, PlainText("".join(pieces), tuple(chain.from_iterable(offsets)))


_WHITESPACE = re.compile(r"\s+")
_COLLAPSE = re.compile(r"[^\S ]|  ")  # whitespace that is not a single space


# -- the tree both JSON and YAML become -------------------------------------------------------
@dataclass(frozen=True)
class Scalar:
    """A string, number, boolean or null; `is_string` tells a quoted "12" from 12."""

    text: Decoded
    span: Span
    is_string: bool = True

    @property
    def value(self) -> str:
        return self.text.value


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    span: Span


@dataclass(frozen=True)
class Mapping:
    entries: tuple[tuple[Scalar, Node], ...]
    span: Span

    def get(self, key: str) -> Node | None:
        for name, value in self.entries:
            if _field(name.value) == key:
                return value
        return None

    def string(self, *keys: str) -> Scalar | None:
        """The first of `keys` whose value is a non-blank string."""
        for key in keys:
            value = self.get(key)
            if isinstance(value, Scalar) and value.is_string and value.value.strip():
                return value
        return None


Node = Scalar | Sequence | Mapping


def _field(name: str) -> str:
    """A key as the walker compares it: `Edit-Request`, `edit request` -> `edit_request`."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


# -- the shape walker -----------------------------------------------------------------------
# A critique/revision pair: the key names the role of each prompt.
_PAIR_ROLES = {
    "prompt": "critique",
    "critic": "critique",
    "critique": "critique",
    "critique_request": "critique",
    "edit_request": "revision",
    "revision": "revision",
    "revision_request": "revision",
}
# Words that make a field hold principle text ("definition", "comment_body", "rule_text").
_TEXT_WORDS = frozenset(
    {"definition", "principle", "statement", "rule", "text", "description", "content", "body"}
    | {"critique", "critic", "revision", "prompt"}
)
_TITLE_FIELDS = ("dimension", "name", "title")
_ATTRIBUTE_FIELDS = ("authority", "overrides", "priority", "kind")
_META_FIELDS = frozenset(
    {"id", "version", "author", "authors", "license", "source", "url", "date", "language", "lang"}
    | set(_TITLE_FIELDS)
    | set(_ATTRIBUTE_FIELDS)
)
# Keys whose values are example conversations or few-shot prompts, not principles.
_EXAMPLE_KEY = re.compile(r"chat|example|conversation|dialog|messages|few_?shot|shots?$")


def _is_text_field(key: str) -> bool:
    return any(word in _TEXT_WORDS for word in key.split("_"))


def _is_sentence(scalar: Scalar) -> bool:
    """A string that reads as prose rather than a name, an id or a setting."""
    text = scalar.value.strip()
    return scalar.is_string and len(text) >= 20 and " " in text and any(c.isalpha() for c in text)


@dataclass(frozen=True)
class _Section:
    title: str
    span: Span


@dataclass(frozen=True)
class _Block:
    span: Span


@dataclass(frozen=True)
class _Meta:
    key: str
    value: str
    span: Span


@dataclass(frozen=True)
class _Item:
    scalar: Scalar
    suggested_id: str | None
    in_list: bool = True
    default: Kind = Kind.RULE
    fixed_kind: Kind | None = None
    title: str | None = None
    explicit_id: Scalar | None = None
    attributes: dict[str, str] = field(default_factory=dict)


_Step = _Section | _Block | _Meta | _Item


def _path_id(path: tuple[str, ...]) -> str:
    return ".".join(slugify(part) for part in path)


class _Planner:
    """Turns a tree into steps in source order, so the caller can fall back if none is a principle."""

    def __init__(self) -> None:
        self.steps: list[_Step] = []

    def node(self, node: Node, path: tuple[str, ...], label: str, head: Span, entry_id: str = "") -> None:
        """Walk a container; `entry_id` names an entry object that has no name of its own."""
        if isinstance(node, Sequence):
            self.sequence(node, path, label)
        elif isinstance(node, Mapping):
            self.mapping(node, path, label, head, entry_id or _path_id(path) or "principle.1")

    def sequence(self, node: Sequence, path: tuple[str, ...], label: str) -> None:
        base = _path_id(path) if path and path != ("principles",) else "principle"
        for index, item in enumerate(node.items):
            if isinstance(item, Scalar):
                if item.is_string:
                    self.steps.append(_Item(item, f"{base}.{index + 1}"))
            else:
                head = Span(item.span.start, item.span.start + 1)
                where = (*path, str(index))
                self.node(item, where, f"{label or base}[{index}]", head, f"{base}.{index + 1}")

    def mapping(self, node: Mapping, path: tuple[str, ...], label: str, head: Span, entry_id: str) -> None:
        keys = {_field(name.value) for name, _ in node.entries}
        if "role" in keys:  # a chat message of a few-shot example
            self.steps.append(_Block(node.span))
        elif keys & _PAIR_ROLES.keys():
            self.pair(node, path, label, head)
        elif self._is_entry(node):
            self.entry(node, entry_id)
        else:
            self.named(node, path)

    def pair(self, node: Mapping, path: tuple[str, ...], label: str, head: Span) -> None:
        """A critique/revision pair: a section, with each prompt a preference principle."""
        base = _path_id(path) or "pair"
        self.steps.append(_Section(label or base, head))
        for name, value in node.entries:
            key = _field(name.value)
            role = _PAIR_ROLES.get(key, key if _is_text_field(key) else None)
            if role is None:
                continue
            scalars = value.items if isinstance(value, Sequence) else (value,)
            strings = [s for s in scalars if isinstance(s, Scalar) and s.is_string]
            for number, scalar in enumerate(strings, start=1):
                suffix = f".{number}" if number > 1 else ""
                self.steps.append(_Item(scalar, f"{base}.{role}{suffix}", default=Kind.PREFERENCE))

    @staticmethod
    def _is_entry(node: Mapping) -> bool:
        """An object that states principles in named fields and holds no nested objects."""
        has_text = any(
            _is_text_field(_field(name.value)) and isinstance(value, Scalar) and value.is_string
            for name, value in node.entries
        )
        nested = any(
            isinstance(value, Mapping)
            or (isinstance(value, Sequence) and not all(isinstance(i, Scalar) for i in value.items))
            for _, value in node.entries
        )
        return has_text and not nested

    def entry(self, node: Mapping, fallback_id: str) -> None:
        """`{dimension, definition, negative_definition}` or cmlint's `{id, text, authority}`."""
        title_node = node.string(*_TITLE_FIELDS)
        title = title_node.value.strip() if title_node else None
        id_node = node.get("id")
        explicit = id_node if isinstance(id_node, Scalar) and id_node.value.strip() else None
        if explicit is not None and not explicit.is_string:
            fallback_id, explicit = f"principle-{slugify(explicit.value)}", None
        base = explicit.value.strip() if explicit else slugify(title) if title else fallback_id
        attributes = _attributes(node)
        primary = True
        for name, value in node.entries:
            key = _field(name.value)
            if not (_is_text_field(key) and isinstance(value, Scalar) and value.is_string):
                continue
            if key == "negative_definition":
                negative_title = f"{title} (negative)" if title else None
                self.steps.append(
                    _Item(value, f"{base}.negative", fixed_kind=Kind.RULE, title=negative_title)
                )
                continue
            self.steps.append(
                _Item(
                    value,
                    base if primary else f"{base}.{slugify(key)}",
                    title=title,
                    explicit_id=explicit if primary else None,
                    attributes=attributes,
                )
            )
            primary = False

    def named(self, node: Mapping, path: tuple[str, ...]) -> None:
        """An object keyed by name: sentence values are principles, containers are walked."""
        for name, value in node.entries:
            key = _field(name.value)
            if _EXAMPLE_KEY.search(key):
                self.steps.append(_Block(value.span))
            elif isinstance(value, Scalar):
                if not path and key in _META_FIELDS:
                    self.steps.append(_Meta(name.value.strip(), value.value, value.span))
                elif _is_sentence(value):
                    principle_id = _path_id((*path, name.value))
                    self.steps.append(_Item(value, principle_id, in_list=False, title=name.value.strip()))
            else:
                self.node(value, (*path, name.value), name.value.strip(), name.span)


def _attributes(node: Mapping) -> dict[str, str]:
    """cmlint's precedence fields, as the strings `DocumentBuilder` reads from Markdown."""
    attributes: dict[str, str] = {}
    for key in _ATTRIBUTE_FIELDS:
        value = node.get(key)
        if isinstance(value, Scalar):
            attributes[key] = value.value.strip()
        elif isinstance(value, Sequence):
            attributes[key] = ",".join(i.value for i in value.items if isinstance(i, Scalar))
    return attributes


def _sentences(node: Node, path: tuple[str, ...]) -> Iterator[_Item]:
    """Every sentence-like string of an unknown shape, for the last-resort reading."""
    if isinstance(node, Scalar):
        if _is_sentence(node):
            yield _Item(node, _path_id(path) or "principle.1", in_list=False)
    elif isinstance(node, Sequence):
        for index, item in enumerate(node.items):
            yield from _sentences(item, (*path, str(index + 1)))
    else:
        for name, value in node.entries:
            yield from _sentences(value, (*path, name.value))


def build_document(root: Node, source: Source, format: str) -> Document:
    """Walk a JSON or YAML tree into a `Document`; raise `InputError` if nothing is a principle."""
    planner = _Planner()
    planner.node(root, (), "", Span(root.span.start, root.span.start))
    steps: list[_Step] = list(planner.steps)
    if not any(isinstance(s, _Item) and s.scalar.text.principle() for s in steps):
        steps = list(_sentences(root, ()))
    builder = DocumentBuilder(source, format)
    added = sum(_emit(builder, step) for step in steps)
    if not added:
        raise NotAConstitution(
            source.path,
            f"no principles found in {format.upper()}: expected an array of strings, or objects "
            "with fields such as definition, principle, text, critique or revision",
        )
    return builder.finish()


def _emit(builder: DocumentBuilder, step: _Step) -> bool:
    """Apply one step to the builder; True if it added a principle."""
    if isinstance(step, _Section):
        builder.open_section(step.title, 1, step.span)
    elif isinstance(step, _Block):
        builder.add_block("example", step.span)
    elif isinstance(step, _Meta):
        builder.metadata[step.key] = step.value
        if _field(step.key) == "authority":
            root = builder.sections[Document.ROOT]
            builder._apply_precedence(root, {"authority": step.value}, step.span)
    else:
        piece = step.scalar.text.principle()
        if piece is None:
            return False
        span, plain = piece
        kind = step.fixed_kind or classify(plain.text, in_list=step.in_list, default=step.default)
        explicit = step.explicit_id
        builder.add_principle(
            span,
            kind=kind,
            title=step.title,
            explicit_id=explicit.value.strip() if explicit else None,
            id_span=explicit.text.principle()[0] if explicit else None,  # type: ignore[index]
            suggested_id=step.suggested_id,
            attributes=step.attributes or None,
            plain=plain,
        )
        return True
    return False
