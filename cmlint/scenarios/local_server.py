"""Start llama-cpp-python's OpenAI-compatible server on loopback, for tests and benchmarks.

`python -m llama_cpp.server` loads the model before it opens its port, so readiness is polled
on `/v1/models` until a deadline (never a fixed sleep), and a server that exits early is
reported with the tail of its log.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerError(RuntimeError):
    pass


class LocalServer:
    """`with LocalServer(gguf, log) as base_url:` a running server, stopped on exit."""

    def __init__(
        self, gguf: Path, log: Path, threads: int = 2, context: int = 2048, ready_within: float = 120.0
    ):
        self.gguf = gguf
        self.log = log
        self.threads = threads
        self.context = context
        self.ready_within = ready_within
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def __enter__(self) -> str:
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.gguf), "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--n_ctx", str(self.context), "--n_threads", str(self.threads)]
        with open(self.log, "wb") as sink:
            self.process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.ready_within
        while True:
            if self.process.poll() is not None:
                raise ServerError(f"llama.cpp server exited with {self.process.returncode}: {self._tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as response:
                    if response.status == 200:
                        return self.base_url
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.__exit__()
                raise ServerError(
                    f"llama.cpp server not ready within {self.ready_within:.0f} s: {self._tail()}"
                )
            time.sleep(0.2)  # the model is still loading: poll again

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
