"""Assembling a `Document`: the one place where sections, principles and ids are made.

Every parser and importer drives a `DocumentBuilder`, so ids, authority inheritance,
suppression directives and section bodies work the same for Markdown, JSON, YAML, CSV and
plain text.
"""

from __future__ import annotations

import re
import unicodedata

from cmlint.model import (
    Authority,
    Directive,
    Document,
    Kind,
    PlainText,
    Principle,
    Reference,
    Section,
    SyntaxProblem,
    Term,
)
from cmlint.source import Source, Span

_ROOT_SLUG = "preamble"


def slugify(text: str) -> str:
    """A GitHub-style anchor: lower case, punctuation dropped, spaces as hyphens."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r"\s", "-", text) or "section"


class DocumentBuilder:
    """Collects sections and principles in source order, then `finish()` makes the `Document`."""

    def __init__(self, source: Source, format: str) -> None:
        self.source = source
        self.format = format
        root = Section(
            id=Document.ROOT,
            title="",
            level=0,
            span=Span(0, 0),
            body=Span(0, len(source.text)),
            parent=None,
        )
        self.sections: dict[str, Section] = {root.id: root}
        self.principles: dict[str, Principle] = {}
        self.terms: list[Term] = []
        self.references: list[Reference] = []
        self.footnotes: dict[str, Span] = {}
        self.anchors: dict[str, tuple[str, str]] = {}
        self.directives: list[Directive] = []
        self.problems: list[SyntaxProblem] = []
        self.explicit_ids: list[tuple[str, Span]] = []
        self.metadata: dict[str, object] = {}
        self._stack: list[Section] = [root]
        self._slug_counts: dict[str, int] = {}
        self._counters: dict[str, int] = {}

    # -- sections ---------------------------------------------------------------------
    @property
    def current(self) -> Section:
        return self._stack[-1]

    def open_section(
        self,
        title: str,
        level: int,
        span: Span,
        *,
        explicit_id: str | None = None,
        id_span: Span | None = None,
        attributes: dict[str, str] | None = None,
    ) -> Section:
        """Start a section at heading `level`; it closes at the next heading of that level or higher."""
        while len(self._stack) > 1 and self._stack[-1].level >= level:
            self._close(self._stack.pop(), span.start)
        parent = self._stack[-1]
        slug = self._unique_slug(slugify(title))
        section_id = explicit_id or slug
        if explicit_id:
            self.explicit_ids.append((explicit_id, id_span or span))
            if explicit_id in self.sections:
                section_id = self._unique_slug(explicit_id)
        attributes = dict(attributes or {})
        section = Section(
            id=section_id,
            title=title,
            level=level,
            span=span,
            body=Span(span.end, len(self.source.text)),
            parent=parent.id,
            explicit_id=explicit_id is not None,
            attributes=attributes,
            heading_path=(*parent.heading_path, title),
        )
        self._apply_precedence(section, attributes, span)
        self.sections[section.id] = section
        parent.children.append(section.id)
        self.anchors.setdefault(slug, ("section", section.id))
        if explicit_id:
            self.anchors.setdefault(explicit_id, ("section", section.id))
        self._stack.append(section)
        return section

    def _close(self, section: Section, end: int) -> None:
        section.body = Span(section.body.start, max(section.body.start, end))

    def _unique_slug(self, slug: str) -> str:
        count = self._slug_counts.get(slug, 0)
        self._slug_counts[slug] = count + 1
        return slug if count == 0 else f"{slug}-{count}"

    def add_block(self, kind: str, span: Span) -> None:
        """Keep a non-principle block (an example fence, a table) in its section."""
        self.current.blocks.append((kind, span))

    # -- principles -------------------------------------------------------------------
    def add_principle(
        self,
        span: Span,
        *,
        kind: Kind = Kind.RULE,
        title: str | None = None,
        explicit_id: str | None = None,
        id_span: Span | None = None,
        suggested_id: str | None = None,
        attributes: dict[str, str] | None = None,
        parent: str | None = None,
        lead_in: str | None = None,
        plain: PlainText | None = None,
    ) -> Principle:
        """Add a principle whose text is exactly `source.text[span]`."""
        section = self.current
        if explicit_id:
            self.explicit_ids.append((explicit_id, id_span or span))
        principle_id = explicit_id or suggested_id or self._next_id(section)
        if principle_id in self.principles or principle_id in self.sections:
            principle_id = self._next_id(section) if not explicit_id else self._unique_slug(principle_id)
        attributes = dict(attributes or {})
        if "kind" in attributes:
            try:
                kind = Kind(attributes["kind"])
            except ValueError:
                self.problems.append(
                    SyntaxProblem(
                        "unknown-attribute",
                        f"unknown kind '{attributes['kind']}' (known: "
                        + ", ".join(k.value for k in Kind)
                        + ")",
                        span,
                    )
                )
        principle = Principle(
            id=principle_id,
            text=self.source.slice(span),
            span=span,
            section=section.id,
            heading_path=section.heading_path,
            kind=kind,
            title=attributes.get("title", title),
            explicit_id=explicit_id is not None,
            parent=parent,
            lead_in=lead_in,
            attributes=attributes,
            plain=plain,
        )
        self._apply_precedence(principle, attributes, span)
        self.principles[principle.id] = principle
        section.principles.append(principle.id)
        if explicit_id:
            self.anchors.setdefault(explicit_id, ("principle", principle.id))
        return principle

    def _next_id(self, section: Section) -> str:
        base = section.id if section.id != Document.ROOT else _ROOT_SLUG
        while True:
            count = self._counters.get(base, 0) + 1
            self._counters[base] = count
            candidate = f"{base}.{count}"
            if candidate not in self.principles:
                return candidate

    def _apply_precedence(self, owner: Section | Principle, attributes: dict[str, str], span: Span) -> None:
        if "authority" in attributes:
            authority = Authority.parse(attributes["authority"])
            if authority is None:
                levels = ", ".join(a.value for a in Authority)
                self.problems.append(
                    SyntaxProblem(
                        "unknown-attribute",
                        f"unknown authority '{attributes['authority']}' (known: {levels}, platform)",
                        span,
                    )
                )
            owner.authority = authority
        if "priority" in attributes:
            try:
                owner.priority = int(attributes["priority"])
            except ValueError:
                self.problems.append(
                    SyntaxProblem(
                        "parse-error",
                        f"priority must be a whole number, not '{attributes['priority']}'",
                        span,
                    )
                )
        if "overrides" in attributes:
            targets = tuple(t for t in re.split(r"[,\s]+", attributes["overrides"]) if t)
            owner.overrides = targets
            for target in targets:
                self.references.append(Reference(target, span, "overrides", owner.id))

    # -- everything else --------------------------------------------------------------
    def add_directive(self, directive: Directive) -> None:
        """Record a suppression; the engine works out what it covers from its place."""
        self.directives.append(directive)

    def finish(self) -> Document:
        end = len(self.source.text)
        while len(self._stack) > 1:
            self._close(self._stack.pop(), end)
        self._inherit_precedence()
        return Document(
            source=self.source,
            format=self.format,
            sections=self.sections,
            principles=self.principles,
            terms=self.terms,
            references=self.references,
            footnotes=self.footnotes,
            anchors=self.anchors,
            directives=self.directives,
            problems=self.problems,
            explicit_ids=self.explicit_ids,
            metadata=self.metadata,
        )

    def _inherit_precedence(self) -> None:
        """A principle without its own authority or priority takes its parent item's, else its
        nearest section's that has one."""
        for principle in self.principles.values():  # in source order: parents come first
            for name in ("authority", "priority"):
                if getattr(principle, name) is None and principle.parent:
                    setattr(principle, name, getattr(self.principles[principle.parent], name))
                section: Section | None = self.sections[principle.section]
                while getattr(principle, name) is None and section is not None:
                    setattr(principle, name, getattr(section, name))
                    section = self.sections.get(section.parent) if section.parent else None
