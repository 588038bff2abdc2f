"""Structure checks: what the parse and the principle graph show without reading any words."""

from __future__ import annotations

from collections.abc import Iterator

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.diagnostics import Related
from cmlint.model import Document
from cmlint.registry import REGISTRY, Finding
from cmlint.source import Span


def _problems(ctx: CheckContext, check: str) -> Iterator[Finding]:
    for problem in ctx.document.problems:
        if problem.check == check:
            principle = ctx.document.principle_at(problem.span.start)
            yield Finding(problem.span, {"message": problem.message}, principle.id if principle else None)


@REGISTRY.register("parse-error", args=("message",))
def parse_error(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Syntax the constitution layer cannot read: attribute blocks, directives, unclosed fences."""
    yield from _problems(ctx, "parse-error")


@REGISTRY.register("unknown-attribute", args=("message",))
def unknown_attribute(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Attribute keys and values cmlint does not know (often a typo that silently does nothing)."""
    yield from _problems(ctx, "unknown-attribute")


@REGISTRY.register("duplicate-id", args=("id", "line"))
def duplicate_id(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """The same explicit id given to two sections or principles."""
    seen: dict[str, Span] = {}
    source = ctx.document.source
    for identifier, span in ctx.document.explicit_ids:
        if identifier in seen:
            first = seen[identifier]
            line = source.position(first.start).line
            yield Finding(
                span,
                {"id": identifier, "line": line},
                related=(Related(first, f"'{identifier}' first used here"),),
            )
        else:
            seen[identifier] = span


@REGISTRY.register("dangling-reference", args=("target", "what"))
def dangling_reference(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Links, `overrides=` targets and footnotes that name nothing in the document.

    Footnote references are checked only in documents that define footnotes: some published
    specs use `[^id]` as keys into material kept elsewhere.
    """
    doc = ctx.document
    check_footnotes = bool(doc.footnotes)
    for ref in doc.references:
        if ref.kind == "footnote":
            if check_footnotes and ref.target not in doc.footnotes:
                yield Finding(
                    ref.span,
                    {"target": f"[^{ref.target}]", "what": "footnote"},
                    ref.origin if ref.origin in doc.principles else None,
                )
        elif doc.resolve(ref.target) is None:
            what = "precedence target" if ref.kind == "overrides" else "anchor"
            yield Finding(
                ref.span,
                {"target": f"#{ref.target}" if ref.kind == "anchor" else ref.target, "what": what},
                ref.origin if ref.origin in doc.principles else None,
            )


def _label(node: str) -> str:
    return node.split(":", 1)[-1]


def _node_span(doc: Document, node: str) -> Span:
    kind, _, identifier = node.partition(":")
    if kind == "principle":
        return doc.principles[identifier].span
    if kind == "section":
        return doc.sections[identifier].span
    return Span(0, 0)


@REGISTRY.register("precedence-cycle", needs=("document", "graph"), args=("chain",))
def precedence_cycle(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Principles that override one another in a circle, so nothing wins."""
    doc = ctx.document
    from cmlint.precedence import stated_precedence

    if not any(ref.kind == "overrides" for ref in doc.references) and not stated_precedence(doc):
        return  # nothing orders anything: skip building the graph (and importing networkx)
    for cycle in ctx.graph.precedence_cycles():
        names = [_label(n) for n in cycle]
        chain = " -> ".join([*names, names[0]])
        first, *rest = cycle
        yield Finding(
            _node_span(doc, first),
            {"chain": chain},
            first.split(":", 1)[-1] if first.startswith("principle:") else None,
            related=tuple(Related(_node_span(doc, n), f"'{_label(n)}' is part of the cycle") for n in rest),
        )


@REGISTRY.register("empty-section", args=("title",))
def empty_section(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Headings with nothing under them: no principle, subsection, example or definition."""
    doc = ctx.document
    defined = {term.section for term in doc.terms}
    for section in doc.sections.values():
        if section.id == Document.ROOT:
            continue
        if section.principles or section.children or section.blocks or section.id in defined:
            continue
        yield Finding(section.span, {"title": section.title})
