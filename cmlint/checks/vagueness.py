"""Vagueness check kinds: the words of a rule that leave room for more than one reading.

Each kind reads the rule statements of the linguistic analysis (see `statements`) and asks one
detector of `cmlint.nlp.vague`; the rule files in rules/vagueness/ give the word lists and
the words people see. `unresolved-reference` needs only the document.

Severity follows the consequence of the word (`consequence`): a word inside the clause that
carries a hard rule (an absolute, a prohibition, an exception, a precedence) keeps the rule's
severity; elsewhere the finding is information. A qualifier the document uses in several rules
and never explains is reported once at the rule's severity, at its first use. A word outside
the rule's clause, in a permission's range (quantifiers, frequencies, open lists) or in an
explained phrase is not reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmlint.catalogue import Rule
from cmlint.checks.consequence import binds_the_model, governs, hard_rule, severity
from cmlint.checks.existence import principles_to_check, quoted_ranges
from cmlint.checks.statements import COMMON_PARAMS, LEXICON_PARAMS, finding, statements, words
from cmlint.context import CheckContext
from cmlint.lexicons import load_lexicon
from cmlint.model import Document, Kind, Principle
from cmlint.nlp import vague
from cmlint.nlp.frames import OBLIGATION, PERMISSION, PREFERENCE, PROHIBITION
from cmlint.nlp.tokens import Sentence, Token
from cmlint.registry import REGISTRY, Finding, Param

if TYPE_CHECKING:
    from cmlint.nlp.analysis import Statement

_DETECTORS = {
    "qualifier": (vague.qualifier_spans, "vague-qualifiers"),
    "quantifier": (vague.quantifier_spans, "quantifiers"),
    "frequency": (vague.frequency_spans, "frequency"),
}
_GRADING = {"more", "most", "less", "least", "fewer", "fewest", "as"}


def _graded(sentence: Sentence) -> bool:
    """Whether a sentence compares ("more helpful", "least harmful", "as harmless as possible")."""
    return any(t.tag in ("JJR", "JJS", "RBR", "RBS") or t.lower in _GRADING for t in sentence.tokens)


def _context(reason: str | None) -> str:
    """The message's last words: why the finding is a warning ("; it decides a prohibition")."""
    if not reason:
        return ""
    return f"; it is {reason}" if reason.startswith("used") else f"; it decides {reason}"


