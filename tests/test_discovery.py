"""Folder mode: the constitutions decide the run; files beside them are skipped with a note."""

from __future__ import annotations

import pytest

from cmlint.cli import main

BAD = "## Rules\n\n- Follow [?](#missing).\n"
GOOD = "## Rules\n\n- The assistant must not deceive the user.\n"


def run(capsys, *args):
    code = main(["check", "--isolated", "--no-models", "-q", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "constitution.md").write_text(GOOD)
    (docs / "README.md").write_text(BAD)
    (docs / "package.json").write_text('{"name": "site", "version": "1.0.0", "private": true}\n')
    (docs / "settings.yaml").write_text("port: 8080\ndebug: false\n")
    return docs


def test_stray_files_are_skipped_with_a_note_and_do_not_decide_the_exit_code(project, capsys):
    code, out, err = run(capsys, "docs")
    assert code == 0 and out == ""
    notes = sorted(err.strip().splitlines())
    assert notes == [
        "docs/README.md: note: not a constitution: skipped (name it on the command line to check it)",
        "docs/package.json: note: not a constitution: skipped (name it on the command line to check it)",
        "docs/settings.yaml: note: not a constitution: skipped (no principles found in YAML: expected an "
        "array of strings, or objects with fields such as definition, principle, text, critique or revision)",
    ]


def test_findings_in_the_real_constitution_still_fail(project, capsys):
    (project / "constitution.md").write_text(BAD)
    code, out, _ = run(capsys, "docs")
    assert code == 1 and "docs/constitution.md:3:10: S003" in out and "README" not in out


def test_a_file_named_on_the_command_line_is_checked_whatever_its_name(project, capsys):
    assert run(capsys, "docs/README.md")[0] == 1
    code, _, err = run(capsys, "docs/settings.yaml")
    assert code == 2 and err.startswith("docs/settings.yaml: error: no principles found in YAML")


def test_a_broken_constitution_found_in_a_folder_is_still_an_error(project, capsys):
    (project / "principles.json").write_text('["Be kind.",]')
    code, _, err = run(capsys, "docs")
    assert code == 2 and "docs/principles.json:1:13: error: invalid JSON: trailing comma" in err


def test_a_folder_of_only_stray_files_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "tsconfig.yaml").write_text("strict: true\n")
    code, _, err = run(capsys, "site")
    assert (
        code == 2
        and err.strip().splitlines()[-1] == "cmlint: error: none of the files found is a constitution"
    )
