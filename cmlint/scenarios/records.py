"""The scenarios file: one JSON object a line, meant to be reviewed, diffed and committed.

A record holds everything needed to judge it later without the model: the two principles it
was generated for (ids and a hash of each principle's text, so an edited principle makes its
scenarios stale), how it was made (prompt template version, model id, sampling settings), the
scenario (a user request and its context), what each principle demands there, and the verdict
(which principles apply, whether their demands are compatible, with what confidence).

    {"version": 1, "key": "a.1|b.1#0", "status": "ok", "selection": "conflict",
     "principles": [{"id": "a.1", "statement": "a.1", "sha256": "…", "text": "…"}, …],
     "scenario": {"request": "…", "context": "…"}, "demands": {"a.1": "…", "b.1": "…"},
     "verdict": {"applies": ["a.1", "b.1"], "compatible": false, "confidence": 0.67,
                 "judge": "model", "samples": 3, "disagreement": 0.33, "votes": […], "reason": "…"},
     "generation": {"template": "scenario/v1", "judge_template": "judge/v1", "model": "…",
                    "backend": "openai", "sampling": {…}}}

The same file holds the records of `cmlint scenarios dryrun` (`"kind": "dryrun"`, see
`dryrun_records`): one principle, one prompt, a helpful and a degenerate answer, and the judge's
choices in both orders. Keys are written in this fixed order and records sorted by key, so a
regenerated file diffs cleanly. Reading is strict: a malformed line is one error,
`file:line: error: ...` (exit 2), because a scenarios file is an input a person edits and
commits, not a cache.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from cmlint.source import InputError

if TYPE_CHECKING:
    from cmlint.scenarios.dryrun_records import DryRunRecord

VERSION = 1
SUFFIX = ".scenarios.jsonl"
STATUSES = ("ok", "filtered")  # filtered: kept for resume and review, never judged by checks
SELECTIONS = ("conflict", "absolutes", "no-precedence", "distant", "manual")
HASH_LENGTH = 16  # hex digits of sha256 kept: ample for telling two texts of one principle apart


def text_hash(text: str) -> str:
    """sha256 of a principle's text with whitespace collapsed, so rewrapping a line is not an edit."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class PrincipleRef:
    """One side of a scenario's pair: the principle, the statement of it the model saw, and a hash."""

    id: str  # the principle's id in the document
    statement: str  # the statement id (`<principle>.s<n>` for a sentence of a paragraph; else the id)
    sha256: str  # text_hash of the whole principle's text when the scenario was generated
    text: str  # the statement's words as shown to the model (for reviewers; not compared)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "statement": self.statement, "sha256": self.sha256, "text": self.text}


@dataclass(frozen=True)
class Verdict:
    """Which principles apply to a scenario and whether one response can satisfy them all."""

    applies: tuple[str, ...]  # statement ids
    compatible: bool | None  # None when fewer than two apply
    confidence: float  # 0..1: share of judge samples (or offline signals) behind this verdict
    judge: str  # "model" | "offline"
    samples: int
    disagreement: float  # 1 - agreement among samples; judges disagree, and reviewers should see it
    votes: tuple[str, ...] = ()  # each sample's outcome: conflict | compatible | one-applies | none-applies
    reason: str = ""

    @property
    def outcome(self) -> str:
        return outcome_of(len(self.applies), self.compatible)

    def to_dict(self) -> dict[str, Any]:
        return {
            "applies": list(self.applies),
            "compatible": self.compatible,
            "confidence": round(self.confidence, 3),
            "judge": self.judge,
            "samples": self.samples,
            "disagreement": round(self.disagreement, 3),
            "votes": list(self.votes),
            "reason": self.reason,
        }


def outcome_of(applying: int, compatible: bool | None) -> str:
    if applying == 0:
        return "none-applies"
    if applying == 1:
        return "one-applies"
    return "compatible" if compatible else "conflict"


@dataclass(frozen=True)
class ScenarioRecord:
    key: str  # "<statement a>|<statement b>#<index>": what resume skips
    status: str
    selection: str  # why the pair was chosen
    principles: tuple[PrincipleRef, PrincipleRef]
    request: str
    context: str
    demands: dict[str, str]  # statement id -> what that principle requires here
    verdict: Verdict | None  # None for a filtered record
    generation: dict[str, Any] = field(default_factory=dict)  # template, model, backend, sampling, filter

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "key": self.key,
            "status": self.status,
            "selection": self.selection,
            "principles": [p.to_dict() for p in self.principles],
            "scenario": {"request": self.request, "context": self.context},
            "demands": dict(self.demands),
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "generation": self.generation,
        }

    def to_line(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(", ", ": ")) + "\n"


AnyRecord = Union[ScenarioRecord, "DryRunRecord"]


class RecordError(ValueError):
    """A record that does not have the shape of `ScenarioRecord` (the message says which part)."""


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    if key not in data:
        raise RecordError(f"missing '{where}{key}'")
    value = data[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        names = " or ".join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))
        raise RecordError(f"'{where}{key}' must be a {names}")
    return value


def _ref(data: Any) -> PrincipleRef:
    if not isinstance(data, dict):
        raise RecordError("each of 'principles' must be an object")
    sha = _get(data, "sha256", str, "principles[].")
    if not re.fullmatch(r"[0-9a-f]{8,64}", sha):
        raise RecordError(f"'principles[].sha256' is not a hex digest: {sha!r}")
    return PrincipleRef(
        _get(data, "id", str, "principles[]."),
        str(data.get("statement") or data["id"]),
        sha,
        str(data.get("text", "")),
    )


