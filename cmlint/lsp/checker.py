"""The engine as an editor needs it: any text, any time, with the config governing its path.

Two speeds. A *fast* check, on every (debounced) edit, runs the rules that need no model; a
*full* check, on open and save, runs every selected rule. Between full checks the model-backed
findings of the last one are carried over to principles whose text is unchanged (moved to
where the principle now is), so they neither flicker away while typing nor stay on a principle
that has been rewritten.

Nothing here knows pygls: it is plain Python that the server calls from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cmlint.catalogue import Catalogue, CatalogueError
from cmlint.checks.suppression import UNUSED_SUPPRESSION
from cmlint.config import Config, ConfigFinder
from cmlint.diagnostics import Diagnostic, Related
from cmlint.engine import FileResult, check_source, selected_rules
from cmlint.model import Document
from cmlint.registry import MODEL_ANALYSES
from cmlint.runner import Catalogues
from cmlint.source import InputError, Source


@dataclass
class Outcome:
    """One check of one text: a result, or the error that stopped it."""

    source: Source
    full: bool
    result: FileResult | None = None
    error: Exception | None = None
    model_codes: frozenset[str] = field(default_factory=frozenset)  # selected rules that need a model

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self.result.diagnostics) if self.result is not None else []


def _shifted(related: Related, before: Document, after: Document) -> Related | None:
    if related.path is not None:
        return related  # another file: this edit did not move it
    if related.principle is None:
        return None
    old, new = before.principles.get(related.principle), after.principles.get(related.principle)
    if old is None or new is None or old.text != new.text:
        return None
    return replace(related, span=related.span.shift(new.span.start - old.span.start))


def carry_over(previous: FileResult, current: Document, codes: frozenset[str]) -> list[Diagnostic]:
    """Findings of `codes` from an earlier check whose principle is unchanged, moved to its new place."""
    kept = []
    for diagnostic in previous.diagnostics:
        if diagnostic.code not in codes or diagnostic.principle is None:
            continue
        old = previous.document.principles.get(diagnostic.principle)
        new = current.principles.get(diagnostic.principle)
        if old is None or new is None or old.text != new.text:
            continue
        related = tuple(_shifted(r, previous.document, current) for r in diagnostic.related)
        if any(r is None for r in related):
            continue  # the other principle of the finding changed: the finding may no longer hold
        delta = new.span.start - old.span.start
        kept.append(replace(diagnostic, span=diagnostic.span.shift(delta), related=related))
    return kept


def published(outcome: Outcome, last_full: Outcome | None) -> list[Diagnostic]:
    """What to show after a check: a fast check adds the carried-over findings of the last full one."""
    found = outcome.diagnostics
    if outcome.full or outcome.result is None or not outcome.model_codes:
        return found
    if last_full is None or last_full.result is None:
        return found
    carried = carry_over(last_full.result, outcome.result.document, outcome.model_codes)
    return sorted([*found, *carried], key=Diagnostic.sort_key)


class Linter:
    """Checks editor buffers; keeps the rule catalogue loaded across checks."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget configs and catalogues (a config file or a rule pack changed)."""
        self.finder = ConfigFinder()
        self.catalogues = Catalogues()

    def has_model_rules(self, path: str) -> bool:
        """Whether a full check of this file runs rules that need a model (so is worth a fast one first)."""
        try:
            catalogue, config = self.catalogues.prepare(self.finder.for_path(path))
        except (InputError, CatalogueError):
            return False
        return any(rule.needs & MODEL_ANALYSES for rule in selected_rules(catalogue, config, path))

    @staticmethod
    def _fast(config: Config, catalogue: Catalogue, model_codes: frozenset[str]) -> Config:
        if not model_codes:
            return config  # nothing slow is selected: the fast check is the full one
        # Unused-suppression needs every rule's verdict; it waits for the next full check.
        unused = tuple(rule.code for rule in catalogue if rule.check == UNUSED_SUPPRESSION)
        return config.with_overrides(models=False, ignore=(*config.ignore, *unused))

    def check(self, path: str, text: str, full: bool) -> Outcome:
        """Check one text as the file at `path`; never raises for a bad document or config.

        When a model cannot be loaded (not installed, a bad model name), the rules that need
        none still run, and the outcome carries the error that explains the missing ones.
        """
        source = Source(path, text)
        try:
            catalogue, config = self.catalogues.prepare(self.finder.for_path(path))
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > config.max_file_size:
                limit = config.max_file_size / 1_048_576
                raise InputError(path, f"document is over the {limit:g} MiB limit; cmlint does not check it")
            selected = selected_rules(catalogue, config, path)
            model_codes = frozenset(rule.code for rule in selected if rule.needs & MODEL_ANALYSES)
            fast = self._fast(config, catalogue, model_codes)
            registry = self.catalogues.registry
            try:
                result = check_source(source, config if full else fast, catalogue, registry=registry)
            except InputError as exc:
                if not full or not model_codes or exc.path == path:
                    raise
                result = check_source(source, fast, catalogue, registry=registry)
                return Outcome(source, False, result=result, error=exc, model_codes=model_codes)
        except (InputError, CatalogueError) as exc:
            return Outcome(source, full, error=exc)
        return Outcome(source, full, result=result, model_codes=model_codes)
