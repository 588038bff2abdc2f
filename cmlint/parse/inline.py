"""The inline layer: attribute blocks, suppression directives and references (grammar/inline.lark)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token, Transformer, v_args
from lark.exceptions import UnexpectedInput

from cmlint.model import Directive, Reference, SyntaxProblem
from cmlint.resources import lark_parser
from cmlint.source import Span

INLINE_GRAMMAR = "inline.lark"
_STARTS = ("attributes", "directive", "references")

# Keys an attribute block may carry; anything else is reported by the unknown-attribute rule.
KNOWN_ATTRIBUTES = frozenset({"authority", "priority", "overrides", "kind", "title", "id", "tags"})

# A trailing `{...}` on a heading or list item counts as an attribute block only if it starts
# like one, so "reply in the form {name}" stays text.
TRAILING_ATTRIBUTES = re.compile(r"[ \t]*(\{[ \t]*(?:[#.][\w-]|[A-Za-z_][\w-]*=)[^{}\n]*\})[ \t]*$")

DIRECTIVE_COMMENT = re.compile(r"<!--\s*(cmlint\s*:.*?)\s*-->", re.DOTALL)


def _parser():
    return lark_parser(INLINE_GRAMMAR, _STARTS)


@dataclass
class Attributes:
    """A parsed `{#id key=value .class}` block."""

    span: Span
    id: str | None = None
    id_span: Span | None = None
    classes: list[str] = field(default_factory=list)
    pairs: dict[str, str] = field(default_factory=dict)
    pair_spans: dict[str, Span] = field(default_factory=dict)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


# Friendly expectations for common mistakes, matched by lark's match_examples.
_ATTRIBUTE_EXAMPLES = {
    "an attribute value is missing after '='; write key=value": ["{#a authority=}", "{x=}"],
    "an id needs a name after '#', as in {#my_rule}": ["{#}", "{# a}"],
    "attributes are separated by spaces, not commas": ["{#a, authority=root}"],
    "the attribute block is not closed with '}'": ["{#a authority=root"],
}


def _friendly(exc: UnexpectedInput, examples: dict[str, list[str]], start: str) -> str:
    label = exc.match_examples(lambda text: _parser().parse(text, start=start), examples, use_accepts=True)
    if label:
        return label
    expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
    shown = ", ".join(e.strip("_").lower() for e in expected[:6])
    return f"unexpected text; expected {shown}" if shown else "unexpected text"


def parse_attributes(text: str, offset: int) -> tuple[Attributes | None, list[SyntaxProblem]]:
    """Parse an attribute block that starts at source offset `offset`."""
    span = Span(offset, offset + len(text))
    try:
        tree = _parser().parse(text, start="attributes")
    except UnexpectedInput as exc:
        where = offset + (getattr(exc, "pos_in_stream", None) or 0)
        message = _friendly(exc, _ATTRIBUTE_EXAMPLES, "attributes")
        bad = Span(min(where, span.end), min(where + 1, span.end))
        problem = SyntaxProblem("parse-error", f"malformed attribute block: {message}", bad, text)
        return None, [problem]
    attrs = Attributes(span)
    problems: list[SyntaxProblem] = []
    items = [tree] if tree.data in ("id", "class", "pair") else tree.children
    for item in items:
        tokens = [c for c in item.children if isinstance(c, Token)]
        first = tokens[0]
        item_span = Span(offset + first.start_pos, offset + tokens[-1].end_pos)
        if item.data == "id":
            attrs.id, attrs.id_span = str(first), Span(offset + first.start_pos, offset + first.end_pos)
        elif item.data == "class":
            attrs.classes.append(str(first))
        else:
            key, value = str(first), _unquote(str(tokens[1]))
            if key in attrs.pairs:
                problems.append(SyntaxProblem("parse-error", f"attribute '{key}' is given twice", item_span))
            attrs.pairs[key] = value
            attrs.pair_spans[key] = item_span
            if key not in KNOWN_ATTRIBUTES:
                known = ", ".join(sorted(KNOWN_ATTRIBUTES))
                problems.append(
                    SyntaxProblem(
                        "unknown-attribute",
                        f"unknown attribute '{key}' (known: {known})",
                        item_span,
                    )
                )
    return attrs, problems


def split_trailing_attributes(text: str) -> tuple[str, str | None, int]:
    """Split `Title {#id ...}` into ("Title", "{#id ...}", offset of the block in `text`)."""
    match = TRAILING_ATTRIBUTES.search(text)
    if not match:
        return text, None, -1
    return text[: match.start()], match.group(1), match.start(1)


@v_args(inline=True)
class _DirectiveBuilder(Transformer):
    def code_list(self, *codes: Token) -> tuple[str, ...]:
        return tuple(str(c).upper() for c in codes)

    def reason(self, value: Token) -> str:
        return _unquote(str(value))


_DIRECTIVE_EXAMPLES = {
    "write disable=CODE or disable-file, e.g. 'cmlint: disable=S005'": [
        "cmlint: disabled",
        "cmlint: ignore=S005",
        "cmlint:",
    ],
    'a reason is quoted: reason="..."': ["cmlint: disable=S005 reason=because"],
    "codes are separated by commas": ["cmlint: disable=S005 S006"],
}


def parse_directive(comment_body: str, offset: int) -> tuple[Directive | None, list[SyntaxProblem]]:
    """Parse `cmlint: disable=...` (the inside of an HTML comment) at source offset `offset`."""
    span = Span(offset, offset + len(comment_body))
    try:
        tree = _parser().parse(comment_body, start="directive")
    except UnexpectedInput as exc:
        message = _friendly(exc, _DIRECTIVE_EXAMPLES, "directive")
        return None, [SyntaxProblem("parse-error", f"malformed cmlint directive: {message}", span)]
    parts = _DirectiveBuilder().transform(tree).children
    action = str(parts[0])
    codes: tuple[str, ...] = ()
    reason = None
    for part in parts[1:]:
        if isinstance(part, tuple):
            codes = part
        elif isinstance(part, str):
            reason = part
    if action == "enable":
        return None, [
            SyntaxProblem(
                "parse-error",
                "'enable' is not supported: a 'disable' directive covers only the next principle",
                span,
            )
        ]
    return Directive(action, codes, reason, span), []


def find_directives(text: str, offset: int) -> tuple[list[Directive], list[SyntaxProblem]]:
    """Directives in `<!-- cmlint: ... -->` comments inside a run of text."""
    directives: list[Directive] = []
    problems: list[SyntaxProblem] = []
    for match in DIRECTIVE_COMMENT.finditer(text):
        directive, found = parse_directive(match.group(1), offset + match.start(1))
        problems.extend(found)
        if directive is not None:
            directives.append(
                Directive(
                    directive.action,
                    directive.codes,
                    directive.reason,
                    Span(offset + match.start(), offset + match.end()),
                )
            )
    return directives, problems


def find_references(text: str, offset: int, origin: str | None) -> list[Reference]:
    """Anchor links and footnote references in a run of text."""
    if "[" not in text:
        return []
    tree = _parser().parse(text, start="references")
    found = []
    for node in tree.children:
        token = node.children[0]
        raw = str(token)
        span = Span(offset + token.start_pos, offset + token.end_pos)
        if node.data == "anchor_ref":
            target = raw[raw.index("](#") + 3 : -1]
            found.append(Reference(target, span, "anchor", origin))
        else:
            found.append(Reference(raw[2:-1], span, "footnote", origin))
    return found
