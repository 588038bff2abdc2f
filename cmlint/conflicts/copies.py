"""Copies of one principle: exact repeats, rewordings, and copies that drifted in meaning.

Two principles that share most of their words are one principle written twice. What differs
between them decides what they are:

- nothing but order, inflection, stopwords or a word of the same family: a **duplicate**
  (an exact repeat or a reworded copy);
- a number or unit ("within 20 miles" / "within 40 miles"), a negation ("may" / "may not"), a
  quantifier ("all" / "most"), the modal's strength ("must" / "may"), or an antonym
  ("before" / "after", "most" / "least"): a **drifted copy**, a conflict, since at most one of
  the two can be what the authors meant;
- a content word swapped for an unrelated one ("developer-level ..." / "user-level ...",
  "Operators can ..." / "Users cannot ..."): a **parallel** pair, one template about two
  different things: neither a duplicate nor a conflict.

Pairs that share fewer words but mean the same (embedding cosine at or above the duplicate
threshold; higher for paragraphs, whose embeddings say their topic) are paraphrases, unless
their form says they are opposed (one negated, a different modal class, an antonym between
them): those belong to the deontic comparison, never to the duplicates. Everything here works
on words alone, so it needs no linguistic model.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from cmlint.conflicts.quantities import UNITS
from cmlint.conflicts.words import (
    MODALS,
    QUANTIFIERS,
    REVERSERS,
    ROLES,
    akin,
    content,
    is_number,
    opposite,
    tokens,
)

DUPLICATE, DRIFT, PARALLEL, UNRELATED = "duplicate", "drift", "parallel", "unrelated"
# closest principles (or statements) each is compared with word by word: bounds the costly test
COPY_NEIGHBOURS = 8
NEAR_COPY = 0.6  # share of words in common (difflib ratio) from which two texts are one text twice
# Embeddings of long texts converge on their topic: two paragraphs about honesty score 0.8 without
# saying the same thing. A paraphrase longer than this many words needs LONG_PARAPHRASE (a copy of a
# paragraph is found word by word whatever its length).
PARAPHRASE_WORDS = 30
LONG_PARAPHRASE = 0.92
SAME_MEANING = 0.85  # pair cosine from which a swapped word is taken for a synonym (bench_semantic)

# the changes of meaning, in the order a message names them
NUMBER, NEGATION, QUANTIFIER, MODAL, ANTONYM = "number", "negation", "quantifier", "modal", "antonym"
MEANING_CHANGES = (NUMBER, NEGATION, QUANTIFIER, MODAL, ANTONYM)
SWAP = "content"
ACTOR = "actor"  # a person or party swapped for another
SUBSTANCE = 0.25  # share of content words a drifted copy may add or drop besides its reversal
STRENGTH = "strength"  # must -> should: the same duty, held more or less firmly
ADDITION = "addition"  # words of a clause added or dropped: a wider or narrower copy, not a reversed one


@dataclass(frozen=True)
class Change:
    """One place where two copies differ: what kind of change, and the words on each side."""

    kind: str  # a MEANING_CHANGES entry, SWAP, or "wording"
    old: tuple[str, ...]
    new: tuple[str, ...]

    def describe(self) -> str:
        old = " ".join(self.old) or "(nothing)"
        new = " ".join(self.new) or "(nothing)"
        return f"'{old}' -> '{new}'"


@dataclass(frozen=True)
class Comparison:
    """What one text is to another, with the evidence."""

    kind: str  # DUPLICATE | DRIFT | PARALLEL | UNRELATED
    ratio: float  # share of words in common
    changes: tuple[Change, ...] = field(default=())
    said: str = ""  # how a duplicate repeats the other, when known beforehand

    @property
    def meaning_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind in MEANING_CHANGES)

    def evidence(self) -> str:
        """The words that differ, meaning changes first: "negation: 'may' -> 'may not'"."""
        if self.said and self.changes:
            return " / ".join(" ".join(side) for side in (self.changes[0].old, self.changes[0].new))
        shown = self.meaning_changes or tuple(c for c in self.changes if c.kind != "wording") or self.changes
        if not shown:
            return "word for word"
        return "; ".join(f"{c.kind}: {c.describe()}" for c in shown[:3])

    @property
    def how(self) -> str:
        if self.said:
            return self.said
        if self.kind == DUPLICATE and not self.changes:
            return "repeats word for word"
        if self.kind == DUPLICATE and self.ratio >= NEAR_COPY:
            return "is a reworded copy of"
        return "says the same as"


def _numbers(words: tuple[str, ...]) -> list[str]:
    """The numbers of a change, "a" / "an" read as "one" ("one woman" / "a woman" is no change)."""
    return [w for w in words if is_number(w) and w != "one"]


# quantifiers whose addition or removal alone changes a rule ("most code" / "code"); "some" and "all"
# come and go in paraphrases ("eating some corn" / "eating corn")
_RESTRICTING = frozenset({"most", "few", "only"})


def _quantifier_change(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    classes_old = {QUANTIFIERS[w] for w in old if w in QUANTIFIERS}
    classes_new = {QUANTIFIERS[w] for w in new if w in QUANTIFIERS}
    if classes_old and classes_new:
        return classes_old != classes_new
    return bool((classes_old | classes_new) & _RESTRICTING)


def classify_change(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    """The kind of one difference between two copies (see the module docstring)."""
    if any(opposite(a, b) for a in old for b in new):
        return ANTONYM
    left = [w for w in content(old) if not _unit(w)]
    right = [w for w in content(new) if not _unit(w)]
    unmatched_left = [a for a in left if not any(akin(a, b) for b in right)]
    unmatched_right = [b for b in right if not any(akin(a, b) for a in left)]
    if unmatched_left and unmatched_right:
        if any(part in ROLES for w in (*unmatched_left, *unmatched_right) for part in w.split("-")):
            return ACTOR  # "developer-level" -> "user-level": who it is about is never a synonym
        return SWAP  # "audience" -> "cultural tradition of any sort": another thing, whatever else moved
    if sum(w in REVERSERS for w in old) != sum(w in REVERSERS for w in new):
        return NEGATION
    if _numbers(old) != _numbers(new):
        return NUMBER
    if _quantifier_change(old, new):
        return QUANTIFIER
    modals_old = {MODALS[w] for w in old if w in MODALS}
    modals_new = {MODALS[w] for w in new if w in MODALS}
    if modals_old != modals_new and "may" in modals_old | modals_new:
        return MODAL  # "must" -> "may"; an imperative ("Never reveal") is as firm as "must not reveal"
    if modals_old and modals_new and modals_old != modals_new:
        return STRENGTH  # "must" -> "should": a drift only when it is all that changed
    if unmatched_left or unmatched_right:
        return ADDITION  # a clause added or dropped: a wider or narrower copy
    return "wording"


@lru_cache(maxsize=1 << 16)
def _substance(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The share of content words that one text has and the other lacks (moved words are no change).

    A reversal is a drift only where the rest stays: "A group of friends are riding" / "A group is
    not riding" (one word of five), never "AI should never control humans" / "AI should be humans'
    helpers" (two of three: another demand)."""
    left = [w for w in content(a) if not _unit(w)]
    right = [w for w in content(b) if not _unit(w)]
    only_left = [x for x in left if not any(akin(x, y) for y in right)]
    only_right = [y for y in right if not any(akin(x, y) for x in left)]
    # an antonym is the reversal itself ("before" / "after", "secure" / "insecure"), not substance
    missing = [x for x in only_left if not any(opposite(x, y) for y in only_right)]
    missing += [y for y in only_right if not any(opposite(x, y) for x in only_left)]
    return len(missing) / max(1, len(left), len(right))


