"""Precedence stated in prose: "X takes precedence over Y", "prioritize A first, B second, ...".

Constitutions rarely use `overrides=` attributes; they say in words which value wins. This
module reads those sentences (in rules and commentary alike: a rationale paragraph is where
the order is usually given) and resolves each side to a section or principle of the document:
through an anchor link when the text has one, else by the words of section and principle
titles ("broadly safe" names the section "Being broadly safe"). A side that names nothing is
left out rather than guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cmlint.model import Document
from cmlint.source import Span

_PAIRWISE = re.compile(
    r"(?P<a>[^.;:]{3,120}?)\s+(?:takes?|should\s+take|must\s+take)\s+(?:precedence|priority)\s+over\s+"
    r"(?P<b>[^.;]{3,120})"
    r"|(?P<c>[^.;:]{3,120}?)\s+(?:overrides?|outranks?|supersedes?|trumps?)\s+(?P<d>[^.;]{3,120})"
    r"|(?P<e>[^.;:]{3,120}?)\s+(?:is|are)\s+more\s+important\s+than\s+(?P<f>[^.;]{3,120})"
    r"|priori[tz]i[sz]e\s+(?P<g>[^.;]{3,120}?)\s+over\s+(?P<h>[^.;]{3,120})",
    re.IGNORECASE,
)
# the words between the sides of each `_PAIRWISE` alternative: every match holds one (a cheap test)
_PAIRWISE_CUE = re.compile(
    r"\s(?:takes?|should\s+take|must\s+take)\s+(?:precedence|priority)\s+over\s"
    r"|\s(?:overrides?|outranks?|supersedes?|trumps?)\s"
    r"|\s(?:is|are)\s+more\s+important\s+than\s"
    r"|priori[tz]i[sz]e\s",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^.;]+")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_ORDERED = re.compile(r"priori[tz]\w*(?P<list>[^.]{0,300}?\bfirst\b[^.]*?\bsecond\b[^.]*)", re.IGNORECASE)
_ANCHOR = re.compile(r"\[[^\]]*\]\(#(?P<id>[^)\s]+)\)")
_STOP = frozenset(
    (
        "a an the and or of to in on for with by be being is are its their our your this that these those "
        "over than more most generally should must always never any all which who"
    ).split()
)


@dataclass(frozen=True)
class StatedPrecedence:
    """`winner` takes precedence over `loser` (ids of sections or principles), as `span` says."""

    winner: tuple[str, str]  # ("section" | "principle", id)
    loser: tuple[str, str]
    span: Span
    evidence: str


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


class _Resolver:
    """Maps a phrase to the section or principle it names."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.titles: list[tuple[set[str], tuple[str, str]]] = []
        for section in document.sections.values():
            if section.title:
                self.titles.append((_words(section.title), ("section", section.id)))
        for principle in document.principles.values():
            if principle.title:
                self.titles.append((_words(principle.title), ("principle", principle.id)))

    def resolve(self, phrase: str) -> tuple[str, str] | None:
        anchor = _ANCHOR.search(phrase)
        if anchor:
            return self.document.resolve(anchor.group("id"))
        words = _words(phrase)
        if not words or len(words) > 8:
            return None  # a long phrase is a description, not a name
        best: tuple[tuple[bool, int], tuple[str, str]] | None = None
        for title_words, target in self.titles:
            # every word of the title is named; sections before principles, then the title naming
            # most of the phrase, then the first
            score = (target[0] == "section", len(title_words))
            if title_words and title_words <= words and (best is None or score > best[0]):
                best = (score, target)
        return best[1] if best else None


def _pairwise_matches(text: str) -> Iterator[re.Match[str]]:
    """`_PAIRWISE.finditer(text)`, searched only in the clauses that hold a cue: the regex tries up to
    480 extensions at each position, and a long principle took milliseconds. No match holds a '.'
    or ';', so each lies in one clause, and the matches are the same."""
    if not _PAIRWISE_CUE.search(text):
        return
    for clause in _CLAUSE.finditer(text):
        if _PAIRWISE_CUE.search(text, clause.start(), clause.end()):
            yield from _PAIRWISE.finditer(text, clause.start(), clause.end())


def _ordered_items(text: str) -> list[str]:
    """'..., prioritizing A first, B second, C third, and otherwise D' -> ['A', 'B', 'C', 'D']."""
    items = []
    rest = text
    for ordinal in _ORDINALS:
        match = re.search(rf"(.*?)\b{ordinal}\b", rest, re.IGNORECASE | re.DOTALL)
        if not match:
            break
        item = match.group(1).split(",")[-1]  # the words since the previous item
        item = re.sub(r"^\s*(?:and\s+)?(?:then\s+)?(?:prioriti[sz]ing\s+)?", "", item, flags=re.I)
        items.append(item.strip(" ,;"))
        rest = rest[match.end() :]
    last = re.match(r"\s*,?\s*(?:and\s+)?(?:otherwise|finally|then|last(?:ly)?)\s+([^.,;]+)", rest, re.I)
    if items and last:
        items.append(last.group(1).strip())
    return items


_CUE = re.compile(r"preceden|priori|overrid|outrank|supersed|trump|more important than", re.IGNORECASE)


def mentions_precedence(document: Document) -> bool:
    """Whether any principle could state a precedence (a cheap test before building the graph)."""
    return any(_CUE.search(p.text) for p in document.principles.values())


def stated_precedence(document: Document) -> list[StatedPrecedence]:
    """Every precedence a principle's words state, with both sides resolved."""
    resolver = _Resolver(document)
    found: list[StatedPrecedence] = []
    for principle in document.principles.values():
        plain = principle.plain
        text = principle.text if plain is None else plain.text
        if not _CUE.search(text):
            continue

        def span(start: int, end: int, plain=plain, whole=principle.span) -> Span:  # type: ignore[no-untyped-def]
            return plain.span_of(start, end) if plain is not None else whole

        for match in _pairwise_matches(text):
            groups = [g for g in match.groups() if g is not None]
            a, b = resolver.resolve(groups[0]), resolver.resolve(groups[1])
            if a and b and a != b:
                found.append(StatedPrecedence(a, b, span(*match.span()), match.group(0).strip()))
        for match in _ORDERED.finditer(text):
            targets = [resolver.resolve(item) for item in _ordered_items(match.group("list"))]
            chain = [t for t in targets if t is not None]
            for winner, loser in itertools.pairwise(chain):
                if winner != loser:
                    found.append(
                        StatedPrecedence(winner, loser, span(*match.span("list")), match.group(0).strip())
                    )
    return found
