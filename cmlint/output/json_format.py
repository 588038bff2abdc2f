"""The JSON format (versioned): the contract scripts read. The schema is in README.md."""

from __future__ import annotations

import json
from typing import Any

from cmlint.diagnostics import Diagnostic, Related
from cmlint.engine import FileResult
from cmlint.output import OutputOptions
from cmlint.source import Source, Span

SCHEMA_VERSION = 1


def _range(source: Source, span: Span) -> dict[str, dict[str, int]]:
    start = source.position(span.start)
    end = source.position(span.end)
    return {
        "start": {"line": start.line, "column": start.column},
        "end": {"line": end.line, "column": end.column},
    }


def _related(related: Related, source: Source, path: str) -> dict[str, Any]:
    return {
        "path": related.path or path,
        "message": related.message,
        "principle": related.principle,
        "span": related.span.to_dict(),
        "range": _range(source, related.span),
    }


def diagnostic_dict(diagnostic: Diagnostic, source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "family": diagnostic.family,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "span": diagnostic.span.to_dict(),
        "range": _range(source, diagnostic.span),
        "principle": diagnostic.principle,
        "related": [_related(r, source, diagnostic.path) for r in diagnostic.related],
        "suggestion": diagnostic.suggestion,
        "url": diagnostic.doc_url,
        "fingerprint": diagnostic.fingerprint,
    }
    if diagnostic.score is not None:
        data["score"] = round(diagnostic.score, 3)
    if diagnostic.suppressed_by is not None:
        data["suppressed"] = diagnostic.suppressed_by
    return data


def format_json(results: list[FileResult], options: OutputOptions) -> str:
    files = [
        {
            "path": result.path,
            "format": result.document.format,
            "principles": len(result.document.principles),
            "diagnostics": [diagnostic_dict(d, result.source) for d in result.diagnostics],
        }
        for result in results
    ]
    return json.dumps({"version": SCHEMA_VERSION, "files": files}, ensure_ascii=False, indent=2) + "\n"
