"""Is a sentence normative: does it oblige, forbid, permit or prefer something?

Long constitutions state their rules inside paragraphs of background and rationale. A
sentence is normative when its deontic frame has force ("Claude should...", "We want Claude
to...", "Never...", "Choose the response that...") and none of the readings below explain
the force away:

- a question that is not a preference prompt ("Why does this matter?");
- the authors' own commitment ("We will...", "Anthropic should...");
- an editorial instruction to the reader ("See the section on...", "Note that...").

Precision first: a sentence in doubt is background, so the rules read fewer, surer units.
"""

from __future__ import annotations

from dataclasses import dataclass

from cmlint.nlp.cues import AUTHORS
from cmlint.nlp.frames import NONE, PREFERENCE, DeonticFrame
from cmlint.nlp.tokens import Sentence

_EDITORIAL = {"see", "note", "read", "refer", "cf", "recall", "notice", "keep"}


@dataclass(frozen=True)
class Verdict:
    normative: bool
    reason: str


def classify(sentence: Sentence, frame: DeonticFrame) -> Verdict:
    """Whether a sentence is normative, and why (the cue, or what ruled it out)."""
    if not frame.is_deontic:
        return Verdict(False, "no deontic cue")
    text = sentence.text.strip()
    if text.endswith("?") and frame.modality != PREFERENCE:
        return Verdict(False, "a question")
    if frame.actor is not None and frame.actor.text.lower() in AUTHORS and not frame.imperative:
        return Verdict(False, "the authors' own commitment")
    if frame.imperative and frame.action in _EDITORIAL:
        return Verdict(False, "an instruction to the reader")
    if frame.modality == NONE:
        return Verdict(False, "no deontic cue")
    return Verdict(True, frame.cue)