_MEASURES = frozenset(
    {
        "time",
        "distance",
        "bytes",
        "percent",
        "money",
        "words",
        "tokens",
        "sentences",
        "paragraphs",
        "characters",
    }
    | {"lines", "pages"}
)


def _unit(word: str) -> bool:
    """A unit of measure ("days", "miles", "words"): "30 days" -> "two months" is a number's change."""
    unit = UNITS.get(word) or UNITS.get(word[:-1] if word.endswith("s") else word)
    return unit is not None and unit[0] in _MEASURES


@lru_cache(maxsize=1 << 17)
def _changes(a: tuple[str, ...], b: tuple[str, ...], needed: float) -> tuple[float, tuple[Change, ...]]:
    """The share of words in common and, when it reaches `needed`, each difference classified.

    Memoised: the engine meets one pair of texts at several levels (principle, statement, act) and
    in several detectors, and at 10,000 principles this comparison was most of a warm run."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    ratio = matcher.ratio()
    if ratio < needed:
        return ratio, ()
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = a[i1:i2], b[j1:j2]
        changes.append(Change(classify_change(old, new), old, new))
    # a negation or quantifier that only moved ("It's not a good idea" / "I do not think it's a good
    # idea"; "should be used as a tool only" / "should only be used as a tool") is wording
    if sum(w in REVERSERS for w in a) == sum(w in REVERSERS for w in b):
        changes = [Change("wording", c.old, c.new) if c.kind == NEGATION else c for c in changes]
    if sorted(w for w in a if w in QUANTIFIERS) == sorted(w for w in b if w in QUANTIFIERS):
        changes = [Change("wording", c.old, c.new) if c.kind == QUANTIFIER else c for c in changes]
    # words that only moved ("helpful, honest, harmless" / "harmless, helpful, honest") are wording
    if sorted(a) == sorted(b):
        changes = [Change("wording", c.old, c.new) for c in changes]
    return ratio, tuple(changes)


@lru_cache(maxsize=65536)
def _counts(words: tuple[str, ...]) -> Counter[str]:
    return Counter(words)


def _may_be_copies(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """An upper bound on the share of words in common (difflib's quick ratio, from cached counts)."""
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < NEAR_COPY * total:
        return False
    counts_a, counts_b = _counts(a), _counts(b)
    if len(counts_a) > len(counts_b):
        counts_a, counts_b = counts_b, counts_a
    common = sum(min(n, counts_b[w]) for w, n in counts_a.items() if w in counts_b)
    return 2 * common >= NEAR_COPY * total


def form_opposed(a: str, b: str) -> bool:
    """Whether two texts' form says they pull apart: one negated and not the other, a different modal
    class, or an antonym between them. Such a pair is never a duplicate, however alike it reads."""
    wa, wb = tokens(a), tokens(b)
    if (sum(w in REVERSERS for w in wa) % 2) != (sum(w in REVERSERS for w in wb) % 2):
        return True
    modals_a = {MODALS[w] for w in wa if w in MODALS}
    modals_b = {MODALS[w] for w in wb if w in MODALS}
    if modals_a and modals_b and not modals_a & modals_b and "must" in modals_a | modals_b:
        return True
    only_a, only_b = set(wa) - set(wb), set(wb) - set(wa)
    return any(opposite(x, y) for x in only_a for y in only_b)


# a clause label at the start ("3.1", "(a)", "iv."): a place in the document, not part of what it says
_LABEL = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\(?[a-z]\)|\(?[ivx]+[.)])\s+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tokens(_LABEL.sub("", text))


