"""What a check sees: the document, and analyses built on first use and then shared.

Analyses are cached properties, so a run that selects only structural rules never builds
(or imports) the linguistic or semantic ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cmlint.model import Directive, Document
from cmlint.source import Span

if TYPE_CHECKING:
    from cmlint.graph import PrincipleGraph
    from cmlint.nlp.analysis import LinguisticAnalysis
    from cmlint.scenarios.records import ScenarioFile
    from cmlint.semantic.analysis import SemanticIndex


@dataclass(frozen=True)
class Note:
    """Something a run could not do for part of a file (shown as `path:line:col: note: ...`)."""

    span: Span
    message: str


@dataclass
class CheckContext:
    document: Document
    settings: dict[str, Any] = field(default_factory=dict)  # config values analyses may need
    used_directives: set[int] = field(default_factory=set)  # ids of directives that silenced something
    memo: dict[str, Any] = field(default_factory=dict)  # results several checks share (conflicts, ...)
    notes: list[Note] = field(default_factory=list)  # what an analysis left out, said once per run

    @cached_property
    def graph(self) -> PrincipleGraph:
        from cmlint.graph import PrincipleGraph

        return PrincipleGraph(self.document)

    @cached_property
    def embeddings(self) -> SemanticIndex:
        from cmlint.semantic.analysis import build_index

        return build_index(self.document, self.settings)

    @cached_property
    def nlp(self) -> LinguisticAnalysis:
        """Sentences, statements and deontic frames (spaCy, or the disk cache)."""
        from cmlint.nlp.analysis import MAX_ANALYSED_CHARS, analyse

        analysis = analyse(self.document, self.settings)
        for principle in analysis.skipped:
            self.notes.append(
                Note(
                    principle.span,
                    f"principle '{principle.id}' is {len(principle.plain_text):,} characters long, over the "
                    f"{MAX_ANALYSED_CHARS:,} the linguistic analysis reads: the rules that need it skip it",
                )
            )
        return analysis

    @cached_property
    def scenarios(self) -> ScenarioFile | None:
        """The constitution's scenarios file (`<name>.scenarios.jsonl` or `scenarios-file`), if any.

        Plain JSON lines, read with no model: generating them was the slow part.
        """
        from cmlint.scenarios.records import load_for_document

        return load_for_document(self.document.path, self.settings)

    @cached_property
    def defined_terms(self) -> tuple[str, ...]:
        """Terms the document's glossary or the config's `terms` files define (lower case)."""
        from cmlint.glossary import defined_terms

        return defined_terms(self.document, self.settings)

    def mark_used(self, directive: Directive) -> None:
        self.used_directives.add(id(directive))
