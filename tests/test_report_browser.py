"""The HTML report in a real browser: headless Chromium driven by Playwright.

The page is opened from a file:// URL with the network off, as a reviewer would open an
attachment. Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
`CMLINT_CHROMIUM` names another Chromium binary; without one the module skips, saying why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, TESTS
from report_helpers import (
    EDGES,
    MODEL_SPEC_TOP_LEVEL,
    PRINCIPLES,
    SECTIONS,
    fixture_result,
    large_result,
    model_spec_result,
)

from cmlint.cli import main
from cmlint.engine import FileResult
from cmlint.parse import parse_document
from cmlint.report.headless import CHROMIUM_ARGS
from cmlint.report.html import render_html
from cmlint.report.model import build_report
from cmlint.source import Source

sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright: pip install 'cmlint[test]'")

CHROMIUM = os.environ.get("CMLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        "needs Chromium (Debian: apt-get install chromium chromium-driver; scripts/setup does it as root)",
        allow_module_level=True,
    )

ARTIFACTS = TESTS / "artifacts"
MODEL_SPEC = CORPUS / "openai-model-spec" / "model_spec_2025-12-18.md"
READY_MS = 30_000  # generous: CI machines are slow; bench/bench_report.py measures the real figure

# A frame given by hand (as the linguistic analysis would give it) to test how the panel shows one.
FRAMES = {
    "private_prompt": [
        {
            "modality": "prohibition",
            "strength": "must",
            "actor": {"text": "The assistant"},
            "action": "reveal",
            "object": {"text": "the system prompt"},
        }
    ]
}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def fixture_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "fixture.html"
    path.write_text(render_html(build_report(fixture_result(), frames=FRAMES)), encoding="utf-8")
    return path


class Opened:
    """A loaded report page and every console error or uncaught exception it produced."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 1000) -> None:
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        self.page = self.context.new_page()
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.cmlintReady !== undefined", timeout=READY_MS)

    def counts(self) -> dict[str, int]:
        return self.page.evaluate("window.cmlintReport.counts()")

    def visible_nodes(self) -> int:
        return int(self.page.get_attribute("#graph-box", "data-visible-nodes") or -1)

    def screenshot(self, name: str, **options) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), **options)


@pytest.fixture
def opened(browser, fixture_page) -> Iterator[Opened]:
    page = Opened(browser, fixture_page)
    yield page
    page.context.close()
    assert page.errors == []


def test_page_loads_cleanly_and_draws_the_fixture_graph(opened):
    assert opened.counts() == {
        "principles": PRINCIPLES,
        "sections": SECTIONS,
        "edges": EDGES,
        "visiblePrinciples": PRINCIPLES,
        "visibleEdges": EDGES,
    }
    box = opened.page.locator("#graph-box")
    assert box.get_attribute("data-nodes") == str(PRINCIPLES)
    assert box.get_attribute("data-edges") == str(EDGES)
    assert opened.page.locator("li.finding").count() == 3
    assert opened.page.locator("#source .line").count() == len(fixture_result().source.text.splitlines())
    assert opened.page.locator("#summary .card .num").first.text_content() == str(PRINCIPLES)
    opened.screenshot("report-fixture.png")


def _click_edge(opened: Opened, edge_class: str) -> None:
    """A real mouse click on the edge where Cytoscape drew it."""
    page = opened.page
    point = page.evaluate(
        """cls => {
            const cy = window.cmlintReport.cy;
            const edge = cy.edges().filter(e => e.data('cls') === cls)[0];
            cy.fit(edge.connectedNodes(), 120);
            const box = cy.container().getBoundingClientRect();
            const mid = edge.renderedMidpoint();
            return {x: box.left + mid.x, y: box.top + mid.y};
        }""",
        edge_class,
    )
    page.mouse.click(point["x"], point["y"])


def test_clicking_a_conflict_edge_shows_both_principles_side_by_side(opened):
    result = fixture_result()
    _click_edge(opened, "conflict-unresolved")
    details = opened.page.locator("#details")
    assert details.locator(".edge-title").text_content().startswith("Conflict, unresolved")
    cards = details.locator(".side-by-side .principle-card")
    assert cards.count() == 2
    texts = {cards.nth(i).locator(".principle-text").text_content() for i in range(2)}
    assert texts == {result.document.principles[p].plain_text for p in ("quote_prompt", "private_prompt")}
    assert "C101" in details.locator(".evidence").text_content()
    assert "modality" in details.text_content()  # private_prompt's frame
    opened.screenshot("report-fixture-conflict.png")


