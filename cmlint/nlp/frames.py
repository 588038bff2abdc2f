"""The deontic frame of a sentence: who must (or must not, or may) do what, when, and how firmly.

    "The assistant must never reveal the system prompt unless the developer allows it."
    -> prohibition, absolute ("must never"), actor "The assistant", action reveal + "the system
       prompt", exception "unless the developer allows it"

A frame is read off the dependency parse of one sentence (`tokens.Sentence`, so it works the
same on a fresh spaCy parse and on a cached one). It finds the clause that carries deontic
force (a modal, a semi-modal such as "need to" or "is required to", an imperative, an author's
wish such as "We want Claude to ...", "It is important that ...", or an absolute adverb in a
present-tense rule such as "Claude never lies"), then that clause's actor, action,
conditions, exceptions, quantifiers and hedges. Every part keeps its character offsets, so a
rule can point at exactly the words it is about. Frames are plain data (`to_dict`) for the
graph export and the conflict rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cmlint.nlp.cues import (
    ABSOLUTE,
    ABSOLUTE_ADVERBS,
    ABSOLUTE_PHRASES,
    ACTORS,
    AUTHOR_THINK,
    AUTHOR_WISH,
    AUTHORS,
    CONDITION_MARKS,
    EXCEPTION_MARKS,
    EXCEPTION_PREPS,
    IMPORTANCE,
    MAY,
    MODALS,
    MUST,
    NEGATING,
    NONE,
    OBLIGATION,
    PASSIVE_DEONTIC,
    PERMISSION,
    PREFER,
    PREFERENCE,
    PROHIBITION,
    QUANTIFIERS,
    SEMI_MODALS,
    SHOULD,
    WEAK_WISH,
)
from cmlint.nlp.tokens import Sentence, Token


@dataclass(frozen=True)
class Phrase:
    """Words of the analysed text: their text and character offsets in it."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class DeonticFrame:
    """What one sentence requires, forbids, permits or prefers (`modality == "none"`: nothing)."""

    modality: str = NONE
    strength: str | None = None  # absolute | must | should | may
    trigger: Phrase | None = None  # the words that carry the force: "must never", "We want ... to"
    negated: bool = False
    negation: Phrase | None = None  # "not", "never", "avoid"
    negation_scope: Phrase | None = None  # what the negation covers: the action phrase
    actor: Phrase | None = None  # None: the addressee of an imperative, or an agentless passive
    imperative: bool = False
    passive: bool = False
    action: str | None = None  # the verb lemma ("reveal", "give up", "be")
    verb: Phrase | None = None
    object: Phrase | None = None  # "the system prompt", or the complement of "be"
    conditions: tuple[Phrase, ...] = ()
    exceptions: tuple[Phrase, ...] = ()
    quantifiers: tuple[Phrase, ...] = ()
    hedges: tuple[Phrase, ...] = ()
    conjuncts: tuple[Phrase, ...] = ()  # further verbs under the same force: "verify X and log Y"
    cue: str = ""  # why the sentence is deontic, for people: "modal 'must'", "imperative", ...

    @property
    def is_deontic(self) -> bool:
        return self.modality != NONE

    def to_dict(self) -> dict[str, Any]:
        """Plain data: phrases as {text, start, end} with offsets into the analysed text."""
        out: dict[str, Any] = {"modality": self.modality, "strength": self.strength, "cue": self.cue}
        for name in ("trigger", "negation", "negation_scope", "actor", "verb", "object"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.to_dict()
        out["negated"] = self.negated
        out["imperative"] = self.imperative
        out["passive"] = self.passive
        out["action"] = self.action
        for name in ("conditions", "exceptions", "quantifiers", "hedges", "conjuncts"):
            out[name] = [p.to_dict() for p in getattr(self, name)]
        return out


def _phrase(sentence: Sentence, start: int, end: int) -> Phrase:
    return Phrase(sentence.phrase(start, end), start, end)


def _token_phrase(token: Token) -> Phrase:
    return Phrase(token.text, token.start, token.end)


def _subtree_phrase(token: Token, *, skip: set[int] | None = None) -> Phrase:
    tokens = [t for t in token.subtree() if not skip or t.i not in skip]
    while tokens and tokens[-1].pos == "PUNCT":
        tokens.pop()
    while tokens and tokens[0].pos == "PUNCT":
        tokens.pop(0)
    if not tokens:
        return _token_phrase(token)
    return _phrase(token.sent, tokens[0].start, tokens[-1].end)


def _subject(verb: Token) -> Token | None:
    return verb.child("nsubj", "nsubjpass", "csubj", "expl")


def is_actor(token: Token | None) -> bool:
    """Whether a subject names someone a rule can bind (the assistant, the user, a developer...)."""
    if token is None:
        return False
    heads = [token, *token.children_with("compound", "conj", "appos")]
    words = {t.lemma.lower() for t in heads} | {t.lower for t in heads}
    if words & ACTORS:
        return True
    # a defined party, capitalised after "the": "The Supplier may ...", "the Licensee shall ..."
    determiner = token.child("det")
    return token.text[:1].isupper() and determiner is not None and determiner.lower == "the"


def _modal_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep == "aux" and c.tag == "MD"), None)


