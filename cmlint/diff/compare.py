"""Two versions in, their diff out: read, check, match, classify, set findings against findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cmlint.diff.changes import Change, classify_all
from cmlint.diff.findings import FindingChanges, compare_findings
from cmlint.diff.matching import match_principles
from cmlint.diff.regroup import regroup
from cmlint.diff.versions import check_version, read_version
from cmlint.engine import FileResult
from cmlint.model import Principle
from cmlint.runner import Catalogues, CheckRequest


@dataclass
class DiffResult:
    old: FileResult
    new: FileResult
    changes: list[Change]
    findings: FindingChanges
    matched: int  # principles of OLD paired with one of NEW
    models: bool  # whether meaning (embeddings, frames) was used


class _Frames:
    """The statements' frames of each version, analysed on first use (usually from the cache)."""

    def __init__(self, old: FileResult, new: FileResult, settings: dict[str, Any]) -> None:
        self._documents = {"old": old.document, "new": new.document}
        self._settings = settings
        self._analyses: dict[str, Any] = {}

    def __call__(self, principle: Principle, side: str) -> list:
        from cmlint.nlp.analysis import analyse

        if side not in self._analyses:
            self._analyses[side] = analyse(self._documents[side], self._settings)
        return [(s.text, s.frame) for s in self._analyses[side].statements_of(principle.id)]


def diff_versions(old_spec: str, new_spec: str, request: CheckRequest) -> DiffResult:
    """The diff of two versions (paths or `REV:path`), checked with the options `request` carries."""
    catalogues = Catalogues()
    old, _ = check_version(read_version(old_spec), request, catalogues)
    new, config = check_version(read_version(new_spec), request, catalogues)
    settings = config.analysis_settings()
    models = request.models and config.models
    embedder = None
    if models:
        from cmlint.semantic.analysis import embed

        def embedder(texts: list[str]) -> Any:
            return embed(texts, settings)[0]

    old_order, new_order = list(old.document.principles.values()), list(new.document.principles.values())
    pairs, groups = regroup(match_principles(old_order, new_order, embedder), old_order, new_order)
    frames = _Frames(old, new, settings) if models else None
    return DiffResult(
        old,
        new,
        classify_all(pairs, frames, groups),
        compare_findings(old, new, pairs),
        sum(1 for p in pairs if p.old is not None and p.new is not None),
        models,
    )
