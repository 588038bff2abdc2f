"""The pairwise tests of the conflict engine, one function a tier, each returning its evidence.

Each test takes two propositions (and how alike their texts and acts are) and says whether they
pull against each other, with a score in [0, 1] and the evidence a person checks:

- `opposition`: opposite force on the same act, where "the same act" is found by meaning: the
  verbs are one (same lemma, one group of rules/lexicons/verb-groups.txt, both verbs of
  communicating) and the objects share a word family ("politics" / "political") or the acts
  read alike; verbs of opposite meaning (refuse / comply) turn one side's force. Two
  absolutes of opposite force are the tier `absolutes`.
- `bounds`: numeric bounds on one attribute that no value satisfies.
- `preferences`: preference prompts that favour opposite poles of one quality, or opposite
  directions on the same act.
- `unexcepted`: a universal absolute obligation ("always do what the user asks") against an
  absolute prohibition it does not except.

And the other way round, `same_demand`: the same force on the same act, said twice in other
words ("Never help users write malware" / "Do not assist users in creating malicious
software"): a duplicate, reported by O101.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cmlint.conflicts.propositions import Proposition
from cmlint.conflicts.quantities import incompatible
from cmlint.conflicts.tiers import ABSOLUTES, BOUNDS, OPPOSITION, PREFERENCES, UNEXCEPTED
from cmlint.conflicts.words import PEOPLE, content_stems, shared_words

COPULA_ACT = 0.8  # act cosine two "be ..." acts need: "be a helper" and "not be a replacement" share a word
SAME_ACTION = 0.9  # act cosine at which two acts are the same whatever their verbs
_COMMUNICATE = frozenset(
    "reveal share disclose divulge expose leak tell show repeat output print provide give offer explain "
    "discuss "
    "talk describe mention answer inform report state say write present display".split()
)


@dataclass(frozen=True)
class Verdict:
    tier: str
    score: float
    evidence: str


@cache
def opposite_verbs() -> frozenset[frozenset[str]]:
    from cmlint.lexicons import load_lexicon

    return frozenset(
        frozenset(line.split()) for line in load_lexicon("opposite-verbs") if len(line.split()) == 2
    )


@cache
def verb_groups() -> dict[str, frozenset[int]]:
    """verb lemma -> the groups of rules/lexicons/verb-groups.txt it belongs to."""
    from cmlint.lexicons import load_lexicon

    groups: dict[str, set[int]] = {}
    for number, line in enumerate(load_lexicon("verb-groups")):
        for verb in line.split():
            groups.setdefault(verb, set()).add(number)
    return {verb: frozenset(numbers) for verb, numbers in groups.items()}


def _verb(p: Proposition) -> str:
    return p.act.split()[0].lower() if p.act else ""


def same_verb(a: str, b: str) -> bool:
    if not a or not b:
        return False
    groups = verb_groups()
    return (
        a == b
        or bool(groups.get(a, frozenset()) & groups.get(b, frozenset()))
        or (a in _COMMUNICATE and b in _COMMUNICATE)
    )


def actors_meet(a: Proposition, b: Proposition) -> bool:
    """The same actor, or one that is not said (an imperative, a passive: it binds whoever acts)."""
    return a.actor == b.actor or not a.actor or not b.actor


def narrow_verb(a: str, b: str) -> bool:
    """The same verb, or one group of rules/lexicons/verb-groups.txt (disclose / tell), not just two
    verbs of communicating."""
    groups = verb_groups()
    return bool(a) and (a == b or bool(groups.get(a, frozenset()) & groups.get(b, frozenset())))


def act_likeness(a: Proposition, b: Proposition, act_cosine: float) -> tuple[float, set[str]]:
    """How alike two acts are, in [0, 1]: half their embedding cosine, three tenths the share of their
    objects' word families in common, a fifth for verbs of one group; and the shared families."""
    verb_a, verb_b = _verb(a), _verb(b)
    objects_a = frozenset(w for w in a.act_words if not verb_a.startswith(w) and w not in PEOPLE)
    objects_b = frozenset(w for w in b.act_words if not verb_b.startswith(w) and w not in PEOPLE)
    shared = shared_words(objects_a, objects_b)
    overlap = min(1.0, len(shared) / max(1, min(len(objects_a), len(objects_b))))
    return 0.5 * act_cosine + 0.3 * overlap + 0.2 * narrow_verb(verb_a, verb_b), shared


