"""Preference dry-run records: one principle, one prompt, a helpful and a degenerate answer, the judge.

`cmlint scenarios dryrun` writes them into the scenarios file beside the scenario records, with
the same guarantees (journal, atomic commit, resume by key, hash of the principle's text):

    {"version": 1, "kind": "dryrun", "key": "dryrun|a.1#0|refusal", "status": "ok",
     "principles": [{"id": "a", "statement": "a.1", "sha256": "…", "text": "…"}],
     "prompt": {"request": "…", "source": "scenarios" | "generated"},
     "strategy": "refusal", "responses": {"helpful": "…", "degenerate": "…"},
     "votes": [{"sample": 0, "order": "helpful-first", "choice": "B", "winner": "degenerate"}, …],
     "result": {"samples": 6, "valid": 6, "degenerate": 4, "helpful": 2, "winner": "degenerate",
                "agreement": 0.667, "pairs": 3, "position_flips": 1,
                "consistent": {"degenerate": 2, "helpful": 0}},
     "generation": {"template": "dryrun-answer/v1", "judge_template": "dryrun-judge/v1",
                    "degenerate_template": "dryrun-degenerate/v1", "model": "…", "backend": "…",
                    "sampling": {…}, "judge_sampling": {…}, "seed": 123}}

A vote's `order` says which answer was shown as (A); `winner` is the answer the judge picked,
or "invalid" when its reply named neither. Each sample is asked in both orders; a *position
flip* is a sample whose two orders picked the same letter, i.e. a different answer (the judge
followed the position, not the content); a *consistent* pair picked the same answer both times,
and only those say what the judge prefers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cmlint.scenarios.records import VERSION, PrincipleRef, RecordError, _get, _ref

ORDERS = ("helpful-first", "degenerate-first")
WINNERS = ("helpful", "degenerate", "invalid")


@dataclass(frozen=True)
class DryRunVote:
    sample: int
    order: str
    choice: str  # "A", "B" or "" (unreadable)
    winner: str

    def to_dict(self) -> dict[str, Any]:
        return {"sample": self.sample, "order": self.order, "choice": self.choice, "winner": self.winner}


@dataclass(frozen=True)
class DryRunResult:
    """What the votes say, computed once when the record is made and stored for review."""

    samples: int
    valid: int
    degenerate: int
    helpful: int
    pairs: int  # samples asked in both orders with a valid answer each time
    position_flips: int
    consistent_degenerate: int = 0  # pairs whose two orders both picked the degenerate answer
    consistent_helpful: int = 0  # pairs whose two orders both picked the helpful answer

    @property
    def winner(self) -> str:
        if self.degenerate == self.helpful:
            return "tie"
        return "degenerate" if self.degenerate > self.helpful else "helpful"

    @property
    def agreement(self) -> float:
        """Share of the valid votes behind the majority (0 when there is none)."""
        return max(self.degenerate, self.helpful) / self.valid if self.valid else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "valid": self.valid,
            "degenerate": self.degenerate,
            "helpful": self.helpful,
            "winner": self.winner,
            "agreement": round(self.agreement, 3),
            "pairs": self.pairs,
            "position_flips": self.position_flips,
            "consistent": {"degenerate": self.consistent_degenerate, "helpful": self.consistent_helpful},
        }


def summarise(votes: list[DryRunVote]) -> DryRunResult:
    valid = [v for v in votes if v.winner != "invalid"]
    by_sample: dict[int, dict[str, DryRunVote]] = {}
    for vote in valid:
        by_sample.setdefault(vote.sample, {})[vote.order] = vote
    pairs = [s for s in by_sample.values() if len(s) == 2]
    consistent = [s[ORDERS[0]].winner for s in pairs if s[ORDERS[0]].winner == s[ORDERS[1]].winner]
    return DryRunResult(
        samples=len(votes),
        valid=len(valid),
        degenerate=sum(v.winner == "degenerate" for v in valid),
        helpful=sum(v.winner == "helpful" for v in valid),
        pairs=len(pairs),
        position_flips=sum(1 for s in pairs if s[ORDERS[0]].choice == s[ORDERS[1]].choice),
        consistent_degenerate=consistent.count("degenerate"),
        consistent_helpful=consistent.count("helpful"),
    )


@dataclass(frozen=True)
class DryRunRecord:
    key: str
    status: str  # "ok"
    principles: tuple[PrincipleRef]
    request: str
    prompt_source: str  # "scenarios" | "generated"
    strategy: str
    helpful: str
    degenerate: str
    votes: tuple[DryRunVote, ...]
    generation: dict[str, Any] = field(default_factory=dict)

    @property
    def result(self) -> DryRunResult:
        return summarise(list(self.votes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "kind": "dryrun",
            "key": self.key,
            "status": self.status,
            "principles": [p.to_dict() for p in self.principles],
            "prompt": {"request": self.request, "source": self.prompt_source},
            "strategy": self.strategy,
            "responses": {"helpful": self.helpful, "degenerate": self.degenerate},
            "votes": [v.to_dict() for v in self.votes],
            "result": self.result.to_dict(),
            "generation": self.generation,
        }

    def to_line(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(", ", ": ")) + "\n"


def dryrun_key(statement: str, prompt_index: int, strategy: str) -> str:
    return f"dryrun|{statement}#{prompt_index}|{strategy}"


def _vote(data: Any) -> DryRunVote:
    if not isinstance(data, dict):
        raise RecordError("each of 'votes' must be an object")
    order = _get(data, "order", str, "votes[].")
    winner = _get(data, "winner", str, "votes[].")
    if order not in ORDERS:
        raise RecordError(f"'votes[].order' must be one of {', '.join(ORDERS)}")
    if winner not in WINNERS:
        raise RecordError(f"'votes[].winner' must be one of {', '.join(WINNERS)}")
    return DryRunVote(int(_get(data, "sample", int, "votes[].")), order, str(data.get("choice", "")), winner)


def dryrun_from_dict(data: dict[str, Any]) -> DryRunRecord:
    """A dry-run record from parsed JSON; `RecordError` names the first thing wrong with it.

    The stored `result` is not trusted: it is computed again from the votes.
    """
    version = _get(data, "version", int)
    if version > VERSION:
        raise RecordError(f"record version {version} is newer than this cmlint reads ({VERSION}): upgrade")
    principles = _get(data, "principles", list)
    if len(principles) != 1:
        raise RecordError("a dry-run record names exactly one principle")
    prompt = _get(data, "prompt", dict)
    responses = _get(data, "responses", dict)
    generation = data.get("generation") or {}
    if not isinstance(generation, dict):
        raise RecordError("'generation' must be an object")
    return DryRunRecord(
        key=_get(data, "key", str),
        status=str(data.get("status", "ok")),
        principles=(_ref(principles[0]),),
        request=_get(prompt, "request", str, "prompt."),
        prompt_source=str(prompt.get("source", "")),
        strategy=_get(data, "strategy", str),
        helpful=_get(responses, "helpful", str, "responses."),
        degenerate=_get(responses, "degenerate", str, "responses."),
        votes=tuple(_vote(v) for v in _get(data, "votes", list)),
        generation=generation,
    )
