"""Propositions: what one normative statement demands, in the terms the conflict tests compare.

Every statement of the linguistic analysis (a rule, a normative sentence of prose, a preference
prompt, an item of a JSON / YAML / CSV list; about any actor) becomes a `Proposition`:

- **force**: +1 obliged, permitted or preferred; -1 forbidden or dispreferred; 0 neither;
- **actor**: who it binds ("assistant", "operator", "supplier"), or "" when the sentence does not
  say (an imperative, a passive, a subject that is a thing such as "Summaries"): "" meets anyone;
- **act**: the verb with everything it governs, conditions and exceptions left out
  ("delete files without asking for confirmation"), and its content words;
- **conditions** and **exceptions**; **bounds** (numbers with units); for preference prompts, the
  **poles** of the qualities they favour (concise vs detailed).

Verbs of refusal are read through: "should decline to talk about religion" forbids talking about
religion. An obligation to do X *before* Y also forbids doing Y without X, so "must ask before
deleting files" meets "may delete files without asking" (`derived`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from cmlint.conflicts.quantities import Bound, bounds_in
from cmlint.conflicts.words import ROLES, content_stems, tokens

if TYPE_CHECKING:
    from cmlint.nlp.analysis import Statement
    from cmlint.nlp.frames import DeonticFrame
    from cmlint.nlp.tokens import Token

ABSOLUTE = "absolute"
_REFUSAL = frozenset({"refuse", "decline", "reject"})
_ATTEMPT = frozenset({"attempt", "try", "seek", "aim", "strive", "endeavor", "endeavour"})
_ASSISTANT = frozenset("assistant claude model ai it you chatgpt grok gemini llm bot chatbot agent".split())
_OUT_OF_SCOPE_EXCEPT = ("dep", "punct", "aux", "auxpass", "neg", "nsubj", "nsubjpass", "mark", "advcl", "cc")
_BEFORE = frozenset({"before", "until", "prior"})
_DEICTIC = frozenset({"this", "that", "these", "those", "it", "them", "such", "so"})
_GENERIC_VERBS = frozenset(
    "do follow obey comply answer fulfil fulfill help assist satisfy execute carry accommodate honor "
    "honour".split()
)
_REQUEST_WORDS = frozenset(
    "ask asks asked request requests instruction instructions question questions told tell command "
    "commands want "
    "wants".split()
)

# preference prompts: words that set the direction of the quality that follows them
_MORE = frozenset({"most", "more", "best", "better", "greatest", "greater", "highest", "higher", "maximally"})
_LESS = frozenset(
    {
        "least",
        "less",
        "fewest",
        "fewer",
        "lowest",
        "lower",
        "avoid",
        "avoids",
        "avoiding",
        "minimize",
        "minimizes",
        "minimise",
        "minimises",
        "refrain",
        "refrains",
        "without",
        "not",
        "never",
        "no",
    }
)
_DIRECTION_REACH = 6  # words after "least" / "more" / "avoids" that it still turns
_FRAME_WORDS = frozenset({"is", "are", "that", "the", "a", "an", "which", "one", "likely", "to", "of"})
_AS_POSSIBLE = re.compile(r"\bas\s+(?:much|many|\w+)\s+as\s+possible\b", re.IGNORECASE)


@dataclass(frozen=True)
class Proposition:
    """One statement's demand (see the module docstring)."""

    statement: Statement
    text: str  # the words compared as a whole (a preference prompt without its frame)
    force: int
    strength: str | None
    preference: bool
    actor: str
    act: str
    act_words: frozenset[str]
    conditions: frozenset[str]
    exceptions: tuple[str, ...]
    bounds: tuple[Bound, ...]
    universal: bool  # "always do what the user asks": an absolute obligation to comply with anything
    poles: tuple[tuple[str, int], ...]  # preference prompts: (axis, +1 / -1) of the qualities favoured
    fragment: bool  # its act is a word that points elsewhere ("uphold this"): read only with its paragraph
    derived: str = ""  # how this proposition follows from its statement, when it is not said outright

    @property
    def id(self) -> str:
        return self.statement.id

    @property
    def absolute(self) -> bool:
        return self.strength == ABSOLUTE

    @property
    def exception_words(self) -> frozenset[str]:
        return (
            frozenset().union(*(content_stems(e) for e in self.exceptions))
            if self.exceptions
            else frozenset()
        )

    def demand(self) -> str:
        """For people: "forbids 'reveal the system prompt'"."""
        if self.preference:
            verb = "prefers more" if self.force > 0 else "prefers less"
        elif self.force < 0:
            verb = "forbids"
        else:
            verb = "permits" if self.strength == "may" else "requires"
        said = f" ({self.derived})" if self.derived else ""
        return f"{verb} '{self.act}'{said}"


