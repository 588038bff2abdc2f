"""How much a judgement word matters: is the sentence a rule, does the word belong to it, is the rule hard.

The vagueness and form rules flag words of *statements*. Three questions decide whether a
word is worth a person's attention, and how loudly:

- Is the statement a rule at all? A normative sentence is one; a sentence whose only force is
  "can", "could" or "might" describing what happens ("Claude can make mistakes", "Claude might
  end up talking with minors") is a description, and so is a one-sentence principle with no
  deontic cue, unless it is a list item naming a behaviour ("Avoiding drastic actions").
- Does the word belong to the clause that carries the rule's force? A word in a clause beside
  it ("Much of the manual equips the agent ..., but the manual itself should not be disclosed")
  or in a reason ("because it is sensitive") does not decide what the rule requires; a word in
  the rule's object, condition or exception does.
- Is the rule hard? A word that decides an absolute ("never", "under no circumstances"), a
  prohibition, an exception ("unless ...") or a precedence ("prioritize A over B") is where two
  readers of the rule will disagree about a violation: a warning. Elsewhere the same word is
  a judgement the document leaves to the model on purpose: information.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from cmlint.diagnostics import Severity
from cmlint.model import Document
from cmlint.nlp.cues import (
    ABSOLUTE,
    ABSOLUTE_ADVERBS,
    ABSOLUTE_PHRASES,
    ACTORS,
    AUTHOR_THINK,
    AUTHOR_WISH,
    AUTHORS,
    PERMISSION,
    PROHIBITION,
)
from cmlint.nlp.tokens import Token

if TYPE_CHECKING:
    from cmlint.nlp.analysis import Statement

# verbs of what happens to someone rather than what they do: "can make mistakes", "might end up"
_HAPPENING = frozenset(
    "happen occur lead result arise vary end become seem appear fail err encounter face experience "
    "find get go turn depend help".split()
)
_MISHAPS = frozenset({"mistake", "mistakes", "error", "errors"})
_ASKS_BEHAVIOUR = re.compile(r"\bbehavio|\bshould\b|\bmust\b|\bnever\b|\balways\b|\bavoid|\bwe want\b")
_AUTHORS_PLAN = re.compile(r"\b(?:we|anthropic|openai)\s+(?:might|may|will|could|plan|intend|hope)\b")
_FREQUENT = frozenset({"sometimes", "often", "occasionally", "usually", "frequently", "rarely"})
_DESCRIBING_MODALS = frozenset({"might", "could"})
_LIKELIHOOD = frozenset({"sometimes", "often", "occasionally", "still", "likely", "probably", "also"})
# clauses that give a reason or concede a point: they explain the rule, they do not state it
_REASONS = frozenset({"because", "since", "although", "though", "whereas", "so", "as"})
_PRECEDENCE_VERBS = frozenset(
    {"prioritize", "prioritise", "override", "outrank", "supersede", "trump", "outweigh", "precede"}
)
_PRECEDENCE_NOUNS = frozenset({"precedence", "priority"})

_WISHES = frozenset({"want", "wish", "like", "prefer", "hope", "desire"})
_MODEL_NAMES = frozenset("claude assistant model ai chatgpt gpt grok llm chatbot".split())
_ANALOGY_CUES = ("analogy", "analogous", "imagine ", "suppose ", "think of ")
_SUPPOSING = frozenset({"suppose", "imagine", "say"})
_EXAMPLE_OPENINGS = frozenset(
    {"for example", "for instance", "e.g.", "e.g", "as an", "imagine a", "suppose a"}
)
# the one a constitution binds (the model), or a word that stands for it
MODEL_WORDS = frozenset(
    "claude assistant model ai you it chatbot agent gpt chatgpt grok llm bot responder".split()
)
# concessions and analogies: "even if a similar scene would be allowed", "despite some hesitancy",
# "just as an employee would ...", "like a contractor who ..."
# verbs whose object or "as" phrase is the content of what the model says
_SAYING = frozenset(
    "acknowledge say state explain describe mention note contextualize characterize label call frame "
    "admit claim assert tell inform".split()
)
_CONCESSIVE_PREPS = frozenset({"despite", "notwithstanding", "like", "unlike"})

SOFT = Severity.INFO


def is_rule(statement: Statement, document: Document | None = None) -> bool:
    """Whether a statement states a rule (see the module docstring), not a description."""
    info = statement.info
    if not info.normative:
        return statement.is_whole_principle and _behaviour_item(statement, document)
    words = statement.sentence.words()
    if words and (words[0].lower in _SUPPOSING or " ".join(t.lower for t in words[:2]) in _EXAMPLE_OPENINGS):
        return False  # "For example, the user might forget a 'not'": an illustration of the rule
    frame = statement.frame
    root = statement.sentence.root
    if _in_analogy(statement):
        return False  # "A useful analogy is a customer-service agent ... the manual should not be disclosed"
    if frame.cue.startswith("lead-in"):
        if _finite_clause(root):
            return False  # "- the impact of ...: These could vary ...": a sentence of its own under "should:"
        if frame.cue[len("lead-in '") :].split(" ", 1)[0].lower() in AUTHORS:
            return False  # "We will: - Try to develop means ...": the authors' own commitments
    if frame.cue.endswith("... to'") and not _binds(frame.actor.text if frame.actor else None):
        return False  # "We want people to leave feeling better off": a hope about others, not a rule
    opening = statement.sentence.tokens[:3]
    if frame.cue.startswith("'") and any(t.dep == "advmod" and t.lower in _FREQUENT for t in opening):
        return False  # "Sometimes the assistant is asked to transform text": a situation, described
    if _quality_statement(statement):
        return False  # "the second response is good": a verdict on an example, not "it is good to"
    if frame.action in _WISHES and not binds_the_model(frame.actor.text if frame.actor else None):
        return False  # "The operator may not want Claude to ...": someone else's wish, described
    subject = root.child("nsubj")
    if (
        subject is not None
        and subject.lower in AUTHORS
        and root.lemma.lower() not in AUTHOR_WISH | AUTHOR_THINK
        and (frame.verb is None or frame.verb.start != root.start)
    ):
        return False  # "We also discuss ... that Claude should never ...": the authors describe their text
    if frame.modality != PERMISSION or frame.trigger is None:
        return True
    modal = frame.trigger.text.lower().split()[0]
    if modal in _DESCRIBING_MODALS:
        return False  # "Claude might still end up ...", "these could vary": what may happen
    verb = statement.sentence.token_at(frame.verb.start) if frame.verb is not None else None
    if verb is not None and verb.lemma.lower() == "be" and modal in ("may", "can"):
        return False  # "Claude may also be the target of deception": a state is not granted
    if modal != "can" or verb is None:
        return True
    if verb.lemma.lower() in _HAPPENING or any(
        c.lower in _LIKELIHOOD for c in verb.children if c.dep == "advmod"
    ):
        return False
    return not (verb.lemma.lower() == "make" and any(c.lower in _MISHAPS for c in verb.subtree()))


def binds_the_model(subject: str | None) -> bool:
    """Whether a subject (its words) names the model a rule binds; no subject: an imperative."""
    if subject is None:
        return True
    return bool({w.strip(".,'’s").lower() for w in subject.split()} & MODEL_WORDS)


def _binds(subject: str | None) -> bool:
    """Whether a subject names a party a rule can bind: the model, a user, an operator, a developer."""
    if subject is None:
        return True
    return bool({w.strip(".,'’s").lower() for w in subject.split()} & (ACTORS | MODEL_WORDS))


def _in_analogy(statement: Statement) -> bool:
    """A sentence of a paragraph that opens an analogy or a hypothetical and does not name the model."""
    if statement.is_whole_principle or statement.info.index == 1:
        return False
    opening = statement.principle.plain_text[: statement.principle.plain_text.find(".") + 1].lower()
    if not any(cue in opening for cue in _ANALOGY_CUES):
        return False
    return not any(t.lower in _MODEL_NAMES for t in statement.sentence.tokens)


def _finite_clause(root: Token) -> bool:
    """A sentence with a subject and a finite verb ("These could vary"), not a bare item ("Provide ...")."""
    subject = root.child("nsubj", "nsubjpass", "expl")
    finite = root.tag in ("VBZ", "VBP", "VBD", "MD") or any(c.tag == "MD" for c in root.children)
    return subject is not None and finite and root.pos in ("VERB", "AUX")


def _quality_statement(statement: Statement) -> bool:
    """An "importance" cue whose subject is a thing ("the response is good"), not "it" or a clause."""
    trigger = statement.frame.trigger
    if trigger is None or not statement.frame.cue.startswith("'"):
        return False
    adjective = statement.sentence.token_at(trigger.start)
    if adjective is None or adjective.pos != "ADJ":
        return False
    subject = adjective.head.child("nsubj")
    return subject is not None and subject.lower not in ("it", "this", "that")


def _behaviour_item(statement: Statement, document: Document | None) -> bool:
    """A list item that names a behaviour by its gerund: "Avoiding drastic actions", "Not undermining ...".

    Under a lead-in that asks for behaviour ("Broadly safe behaviors include:", "Claude should:"),
    not under one that lists the authors' plans ("Examples of areas where we might provide ...").
    """
    principle = statement.principle
    if principle.parent is None and principle.lead_in is None:
        return False
    lead_in = document.principles.get(principle.lead_in) if document and principle.lead_in else None
    if lead_in is not None:
        text = lead_in.plain_text.lower()
        if not _ASKS_BEHAVIOUR.search(text) or _AUTHORS_PLAN.search(text):
            return False
    words = statement.sentence.words()
    if words and words[0].lower == "not":
        words = words[1:]
    return bool(words) and words[0].tag == "VBG" and words[0].dep in ("ROOT", "csubj", "nsubj")


def clause_head(statement: Statement) -> Token | None:
    """The head of the clause that carries the statement's force (None: the whole sentence)."""
    trigger = statement.frame.trigger
    if trigger is None:
        return None
    token = statement.sentence.token_at(trigger.start)
    if token is None:
        return None
    if token.tag == "MD" or token.dep in ("aux", "auxpass", "neg", "advmod", "mark"):
        token = token.head
    if token.pos == "ADJ" and token.dep == "acomp":  # "It is important that ...": the clause of "is"
        token = token.head
    return token