def _negation_of(*tokens: Token) -> Token | None:
    for token in tokens:
        neg = token.child("neg")
        if neg is not None:
            return neg
    return None


def _unwrap_author(root: Token) -> tuple[Token, Token | None, str]:
    """For "We want Claude to X" / "We think Claude should X": the embedded verb, the wish verb and a cue."""
    subject = _subject(root)
    by_author = subject is not None and subject.lower in AUTHORS
    if root.lemma == "be" and root.child("acomp") is not None:  # "It is important that Claude..."
        adjective = root.child("acomp")
        assert adjective is not None
        if adjective.lower in IMPORTANCE:
            inner = adjective.child("xcomp", "ccomp") or root.child("xcomp", "ccomp")
            if inner is not None and inner.pos in ("VERB", "AUX"):
                return inner, adjective, f"'{root.text} {adjective.text}'"
    if not by_author:
        return root, None, ""
    inner = root.child("ccomp", "xcomp")
    if inner is None or inner.pos not in ("VERB", "AUX"):
        return root, None, ""
    inner_subject = _subject(inner)
    wish = root.lemma in AUTHOR_WISH and root.tag != "VBD" and inner_subject is not None
    if wish and _modal_of(inner) is None and inner_subject.lower not in AUTHORS:  # type: ignore[union-attr]
        return inner, root, f"'{subject.text if subject else ''} {root.text} ... to'"
    if root.lemma in AUTHOR_THINK:
        return inner, None, ""
    return root, None, ""


_FREQUENCY = {"sometimes", "often", "occasionally", "frequently", "rarely", "seldom", "usually", "typically"}


def _possibility(verb: Token) -> bool:
    """ "The assistant may sometimes encounter...", "may be interrupted": what can happen, not a license."""
    if verb.child("auxpass") is not None:
        return True
    return any(c.dep == "advmod" and c.lower in _FREQUENCY for c in verb.children)


def _has_force(verb: Token) -> bool:
    modal = _modal_of(verb)
    return (modal is not None and modal.lemma.lower() in MODALS) or verb.tag == "MD"


_DENIALS = {"mean", "imply", "suggest", "entail", "follow", "say", "require"}


def _main_verb(sentence: Sentence) -> tuple[Token, Token | None, str]:
    root = sentence.root
    inner, wish, cue = _unwrap_author(root)
    if wish is None and inner is not root:  # "We think Claude should ..." - look inside once more
        inner, wish, cue = _unwrap_author(inner)
    if root.lemma in _DENIALS and _negation_of(root) is not None:
        # "This does not mean that the assistant should avoid X": the rule inside is denied, not stated
        return root, None, ""
    if wish is None and not _has_force(inner) and not (inner.tag == "VB" and _subject(inner) is None):
        # "X would be impractical, so the assistant must act": a main-level clause with a modal
        for token in sentence.tokens:
            main_level = token.dep in ("conj", "ccomp", "parataxis") and token.head is root
            if (
                main_level
                and token.pos in ("VERB", "AUX")
                and _has_force(token)
                and _subject(token) is not None
            ):
                return token, None, ""
    return inner, wish, cue


def _hedges(sentence: Sentence) -> tuple[Phrase, ...]:
    from cmlint.nlp.vague import hedge_spans

    return tuple(_phrase(sentence, s, e) for s, e in hedge_spans(sentence))


def _absolute_phrase(sentence: Sentence) -> Phrase | None:
    lowered = sentence.source_text.lower()
    for phrase in ABSOLUTE_PHRASES:
        at = lowered.find(phrase, sentence.start, sentence.end)
        if at >= 0:
            return _phrase(sentence, at, at + len(phrase))
    return None


