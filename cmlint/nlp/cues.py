"""The words that give a sentence deontic force, for `frames` (grammar, not a rule's word list).

Modals and semi-modals, the authors' verbs of wishing ("We want Claude to..."), adjectives of
importance ("It is essential that..."), verbs that negate their complement ("avoid"),
absolutes, the nouns that name who a rule can bind, and the words that open conditions and
exceptions. These are closed classes of English, kept in code; the word lists a user may
tune (hedges, vague qualifiers) are data in rules/lexicons/.
"""

from __future__ import annotations

OBLIGATION, PROHIBITION, PERMISSION, PREFERENCE, NONE = (
    "obligation",
    "prohibition",
    "permission",
    "preference",
    "none",
)
ABSOLUTE, MUST, SHOULD, MAY = "absolute", "must", "should", "may"

# modal lemma -> (modality, strength)
MODALS = {
    "must": (OBLIGATION, MUST),
    "shall": (OBLIGATION, MUST),
    "should": (OBLIGATION, SHOULD),
    "ought": (OBLIGATION, SHOULD),
    "may": (PERMISSION, MAY),
    "can": (PERMISSION, MAY),
    "could": (PERMISSION, MAY),
    "might": (PERMISSION, MAY),
}
# "X needs to / has to do"
SEMI_MODALS = {"need": MUST, "have": MUST}
# "X is required / expected / allowed ... to do"
PASSIVE_DEONTIC = {
    "require": (OBLIGATION, MUST),
    "oblige": (OBLIGATION, MUST),
    "obligate": (OBLIGATION, MUST),
    "expect": (OBLIGATION, SHOULD),
    "suppose": (OBLIGATION, SHOULD),
    "encourage": (OBLIGATION, SHOULD),
    "ask": (OBLIGATION, SHOULD),
    "instruct": (OBLIGATION, SHOULD),
    "allow": (PERMISSION, MAY),
    "permit": (PERMISSION, MAY),
    "authorize": (PERMISSION, MAY),
    "entitle": (PERMISSION, MAY),
    "forbid": (PROHIBITION, MUST),
    "prohibit": (PROHIBITION, MUST),
    "bar": (PROHIBITION, MUST),
    "discourage": (PROHIBITION, SHOULD),
}
# "We want Claude to ...": verbs by which the author states a wish for the actor
AUTHOR_WISH = {
    "want",
    "like",
    "wish",
    "need",
    "expect",
    "require",
    "encourage",
    "ask",
    "prefer",
    "hope",
    "intend",
    "urge",
    "love",
}
# "We think Claude should ...": verbs whose clause may hold the rule
AUTHOR_THINK = {
    "think",
    "believe",
    "feel",
    "consider",
    "argue",
    "say",
    "mean",
    "suggest",
    "recommend",
    "hope",
    "expect",
    "want",
}
AUTHORS = {"we", "i", "anthropic", "us", "openai"}
# "It is important / essential that Claude ..."
IMPORTANCE = {
    "important": SHOULD,
    "essential": MUST,
    "crucial": MUST,
    "critical": MUST,
    "vital": MUST,
    "imperative": MUST,
    "necessary": MUST,
    "key": SHOULD,
    "best": SHOULD,
    "better": SHOULD,
    "wise": SHOULD,
    "good": SHOULD,
    "fine": MAY,
    "ok": MAY,
    "okay": MAY,
    "acceptable": MAY,
    "permissible": MAY,
    "reasonable": MAY,
}
# "may want to", "might wish to": a recommendation in the form of a permission
WEAK_WISH = {"want", "wish", "like"}
# verbs of choosing between responses: preference prompts
PREFER = {"choose", "select", "pick", "prefer", "identify", "rank", "rate", "compare", "favor", "favour"}
# verbs that negate their complement: "avoid giving", "refrain from giving"
NEGATING = {"avoid", "refrain", "abstain", "desist", "cease", "stop"}
# present-tense rules: "Claude never lies", "Claude always cites", "Claude avoids ..."
ABSOLUTE_ADVERBS = {"never": PROHIBITION, "always": OBLIGATION}
ABSOLUTE_PHRASES = (
    "under no circumstances",
    "in no circumstances",
    "in no case",
    "at all times",
    "in all cases",
    "in every case",
    "without exception",
    "no matter what",
    "regardless of",
    "under any circumstances",
)
# who a rule can be addressed to; a permission modal with another subject reads as possibility
ACTORS = {
    "claude",
    "assistant",
    "model",
    "ai",
    "chatbot",
    "agent",
    "you",
    "user",
    "operator",
    "developer",
    "gpt",
    "chatgpt",
    "grok",
    "llm",
    "responder",
    "bot",
}
CONDITION_MARKS = {
    "if",
    "when",
    "whenever",
    "where",
    "wherever",
    "once",
    "while",
    "provided",
    "providing",
    "given",
    "as long as",
    "so long as",
    "in case",
    "after",
    "before",
    "until",
    "assuming",
}
EXCEPTION_MARKS = {"unless", "except", "save", "but"}
EXCEPTION_PREPS = {"except", "excepting", "excluding", "barring", "besides", "save"}
QUANTIFIERS = {
    "all",
    "any",
    "every",
    "each",
    "no",
    "none",
    "some",
    "many",
    "most",
    "few",
    "several",
    "certain",
    "various",
    "numerous",
    "both",
    "either",
    "neither",
    "anyone",
    "everyone",
    "anything",
    "everything",
    "nothing",
    "nobody",
    "anybody",
    "everybody",
}
