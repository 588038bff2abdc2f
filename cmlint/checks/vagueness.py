"""Vagueness check kinds: the words of a rule that leave room for more than one reading.

Each kind reads the statements of the linguistic analysis (see `statements`) and asks one
detector of `cmlint.nlp.vague`; the rule files in rules/vagueness/ give the word lists and
the words people see. `unresolved-reference` needs only the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cmlint.catalogue import Rule
from cmlint.checks.existence import principles_to_check, quoted_ranges
from cmlint.checks.statements import COMMON_PARAMS, LEXICON_PARAMS, finding, statements, words
from cmlint.context import CheckContext
from cmlint.model import Document, Kind, Principle
from cmlint.nlp import vague
from cmlint.nlp.frames import OBLIGATION, PREFERENCE, PROHIBITION
from cmlint.nlp.tokens import Sentence, Token
from cmlint.registry import REGISTRY, Finding

_DETECTORS = {
    "qualifier": (vague.qualifier_spans, "vague-qualifiers"),
    "quantifier": (vague.quantifier_spans, "quantifiers"),
    "frequency": (vague.frequency_spans, "frequency"),
}
_GRADING = {"more", "most", "less", "least", "fewer", "fewest", "as"}


def _graded(sentence: Sentence) -> bool:
    """Whether a sentence compares ("more helpful", "least harmful", "as harmless as possible")."""
    return any(t.tag in ("JJR", "JJS", "RBR", "RBS") or t.lower in _GRADING for t in sentence.tokens)


@REGISTRY.register(
    "vague-words",
    needs=("document", "nlp"),
    params={**COMMON_PARAMS, **LEXICON_PARAMS, "detector": str, "graded-preferences": bool, "attached": bool},
)
def vague_words(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Listed vague words in statements, used as the detector says (qualifier, quantifier, frequency)."""
    detector, default = _DETECTORS[str(rule.params.get("detector", "qualifier"))]
    terms = words(rule, default)
    skip_graded = not rule.params.get("graded-preferences", False)
    attached = bool(rule.params.get("attached", detector is vague.frequency_spans))
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        frame = statement.frame
        if skip_graded and frame.modality == PREFERENCE and _graded(sentence):
            continue  # "choose the less harmful response": comparison is the point of a preference prompt
        verb = sentence.token_at(frame.verb.start) if frame.verb is not None else None
        for start, end in detector(sentence, terms):
            if frame.trigger is not None and frame.trigger.start <= start < frame.trigger.end:
                continue  # "it is acceptable to": the word that grants the permission
            if attached and not _attached(sentence.token_at(start), verb):
                continue  # "Sometimes the user asks X, and the assistant should Y": not the rule's frequency
            if guard.allows(start, end, sentence.phrase(start, end)):
                yield finding(statement, start, end)


_SAME_CLAUSE = {
    "advmod",
    "npadvmod",
    "prep",
    "pobj",
    "det",
    "amod",
    "quantmod",
    "xcomp",
    "aux",
    "neg",
    "dobj",
}


def _attached(token: Token | None, verb: Token | None) -> bool:
    """Whether a word modifies the rule's own verb (its clause), not a clause beside or below it."""
    if token is None or verb is None:
        return verb is None
    current = token
    while current.i != verb.i:
        if current.is_root or current.dep not in _SAME_CLAUSE:
            return False
        current = current.head
    return True


def _in_subordinate(token: Token, verb_i: int) -> bool:
    """Whether a token sits in a relative or adverbial clause below the rule's verb."""
    for ancestor in [token, *token.ancestors()]:
        if ancestor.i == verb_i:
            return False
        if ancestor.dep in ("relcl", "acl", "advcl", "csubj", "pcomp"):
            return True
    return False