def _clauses(verb: Token) -> tuple[list[Phrase], list[Phrase]]:
    """Conditions ("if", "when") and exceptions ("unless", "except") attached to a verb."""
    conditions: list[Phrase] = []
    exceptions: list[Phrase] = []
    holders = [verb, *verb.ancestors()][:3]
    for holder in holders:
        for child in holder.children:
            if child.dep == "advcl":
                mark = child.child("mark", "advmod")
                word = mark.lower if mark is not None else ""
                phrase = _subtree_phrase(child)
                if word in EXCEPTION_MARKS:
                    exceptions.append(phrase)
                elif word in CONDITION_MARKS:
                    conditions.append(phrase)
            elif child.dep == "prep" and (child.lower in EXCEPTION_PREPS or child.lower == "other"):
                exceptions.append(_subtree_phrase(child))  # "except for X", "other than X"
    # "except when ..." is parsed as an advcl of "except" in some sentences
    for token in verb.sent.tokens:
        if token.lower in ("unless", "except") and not any(
            p.start <= token.start < p.end for p in exceptions
        ):
            head = token.head if token.dep in ("mark", "prep", "cc") else token
            phrase = _subtree_phrase(head) if head is not verb and head.i > verb.i else None
            if phrase is None or phrase.start > token.start:
                end = token.sent.end
                stop = next((t for t in token.sent.tokens if t.i > token.i and t.text in (";", ".")), None)
                phrase = _phrase(token.sent, token.start, stop.start if stop else end)
            exceptions.append(phrase)
    return conditions, exceptions


def _no_determiner(*nouns: Token | None) -> Token | None:
    """ "No man is ..." / "There is no dog ...": a negating determiner on a subject or object."""
    for noun in nouns:
        if noun is not None:
            found = next((c for c in noun.children if c.dep == "det" and c.lower in ("no", "neither")), None)
            if found is not None:
                return found
    return None


def _object_of(verb: Token) -> Phrase | None:
    if verb.dep == "amod" and verb.tag == "VBG":  # "avoids [stating] falsehoods": the noun is the object
        return _subtree_phrase(verb.head, skip={verb.i})
    for deps in (("dobj",), ("attr", "acomp", "oprd"), ("xcomp", "ccomp"), ("prep",), ("dative",)):
        found = verb.child(*deps)
        if found is not None:
            return _subtree_phrase(found)
    return None


def _action(verb: Token) -> tuple[str, Token]:
    """The action verb behind auxiliaries and negating verbs ("avoid giving" -> give)."""
    particle = verb.child("prt")
    lemma = verb.lemma.lower() + (f" {particle.lower}" if particle is not None else "")
    return lemma, verb


