"""Reused findings: identical to a fresh run, and never reused once anything they depend on changed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import cmlint.engine as engine
from cmlint import reuse
from cmlint.cli import main
from cmlint.diagnostics import Diagnostic, Related, Severity
from cmlint.source import Span

ROOT = Path(__file__).resolve().parent.parent
FIRE = ROOT / "tests" / "fixtures" / "vagueness" / "fire.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with a cmlint config (so its cache is .cmlint_cache/) and a real document."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CMLINT_CACHE_DIR", raising=False)
    monkeypatch.setattr(reuse, "_OPENED", set())  # a new process: no files read by earlier tests
    (tmp_path / "cmlint.toml").write_text("fail-on = 'error'\n")
    shutil.copy(FIRE, tmp_path / "c.md")
    return tmp_path


@pytest.fixture
def runs(monkeypatch):
    """How many times the rules ran."""
    counted: list[str] = []
    real = engine.run_rules

    def counting(document, *args, **kwargs):
        counted.append(document.path)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(engine, "run_rules", counting)
    return counted


def _check(capsys, *args: str) -> tuple[str, str]:
    main(["check", "c.md", "--format", "json", "--select", "V,S", *args])
    captured = capsys.readouterr()
    return captured.out, captured.err


def _findings(out: str) -> list[dict]:
    (file,) = json.loads(out)["files"]
    return file["diagnostics"]


def _rewrite(path: Path, text: str) -> None:
    """Write a file so that its modification time surely differs from the recorded one (and is not
    in the future, which would keep any run that read it from being stored)."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(before - 10**10, before - 10**10))


def test_a_second_run_reuses_the_findings_and_prints_the_same(project, runs, capsys):
    first = _check(capsys)
    assert runs == ["c.md"] and _findings(first[0])
    second = _check(capsys)
    assert runs == ["c.md"]  # the rules did not run again
    assert second == first
    fresh = _check(capsys, "--no-cache")
    assert len(runs) == 2 and fresh == first


def test_an_edit_a_new_selection_or_a_config_change_runs_the_rules(project, runs, capsys):
    _check(capsys)
    (project / "c.md").write_text((project / "c.md").read_text() + "\n- The assistant should be nice.\n")
    _check(capsys)
    assert len(runs) == 2
    _check(capsys, "--ignore", "V101")
    assert len(runs) == 3
    (project / "cmlint.toml").write_text("fail-on = 'error'\n[rules.V101]\nseverity = 'error'\n")
    _check(capsys)
    assert len(runs) == 4
    _check(capsys)
    assert len(runs) == 4


def test_a_new_scenarios_file_runs_the_rules(project, runs, capsys):
    _check(capsys)
    _check(capsys)
    assert len(runs) == 1
    (project / "c.scenarios.jsonl").write_text("")
    _check(capsys)
    assert len(runs) == 2


def test_a_file_read_by_a_rule_is_a_dependency(project, runs, capsys):
    (project / "cmlint.toml").write_text("fail-on = 'error'\nterms = ['glossary.txt']\n")
    glossary = project / "glossary.txt"
    glossary.write_text("Sensitive: listed in the data policy.\n")
    out, _ = _check(capsys)
    _check(capsys)
    assert len(runs) == 1
    _rewrite(glossary, "Sensitive: listed in the data policy.\nSerious uplift: see the policy.\n")
    changed, _ = _check(capsys)
    assert len(runs) == 2
    assert len(_findings(changed)) < len(_findings(out))  # a defined term is no longer vague


def test_cmlint_itself_changing_runs_the_rules(project, runs, capsys, monkeypatch):
    import cmlint.daemon.protocol as protocol

    _check(capsys)
    monkeypatch.setattr(protocol, "fingerprint", lambda: "another version")
    _check(capsys)
    assert len(runs) == 2


def test_a_corrupt_entry_runs_the_rules(project, runs, capsys):
    import sqlite3

    first = _check(capsys)
    with sqlite3.connect(project / ".cmlint_cache" / "analyses.sqlite3") as connection:
        connection.execute(
            "UPDATE entries SET value = '{\"files\": {}}' WHERE analysis = ?", (reuse.ANALYSIS,)
        )
    assert _check(capsys) == first
    assert len(runs) == 2


def test_findings_round_trip():
    diagnostic = Diagnostic(
        "C101",
        "deontic-conflict",
        "conflict",
        Severity.WARNING,
        "must and must not",
        Span(3, 9),
        "c.md",
        principle="p1",
        related=(Related(Span(20, 30), "the other", "p2"), Related(Span(1, 2), "elsewhere", None, "d.md")),
        suggestion="say which wins",
        doc_url="file:///rules.md#c101",
        fingerprint="abc:0",
        score=0.75,
        suppressed_by="accepted",
    )
    back = reuse._diagnostic(json.loads(json.dumps(reuse._plain(diagnostic))))
    assert back == diagnostic and back.suppressed_by == "accepted" and back.severity is Severity.WARNING


def test_files_changed_during_the_run_are_not_stored(tmp_path):
    late = tmp_path / "late.txt"
    late.write_text("x")
    since = late.stat().st_mtime_ns - 1
    assert reuse.dependencies({str(late)}, [], None, None, since) is None
    deps = reuse.dependencies({str(late)}, [], tmp_path / "absent.jsonl", None, since + 10**12)
    assert deps == {
        str(late.resolve()): reuse.file_state(str(late)),
        str(tmp_path / "absent.jsonl"): "absent",
    }


def test_only_files_opened_for_reading_are_inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(reuse, "_OPENED", set())
    read, written, raw = tmp_path / "read.txt", tmp_path / "written.txt", tmp_path / "raw.txt"
    read.write_text("x")
    raw.write_text("x")
    with reuse.files_opened() as opened:
        read.read_text()
        written.write_text("y")
        os.close(os.open(raw, os.O_RDONLY))
        os.close(os.open(written, os.O_WRONLY))
    assert {str(read), str(raw)} <= opened and str(written) not in opened
    later = tmp_path / "later.txt"
    later.write_text("z")
    later.read_text()  # outside a run: not recorded
    assert str(later) not in opened


def test_cmlints_fingerprint_is_its_contents_not_its_file_times(tmp_path):
    from cmlint.daemon.protocol import _tree_state

    (tmp_path / "rules").mkdir()
    rule = tmp_path / "rules" / "X1.toml"
    rule.write_text("code = 'X1'\n")
    before = _tree_state(tmp_path, (".toml",))
    os.utime(rule, ns=(10**18, 10**18))  # the same cmlint installed again
    assert _tree_state(tmp_path, (".toml",)) == before
    rule.write_text("code = 'X2'\n")
    assert _tree_state(tmp_path, (".toml",)) != before


def test_the_models_folder_and_the_cache_are_not_inputs(tmp_path, monkeypatch):
    from cmlint.semantic import onnx_encoder

    monkeypatch.setenv(onnx_encoder.MODELS_ENV, str(tmp_path / "models"))
    (tmp_path / "models").mkdir()
    index, cached, terms = tmp_path / "models" / "digests.json", tmp_path / "cache" / "x", tmp_path / "t.txt"
    for path in (index, cached, terms):
        path.parent.mkdir(exist_ok=True)
        path.write_text("{}")
    deps = reuse.dependencies({str(index), str(cached), str(terms)}, [], None, tmp_path / "cache", 10**19)
    assert deps == {str(terms.resolve()): reuse.file_state(str(terms))}