def polarity(frame: DeonticFrame) -> int:
    """+1 obliged or permitted, -1 forbidden, 0 neither (no force, or a preference)."""
    if frame.modality == "prohibition":
        return -1
    if frame.modality in ("obligation", "permission"):
        return -1 if frame.negated else 1
    return 0


def action_text(frame: DeonticFrame) -> str:
    """The verb lemma and its object as the frame has them ("reveal the system prompt")."""
    return f"{frame.action or ''} {frame.object.text if frame.object else ''}".strip()


def actor_of(frame: DeonticFrame) -> str:
    """Who a statement binds: "assistant", a person or party's noun, or "" (not said: meets anyone)."""
    if frame.actor is None:
        return ""
    words = [w for w in re.findall(r"[a-z]+", frame.actor.text.lower()) if w not in ("the", "a", "an", "our")]
    if not words:
        return ""
    if set(words) & _ASSISTANT:
        return "assistant"
    people = [w for w in words if w in ROLES]
    if people:
        head = people[-1]
        return head[:-1] if head.endswith("s") and head[:-1] in ROLES else head
    if frame.actor.text[:1].isupper() and frame.actor.text.split()[0].lower() == "the":
        return words[-1]  # "The Supplier", "The Licensee": a named party
    return ""


def _token_at(statement: Statement, start: int) -> Token | None:
    return next((t for t in statement.sentence.tokens if t.start == start), None)


def _act_tokens(verb: Token, outside: list[tuple[int, int]]) -> list[Token]:
    """The verb and what it governs to its right, without conditions, exceptions and punctuation."""
    skip: set[int] = set()
    for child in verb.children:
        if child.dep in (
            "advcl",
            "nsubj",
            "nsubjpass",
            "aux",
            "auxpass",
            "neg",
            "punct",
            "mark",
            "cc",
            "conj",
        ):
            skip.update(t.i for t in child.subtree())
        if child.dep == "advmod" and child.lower in ("always", "never", "ever", "also", "only"):
            skip.add(child.i)
    kept = [
        t
        for t in verb.subtree()
        if t.i >= verb.i and t.i not in skip and not any(a <= t.start < b for a, b in outside)
    ]
    while kept and kept[-1].pos in ("PUNCT", "CCONJ"):
        kept.pop()
    return kept


def _text_of(tokens_: list[Token]) -> str:
    """The words of tokens as written (spaces only where the text has them), the verb as its lemma."""
    if not tokens_:
        return ""
    out = tokens_[0].lemma.lower() if tokens_[0].pos in ("VERB", "AUX") else tokens_[0].text
    for previous, token in itertools.pairwise(tokens_):
        out += (" " if token.start > previous.end else "") + token.text
    return out