@REGISTRY.register(
    "vague-words",
    needs=("document", "nlp"),
    params={
        **COMMON_PARAMS,
        **LEXICON_PARAMS,
        "detector": Param(str, choices=tuple(_DETECTORS)),
        "graded-preferences": bool,
        "attached": bool,
        "recurring": int,
    },
)
def vague_words(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Listed vague words in rule statements, used as the detector says (qualifier, quantifier, frequency)."""
    name = str(rule.params.get("detector", "qualifier"))
    detector, default = _DETECTORS[name]
    terms = words(rule, default)
    skip_graded = not rule.params.get("graded-preferences", False)
    attached = bool(rule.params.get("attached", detector is vague.frequency_spans))
    recurring = int(rule.params.get("recurring", 0))
    owned = (*load_lexicon("hedges"), *load_lexicon("open-lists")) if name != "frequency" else ()
    found: list[tuple[Statement, int, int, str | None]] = []
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        frame = statement.frame
        if skip_graded and frame.modality == PREFERENCE and _graded(sentence):
            continue  # "choose the less harmful response": comparison is the point of a preference prompt
        if frame.modality == PERMISSION and name != "qualifier":
            continue  # "operators can restrict certain defaults": how far a permission reaches is its giver's
        verb = sentence.token_at(frame.verb.start) if frame.verb is not None else None
        for start, end in detector(sentence, terms):
            if frame.trigger is not None and frame.trigger.start <= start < frame.trigger.end:
                continue  # "it is acceptable to": the word that grants the permission
            token = sentence.token_at(start)
            if attached and not _attached(token, verb):
                continue  # "Sometimes the user asks X, and the assistant should Y": not the rule's frequency
            if not governs(statement, token):
                continue  # "Much of the manual ..., but the manual itself should not be disclosed"
            if name == "qualifier" and token is not None and _in_loophole(token):
                continue  # "as appropriate", "when necessary": V103's escape clause, reported there
            if name == "qualifier" and token is not None and _label(token):
                continue
            if name == "qualifier" and token is not None and _threshold_named(token):
                continue  # "appropriate enough that a user could show them to a coworker"
            if name == "qualifier" and token is not None and _relational(token):
                continue  # "sensitive to assumptions", "similar to an average person": a relation, named
            if any(a <= start < b for a, b in vague.phrase_spans(sentence, owned)):
                continue  # "in most cases", "or similar": a hedge or an open list, reported by V102 or V104
            if name == "quantifier" and _listed_after(statement):
                continue  # "Claude has to weigh up many values ... This includes: ..."
            if name == "quantifier" and token is not None and _named_members(token):
                continue  # "in various ways, whether through X or Y": the sentence names them
            if guard.allows(start, end, sentence.phrase(start, end)) and not guard.explains(
                sentence, start, end
            ):
                found.append((statement, start, end, hard_rule(statement, start, end)))
    uses = Counter(sentence_term(s, a, b) for s, a, b, _ in found) if recurring else Counter()
    reported: set[str] = set()
    for statement, start, end, reason in found:
        term = sentence_term(statement, start, end)
        binding = statement.frame.modality in (OBLIGATION, PROHIBITION)
        if reason is None and binding and uses[term] >= recurring > 0 and term not in reported:
            reason = f"used in {uses[term]} rules and never explained"
        if binding:
            reported.add(term)
        yield finding(statement, start, end, severity(reason), context=_context(reason))


def sentence_term(statement: Statement, start: int, end: int) -> str:
    return " ".join(statement.sentence.phrase(start, end).lower().split())


_RELATIONAL = {"sensitive", "similar", "comparable", "proportionate", "proportional", "equivalent"}


def _relational(token: Token) -> bool:
    """An adjective of relation that names what it relates to ("similar to X", "sensitive to X")."""
    return token.lower in _RELATIONAL and any(c.dep == "prep" and c.lower == "to" for c in token.children)


def _after_quotation(sentence: Sentence, start: int) -> bool:
    """Whether the list an open-list marker ends is a list of quotations."""
    before = sentence.source_text[max(sentence.start, start - 4) : start].rstrip(" ,;")
    return before.endswith(('"', "\u201d", "'"))


def _threshold_named(token: Token) -> bool:
    """ "appropriate enough that ...", "too long to ...": the sentence gives the degree's test."""
    tokens = token.sent.tokens
    degrees = [c for c in token.children if c.dep == "advmod" and c.lower in ("enough", "too", "so")]
    return any(t.lower in ("that", "to", "for") for d in degrees for t in tokens[d.i + 1 : d.i + 3])


_LISTING = (
    "this includes",
    "these include",
    "they include",
    "examples include",
    "for example",
    "such as",
    "e.g.",
)


def _listed_after(statement: Statement) -> bool:
    """The sentence leads into its members: it ends with a colon, or the next one lists them."""
    text = statement.principle.plain_text
    end = statement.sentence.end
    if text[statement.sentence.start : end].rstrip().endswith(":"):
        return True
    return text[end:].lstrip().lower().startswith(_LISTING)


_LOOPHOLE_OPENERS = {"as", "when", "if", "where", "whenever", "wherever", "unless"}


def _in_loophole(token: Token) -> bool:
    """A qualifier right after "as", "when", "if", ...: the escape clause V103 reports."""
    tokens = token.sent.tokens
    previous = tokens[token.i - 1] if token.i > 0 else None
    following = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
    if following is not None and following.pos in ("NOUN", "PROPN", "ADJ"):
        return False  # "where sensitive content is ...": the word qualifies a noun
    return previous is not None and previous.lower in _LOOPHOLE_OPENERS


def _label(token: Token) -> bool:
    """A verdict in parentheses: "operators limiting Claude's behaviours (acceptable)"."""
    tokens = token.sent.tokens
    before = [t.text for t in tokens[max(0, token.i - 2) : token.i]]
    after = tokens[token.i + 1].text if token.i + 1 < len(tokens) else ""
    return after == ")" and (before[-1:] == ["("] or before == ["(", "not"])


_MEMBERS = {"whether", "such", "including", "like", "namely", "e.g.", "i.e.", "e.g", "especially"}


def _named_members(token: Token) -> bool:
    """A quantifier whose members the sentence names, or that asks for an amount ("how much")."""
    tokens = token.sent.tokens
    before = tokens[token.i - 1].lower if token.i > 0 else ""
    if before in ("how", "as", "so", "too"):
        return True  # "how much latitude", "as much certainty as possible": a question or a maximum
    if before in ("the", "these", "those", "its", "their") and token.lower != "most":
        return True  # "the various considerations at play": all of a known set, not some of them
    after = tokens[token.i + 1] if token.i + 1 < len(tokens) else None
    if token.lower == "most" and after is not None and after.pos in ("ADJ", "ADV"):
        return True  # "most plausibly": a superlative
    noun = token.head if token.dep in ("det", "amod", "quantmod", "nummod", "predet") else token
    if any(c.dep == "appos" or (c.dep == "prep" and c.lower in _MEMBERS) for c in noun.children):
        return True  # "certain data, such as ...", "some tools (the browser)"
    after_noun = [t.lower for t in tokens[noun.i + 1 : noun.i + 4] if t.text != ","]
    if after_noun[:2] == ["such", "as"] or (after_noun and after_noun[0] in _MEMBERS - {"such"}):
        return True  # "in some other cases, such as when ...", "certain tools, including ..."
    last = max(t.i for t in noun.subtree())
    following = [t for t in tokens[last + 1 : last + 3]]
    if following and following[0].text in ("(", ":", "—", "--", "–"):
        return True
    return any(t.lower in _MEMBERS for t in following if t.text != ",")


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


_EFFORT = {"try", "attempt", "strive", "aim", "seek", "endeavor", "endeavour", "do"}


def _phrase_head(tokens: list[Token]) -> Token:
    """The token of a phrase whose head lies outside it ("try" of "try to")."""
    indices = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in indices or t.is_root), tokens[0])