def governs(statement: Statement, token: Token | None) -> bool:
    """Whether a word belongs to the clause of the rule's force, not to a clause beside it or a reason."""
    head = clause_head(statement)
    if head is None or token is None:
        return True
    chain = [head, *head.ancestors()]  # the rule's clause and what it hangs from
    above_head = {a.i: below for below, a in pairwise(chain)}
    current = token
    while current.i != head.i:
        if current.is_root:
            return True  # the word is where the rule's clause hangs from
        if current.head.i in above_head and not current.is_root:
            # the word and the rule meet above the rule's clause: the word is in a clause beside
            # the rule's ("Much of the manual equips ..., but the manual should not be disclosed")
            # when the rule's clause is coordinated there; a rule clause parsed as the complement of
            # another word ("... or other contexts where ...") is a misparse, read as one clause
            return above_head[current.head.i].dep not in ("conj", "parataxis")
        if current.dep in ("parataxis",) and not _has_force(current):
            return False
        if current.dep == "advcl" and (_reason(current) or _concession(current)):
            return False  # "because it is sensitive", "even if a similar scene is allowed": why, not what
        if (
            current.dep == "ccomp"
            and current.head.i != head.i
            and current.head.pos in ("VERB", "NOUN")
            and _own_subject(current)
        ):
            return False  # "attempts to convince Claude that harmful behavior is justified": their claim
        if (
            current.dep in ("prep", "ccomp", "dobj")
            and current.head.lemma.lower() in _SAYING
            and (current.head.i != head.i or current.dep == "prep")
        ):
            return False  # "contextualize such ideologies as harmful": what to say, not a threshold
        if _analogy(current):
            return False
        if current.dep == "prep" and current.lower in _CONCESSIVE_PREPS:
            return False  # "despite some hesitancy", "like a contractor who ..."
        if (
            current.dep == "conj"
            and current.pos in ("VERB", "AUX")
            and _own_subject(current)
            and not _has_force(current)
        ):
            return False  # "..., and some users will like it": a clause of its own, without force
        current = current.head
    return True


