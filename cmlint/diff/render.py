"""The diff as text (a changelog), JSON (the contract scripts read), Markdown (a PR comment) or HTML.

The HTML page (both versions side by side) is built in `cmlint.diff.page` from these helpers.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from cmlint.diagnostics import Diagnostic
from cmlint.diff.changes import ADDED, MERGED, MOVED, REMOVED, REWORDED, SPLIT, Change, section_of
from cmlint.diff.compare import DiffResult
from cmlint.engine import FileResult
from cmlint.model import Principle
from cmlint.output.json_format import diagnostic_dict

ORDER = (REMOVED, ADDED, REWORDED, SPLIT, MERGED, MOVED)
_SHOWN = 160  # characters of a principle's text in text and Markdown


def _side(principle: Principle | None) -> dict[str, Any] | None:
    if principle is None:
        return None
    return {"id": principle.id, "span": principle.span.to_dict(), "text": principle.text}


def diff_data(result: DiffResult) -> dict[str, Any]:
    """The JSON contract: `{"changes": [{kind, old, new, detail}], "findings": {introduced, resolved}}`."""
    return {
        "changes": [
            {"kind": c.kind, "old": _side(c.old), "new": _side(c.new), "detail": c.detail}
            for c in result.changes
        ],
        "findings": {
            "introduced": [diagnostic_dict(d, result.new.source) for d in result.findings.introduced],
            "resolved": [diagnostic_dict(d, result.old.source) for d in result.findings.resolved],
        },
    }


def render_json(result: DiffResult) -> str:
    return json.dumps(diff_data(result), indent=2, ensure_ascii=False) + "\n"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _counts(result: DiffResult) -> str:
    counts = Counter(c.kind for c in result.changes)
    parts = [f"{counts[k]} {k}" for k in ORDER if counts[k]]
    flagged = sum(1 for c in result.changes if c.callouts)
    if flagged:
        parts.append(f"{flagged} called out")
    total = len(result.changes)
    return f"{total} change{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")


def _where(principle: Principle, file: FileResult) -> str:
    return f"{principle.id} (line {file.source.position(principle.span.start).line})"


def _finding_line(diagnostic: Diagnostic, file: FileResult) -> str:
    where = file.source.position(diagnostic.span.start)
    severity = diagnostic.severity.value
    return f"{file.path}:{where.line}:{where.column}: {diagnostic.code} [{severity}] {diagnostic.message}"


def _headline(change: Change, result: DiffResult) -> str:
    if change.kind == REMOVED:
        return f"{_where(change.old, result.old)} from {section_of(change.old)}"  # type: ignore[arg-type]
    if change.kind == ADDED:
        return f"{_where(change.new, result.new)} in {section_of(change.new)}"  # type: ignore[arg-type]
    old, new = _where(change.old, result.old), _where(change.new, result.new)  # type: ignore[arg-type]
    return old if change.old.id == change.new.id else f"{old} -> {new}"  # type: ignore[union-attr]


def render_text(result: DiffResult) -> str:
    lines = [f"cmlint diff {result.old.path} -> {result.new.path}: {_counts(result)}"]
    if not result.models:
        lines.append("(--no-models: principles matched by id and words; force and actor not compared)")
    for kind in ORDER:
        changes = [c for c in result.changes if c.kind == kind]
        if not changes:
            continue
        lines += ["", f"{kind.capitalize()} ({len(changes)}):"]
        for change in changes:
            mark = "!" if change.callouts else "-"
            lines.append(f"  {mark} {_headline(change, result)}")
            if change.kind in (ADDED, REMOVED):
                lines.append(f"      {_short(change.principle.plain_text)}")
            else:
                lines += [f"      {part}" for part in change.detail.split("; ")]
    for title, found, file in (
        ("Findings introduced", result.findings.introduced, result.new),
        ("Findings resolved", result.findings.resolved, result.old),
    ):
        lines += ["", f"{title} ({len(found)}):"] + [f"  {_finding_line(d, file)}" for d in found]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return _short(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    lines = [f"### cmlint diff: {_counts(result)}", ""]
    lines.append(
        f"`{result.old.path}` → `{result.new.path}`: {result.matched} principles matched; "
        f"findings: {len(result.findings.introduced)} introduced, {len(result.findings.resolved)} resolved"
    )
    flagged = [c for c in result.changes if c.callouts]
    if flagged:
        lines += ["", "#### Changes of force, actor, condition, exception or authority", ""]
        for change in flagged:
            lines.append(f"- **{change.principle.id}**: " + "; ".join(change.callouts))
    for kind in ORDER:
        changes = [c for c in result.changes if c.kind == kind]
        if not changes:
            continue
        lines += ["", f"<details><summary>{kind.capitalize()} ({len(changes)})</summary>", ""]
        lines += ["| principle | section | what changed |", "|---|---|---|"]
        for change in changes:
            what = _md(change.principle.plain_text) if kind in (ADDED, REMOVED) else _md(change.detail)
            lines.append(f"| `{change.principle.id}` | {_md(section_of(change.principle))} | {what} |")
        lines += ["", "</details>"]
    for title, found, file in (
        ("Findings introduced", result.findings.introduced, result.new),
        ("Findings resolved", result.findings.resolved, result.old),
    ):
        if found:
            lines += ["", f"#### {title} ({len(found)})", ""]
            for d in found:
                line = file.source.position(d.span.start).line
                lines.append(f"- `{d.code}` [{d.severity.value}] line {line}: {_md(d.message)}")
    return "\n".join(lines) + "\n"


def render_html(result: DiffResult) -> str:
    from cmlint.diff.page import render_page  # page imports this module's helpers

    return render_page([result])


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "html": render_html}


def render_files(results: list[DiffResult], output_format: str) -> str:
    """Several files' diffs (`--git REF`): one after the other, or in JSON `{"files": [...]}`."""
    if output_format == "json":
        files = [{"old": r.old.path, "new": r.new.path, **diff_data(r)} for r in results]
        return json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n"
    if output_format == "html":
        from cmlint.diff.page import render_page

        return render_page(results)
    return "\n".join(RENDERERS[output_format](r) for r in results)
