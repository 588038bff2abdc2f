"""The HTML report without a browser: its model, the embedded data, and `cmlint report`."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import check
from report_helpers import EDGES, PRINCIPLES, REPORT_FIXTURE, SECTIONS, fixture_result

from cmlint.cli import main
from cmlint.diagnostics import Diagnostic, Related, Severity
from cmlint.engine import FileResult
from cmlint.parse import parse_document
from cmlint.report.html import _inline_script, embed_json, render_html
from cmlint.report.model import build_report
from cmlint.source import Source, read_source

_DATA = re.compile(r'<script type="application/json" id="cmlint-data">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def model():
    return build_report(fixture_result())


def _edge(model, kind: str) -> dict:
    (edge,) = [e for e in model["edges"] if e["class"] == kind]
    return edge


def test_fixture_graph_has_every_principle_section_and_relation(model):
    assert len(model["principles"]) == PRINCIPLES
    assert len(model["sections"]) == SECTIONS
    assert len(model["edges"]) == EDGES
    assert model["summary"]["edges"] == {
        "conflict-unresolved": 1,
        "conflict-resolved": 1,
        "overlap": 1,
        "precedence": 1,
    }
    assert model["title"] == "Report fixture constitution"


def test_conflicts_are_told_apart_and_the_winner_comes_from_precedence(model):
    unresolved = _edge(model, "conflict-unresolved")
    assert {unresolved["source"], unresolved["target"]} == {
        "principle:quote_prompt",
        "principle:private_prompt",
    }
    assert unresolved["resolved"] is False and unresolved["winner"] is None
    resolved = _edge(model, "conflict-resolved")
    assert resolved["resolved"] is True
    assert resolved["winner"] == "principle:private_prompt"
    assert resolved["reason"] == "authority root outranks user"
    assert model["findings"][resolved["findings"][0]]["code"] == "C103"


def test_precedence_edges_are_the_explicit_overrides(model):
    precedence = _edge(model, "precedence")
    assert (precedence["source"], precedence["target"]) == ("section:tone", "section:style")
    assert precedence["reason"] == "tone overrides style"


def test_principles_carry_section_authority_and_their_findings(model):
    by_key = {p["key"]: p for p in model["principles"]}
    private = by_key["private_prompt"]
    assert private["group"] == "section:safety"
    assert (private["authority"], private["rank"]) == ("root", 0)
    assert by_key["friendly"]["group"] == "section:tone"
    sections = {s["key"]: s for s in model["sections"]}
    assert sections["tone"]["parent"] == "section:helpfulness"
    assert sections["safety"]["parent"] is None
    quote = by_key["quote_prompt"]
    assert [model["findings"][i]["code"] for i in quote["findings"]] == ["C101"]
    assert quote["worst"] == "warning"
    assert by_key["no_cbrn"]["findings"] == [] and by_key["no_cbrn"]["worst"] is None
    assert "frames" not in private  # no linguistic analysis was given: no frames are made up


def test_findings_point_at_their_source(model):
    text = REPORT_FIXTURE.read_text(encoding="utf-8")
    for finding in model["findings"]:
        start, end = finding["span"]
        line = text.splitlines()[finding["line"] - 1]
        assert text[start:end] == line[finding["column"] - 1 : finding["end_column"] - 1]
        assert finding["related"][0]["principle"].startswith("principle:")


def test_summary_counts_by_family_severity_and_principle(model):
    summary = model["summary"]
    assert summary["findings"] == 3
    assert summary["by_family"]["conflict"] == {"error": 0, "warning": 1, "info": 1}
    assert summary["by_severity"] == {"error": 0, "warning": 2, "info": 1}
    assert summary["families"][:6] == ["structure", "vagueness", "form", "overlap", "conflict", "coverage"]
    assert [t["count"] for t in summary["top_principles"]] == [1, 1, 1]
    assert summary["by_code"]["C103"] == {"name": "test-c103", "family": "conflict", "count": 1}


def test_spans_count_utf16_units_as_javascript_does():
    # An emoji is one Python character and two JavaScript ones; the highlight after it must not shift.
    source = Source("emoji.md", "- Be kind 🙂 always.\n- Do the needful when possible.\n")
    document = parse_document(source)
    principle = document.principles["preamble.2"]
    diagnostic = Diagnostic(
        "V101", "vague", "vagueness", Severity.WARNING, "vague", principle.span, "emoji.md", principle.id
    )
    report = build_report(FileResult(source, document, [diagnostic]))
    start, end = report["findings"][0]["span"]
    assert start == principle.span.start + 1
    utf16 = source.text.encode("utf-16-le")
    assert utf16[2 * start : 2 * end].decode("utf-16-le") == principle.text


def test_frames_are_shown_only_as_given():
    result = fixture_result()
    frames = {
        "private_prompt": [
            {
                "modality": "prohibition",
                "strength": "must",
                "actor": {"text": "The assistant", "start": 0, "end": 13},
                "action": "reveal",
                "object": {"text": "the system prompt", "start": 28, "end": 45},
                "conditions": [],
                "exceptions": [{"text": "unless asked", "start": 46, "end": 58}],
                "negated": True,
            }
        ]
    }
    by_key = {p["key"]: p for p in build_report(result, frames=frames)["principles"]}
    assert by_key["private_prompt"]["frames"] == [
        {
            "modality": "prohibition",
            "strength": "must",
            "negated": True,
            "action": "reveal",
            "actor": "The assistant",
            "object": "the system prompt",
            "exceptions": ["unless asked"],
        }
    ]
    assert "frames" not in by_key["formal"]


@pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="needs spaCy (the nlp extra)")
def test_frames_come_from_the_linguistic_analysis(tmp_path):
    from cmlint.report.frames import principle_frames

    frames = principle_frames(fixture_result().document, {"cache-dir": str(tmp_path)})
    assert frames is not None
    (frame,) = frames["private_prompt"]
    assert frame["modality"] == "prohibition" and frame["action"] == "reveal"


def test_edges_follow_the_real_rules_findings(tmp_path, monkeypatch):
    """Every two-principle overlap/conflict finding of the real rules is an edge, and nothing else is."""
    monkeypatch.setenv("CMLINT_CACHE_DIR", str(tmp_path / "cache"))
    result = check(REPORT_FIXTURE.read_text(encoding="utf-8"), path=str(REPORT_FIXTURE), select=("O101", "C"))
    report = build_report(result)
    expected = {
        (d.family, frozenset({d.principle, r.principle}))
        for d in result.diagnostics
        for r in d.related
        if d.family in ("overlap", "conflict") and r.principle and r.principle != d.principle
    }
    drawn = {
        (e["kind"], frozenset(n.split(":", 1)[1] for n in (e["source"], e["target"])))
        for e in report["edges"]
        if e["kind"] != "precedence"
    }
    assert drawn == expected
    assert ("overlap", frozenset({"hhh_first", "hhh_second"})) in drawn  # C3AI's repeated principle
    for edge in report["edges"]:
        codes = {report["findings"][i]["code"] for i in edge["findings"]}
        if edge["kind"] == "conflict":
            assert edge["resolved"] == (codes == {"C103"})


def test_embedded_data_survives_script_end_tags_and_comments():
    hostile = "Say </script><script>alert(1)</script> and <!-- this --> & \u2028 that."
    source = Source("hostile.md", f"- {hostile}\n")
    model = build_report(FileResult(source, parse_document(source), []))
    page = render_html(model)
    (data,) = _DATA.findall(page)
    assert json.loads(data) == model
    assert "<script>alert(1)" not in page
    assert "</script" not in embed_json({"text": "</SCRIPT>"}).lower()


def test_the_page_is_self_contained(model):
    page = render_html(model)
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert "@import" not in page
    assert "cytoscape" in page and "window.cmlintReport" in page
    assert "{{" not in page.split('id="cmlint-data">')[0]  # every slot of the template was filled


def test_a_script_that_would_end_its_element_is_refused(tmp_path):
    script = tmp_path / "bad.js"
    script.write_text('var s = "</script>";')
    with pytest.raises(RuntimeError, match="cannot be inlined"):
        _inline_script(script)


def test_a_two_principle_finding_about_another_file_draws_no_edge():
    result = fixture_result()
    elsewhere = result.diagnostics[0]
    moved = Related(elsewhere.related[0].span, "elsewhere", elsewhere.related[0].principle, path="other.md")
    diagnostic = Diagnostic(**{**elsewhere.__dict__, "related": (moved,)})
    report = build_report(FileResult(result.source, result.document, [diagnostic]))
    assert [e["kind"] for e in report["edges"]] == ["precedence"]
    assert report["findings"][0]["related"][0] == {
        "message": "elsewhere",
        "principle": moved.principle and f"principle:{moved.principle}",
        "path": "other.md",
    }


# -- the command ----------------------------------------------------------------------------------
def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_command_writes_one_page_and_says_so(tmp_path, capsys):
    out_file = tmp_path / "page.html"
    code, out, err = _run(
        capsys, "report", str(REPORT_FIXTURE), "-o", str(out_file), "--select", "S", "--isolated"
    )
    assert code == 0 and not out
    assert err.strip() == f"cmlint: wrote {out_file} (8 principles, 0 findings, 1 relation edges)"
    (data,) = _DATA.findall(out_file.read_text(encoding="utf-8"))
    assert json.loads(data)["path"] == str(REPORT_FIXTURE)


def test_report_command_defaults_to_a_file_in_the_current_folder(tmp_path, capsys, monkeypatch):
    shutil.copy(REPORT_FIXTURE, tmp_path / "c.md")
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, "report", "c.md", "--select", "S", "--isolated")[0] == 0
    assert (tmp_path / "cmlint-report.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md"], "missing.md: error: no such file"),
        (
            [str(REPORT_FIXTURE), "-o", "no/such/folder/page.html"],
            "no/such/folder/page.html: error: cannot write",
        ),
    ],
)
def test_report_command_bad_input_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "report", *args, "--select", "S", "--isolated")
    assert code == 2 and not out
    assert err.count("\n") == 1 and err.startswith(message)
    assert not list(Path(tmp_path).glob("**/*.tmp"))


def test_the_vendored_graph_library_matches_its_provenance_note():
    import hashlib

    from cmlint.report.html import VENDOR_SCRIPT

    note = (VENDOR_SCRIPT.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(VENDOR_SCRIPT.read_bytes()).hexdigest()
    assert f"| sha256 | `{digest}` |" in note
    assert (VENDOR_SCRIPT.parent / "cytoscape.LICENSE").read_text(encoding="utf-8").startswith("Copyright")


def test_scenario_coverage_counts_outcomes_and_stale_records(tmp_path):
    from cmlint.report.model import scenario_coverage
    from cmlint.scenarios.records import load_for_document

    example = Path(__file__).parent.parent / "examples" / "model-spec-honesty" / "constitution.md"
    document = parse_document(read_source(example))
    coverage = scenario_coverage(load_for_document(str(example), {}), document)
    assert coverage["records"] == 30 and coverage["judged"] == 11 and coverage["stale"] == 0
    assert sum(coverage["outcomes"].values()) == 11 and coverage["outcomes"]["conflict"] == 1
    # edit one principle that a judged record names: its records become stale, not judged
    named = next(r for r in load_for_document(str(example), {}).judged).principles[0].id
    principle = document.principles[named]
    edited = document.source.text.replace(principle.text, principle.text + " Always.")
    copy = tmp_path / "constitution.md"
    copy.write_text(edited)
    (tmp_path / "constitution.scenarios.jsonl").write_text(
        (example.parent / "constitution.scenarios.jsonl").read_text()
    )
    changed = scenario_coverage(load_for_document(str(copy), {}), parse_document(read_source(copy)))
    assert changed["stale"] >= 1 and changed["judged"] < 11
    assert scenario_coverage(None, document) is None


def test_a_scenario_confirmed_conflict_is_drawn_as_a_conflict_edge(tmp_path, capsys):
    example = Path(__file__).parent.parent / "examples" / "model-spec-honesty" / "constitution.md"
    page = tmp_path / "r.html"
    assert main(["report", str(example), "-o", str(page), "--no-models", "--isolated"]) == 0
    capsys.readouterr()
    model = json.loads(
        re.search(r'<script type="application/json" id="cmlint-data">(.*?)</script>', page.read_text(), re.S)
        .group(1)
        .replace("\\u003c", "<")
    )
    conflicts = [e for e in model["edges"] if e["kind"] == "conflict"]
    assert len(conflicts) == 1
    assert [model["findings"][i]["code"] for i in conflicts[0]["findings"]] == ["G101"]