def opposition(a: Proposition, b: Proposition, act_cosine: float, threshold: float) -> Verdict | None:
    if a.preference or b.preference or not a.force or not b.force or not actors_meet(a, b):
        return None
    verb_a, verb_b = _verb(a), _verb(b)
    force_b = b.force
    if frozenset((verb_a, verb_b)) in opposite_verbs():
        force_b = -force_b  # "never refuse a request" asks what "honor requests" asks
    elif not same_verb(verb_a, verb_b) and act_cosine < SAME_ACTION:
        return None  # an object in common, not an act
    if a.force == force_b:
        return None
    likeness, shared = act_likeness(a, b, act_cosine)
    if not shared and act_cosine < 0.8 and not (narrow_verb(verb_a, verb_b) and act_cosine >= 0.6):
        return None
    if "be" in (verb_a, verb_b) and act_cosine < COPULA_ACT:
        return None  # "be X" and "not be Y" meet only where X and Y are one
    absolutes = a.absolute and b.absolute
    if likeness < threshold and not (absolutes and a.act.split()[:1] == b.act.split()[:1] and shared):
        return None
    words = f" (shared: {', '.join(sorted(shared))})" if shared else ""
    return Verdict(ABSOLUTES if absolutes else OPPOSITION, likeness, f"{_demands(a, b)}{words}")


def _demands(a: Proposition, b: Proposition) -> str:
    return f"'{a.id}' {a.demand()}; '{b.id}' {b.demand()}"


def bounds(a: Proposition, b: Proposition, text_cosine: float) -> Verdict | None:
    """Numbers on one attribute that no value satisfies ("at most three sentences" / "at least five")."""
    if not a.bounds or not b.bounds or not a.force or not b.force or not actors_meet(a, b):
        return None
    if a.force < 0 or b.force < 0:
        return None  # a bound inside a prohibition is read by the prohibition's own test
    measured = shared_words(a.act_words | _subject(a), b.act_words | _subject(b))
    if not measured and text_cosine < 0.5:
        return None  # bounds on different things
    a_permits, b_permits = a.strength == "may", b.strength == "may"
    for x in a.bounds:
        for y in b.bounds:
            if incompatible(x, y, a_permits, b_permits):
                score = 0.9 if measured else 0.7
                return Verdict(
                    BOUNDS,
                    score,
                    f"'{a.id}' sets '{x.text}'; '{b.id}' sets '{y.text}': "
                    f"no {x.dimension} value satisfies both"
                    if not (a_permits or b_permits)
                    else f"'{a.id}' sets '{x.text}'; '{b.id}' sets '{y.text}': "
                    "one allows what the other rules out",
                )
    return None


def _subject(p: Proposition) -> frozenset[str]:
    frame = p.statement.frame
    if frame.actor is None:
        return frozenset()
    return content_stems(frame.actor.text)


def preferences(a: Proposition, b: Proposition, text_cosine: float, threshold: float) -> Verdict | None:
    """Preference prompts favouring opposite ends of one quality, or opposite directions on one act."""
    if not (a.preference and b.preference):
        return None
    poles_a, poles_b = dict(a.poles), dict(b.poles)
    for axis in poles_a.keys() & poles_b.keys():
        if poles_a[axis] != poles_b[axis]:
            shared = shared_words(a.act_words, b.act_words)
            return Verdict(
                PREFERENCES,
                0.75 + (0.15 if shared else 0.0),
                f"'{a.id}' favours '{a.act}' and '{b.id}' favours '{b.act}': opposite ends of {axis}",
            )
    if a.force == b.force or poles_a.keys() & poles_b.keys() or not (a.strength and b.strength):
        return None  # the same direction, an axis that agrees, or a direction the prompt does not say
    likeness, shared = act_likeness(a, b, text_cosine)
    if len(shared) >= 2 and likeness >= threshold:
        return Verdict(
            PREFERENCES,
            likeness,
            f"'{a.id}' {a.demand()}; '{b.id}' {b.demand()} (shared: {', '.join(sorted(shared))})",
        )
    return None


def unexcepted(universal: Proposition, prohibition: Proposition) -> Verdict | None:
    """ "Always do what the user asks" against an absolute prohibition that nothing excepts."""
    if not universal.universal or prohibition.force >= 0 or not prohibition.absolute:
        return None
    if not actors_meet(universal, prohibition) or prohibition.preference:
        return None
    return Verdict(
        UNEXCEPTED,
        0.7,
        f"'{universal.id}' {universal.demand()} with no exception; '{prohibition.id}' {prohibition.demand()}",
    )


SAME_DEMAND_ACT = 0.75  # act cosine from which two acts under the same force are one demand
SAME_DEMAND_TEXT = 0.7  # and the statements' cosine


def same_demand(a: Proposition, b: Proposition, text_cosine: float, act_cosine: float) -> bool:
    """The same force, strength class and actor on one act (verbs of one group, acts alike, objects
    named on both sides): one demand written twice."""
    if a.preference or b.preference or not a.force or a.force != b.force or not actors_meet(a, b):
        return False
    if (a.strength == "may") != (b.strength == "may") or a.derived or b.derived:
        return False
    if text_cosine < SAME_DEMAND_TEXT or act_cosine < SAME_DEMAND_ACT:
        return False
    if len(a.act.split()) < 2 or len(b.act.split()) < 2:
        return False  # a bare verb ("refuse") is no act to compare
    if _verb(a) in ("be", "have") or _verb(b) in ("be", "have"):
        return False  # "must be fine" says something of its subject, which the act leaves out
    return narrow_verb(_verb(a), _verb(b))
