"""Offsets for JavaScript: the page slices the source with UTF-16 strings, cmlint counts code points.

A character outside the Basic Multilingual Plane (an emoji in a Model Spec example) is one
Python character and two JavaScript ones; without this conversion every highlight after it
would land one character early.
"""

from __future__ import annotations

import bisect
import re

from cmlint.source import Span

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Code-point offsets of one text -> UTF-16 code-unit offsets, in O(log n) each."""

    def __init__(self, text: str) -> None:
        # A regular expression finds them in C: a loop over the characters took a third of a
        # second on a 10,000-principle document.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def offset(self, index: int) -> int:
        return index + bisect.bisect_left(self._astral, index)

    def span(self, span: Span) -> list[int]:
        return [self.offset(span.start), self.offset(span.end)]
