"""What a scenarios file adds to the report: its coverage, and the scenarios behind each tension.

`cmlint scenarios generate` writes records that each put two principles in one concrete
situation and judge whether both can be honoured. A reviewer looking at a tension between two
principles wants to see those situations: a judged "conflict" supports the tension, a
"compatible" one argues against it. Each record names its two principles, so the link to an
edge is by that unordered pair; a record made for an older text of either principle is marked
stale rather than hidden, as it still says what was tried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cmlint.graph import principle_node
from cmlint.model import Document

if TYPE_CHECKING:
    from cmlint.scenarios.records import ScenarioFile, ScenarioRecord

TEXT_CHARS = 280  # a scenario's request and the judge's reason, cut for the pairs list
# Judged outcomes first, the ones that support a tension before those that argue against it.
_OUTCOME_ORDER = {"conflict": 0, "compatible": 1, "one-applies": 2, "none-applies": 3}


def _current_hashes(document: Document) -> dict[str, str]:
    from cmlint.scenarios.records import text_hash

    return {p.id: text_hash(p.text) for p in document.principles.values()}


def _is_stale(record: ScenarioRecord, current: dict[str, str]) -> bool:
    return any(current.get(ref.id) != ref.sha256 for ref in record.principles)


def scenario_coverage(scenarios: ScenarioFile | None, document: Document) -> dict[str, Any] | None:
    """What the scenarios file says about the document: outcomes, staleness, principles covered."""
    if scenarios is None:
        return None
    current = _current_hashes(document)
    stale = [r for r in scenarios.records if _is_stale(r, current)]
    judged = [r for r in scenarios.judged if r not in stale]
    rules = [p.id for p in document.principles.values() if p.kind.value in ("rule", "preference")]
    covered = {ref.id for r in judged for ref in r.principles} & set(rules)
    return {
        "file": str(scenarios.path.name),
        "records": len(scenarios.records),
        "judged": len(judged),
        "filtered": sum(r.status == "filtered" for r in scenarios.records),
        "stale": len(stale),
        "outcomes": dict(Counter(r.verdict.outcome for r in judged if r.verdict is not None)),
        "principles_covered": len(covered),
        "principles": len(rules),
    }


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


def _view(record: ScenarioRecord, stale: bool) -> dict[str, Any]:
    verdict = record.verdict
    return {
        "key": record.key,
        "status": record.status,
        "outcome": verdict.outcome if verdict is not None else None,
        "confidence": verdict.confidence if verdict is not None else None,
        "request": _cut(record.request),
        "reason": _cut(verdict.reason) if verdict is not None and verdict.reason else None,
        "stale": stale,
    }


def link_scenarios(
    edges: Sequence[dict[str, Any]], scenarios: ScenarioFile | None, document: Document
) -> None:
    """Give every edge whose two principles a record tested its `scenarios` and their `outcomes`."""
    if scenarios is None:
        return
    current = _current_hashes(document)
    by_pair: dict[frozenset[str], list[dict[str, Any]]] = {}
    for record in scenarios.records:
        pair = frozenset(principle_node(ref.id) for ref in record.principles)
        by_pair.setdefault(pair, []).append(_view(record, _is_stale(record, current)))
    for edge in edges:
        found = by_pair.get(frozenset((edge["source"], edge["target"])))
        if not found:
            continue
        found.sort(key=lambda s: (s["stale"], _OUTCOME_ORDER.get(s["outcome"] or "", 9), s["key"]))
        edge["scenarios"] = found
        edge["outcomes"] = dict(Counter(s["outcome"] or s["status"] for s in found if not s["stale"]))