def extract_frame(sentence: Sentence, *, preference: bool = False) -> DeonticFrame:
    """The deontic frame of a sentence; `preference` marks a preference-prompt principle."""
    words = sentence.words()
    if not words:
        return DeonticFrame()
    verb, wish, cue = _main_verb(sentence)
    modality, strength, trigger_tokens = NONE, None, []
    imperative = passive = False
    negation = _negation_of(verb, *(t for t in (wish,) if t is not None))
    subject = _subject(verb)
    modal = verb if verb.tag == "MD" else _modal_of(verb)  # a misparse can make the modal the root
    action_verb = verb
    question = sentence.text.rstrip().endswith("?")

    if wish is not None:  # "We want Claude to ...", "It is important that Claude ..."
        if wish.pos == "ADJ":
            strength = IMPORTANCE.get(wish.lower, SHOULD)
            modality = PERMISSION if strength == MAY else OBLIGATION
        else:
            modality, strength = OBLIGATION, SHOULD
        trigger_tokens = [wish]
        negation = negation or _negation_of(wish.head if wish.pos == "ADJ" else wish)
    elif (
        modal is not None
        and modal.lower in ("may", "might", "could")
        and verb.lemma in WEAK_WISH
        and is_actor(subject)
        and (inner := verb.child("xcomp")) is not None
    ):
        # "the assistant may want to ask": a recommendation, weakly put
        modality, strength = OBLIGATION, SHOULD
        trigger_tokens = [modal, verb]
        cue = f"weak modal '{modal.text} {verb.text}'"
        action_verb = inner
    elif modal is not None and modal.lemma.lower() in MODALS:
        modality, strength = MODALS[modal.lemma.lower()]
        trigger_tokens = [modal]
        cue = f"modal '{modal.text}'"
        if modality == PERMISSION and (not is_actor(subject) or _possibility(verb)):
            modality, strength = NONE, None  # "this may cause harm": possibility, not permission
    elif verb.lemma in SEMI_MODALS and (inner := verb.child("xcomp")) is not None and inner.child("aux"):
        modality, strength = OBLIGATION, SEMI_MODALS[verb.lemma]
        trigger_tokens = [verb, inner.child("aux")]  # type: ignore[list-item]
        cue = f"'{verb.text} to'"
        action_verb = inner
    elif verb.lemma in PASSIVE_DEONTIC and verb.child("auxpass") is not None:
        modality, strength = PASSIVE_DEONTIC[verb.lemma]
        trigger_tokens = [verb.child("auxpass"), verb]  # type: ignore[list-item]
        cue = f"'{verb.child('auxpass').text} {verb.text}'"  # type: ignore[union-attr]
        inner = verb.child("xcomp")
        if inner is not None:
            action_verb = inner
        else:
            passive = True  # "Sharing personal data is prohibited."
    elif verb.tag == "VB" and subject is None and not question and verb.child("aux") is None:
        imperative = True
        modality, strength = OBLIGATION, MUST
        trigger_tokens = [verb]
        cue = "imperative"
        do = verb.child("aux")
        if do is not None:
            trigger_tokens.insert(0, do)
    elif verb.tag == "VB" and subject is None and not question:
        first = sentence.words()[0]
        if first.lower in ("do", "don't", "never", "always", "please") and first.head is verb:
            imperative = True
            modality, strength = OBLIGATION, MUST
            trigger_tokens = [first]
            cue = "imperative"
    if modality == NONE and is_actor(subject) and verb.tag in ("VBZ", "VBP"):
        adverbs = [c for c in verb.children if c.lower in ABSOLUTE_ADVERBS]
        if adverbs:  # "Claude never deceives users."
            modality, strength = ABSOLUTE_ADVERBS[adverbs[0].lower], ABSOLUTE
            trigger_tokens = [adverbs[0]]
            cue = f"'{adverbs[0].text}' in a rule stated in the present"
            if adverbs[0].lower == "never":
                modality, negation = OBLIGATION, adverbs[0]
        elif verb.lemma in NEGATING:  # "Claude avoids ..."
            modality, strength = OBLIGATION, SHOULD
            trigger_tokens = [verb]
            cue = f"'{verb.text}' in a rule stated in the present"

    # an imperative or obligation whose verb is "avoid": a prohibition of the complement
    negating = None
    if modality != NONE and action_verb.lemma in NEGATING:
        negating = action_verb
        inner = action_verb.child("xcomp", "pcomp") or next(
            (g.child("pcomp") for g in action_verb.children if g.dep == "prep"), None
        )
        if inner is None:
            inner = next((c for c in action_verb.children if c.dep == "dobj" and c.tag == "VBG"), None)
        if inner is None:  # "avoids stating falsehoods" parsed as an adjective of the object
            obj = action_verb.child("dobj")
            inner = (
                next((c for c in obj.children if c.tag == "VBG" and c.i == action_verb.i + 1), None)
                if obj
                else None
            )
        if inner is not None and inner.pos in ("VERB", "AUX"):
            action_verb = inner
    if preference or (imperative and verb.lemma in PREFER) or (question and _which_response(sentence)):
        modality, strength = PREFERENCE, None
        cue = cue or "preference prompt"
        if not trigger_tokens:
            trigger_tokens = [verb]

    if modality == NONE:
        # no force, but the facts of the clause: what it says is (or is not) done, to what
        described = _object_of(verb)
        denied = negation or _negation_of(verb) or _no_determiner(subject, verb.child("dobj", "attr"))
        if denied is None and subject is not None and subject.lower in ("nobody", "nothing", "none"):
            denied = subject
        return DeonticFrame(
            hedges=_hedges(sentence),
            quantifiers=_quantifiers(sentence),
            action=verb.lemma.lower() if verb.pos in ("VERB", "AUX") else None,
            verb=_token_phrase(verb),
            actor=_subtree_phrase(subject) if subject is not None else None,
            object=described,
            negated=denied is not None,
            negation=_token_phrase(denied) if denied is not None else None,
        )

    # absolutes: "never", "always", "under no circumstances"
    absolute = next((c for c in (action_verb, verb) for c in c.children if c.lower in ABSOLUTE_ADVERBS), None)
    phrase = _absolute_phrase(sentence)
    negative_phrase = phrase if phrase is not None and phrase.text.lower().split()[1:2] == ["no"] else None
    if modality in (OBLIGATION, PROHIBITION, PERMISSION) and (absolute is not None or phrase is not None):
        strength = ABSOLUTE
        if absolute is not None and absolute not in trigger_tokens:
            trigger_tokens.append(absolute)
        if absolute is not None and absolute.lower == "never":
            negation = negation or absolute
    negation = negation or _negation_of(action_verb)
    if negation is None and negating is not None:
        negation = negating
    negated = negation is not None or negative_phrase is not None
    first_trigger = trigger_tokens[0].i if trigger_tokens else 10**6
    near_trigger = negation is not None and negation.i < first_trigger + 3
    if near_trigger and negation.lower != "never" and negation not in trigger_tokens:  # type: ignore[union-attr]
        trigger_tokens.append(negation)  # "must not": the negation is part of the force
    if negated and modality == OBLIGATION:
        modality = PROHIBITION
    elif negated and modality == PERMISSION:
        # "may not" forbids; "need not" / "is not required to" permits not doing
        modality, strength = PROHIBITION, (MUST if strength == MAY else strength)
    if (
        negated
        and wish is None
        and verb.lemma in SEMI_MODALS
        and negation is not None
        and negation.head is verb
    ):
        if not is_actor(subject):  # "humanity doesn't need to get everything right"
            return DeonticFrame(hedges=_hedges(sentence), quantifiers=_quantifiers(sentence))
        modality, strength = PERMISSION, MAY  # "does not need to": no obligation
    if negated and verb.lemma == "require" and verb.child("auxpass") is not None:
        modality, strength = PERMISSION, MAY  # "is not required to"

    # actor
    actor_token = _subject(action_verb) or subject
    actor = None
    if action_verb.child("auxpass") is not None or (
        verb.child("auxpass") is not None and action_verb is verb
    ):
        passive = True
        agent = action_verb.child("agent")
        if agent is not None and agent.child("pobj") is not None:
            actor = _subtree_phrase(agent.child("pobj"))  # type: ignore[arg-type]
    elif actor_token is not None and actor_token.dep != "expl":
        actor = _subtree_phrase(actor_token)
    elif wish is not None and subject is not None and subject.lower not in AUTHORS and subject.dep != "expl":
        actor = _subtree_phrase(subject)
    if imperative:
        actor = None

    lemma, _ = _action(action_verb)
    if action_verb.tag == "MD":
        lemma = None
    conditions, exceptions = _clauses(action_verb)
    trigger_tokens = sorted({t.i: t for t in trigger_tokens if t is not None}.values(), key=lambda t: t.i)
    trigger = None
    if trigger_tokens:
        trigger = _phrase(sentence, trigger_tokens[0].start, trigger_tokens[-1].end)
        if trigger_tokens[-1].i - trigger_tokens[0].i > 3:  # "We want Claude to": keep the first word pair
            trigger = _token_phrase(trigger_tokens[0])
    scope = _scope(action_verb, conditions, exceptions) if negated else None
    conjuncts = tuple(
        _token_phrase(c) for c in action_verb.children if c.dep == "conj" and c.pos in ("VERB", "AUX")
    )
    return DeonticFrame(
        modality=modality,
        strength=strength,
        trigger=trigger,
        negated=negated,
        negation=_token_phrase(negation) if negation is not None else negative_phrase,
        negation_scope=scope,
        actor=actor,
        imperative=imperative,
        passive=passive,
        action=lemma,
        verb=_token_phrase(action_verb),
        object=_object_of(action_verb),
        conditions=tuple(conditions),
        exceptions=tuple(exceptions),
        quantifiers=_quantifiers(sentence),
        hedges=_hedges(sentence),
        conjuncts=conjuncts,
        cue=cue or "deontic",
    )


def _scope(verb: Token, conditions: list[Phrase], exceptions: list[Phrase]) -> Phrase:
    """What a negation covers: the action with its objects, without its conditions and exceptions."""
    outside = [(p.start, p.end) for p in (*conditions, *exceptions)]
    tokens = [
        t
        for t in verb.subtree()
        if not any(a <= t.start < b for a, b in outside)
        and t.dep not in ("nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "mark")
        and t.i >= verb.i
    ]
    while tokens and tokens[-1].pos in ("PUNCT", "CCONJ"):
        tokens.pop()
    if not tokens:
        return _token_phrase(verb)
    return _phrase(verb.sent, tokens[0].start, tokens[-1].end)


def _quantifiers(sentence: Sentence) -> tuple[Phrase, ...]:
    return tuple(
        _token_phrase(t)
        for t in sentence.tokens
        if t.lower in QUANTIFIERS and t.pos in ("DET", "PRON", "ADJ", "NOUN") and t.dep != "ROOT"
    )


def _which_response(sentence: Sentence) -> bool:
    lowered = sentence.text.lower()
    return lowered.startswith(("which", "what")) and any(
        w in lowered for w in ("response", "answer", "reply", "output", "assistant")
    )
