"""The document model: what every parser produces and every analysis reads.

`Document -> Section -> Principle`, plus the defined terms, references, footnotes and
suppression directives found on the way. Every object carries the `Span` it came from, so a
finding about it points at the exact characters; `Principle.text` is always
`source.text[principle.span.start:principle.span.end]`, and `Principle.plain` is the same
words with markup and escapes removed, with a map back to source offsets.
"""

from __future__ import annotations

import enum
from collections import abc
from dataclasses import dataclass, field

from cmlint.source import Source, Span


class Kind(enum.StrEnum):
    """What a principle is for, so rules can choose what to read."""

    RULE = "rule"
    PREFERENCE = "preference"  # "Choose the response that..." and critique prompts
    COMMENTARY = "commentary"  # `!!! meta` admonitions, block quotes, background prose
    EXAMPLE = "example"  # "**Example**: ..." and fenced example conversations


class Authority(enum.StrEnum):
    """Authority levels of the Model Spec, highest first (`platform` is read as `root`)."""

    ROOT = "root"
    SYSTEM = "system"
    DEVELOPER = "developer"
    USER = "user"
    GUIDELINE = "guideline"

    @property
    def rank(self) -> int:
        """0 for the highest authority; a lower rank wins."""
        return list(Authority).index(self)

    @classmethod
    def parse(cls, value: str) -> Authority | None:
        value = value.strip().lower()
        if value == "platform":
            return cls.ROOT
        try:
            return cls(value)
        except ValueError:
            return None


@dataclass(frozen=True, eq=False)
class PlainText:
    """Text with markup removed, and for each of its characters the source offset it came from.

    Analyses run on `text`; `span_of` maps a range of it back to the source, so no finding
    ever has to search the source again for the words it found.
    """

    text: str
    offsets: abc.Sequence[int]  # a tuple, or a range where the text is its own source

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PlainText):
            return NotImplemented
        return self.text == other.text and (
            self.offsets == other.offsets or tuple(self.offsets) == tuple(other.offsets)
        )

    def __hash__(self) -> int:
        return hash((self.text, len(self.offsets), self.offsets[0] if self.offsets else -1))

    def span_of(self, start: int, end: int) -> Span:
        if not self.offsets:
            raise ValueError("empty text has no spans")
        start = min(max(start, 0), len(self.offsets) - 1)
        end = min(max(end, start + 1), len(self.offsets))
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


@dataclass(frozen=True)
class Reference:
    """A pointer from one place to an id: `[?](#anchor)`, `[text](#anchor)`, `[^note]`, `overrides=`."""

    target: str
    span: Span
    kind: str  # "anchor" | "footnote" | "overrides"
    origin: str | None = None  # id of the principle or section that holds it


@dataclass(frozen=True)
class Term:
    """A defined term: `**Term**: definition` in a Definitions section, or an imported glossary."""

    name: str
    definition: str
    span: Span
    section: str


@dataclass(frozen=True)
class Directive:
    """An inline `<!-- cmlint: ... -->` comment."""

    action: str  # "disable" | "disable-file"
    codes: tuple[str, ...]  # empty: every rule
    reason: str | None
    span: Span


@dataclass(frozen=True)
class SyntaxProblem:
    """A recoverable problem found while parsing, turned into a diagnostic by a structure rule."""

    check: str  # the check that reports it: "parse-error" | "unknown-attribute"
    message: str
    span: Span
    detail: str = ""


@dataclass
class Principle:
    """One statement of the constitution: a list item, a paragraph, an imported entry."""

    id: str
    text: str
    span: Span
    section: str
    heading_path: tuple[str, ...]
    kind: Kind = Kind.RULE
    title: str | None = None
    authority: Authority | None = None
    priority: int | None = None
    explicit_id: bool = False
    parent: str | None = None
    lead_in: str | None = None  # the paragraph that introduces this item's list ("Claude should never:")
    overrides: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    plain: PlainText | None = None

    @property
    def plain_text(self) -> str:
        return self.plain.text if self.plain is not None else self.text


@dataclass
class Section:
    """A heading and what lies under it (the document itself is the root section, level 0)."""

    id: str
    title: str
    level: int
    span: Span  # the heading line (or the whole document for the root)
    body: Span  # from after the heading to the next heading of the same or higher level
    parent: str | None
    explicit_id: bool = False
    authority: Authority | None = None
    priority: int | None = None
    overrides: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    principles: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    heading_path: tuple[str, ...] = ()
    blocks: list[tuple[str, Span]] = field(default_factory=list)  # examples, tables, ...


@dataclass
class Document:
    """A parsed constitution."""

    source: Source
    format: str
    sections: dict[str, Section]
    principles: dict[str, Principle]
    terms: list[Term] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    footnotes: dict[str, Span] = field(default_factory=dict)
    anchors: dict[str, tuple[str, str]] = field(default_factory=dict)  # anchor -> ("section"|"principle", id)
    directives: list[Directive] = field(default_factory=list)
    problems: list[SyntaxProblem] = field(default_factory=list)
    explicit_ids: list[tuple[str, Span]] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)

    ROOT = "__document__"

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def root(self) -> Section:
        return self.sections[self.ROOT]

    def resolve(self, identifier: str) -> tuple[str, str] | None:
        """What an id or anchor names: ("principle", id) or ("section", id), or None."""
        if identifier in self.principles:
            return "principle", identifier
        if identifier in self.sections:
            return "section", identifier
        return self.anchors.get(identifier)

    def principles_of_kind(self, *kinds: Kind) -> list[Principle]:
        return [p for p in self.principles.values() if p.kind in kinds]

    def principle_at(self, offset: int) -> Principle | None:
        """The innermost principle whose span holds an offset."""
        best: Principle | None = None
        for principle in self.principles.values():
            inside = principle.span.start <= offset < max(principle.span.end, principle.span.start + 1)
            if inside and (best is None or len(principle.span) < len(best.span)):
                best = principle
        return best
