"""Form check kinds: principles whose shape makes them hard to train on or to check.

A principle should ask for one thing a response can show. These kinds flag several
independent obligations in one statement, traits no single output can show ("be wise"),
internal states no behaviour can prove ("genuinely care"), and sections that only forbid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmlint.catalogue import Rule
from cmlint.checks.consequence import binds_the_model
from cmlint.checks.statements import COMMON_PARAMS, LEXICON_PARAMS, finding, statements, words
from cmlint.context import CheckContext
from cmlint.model import Document, Kind
from cmlint.nlp.frames import NONE, OBLIGATION, PERMISSION, PREFERENCE, PROHIBITION
from cmlint.nlp.tokens import Token
from cmlint.registry import REGISTRY, Finding

if TYPE_CHECKING:
    from cmlint.nlp.analysis import Statement

_OBJECT_DEPS = ("dobj", "attr", "acomp", "xcomp", "ccomp", "prep", "dative", "oprd")


def _verb_token(statement: Statement) -> Token | None:
    frame = statement.frame
    return statement.sentence.token_at(frame.verb.start) if frame.verb is not None else None


def _obligations(verb: Token) -> list[Token]:
    """The verb and the verbs coordinated with it that carry an object of their own."""
    chain = [verb]
    stack = [verb]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep == "conj" and child.pos in ("VERB", "AUX") and child not in chain:
                chain.append(child)
                stack.append(child)
    with_objects = [v for v in chain if any(c.dep in _OBJECT_DEPS for c in v.children)]
    return sorted({v.lemma: v for v in with_objects}.values(), key=lambda v: v.i)


@REGISTRY.register("non-atomic", needs=("document", "nlp"), params={**COMMON_PARAMS, "min-obligations": int})
def non_atomic(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Several independent obligations in one statement ("verify the request and log the outcome")."""
    least = int(rule.params.get("min-obligations", 2))
    for statement, _guard in statements(ctx, rule):
        frame = statement.frame
        if frame.modality not in (OBLIGATION, PROHIBITION):
            continue
        verb = _verb_token(statement)
        if verb is None:
            continue
        verbs = _obligations(verb)
        # other main-level clauses with a force of their own: "X must do A; it should also do B"
        sentence = statement.sentence
        for token in sentence.tokens:
            if (
                token.dep in ("conj", "parataxis")
                and token not in verbs
                and token.pos in ("VERB", "AUX")
                and any(c.tag == "MD" and c.lower in ("must", "should", "shall") for c in token.children)
                and any(c.dep in ("nsubj", "nsubjpass") for c in token.children)
            ):
                verbs.append(token)
        if len(verbs) >= least:
            names = ", ".join(f"'{v.lemma}'" for v in verbs)
            yield finding(
                statement, statement.sentence.start, statement.sentence.end, count=len(verbs), verbs=names
            )


@REGISTRY.register("trait", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS})
def trait(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """ "Be wise", "Claude should be virtuous": a character trait where a behaviour should be."""
    traits = set(words(rule, "traits"))
    for statement, guard in statements(ctx, rule):
        frame = statement.frame
        if frame.modality not in (OBLIGATION, PROHIBITION) or frame.action != "be":
            continue
        verb = _verb_token(statement)
        if verb is None:
            continue
        complement = verb.child("acomp", "attr")
        if complement is None:
            continue
        adjectives = [complement, *(c for c in complement.subtree() if c.dep == "conj" and c.pos == "ADJ")]
        if complement.pos == "NOUN":  # "be a good person": the adjectives of the noun
            amods = [c for c in complement.children if c.dep == "amod"]
            adjectives = [t for a in amods for t in a.subtree() if t.pos == "ADJ"]
        named = [a for a in adjectives if a.lower in traits]
        if not named or (
            complement.pos == "ADJ" and any(c.dep in ("prep", "xcomp", "ccomp") for c in complement.children)
        ):
            continue  # "be kind to users when they are distressed" says to whom and when
        start, end = named[0].start, named[-1].end
        if guard.allows(start, end, named[0].text):
            yield finding(statement, start, end, trait=named[0].text)


@REGISTRY.register("internal-state", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS})
def internal_state(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """ "Genuinely care", "truly believe": a rule about an inner state that no output can show."""
    lexicon = set(words(rule, "internal-states"))
    for statement, guard in statements(ctx, rule):
        frame = statement.frame
        if frame.modality in (NONE, PERMISSION):
            continue
        verb = _verb_token(statement)
        if verb is None:
            continue
        if not _binds_the_model(verb):
            continue  # "users want their code to work": someone else's state, described
        span = None
        adverb = next((c for c in verb.children if c.dep == "advmod" and c.lower in lexicon), None)
        if adverb is not None:
            span = (min(adverb.start, verb.start), max(adverb.end, verb.end))
        elif verb.pos == "VERB" and verb.lemma.lower() in lexicon and not _idiom_or_wish(verb):
            span = (verb.start, verb.end)
        elif frame.modality == PREFERENCE:
            continue
        if span is not None and guard.allows(span[0], span[1], verb.text):
            yield finding(statement, *span)


_WISH_VERBS = {"want", "wish", "hope", "like", "desire", "love"}


def _binds_the_model(verb: Token) -> bool:
    """Whether an inner-state verb is the model's (an imperative, or a subject naming the model)."""
    subject = verb.child("nsubj")
    if subject is None:
        return True
    return binds_the_model(" ".join(t.text for t in [*subject.children_with("compound"), subject]))


def _idiom_or_wish(verb: Token) -> bool:
    """ "feel free to" (a permission), "want Claude to reveal" (a wish about someone else's act)."""
    if verb.lemma == "feel" and any(c.lower == "free" for c in verb.children):
        return True
    return verb.lemma in _WISH_VERBS and any(c.dep in ("xcomp", "ccomp") for c in verb.children)


# a restrictive permission ("may only pursue X") says what to do, in a paragraph the parser may
# have taken for background prose (it carries no "must" or "should")
_ONLY_PERMITTED = re.compile(
    r"\b(?:may|can|should|must)\s+only\b|\b(?:is|are)\s+(?:allowed|permitted)\s+to\b|\bonly\s+(?:if|when)\b",
    re.IGNORECASE,
)


def _says_what_to_do(document: Document, principle_ids: list[str]) -> bool:
    for pid in principle_ids:
        principle = document.principles[pid]
        if principle.kind in (Kind.RULE, Kind.COMMENTARY) and _ONLY_PERMITTED.search(principle.plain_text):
            return True
    return False


@REGISTRY.register(
    "negative-only-section", needs=("document", "nlp"), params={**COMMON_PARAMS, "min-statements": int}
)
def negative_only_section(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """A section whose rules all forbid and none says what to do instead."""
    least = int(rule.params.get("min-statements", 3))
    by_section: dict[str, list[Statement]] = {}
    for statement, _guard in statements(ctx, rule):
        by_section.setdefault(statement.principle.section, []).append(statement)
    for section_id, found in by_section.items():
        deontic = [s for s in found if s.frame.modality != NONE]
        if len(deontic) < least or any(s.frame.modality != PROHIBITION for s in deontic):
            continue
        section = ctx.document.sections[section_id]
        if _says_what_to_do(ctx.document, section.principles):
            continue  # "The assistant may only pursue goals entailed by ...": what it may do instead
        span = section.span if section_id != Document.ROOT else deontic[0].span
        yield Finding(
            span,
            {"title": section.title or "(document)", "count": len(deontic)},
            None if section_id != Document.ROOT else deontic[0].principle.id,
        )