def compare_texts(a: str, b: str, cosine: float, duplicate_threshold: float) -> Comparison:
    """What `b` is to `a`: duplicate, drifted copy, parallel or unrelated (see the module docstring)."""
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return Comparison(DUPLICATE, 1.0)
    if cosine < duplicate_threshold and not _may_be_copies(wa, wb):
        return Comparison(
            UNRELATED, 0.0
        )  # too few words in common to be one text, too far to be a paraphrase
    longest = max(len(wa), len(wb))
    paraphrase = cosine >= (duplicate_threshold if longest <= PARAPHRASE_WORDS else LONG_PARAPHRASE)
    ratio, changes = _changes(wa, wb, 0.0 if paraphrase else NEAR_COPY)
    kinds = {c.kind for c in changes}
    if ratio >= NEAR_COPY:
        swaps = [c for c in changes if c.kind == SWAP]
        synonyms = cosine >= SAME_MEANING and all(
            max(len(content(c.old)), len(content(c.new))) <= 2 for c in swaps
        )
        if ACTOR in kinds or (swaps and not synonyms):
            return Comparison(PARALLEL, ratio, tuple(changes))  # one template about two things
        reversals = sum(c.kind in (NEGATION, ANTONYM) for c in changes)
        if reversals >= 2 and reversals % 2 == 0:
            # "Default behaviors operators can turn off" / "Non-default behaviors operators can turn on":
            # two reversals cancel; the pair is one template for two complementary cases
            return Comparison(PARALLEL, ratio, tuple(changes))
        reverses = kinds & set(MEANING_CHANGES) or kinds in ({STRENGTH}, {STRENGTH, "wording"})
        if reverses and _substance(wa, wb) <= SUBSTANCE:
            return Comparison(DRIFT, ratio, tuple(changes))
        if reverses:
            return Comparison(UNRELATED, ratio, tuple(changes))  # another demand, not this one reversed
        return Comparison(DUPLICATE, ratio, tuple(changes))
    if paraphrase and not form_opposed(a, b):
        return Comparison(DUPLICATE, ratio, tuple(changes))
    return Comparison(UNRELATED, ratio, tuple(changes))
