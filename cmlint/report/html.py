"""One self-contained HTML file: the report model as JSON, the page script, its style and Cytoscape.js.

Nothing is fetched when the page opens (no CDN, no fonts), so a report attached to a review or
opened on an air-gapped machine looks the same. The model travels as JSON in a
`<script type="application/json">` element and is read with `JSON.parse`, never evaluated; a
principle that contains `</script>` or `<!--` must not end that element early, so `<`, `>`
and `&` are written as JSON `\\u` escapes, which leave the parsed data unchanged.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).resolve().parent / "assets"
VENDOR_SCRIPT = ASSETS / "vendor" / "cytoscape.min.js"
# In this order: dom.js first (the others use it), report.js last (it starts the page).
APP_SCRIPTS = (
    *("dom.js", "layout.js", "source.js", "overview.js", "tensions.js"),
    *("findings.js", "details.js", "summary.js", "report.js"),
)

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
_SLOT = re.compile(r"\{\{(\w+)\}\}")
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)


def embed_json(data: Any) -> str:
    """JSON that is safe as the text of a `<script>` element, whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One str.replace per character: str.translate walks a megabyte-sized page character by character.
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(chr(char), escape)
    return text


def _inline_script(path: Path) -> str:
    """A script file's text, refused if it would close its `<script>` element early."""
    text = path.read_text(encoding="utf-8")
    if _SCRIPT_END.search(text) or "<!--" in text:
        raise RuntimeError(f"{path.name} cannot be inlined: it contains '</script' or '<!--'")
    return text


@cache
def _assets() -> dict[str, str]:
    return {
        "template": (ASSETS / "report.html").read_text(encoding="utf-8"),
        "css": (ASSETS / "report.css").read_text(encoding="utf-8"),
        "vendor": _inline_script(VENDOR_SCRIPT),
        "js": "\n".join(_inline_script(ASSETS / name) for name in APP_SCRIPTS),
    }


def render_html(model: dict[str, Any]) -> str:
    """The page for a report model (see `cmlint.report.model.build_report`)."""
    assets = _assets()
    slots = {
        "title": html.escape(str(model.get("title") or model.get("path") or "constitution")),
        "path": html.escape(str(model.get("path", ""))),
        "generator": html.escape(str(model.get("generator", "cmlint"))),
        "css": assets["css"],
        "vendor": assets["vendor"],
        "js": assets["js"],
        "data": embed_json(model),
    }
    # One pass over the template: text put into a slot is never scanned for slots again.
    return _SLOT.sub(lambda match: slots[match.group(1)], assets["template"])
