"""The words the conflict engine compares: tokens, stems, and the closed classes that change meaning.

Two texts are compared word by word (a drifted copy), by the content words of their acts (the
same act?) and by the classes below. Negators, quantifiers, modals and numerals are closed
classes of English, kept here; antonyms are data (rules/lexicons/antonyms.txt), so a team can
add the opposites of its own domain.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_CONTRACTIONS = (
    (re.compile(r"\b(can)(?:not|['’]t)\b", re.IGNORECASE), r"\1 not"),
    (re.compile(r"\bwon['’]t\b", re.IGNORECASE), "will not"),
    (re.compile(r"\bshan['’]t\b", re.IGNORECASE), "shall not"),
    (re.compile(r"n['’]t\b", re.IGNORECASE), " not"),
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[a-z]+(?:-[a-z]+)*", re.IGNORECASE)

NEGATORS = frozenset({"not", "no", "never", "none", "nor", "neither", "nobody", "nothing", "without"})
# words that turn what follows the other way: negators, and "least" / "avoids" in preference prompts
REVERSERS = NEGATORS | frozenset(
    {"least", "less", "fewest", "fewer", "avoid", "avoids", "avoiding", "refrain"}
)
# quantifier classes: a change of class changes what a rule covers ("all" -> "most")
QUANTIFIERS = {
    **dict.fromkeys(("all", "every", "each", "always", "whenever"), "all"),
    **dict.fromkeys(("most", "usually", "mostly", "generally", "typically", "normally"), "most"),
    **dict.fromkeys(("some", "sometimes", "several", "many", "often", "occasionally", "certain"), "some"),
    **dict.fromkeys(("few", "rarely", "seldom"), "few"),
    **dict.fromkeys(("only", "solely", "exclusively"), "only"),
}
# modal classes: a change of class changes the force ("must" -> "may")
MODALS = {
    **dict.fromkeys(("must", "shall", "will", "required", "need", "needs", "mandatory"), "must"),
    **dict.fromkeys(("should", "ought", "recommended"), "should"),
    **dict.fromkeys(("may", "can", "could", "might", "allowed", "permitted", "optional"), "may"),
}
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "thousand": 1000, "dozen": 12}
STOPWORDS = frozenset(
    "a an the and or but of to in on for with by as at from that this these those is are be been being "
    "was were it its their they them we our you your he she his her i me my us there here which who whom "
    "whose what when where while if then than so such also even just about into onto over under up down "
    "out very too do does did has have had having please".split()
)
# people and parties a rule can be about: swapping one for another is a change of actor, not wording
ROLES = frozenset(
    (
        "user users operator operators developer developers person people human humans customer customers "
        "supplier suppliers vendor vendors buyer buyers seller sellers contractor contractors client clients "
        "party parties provider providers licensee licensor employee employees employer company pilot pilots "
        "administrator administrators admin admins staff member members team owner owners partner partners "
        "anthropic openai platform guest guests visitor visitors manager managers reviewer reviewers child "
        "children minor minors parent parents adult adults teen teens man men woman women boy boys girl "
        "girls assistant model system"
    ).split()
)
# stems (as `content_stems` gives them) of the people an act is done for or a situation involves:
# "help the user" and "support the user" share no object, "when the user asks" no situation
PEOPLE = frozenset(
    "user assistant human person people operator developer someon anyon other ai model claude".split()
)
_NEGATION_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "a")


def normalise(text: str) -> str:
    """Contractions spelled out ("can't" -> "can not"), so negation is always a word of its own."""
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-case words and numerals of a text, contractions spelled out."""
    return tuple(t.lower() for t in _TOKEN.findall(normalise(text)))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: inflection off ("deleting" -> "delet", "summaries" -> "summar")."""
    for suffix in ("ies", "ing", "ed", "es", "s", "y", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=262144)
def akin(a: str, b: str) -> bool:
    """One word family: "politics" / "political", "religion" / "religious", "secure" / "security"."""
    if a == b or stem(a) == stem(b):
        return True
    shorter = min(len(a), len(b))
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= 0.7 * shorter


def is_number(word: str) -> bool:
    return word[0].isdigit() or word in NUMBER_WORDS


def content(words: tuple[str, ...] | list[str]) -> list[str]:
    """The words that carry a text's topic: not stopwords, negators, quantifiers, modals or numbers."""
    return [
        w
        for w in words
        if w not in STOPWORDS
        and w not in REVERSERS
        and w not in QUANTIFIERS
        and w not in MODALS
        and not is_number(w)
        and len(w) > 1
    ]


def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content(tokens(text)) if len(w) > 2)


def shared_words(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """Stems of `a` with a word of the same family in `b`."""
    return {x for x in a if x in b or any(akin(x, y) for y in b)}


@cache
def antonyms() -> dict[str, frozenset[str]]:
    """word -> its opposites, from rules/lexicons/antonyms.txt (both directions)."""
    from cmlint.lexicons import load_lexicon

    found: dict[str, set[str]] = {}
    for line in load_lexicon("antonyms"):
        words = line.split()
        if len(words) == 2:
            a, b = words
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
    return {word: frozenset(opposites) for word, opposites in found.items()}


@lru_cache(maxsize=262144)
def opposite(a: str, b: str) -> bool:
    """Antonyms from the lexicon ("before" / "after"), or a negating prefix ("secure" / "insecure")."""
    if b in antonyms().get(a, ()):
        return True
    for x, y in ((a, b), (b, a)):
        for prefix in _NEGATION_PREFIXES:
            if y == prefix + x and len(x) > 3:
                return True
    return False
