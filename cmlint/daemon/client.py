"""The client side: hand a `cmlint check` command line to the worker, starting it on demand.

`CMLINT_DAEMON` (or `--daemon` / `--no-daemon` on `check`) chooses:
- `auto` (the default): use a running worker; start one for a run that may need models (not for
  `--no-models`); never in CI (`CI` set), where a run is one-off and a worker would outlive it;
- `on`: always use (and start) a worker;
- `off`: always run in-process.
Whenever a worker cannot serve (no fork or Unix sockets on this system, a folder that is not
private, a worker that does not come up), the command runs in-process, as if there were none.
This module imports only the standard library: it runs before anything else of cmlint loads.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cmlint.daemon.protocol import DaemonUnavailable, fingerprint, receive, runtime_dir, send, socket_path

MODE_ENV = "CMLINT_DAEMON"
MODES = ("auto", "on", "off")
START_SECONDS = 180.0  # the first start may export the embedding model (about 20 s) and load both models
FORWARDED = ("check",)
HELP = ("--help", "-h")  # help is printed in-process at once: never worth a worker


def mode(argv: list[str]) -> str:
    if "--no-daemon" in argv:
        return "off"
    if "--daemon" in argv:
        return "on"
    value = os.environ.get(MODE_ENV, "auto").strip().lower() or "auto"
    return value if value in MODES else "auto"


def supported() -> bool:
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


def _connect(path: Path) -> socket.socket | None:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        return None
    return connection


def lock_path(path: Path) -> Path:
    return path.with_suffix(".lock")


def worker_alive(path: Path) -> bool:
    """True while a worker holds the lock of this socket (starting or serving)."""
    try:
        with open(lock_path(path), "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    except BlockingIOError:
        return True
    except OSError:
        return False


def spawn_worker(path: Path) -> None:
    """Start a worker in its own session (it outlives this process), logging to a file beside its socket.

    Said on stderr, once: a process that stays behind after a command is something a user should know.
    """
    print(
        "cmlint: starting a background worker that keeps the models loaded for the next runs "
        "(ends after 30 idle minutes or 'cmlint daemon stop'; CMLINT_DAEMON=off runs without one)",
        file=sys.stderr,
    )
    log = path.with_suffix(".log")
    with open(log, "ab") as handle:
        subprocess.Popen(
            [sys.executable, "-m", "cmlint", "daemon", "run"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=handle,
            start_new_session=True,
            close_fds=True,
        )


def connect(start: bool, timeout: float = START_SECONDS) -> socket.socket | None:
    """A connection to this environment's worker; with `start`, one is started when none runs."""
    path = socket_path()
    connection = _connect(path)
    if connection is not None or not start:
        return connection
    if not worker_alive(path):
        spawn_worker(path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.05)
        connection = _connect(path)
        if connection is not None:
            return connection
    return None


def ask(command: str, start: bool = False) -> dict[str, Any] | None:
    """The worker's answer to a control command ("status", "stop"); None when no worker runs."""
    connection = connect(start)
    if connection is None:
        return None
    with connection:
        send(connection, {"command": command})
        return receive(connection)[0]


def _wait_for_exit(connection: socket.socket, pid: int) -> int:
    """The child's exit code; Ctrl-C here interrupts the child, as it would an in-process run."""
    while True:
        try:
            reply, _ = receive(connection)
            return int(reply["exit"])
        except KeyboardInterrupt:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGINT)
        except (OSError, ValueError, KeyError, ConnectionError):
            print(
                "cmlint: error: the background worker stopped without an exit code "
                "(CMLINT_DAEMON=off runs without it)",
                file=sys.stderr,
            )
            return 3


def forward(argv: list[str]) -> int | None:
    """Run `cmlint ARGV` in the worker and return its exit code; None to run it in-process."""
    chosen = mode(argv)
    if chosen == "off" or not argv or argv[0] not in FORWARDED or not supported():
        return None
    if any(flag in argv for flag in HELP):
        return None
    if chosen == "auto" and os.environ.get("CI"):
        return None
    start = chosen == "on" or "--no-models" not in argv
    try:
        runtime_dir()
        ours = ""
        for _ in range(2):  # a stale worker exits: the second try starts a fresh one
            connection = connect(start)
            if connection is None:
                return None
            ours = ours or fingerprint()  # only once there is a worker to compare it with
            with connection:
                request = {
                    "argv": argv,
                    "cwd": os.getcwd(),
                    "env": dict(os.environ),
                    "fingerprint": ours,
                }
                send(connection, request, fds=[0, 1, 2])
                reply, _ = receive(connection)
                if reply.get("stale"):
                    _wait_gone(socket_path())
                    continue
                if "pid" not in reply:
                    return None
                return _wait_for_exit(connection, int(reply["pid"]))
    except (DaemonUnavailable, OSError, ConnectionError, ValueError):
        return None
    return None


def _wait_gone(path: Path, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while worker_alive(path) and time.monotonic() < deadline:
        time.sleep(0.02)
