"""Sentences as plain data: what spaCy said about each token, without spaCy.

A `Sentence` keeps, for every token, its character offsets in the analysed text, lemma, coarse
and fine part of speech, dependency label and head. That is all the frames and rules read,
and it round-trips through JSON, so a cached analysis needs no model to be used again.
Offsets are into the text that was parsed (a principle's plain text); `PlainText.span_of`
maps them to the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Serialised token: [start, end, lemma, pos, tag, dep, head index within the sentence].
TokenData = list[Any]
SentenceData = list[Any]  # [start, end, [TokenData, ...]]


class Token:
    """One token of a `Sentence`; the attribute names follow spaCy's (`lemma`, `pos`, `tag`, `dep`)."""

    __slots__ = ("_children", "dep", "end", "head_i", "i", "lemma", "pos", "sent", "start", "tag", "text")

    def __init__(self, sent: Sentence, i: int, data: TokenData) -> None:
        self.sent = sent
        self.i = i
        self.start, self.end, self.lemma, self.pos, self.tag, self.dep, self.head_i = data
        self.text: str = sent.source_text[self.start : self.end]
        self._children: list[Token] = []

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def head(self) -> Token:
        return self.sent.tokens[self.head_i]

    @property
    def children(self) -> list[Token]:
        return self._children

    def child(self, *deps: str) -> Token | None:
        return next((c for c in self._children if c.dep in deps), None)

    def children_with(self, *deps: str) -> list[Token]:
        return [c for c in self._children if c.dep in deps]

    @property
    def is_root(self) -> bool:
        return self.head_i == self.i

    def ancestors(self) -> Iterator[Token]:
        token = self
        while not token.is_root:
            token = token.head
            yield token

    def subtree(self) -> list[Token]:
        """This token and everything below it, in text order."""
        out = [self]
        stack = list(self._children)
        while stack:
            token = stack.pop()
            out.append(token)
            stack.extend(token._children)
        return sorted(out, key=lambda t: t.i)

    def span(self) -> tuple[int, int]:
        """Start and end offsets of the subtree (contiguous in projective parses)."""
        tokens = self.subtree()
        return tokens[0].start, tokens[-1].end

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.pos}/{self.dep}->{self.head_i})"


@dataclass
class Sentence:
    """A sentence of an analysed text, with its tokens."""

    source_text: str  # the whole analysed text (offsets are into it)
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)

    @classmethod
    def from_data(cls, text: str, data: SentenceData) -> Sentence:
        start, end, token_data = data
        sentence = cls(text, start, end)
        sentence.tokens = [Token(sentence, i, t) for i, t in enumerate(token_data)]
        for token in sentence.tokens:
            if not token.is_root:
                token.head._children.append(token)
        return sentence

    def to_data(self) -> SentenceData:
        return [
            self.start,
            self.end,
            [[t.start, t.end, t.lemma, t.pos, t.tag, t.dep, t.head_i] for t in self.tokens],
        ]

    @property
    def text(self) -> str:
        return self.source_text[self.start : self.end]

    @property
    def root(self) -> Token:
        return next((t for t in self.tokens if t.is_root), self.tokens[0])

    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.pos not in ("PUNCT", "SPACE")]

    def phrase(self, start: int, end: int) -> str:
        return self.source_text[start:end]

    def token_at(self, offset: int) -> Token | None:
        return next((t for t in self.tokens if t.start <= offset < t.end), None)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start < end and start < t.end]