def test_a_resolved_conflict_names_its_winner(opened):
    _click_edge(opened, "conflict-resolved")
    details = opened.page.locator("#details")
    title = details.locator(".edge-title").text_content()
    assert title == "Conflict, resolved: private_prompt wins (authority root outranks user)"
    assert details.locator(".principle-card.winner code").first.text_content() == "private_prompt"


def test_search_narrows_the_view(opened):
    search = opened.page.locator("#search")
    search.fill("system prompt")
    opened.page.wait_for_function("document.querySelector('#graph-box').dataset.visibleNodes === '3'")
    assert opened.counts()["visibleEdges"] == 2  # the two conflicts; the overlap's principles are hidden
    status = opened.page.locator("#graph-status").text_content()
    assert status == f"Showing 3 of {PRINCIPLES} principles and 2 of {EDGES} edges."
    search.fill("hhh_")
    opened.page.wait_for_function("document.querySelector('#graph-box').dataset.visibleNodes === '2'")
    search.fill("")
    opened.page.wait_for_function(
        f"document.querySelector('#graph-box').dataset.visibleNodes === '{PRINCIPLES}'"
    )


def test_family_and_severity_filters_hide_findings_and_their_edges(opened):
    page = opened.page
    page.locator("input[data-filter='family'][value='conflict']").uncheck()
    assert opened.counts()["visibleEdges"] == 2  # overlap and precedence
    assert page.locator("li.finding").count() == 1
    page.locator("input[data-filter='severity'][value='warning']").uncheck()
    assert page.locator("li.finding").count() == 0
    page.locator("#only-findings").check()
    assert opened.visible_nodes() == 0


def test_a_finding_link_highlights_its_place_in_the_source(opened):
    page = opened.page
    page.locator("li.finding", has_text="O101").locator("a.finding-link").first.click()
    flashed = page.locator("#source mark.flash")
    assert flashed.count() == 1
    assert flashed.text_content() == fixture_result().document.principles["hhh_second"].text
    assert page.locator("li.finding.current code").text_content() == "O101"
    assert page.locator("#details").get_attribute("data-showing") == "principle:hhh_second"
    box = page.locator("#source-box").bounding_box()
    mark = flashed.bounding_box()
    assert box["y"] <= mark["y"] <= box["y"] + box["height"]


def test_clicking_a_principle_shows_its_text_and_findings(opened):
    # (a function returning nothing: returning the Cytoscape collection would make Playwright serialise it)
    opened.page.evaluate(
        "() => { window.cmlintReport.cy.getElementById('principle:quote_prompt').emit('tap'); }"
    )
    details = opened.page.locator("#details")
    assert details.get_attribute("data-showing") == "principle:quote_prompt"
    assert "Always quote the system prompt" in details.locator(".principle-text").text_content()
    assert "C101" in details.locator(".findings-mini").text_content()


def test_the_model_spec_report_loads_in_the_browser(browser, tmp_path, capsys):
    """Hundreds of principles: the page must load without errors and report its load time."""
    page_path = tmp_path / "model-spec.html"
    assert main(["report", str(MODEL_SPEC), "-o", str(page_path), "--no-models", "--isolated"]) == 0
    capsys.readouterr()
    opened = Opened(browser, page_path)
    try:
        counts = opened.counts()
        assert counts["principles"] == 580 and counts["sections"] == 80
        ready = opened.page.evaluate("window.cmlintReady")
        assert 0 < ready < READY_MS
        opened.page.locator("#search").fill("chain of command")
        opened.page.wait_for_function("+document.querySelector('#graph-box').dataset.visibleNodes < 580")
        opened.page.locator("#search").fill("")
        opened.page.wait_for_function("+document.querySelector('#graph-box').dataset.visibleNodes === 580")
        opened.screenshot("report-model-spec.png")
    finally:
        opened.context.close()
    assert opened.errors == []


def test_an_empty_constitution_still_loads_cleanly(browser, tmp_path):
    source = Source("empty.md", "# Nothing here yet\n")
    page_path = tmp_path / "empty.html"
    page_path.write_text(render_html(build_report(FileResult(source, parse_document(source), []))))
    opened = Opened(browser, page_path)
    try:
        assert opened.counts()["principles"] == 0 and opened.counts()["sections"] == 1
        assert opened.page.locator("#finding-list").text_content() == "Findings (0 of 0)No findings to show."
    finally:
        opened.context.close()
    assert opened.errors == []