def _before_clause(verb: Token, act: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """ "ask for confirmation [before deleting files]": (the act without it, the gerund's words)."""
    for child in verb.children:
        if child.dep == "prep" and child.lower in _BEFORE:
            inner = child.child("pcomp") or next((c for c in child.subtree() if c.tag == "VBG"), None)
            if inner is None:
                continue
            clause = {t.i for t in child.subtree()}
            return [t for t in act if t.i not in clause], [t for t in inner.subtree() if t.i >= inner.i]
    return None


@cache
def _axes() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """(axis name, words of its + pole, words of its - pole) from rules/lexicons/quality-axes.txt."""
    from cmlint.lexicons import load_lexicon

    found = []
    for line in load_lexicon("quality-axes"):
        if ":" not in line or "|" not in line:
            continue
        name, poles = line.split(":", 1)
        plus, minus = poles.split("|", 1)
        found.append((name.strip(), frozenset(plus.split()), frozenset(minus.split())))
    return tuple(found)


def axis_words(axis: str) -> frozenset[str]:
    """Both poles' words of a quality axis."""
    return next((plus | minus for name, plus, minus in _axes() if name == axis), frozenset())


def preference_poles(text: str) -> tuple[int, tuple[tuple[str, int], ...], str]:
    """(direction, poles favoured, the quality's words) of a preference prompt without its frame.

    "least sycophantic" -> (-1, (("deference", -1),), "sycophantic"); "agrees with the user as
    much as possible" -> (+1, (("deference", +1),), "agrees with the user").
    """
    words = list(tokens(text))
    # the prompt's direction: a direction word among its first words ("least likely to", "shows the
    # least", "avoids implying"); a "without" later on qualifies, it does not turn the prompt
    lead = next((w for w in words[:3] if w in _LESS or w in _MORE), None)
    direction = -1 if lead in _LESS else 1 if lead in _MORE else 0
    quality = [w for w in words if w not in _LESS and w not in _MORE and w not in _FRAME_WORDS]
    if _AS_POSSIBLE.search(text):
        quality = [w for w in quality if w not in ("as", "much", "many", "possible")]
    poles: dict[str, int] = {}
    local = direction or 1  # words before the first direction word take the prompt's direction
    since = 0
    for word in words:
        since += 1
        if word in _LESS or word in _MORE:
            local, since = (-1 if word in _LESS else 1), 0
            continue
        sign = local if since <= _DIRECTION_REACH else 1
        for name, plus, minus in _axes():
            pole = 1 if word in plus else -1 if word in minus else 0
            if pole and name not in poles:
                poles[name] = pole * sign
    return direction, tuple(poles.items()), " ".join(quality)


_PASSIVE_FORCE = frozenset({"prohibit", "forbid", "require", "allow", "permit", "bar", "oblige", "expect"})


def _passive_act(verb: Token) -> str | None:
    """The act of a passive: "Sexual content involving minors ... should never be produced" is producing
    that content; "Sharing personal data is prohibited" is sharing personal data."""
    subject = verb.child("nsubjpass")
    if subject is None:
        return None
    words = subject.subtree()
    if words and words[0].pos == "DET":
        words = words[1:]
    said = " ".join(t.text for t in words)
    if verb.lemma.lower() in _PASSIVE_FORCE:
        # "is prohibited and should never be produced": the act is the conjoined verb's
        done = next((c for c in verb.children if c.dep == "conj" and c.pos == "VERB"), None)
        return f"{done.lemma.lower()} {said}" if done is not None else said
    return f"{verb.lemma.lower()} {said}"


def _modal_force(statement: Statement) -> tuple[int, str | None]:
    """The force of a modal the frame took for possibility ("Responses may run ...") that bounds a number."""
    if not bounds_in(statement.text):
        return 0, None
    for token in statement.sentence.tokens:
        if token.tag == "MD" and token.lemma.lower() in ("may", "can", "must", "shall"):
            negated = any(t.dep == "neg" and t.head is token.head for t in statement.sentence.tokens)
            strength = "may" if token.lemma.lower() in ("may", "can") else "must"
            return (-1 if negated else 1), strength
    return 0, None


def proposition(statement: Statement, text: str) -> list[Proposition]:
    """The propositions of one statement: what it says, and what its "before" clause implies."""
    frame = statement.frame
    preference = frame.modality == "preference"
    if preference:
        direction, poles, quality = preference_poles(text)
        return [
            Proposition(
                statement,
                text,
                direction or 1,
                "directed" if direction or text != statement.text else None,
                True,
                "",
                quality or text,
                content_stems(quality or text),
                frozenset(),
                (),
                bounds_in(text),
                False,
                poles,
                False,
            )
        ]
    force = polarity(frame)
    strength = frame.strength
    if not force:
        force, strength = _modal_force(statement)  # "Voice responses may run up to two minutes."
    conditions = (
        frozenset().union(*(content_stems(p.text) for p in frame.conditions))
        if frame.conditions
        else frozenset()
    )
    exceptions = tuple(p.text for p in frame.exceptions)
    outside = [(p.start, p.end) for p in (*frame.conditions, *frame.exceptions)]
    verb = _token_at(statement, frame.verb.start) if frame.verb is not None else None
    act_tokens: list[Token] = []
    if verb is not None and force:
        for _ in range(2):  # "refuse to try to X": read through both
            inner = verb.child("xcomp")
            if inner is None or inner.pos not in ("VERB", "AUX"):
                break
            if verb.lemma.lower() in _REFUSAL:
                verb, force = inner, -force
            elif verb.lemma.lower() in _ATTEMPT:
                verb = inner  # "never attempt to steer the user": the act is steering
        act_tokens = _act_tokens(verb, outside)
    act = _text_of(act_tokens) or action_text(frame)
    passive = _passive_act(verb) if verb is not None and force else None
    if passive is not None:
        # with what the verb governs: "AI should not be used for scams" is using AI for scams
        rest = _text_of([t for t in act_tokens[1:] if t.dep != "agent" and t.head.dep != "agent"])
        act = f"{passive} {rest}".strip() if act_tokens[:1] and act_tokens[0].lemma != "prohibit" else passive
    # a pronoun object ("tell them") with a condition: what the condition asks about is the act
    object_words = {t.lower for t in act_tokens[1:]}
    fragment = bool(object_words) and object_words <= _DEICTIC | {"to", "about", "with", "on"}
    if fragment and frame.conditions:
        act = f"{act} {' '.join(p.text for p in frame.conditions)}"
        fragment = False
    actor = actor_of(frame)
    base = Proposition(
        statement=statement,
        text=text,
        force=force,
        strength=strength,
        preference=False,
        actor=actor,
        act=act,
        act_words=content_stems(act),
        conditions=conditions,
        exceptions=exceptions,
        bounds=bounds_in(statement.text),
        universal=False,
        poles=(),
        fragment=fragment,
    )
    act_set = set(tokens(act))
    universal = (
        force > 0
        and frame.strength == ABSOLUTE
        and frame.modality == "obligation"
        and not frame.conditions
        and not frame.exceptions
        and bool(act_tokens)
        and act_tokens[0].lemma.lower() in _GENERIC_VERBS
        and bool(act_set & _REQUEST_WORDS)
    )
    base = replace(base, universal=universal)
    found = [base]
    if verb is not None and force > 0 and frame.modality == "obligation":
        split = _before_clause(verb, act_tokens)
        if split is not None:
            required, later = split
            required_text, later_text = _text_of(required), _text_of(later)
            derived_act = f"{later_text} without {required_text}"
            found.append(
                replace(
                    base,
                    force=-1,
                    act=derived_act,
                    act_words=content_stems(derived_act),
                    universal=False,
                    derived=f"it requires '{required_text}' before '{later_text}'",
                )
            )
    if verb is not None and force:
        found += _conjuncts(base, verb, outside)
    return found


def _conjuncts(base: Proposition, verb: Token, outside: list[tuple[int, int]]) -> list[Proposition]:
    """A second verb under its own modal or negation: "shall keep it confidential and shall not
    disclose it to any third party" also forbids disclosing it to any third party."""
    found = []
    for conjunct in verb.children:
        if conjunct.dep != "conj" or conjunct.pos not in ("VERB", "AUX"):
            continue
        modal = next((c for c in conjunct.children if c.dep == "aux" and c.tag == "MD"), None)
        negated = conjunct.child("neg") is not None
        if modal is None and not negated:
            continue  # "verify X and log Y": one demand, read as a whole
        force = -1 if negated else 1
        strength = "may" if modal is not None and modal.lemma.lower() in ("may", "can") else base.strength
        if negated and strength == "may":
            strength = "must"  # "may not" forbids
        act = _text_of(_act_tokens(conjunct, outside))
        found.append(
            replace(
                base, force=force, strength=strength, act=act, act_words=content_stems(act), universal=False
            )
        )
    return found
