"""What the linguistic checks share: which statements to read, and which words to leave alone.

A linguistic rule reads the *statements* of the analysis (one-sentence principles, and the
normative sentences of prose paragraphs) of the kinds it names (rule and preference by
default: examples, commentary and quoted text are skipped). Words inside quotation marks
and defined terms are never flagged. Findings name their principle (whose text anchors the
fingerprint); the statement id (`<principle>.s<n>`) is available to messages as `{statement}`.

A statement that describes rather than rules (see `consequence.is_rule`) is not read. Besides
quotations and glossary terms, the guard keeps rules off words the document explains (a
"X means ..." sentence, a definition-list label, a section title, a link to a section), words
that markup wrote (`[?](#sensitive_content)` reads as the section's name, with no characters of
its own in the source), and "(e.g. ...)" asides, which illustrate a rule rather than state it.
A finding's span is widened to whole words, so it never cuts one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from cmlint.catalogue import Rule
from cmlint.checks.consequence import is_rule
from cmlint.checks.existence import KINDS_PARAM, quoted_ranges
from cmlint.context import CheckContext
from cmlint.diagnostics import Severity
from cmlint.glossary import defined_ranges, explained_terms, is_defined
from cmlint.lexicons import lexicon_terms
from cmlint.model import Document, Kind, Principle
from cmlint.nlp.tokens import Sentence
from cmlint.registry import Finding, Param

if TYPE_CHECKING:
    from cmlint.nlp.analysis import LinguisticAnalysis, Statement

# parameters every linguistic kind takes
COMMON_PARAMS: dict[str, type | Param] = {"kinds": KINDS_PARAM}
LEXICON_PARAMS: dict[str, type] = {"lexicon": str, "terms": list, "extra-terms": list, "skip-terms": list}


_ASIDE = re.compile(r"\((?:e\.g\.|i\.e\.|for example|for instance|such as|like)[^()]*\)", re.IGNORECASE)
# what a qualifier may be explained as: itself, with the word it qualifies, with its whole phrase
_PHRASE_DEPS = ("amod", "advmod", "compound", "nummod", "det", "quantmod", "npadvmod")


@dataclass
class Guard:
    """The ranges of one principle's plain text that no rule flags, and the terms it need not explain."""

    quoted: list[tuple[int, int]]
    defined: list[tuple[int, int]]
    terms: tuple[str, ...]
    explained: tuple[str, ...] = ()  # glossary terms and the words the document explains
    linked: tuple[tuple[int, int], ...] = ()  # the words of links to a section of the document
    asides: tuple[tuple[int, int], ...] = ()  # "(e.g. ...)"
    offsets: tuple[int, ...] = ()  # the principle's plain-to-source map

    def allows(self, start: int, end: int, word: str) -> bool:
        if any(a <= start < b for a, b in self.quoted):
            return False
        if any(a <= start and end <= b for a, b in self.defined):
            return False
        if any(a <= start < b for a, b in (*self.linked, *self.asides)):
            return False
        if self.offsets and len(set(self.offsets[start:end])) < len(self.offsets[start:end]):
            return False  # written by markup ("[?](#sensitive_content)"): nothing in the source to point at
        return not is_defined(word, self.terms)

    def explains(self, sentence: Sentence, start: int, end: int) -> bool:
        """Whether the document explains the word or the phrase it qualifies ("sensitive content")."""
        if not self.explained:
            return False
        return any(is_defined(c, self.explained) for c in candidates(sentence, start, end))


def candidates(sentence: Sentence, start: int, end: int) -> list[str]:
    """The word, with the word it qualifies, and the phrase between them ("sensitive personal data")."""
    tokens = sentence.tokens_in(start, end)
    out = [sentence.phrase(start, end)]
    if not tokens:
        return out
    word, head = tokens[-1], tokens[-1].head
    if word.dep in _PHRASE_DEPS and head.i != word.i:
        out.append(f"{sentence.phrase(start, end)} {head.text}")
        first, last = min(tokens[0].start, head.start), max(end, head.end)
        out.append(sentence.phrase(first, last))
        if (
            word.dep == "advmod" and head.dep in _PHRASE_DEPS and head.head.i > head.i
        ):  # "broadly safe behaviour"
            out.append(sentence.phrase(first, head.head.end))
    return [" ".join(c.lower().split()) for c in out]


_GUARDS: WeakKeyDictionary[LinguisticAnalysis, dict[str, Guard]] = WeakKeyDictionary()
_IS_RULE: WeakKeyDictionary[LinguisticAnalysis, dict[str, bool]] = WeakKeyDictionary()  # per statement id
_EXPLAINED: WeakKeyDictionary[LinguisticAnalysis, tuple[str, ...]] = WeakKeyDictionary()


def _linked(document: Document, principle: Principle) -> tuple[tuple[int, int], ...]:
    """Plain ranges of the principle's links that reach a section or principle of the document."""
    plain = principle.plain
    if plain is None or not plain.offsets:
        return ()
    spans = [
        r.span
        for r in document.references
        if r.kind == "anchor"
        and r.target.lstrip("#") in document.anchors
        and principle.span.start <= r.span.start < principle.span.end
    ]
    out = []
    for span in spans:
        inside = [i for i, at in enumerate(plain.offsets) if span.start <= at < span.end]
        if inside:
            out.append((inside[0], inside[-1] + 1))
    return tuple(out)


def statements(ctx: CheckContext, rule: Rule) -> Iterator[tuple[Statement, Guard]]:
    """The rule statements a rule reads, each with the guard of its principle (built once per analysis)."""
    kinds = {Kind(k) for k in rule.params.get("kinds", ["rule", "preference"])}
    guards = _GUARDS.setdefault(ctx.nlp, {})
    rules = _IS_RULE.setdefault(ctx.nlp, {})
    terms = ctx.defined_terms
    explained = _EXPLAINED.get(ctx.nlp)
    if explained is None:
        explained = _EXPLAINED[ctx.nlp] = tuple(dict.fromkeys((*terms, *explained_terms(ctx.document))))
    for statement in ctx.nlp.statements:
        principle = statement.principle
        if principle.kind not in kinds:
            continue
        ruling = rules.get(statement.id)
        if ruling is None:
            ruling = rules[statement.id] = is_rule(statement, ctx.document)
        if not ruling:
            continue
        guard = guards.get(principle.id)
        if guard is None:
            text = principle.plain_text
            guard = Guard(
                quoted_ranges(text),
                defined_ranges(text, terms) if terms else [],
                terms,
                explained,
                _linked(ctx.document, principle),
                tuple(m.span() for m in _ASIDE.finditer(text)),
                principle.plain.offsets if principle.plain is not None else (),
            )
            guards[principle.id] = guard
        yield statement, guard


def words(rule: Rule, default: str) -> tuple[str, ...]:
    """A rule's word list: its `lexicon` (or `default`) with its additions and removals."""
    return lexicon_terms(rule.params, rule.path.parent, default)


def finding(
    statement: Statement, start: int, end: int, severity: Severity | None = None, **args: object
) -> Finding:
    """A finding on words of a statement, widened to whole words and mapped to the source."""
    text = statement.principle.plain_text
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    values = {"term": " ".join(text[start:end].split()), "statement": statement.id, **args}
    return Finding(statement.source_span(start, end), values, statement.principle.id, severity=severity)
