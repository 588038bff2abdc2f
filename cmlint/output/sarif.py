"""SARIF 2.1.0, the format GitHub code scanning (and most CI dashboards) import.

Choices that matter to a consumer:

- `tool.driver.rules` lists every rule of the catalogue, not only those that fired, so a
  dashboard can show what was checked; `ruleIndex` points into that list.
- Paths are relative to `%SRCROOT%` (the folder cmlint ran in, normally the repository root),
  and columns are UTF-16 code units, declared in the run's `columnKind`.
- `partialFingerprints` carries cmlint's own fingerprint (code, principle text, flagged words),
  so an alert survives lines moving above it and closes when the principle is rewritten.
- A finding silenced by an inline directive is kept, with an `inSource` suppression and its
  reason, as SARIF intends: the dashboard shows it as suppressed instead of forgetting it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cmlint import __version__
from cmlint.catalogue import Catalogue, Rule
from cmlint.diagnostics import Diagnostic, Related, Severity
from cmlint.docs import rule_markdown
from cmlint.engine import FileResult
from cmlint.output import OutputOptions
from cmlint.output.locations import artifact_uri, utf16_region
from cmlint.source import Source, Span

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/cmlint/cmlint"
FINGERPRINT_KEY = "cmlintFingerprint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _help_text(rule: Rule) -> str:
    parts = [rule.summary, f"What it does: {rule.what}", f"Why is this bad? {rule.why}"]
    if rule.fix:
        parts.append(f"Fix: {rule.fix}")
    return "\n\n".join(parts)


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A SARIF `reportingDescriptor`: the rule's documentation, as `cmlint rule CODE` shows it."""
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": _help_text(rule), "markdown": rule_markdown(rule)},
        "helpUri": rule.doc_url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family], **({"preview": True} if rule.preview else {})},
    }


def _unknown_descriptor(diagnostic: Diagnostic) -> dict[str, Any]:
    """For a code no catalogue at hand knows (a rule pack of another config): what the finding says."""
    descriptor: dict[str, Any] = {
        "id": diagnostic.code,
        "name": diagnostic.name,
        "properties": {"tags": [diagnostic.family]},
    }
    if diagnostic.doc_url:
        descriptor["helpUri"] = diagnostic.doc_url
    return descriptor


def _physical_location(path: str, source: Source | None, span: Span | None, root: Path) -> dict[str, Any]:
    uri, relative = artifact_uri(path, root)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    location: dict[str, Any] = {"artifactLocation": artifact}
    if source is not None and span is not None:
        region = utf16_region(source, span)
        location["region"] = {
            "startLine": region.start_line,
            "startColumn": region.start_column,
            "endLine": region.end_line,
            "endColumn": region.end_column,
        }
    return location


def _related_location(
    index: int, related: Related, diagnostic: Diagnostic, source: Source, root: Path
) -> dict[str, Any]:
    same_file = related.path is None or related.path == diagnostic.path
    physical = _physical_location(
        related.path or diagnostic.path, source if same_file else None, related.span, root
    )
    return {"id": index, "message": {"text": related.message}, "physicalLocation": physical}


def _result(diagnostic: Diagnostic, source: Source, rule_index: int, root: Path) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [
            {"physicalLocation": _physical_location(diagnostic.path, source, diagnostic.span, root)}
        ],
        "partialFingerprints": {FINGERPRINT_KEY: diagnostic.fingerprint},
    }
    if diagnostic.related:
        result["relatedLocations"] = [
            _related_location(number, related, diagnostic, source, root)
            for number, related in enumerate(diagnostic.related, 1)
        ]
    if diagnostic.suppressed_by is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": diagnostic.suppressed_by}]
    properties = {"principle": diagnostic.principle, "suggestion": diagnostic.suggestion}
    properties = {key: value for key, value in properties.items() if value is not None}
    if properties:
        result["properties"] = properties
    return result


def _folder_uri(folder: Path) -> str:
    uri = folder.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def sarif_log(results: list[FileResult], catalogue: Catalogue, root: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (one run); `format_sarif` writes it."""
    root = root or Path.cwd()
    descriptors = [rule_descriptor(rule) for rule in catalogue]
    index = {descriptor["id"]: number for number, descriptor in enumerate(descriptors)}
    sarif_results = []
    for file_result in results:
        findings = sorted([*file_result.diagnostics, *file_result.suppressed], key=Diagnostic.sort_key)
        for diagnostic in findings:
            if diagnostic.code not in index:
                index[diagnostic.code] = len(descriptors)
                descriptors.append(_unknown_descriptor(diagnostic))
            sarif_results.append(_result(diagnostic, file_result.source, index[diagnostic.code], root))
    run = {
        "tool": {
            "driver": {
                "name": "cmlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": _folder_uri(root)}},
        "columnKind": "utf16CodeUnits",
        "results": sarif_results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def format_sarif(results: list[FileResult], options: OutputOptions) -> str:
    catalogue = options.catalogue
    if catalogue is None:
        from cmlint.catalogue import load_catalogue

        catalogue = load_catalogue()
    return json.dumps(sarif_log(results, catalogue), ensure_ascii=False, indent=2) + "\n"
