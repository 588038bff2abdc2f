"""The report's first view without a browser: section rows, the tension map, rule groups, scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import MODEL_SPEC_TOP_LEVEL, PRINCIPLES, fixture_result, large_result, model_spec_result

from cmlint.parse import parse_document
from cmlint.report.model import build_report
from cmlint.report.overview import ROOT_ROW
from cmlint.scenarios.records import load_for_document
from cmlint.source import read_source

EXAMPLE = Path(__file__).parent.parent / "examples" / "model-spec-honesty" / "constitution.md"


@pytest.fixture(scope="module")
def fixture_model():
    return build_report(fixture_result())


@pytest.fixture(scope="module")
def spec_model():
    return build_report(model_spec_result())


def _rows(model) -> dict[str, dict]:
    return {row["id"]: row for row in model["overview"]["sections"]}


def test_section_rows_count_their_subsections(fixture_model):
    rows = _rows(fixture_model)
    assert rows[ROOT_ROW]["principles"] == PRINCIPLES and rows[ROOT_ROW]["depth"] == 0
    helpfulness = rows["section:helpfulness"]
    assert (helpfulness["principles"], helpfulness["direct"]) == (5, 3)  # with Tone and Style
    assert helpfulness["authority"] == "user" and helpfulness["depth"] == 1
    assert helpfulness["by_family"] == {"overlap": {"warning": 1}, "conflict": {"info": 1}}
    assert helpfulness["by_severity"] == {"error": 0, "warning": 1, "info": 1}
    assert rows["section:tone"]["depth"] == 2 and rows["section:tone"]["parent"] == "section:helpfulness"
    assert rows["section:safety"]["tensions"]["conflict-unresolved"] == 1
    assert rows["section:safety"]["tensions"]["conflict-resolved"] == 1


def test_the_tension_map_pairs_sections_at_each_depth(fixture_model):
    tension_map = fixture_model["overview"]["map"]
    top, second = tension_map["levels"]
    assert top["axis"] == ["section:safety", "section:helpfulness", "section:transparency"]
    cells = {(c["a"], c["b"]): c for c in top["cells"]}
    assert cells["section:safety", "section:transparency"]["counts"] == {"conflict-unresolved": 1}
    assert cells["section:safety", "section:helpfulness"]["counts"] == {"conflict-resolved": 1}
    # at depth 1 the precedence of Tone over Style is inside Helpfulness; at depth 2 it is between them
    assert cells["section:helpfulness", "section:helpfulness"]["counts"] == {"overlap": 1, "precedence": 1}
    deeper = {(c["a"], c["b"]): c["counts"] for c in second["cells"]}
    assert deeper["section:tone", "section:style"] == {"precedence": 1}
    every_edge = sorted(e["id"] for e in fixture_model["edges"])
    assert sorted(i for c in top["cells"] for i in c["edges"]) == every_edge


def test_value_tensions_are_told_apart_from_resolved_conflicts(spec_model):
    """C108 is info, yet nothing orders its values: it is a tension, never 'resolved'."""
    assert spec_model["summary"]["edges"] == {"conflict-unresolved": 1, "tension": 21, "overlap": 2}
    for edge in spec_model["edges"]:
        codes = {spec_model["findings"][i]["code"] for i in edge["findings"]}
        if codes == {"C108"}:
            assert edge["class"] == "tension" and edge["resolved"] is False


def test_the_model_spec_overview_reads_by_top_level_section(spec_model):
    rows = [r for r in spec_model["overview"]["sections"] if r["depth"] == 1]
    assert [r["title"] for r in rows] == MODEL_SPEC_TOP_LEVEL
    assert sum(r["principles"] for r in rows) + _rows(spec_model)[ROOT_ROW]["direct"] == 580
    assert sum(r["findings"] for r in _rows(spec_model).values() if r["depth"] == 1) == 121
    tension_map = spec_model["overview"]["map"]
    assert tension_map["default_depth"] == 1
    top = tension_map["levels"][0]
    assert sum(len(c["edges"]) for c in top["cells"]) == len(spec_model["edges"]) == 24


def test_rule_groups_come_worst_first_then_most_frequent(spec_model):
    groups = spec_model["overview"]["rules"]
    assert sum(len(g["findings"]) for g in groups) == 121
    ranks = [{"error": 2, "warning": 1, "info": 0}[g["severity"]] for g in groups]
    assert ranks == sorted(ranks, reverse=True)
    warnings = [g for g in groups if g["severity"] == "warning"]
    assert [len(g["findings"]) for g in warnings] == sorted(
        (len(g["findings"]) for g in warnings), reverse=True
    )
    assert groups[0]["code"] == "V101" and len(groups[0]["findings"]) == 45


def test_a_large_document_gives_a_small_map():
    model = build_report(large_result(2_000))
    levels = {level["depth"]: level for level in model["overview"]["map"]["levels"]}
    assert len(levels[1]["axis"]) == 1  # one title heading over everything
    assert model["overview"]["map"]["default_depth"] == 2  # the parts
    assert len(levels[3]["axis"]) <= 40  # only sections that take part in a tension
    assert sum(len(c["edges"]) for c in levels[3]["cells"]) == len(model["edges"])


def test_scenarios_are_linked_to_the_tension_they_test(tmp_path):
    from cmlint.runner import CheckRequest, check_file

    result, _config = check_file(CheckRequest(paths=[str(EXAMPLE)], isolated=True, models=False))
    scenarios = load_for_document(str(EXAMPLE), {})
    model = build_report(result, scenarios=scenarios)
    (conflict,) = [e for e in model["edges"] if e["kind"] == "conflict"]
    pair = {conflict["source"].split(":", 1)[1], conflict["target"].split(":", 1)[1]}
    expected = [r for r in scenarios.records if {ref.id for ref in r.principles} == pair]
    assert expected and len(conflict["scenarios"]) == len(expected)
    assert conflict["outcomes"].get("conflict", 0) >= 1
    assert conflict["scenarios"][0]["outcome"] == "conflict"  # the supporting ones first
    without = build_report(result)
    assert all("scenarios" not in e for e in without["edges"])


def test_a_record_made_for_an_older_text_is_marked_stale(tmp_path):
    from cmlint.report.scenarios import link_scenarios

    scenarios = load_for_document(str(EXAMPLE), {})
    record = next(r for r in scenarios.records if r.verdict is not None)
    a, b = (ref.id for ref in record.principles)
    document = parse_document(read_source(EXAMPLE))
    edge = {"source": f"principle:{a}", "target": f"principle:{b}"}
    link_scenarios([edge], scenarios, document)
    assert not any(s["stale"] for s in edge["scenarios"])
    principle = document.principles[a]
    copy = tmp_path / "constitution.md"
    copy.write_text(document.source.text.replace(principle.text, principle.text + " Always."))
    edited = {"source": f"principle:{a}", "target": f"principle:{b}"}
    link_scenarios([edited], scenarios, parse_document(read_source(copy)))
    assert all(s["stale"] for s in edited["scenarios"]) and edited["outcomes"] == {}


def test_each_section_row_sums_the_degenerate_strategies_its_principles_reward():
    from cmlint.goodhart.strategies import strategies_by_section
    from cmlint.nlp.analysis import analyse
    from tests.conftest import check

    text = (
        "# Harm\n\n## Tone\n\n"
        "- Choose the response that is least likely to be viewed as harmful or offensive.\n\n"
        "# Help\n\n- Choose the response that is most helpful to the user.\n"
    )
    result = check(text, select=("S",))
    document = result.document
    strategies = strategies_by_section(document, analyse(document, {}))
    rows = {r["title"]: r for r in build_report(result, strategies=strategies)["overview"]["sections"]}
    assert rows["Tone"]["rewards"].get("refusal") == 1
    assert rows["Harm"]["rewards"] == rows["Tone"]["rewards"]  # a section sums its subsections
    assert rows["Help"]["rewards"] == {}
    assert "rewards" not in build_report(result)["overview"]["sections"][0]
