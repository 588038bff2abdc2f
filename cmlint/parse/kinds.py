"""What a principle is for, read from its words alone (no NLP: parsing must stay fast).

Preference prompts ("Choose the response that...") and critique prompts are told apart from
rules because comparison is their point; commentary (background, rationale, history) is told
apart from rules by the absence of any deontic cue. The linguistic analysis refines this for
prose; these cues decide only what parsing can decide cheaply.
"""

from __future__ import annotations

import re

from cmlint.model import Kind

_EXAMPLE = re.compile(r"^\W{0,4}(?:example|bad example|good example)s?\b\W", re.IGNORECASE)

_PREFERENCE = re.compile(
    r"""^\W{0,4}(?:\w+\s*:\s*)?          # an optional label such as "CritiqueRequest:"
    (?:please\s+)?
    (?:consider\s+(?:these|the|both|each)\b.{0,60}?\b(?:and\s+)?(?:choose|select|pick|identify)|choose|select|pick|prefer|compare|rank|rate|identify|critique|discuss|explain|
       rewrite|revise|edit|point\s+out|read\s+the\s+response|did\s+the\s+response|
       which\s+(?:of\s+(?:these|the)\s+)?(?:assistant\s+)?(?:responses?|repl(?:y|ies)|answers?|outputs?))\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Words that oblige, forbid, permit or prefer: a paragraph with none of them is commentary.
_DEONTIC = re.compile(
    r"""\b(?:must|shall|should|ought|never|always|may\s+not|can(?:not|'t|’t)|
        do(?:n't|n’t|\s+not)|avoid|ensure|refrain|prohibit(?:ed)?|forbid(?:den)?|
        required?|allowed|permitted|prefer(?:s|red)?|we\s+want|want\s+\w+\s+to|
        it(?:'s|’s|\s+is)\s+(?:important|essential|crucial)|needs?\s+to|has\s+to|have\s+to|
        is\s+(?:expected|encouraged)\s+to|strive|aim\s+to|prioriti[sz]e)\b""",
    re.IGNORECASE | re.VERBOSE,
)

# An imperative first word ("Follow...", "Do not...", "Respect...") makes a rule.
_IMPERATIVE = re.compile(
    r"""^\W{0,4}(?:\*\*[^*]+\*\*:?\s*)?(?:always|never|do|don't|don’t|avoid|be|follow|respect|
        treat|use|provide|respond|refuse|decline|ask|assume|consider|keep|make|give|offer|
        protect|support|try|help|tell|say|let|stay|act|comply|ignore|prefer|prioriti[sz]e|
        ensure|maintain|write|answer|acknowledge|express|seek|encourage|show|explain|admit|
        present|include|limit|err|recognize|uphold|protect|report|warn|cite|check|verify)\b""",
    re.IGNORECASE | re.VERBOSE,
)


# A defined party of a contract or specification that may, will or agrees to do something ("The
# Supplier may subcontract ...", "The Licensee will ..."): capitalised, so never a constitution's prose.
_PARTY_NORM = re.compile(
    r"\b[Tt]he\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:may|will|agrees?\s+to|undertakes?\s+to|"
    r"is\s+entitled\s+to|warrants?|represents?)\b"
)

_QUOTATION = re.compile(r'^\s*["“][^"“”]+["”][\s.,;:]*$')


def classify(text: str, *, in_list: bool, default: Kind = Kind.RULE) -> Kind:
    """The kind of a principle from its text; list items are rules unless they say otherwise.

    A principle that is one quotation ("Please choose the response that ...") quotes a rule
    rather than states it: commentary, as quoted text is skipped everywhere else.
    """
    if _QUOTATION.match(text):
        return Kind.COMMENTARY
    if _EXAMPLE.match(text):
        return Kind.EXAMPLE
    if _PREFERENCE.match(text):
        return Kind.PREFERENCE
    if default is not Kind.RULE:
        return default
    if in_list or _DEONTIC.search(text) or _IMPERATIVE.match(text) or _PARTY_NORM.search(text):
        return Kind.RULE
    return Kind.COMMENTARY
