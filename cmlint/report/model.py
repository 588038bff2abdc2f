"""The report model: one checked constitution as plain data that the HTML page draws.

Everything the page shows comes from this dictionary, so tests can check what a reader will
see without a browser, and the page's script never has to know cmlint's types. Node ids are the
principle graph's keys (`section:ID`, `principle:ID`), so the report, `cmlint graph` and the
diagnostics all name a principle the same way.

Offsets: every `span` here is in UTF-16 code units into `source`, because the page slices the
source with JavaScript strings (see `offsets`); `line` and `column` are 1-based characters, as
the text output prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cmlint import __version__
from cmlint.catalogue import FAMILIES
from cmlint.diagnostics import Diagnostic, Severity
from cmlint.engine import FileResult
from cmlint.graph import PrincipleGraph, principle_node, section_node
from cmlint.model import Document, Principle, Section
from cmlint.report.edges import relation_edges
from cmlint.report.offsets import Utf16Offsets
from cmlint.report.overview import ROOT_ROW, build_overview
from cmlint.report.scenarios import link_scenarios, scenario_coverage
from cmlint.source import Source

if TYPE_CHECKING:
    from cmlint.scenarios.records import ScenarioFile

__all__ = ["build_report", "scenario_coverage"]

MODEL_VERSION = 1
TOP_PRINCIPLES = 10
SEVERITIES = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))  # error first

# Frame fields a reader needs to see why two principles clash; phrases are shown by their words.
_FRAME_FIELDS = ("modality", "strength", "negated", "cue", "action")
_FRAME_PHRASES = ("actor", "trigger", "object")
_FRAME_LISTS = ("conditions", "exceptions")

Frames = Mapping[str, Sequence[Mapping[str, Any]]]  # principle id -> deontic frames of its sentences
# section id -> how many of its own statements reward each degenerate strategy (G105's reading)
Strategies = Mapping[str, Mapping[str, int]]


def _worst(severities: list[str]) -> str | None:
    return max(severities, key=lambda s: Severity(s).rank) if severities else None


class _Builder:
    def __init__(self, result: FileResult, graph: PrincipleGraph, frames: Frames | None) -> None:
        self.document: Document = result.document
        self.source: Source = result.source
        self.diagnostics: list[Diagnostic] = list(result.diagnostics)
        self.graph = graph
        self.frames = frames or {}
        self.offsets = Utf16Offsets(self.source.text)
        self.by_principle: dict[str, list[int]] = {}
        for index, diagnostic in enumerate(self.diagnostics):
            if diagnostic.principle in self.document.principles:
                self.by_principle.setdefault(diagnostic.principle, []).append(index)

    def section(self, section: Section) -> dict[str, Any]:
        direct = sum(1 for pid in section.principles if self.document.principles[pid].parent is None)
        return {
            "id": section_node(section.id),
            "key": section.id,
            "title": section.title,
            "level": section.level,
            "parent": section_node(section.parent) if section.parent not in (None, Document.ROOT) else None,
            "authority": section.authority.value if section.authority else None,
            "line": self.source.position(section.span.start).line,
            "span": self.offsets.span(section.span),
            "principles": direct,
        }

    def principle(self, principle: Principle) -> dict[str, Any]:
        findings = self.by_principle.get(principle.id, [])
        data: dict[str, Any] = {
            "id": principle_node(principle.id),
            "key": principle.id,
            "title": principle.title,
            "group": section_node(principle.section) if principle.section != Document.ROOT else None,
            "heading_path": list(principle.heading_path),
            "kind": principle.kind.value,
            "authority": principle.authority.value if principle.authority else None,
            "rank": principle.authority.rank if principle.authority else None,
            "priority": principle.priority,
            "text": principle.plain_text,
            "span": self.offsets.span(principle.span),
            "line": self.source.position(principle.span.start).line,
            "findings": findings,
            "worst": _worst([self.diagnostics[i].severity.value for i in findings]),
        }
        frames = [_frame_view(f) for f in self.frames.get(principle.id, ())]
        if frames:
            data["frames"] = frames
        return data

    def finding(self, index: int, diagnostic: Diagnostic) -> dict[str, Any]:
        start = self.source.position(diagnostic.span.start)
        end = self.source.position(diagnostic.span.end)
        related = []
        for item in diagnostic.related:
            entry: dict[str, Any] = {
                "message": item.message,
                "principle": principle_node(item.principle) if item.principle else None,
            }
            if item.path is None or item.path == diagnostic.path:
                entry["span"] = self.offsets.span(item.span)
                entry["line"] = self.source.position(item.span.start).line
            else:
                entry["path"] = item.path
            related.append(entry)
        return {
            "index": index,
            "code": diagnostic.code,
            "name": diagnostic.name,
            "family": diagnostic.family,
            "severity": diagnostic.severity.value,
            "message": diagnostic.message,
            "span": self.offsets.span(diagnostic.span),
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "principle": principle_node(diagnostic.principle)
            if diagnostic.principle in self.document.principles
            else None,
            "related": related,
            "suggestion": diagnostic.suggestion,
            "url": diagnostic.doc_url,
        }

    def summary(self, edges: list[dict[str, Any]]) -> dict[str, Any]:
        by_family: dict[str, dict[str, int]] = {}
        for d in self.diagnostics:
            counts = by_family.setdefault(d.family, dict.fromkeys(SEVERITIES, 0))
            counts[d.severity.value] += 1
        codes: dict[str, dict[str, Any]] = {}
        for d in self.diagnostics:
            entry = codes.setdefault(d.code, {"name": d.name, "family": d.family, "count": 0})
            entry["count"] += 1
        top = sorted(self.by_principle.items(), key=lambda item: (-len(item[1]), item[1][0]))[:TOP_PRINCIPLES]
        return {
            "principles": len(self.document.principles),
            "sections": len(self.document.sections) - 1,
            "terms": len(self.document.terms),
            "findings": len(self.diagnostics),
            "families": [*FAMILIES, *sorted(set(by_family) - set(FAMILIES))],
            "severities": list(SEVERITIES),
            "by_family": by_family,
            "by_severity": {s: sum(c[s] for c in by_family.values()) for s in SEVERITIES},
            "by_code": dict(sorted(codes.items())),
            "kinds": dict(Counter(p.kind.value for p in self.document.principles.values())),
            "edges": dict(Counter(_edge_class(e) for e in edges)),
            "top_principles": [
                {
                    "principle": principle_node(pid),
                    "count": len(found),
                    "worst": _worst([self.diagnostics[i].severity.value for i in found]),
                }
                for pid, found in top
            ],
        }


def _edge_class(edge: Mapping[str, Any]) -> str:
    """Resolved, unresolved conflicts and value tensions are told apart wherever the page counts edges."""
    if edge["kind"] == "conflict":
        if edge.get("resolved"):
            return "conflict-resolved"
        return "tension" if edge.get("tension") else "conflict-unresolved"
    return str(edge["kind"])


def _phrase_text(value: Any) -> str | None:
    if isinstance(value, Mapping):
        text = value.get("text")
        return str(text) if text else None
    return str(value) if value else None


def _frame_view(frame: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a deontic frame a reader needs, as words; fields the analysis left out stay out."""
    view: dict[str, Any] = {name: frame[name] for name in _FRAME_FIELDS if frame.get(name) is not None}
    for name in _FRAME_PHRASES:
        text = _phrase_text(frame.get(name))
        if text:
            view[name] = text
    for name in _FRAME_LISTS:
        texts = [t for t in (_phrase_text(v) for v in frame.get(name) or ()) if t]
        if texts:
            view[name] = texts
    return view


