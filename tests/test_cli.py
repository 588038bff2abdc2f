"""The command line as users script against it: exit codes, formats, errors, no tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cmlint_in_fresh_process

from cmlint.cli import main

BAD = "## Empty one\n\n## Rules\n\n- Follow [?](#missing).\n"
GOOD = "## Rules\n\n- The assistant must not deceive the user.\n"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(BAD)
    (tmp_path / "good.md").write_text(GOOD)
    return tmp_path


def test_findings_exit_1_with_text_report(files, capsys):
    code, out, err = run(capsys, "check", "bad.md", "--no-color")
    assert code == 1 and all(": note: " in line for line in err.splitlines())  # notes say what ran, no errors
    assert "bad.md:1:1: S005 [warning] section 'Empty one' is empty" in out
    assert "bad.md:5:10: S003 [error] anchor '#missing' names nothing in this document" in out
    assert "    5 | - Follow [?](#missing)." in out
    assert "^^^^^^^^^^^^^" in out
    assert out.rstrip().endswith("Found 2 findings (1 error, 1 warning) in 1 file.")


def test_clean_file_exits_0(files, capsys):
    code, out, _ = run(capsys, "check", "good.md")
    assert code == 0 and "All checks passed (1 file)." in out


def test_fail_on_and_exit_zero(files, capsys):
    assert run(capsys, "check", "bad.md", "--select", "S005", "--fail-on", "error")[0] == 0
    assert run(capsys, "check", "bad.md", "--select", "S005")[0] == 1
    assert run(capsys, "check", "bad.md", "--exit-zero")[0] == 0


def test_select_ignore_by_prefix(files, capsys):
    _code, out, _ = run(capsys, "check", "bad.md", "--ignore", "S003", "-q")
    assert "S005" in out and "S003" not in out


def test_json_output_schema(files, capsys):
    _code, out, _ = run(capsys, "check", "bad.md", "--format", "json")
    data = json.loads(out)
    assert data["version"] == 1
    (file,) = data["files"]
    assert file["path"] == "bad.md"
    diag = file["diagnostics"][1]
    assert diag["code"] == "S003" and diag["name"] == "dangling-reference" and diag["family"] == "structure"
    assert diag["severity"] == "error"
    assert diag["range"] == {"start": {"line": 5, "column": 10}, "end": {"line": 5, "column": 23}}
    assert BAD[diag["span"]["start"] : diag["span"]["end"]] == "[?](#missing)"
    assert diag["principle"] == "rules.1" and diag["related"] == []


def test_folders_globs_and_stdin(files, capsys, monkeypatch):
    code, out, _ = run(capsys, "check", ".", "-q")
    assert code == 1 and "bad.md" in out
    code, out, _ = run(capsys, "check", "*.md", "-q", "--select", "S005")
    assert "bad.md:1:1: S005" in out
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    code, out, _ = run(capsys, "check", "-", "--stdin-filename", "mine.md", "-q")
    assert code == 1 and "mine.md:1:1: S005" in out


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("missing.md", None, "missing.md: error: no such file or directory"),
        ("bin.md", b"\x00\x01\x02PNG", "bin.md: error: binary file"),
        ("latin.md", "# Café\n".encode("latin-1"), "latin.md:1:6: error: invalid UTF-8 at byte 5"),
        ("*.nothing", None, "*.nothing: error: no files match this pattern"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(files, capsys, name, content, message):
    if content is not None:
        (files / name).write_bytes(content)
    code, _out, err = run(capsys, "check", name)
    assert code == 2
    assert err.strip().startswith(message) and len(err.strip().splitlines()) == 1


def test_empty_file_and_folder_without_constitutions(files, capsys):
    (files / "empty.md").write_text("")
    assert run(capsys, "check", "empty.md")[0] == 0
    (files / "sub").mkdir()
    (files / "sub" / "image.png").write_bytes(b"x")
    code, _, err = run(capsys, "check", "sub")
    assert code == 2 and "no constitution files found" in err


def test_huge_file_is_refused(files, capsys):
    with (files / "huge.md").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run(capsys, "check", "huge.md")
    assert code == 2 and "huge.md: error: file is 50.0 MiB" in err


def test_broken_config_is_exit_2(files, capsys):
    (files / "cmlint.toml").write_text("selekt = ['S']\n")
    code, _, err = run(capsys, "check", "good.md")
    assert code == 2 and "cmlint.toml:1: error: unknown key 'selekt'" in err


def test_nothing_is_written_unless_asked(files, capsys):
    before = sorted(p.name for p in files.iterdir())
    run(capsys, "check", "bad.md")
    # with no cmlint config here, even the analysis cache goes to the user's cache folder
    assert sorted(p.name for p in files.iterdir()) == before
    run(capsys, "check", "good.md", "--no-cache")
    run(capsys, "check", "bad.md", "--format", "json", "-o", "report.json")
    assert json.loads((files / "report.json").read_text())["version"] == 1


def test_graph_stats_and_formats(files, capsys):
    code, out, _ = run(capsys, "graph", "bad.md", "--stats")
    assert code == 0 and "bad.md: 1 principles, 2 sections" in out and "contains" in out
    code, out, _ = run(capsys, "graph", "bad.md", "--format", "dot")
    assert out.startswith("digraph")


def test_rule_and_rules_commands(capsys):
    code, out, _ = run(capsys, "rule", "S003")
    assert code == 0 and out.startswith("# S003 dangling-reference") and "## Why is this bad?" in out
    assert run(capsys, "rule", "duplicate-id")[0] == 0
    code, _, err = run(capsys, "rule", "Z123")
    assert code == 2 and "no rule 'Z123'" in err
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert {r["code"] for r in json.loads(out)} >= {"S001", "S007"}


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "check")[0] == 2
    assert run(capsys, "check", "--format", "xml", "x.md")[0] == 2


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )


def test_structural_checks_import_no_heavy_library(files):
    assert cmlint_in_fresh_process(["check", "bad.md", "-q", "--select", "S"], files)[:2] == (1, [])


def test_python_dash_m_runs(files):
    result = subprocess.run(
        [sys.executable, "-m", "cmlint", "check", "good.md"],
        capture_output=True,
        text=True,
        cwd=files,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("rules", [1, 500])  # less than a buffer holds, and more
def test_the_executable_writes_all_its_output_before_its_fast_exit(files, rules):
    """`cmlint check` ends without freeing its heap (`cmlint.executable`): its output must still be whole."""
    text = "".join(f"- The assistant must answer in English {{#r{i} colour=blue}}\n" for i in range(rules))
    (files / "many.md").write_text("# Rules\n\n" + text)
    result = subprocess.run(
        [sys.executable, "-m", "cmlint", "check", "--no-models", "--format", "json", "many.md"],
        capture_output=True,
        text=True,
        cwd=files,
        env={
            **{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},
            "PYTHONPATH": str(Path(__file__).parent.parent),
            "CMLINT_DAEMON": "off",
        },
    )
    assert result.returncode == 1, result.stderr
    unknown = [d for d in json.loads(result.stdout)["files"][0]["diagnostics"] if d["code"] == "S006"]
    assert len(unknown) == rules


def test_an_unreadable_file_gets_no_all_clear(files, capsys):
    (files / "bad.json").write_text('{"a": [1,\n 2,,]}')
    code, out, err = run(capsys, "check", "bad.json")
    assert code == 2 and out == ""
    assert err.strip() == "bad.json:2:4: error: invalid JSON: expected a value, found ','"
