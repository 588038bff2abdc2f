"""Deontic frames for the report's principle panel, from the linguistic analysis.

The report shows what each principle requires (modality, actor, action, conditions) so a
reader can see why two principles were judged to clash. The frames come from
`cmlint.nlp.analysis`, which the conflict and vagueness checks have usually just run, so this
reads its disk cache rather than parsing again. A report is still useful without frames: when
spaCy or its model is missing, the page simply shows none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cmlint.model import Document
from cmlint.source import InputError

if TYPE_CHECKING:
    from cmlint.nlp.analysis import LinguisticAnalysis


def linguistic_analysis(document: Document, settings: Mapping[str, Any]) -> LinguisticAnalysis | None:
    """The document's linguistic analysis (from the disk cache when the checks made it), or None
    when spaCy or its model is not installed."""
    try:
        from cmlint.nlp.analysis import analyse

        return analyse(document, settings)
    except (ImportError, InputError):  # InputError: ModelMissing
        return None


def principle_frames(
    document: Document, settings: Mapping[str, Any], analysis: LinguisticAnalysis | None = None
) -> dict[str, list[dict[str, Any]]] | None:
    """Principle id -> the frames of its deontic sentences; None without a linguistic analysis."""
    analysis = analysis or linguistic_analysis(document, settings)
    if analysis is None:
        return None
    frames: dict[str, list[dict[str, Any]]] = {}
    for principle_id, infos in analysis.sentences.items():
        found = [info.frame.to_dict() for info in infos if info.frame.is_deontic]
        if found:
            frames[principle_id] = found
    return frames
