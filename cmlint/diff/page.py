"""The diff as one self-contained HTML page: both versions of each change side by side.

Nothing is fetched when the page opens (inline style, a few lines of script for the filter, a
Content-Security-Policy that forbids anything else). Every piece of document text goes through
`html.escape`, so a constitution that contains `<script>` shows it as words. The summary and the
rows are read from the same data as the text and Markdown renderers: `_counts`, `ORDER`, the
changes' call-outs and detail, `_finding_line`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from html import escape

from cmlint.diagnostics import Diagnostic
from cmlint.diff.changes import Change, section_of
from cmlint.diff.compare import DiffResult
from cmlint.diff.render import ORDER, _counts, _finding_line
from cmlint.engine import FileResult
from cmlint.model import Principle

_WORDS = re.compile(r"\S+")

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
.callouts li, .findings li { margin: .2em 0; }
.callout { color: #9a3412; font-weight: 600; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-top: 1px solid #ddd; padding: .4em .6em; vertical-align: top; text-align: left; }
th.kind { width: 11em; }
.meta { color: #555; font-size: .85em; }
.detail { color: #333; font-size: .9em; margin-top: .3em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: .3em; }
del { background: #fdd; color: #8a1010; }
ins { background: #dfd; color: #0b5a0b; text-decoration: none; }
tr.flagged td.kind { border-left: 4px solid #c2410c; }
code { font-size: .9em; }
.filter label { margin-right: 1em; }
"""

# The filter: hide the rows whose kind is unticked. No framework, no fetch.
_SCRIPT = """
document.querySelectorAll('.filter input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('tr[data-kind="' + box.value + '"]').forEach(function (row) {
      row.hidden = !box.checked;
    });
  });
});
"""

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Both texts as escaped HTML, the words only OLD has in `<del>`, those only NEW has in `<ins>`."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        before, after = escape(" ".join(a[i1:i2])), escape(" ".join(b[j1:j2]))
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(f"<del>{before}</del>")
        if after:
            right.append(f"<ins>{after}</ins>")
    return " ".join(left), " ".join(right)


def _lines(principle: Principle, file: FileResult) -> str:
    start = file.source.position(principle.span.start).line
    end = file.source.position(max(principle.span.start, principle.span.end - 1)).line
    return f"line {start}" if end == start else f"lines {start}-{end}"


def _cell(principle: Principle | None, file: FileResult, text: str) -> str:
    if principle is None:
        return "<td></td>"
    meta = (
        f"<code>{escape(principle.id)}</code> <span class='meta'>{escape(section_of(principle))} · "
        f"{_lines(principle, file)}</span>"
    )
    return f"<td>{meta}<div class='text'>{text}</div></td>"


def _row(change: Change, result: DiffResult) -> str:
    old_text = change.old.plain_text if change.old else ""
    new_text = change.new.plain_text if change.new else ""
    if change.old and change.new:
        old_html, new_html = word_diff(old_text, new_text)
    else:
        old_html, new_html = escape(old_text), escape(new_text)
    flagged = " flagged" if change.callouts else ""
    callouts = "".join(f"<div class='callout'>{escape(c)}</div>" for c in change.callouts)
    rest = [p for p in change.detail.split("; ") if p and p not in change.callouts]
    detail = f"<div class='detail'>{escape('; '.join(rest))}</div>" if rest else ""
    return (
        f"<tr class='change{flagged}' data-kind='{change.kind}'>"
        f"<td class='kind'>{change.kind}{callouts}{detail}</td>"
        f"{_cell(change.old, result.old, old_html)}{_cell(change.new, result.new, new_html)}</tr>"
    )


def _findings(title: str, found: list[Diagnostic], file: FileResult) -> str:
    items = "".join(f"<li>{escape(_finding_line(d, file))}</li>" for d in found)
    return f"<h3>{title} ({len(found)})</h3>" + (f"<ul class='findings'>{items}</ul>" if items else "")


def _section(result: DiffResult) -> str:
    old_path, new_path = escape(str(result.old.path)), escape(str(result.new.path))
    parts = [f"<section class='file'><h2><code>{old_path}</code> → <code>{new_path}</code></h2>"]
    parts.append(f"<p class='counts'>{escape(_counts(result))}; {result.matched} principles matched</p>")
    if not result.models:
        parts.append("<p class='meta'>--no-models: matched by id and words; force and actor not compared</p>")
    flagged = [c for c in result.changes if c.callouts]
    if flagged:
        items = "".join(
            f"<li><code>{escape(c.principle.id)}</code>: "
            f"<span class='callout'>{escape('; '.join(c.callouts))}</span></li>"
            for c in flagged
        )
        parts.append(f"<h3>Called out ({len(flagged)})</h3><ul class='callouts'>{items}</ul>")
    parts.append(_findings("Findings introduced", result.findings.introduced, result.new))
    parts.append(_findings("Findings resolved", result.findings.resolved, result.old))
    # Called-out changes first, then by kind in the changelog's order, each in document order.
    rows = sorted(result.changes, key=lambda c: (not c.callouts, ORDER.index(c.kind)))
    if rows:
        parts.append(
            "<table><thead><tr><th class='kind'>change</th>"
            f"<th>old: {old_path}</th><th>new: {new_path}</th></tr></thead><tbody>"
            + "".join(_row(c, result) for c in rows)
            + "</tbody></table>"
        )
    return "".join(parts) + "</section>"


def _filter(results: list[DiffResult]) -> str:
    counts = Counter(c.kind for r in results for c in r.changes)
    boxes = "".join(
        f"<label><input type='checkbox' value='{kind}' checked> {kind} ({counts[kind]})</label>"
        for kind in ORDER
        if counts[kind]
    )
    return f"<p class='filter'>Show: {boxes}</p>" if boxes else ""


def render_page(results: list[DiffResult]) -> str:
    """One page for one or several files' diffs (`--git REF`)."""
    if len(results) == 1:
        title = f"cmlint diff {results[0].old.path} → {results[0].new.path}"
    else:
        title = f"cmlint diff: {len(results)} files"
    body = _filter(results) + "".join(_section(r) for r in results)
    if not results:
        body = "<p>No constitution changed.</p>"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{_POLICY}\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}<script>{_SCRIPT}</script></body></html>\n"
    )