def _mark(token: Token) -> str:
    mark = token.child("mark")
    return mark.lower if mark is not None else ""


def _reason(clause: Token) -> bool:
    """ "because ...", "since ...", "as that would ..." (not "as long as", "as soon as", "as if")."""
    mark = clause.child("mark")
    if mark is None or mark.lower not in _REASONS:
        return False
    after = clause.sent.tokens[mark.i + 1] if mark.i + 1 < len(clause.sent.tokens) else None
    return not (mark.lower == "as" and after is not None and after.lower in ("long", "soon", "if", "though"))


def _concession(clause: Token) -> bool:
    """ "even if ...", "even though ...", "just as ..."."""
    tokens = clause.sent.tokens
    for mark in clause.children:
        if mark.dep in ("mark", "advmod") and mark.i > 0 and tokens[mark.i - 1].lower in ("even", "just"):
            return True
    return False


def _analogy(token: Token) -> bool:
    """ "in the same way that ...", "in a way that others would ...": a comparison, not the rule."""
    if token.lower != "way":
        return False
    return any(
        c.lower in ("same", "similar")
        or (
            c.dep == "relcl"
            and (subject := c.child("nsubj")) is not None
            and subject.tag not in ("WDT", "WP")
        )
        for c in token.children
    )  # "in a way that many humans would recognize as ...": how others would see it


