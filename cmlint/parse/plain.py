"""Plain text from Markdown source, keeping a map from every plain character to its offset.

Analyses (word lists, spaCy, embeddings) read words, not markup: `**must**` is "must",
`[the chain of command](#chain_of_command)` is "the chain of command", a hard-wrapped line
with its indentation and `>` quote markers is one space. Each character of the result
remembers the source offset it came from, so a word found in the plain text maps back to
its exact place in the file.
"""

from __future__ import annotations

import re

from cmlint.model import PlainText

_TOKENS = re.compile(
    r"""
    (?P<comment><!--.*?-->)
  | (?P<link>!?\[(?P<label>[^\]\n]*)\]\((?P<target>[^)\s]*)(?:\s+"[^"]*")?\))
  | (?P<footnote>\[\^[^\]\s]+\])
  | (?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!>|~]))
  | (?P<break>[ \t]*\r?\n[ \t]*(?:>[ \t]?)*[ \t]*)
  | (?P<space>[ \t]{2,})
  | (?P<markup>\*\*|__|\*|~~|`|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))
    """,
    re.VERBOSE | re.DOTALL,
)


def plain_text(text: str, offset: int) -> PlainText:
    """Plain words of `text`, which starts at source offset `offset`."""
    out: list[str] = []  # pieces of the plain text
    offsets: list[int] = []  # one per character of the plain text

    def emit(chars: str, at: int, *, same_place: bool = False) -> None:
        if not chars:
            return
        out.append(chars)
        offsets.extend([at] * len(chars) if same_place else range(at, at + len(chars)))

    pos = 0
    for match in _TOKENS.finditer(text):
        if match.start() > pos:
            emit(text[pos : match.start()], offset + pos)
        kind = match.lastgroup
        start = offset + match.start()
        if kind == "link":
            label = match.group("label")
            label_start = match.start("label")
            if label == "?":
                target = match.group("target").lstrip("#").replace("_", " ")
                emit(target, start, same_place=True)
            else:
                emit(label, offset + label_start)
        elif kind == "escape":
            emit(match.group("escaped"), offset + match.start("escaped"))
        elif kind in ("break", "space") and out and not out[-1].endswith(" "):
            emit(" ", start)
        # comment, footnote and markup vanish
        pos = match.end()
    if pos < len(text):
        emit(text[pos:], offset + pos)
    plain = "".join(out).rstrip(" ")
    return PlainText(plain, tuple(offsets[: len(plain)]))


def verbatim(text: str, offset: int) -> PlainText:
    """Plain text that is the source itself (CSV cells, plain-text files)."""
    return PlainText(text, tuple(range(offset, offset + len(text))))