@REGISTRY.register(
    "hedge", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS, "modalities": list}
)
def hedge(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Hedges and weak modals that belong to an obligation or prohibition (not to a clause inside it)."""
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
            if not tokens:
                continue
            head = _phrase_head(tokens)
            if head.dep == "advmod" and head.head.pos in ("ADJ", "NOUN") and head.head.dep != "ROOT":
                continue  # "identify all possibly relevant instructions": it widens the object
            if verb is not None and _in_subordinate(head, verb.i):
                continue  # "decline requests that may cause harm": the hedge belongs to another clause
            if not governs(statement, head) or _foreign_hedge(statement, head, verb):
                continue
            if guard.allows(start, end, sentence.phrase(start, end)):
                reason = hard_rule(statement, start, end)
                yield finding(
                    statement, start, end, severity(reason), modality=frame.modality, context=_context(reason)
                )


def _foreign_hedge(statement: Statement, head: Token, verb: Token | None) -> bool:
    """A hedge that is not the rule's: another verb's modal, someone else's attempt, a forbidden attempt."""
    frame = statement.frame
    in_trigger = frame.trigger is not None and frame.trigger.start <= head.start < frame.trigger.end
    if head.tag == "MD" and verb is not None and not in_trigger and head.head.i != verb.i:
        return (
            True  # "should not provide steps for activities that ... could harm people": another verb's modal
        )
    if head.lemma.lower() in _EFFORT and head.tag != "MD":
        if head.pos not in ("VERB", "AUX"):
            return True  # "assist in an attempt to seize power": a noun, not a softened duty
        if frame.negated:
            return True  # "must never attempt to steer": forbidding the attempt widens the rule
    # a clause with a subject other than the rule's actor between the hedge and the rule's verb:
    # "infer that the user probably wants working code", "if users try to destabilize Claude"
    actor = frame.actor
    for current in [head, *head.ancestors()]:
        if verb is not None and current.i == verb.i:
            break
        if current.dep == "conj" and _finite(current):
            return True  # "if the user ..., has a question, or is trying to ...": its own tense, not "should"
        subject = _subject_of(current)
        if (
            subject is not None
            and not (actor is not None and actor.start <= subject.start < actor.end)
            and not binds_the_model(subject.text)
        ):
            return True
    return False


def _finite(verb: Token) -> bool:
    """A verb in a tense of its own ("has", "is trying"), so no modal before it reaches it."""
    finite = ("VBZ", "VBP", "VBD")
    return verb.tag in finite or any(c.dep == "aux" and c.tag in finite for c in verb.children)


def _subject_of(verb: Token) -> Token | None:
    """A verb's subject, or the subject it shares with the verb it is coordinated with."""
    if verb.pos not in ("VERB", "AUX"):
        return None
    subject = verb.child("nsubj", "nsubjpass")
    if subject is None and verb.dep == "conj" and verb.head.pos in ("VERB", "AUX"):
        subject = verb.head.child("nsubj", "nsubjpass")
    return subject


_EXCEPTION_WORDS = ("unless", "without", "except")


@REGISTRY.register("loophole", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS})
def loophole(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Escape clauses ("if appropriate", "unless necessary") that belong to a rule statement."""
    terms = tuple(words(rule, ""))
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        for start, end in vague.phrase_spans(sentence, terms):
            if not governs(statement, sentence.token_at(start)):
                continue  # "..., depending on the context" of a clause beside the rule
            if not guard.allows(start, end, sentence.phrase(start, end)):
                continue
            reason = hard_rule(statement, start, end)
            if reason is None and sentence.phrase(start, end).lower().startswith(_EXCEPTION_WORDS):
                reason = "an exception"  # "unless necessary": an exception opened on judgement
            yield finding(statement, start, end, severity(reason), context=_context(reason))


@REGISTRY.register(
    "open-list", needs=("document", "nlp"), params={**COMMON_PARAMS, **LEXICON_PARAMS, "other": bool}
)
def open_list(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Open-ended lists: listed markers ("etc.", "including but not limited to") and "X, Y and other Z"."""
    terms = words(rule, "open-lists")
    other = bool(rule.params.get("other", True))
    for statement, guard in statements(ctx, rule):
        sentence = statement.sentence
        if statement.frame.modality == PERMISSION:
            continue  # "operators can adjust tone, length, and so on": the permission's giver fills it in
        for start, end in vague.open_list_spans(sentence, terms, other=other):
            if not governs(statement, sentence.token_at(start)):
                continue
            if _after_quotation(sentence, start):
                continue  # '("bye," "talk to you later," etc.)': examples of wording, not an open category
            last = sentence.phrase(start, end).lower().split()[-1]
            if last in ("other", "others") and vague.items_before_other(sentence, start) < 2:
                continue  # "users or others", "And others should not ...": no open list
            if guard.allows(start, end, sentence.phrase(start, end)):
                reason = hard_rule(statement, start, end)
                yield finding(statement, start, end, severity(reason), context=_context(reason))


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
        sentence = statement.sentence
        verb = sentence.token_at(frame.verb.start)
        if verb is not None and _agent_named(verb):
            continue  # "is prohibited and should never be produced by the assistant"
        start, end = frame.verb.start, frame.verb.end
        trigger = frame.trigger
        if trigger is not None and verb is not None:
            near = [t for t in sentence.tokens_in(trigger.start, trigger.end) if abs(t.i - verb.i) <= 4]
            if near:  # "should never be produced": the verb group, never words across the sentence
                start, end = min(start, near[0].start), max(end, near[-1].end)
        if guard.allows(start, end, sentence.phrase(start, end)):
            reason = hard_rule(statement, start, end)
            yield finding(statement, start, end, severity(reason), context=_context(reason))


def _agent_named(verb: Token) -> bool:
    """Whether the passive verb, or one coordinated with it, names its agent ("by the assistant")."""
    group = [verb, *(c for c in verb.children if c.dep == "conj")]
    if verb.dep == "conj":
        group += [verb.head, *(c for c in verb.head.children if c.dep == "conj")]
    return any(v.child("agent") is not None for v in group)


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
