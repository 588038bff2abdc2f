"""Finding the words that leave room, in one parsed sentence.

Each detector takes a `tokens.Sentence` and returns (start, end) offsets of what it found;
the vagueness rules decide which sentences to ask (statements of rules, with defined terms
and quoted text left out) and the benchmark asks every sentence. Word lists come from
rules/lexicons/; the parse decides how a listed word is used ("certain" quantifying a noun
is vague, "be certain that" is not; "may" granting a permission is not a hedge, "this may
cause harm" and "we may share" are).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from cmlint.lexicons import load_lexicon
from cmlint.nlp.tokens import Sentence, Token

Spans = list[tuple[int, int]]

_HEDGING_MODALS = {"may", "might", "could"}
# "may want to", "might consider": a suggestion; "you may choose to" stays a permission
_WEAK_AFTER_MODAL = {"want", "wish", "consider", "like", "prefer", "need", "try"}
_FIRST_PERSON = {"we", "i", "us"}
_QUANTIFIER_DEPS = {
    "det",
    "amod",
    "quantmod",
    "predet",
    "nummod",
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "npadvmod",
    "advmod",
}


@lru_cache(maxsize=64)
def phrase_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a list of words and phrases, longest first, on word boundaries, any case."""
    if not terms:
        return None
    alternatives = sorted((re.escape(t).replace(r"\ ", r"\s+") for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def phrase_spans(sentence: Sentence, terms: tuple[str, ...]) -> Spans:
    """Where listed words or phrases occur in a sentence."""
    pattern = phrase_pattern(terms)
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(sentence.source_text, sentence.start, sentence.end)]


def _tokens(sentence: Sentence, span: tuple[int, int]) -> list[Token]:
    return sentence.tokens_in(*span)


def _is_actor(token: Token | None) -> bool:
    from cmlint.nlp.frames import is_actor

    return is_actor(token)


def hedging_modal(token: Token) -> tuple[int, int] | None:
    """A "may/might/could" that hedges rather than permits, with the words it takes with it."""
    if token.tag != "MD" or token.lower not in _HEDGING_MODALS:
        return None
    verb = token.head
    subject = verb.child("nsubj", "nsubjpass", "expl")
    if verb.lemma in _WEAK_AFTER_MODAL and verb.i > token.i:  # "may want to", "might consider"
        return token.start, verb.end
    if subject is not None and subject.lower in _FIRST_PERSON:  # "we may share": the author hedging
        return token.start, token.end
    if token.lower == "may" and _is_actor(subject) and verb.child("auxpass") is None:
        return None  # "the assistant may decline": a permission
    if token.lower == "could" and _is_actor(subject):
        return token.start, token.end  # "Claude could mention": a suggestion, not a rule
    if token.lower == "might" or not _is_actor(subject) or verb.child("auxpass") is not None:
        return token.start, token.end  # "this may cause harm", "it might be": possibility
    return None


def hedge_spans(sentence: Sentence, terms: tuple[str, ...] | None = None) -> Spans:
    """Hedges: listed hedge phrases, and hedging modals."""
    found = phrase_spans(sentence, terms if terms is not None else load_lexicon("hedges"))
    found += [s for t in sentence.tokens if (s := hedging_modal(t)) is not None]
    return _merge(found)


def _in_fixed_term(sentence: Sentence, span: tuple[int, int]) -> bool:
    """Whether a word is part of a fixed term ("artificial general intelligence", "in general")."""
    return any(a <= span[0] and span[1] <= b for a, b in phrase_spans(sentence, load_lexicon("fixed-terms")))


def qualifier_spans(sentence: Sentence, terms: tuple[str, ...] | None = None) -> Spans:
    """Vague qualifiers used as adjectives or adverbs ("appropriate", "excessive", "reasonably")."""
    out = []
    for span in phrase_spans(sentence, terms if terms is not None else load_lexicon("vague-qualifiers")):
        if _in_fixed_term(sentence, span):
            continue
        tokens = _tokens(sentence, span)
        if tokens and tokens[0].pos in ("ADJ", "ADV") and not _named(tokens[0]):
            out.append(span)
    return out


def _named(token: Token) -> bool:
    """Part of a name or title ("General Assembly", "Special Rapporteur")."""
    return token.tag == "NNP" or (token.head.tag == "NNP" and token.text[:1].isupper())


def quantifier_spans(sentence: Sentence, terms: tuple[str, ...] | None = None) -> Spans:
    """Vague quantifiers of a noun ("certain requests", "in some cases", "many of them")."""
    out = []
    for span in phrase_spans(sentence, terms if terms is not None else load_lexicon("quantifiers")):
        if _in_fixed_term(sentence, span):
            continue
        tokens = _tokens(sentence, span)
        if not tokens:
            continue
        first = tokens[0]
        if len(tokens) > 1:  # "a number of", "a few"
            out.append(span)
            continue
        if first.lower == "most" and first.head.pos in ("ADJ", "ADV"):
            continue  # "most helpful": a superlative, not a quantity
        if first.lower == "certain" and first.dep in ("acomp", "attr"):
            continue  # "be certain that"
        if first.lower == "much" and (first.head.pos in ("ADJ", "ADV") or first.dep == "advmod"):
            continue  # "much better", "too much"
        if first.dep in _QUANTIFIER_DEPS and (
            first.head.pos in ("NOUN", "PROPN", "VERB", "ADP", "AUX") or first.pos in ("PRON", "NOUN")
        ):
            out.append(span)
    return out


def frequency_spans(sentence: Sentence, terms: tuple[str, ...] | None = None) -> Spans:
    """Unquantified frequency ("occasionally", "from time to time")."""
    return phrase_spans(sentence, terms if terms is not None else load_lexicon("frequency"))


def open_list_spans(sentence: Sentence, terms: tuple[str, ...] | None = None, *, other: bool = True) -> Spans:
    """Open-ended lists: listed markers ("such as", "etc."), and "X, Y and other Z"."""
    found = phrase_spans(sentence, terms if terms is not None else load_lexicon("open-lists"))
    if other:
        found += [s for t in sentence.tokens if (s := _open_other(t)) is not None]
    return _merge(found)


def _open_other(token: Token) -> tuple[int, int] | None:
    """ "... and other Z" / "... or others" ending a coordination of several items."""
    if token.lower not in ("other", "others"):
        return None
    noun = token.head if token.dep == "amod" else token
    previous = token.sent.tokens[token.i - 1] if token.i > 0 else None
    if previous is None or previous.lower not in ("and", "or", "&"):
        return None
    if noun.dep == "conj":
        first = noun.head
    elif previous.dep == "cc":  # "violent, sexual, or other harmful content": adjectives coordinated
        first = previous.head
    else:
        return None
    while first.dep == "conj" and not first.is_root:
        first = first.head
    if first.pos in ("PROPN", "PRON"):
        return None  # "Claude and other AI systems": a class, not an open list
    return previous.start, token.end


def items_before_other(sentence: Sentence, start: int) -> int:
    """How many items a list has before its "and other(s)" at `start` (0: not a list at all).

    "And others should not be followed" has none; "users or others" and "a human or other
    entity" have one, which with "other" names a closed class (one thing and everything else).
    """
    tokens = sentence.tokens_in(start, start + 1)
    if not tokens:
        return 0
    previous = tokens[0]
    following = [t for t in previous.sent.tokens if t.i > previous.i and t.lower in ("other", "others")]
    if not following:
        return 0
    token = following[0]
    noun = token.head if token.dep == "amod" else token
    first = noun.head if noun.dep == "conj" else previous.head
    while first.dep == "conj" and not first.is_root:
        first = first.head
    if first.i >= previous.i or first.pos in ("VERB", "AUX"):
        return 0
    conjuncts = sum(1 for c in first.subtree() if c.dep == "conj" and c.i < previous.i)
    # a flat parse of "scientific, historical, news, artistic or other": the items are siblings
    siblings = sum(1 for c in first.head.children if c.dep == first.dep and c.i < first.i and c is not first)
    return 1 + conjuncts + siblings


def _merge(spans: Iterable[tuple[int, int]]) -> Spans:
    """Sorted spans with overlaps joined."""
    out: Spans = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def all_vague_spans(sentence: Sentence, loopholes: tuple[str, ...] = ()) -> Spans:
    """Every vague word the vagueness rules know, in one sentence (for the benchmark)."""
    found = (
        qualifier_spans(sentence)
        + quantifier_spans(sentence)
        + hedge_spans(sentence)
        + frequency_spans(sentence)
        + open_list_spans(sentence)
        + phrase_spans(sentence, loopholes)
    )
    return _merge(found)
