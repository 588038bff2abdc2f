"""What the linguistic checks share: which statements to read, and which words to leave alone.

A linguistic rule reads the *statements* of the analysis (one-sentence principles, and the
normative sentences of prose paragraphs) of the kinds it names (rule and preference by
default: examples, commentary and quoted text are skipped). Words inside quotation marks
and defined terms are never flagged. Findings name their principle (whose text anchors the
fingerprint); the statement id (`<principle>.s<n>`) is available to messages as `{statement}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from cmlint.catalogue import Rule
from cmlint.checks.existence import quoted_ranges
from cmlint.context import CheckContext
from cmlint.glossary import defined_ranges, is_defined
from cmlint.lexicons import lexicon_terms
from cmlint.model import Kind
from cmlint.nlp.analysis import LinguisticAnalysis, Statement
from cmlint.registry import Finding

# parameters every linguistic kind takes
COMMON_PARAMS: dict[str, type] = {"kinds": list}
LEXICON_PARAMS: dict[str, type] = {"lexicon": str, "terms": list, "extra-terms": list, "skip-terms": list}


@dataclass
class Guard:
    """The ranges of one principle's plain text that no rule flags: quotations and defined terms."""

    quoted: list[tuple[int, int]]
    defined: list[tuple[int, int]]
    terms: tuple[str, ...]

    def allows(self, start: int, end: int, word: str) -> bool:
        if any(a <= start < b for a, b in self.quoted):
            return False
        if any(a <= start and end <= b for a, b in self.defined):
            return False
        return not is_defined(word, self.terms)


_GUARDS: WeakKeyDictionary[LinguisticAnalysis, dict[str, Guard]] = WeakKeyDictionary()


def statements(ctx: CheckContext, rule: Rule) -> Iterator[tuple[Statement, Guard]]:
    """The statements a rule reads, each with the guard of its principle (built once per analysis)."""
    kinds = {Kind(k) for k in rule.params.get("kinds", ["rule", "preference"])}
    guards = _GUARDS.setdefault(ctx.nlp, {})
    terms = ctx.defined_terms
    for statement in ctx.nlp.statements:
        principle = statement.principle
        if principle.kind not in kinds:
            continue
        guard = guards.get(principle.id)
        if guard is None:
            text = principle.plain_text
            guard = Guard(quoted_ranges(text), defined_ranges(text, terms) if terms else [], terms)
            guards[principle.id] = guard
        yield statement, guard


def words(rule: Rule, default: str) -> tuple[str, ...]:
    """A rule's word list: its `lexicon` (or `default`) with its additions and removals."""
    return lexicon_terms(rule.params, rule.path.parent, default)


def finding(statement: Statement, start: int, end: int, **args: object) -> Finding:
    """A finding on words of a statement, mapped to the source through the plain text."""
    text = statement.principle.plain_text
    values = {"term": " ".join(text[start:end].split()), "statement": statement.id, **args}
    return Finding(statement.source_span(start, end), values, statement.principle.id)