def build_report(
    result: FileResult,
    graph: PrincipleGraph | None = None,
    frames: Frames | None = None,
    scenarios: ScenarioFile | None = None,
    strategies: Strategies | None = None,
) -> dict[str, Any]:
    """The report model of one checked file.

    `graph` defaults to a fresh principle graph of the document; pass the one the checks used
    to draw the relation edges an analysis added to it. `frames` maps principle ids to their
    deontic frames where a linguistic analysis ran; without it the page shows no frames.
    `strategies` (`cmlint.goodhart.strategies.strategies_by_section`) adds to each section row the
    degenerate answers its principles reward; without it the column is not shown.
    """
    graph = graph or PrincipleGraph(result.document)
    builder = _Builder(result, graph, frames)
    edges = relation_edges(graph, builder.diagnostics)
    for edge in edges:
        edge["class"] = _edge_class(edge)
    document = result.document
    link_scenarios(edges, scenarios, document)
    model = {
        "version": MODEL_VERSION,
        "generator": f"cmlint {__version__}",
        "path": result.path,
        "format": document.format,
        "title": str(document.metadata.get("title") or result.path),
        "source": result.source.text,
        "sections": [builder.section(s) for s in document.sections.values() if s.id != Document.ROOT],
        "principles": [builder.principle(p) for p in document.principles.values()],
        "edges": edges,
        "findings": [builder.finding(i, d) for i, d in enumerate(builder.diagnostics)],
        "summary": {**builder.summary(edges), "scenarios": scenario_coverage(scenarios, document)},
    }
    rewards = None
    if strategies is not None:
        rewards = {
            (section_node(sid) if sid != Document.ROOT else ROOT_ROW): dict(counts)
            for sid, counts in strategies.items()
            if counts
        }
    model["overview"] = build_overview(model, rewards)
    return model
