"""The pre-commit hooks, for real: a commit in a scratch repository, blocked or let through.

pre-commit installs hooks from a git repository at a commit, so the test snapshots this
working tree (committed or not) into a scratch repository first. The hook's environment is
built by pre-commit itself (virtualenv + pip install of this checkout), which needs the
package index; PRE_COMMIT_HOME is a temporary folder, so nothing is shared with the user.
"""

from __future__ import annotations

import json
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


def _readme_snippets() -> list[str]:
    """The YAML blocks of README's Pre-commit section, as a user copies them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def test_readme_snippets_are_valid_pre_commit_configs():
    from pre_commit.clientlib import CONFIG_SCHEMA

    local, remote = _readme_snippets()
    for snippet in (local, remote):
        cfgv.validate(yaml.safe_load(snippet), CONFIG_SCHEMA)
    assert yaml.safe_load(local)["repos"][0]["repo"] == "local"
    assert "v0.1.0" not in remote  # no made-up release


def test_the_model_hook_pins_torch_through_the_constraints():
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert by_id["cmlint"]["additional_dependencies"][:2] == ["-c", "constraints.txt"]
    assert re.search(r"^torch==\S+$", (ROOT / "constraints.txt").read_text(), re.M)


def _install(project: Path, env: dict[str, str]) -> None:
    assert _git(project, env, "init", "-q").returncode == 0
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr


def _blocks_bad_and_passes_good(project: Path, env: dict[str, str]) -> None:
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


@pytest.mark.slow
def test_the_readme_remote_snippet_blocks_a_bad_principle(tmp_path):
    """The README's second snippet, with this working tree's snapshot as the repository and commit."""
    env = _env(tmp_path)
    snapshot, commit = _snapshot(tmp_path, env)
    remote = _readme_snippets()[1]
    url, rev = re.search(r"repo: (\S+)", remote).group(1), re.search(r"rev: (\S+)", remote).group(1)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".pre-commit-config.yaml").write_text(remote.replace(url, str(snapshot)).replace(rev, commit))
    _install(project, env)
    _blocks_bad_and_passes_good(project, env)


@pytest.mark.slow
def test_the_readme_local_snippet_blocks_a_bad_principle(tmp_path):
    """The README's first snippet as written, in a project whose .venv holds cmlint (this one's)."""
    env = _env(tmp_path)
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "cmlint").symlink_to(Path(sys.executable).parent / "cmlint")
    (project / ".gitignore").write_text(".venv/\n")
    (project / ".pre-commit-config.yaml").write_text(_readme_snippets()[0])
    _install(project, env)
    _blocks_bad_and_passes_good(project, env)


@pytest.mark.slow
def test_the_model_hook_environment_resolves_the_cpu_torch(tmp_path):
    """What pre-commit would install for the `cmlint` hook, resolved by pip in cmlint's checkout."""
    env = _env(tmp_path)
    snapshot, _ = _snapshot(tmp_path, env)
    deps = {hook["id"]: hook for hook in HOOKS}["cmlint"]["additional_dependencies"]
    report = tmp_path / "report.json"
    pip = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--ignore-installed",
        "-q",
        "--report",
        str(report),
    ]
    resolved = subprocess.run(
        [*pip, ".", *deps],
        cwd=snapshot,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resolved.returncode == 0, resolved.stderr[-2000:]
    versions = {
        i["metadata"]["name"]: i["metadata"]["version"] for i in json.loads(report.read_text())["install"]
    }
    pinned = re.search(r"^torch==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M).group(1)
    assert versions["torch"].split("+")[0] == pinned
    assert {"spacy", "sentence-transformers", "cmlint"} <= set(versions)
