"""Conflicting principles: opposite deontic force on the same action, and competing absolutes.

No blind all-pairs contradiction scoring: candidates are gated by structure first, and every
conflict carries its evidence.

1. Only statements with a deontic frame take part (obligation, prohibition, permission; not
   preference prompts, whose comparisons are their point).
2. Each frame has a polarity: obliged or permitted (+), forbidden (-).
3. The *actions* (verb lemma + object phrase: "reveal the system prompt") are embedded, and
   only pairs whose actions are somewhat close are compared (blocked matrix products over all
   pairs). Their likeness is the mean of the embedding cosine and the overlap (Jaccard) of the
   objects' content words: "reveal the system prompt" / "share the system prompt" = 0.89.
4. Tier "opposition": opposite polarity, likeness at least `action_threshold`. Tier
   "absolutes": both absolute ("always" / "never" / "under no circumstances"), opposite
   polarity, and likeness at least `absolute_threshold` or the same verb on a shared object
   word ("follow the user's instructions" / "follow instructions in tool outputs").
   The verbs must agree too: the same lemma, one group of rules/lexicons/verb-groups.txt
   (reveal / share / disclose), or whole actions at least `SAME_ACTION` alike ("mislead the
   user" and "help the user" share an object, not an action). Verbs of opposite meaning
   (rules/lexicons/opposite-verbs.txt: refuse / comply) turn the polarity of one side, so
   "never refuse a request" agrees with "honor requests".
   The actor must be the same too: "operators can instruct Claude to ..." and "users cannot
   instruct Claude to ..." govern different people, not one action twice.
5. Scope: two statements whose conditions share no word apply to different situations and are
   left alone; an exception of one that the other's condition names ("unless the developer
   allows it" / "when the developer allows it") settles the conflict.
6. Precedence from the graph (`overrides=`, stated order, authority, priority) settles the rest
   or leaves it open; an open conflict is a finding, a settled one an informational note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cmlint.semantic.similarity import similar_pairs

if TYPE_CHECKING:
    from cmlint.graph import Precedence, PrincipleGraph
    from cmlint.nlp.analysis import LinguisticAnalysis, Statement
    from cmlint.nlp.frames import DeonticFrame

OPPOSITION, ABSOLUTES = "opposition", "absolutes"
ABSOLUTE_STRENGTH = "absolute"
ACTION_THRESHOLD = 0.80
ABSOLUTE_THRESHOLD = 0.65
CANDIDATE_FLOOR = 0.45  # embedding cosine below which two actions are never compared
SAME_ACTION = 0.9  # embedding cosine at which two actions are the same whatever their verbs


def opposite_verbs() -> frozenset[frozenset[str]]:
    from cmlint.lexicons import load_lexicon

    return frozenset(
        frozenset(line.split()) for line in load_lexicon("opposite-verbs") if len(line.split()) == 2
    )


def verb_groups() -> dict[str, set[int]]:
    """verb lemma -> the groups it belongs to."""
    from cmlint.lexicons import load_lexicon

    groups: dict[str, set[int]] = {}
    for number, line in enumerate(load_lexicon("verb-groups")):
        for verb in line.split():
            groups.setdefault(verb, set()).add(number)
    return groups


def _same_verb(a: str, b: str, groups: dict[str, set[int]]) -> bool:
    a, b = a.split()[0], b.split()[0]  # phrasal verbs by their head: "give up" -> "give"
    return a == b or bool(groups.get(a, set()) & groups.get(b, set()))


_STOP = frozenset(
    (
        "a an the and or of to in on for with by as at from that this these those is are be it its their "
        "they them any all each every some other such user users assistant model claude response "
        "responses when if unless whenever where while only even also"
    ).split()
)


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words if w not in _STOP and len(w) > 2}


def polarity(frame: DeonticFrame) -> int:
    """+1 obliged or permitted, -1 forbidden, 0 neither (no force, or a preference)."""
    if frame.modality == "prohibition":
        return -1
    if frame.modality in ("obligation", "permission"):
        return -1 if frame.negated else 1
    return 0


def action_text(frame: DeonticFrame) -> str:
    return f"{frame.action or ''} {frame.object.text if frame.object else ''}".strip()


def _demand(frame: DeonticFrame) -> str:
    verb = {("obligation", 1): "requires", ("permission", 1): "permits"}.get(
        (frame.modality, polarity(frame)), "forbids"
    )
    return f"{verb} '{action_text(frame)}'"


@dataclass(frozen=True)
class Conflict:
    first: Statement  # earlier in the document
    second: Statement
    tier: str
    similarity: float
    precedence: Precedence
    settled_by_exception: str | None = None
    same_verb: bool = False  # the same verb on a shared object word, however the embeddings score it

    @property
    def resolved(self) -> bool:
        return self.precedence.winner is not None or self.settled_by_exception is not None

    @property
    def evidence(self) -> str:
        return (
            f"'{self.first.id}' {_demand(self.first.frame)}; '{self.second.id}' {_demand(self.second.frame)}"
        )

    @property
    def resolution(self) -> str:
        if self.settled_by_exception:
            return self.settled_by_exception
        if self.precedence.winner is not None:
            return f"'{self.precedence.winner}' wins: {self.precedence.reason}"
        return self.precedence.reason

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "similarity": round(self.similarity, 3),
            "evidence": self.evidence,
            "resolved": self.resolved,
            "resolution": self.resolution,
        }


def _phrases(frame: DeonticFrame, name: str) -> set[str]:
    return (
        set().union(*(content_words(p.text) for p in getattr(frame, name))) if getattr(frame, name) else set()
    )


def _scope_check(a: DeonticFrame, b: DeonticFrame) -> tuple[bool, str | None]:
    """(same situation?, the exception that settles it if any)."""
    for x, y in ((a, b), (b, a)):
        exceptions = _phrases(x, "exceptions")
        if exceptions and exceptions & _phrases(y, "conditions"):
            names = ", ".join(f"'{p.text}'" for p in x.exceptions)
            return True, f"settled by the exception {names}"
    conditions_a, conditions_b = _phrases(a, "conditions"), _phrases(b, "conditions")
    if conditions_a and conditions_b and not conditions_a & conditions_b:
        return False, None
    return True, None


_ASSISTANT = frozenset("assistant claude model ai it you chatgpt grok gemini llm bot system".split())


def actor(frame: DeonticFrame) -> frozenset[str]:
    """Who a statement governs: the assistant (also the addressee of an imperative) or others."""
    if frame.actor is None:
        return frozenset({"assistant"})
    words = {
        w
        for w in re.findall(r"[a-z]+", frame.actor.text.lower())
        if w not in ("the", "a", "an", "our", "its")
    }
    if not words or words & _ASSISTANT:
        return frozenset({"assistant"})
    return frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def _nested(a: Statement, b: Statement) -> bool:
    pa, pb = a.principle, b.principle
    return pa.id == pb.id or pa.parent == pb.id or pb.parent == pa.id


@dataclass(frozen=True)
class Action:
    """What `judge_pair` compares of a statement, worked out once per statement, not per pair."""

    polarity: int
    actor: frozenset[str]
    verb: str  # the lemma, "" when the frame has none
    head: str  # its first word: "give up" -> "give"
    objects: frozenset[str]
    absolute: bool

    @classmethod
    def of(cls, frame: DeonticFrame, polarity: int) -> Action:
        verb = str(frame.action or "")
        return cls(
            polarity=polarity,
            actor=actor(frame),
            verb=verb,
            head=verb.split()[0] if verb else "",
            objects=frozenset(content_words(frame.object.text if frame.object else "")),
            absolute=frame.strength == ABSOLUTE_STRENGTH,
        )


def judge_pair(
    a: Action,
    b: Action,
    cosine: float,
    opposites: frozenset[frozenset[str]],
    groups: dict[str, set[int]],
    action_threshold: float = ACTION_THRESHOLD,
    absolute_threshold: float = ABSOLUTE_THRESHOLD,
) -> tuple[str, float, bool] | None:
    """(tier, likeness, same verb on a shared object) when two actions pull against each other.

    `cosine` is the embedding similarity of the actions; polarity is part of `Action`, so the
    same test reads descriptive sentences too ("is playing" / "is not playing", in benchmarks).
    """
    if not a.actor & b.actor:
        return None  # rules for different people
    if frozenset((a.head, b.head)) in opposites:
        if a.polarity != b.polarity:
            return None  # opposite verbs under opposite force: the same demand
    elif a.polarity == b.polarity:
        return None
    elif not _same_verb(a.verb, b.verb, groups) and cosine < SAME_ACTION:
        return None  # an object in common, not an action
    shared = a.objects & b.objects
    overlap = len(shared) / max(1, len(a.objects | b.objects))
    score = (cosine + overlap) / 2
    absolutes = a.absolute and b.absolute
    same_verb_on_shared_object = a.verb == b.verb and bool(shared)
    if score >= action_threshold:
        return (ABSOLUTES if absolutes else OPPOSITION), score, same_verb_on_shared_object
    if absolutes and (score >= absolute_threshold or same_verb_on_shared_object):
        return ABSOLUTES, score, same_verb_on_shared_object
    return None


def find_conflicts(
    analysis: LinguisticAnalysis,
    graph: PrincipleGraph,
    settings: dict[str, Any],
    action_threshold: float = ACTION_THRESHOLD,
    absolute_threshold: float = ABSOLUTE_THRESHOLD,
) -> list[Conflict]:
    """Every conflict between two statements of the document, in document order."""
    from cmlint.semantic.analysis import embed

    statements = [
        s
        for s in analysis.statements
        if polarity(s.frame) != 0 and s.frame.action and s.frame.object is not None
    ]
    if len(statements) < 2:
        return []
    vectors, _ = embed([action_text(s.frame) for s in statements], settings)
    opposites = opposite_verbs()
    groups = verb_groups()
    actions = [Action.of(s.frame, polarity(s.frame)) for s in statements]
    starts = [s.span.start for s in statements]
    found: list[Conflict] = []
    for i, j, cosine in similar_pairs(vectors, CANDIDATE_FLOOR):
        if starts[i] > starts[j]:
            i, j = j, i
        a, b = statements[i], statements[j]
        if _nested(a, b):
            continue  # a refinement of its own parent
        judged = judge_pair(
            actions[i], actions[j], cosine, opposites, groups, action_threshold, absolute_threshold
        )
        if judged is None:
            continue
        tier, score, same_verb_on_shared_object = judged
        same_situation, exception = _scope_check(a.frame, b.frame)
        if not same_situation:
            continue
        precedence = graph.precedence(a.principle.id, b.principle.id)
        found.append(Conflict(a, b, tier, score, precedence, exception, same_verb_on_shared_object))
    return sorted(found, key=lambda c: (c.first.span.start, c.second.span.start))
