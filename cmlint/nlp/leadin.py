"""The force a list's lead-in gives its items: "Claude should never:" followed by bare items.

Items under "The current hard constraints ... Claude should never:" read as imperatives
("Provide serious uplift to ..."), i.e. obligations, when on their own they are the opposite.
The lead-in's last clause decides: a negated or avoiding modal forbids, a modal obliges or
permits. Only items whose own sentence carries no modal of its own take the lead-in's force.
"""

from __future__ import annotations

import dataclasses
import re

from cmlint.nlp.frames import ABSOLUTE, MAY, MUST, OBLIGATION, PERMISSION, PROHIBITION, SHOULD, DeonticFrame

# (pattern on the lead-in's last clause, modality, strength); the first that matches wins
_FORCES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern + r"[^.:;]*:\s*$", re.IGNORECASE), modality, strength)
    for pattern, modality, strength in (
        (r"\b(?:never|under no circumstances)\b", PROHIBITION, ABSOLUTE),
        (
            r"\b(?:must not|mustn[’']t|cannot|can[’']t|may not|shall not|(?:is|are) not allowed to)\b",
            PROHIBITION,
            MUST,
        ),
        (
            r"\b(?:should not|shouldn[’']t|do not|don[’']t|does not|(?:would )?not want|"
            r"avoid|refrain from)\b",
            PROHIBITION,
            SHOULD,
        ),
        (r"\balways\b", OBLIGATION, ABSOLUTE),
        (r"\b(?:must|shall|needs? to|has to|have to|is required to|are required to)\b", OBLIGATION, MUST),
        (r"\b(?:should|ought to|want \w+ to|is expected to|are expected to|will)\b", OBLIGATION, SHOULD),
        (r"\b(?:may|can|is allowed to|are allowed to|is permitted to)\b", PERMISSION, MAY),
    )
)
_OWN_FORCE_CUES = ("imperative", "")


def lead_in_force(text: str) -> tuple[str, str, str] | None:
    """(modality, strength, the lead-in's words) for a lead-in ending in ':', or None."""
    clause = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    for pattern, modality, strength in _FORCES:
        if pattern.search(clause):
            return modality, strength, clause
    return None


def with_lead_in(frame: DeonticFrame, force: tuple[str, str, str]) -> DeonticFrame:
    """The item's frame under its lead-in's force, unless the item states a force of its own."""
    if frame.is_deontic and frame.cue not in _OWN_FORCE_CUES:
        return frame
    modality, strength, words = force
    return dataclasses.replace(
        frame,
        modality=modality,
        strength=strength,
        negated=modality == PROHIBITION,
        cue=f"lead-in '{words}'",
    )
