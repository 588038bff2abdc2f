"""The pre-commit hooks, for real: a commit in a scratch repository, blocked or let through.

pre-commit installs hooks from a git repository at a commit, so the test snapshots this
working tree (committed or not) into a scratch repository first. The hook's environment is
built by pre-commit itself (virtualenv + pip install of this checkout), which needs the
package index; PRE_COMMIT_HOME is a temporary folder, so nothing is shared with the user.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import cfgv
import pytest
import yaml
from pre_commit.clientlib import MANIFEST_HOOK_DICT

ROOT = Path(__file__).resolve().parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".cmlint_cache",
    "tests",
    "bench",
    "editors",
    "*.egg-info",
    "build",
    "dist",
)

BAD = "# Constitution\n\n## Rules\n\n- Follow [?](#missing).\n"
GOOD = "# Constitution\n\n## Rules\n\n- The assistant does not deceive the user.\n"


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def _git(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def _snapshot(tmp: Path, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree as a one-commit repository; returns it and the commit."""
    clone = tmp / "cmlint-snapshot"
    shutil.copytree(ROOT, clone, ignore=IGNORED)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "snapshot")):
        assert _git(clone, env, *args).returncode == 0
    return clone, _git(clone, env, "rev-parse", "HEAD").stdout.strip()


def test_hook_manifest_is_what_pre_commit_expects():
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert (
        by_id["cmlint"]["entry"] == "cmlint check"
        and by_id["cmlint-fast"]["entry"] == "cmlint check --no-models"
    )
    pattern = re.compile(by_id["cmlint"]["files"])
    for name in (
        "constitution.md",
        "docs/Model_Spec_2025.md",
        "principles.yaml",
        "policy-v2.json",
        "ai/guidelines.txt",
        "team/constitution.csv",
    ):
        assert pattern.search(name), name
    for name in ("README.md", "policy/notes.md", "constitution.py", "constitution.md.bak"):
        assert not pattern.search(name), name
    for hook in HOOKS:
        cfgv.validate(hook, MANIFEST_HOOK_DICT)


@pytest.mark.slow
def test_a_bad_principle_blocks_the_commit_and_a_clean_one_passes(tmp_path):
    env = _env(tmp_path)
    snapshot, commit = _snapshot(tmp_path, env)
    project = tmp_path / "project"
    project.mkdir()
    assert _git(project, env, "init", "-q").returncode == 0
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {commit}\n    hooks:\n      - id: cmlint-fast\n"
    )
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr

    (project / "notes.md").write_text(BAD)  # not a constitution by name: the hook leaves it alone
    _git(project, env, "add", "-A")
    passed = _git(project, env, "commit", "-q", "-m", "notes")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    (project / "constitution.md").write_text(BAD)
    _git(project, env, "add", "constitution.md")
    blocked = _git(project, env, "commit", "-q", "-m", "bad")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "constitution.md:5:10: S003 [error] anchor '#missing' names nothing in this document" in output
    assert _git(project, env, "log", "--format=%s").stdout.split() == ["notes"]

    (project / "constitution.md").write_text(GOOD)
    _git(project, env, "add", "constitution.md")
    clean = _git(project, env, "commit", "-q", "-m", "good")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert _git(project, env, "log", "--format=%s").stdout.split() == ["good", "notes"]
