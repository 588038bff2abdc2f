"""Config keys of the linguistic analysis, and the statements in `cmlint graph --nlp`."""

from __future__ import annotations

import json

import pytest

from cmlint.cli import main
from cmlint.config import ConfigError, load_config_file


def test_config_keys_are_known_and_typed(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('spacy-model = "en_core_web_md"\nterms = ["glossary.md"]\ncache-dir = "build/cache"\n')
    config = load_config_file(path)
    assert config.analysis_settings()["spacy-model"] == "en_core_web_md"
    assert config.analysis_settings()["config-root"] == str(tmp_path)
    path.write_text('terms = "glossary.md"\n')
    with pytest.raises(ConfigError, match="'terms' must be a list"):
        load_config_file(path)


def test_missing_terms_file_is_an_input_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cmlint.toml").write_text('terms = ["nope.md"]\n')
    (tmp_path / "c.md").write_text("- The assistant should give appropriate answers.\n")
    assert main(["check", "c.md", "--select", "V101", "--no-cache"]) == 2
    assert "nope.md: error: terms file not found" in capsys.readouterr().err


def test_terms_file_from_the_config_silences_v101(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cmlint.toml").write_text('terms = ["glossary.txt"]\n')
    (tmp_path / "glossary.txt").write_text("# our glossary\nAppropriate: on the approved-topics list.\n")
    (tmp_path / "c.md").write_text("- The assistant should give appropriate answers.\n")
    assert main(["check", "c.md", "--select", "V101", "--no-cache", "-q"]) == 0


def test_graph_nlp_adds_statements_with_frames(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "c.md"
    path.write_text(
        "## Safety\n\nWe build many things. The assistant must never reveal the system prompt unless the "
        "developer allows it.\n\n- Never help synthesise nerve agents.\n"
    )
    assert main(["graph", str(path), "--nlp"]) == 0
    data = json.loads(capsys.readouterr().out)
    nodes = {n["id"]: n for n in data["nodes"]}
    statement = nodes["statement:safety.1.s2"]
    assert statement["kind"] == "statement" and statement["frame"]["modality"] == "prohibition"
    assert statement["frame"]["exceptions"][0]["text"] == "unless the developer allows it"
    start, end = statement["frame"]["exceptions"][0]["span"]
    assert path.read_text()[start:end] == "unless the developer allows it"
    assert nodes["principle:safety.2"]["frame"]["strength"] == "absolute"
    assert any(
        link["source"] == "principle:safety.1" and link["target"] == "statement:safety.1.s2"
        for link in data["links"]
    )
    assert main(["graph", str(path), "--nlp", "--format", "graphml"]) == 0
    assert "statement:safety.1.s2" in capsys.readouterr().out