def _verdict(data: Any) -> Verdict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise RecordError("'verdict' must be an object or null")
    applies = _get(data, "applies", list, "verdict.")
    compatible = data.get("compatible")
    if compatible is not None and not isinstance(compatible, bool):
        raise RecordError("'verdict.compatible' must be true, false or null")
    confidence = float(_get(data, "confidence", (int, float), "verdict."))
    if not 0 <= confidence <= 1:
        raise RecordError("'verdict.confidence' must lie between 0 and 1")
    return Verdict(
        tuple(str(a) for a in applies),
        compatible,
        confidence,
        str(data.get("judge", "")),
        int(data.get("samples", 1)),
        float(data.get("disagreement", 0.0)),
        tuple(str(v) for v in data.get("votes", [])),
        str(data.get("reason", "")),
    )


def record_from_dict(data: Any) -> ScenarioRecord:
    """A record from parsed JSON; `RecordError` names the first thing wrong with it."""
    if not isinstance(data, dict):
        raise RecordError("a record must be a JSON object")
    version = _get(data, "version", int)
    if version > VERSION:
        raise RecordError(f"record version {version} is newer than this cmlint reads ({VERSION}): upgrade")
    status = _get(data, "status", str)
    if status not in STATUSES:
        raise RecordError(f"'status' must be one of {', '.join(STATUSES)}")
    principles = _get(data, "principles", list)
    if len(principles) != 2:
        raise RecordError("'principles' must name exactly two principles")
    scenario = _get(data, "scenario", dict)
    demands = data.get("demands") or {}
    if not isinstance(demands, dict):
        raise RecordError("'demands' must be an object")
    verdict = _verdict(data.get("verdict"))
    if status == "ok" and verdict is None:
        raise RecordError("a record with status 'ok' needs a 'verdict'")
    generation = data.get("generation") or {}
    if not isinstance(generation, dict):
        raise RecordError("'generation' must be an object")
    return ScenarioRecord(
        key=_get(data, "key", str),
        status=status,
        selection=str(data.get("selection", "manual")),
        principles=(_ref(principles[0]), _ref(principles[1])),
        request=_get(scenario, "request", str, "scenario."),
        context=str(scenario.get("context", "")),
        demands={str(k): str(v) for k, v in demands.items()},
        verdict=verdict,
        generation=generation,
    )


def any_record_from_dict(data: Any) -> AnyRecord:
    """A scenario record, or a preference dry-run record (`"kind": "dryrun"`)."""
    if isinstance(data, dict) and data.get("kind") == "dryrun":
        from cmlint.scenarios.dryrun_records import dryrun_from_dict

        return dryrun_from_dict(data)
    return record_from_dict(data)


def parse_lines(path: str, lines: Iterable[str]) -> list[AnyRecord]:
    """Records from JSONL text; blank lines are skipped, anything else wrong raises `InputError`."""
    records: list[AnyRecord] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = any_record_from_dict(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(path, f"not a JSON object: {exc.msg}", number, exc.colno) from None
        except RecordError as exc:
            raise InputError(path, f"not a scenario record: {exc}", number) from None
        if record.key in seen:
            raise InputError(path, f"key '{record.key}' repeats line {seen[record.key]}", number)
        seen[record.key] = number
        records.append(record)
    return records


def read_records(path: Path) -> list[AnyRecord]:
    """Every record of a scenarios file (which must exist): scenarios and dry-run records."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "scenarios file is not UTF-8") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the scenarios file: {exc.strerror or exc}") from None
    return parse_lines(str(path), text.splitlines())


def scenarios_path(document_path: str, settings: Mapping[str, Any]) -> Path | None:
    """Where a constitution's scenarios live: `scenarios-file` in the config, else beside it.

    `scenarios-file` is relative to the config file and may hold `{name}`, the constitution's
    file name without its extension, for projects with several constitutions. Standard input
    has no scenarios file unless one is configured.
    """
    configured = settings.get("scenarios-file")
    name = Path(document_path).stem
    if isinstance(configured, str) and configured:
        root = Path(str(settings.get("config-root") or "."))
        return root / configured.replace("{name}", name)
    if not document_path or document_path == "-":
        return None
    return Path(document_path).with_name(name + SUFFIX)


@dataclass(frozen=True)
class ScenarioFile:
    """The records that belong to one constitution, as `cmlint check` reads them."""

    path: Path
    records: tuple[ScenarioRecord, ...]
    dryruns: tuple[DryRunRecord, ...] = ()

    @property
    def judged(self) -> list[ScenarioRecord]:
        return [r for r in self.records if r.status == "ok" and r.verdict is not None]


def load_for_document(document_path: str, settings: Mapping[str, Any]) -> ScenarioFile | None:
    """The scenarios file of a constitution, or None when it has none (no model, no network)."""
    path = scenarios_path(document_path, settings)
    if path is None or not path.is_file():
        return None
    found = read_records(path)
    return ScenarioFile(
        path,
        tuple(r for r in found if isinstance(r, ScenarioRecord)),
        tuple(r for r in found if not isinstance(r, ScenarioRecord)),
    )
