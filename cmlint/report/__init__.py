"""The HTML report: a constitution drawn as its principle graph, with every finding beside its source.

`model` turns a checked file into plain JSON-able data (`edges` derives the relation edges
from two-principle findings), and `html` writes one self-contained page (data, script, style
and the bundled Cytoscape.js inline) that opens with no network at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cmlint.engine import FileResult
    from cmlint.graph import PrincipleGraph
    from cmlint.report.model import Frames, Strategies
    from cmlint.scenarios.records import ScenarioFile


def write_report(
    result: FileResult,
    path: Path,
    graph: PrincipleGraph | None = None,
    frames: Frames | None = None,
    scenarios: ScenarioFile | None = None,
    strategies: Strategies | None = None,
) -> dict[str, Any]:
    """Write the report page of one checked file atomically, and return its model (for the summary line)."""
    from cmlint.fileio import write_atomic
    from cmlint.report.html import render_html
    from cmlint.report.model import build_report

    model = build_report(result, graph, frames, scenarios, strategies)
    write_atomic(path, render_html(model))
    return model
