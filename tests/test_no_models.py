"""`--no-models`: the fast selection that pre-commit's `cmlint-fast` hook runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import cmlint_in_fresh_process

from cmlint.catalogue import load_catalogue
from cmlint.cli import main
from cmlint.config import Config
from tests.fake_models import registry_with_model_rule, write_pack

ROOT = Path(__file__).resolve().parent.parent


def test_config_without_models_deselects_rules_that_need_one():
    rule = load_catalogue().get("S003")
    needy = replace(rule, needs=frozenset({"document", "embeddings"}))
    assert Config().is_selected(needy) and Config().is_selected(rule)
    assert not Config(models=False).is_selected(needy) and Config(models=False).is_selected(rule)
    assert not Config(select=("ALL",), models=False).is_selected(needy)


def test_cli_flag_drops_model_rules_only(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("cmlint.runner.load_builtin_checks", registry_with_model_rule)
    monkeypatch.chdir(write_pack(tmp_path))
    (tmp_path / "c.md").write_text("## Rules\n\n- The assistant must FLAG this.\n- Follow [?](#missing).\n")
    assert main(["check", "c.md", "-q"]) == 1
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["X901", "S003"]
    assert main(["check", "c.md", "-q", "--no-models"]) == 1
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["S003"]


def test_no_models_never_imports_a_model_library(tmp_path):
    (tmp_path / "c.md").write_text("## Rules\n\n- Be kind to users.\n- Be kind to the users.\n- Be honest.\n")
    assert cmlint_in_fresh_process(["check", "c.md", "-q", "--no-models"], tmp_path)[:2] == (0, [])
