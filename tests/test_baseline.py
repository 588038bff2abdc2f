"""Baselines: today's findings recorded once, then only new ones reported."""

from __future__ import annotations

import json

import pytest

from cmlint.baseline import Baseline, text_hash
from cmlint.cli import main

DOC = """\
## Empty one

## Rules

- Follow [?](#missing).
- Also see [?](#gone) and [?](#nowhere).
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.md").write_text(DOC)
    return tmp_path


def run(capsys, *args):
    code = main(["check", "--isolated", "--select", "S", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_write_then_check_against_baseline(folder, capsys):
    code, out, err = run(capsys, "c.md", "--write-baseline", "base.json")
    assert code == 0 and out == ""
    assert err.strip() == "cmlint: wrote a baseline of 4 findings in 1 file to base.json"
    data = json.loads((folder / "base.json").read_text())
    assert data["version"] == 2
    assert [(f["code"], f["principle"], f["words"], f["count"]) for f in data["findings"]] == [
        ("S003", "rules.1", "[?](#missing)", 1),
        ("S003", "rules.2", "[?](#gone)", 1),
        ("S003", "rules.2", "[?](#nowhere)", 1),
        ("S005", None, "## Empty one", 1),
    ]
    assert run(capsys, "c.md", "--baseline", "base.json") == (0, "All checks passed (1 file).\n", "")


def test_new_and_reworded_principles_are_reported(folder, capsys):
    run(capsys, "c.md", "--write-baseline", "base.json")
    text = DOC.replace("Follow [?](#missing).", "Obey [?](#missing).") + "- New [?](#absent).\n"
    (folder / "c.md").write_text("Intro moves every line down.\n\n" + text)
    code, out, _ = run(capsys, "c.md", "--baseline", "base.json", "-q")
    assert code == 1
    reported = [line.split(": ", 1)[0] for line in out.splitlines()]
    assert reported == ["c.md:7:8", "c.md:9:7"]  # the reworded principle and the new one; not the moved ones


def test_a_second_finding_on_a_baselined_principle_is_new(folder, capsys):
    (folder / "c.md").write_text(DOC.replace("[?](#nowhere)", "[?](#gone)"))
    run(capsys, "c.md", "--write-baseline", "base.json")
    data = json.loads((folder / "base.json").read_text())
    for finding in data["findings"]:
        if finding["principle"] == "rules.2":
            assert finding["count"] == 2  # the same words twice in one principle
            finding["count"] = 1
    (folder / "base.json").write_text(json.dumps(data))
    code, out, _ = run(capsys, "c.md", "--baseline", "base.json", "-q")
    assert code == 1 and out.count("S003") == 1


def test_baseline_file_is_sorted_one_finding_per_line_and_stable(folder, capsys):
    run(capsys, "c.md", "--write-baseline", "base.json")
    first = (folder / "base.json").read_text()
    run(capsys, "c.md", "--write-baseline", "base.json")
    assert (folder / "base.json").read_text() == first
    assert sum(1 for line in first.splitlines() if line.strip().startswith('{"path"')) == 4


def test_baseline_paths_are_relative_to_the_baseline_file(folder, capsys):
    (folder / "ci").mkdir()
    run(capsys, "c.md", "--write-baseline", "ci/base.json")
    assert {f["path"] for f in json.loads((folder / "ci" / "base.json").read_text())["findings"]} == {
        "../c.md"
    }
    absolute = str(folder / "c.md")
    assert run(capsys, absolute, "--baseline", str(folder / "ci" / "base.json"))[0] == 0


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "base.json: error: baseline file not found (create it with --write-baseline)"),
        ("{not json", "base.json:1:2: error: baseline is not valid JSON"),
        ('{"version": 7, "findings": []}', "base.json: error: not a cmlint baseline of version 2 (or 1)"),
        (
            '{"version": 1, "findings": [{"code": "S003"}]}',
            "base.json: error: finding 1 of the baseline needs",
        ),
    ],
)
def test_bad_baseline_is_one_line_and_exit_2(folder, capsys, content, message):
    if content is not None:
        (folder / "base.json").write_text(content)
    code, out, err = run(capsys, "c.md", "--baseline", "base.json")
    assert code == 2 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_text_hash_ignores_wrapping_only():
    assert text_hash("Be  kind\r\nto users.") == text_hash("Be kind to users.")
    assert text_hash("Be kind to users.") != text_hash("Be kind to people.")


def test_load_round_trips(folder, capsys):
    run(capsys, "c.md", "--write-baseline", "base.json")
    baseline = Baseline.load(folder / "base.json")
    assert baseline.root == folder.resolve()


# -- content keys: edits elsewhere never resurface a baselined finding ---------------------------
SECTIONS = """\
# Transparency

- Reveal [?](#missing-a) when asked.
- Keep records [?](#missing-b) of decisions.

# Safety

- Refuse [?](#missing-c) requests for weapons.
"""


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda t: t.replace("# Transparency\n\n", "# Transparency\n\n- A new clean principle.\n"),
            id="insert",
        ),
        pytest.param(
            lambda t: (
                t.replace("- Reveal [?](#missing-a) when asked.\n", "")
                + "- Reveal [?](#missing-a) when asked.\n"
            ),
            id="move-to-another-section",
        ),
        pytest.param(
            lambda t: t.replace(
                "- Reveal [?](#missing-a) when asked.\n- Keep records [?](#missing-b) of decisions.\n",
                "- Keep records [?](#missing-b) of decisions.\n- Reveal [?](#missing-a) when asked.\n",
            ),
            id="reorder",
        ),
        pytest.param(lambda t: t.replace("# Transparency", "# Openness"), id="section-rename"),
        pytest.param(
            lambda t: t.replace("- Keep records [?](#missing-b)", "- Keep full records [?](#missing-b)"),
            id="reworded-neighbour-only-resurfaces-itself",
        ),
        pytest.param(lambda t: "Intro.\n\n" + t.replace("\n- ", "\n\n- "), id="blank-lines-and-a-preamble"),
    ],
)
def test_findings_survive_edits_elsewhere(tmp_path, monkeypatch, capsys, edit):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.md").write_text(SECTIONS)
    assert run(capsys, "c.md", "--write-baseline", "base.json")[0] == 0
    edited = edit(SECTIONS)
    assert edited != SECTIONS
    (tmp_path / "c.md").write_text(edited)
    code, out, _ = run(capsys, "c.md", "--baseline", "base.json", "-q")
    if "full records" in edited:  # the reworded principle's own finding is new; the others are not
        assert code == 1 and len(out.splitlines()) == 1 and "#missing-b" in out, out
    else:
        assert (code, out) == (0, ""), out


def test_version_1_baselines_still_match_on_text(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.md").write_text(SECTIONS)
    run(capsys, "c.md", "--write-baseline", "base.json")
    data = json.loads((tmp_path / "base.json").read_text())
    data["version"] = 1
    for finding in data["findings"]:
        del finding["words"]
    (tmp_path / "base.json").write_text(json.dumps(data))
    assert run(capsys, "c.md", "--baseline", "base.json", "-q")[:2] == (0, "")