@REGISTRY.register(
    "hedge", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS, "modalities": list}
)
def hedge(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Hedges and weak modals inside an obligation or prohibition."""
    terms = words(rule, "hedges")
    modalities = set(rule.params.get("modalities", [OBLIGATION, PROHIBITION]))
    for statement, guard in statements(ctx, rule):
        frame = statement.frame
        if frame.modality not in modalities:
            continue
        sentence = statement.sentence
        verb = sentence.token_at(frame.verb.start) if frame.verb else None
        for start, end in vague.hedge_spans(sentence, terms):
            tokens = sentence.tokens_in(start, end)
            if len(tokens) == 1 and verb is not None and _in_subordinate(tokens[0], verb.i):
                continue  # "decline requests that may cause harm": the hedge belongs to another clause
            if guard.allows(start, end, sentence.phrase(start, end)):
                yield finding(statement, start, end, modality=frame.modality)


@REGISTRY.register(
    "open-list", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS, "other": bool}
)
def open_list(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Open-ended lists: listed markers ("etc.", "including but not limited to") and "X, Y and other Z"."""
    terms = words(rule, "open-lists")
    other = bool(rule.params.get("other", True))
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        for start, end in vague.open_list_spans(sentence, terms, other=other):
            if guard.allows(start, end, sentence.phrase(start, end)):
                yield finding(statement, start, end)


_NOT_COMPARATIVE = {
    "other",
    "further",
    "later",
    "earlier",
    "rather",
    "more",
    "less",
    "fewer",
    "most",
    "least",
    "older",
    "elder",
    "latter",
    "former",
    "upper",
    "lower",
    "inner",
    "outer",
    "first",
    "last",
    "next",
    "prior",
}


@REGISTRY.register("comparative", needs=("document", "nlp"), params={**COMMON_PARAMS, "superlatives": bool})
def comparative(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Comparatives (and superlatives) with nothing to compare against, outside preference prompts."""
    superlatives = bool(rule.params.get("superlatives", False))
    for statement, guard in statements(ctx, rule):
        if statement.frame.modality in (PREFERENCE, "none"):
            continue
        sentence = statement.sentence
        if any(t.lower == "than" for t in sentence.tokens):
            continue  # the sentence names what it compares with
        for token in sentence.tokens:
            span = _comparative(token, superlatives)
            if span is None:
                continue
            start, end = span
            if guard.allows(start, end, sentence.phrase(start, end)):
                yield finding(statement, start, end)


def _comparative(token: Token, superlatives: bool) -> tuple[int, int] | None:
    tags = ("JJR", "RBR") + (("JJS", "RBS") if superlatives else ())
    if token.lower in ("more", "less") and token.head.pos in ("ADJ", "ADV") and token.dep == "advmod":
        return token.start, token.head.end  # "more careful"
    if superlatives and token.lower in ("most", "least") and token.head.pos in ("ADJ", "ADV"):
        if token.i > 0 and token.sent.tokens[token.i - 1].lower == "at":
            return None  # "at least", "at most"
        return token.start, token.head.end
    if token.tag in tags and token.lower not in _NOT_COMPARATIVE and token.pos in ("ADJ", "ADV"):
        return token.start, token.end
    return None


@REGISTRY.register(
    "agentless-passive", needs=("document", "nlp"), params={**COMMON_PARAMS, "modalities": list}
)
def agentless_passive(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """An obligation or prohibition in the passive voice that names no one who must act."""
    modalities = set(rule.params.get("modalities", [OBLIGATION, PROHIBITION]))
    for statement, guard in statements(ctx, rule):
        frame = statement.frame
        if (
            frame.modality not in modalities
            or not frame.passive
            or frame.actor is not None
            or frame.verb is None
        ):
            continue
        if not frame.cue.startswith(("modal", "'")) or frame.cue.endswith("... to'"):
            continue  # "Anthropic wants Claude to be used for": a wish about the assistant, not a duty
        start = frame.trigger.start if frame.trigger is not None else frame.verb.start
        start, end = min(start, frame.verb.start), max(frame.verb.end, start + 1)
        if guard.allows(start, end, statement.sentence.phrase(start, end)):
            yield finding(statement, start, end)


_PRONOUNS = {"it", "they", "them", "this", "that", "these", "those", "its", "their"}
_DEMONSTRATIVE_SUBJECTS = {"this", "that", "these", "those", "it", "they"}


@REGISTRY.register("ambiguous-pronoun", needs=("document", "nlp"), params=dict(COMMON_PARAMS))
def ambiguous_pronoun(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """A pronoun opening a principle with nothing before it, or a "they" with rival antecedents."""
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        first_sentence = statement.info.index == 1
        for token in sentence.tokens:
            if token.lower not in _PRONOUNS or token.pos not in ("PRON", "DET"):
                continue
            if (
                token.dep == "expl"
                or _expletive_it(token)
                or not guard.allows(token.start, token.end, token.text)
            ):
                continue
            if (
                first_sentence
                and token.lower in _DEMONSTRATIVE_SUBJECTS
                and token.pos == "PRON"
                and token.dep in ("nsubj", "nsubjpass")
                and not _nouns_before(sentence, token)
            ):
                yield finding(statement, token.start, token.end, reason="nothing before it to refer to")
            elif token.lower in ("they", "them", "their") and len(rivals := _rivals(sentence, token)) >= 2:
                yield finding(
                    statement,
                    token.start,
                    token.end,
                    reason=f"it could mean {' or '.join(repr(r) for r in rivals[:2])}",
                )


def _expletive_it(token: Token) -> bool:
    """ "It is important to ...", "it's fine to": an 'it' that stands for the clause after it."""
    if token.lower != "it" or token.dep not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    return head.lemma == "be" and any(
        c.dep in ("xcomp", "ccomp", "csubj")
        for c in [*head.children, *(c for a in head.children if a.dep == "acomp" for c in a.children)]
    )


def _nouns_before(sentence: Sentence, token: Token) -> bool:
    return any(t.pos in ("NOUN", "PROPN") for t in sentence.tokens[: token.i])


def _rivals(sentence: Sentence, token: Token) -> list[str]:
    """Plural nouns before a plural pronoun that are subjects or objects (who "they" could be)."""
    found: dict[str, None] = {}
    for t in sentence.tokens[: token.i]:
        # coordinated nouns ("references or depictions") are one antecedent together
        if t.tag in ("NNS", "NNPS") and t.dep in ("nsubj", "nsubjpass", "dobj", "pobj"):
            found.setdefault(t.lemma.lower(), None)
    return list(found)


# Words that point back ("the above") or forward ("the following") to other principles.
_BACKWARD = re.compile(
    r"(?<![\w-])(?:the\s+above(?:[\s-]+mentioned)?|above[\s-]mentioned|aforementioned|aforesaid|"
    r"(?:as|is|are)\s+(?:mentioned|described|noted|stated|discussed|listed)\s+(?:above|earlier|previously|before)|"
    r"(?:see|per)\s+above|the\s+(?:previous|preceding|prior)\s+(?:rules?|principles?|sections?|points?|items?|"
    r"guidelines?|instructions?|paragraphs?)|(?:these|those|the\s+same)\s+(?:rules|principles|guidelines|"
    r"instructions|constraints|requirements|points|criteria|values|policies))(?![\w-])",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"(?<![\w-])(?:the\s+following(?!\s+(?:responses?|answers?|repl(?:y|ies)|outputs?|options?|completions?)\b)|(?:as|is|are)\s+(?:described|listed|explained|defined)\s+below|see\s+below|"
    r"below-mentioned|the\s+next\s+(?:rules?|principles?|sections?|points?|items?))(?![\w-])",
    re.IGNORECASE,
)
_STANDALONE_FORMATS = {"json", "yaml", "csv"}


@REGISTRY.register("unresolved-reference", params={"kinds": list})
def unresolved_reference(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """ "The above", "these rules", "the following" with nothing there for them to point at."""
    document = ctx.document
    kinds = rule.params.get("kinds", ["rule", "preference"])
    for principle in principles_to_check(ctx, kinds):
        plain = principle.plain
        assert plain is not None
        quoted = quoted_ranges(plain.text)
        for pattern, backward in ((_BACKWARD, True), (_FORWARD, False)):
            if not backward and principle.kind is Kind.PREFERENCE:
                continue  # "which of the following responses": the responses it is shown with
            for match in pattern.finditer(plain.text):
                if any(a <= match.start() < b for a, b in quoted):
                    continue
                noun = match.group(0).split()[-1].lower().rstrip("s")
                if backward and len(noun) > 3 and noun in plain.text[: match.start()].lower():
                    continue  # "its fundamental principles ... these principles"
                reason = _unresolved(document, principle, backward)
                if reason:
                    yield Finding(
                        plain.span_of(*match.span()), {"term": match.group(0), "reason": reason}, principle.id
                    )


def _neighbours(document: Document, principle: Principle) -> tuple[bool, bool]:
    """Whether anything of the same section comes before / after a principle (principles or blocks)."""
    section = document.sections[principle.section]
    spans = [document.principles[p].span for p in section.principles if p != principle.id]
    spans += [span for _, span in section.blocks]
    before = any(s.end <= principle.span.start for s in spans) or principle.parent is not None
    after = any(s.start >= principle.span.end for s in spans) or any(
        p.parent == principle.id for p in document.principles.values()
    )
    return before, after


def _unresolved(document: Document, principle: Principle, backward: bool) -> str | None:
    if document.format in _STANDALONE_FORMATS:
        return "each entry of a principle list is read on its own, so nothing is above or below it"
    before, after = _neighbours(document, principle)
    if backward and not before:
        return "nothing comes before it in its section"
    if not backward and not after:
        return "nothing follows it in its section"
    return None
