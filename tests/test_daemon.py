"""The background worker: the same results as an in-process run, private, never stale, never in the way."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cmlint.daemon import client, protocol
from tests.conftest import CORPUS, TESTS

pytestmark = pytest.mark.skipif(not client.supported(), reason="the worker needs fork and Unix sockets")

GUIDELINES = CORPUS / "open-assistant-guidelines" / "guidelines.md"


def cmlint(args: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "cmlint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr


def environment(mode: str, runtime: Path, **extra: str) -> dict[str, str]:
    """This test process's environment with cmlint's worker mode and runtime folder set."""
    env = {
        **os.environ,
        "PYTHONPATH": str(TESTS.parent),
        "CMLINT_DAEMON": mode,
        "CMLINT_RUNTIME_DIR": str(runtime),
    }
    env.pop("CI", None)
    return {**env, **extra}


@pytest.fixture
def worker_env(tmp_path: Path):
    """An environment whose runs use a worker in a private runtime folder, started (it says so on
    stderr, once) and stopped after."""
    env = environment("on", tmp_path / "run", CMLINT_CACHE_DIR=str(tmp_path / "cache"))
    code, _, err = cmlint(["daemon", "start"], env, tmp_path)
    assert code == 0 and "starting a background worker" in err
    yield env
    cmlint(["daemon", "stop"], env, tmp_path)


def in_process(env: dict[str, str]) -> dict[str, str]:
    return {**env, "CMLINT_DAEMON": "off"}


def test_results_are_those_of_an_in_process_run(worker_env, tmp_path):
    # a real constitution, every default rule (models included), JSON out, from another folder
    target = tmp_path / "docs" / "constitution.md"
    target.parent.mkdir()
    target.write_bytes(GUIDELINES.read_bytes())
    args = ["check", "docs/constitution.md", "--format", "json"]
    through_worker = cmlint(args, worker_env, tmp_path)
    alone = cmlint(args, in_process(worker_env), tmp_path)
    assert through_worker == alone
    assert (
        through_worker[0] == 1
        and '"code": "O101"' in through_worker[1]
        and '"code": "V1' in through_worker[1]
    )
    code, out, _ = cmlint(["daemon", "status"], worker_env, tmp_path)
    assert code == 0 and "1 runs served" in out and "(current)" in out
    worker, run = map(int, re.search(r"worker (\d+) MiB, largest run (\d+) MiB", out).groups())
    assert worker > 0 and run > 0
    assert cmlint(args, worker_env, tmp_path) == alone  # no second start, no note


def test_stdin_exit_codes_and_user_errors_pass_through(worker_env, tmp_path):
    text = "- The assistant must never reveal a user's address.\n- The assistant should be helpful.\n"
    args = ["check", "-", "--stdin-filename", "c.md", "--select", "V", "-q"]
    assert cmlint(args, worker_env, tmp_path, stdin=text) == cmlint(
        args, in_process(worker_env), tmp_path, text
    )
    code, out, err = cmlint(["check", "missing.md"], worker_env, tmp_path)
    assert code == 2 and out == "" and err.count("\n") == 1 and "missing.md" in err


def test_several_clients_at_once(worker_env, tmp_path):
    files = []
    for n in range(3):
        path = tmp_path / f"c{n}.md"
        path.write_text(f"- The assistant must answer within {n + 1} seconds.\n- Be helpful, etc.\n")
        files.append(path)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cmlint", "check", str(p), "-q", "--select", "V104"],
            stdout=subprocess.PIPE,
            text=True,
            env=worker_env,
        )
        for p in files
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    for path, out in zip(files, outputs, strict=True):
        assert f"{path}:2:" in out and "V104" in out


def test_a_stale_worker_exits_and_the_next_run_starts_a_fresh_one(worker_env, tmp_path, monkeypatch):
    monkeypatch.setenv("CMLINT_RUNTIME_DIR", worker_env["CMLINT_RUNTIME_DIR"])
    path = protocol.socket_path()
    with socket.socket(socket.AF_UNIX) as connection:
        connection.connect(str(path))
        protocol.send(connection, {"command": "status"})
        first = protocol.receive(connection)[0]["pid"]
    with socket.socket(socket.AF_UNIX) as connection:  # what a client of another cmlint version sends
        connection.connect(str(path))
        protocol.send(connection, {"argv": ["check"], "fingerprint": "another version"}, fds=[0, 1, 2])
        assert protocol.receive(connection)[0] == {"stale": True}
    deadline = time.monotonic() + 10
    while client.worker_alive(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not client.worker_alive(path)
    target = tmp_path / "c.md"
    target.write_text("- Be helpful, etc.\n")
    assert "V104" in cmlint(["check", str(target), "-q", "--select", "V104"], worker_env, tmp_path)[1]
    code, out, _ = cmlint(["daemon", "status"], worker_env, tmp_path)
    assert code == 0 and f"pid {first}," not in out


def test_a_folder_others_can_enter_is_not_used(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    env = environment("on", shared)
    target = tmp_path / "c.md"
    target.write_text("- Be helpful, etc.\n")
    code, out, _ = cmlint(["check", str(target), "-q", "--select", "V104"], env, tmp_path)
    assert code == 0 and "V104" in out  # ran in-process
    assert list(shared.iterdir()) == []
    code, _, err = cmlint(["daemon", "start"], env, tmp_path)
    assert code == 2 and "not private" in err and err.count("\n") == 1


def test_auto_mode_starts_no_worker_in_ci_for_no_models_or_for_help(tmp_path):
    runtime = tmp_path / "run"
    env = environment("auto", runtime)
    target = tmp_path / "c.md"
    target.write_text("- Be helpful, etc.\n")
    assert cmlint(["check", str(target), "-q", "--no-models"], {**env, "CI": ""}, tmp_path)[0] == 0
    code, out, err = cmlint(["check", "--help"], env, tmp_path)
    assert code == 0 and "Usage" in out and "background worker" not in err
    assert "V104" in cmlint(["check", str(target), "-q"], {**env, "CI": "true"}, tmp_path)[1]
    assert not list(runtime.glob("*.sock"))
    assert cmlint(["daemon", "status"], env, tmp_path)[0] == 1


def test_mode_flags_win_over_the_environment(monkeypatch):
    monkeypatch.setenv(client.MODE_ENV, "on")
    assert client.mode(["check", "--no-daemon"]) == "off"
    monkeypatch.setenv(client.MODE_ENV, "off")
    assert client.mode(["check", "--daemon"]) == "on"
    assert client.forward(["check", "x.md"]) is None
    monkeypatch.setenv(client.MODE_ENV, "on")
    assert client.forward(["rules"]) is None  # only `check` is forwarded


def test_the_worker_warms_up_on_a_constitution_of_its_own_and_writes_no_cache(tmp_path, monkeypatch):
    from cmlint.daemon import server

    monkeypatch.setenv("CMLINT_CACHE_DIR", str(tmp_path / "cache"))
    result = server.warm_up()
    assert "C101" in {d.code for d in result.diagnostics}  # the rules ran, the conflict engine too
    assert not (tmp_path / "cache").exists()