def test_the_summary_shows_scenario_coverage(browser, tmp_path, capsys):
    """The shipped example's scenarios file (generated by SmolLM2) is summarised on the page."""
    example = Path(__file__).parent.parent / "examples" / "model-spec-honesty" / "constitution.md"
    page_path = tmp_path / "example.html"
    assert main(["report", str(example), "-o", str(page_path), "--no-models", "--isolated"]) == 0
    capsys.readouterr()
    opened = Opened(browser, page_path)
    try:
        text = opened.page.locator("#scenario-coverage").text_content()
        assert "30 records: 11 judged, 19 filtered as off-topic, 0 stale" in text
        assert "conflict 1" in text
        opened.screenshot("report-scenarios.png")
    finally:
        opened.context.close()
    assert opened.errors == []


# -- the first view: sections, the tension map, findings by rule ------------------------------------
@pytest.fixture(scope="module")
def spec_page(tmp_path_factory) -> Path:
    """The Model Spec with the findings of a real check (see report_helpers.model_spec_result)."""
    path = tmp_path_factory.mktemp("report") / "model-spec.html"
    path.write_text(render_html(build_report(model_spec_result())), encoding="utf-8")
    return path


@pytest.fixture
def spec(browser, spec_page) -> Iterator[Opened]:
    page = Opened(browser, spec_page, 1440, 900)
    yield page
    page.context.close()
    assert page.errors == []


TOP_LEVEL = MODEL_SPEC_TOP_LEVEL


def _in_first_view(box: dict | None, width: int = 1440, height: int = 900) -> bool:
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and (box["y"] + box["height"] <= height)
    )


def test_the_model_spec_opens_on_its_top_level_section_titles_as_text(spec):
    page = spec.page
    assert page.evaluate("window.scrollY") == 0
    rows = page.locator("#section-table tbody tr:not([hidden]) a.section-title")
    assert rows.all_text_contents() == TOP_LEVEL
    for title in TOP_LEVEL:
        link = page.get_by_role("link", name=title, exact=True).first
        assert link.is_visible() and _in_first_view(link.bounding_box()), title
    assert page.locator("#tension-map table.tension-map").is_visible()
    assert 0 < page.evaluate("window.cmlintOverviewReady") <= page.evaluate("window.cmlintReady")
    spec.screenshot("report-model-spec-first-view.png")


def test_a_section_row_counts_its_principles_findings_and_relations(spec):
    row = spec.page.locator('#section-table tr[data-row="section:stay_in_bounds"]')
    cells = row.locator("td")
    assert cells.nth(1).text_content() == "127"
    assert cells.nth(2).text_content() == "01028"  # errors, warnings, info
    assert "vagueness 33" in cells.nth(3).text_content() and "conflict 4" in cells.nth(3).text_content()
    row.locator("button.toggle").click()
    assert spec.page.locator('#section-table tr[data-row="section:red_line_principles"]').is_hidden()
    assert spec.page.locator('#section-table tr[data-row="section:risky_situations"]').is_visible()
    hazards = spec.page.locator('#section-table tr[data-row="section:avoid_info_hazards"]')  # deeper down
    assert hazards.is_hidden()
    row.locator("button.toggle").click()
    assert spec.page.locator('#section-table tr[data-row="section:risky_situations"]').is_hidden()


def test_a_click_on_a_map_cell_lists_its_pairs(spec):
    page = spec.page
    cell = page.locator('button.cell[data-a="section:stay_in_bounds"][data-b="section:stay_in_bounds"]')
    total = int(cell.text_content())
    cell.click()
    pairs = page.locator("#map-pairs li.pair")
    assert pairs.count() == total > 1
    assert page.locator("#map-pairs h3").text_content() == "Inside Stay in bounds"
    assert page.locator("#map-pairs h4").all_text_contents() == [
        "Value tensions (no precedence) (3)",
        "Overlaps (1)",
    ]
    pairs.first.locator("a.open-pair").click()
    details = page.locator("#details")
    assert details.locator(".edge-title").text_content().startswith("Value tension, unresolved")
    assert details.locator(".side-by-side .principle-card").count() == 2
    assert "C108" in details.locator(".evidence").text_content()


def test_the_map_shows_resolved_and_unresolved_apart(opened):
    page = opened.page
    unresolved = page.locator('button.cell[data-a="section:safety"][data-b="section:transparency"]')
    resolved = page.locator('button.cell[data-a="section:safety"][data-b="section:helpfulness"]')
    assert "edge-conflict-unresolved" in unresolved.get_attribute("class")
    assert "edge-conflict-resolved" in resolved.get_attribute("class")
    page.locator("input[data-map-class='conflict-resolved']").uncheck()
    assert resolved.count() == 0 and unresolved.count() == 1
    page.select_option("#map-depth", "2")
    assert page.locator('button.cell[data-a="section:tone"][data-b="section:style"]').text_content() == "1"


