"""The semantic index of a document: one embedding per principle, and the pairs that are close.

Built on first use by a check that needs "embeddings"; vectors come from the disk store when
the text has been seen before, so an unchanged document loads no model at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cmlint.cache import cache_dir
from cmlint.model import Document, Kind, Principle
from cmlint.semantic.embeddings import DEFAULT_MODEL, encode
from cmlint.semantic.similarity import similar_pairs
from cmlint.semantic.store import VectorStore

if TYPE_CHECKING:
    import numpy as np

# Principles that state something (rules and preference prompts) and are long enough to compare.
COMPARED_KINDS = (Kind.RULE, Kind.PREFERENCE)
MIN_WORDS = 4


# "Please choose the assistant response that is ..." is the frame of every preference prompt; left in,
# it makes all of them look alike. What follows it is what the prompt asks for.
_PREFERENCE_FRAME = re.compile(
    r"^\W*(?:\w+\s*:\s*)?(?:please\s+)?(?:choose|select|pick|identify|compare|which)\b.{0,80}?"
    r"\b(?:response|responses|reply|answer|output|one)\b(?:\s+(?:from|of|by)\s+the\s+(?:ai\s+)?assistant)?"
    r"\s*(?:that[’']s\s+|that|which|whose|is|from)?\s*(?:is\s+|are\s+)?",
    re.IGNORECASE,
)


_CONSIDER = re.compile(
    r"^\W*(?:please\s+)?consider\s+[^.]{0,80}?\band\s+(?=choose|select|pick|identify)", re.I
)
_CHOOSE_THE = re.compile(
    r"^\W*(?:please\s+)?(?:choose|select|pick|identify)\s+(?:the\s+)?(?:assistant\s+)?", re.I
)
_TRAILING_RESPONSE = re.compile(r"\s*\b(?:response|one|reply|answer)\W*$", re.I)


_DO_NOT_CHOOSE = re.compile(
    r"^\W*(?:please\s+)?(?:do\s+not|don[’']t|never|avoid)\s+(?:choose|choosing|select|selecting|pick|picking)\s+"
    r"(?:the\s+|any\s+)?(?:responses?|answers?|ones?|replies)\s*(?:that\s+|which\s+)?(?:is\s+|are\s+)?",
    re.IGNORECASE,
)
# "Compare the degree of harmfulness ... and choose the one that's less harmful", "In terms of X, choose ...":
# the frame after a lead-in
_LEAD_IN = re.compile(
    r"^[^.?!]{0,200}?(?:,\s*|\band\s+)(?=(?:please\s+)?(?:choose|select|pick|identify)\b)", re.I
)


def strip_preference_frame(text: str) -> str:
    """What a preference prompt asks for, without "Choose the response that ..." (when words remain):
    "Choose the response that is most concise" -> "most concise"; "Please consider these responses and
    choose the less harmful one" -> "less harmful"; "Do NOT choose responses that are toxic" -> "least
    toxic"."""
    negated = _DO_NOT_CHOOSE.match(text)
    if negated and len(text[negated.end() :].split()) >= 1:
        return "least " + text[negated.end() :]
    text = _CONSIDER.sub("", text, count=1)
    if not _PREFERENCE_FRAME.match(text):
        text = _LEAD_IN.sub("", text, count=1)
    stripped = _PREFERENCE_FRAME.sub("", text, count=1)
    again = re.match(r"^\s*(?:and|,)\s+(?=(?:choose|select|pick)\b)", stripped, re.IGNORECASE)
    if again:  # "Compare the degree of harmfulness in the responses and choose the one that's ..."
        return strip_preference_frame(stripped[again.end() :])
    if len(stripped.split()) >= 2:
        return stripped
    short = _TRAILING_RESPONSE.sub("", _CHOOSE_THE.sub("", text, count=1))
    return short if short != text and short.split() else text


def comparable_text(principle: Principle) -> str:
    """The words of a principle that carry its meaning (the preference frame removed)."""
    if principle.kind is Kind.PREFERENCE:
        return strip_preference_frame(principle.plain_text)
    return principle.plain_text


@dataclass
class SemanticIndex:
    principles: list[Principle]
    vectors: np.ndarray
    model: str
    encoded: int  # how many texts were encoded this time (0: all from the cache)

    def pairs(self, threshold: float, per_row: int | None = None) -> list[tuple[Principle, Principle, float]]:
        """Principle pairs with cosine similarity at or above `threshold`, in document order (at most
        `per_row` closest later principles for each)."""
        if len(self.principles) < 2:
            return []
        return [
            (self.principles[i], self.principles[j], s)
            for i, j, s in similar_pairs(self.vectors, threshold, per_row=per_row)
        ]


def embed(texts: list[str], settings: dict[str, Any]) -> tuple[np.ndarray, int]:
    """Vectors for texts (from the store where it has them) and how many had to be encoded."""
    import numpy as np

    model = str(settings.get("embedding-model", DEFAULT_MODEL))
    store = VectorStore(cache_dir(settings), model)
    rows = store.get_many(texts)
    missing = [i for i, row in enumerate(rows) if row is None]
    if missing:
        backend = str(settings.get("embedding-backend") or "auto")
        unique = list(dict.fromkeys(texts[i] for i in missing))
        fresh = dict(zip(unique, encode(unique, model, backend=backend), strict=True))
        for i in missing:
            rows[i] = fresh[texts[i]]
        store.put_many(unique, [fresh[text] for text in unique])
    if not rows:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.vstack(rows), len(missing)  # type: ignore[arg-type]


def build_index(document: Document, settings: dict[str, Any]) -> SemanticIndex:
    principles = [
        p
        for p in document.principles.values()
        if p.kind in COMPARED_KINDS and len(p.plain_text.split()) >= MIN_WORDS
    ]
    vectors, encoded = embed([comparable_text(p) for p in principles], settings)
    return SemanticIndex(principles, vectors, str(settings.get("embedding-model", DEFAULT_MODEL)), encoded)
