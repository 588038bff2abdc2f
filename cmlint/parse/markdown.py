"""Constitution Markdown -> `Document`, through grammar/constitution.lark.

The lark grammar gives blocks with exact character spans; this module gives them meaning:
headings open sections, list items and paragraphs become principles (nested by indentation),
admonitions and quotes become commentary, fences are kept as examples, comments may carry
suppression directives, and a Definitions section yields defined terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, Tree

from cmlint.model import Document, Kind, SyntaxProblem, Term
from cmlint.parse.builder import DocumentBuilder
from cmlint.parse.inline import (
    find_directives,
    find_references,
    parse_attributes,
    split_trailing_attributes,
)
from cmlint.parse.kinds import classify
from cmlint.parse.plain import plain_text
from cmlint.resources import lark_parser
from cmlint.source import Source, Span

GRAMMAR = "constitution.lark"

_DEFINITIONS_TITLE = re.compile(r"\b(definitions?|glossary|terminology|key terms|terms)\b", re.I)
# `**Term**: definition`, `` `term`: definition ``, `Term: definition` (short terms only).
_TERM = re.compile(
    r"^(?:\*\*(?P<bold>[^*\n]{1,60}?)\*\*\s*:|`(?P<code>[^`\n]{1,60})`\s*:|"
    r"(?P<bare>[A-Z][\w’' -]{0,40}?)\s*:(?!//))\s*(?P<definition>\S.*)",
    re.DOTALL,
)
# A bold lead-in names the principle: "**Minimizing harm:** Like any..." or "**Honest**: ..."
_LEAD_IN = re.compile(r"^\*\*(?P<title>[^*\n]{1,80}?)[:.]?\*\*\s*[:.—-]?\s")
_LIST_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)]|\([a-zA-Z0-9]{1,4}\)|"
    r"\d{1,4}[ \t]+\((?P<name>[^)\n]{1,80})\)\.)(?P<gap>[ \t]*)"
)
_ADMONITION_HEAD = re.compile(r"^[ ]{0,3}!!![ \t]*(?P<type>[\w-]*)")
_EXAMPLE_LEAD = re.compile(r"^\W{0,4}examples?\b", re.IGNORECASE)
_FENCE_CLOSE = re.compile(r"^[ \t]*(?:~{3,}|`{3,})[ \t]*$")


def _width(whitespace: str) -> int:
    return len(whitespace.expandtabs(4))


def _trimmed(source: Source, start: int, end: int) -> Span | None:
    """The span between `start` and `end` without surrounding whitespace (None if empty).

    Whitespace as `str.strip` sees it (a form feed, U+2028 too), so a line of nothing but such
    characters is no principle, and a principle's text is always its own strip.
    """
    text = source.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


@dataclass
class _OpenItem:
    marker_indent: int
    content_indent: int
    principle_id: str | None  # None: the item defined a term, and its sub-items belong to it


class _MarkdownReader:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.builder = DocumentBuilder(source, "markdown")
        self.items: list[_OpenItem] = []  # the open list, innermost last
        self.lead_in: str | None = None  # a paragraph ending in ':' that the next list continues

    # -- entry ------------------------------------------------------------------------
    def read(self) -> Document:
        tree = lark_parser(GRAMMAR).parse(self.source.text)
        for node in tree.children:
            if isinstance(node, Tree):
                if node.data not in ("paragraph", "list_item", "comment"):
                    self.lead_in = None
                getattr(self, f"_{node.data}")(node, [t for t in node.children if isinstance(t, Token)])
        return self.builder.finish()

    # -- blocks -----------------------------------------------------------------------
    def _front_matter(self, node: Tree, tokens: list[Token]) -> None:
        import yaml

        raw = str(tokens[0])
        body = raw.split("\n", 1)[1].rsplit("\n", 2)[0] if raw.count("\n") >= 2 else ""
        try:
            data = yaml.safe_load(body) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            offset = tokens[0].start_pos + raw.index("\n") + 1
            if mark is not None:
                offset += mark.index
            self.builder.problems.append(
                SyntaxProblem(
                    "parse-error",
                    f"front matter is not valid YAML: {exc}".split("\n")[0],
                    Span(offset, offset + 1),
                )
            )
            return
        if isinstance(data, dict):
            self.builder.metadata.update({str(k): v for k, v in data.items()})
            if "authority" in data:
                self.builder._apply_precedence(
                    self.builder.sections[Document.ROOT],
                    {"authority": str(data["authority"])},
                    Span(tokens[0].start_pos, tokens[0].end_pos),
                )

    def _heading(self, node: Tree, tokens: list[Token]) -> None:
        token = tokens[0]
        line = str(token).rstrip("\r\n")
        match = re.match(r"[ ]{0,3}(#{1,6})[ \t]*", line)
        assert match is not None
        content = re.sub(r"[ \t]+#+[ \t]*$|^#+[ \t]*$", "", line[match.end() :]).rstrip()
        self._open_section(
            content,
            len(match.group(1)),
            token.start_pos + match.end(),
            Span(token.start_pos, token.start_pos + len(line)),
        )

    def _open_section(self, content: str, level: int, content_start: int, line_span: Span) -> None:
        self.items.clear()
        title_text, attr_text, attr_at = split_trailing_attributes(content)
        attrs = None
        if attr_text is not None:
            attrs, problems = parse_attributes(attr_text, content_start + attr_at)
            self.builder.problems.extend(problems)
        title = plain_text(title_text.strip(), content_start).text
        self.builder.open_section(
            title,
            level,
            line_span,
            explicit_id=attrs.id if attrs else None,
            id_span=attrs.id_span if attrs else None,
            attributes=attrs.pairs if attrs else None,
        )

    def _paragraph(self, node: Tree, tokens: list[Token]) -> None:
        if tokens[-1].type == "SETEXT_UNDERLINE":
            lines = tokens[:-1]
            span = _trimmed(self.source, lines[0].start_pos, lines[-1].end_pos)
            assert span is not None
            level = 1 if str(tokens[-1]).strip().startswith("=") else 2
            self._open_section(
                self.source.slice(span), level, span.start, Span(span.start, tokens[-1].end_pos)
            )
            return
        first = str(tokens[0])
        indent = _width(first[: len(first) - len(first.lstrip(" \t"))])
        while self.items and indent < self.items[-1].content_indent:
            self.items.pop()
        parent = self.items[-1].principle_id if self.items else None
        if self.items and parent is None:
            return  # a paragraph continuing a defined term's item
        span = _trimmed(self.source, tokens[0].start_pos, tokens[-1].end_pos)
        if span is not None:
            principle_id = self._text_block(span, in_list=parent is not None, parent=parent)
            if parent is None:
                ends_with_colon = self.source.text[span.end - 1] == ":"
                self.lead_in = principle_id if ends_with_colon else None

    def _list_item(self, node: Tree, tokens: list[Token]) -> None:
        first = str(tokens[0])
        match = _LIST_MARKER.match(first)
        assert match is not None
        marker_indent = _width(match.group("indent"))
        content_indent = _width(first[: match.end()]) if match.group("gap") else marker_indent + 2
        while self.items and self.items[-1].marker_indent >= marker_indent:
            self.items.pop()
        if self.items and self.items[-1].principle_id is None:
            self.items.append(_OpenItem(marker_indent, content_indent, None))
            return  # a value listed under a defined term is part of its definition
        parent = self.items[-1].principle_id if self.items else None
        span = _trimmed(self.source, tokens[0].start_pos + match.end(), tokens[-1].end_pos)
        if span is None:
            return
        principle_id = self._text_block(
            span,
            in_list=True,
            parent=parent,
            title=match.group("name"),
            lead_in=self.lead_in if parent is None else None,
        )
        self.items.append(_OpenItem(marker_indent, content_indent, principle_id))

    def _quote(self, node: Tree, tokens: list[Token]) -> None:
        first = str(tokens[0])
        start = tokens[0].start_pos + len(re.match(r"[ ]{0,3}>[ \t]?", first).group(0))
        span = _trimmed(self.source, start, tokens[-1].end_pos)
        if span is not None:
            self.items.clear()
            self._text_block(span, in_list=False, default=Kind.COMMENTARY)

    def _admonition(self, node: Tree, tokens: list[Token]) -> None:
        token = tokens[0]
        raw = str(token)
        head_end = raw.find("\n") + 1 if "\n" in raw else len(raw)
        kind = Kind.EXAMPLE if "example" in raw[:head_end].lower() else Kind.COMMENTARY
        self.items.clear()
        # each paragraph of the indented body is a principle of its own
        offset = token.start_pos + head_end
        paragraph_start = None
        for line in raw[head_end:].splitlines(keepends=True):
            if line.strip():
                if paragraph_start is None:
                    paragraph_start = offset
            elif paragraph_start is not None:
                self._admonition_paragraph(paragraph_start, offset, kind)
                paragraph_start = None
            offset += len(line)
        if paragraph_start is not None:
            self._admonition_paragraph(paragraph_start, offset, kind)

    def _admonition_paragraph(self, start: int, end: int, kind: Kind) -> None:
        span = _trimmed(self.source, start, end)
        if span is not None:
            self._text_block(span, in_list=False, default=kind)

    def _fence(self, node: Tree, tokens: list[Token]) -> None:
        token = tokens[0]
        raw = str(token)
        lines = raw.splitlines()
        span = Span(token.start_pos, token.end_pos)
        self.builder.add_block("example", span)
        if len(lines) < 2 or not _FENCE_CLOSE.match(lines[-1]):
            opening = Span(token.start_pos, token.start_pos + len(lines[0]))
            self.builder.problems.append(
                SyntaxProblem(
                    "parse-error",
                    f"fence '{lines[0].strip()}' is never closed, so the rest of the document "
                    "is read as an example; close it with a line of the same fence characters",
                    opening,
                )
            )

    def _comment(self, node: Tree, tokens: list[Token]) -> None:
        token = tokens[0]
        directives, problems = find_directives(str(token), token.start_pos)
        self.builder.problems.extend(problems)
        for directive in directives:
            self.builder.add_directive(directive)

    def _footnote_def(self, node: Tree, tokens: list[Token]) -> None:
        first = str(tokens[0])
        label = first[first.index("[^") + 2 : first.index("]:")]
        span = Span(tokens[0].start_pos, tokens[-1].end_pos)
        self.builder.footnotes.setdefault(label, span)
        self.builder.references.extend(find_references(self.source.slice(span), span.start, None))

    def _table(self, node: Tree, tokens: list[Token]) -> None:
        self.builder.add_block("table", Span(tokens[0].start_pos, tokens[-1].end_pos))

    def _thematic_break(self, node: Tree, tokens: list[Token]) -> None:
        self.items.clear()

    # -- text blocks ------------------------------------------------------------------
    def _text_block(
        self,
        span: Span,
        *,
        in_list: bool,
        parent: str | None = None,
        title: str | None = None,
        default: Kind = Kind.RULE,
        lead_in: str | None = None,
    ) -> str | None:
        """A paragraph, item, quote or commentary paragraph: a principle, or a defined term."""
        builder = self.builder
        text = self.source.slice(span)
        attrs = None
        body_text, attr_text, attr_at = split_trailing_attributes(text)
        if attr_text is not None:
            attrs, problems = parse_attributes(attr_text, span.start + attr_at)
            builder.problems.extend(problems)
            span = _trimmed(self.source, span.start, span.start + len(body_text)) or span
            text = self.source.slice(span)
        directives, problems = find_directives(text, span.start)
        builder.problems.extend(problems)
        in_definitions = self._is_definitions_section() and default is Kind.RULE and parent is None
        if in_definitions and self._add_term(text, span):
            return None
        plain = plain_text(text, span.start)
        if title is None and (lead := _LEAD_IN.match(text)):
            title = plain_text(lead.group("title"), span.start + 2).text
        principle = builder.add_principle(
            span,
            kind=classify(plain.text, in_list=in_list, default=default),
            title=title,
            explicit_id=attrs.id if attrs else None,
            id_span=attrs.id_span if attrs else None,
            attributes=attrs.pairs if attrs else None,
            parent=parent,
            lead_in=lead_in,
            plain=plain,
        )
        for directive in directives:
            builder.add_directive(directive)
        builder.references.extend(find_references(text, span.start, principle.id))
        return principle.id

    def _is_definitions_section(self) -> bool:
        return bool(_DEFINITIONS_TITLE.search(self.builder.current.title))

    def _add_term(self, text: str, span: Span) -> bool:
        match = _TERM.match(text)
        if not match or _EXAMPLE_LEAD.match(text):
            return False
        name = match.group("bold") or match.group("code") or match.group("bare")
        definition_start = span.start + match.start("definition")
        definition = plain_text(match.group("definition"), definition_start).text
        self.builder.terms.append(Term(name.strip(), definition, span, self.builder.current.id))
        self.builder.references.extend(find_references(text, span.start, None))
        return True


def parse_markdown(source: Source) -> Document:
    """Parse Constitution Markdown (and plain lists of rules, which are a subset of it)."""
    return _MarkdownReader(source).read()
