"""The worker: models loaded once, one forked child per request.

Why fork: a child starts from the worker's state with spaCy, the ONNX encoder and every cmlint
module already in memory (shared copy-on-write), runs exactly what an in-process `cmlint` would
run (`cli.main(argv)`, in the client's folder and environment, on the client's terminal), and
exits. Nothing a run computes survives it, so no request can see another's state, several
clients are served at once, and the results are those of an in-process run by construction (the
disk cache, keyed by content, is the only memory, as it is for any run). Only POSIX systems fork;
elsewhere there is no worker and cmlint runs in-process.

The worker exits when asked (`cmlint daemon stop`), when a request carries another fingerprint
(cmlint or a model changed: the next run starts a fresh worker), or after `idle` seconds
without a request.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmlint.daemon.protocol import fingerprint, receive, send, socket_path

if TYPE_CHECKING:
    from cmlint.engine import FileResult

IDLE_SECONDS = 30 * 60
IDLE_ENV = "CMLINT_DAEMON_IDLE"


def preload() -> list[str]:
    """Import and load what a default check needs; what could not be loaded is left to each run."""
    loaded = []
    import cmlint.cli
    import cmlint.engine
    import cmlint.graph
    import cmlint.parse
    import cmlint.runner  # noqa: F401

    with contextlib.suppress(Exception):
        from cmlint.nlp.pipeline import parse_texts

        parse_texts(["The assistant must load its parser once."])
        loaded.append("spacy")
    with contextlib.suppress(Exception):
        from cmlint.semantic.embeddings import encode

        encode(["The assistant must load its encoder once."])
        loaded.append("embeddings")
    with contextlib.suppress(Exception):
        warm_up()
        loaded.append("rules")
    return loaded


# A small constitution for `warm_up`: rules, a preference and a stated precedence, so that
# the parser, the linguistic and conflict analyses and the structural rules all run.
WARM_UP = """# Warm-up

Safety takes precedence over helpfulness.

- The assistant must never reveal a user's home address.
- The assistant should always answer within 5 seconds, unless the user asks for more detail.
- The assistant may share a user's address when the user asks it to.
- Choose the response that is most helpful and least likely to cause harm.
"""


def warm_up() -> FileResult:
    """A default check of `WARM_UP` in memory, with no cache read or written. What every run would
    otherwise redo is done once, before runs are forked: importing the rules' modules, building the
    grammar's parser and its lexer, compiling their patterns, reading cmlint's lexicons (on the
    Model Spec, a tenth of a one-line edit's re-check)."""
    from cmlint.catalogue import load_catalogue
    from cmlint.config import Config
    from cmlint.engine import run_rules, selected_rules
    from cmlint.parse import parse_document
    from cmlint.registry import load_builtin_checks
    from cmlint.source import decode

    config = Config()
    catalogue = load_catalogue()
    source = decode("warm-up.md", WARM_UP.encode())
    settings = {**config.analysis_settings(), "no-cache": True}
    rules = selected_rules(catalogue, config, source.path)
    return run_rules(parse_document(source), rules, load_builtin_checks(), set(catalogue.rules), settings)


def _peer_is_owner(connection: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # the socket's private folder is the access control
    import struct

    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _run_child(
    request: dict[str, Any], fds: list[int], connection: socket.socket, listener: socket.socket | None
) -> None:
    """In the forked child: become the client's process and run its command line."""
    if listener is not None:
        listener.close()
    for target, fd in enumerate(fds[:3]):
        os.dup2(fd, target)
    for fd in fds:
        os.close(fd)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 3
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["CMLINT_DAEMON"] = "off"  # a run inside the worker never forwards again
        from cmlint.cli import main

        code = main(list(request["argv"]))
    except KeyboardInterrupt:
        code = 2
    except BaseException as exc:  # the client must hear an exit code, whatever happened
        print(
            f"cmlint: internal error in the background worker: {type(exc).__name__}: {exc}", file=sys.stderr
        )
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            send(connection, {"exit": int(code)})
        os._exit(0)


def peak_memory() -> dict[str, int]:
    """Peak resident memory in MiB: the worker's own, and the largest of its finished runs (a run is a
    forked child, so its figure counts the pages it shares with the worker: what the run took in all)."""
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return {
        "worker": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale // 2**20,
        "largest_run": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale // 2**20,
    }


class Worker:
    def __init__(self, path: Path, idle: float) -> None:
        self.path = path
        self.idle = idle
        self.fingerprint = fingerprint()
        self.started = time.time()
        self.served = 0
        self.children: set[int] = set()
        self.loaded: list[str] = []
        self.listener: socket.socket | None = None
        self.inode = 0

    def _reap(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                done, _ = os.waitpid(pid, os.WNOHANG)
                if not done:
                    continue
            self.children.discard(pid)

    def _status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "fingerprint": self.fingerprint,
            "uptime": round(time.time() - self.started, 1),
            "served": self.served,
            "running": len(self.children),
            "loaded": self.loaded,
            "peak_mib": peak_memory(),
        }

    def handle(self, connection: socket.socket) -> bool:
        """Serve one connection; False when the worker should exit."""
        try:
            request, fds = receive(connection, max_fds=3)
        except (OSError, ValueError, ConnectionError):
            return True
        command = request.get("command")
        if command == "status":
            self._reap()  # a run that just ended counts in the memory figures
            send(connection, self._status())
            return True
        if command == "stop":
            send(connection, {"stopped": os.getpid()})
            return False
        if request.get("fingerprint") != self.fingerprint:
            send(connection, {"stale": True})
            for fd in fds:
                os.close(fd)
            return False
        if len(fds) != 3:
            send(connection, {"error": "a run needs stdin, stdout and stderr"})
            return True
        pid = os.fork()
        if pid == 0:
            _run_child(request, fds, connection, self.listener)
        for fd in fds:
            os.close(fd)
        self.children.add(pid)
        self.served += 1
        send(connection, {"pid": pid})
        return True

    def serve(self) -> None:
        listener = self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        listener.bind(str(self.path))
        os.chmod(self.path, 0o600)
        self.inode = self.path.stat().st_ino
        listener.listen(16)
        listener.settimeout(1.0)
        last = time.monotonic()
        try:
            while True:
                self._reap()
                try:
                    connection, _ = listener.accept()
                except TimeoutError:
                    if not self.children and time.monotonic() - last > self.idle:
                        return
                    continue
                last = time.monotonic()
                with connection:
                    connection.settimeout(10.0)
                    if not _peer_is_owner(connection):
                        continue
                    if not self.handle(connection):
                        return
        finally:
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                if self.path.stat().st_ino == self.inode:  # not a newer worker's socket
                    self.path.unlink()


def run_worker() -> int:
    """`cmlint daemon run`: load, then serve until stopped, stale or idle (foreground).

    The worker holds an exclusive lock beside its socket for its whole life, so two clients that
    start one at the same moment get one worker (the second exits at once, 1) and a client can tell a
    worker that is still loading from none.
    """
    import fcntl

    from cmlint.daemon.client import lock_path

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    idle = float(os.environ.get(IDLE_ENV) or IDLE_SECONDS)
    os.environ["CMLINT_DAEMON"] = "off"
    path = socket_path()
    with open(lock_path(path), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 1
        worker = Worker(path, idle)
        worker.loaded = preload()
        worker.serve()
    return 0
