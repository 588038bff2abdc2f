"""The engine: one file in, its diagnostics out (rule selection, suppressions, fingerprints).

The engine knows rules and diagnostics, never the command line or output formats; the CLI and
the language server both call `check_source`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from cmlint.catalogue import Catalogue, Rule
from cmlint.checks.suppression import UNUSED_SUPPRESSION
from cmlint.config import Config
from cmlint.context import CheckContext, Note
from cmlint.diagnostics import Diagnostic
from cmlint.model import Directive, Document
from cmlint.parse import ImportOptions, parse_document
from cmlint.registry import Registry, load_builtin_checks
from cmlint.source import Source, Span


@dataclass
class FileResult:
    """Everything known about one checked file."""

    source: Source
    document: Document
    diagnostics: list[Diagnostic]  # reported
    suppressed: list[Diagnostic] = field(default_factory=list)  # silenced by a directive
    notes: list[Note] = field(default_factory=list)  # parts an analysis left out (too long, ...)

    @property
    def path(self) -> str:
        return self.source.path


def selected_rules(catalogue: Catalogue, config: Config, path: str | None = None) -> list[Rule]:
    """The rules that run on a file, configured with its severities and parameters."""
    return [config.configured(rule) for rule in catalogue if config.is_selected(rule, path)]


def _fingerprint(diagnostic: Diagnostic, document: Document) -> str:
    """Identity that survives edits elsewhere: code, principle text and the flagged words."""
    principle = document.principles.get(diagnostic.principle or "")
    anchor = principle.text if principle else document.source.slice(diagnostic.span)
    flagged = document.source.slice(diagnostic.span)
    digest = hashlib.sha256("\x1f".join((diagnostic.code, anchor, flagged)).encode()).hexdigest()
    return digest[:32]


def _with_fingerprints(diagnostics: list[Diagnostic], document: Document) -> list[Diagnostic]:
    seen: dict[str, int] = {}
    out = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        base = _fingerprint(diagnostic, document)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(replace(diagnostic, fingerprint=f"{base}:{count}"))
    return out


def _directive_targets(document: Document) -> list[tuple[Directive, Span | None]]:
    """What each directive covers: the whole file, the principle it sits in, or the next one."""
    starts = sorted(
        [p.span for p in document.principles.values()]
        + [s.span for s in document.sections.values() if s.id != Document.ROOT],
        key=lambda span: span.start,
    )
    targets: list[tuple[Directive, Span | None]] = []
    for directive in document.directives:
        if directive.action == "disable-file":
            targets.append((directive, None))
            continue
        holder = document.principle_at(directive.span.start)
        if holder is not None:
            targets.append((directive, holder.span))
            continue
        following = next((span for span in starts if span.start >= directive.span.end), None)
        if following is not None:
            targets.append((directive, following))
    return targets


def _suppressor(diagnostic: Diagnostic, targets: list[tuple[Directive, Span | None]]) -> Directive | None:
    for directive, span in targets:
        if directive.codes and not any(diagnostic.code.startswith(code) for code in directive.codes):
            continue
        if (
            span is None
            or span.contains(diagnostic.span)
            or (span.start <= diagnostic.span.start < max(span.end, span.start + 1))
        ):
            return directive
    return None


def run_rules(
    document: Document,
    rules: list[Rule],
    registry: Registry,
    known_codes: set[str],
    settings: dict[str, Any] | None = None,
) -> FileResult:
    """Run rules over a parsed document and apply its suppressions.

    `settings` are the config's values that analyses read (model names, cache folder).
    """
    selected = {rule.code for rule in rules}
    ctx = CheckContext(
        document, settings={**(settings or {}), "known_codes": known_codes, "selected_codes": selected}
    )
    path = document.path
    found: list[Diagnostic] = []
    late = [r for r in rules if r.check == UNUSED_SUPPRESSION]
    for rule in rules:
        if rule.check == UNUSED_SUPPRESSION:
            continue
        kind = registry.get(rule.check)
        assert kind is not None, rule.check
        found.extend(rule.diagnostic(finding, path) for finding in kind.function(ctx, rule))
    targets = _directive_targets(document)
    reported: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for diagnostic in found:
        directive = _suppressor(diagnostic, targets)
        if directive is None:
            reported.append(diagnostic)
        else:
            ctx.mark_used(directive)
            suppressed.append(replace(diagnostic, suppressed_by=directive.reason or "suppressed inline"))
    for rule in late:
        kind = registry.get(rule.check)
        assert kind is not None
        reported.extend(rule.diagnostic(finding, path) for finding in kind.function(ctx, rule))
    return FileResult(
        document.source,
        document,
        _with_fingerprints(reported, document),
        _with_fingerprints(suppressed, document),
        ctx.notes,
    )


def check_source(
    source: Source,
    config: Config,
    catalogue: Catalogue,
    options: ImportOptions | None = None,
    registry: Registry | None = None,
    reuse: bool = False,
) -> FileResult:
    """Parse and check one source. Unreadable input raises `InputError`.

    With `reuse`, findings stored by an earlier run with the same inputs are read back instead of
    running the rules (`cmlint.reuse`); the CLI's check does this, the language server does not.
    """
    registry = registry or load_builtin_checks()
    document = parse_document(source, options)
    rules = selected_rules(catalogue, config, source.path)
    settings = config.analysis_settings()
    known_codes = set(catalogue.rules)
    if reuse:
        from cmlint.reuse import run_or_reuse

        return run_or_reuse(
            document,
            rules,
            settings,
            known_codes,
            lambda: run_rules(document, rules, registry, known_codes, settings),
        )
    return run_rules(document, rules, registry, known_codes, settings)
