"""Plain-text constitutions -> `Document`.

A `.txt` file is one of two things. If it is written like Markdown (headings, bullets,
numbered rules such as Dromedary's `1 (ethical). ...`), the Markdown reader takes it. Else it
is prose, usually scraped from a web page: paragraphs separated by blank lines, headings as
bare short lines, and sentences broken wherever the page had a link or bold text:

    We will be open—for example, in

    our system cards

    —about the ways in which Claude's behavior comes apart...

Those fragments are merged back into one paragraph: after a fragment that does not end a
sentence, the next one continues it if it starts in lower case or with punctuation, or if it
is a short line (the text of a link) after an opening quote, a word such as "the" or "of", or
a fragment too long to be a heading. The principle's text is the exact source slice across
the blank lines; its plain text joins the fragments with one space, or none before closing
punctuation ("cards—about", "Deed, meaning"), as the page showed them.

A bare heading is a single short line that starts with a capital and does not end as a
sentence does; it opens a section (the first one, the title, at level 1). "Read more" and
similar page buttons are kept as blocks, not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cmlint.model import Document, PlainText
from cmlint.parse import ImportOptions
from cmlint.parse.builder import DocumentBuilder
from cmlint.parse.kinds import classify
from cmlint.parse.tree import Decoded
from cmlint.source import Source, Span

_MARKDOWN_LINE = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\d+\s+\([^)]+\)\.)", re.MULTILINE)
_MARKDOWN_MIN_LINES = 3
_HEADING_MAX = 80
# Links and buttons of the web page a scrape came from, not part of the text.
_CHROME = re.compile(r"(?:read|show|see|learn) more|back to top|skip to (?:main )?content", re.IGNORECASE)
_SENTENCE_END = '.!?:;,”"'
# A fragment starting with one of these continues the sentence before it.
_CONTINUATION = "—–,.;:)]}”’!?…"
# A fragment ending with one of these (or with a word like "the") is cut off mid-sentence.
_OPENING = "“‘([{—–-/"
_FUNCTION_WORD = re.compile(
    r"\b(?:a|an|the|of|to|for|with|by|from|at|and|or|but|nor|our|your|their|its|his|her|"
    r"my|see|under|about|as|than|is|are|was|were|be|been|into|via|per|whose)$",
    re.IGNORECASE,
)


def looks_like_markdown(text: str) -> bool:
    """Headings, bullets or numbered rules on several lines: the Markdown reader's job."""
    return len(_MARKDOWN_LINE.findall(text)) >= _MARKDOWN_MIN_LINES


@dataclass(frozen=True)
class _Fragment:
    """A run of non-blank lines, trimmed."""

    span: Span
    text: str

    @property
    def single_line(self) -> bool:
        return "\n" not in self.text


def _fragments(source: Source) -> list[_Fragment]:
    fragments: list[_Fragment] = []
    for match in re.finditer(r"\S(?:.|\n(?=[ \t]*\S))*", source.text):
        text = match.group(0).rstrip()
        fragments.append(_Fragment(Span(match.start(), match.start() + len(text)), text))
    return fragments


def _is_heading(fragment: _Fragment) -> bool:
    """A bare title line: short, capitalised, not ending as a sentence does."""
    text = fragment.text
    return (
        fragment.single_line
        and len(text) <= _HEADING_MAX
        and text[0].isupper()
        and text[-1] not in _SENTENCE_END
    )


def _continues(paragraph: list[_Fragment], following: _Fragment) -> bool:
    """Whether `following` is the rest of a sentence that a link or bold text broke off."""
    text = paragraph[-1].text
    if text[-1] in _SENTENCE_END and text[-1] not in ",":
        return False
    if following.text[0].islower() or following.text[0] in _CONTINUATION:
        return True
    if not following.single_line or len(following.text) > _HEADING_MAX:
        return False  # a whole paragraph, not the text of a link
    if text[-1] in _OPENING or _FUNCTION_WORD.search(text):
        return True
    return len(paragraph) > 1 or not _is_heading(paragraph[0])


def _paragraphs(fragments: list[_Fragment]) -> list[list[_Fragment]]:
    paragraphs: list[list[_Fragment]] = []
    for fragment in fragments:
        if paragraphs and _continues(paragraphs[-1], fragment):
            paragraphs[-1].append(fragment)
        else:
            paragraphs.append([fragment])
    return paragraphs


def _joined(paragraph: list[_Fragment]) -> PlainText:
    """Plain text of merged fragments: one space between them, none before closing punctuation."""
    chars: list[str] = []
    offsets: list[int] = []
    previous: _Fragment | None = None
    for fragment in paragraph:
        piece = Decoded.verbatim(fragment.text, fragment.span.start).principle()
        assert piece is not None
        plain = piece[1]
        if previous is not None and not (plain.text[0] in _CONTINUATION or previous.text[-1] in _OPENING):
            chars.append(" ")
            offsets.append(previous.span.end)
        chars.append(plain.text)
        offsets.extend(plain.offsets)
        previous = fragment
    return PlainText("".join(chars), tuple(offsets))


def _read_prose(source: Source) -> Document:
    builder = DocumentBuilder(source, "text")
    paragraphs = _paragraphs(_fragments(source))
    level = 1
    for index, paragraph in enumerate(paragraphs):
        first = paragraph[0]
        is_last = index == len(paragraphs) - 1
        if len(paragraph) == 1 and _CHROME.fullmatch(first.text):
            builder.add_block("chrome", first.span)
            continue
        if len(paragraph) == 1 and _is_heading(first) and not is_last:
            builder.open_section(first.text, level, first.span)
            level = 2
            continue
        plain = _joined(paragraph)
        lead_in = len(paragraph) > 1 and paragraph[1].text[0] in _CONTINUATION
        title = first.text if lead_in and _is_heading(first) else None
        builder.add_principle(
            Span(first.span.start, paragraph[-1].span.end),
            kind=classify(plain.text, in_list=False),
            title=title,
            plain=plain,
        )
    return builder.finish()


def parse_text(source: Source, options: ImportOptions) -> Document:
    """Parse a plain-text constitution: Markdown-like lists, else prose paragraphs."""
    if looks_like_markdown(source.text):
        from cmlint.parse.markdown import parse_markdown

        return parse_markdown(source)
    return _read_prose(source)
