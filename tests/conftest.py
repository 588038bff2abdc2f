"""Shared test helpers: lint a snippet and compare codes, printing input and output on failure."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from cmlint.catalogue import Catalogue, load_catalogue
from cmlint.config import Config
from cmlint.diagnostics import Diagnostic
from cmlint.engine import FileResult, check_source
from cmlint.model import Document
from cmlint.parse import ImportOptions, parse_document
from cmlint.source import Source

# Analyses cache into the user's cache folder when no config says otherwise: keep the suite's
# cache out of the real home (one folder for the session, so models are not re-run per test).
os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="cmlint-test-cache-"))
# Every run in-process, whatever the developer's environment says: the worker has its own tests
# (test_daemon.py), which switch it on with a private runtime folder.
os.environ["CMLINT_DAEMON"] = "off"

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
FIXTURES = TESTS / "fixtures"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


_CATALOGUE: Catalogue | None = None


def _shared_catalogue() -> Catalogue:
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = load_catalogue()
    return _CATALOGUE


def parse(text: str, path: str = "test.md", **options: str) -> Document:
    return parse_document(Source(path, textwrap.dedent(text).lstrip("\n")), ImportOptions(**options))


def check(
    text: str, path: str = "test.md", select: tuple[str, ...] = ("ALL",), **config: object
) -> FileResult:
    source = Source(path, textwrap.dedent(text).lstrip("\n"))
    return check_source(source, Config(select=select, **config), _shared_catalogue())  # type: ignore[arg-type]


def codes(text: str, *, select: tuple[str, ...] = ("ALL",), path: str = "test.md") -> list[str]:
    return [d.code for d in check(text, path, select).diagnostics]


def assert_codes(text: str, *expected: str, select: tuple[str, ...] = ("ALL",)) -> list[Diagnostic]:
    """pyflakes' `flakes()`: the codes found must be exactly `expected`, in order of position."""
    result = check(text, select=select)
    found = [d.code for d in result.diagnostics]
    if found != list(expected):
        shown = "\n".join(
            f"  {d.code} {result.source.position(d.span.start)} {d.message}" for d in result.diagnostics
        )
        raise AssertionError(
            f"expected {list(expected)}, found {found}\n"
            f"--- input ---\n{result.source.text}\n--- found ---\n{shown}"
        )
    return result.diagnostics


HEAVY_LIBRARIES = ("spacy", "thinc", "torch", "sentence_transformers", "transformers", "onnxruntime")
_PROBE = """
import json, sys
from cmlint.cli import main
code = main({args!r})
print(json.dumps([code, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


def cmlint_in_fresh_process(args: list[str], cwd: Path, **env: str) -> tuple[int, list[str], str]:
    """Run `cmlint ARGS` in a new interpreter: its exit code, the heavy libraries it imported,
    and what it printed.

    A fresh process is the only honest way to prove what a run imports (pre-commit pays for
    every import on every commit).
    """
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(args=args, heavy=HEAVY_LIBRARIES)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(TESTS.parent), **env},
        timeout=180,
    )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    code, heavy = json.loads(lines[-1])
    return code, heavy, done.stdout


def git(folder: Path, *args: str) -> str:
    """Run git in a folder (the test repositories of `git_repo`)."""
    import subprocess

    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository in the test's folder, which becomes the working directory; identity
    and config come from the environment only, so the user's git config plays no part."""
    for key, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path