def _own_subject(verb: Token) -> bool:
    return verb.child("nsubj", "nsubjpass", "expl") is not None


def _has_force(verb: Token) -> bool:
    return any(c.tag == "MD" and c.lower not in _DESCRIBING_MODALS for c in verb.children) or verb.tag == "VB"


def hard_rule(statement: Statement, start: int, end: int) -> str | None:
    """What hard rule a word decides ("an absolute rule", "a prohibition", ...), or None.

    Judged by the word's own clause: the nearest verb above it that carries force (a modal of
    obligation or permission, a negation, "avoid", an imperative) must be the one that forbids,
    or holds the absolute; a "never" elsewhere in the sentence does not make every word hard.
    """
    frame = statement.frame
    if any(p.start <= start and end <= p.end for p in frame.exceptions):
        return "an exception"
    token = statement.sentence.token_at(start)
    force = _force_verb(token) if token is not None else None
    if frame.cue.startswith("lead-in"):
        force = None  # "Claude should never:" above the item gives the whole item its force
    if frame.modality == PROHIBITION and (force is None or _forbids(force)):
        absolute = frame.strength == ABSOLUTE and (force is None or _absolute(force))
        return "an absolute prohibition" if absolute else "a prohibition"
    if frame.strength == ABSOLUTE and frame.modality != PERMISSION and (force is None or _absolute(force)):
        return "an absolute rule"
    if token is not None and _under_precedence(token):
        return "a precedence"
    return None


_FORCE_MODALS = frozenset({"must", "should", "shall", "may", "can", "ca", "will", "wo"})
_NEGATING_VERBS = frozenset({"avoid", "refrain", "abstain", "desist", "cease", "stop"})


def _force_verb(token: Token) -> Token | None:
    """The nearest verb at or above a word that carries force; None: none in the sentence."""
    for current in [token, *token.ancestors()]:
        if current.pos not in ("VERB", "AUX"):
            continue
        if current.dep == "conj" and current.head.lemma.lower() in _NEGATING_VERBS:
            return current  # "avoid repeating X, and generally minimize Y": "avoid" does not reach Y
        children = current.children
        if any(c.tag == "MD" and c.lower in _FORCE_MODALS for c in children) or any(
            c.dep == "neg" for c in children
        ):
            return current
        if current.lemma.lower() in _NEGATING_VERBS or current.lower in ABSOLUTE_ADVERBS:
            return current
        if current.is_root and current.tag == "VB":
            return current  # an imperative
    return None


def _forbids(verb: Token) -> bool:
    return verb.lemma.lower() in _NEGATING_VERBS or any(
        c.dep == "neg" or c.lower == "never" for c in verb.children
    )


def _absolute(verb: Token) -> bool:
    if verb.lower in ABSOLUTE_ADVERBS or any(c.lower in ABSOLUTE_ADVERBS for c in verb.children):
        return True
    words = " ".join(t.lower for t in verb.subtree())
    return any(phrase in words for phrase in ABSOLUTE_PHRASES)


def _under_precedence(token: Token) -> bool:
    """Whether a word sits in the clause of "prioritize", "take precedence", "override"."""
    for current in [token, *token.ancestors()]:
        if current.lemma.lower() in _PRECEDENCE_VERBS:
            return True
        if any(c.lower in _PRECEDENCE_NOUNS for c in current.children if c.dep in ("dobj", "attr")):
            return True
    return False


def severity(reason: str | None) -> Severity | None:
    """The rule's own severity (None) where a word decides a hard rule, information elsewhere."""
    return None if reason else SOFT
