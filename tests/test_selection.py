"""Rule selection cannot turn a run green by accident: unknown codes are errors, names are aliases."""

from __future__ import annotations

import pytest

from cmlint.catalogue import load_catalogue
from cmlint.cli import main
from cmlint.config import UnknownSelector, resolve_selectors

CATALOGUE = load_catalogue()
DOC = "## Rules\n\n- Follow [?](#missing).\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.md").write_text(DOC)
    return tmp_path


def run(capsys, *args):
    code = main(["check", "--no-models", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "option,value,message",
    [
        ("--select", "V1O1", "--select: unknown rule code, prefix or name 'V1O1' (did you mean 'V101'?)"),
        ("--select", "Q7", "--select: unknown rule code, prefix or name 'Q7'; codes start with"),
        ("--ignore", "S0O3", "--ignore: unknown rule code, prefix or name 'S0O3' (did you mean 'S003'?)"),
        ("--extend-select", "dangling-referense", "(did you mean 'dangling-reference'?)"),
        ("--select", "S003,S9", "unknown rule code, prefix or name 'S9'"),
    ],
)
def test_unknown_selector_on_the_command_line_is_exit_2(folder, capsys, option, value, message):
    code, out, err = run(capsys, "c.md", "--isolated", option, value)
    assert code == 2 and out == ""
    assert err.startswith("cmlint: error: ") and message in err, err
    assert len(err.strip().splitlines()) == 1


def test_rule_names_are_aliases_of_codes(folder, capsys):
    by_code = run(capsys, "c.md", "--isolated", "--select", "S003", "-q")
    by_name = run(capsys, "c.md", "--isolated", "--select", "dangling-reference", "-q")
    assert by_code == by_name and by_code[0] == 1 and "S003" in by_code[1]
    assert run(capsys, "c.md", "--isolated", "--ignore", "Dangling-Reference", "-q")[0] == 0


def test_spaces_separate_selectors_like_commas(folder, capsys):
    assert run(capsys, "c.md", "--isolated", "--select", "S005 S003", "-q") == run(
        capsys, "c.md", "--isolated", "--select", "S005,S003", "-q"
    )


@pytest.mark.parametrize(
    "config,line,message",
    [
        ('select = ["Q7"]\n', 1, "select: unknown rule code, prefix or name 'Q7'"),
        ('fail-on = "error"\nignore = ["S", "V1O1"]\n', 2, "(did you mean 'V101'?)"),
        ('[per-file-ignores]\n"*.md" = ["S00X"]\n', 2, "unknown rule code, prefix or name 'S00X'"),
        ("[rules.S0O5]\nseverity = 'error'\n", 1, "no rule has the code S0O5 (did you mean 'S005'?)"),
    ],
)
def test_unknown_selector_in_a_config_names_the_file_and_line(folder, capsys, config, line, message):
    (folder / "cmlint.toml").write_text(config)
    code, out, err = run(capsys, "c.md")
    assert code == 2 and out == ""
    assert err.startswith(f"{folder / 'cmlint.toml'}:{line}: error: ") and message in err, err


def test_rule_names_in_a_config(folder, capsys):
    (folder / "cmlint.toml").write_text(
        'select = ["empty-section"]\n[rules.dangling-reference]\nseverity = "info"\n'
    )
    code, out, _ = run(capsys, "c.md", "-q")
    assert code == 0 and out == ""
    (folder / "cmlint.toml").write_text(
        'select = ["dangling-reference"]\n[rules.dangling-reference]\nseverity = "info"\n'
    )
    code, out, _ = run(capsys, "c.md", "-q")
    assert code == 0 and "S003 [info]" in out


def test_resolve_selectors():
    assert resolve_selectors(("all", "s", "v101", "vague-qualifier"), CATALOGUE) == (
        "ALL",
        "S",
        "V101",
        "V101",
    )
    with pytest.raises(UnknownSelector, match="did you mean 'V101'"):
        resolve_selectors(("V1O1",), CATALOGUE)
    with pytest.raises(UnknownSelector, match="codes start with C, F, G, O, S, V"):
        resolve_selectors(("Z",), CATALOGUE)


def test_report_checks_selectors_too(folder, capsys):
    assert main(["report", "c.md", "--isolated", "--no-models", "--select", "V1O1"]) == 2
    assert "did you mean 'V101'" in capsys.readouterr().err