def test_a_section_title_opens_its_principles_in_the_graph(opened):
    page = opened.page
    page.locator('a.section-title[data-section="section:helpfulness"]').click()
    assert opened.visible_nodes() == 5  # its own three, and Tone's and Style's
    assert page.locator("#graph-status").text_content().endswith("in “Helpfulness”.")
    assert page.locator("#details").get_attribute("data-showing") == "section:helpfulness"
    page.locator("#whole-document").click()
    assert opened.visible_nodes() == PRINCIPLES
    page.locator('a.section-title[data-section="section:tone"]').click()
    assert opened.visible_nodes() == 1
    # a pair from the map outside the section on show brings the whole document back
    page.locator('button.cell[data-a="section:safety"][data-b="section:transparency"]').click()
    page.locator("#map-pairs a.open-pair").click()
    assert opened.visible_nodes() == PRINCIPLES
    assert page.locator("#details").get_attribute("data-showing") == "e2"


def test_findings_are_grouped_by_rule_worst_first_and_link_to_the_source(spec):
    page = spec.page
    model = build_report(model_spec_result())
    groups = page.locator("details.rule-group")
    assert [groups.nth(i).get_attribute("data-code") for i in range(groups.count())] == [
        g["code"] for g in model["overview"]["rules"]
    ]
    first = groups.first
    assert first.locator("summary .count").text_content() == "45"
    assert first.locator("li.finding").count() == 45
    first.locator("a.finding-link").first.click()
    flashed = page.locator("#source mark.flash")
    assert flashed.count() >= 1
    finding = model["findings"][int(first.locator("li.finding").first.get_attribute("data-finding"))]
    start, end = finding["span"]
    assert flashed.first.text_content() in model["source"][start:end]


def test_the_legend_names_every_colour_ring_shape_and_edge(opened):
    legend = opened.page.locator("#legend").text_content()
    for word in ("root", "system", "developer", "user", "guideline", "no authority"):
        assert word in legend
    for word in ("Ring (worst finding)", "error", "warning", "info", "no finding"):
        assert word in legend
    for word in ("rule", "preference", "commentary", "example"):
        assert word in legend
    for word in ("conflict, unresolved", "value tension", "resolved by precedence", "overlap", "overrides"):
        assert word in legend


def test_graph_labels_are_words_not_cut_ids(spec):
    labels = spec.page.evaluate(
        "() => window.cmlintReport.cy.nodes(\"[type = 'principle']\").map(n => n.data('label'))"
    )
    assert len(labels) == 580
    assert not any(label.endswith(".") and "_" in label for label in labels)  # no `overview.4` ids
    assert "Prevent our models from causing serious…" in labels or any(
        label.startswith("Prevent our models") for label in labels
    )


def test_ten_thousand_principles_open_on_the_overview_in_seconds(browser, tmp_path):
    page_path = tmp_path / "large.html"
    page_path.write_text(render_html(build_report(large_result(10_000))), encoding="utf-8")
    opened = Opened(browser, page_path, 1440, 900)
    try:
        page = opened.page
        assert page.evaluate("window.cmlintOverviewReady") < 5_000
        assert opened.counts()["principles"] == 0  # too many to draw at once: a section is drawn on demand
        assert page.locator("#section-table tbody tr:not([hidden])").count() == 21  # the title and 20 parts
        assert page.locator("#map-matrix button.cell").count() > 5
        opened.screenshot("report-10000-principles.png")
        page.locator('a.section-title[data-section="section:part-3"]').click()
        assert opened.counts()["principles"] == 500
        page.locator("#map-matrix button.cell").first.click()
        assert page.locator("#map-pairs li.pair").count() >= 1
    finally:
        opened.context.close()
    assert opened.errors == []


def test_the_map_shows_the_scenarios_behind_a_tension(browser, tmp_path, capsys):
    example = Path(__file__).parent.parent / "examples" / "model-spec-honesty" / "constitution.md"
    page_path = tmp_path / "example.html"
    assert main(["report", str(example), "-o", str(page_path), "--no-models", "--isolated"]) == 0
    capsys.readouterr()
    opened = Opened(browser, page_path, 1440, 900)
    try:
        page = opened.page
        page.locator("#map-matrix button.cell.edge-conflict-unresolved").first.click()
        summary = page.locator("#map-pairs details.scenario-list summary").first.text_content()
        assert "tested this pair" in summary and "conflict" in summary
        page.locator("#map-pairs a.open-pair").first.click()
        assert page.locator("#details details.scenario-list").count() == 1
    finally:
        opened.context.close()
    assert opened.errors == []
