"""Generative-model backends: one chat call in, one completion (or a typed error) out.

A backend makes exactly one request and never retries: retries, backoff and rate limits live
in `cmlint.scenarios.tasks`, once for every backend. Errors carry a `kind` the run summary
counts and a `retryable` flag (a timeout or a 503 is worth another try; a bad API key is not,
and is `fatal`: the whole run stops instead of failing every request the same way).

`BackendConfig` is plain, picklable data, so a Ray worker can build its own backend.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Protocol


class BackendError(Exception):
    """One failed request."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        retryable: bool,
        fatal: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = (
            kind  # timeout | connection | http-5xx | rate-limited | http-4xx | bad-response | auth ...
        )
        self.retryable = retryable
        self.fatal = fatal
        self.retry_after = retry_after  # seconds the server asked us to wait (429 Retry-After)
        self.status = status


@dataclass(frozen=True)
class Completion:
    text: str
    model: str  # the model id the server reports (or the configured one)
    finish_reason: str | None = None


@dataclass(frozen=True)
class Sampling:
    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 320
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class BackendConfig:
    """How to reach a model: an OpenAI-compatible endpoint, or a local GGUF file."""

    kind: str  # "openai" | "llamacpp"
    base_url: str | None = None  # e.g. http://127.0.0.1:8080/v1
    model: str | None = None  # the model name sent to the endpoint
    api_key_env: str | None = None  # the *name* of the environment variable holding the key
    gguf: str | None = None
    timeout: float = 60.0
    stream: bool = False
    # "object": response_format json_object; "schema": json_object with the reply's JSON schema, which
    # llama.cpp turns into a grammar (its server and Anyscale's accept it); "off": plain text
    json_mode: str = "object"
    threads: int | None = None  # llama.cpp CPU threads
    context_size: int = 2048

    def describe(self) -> str:
        """For messages and records: never the API key, never a local folder path."""
        if self.kind == "llamacpp":
            return f"llama.cpp {os.path.basename(self.gguf or '')}"
        return f"{self.model or 'default model'} at {self.base_url}"


JSON_MODES = ("object", "schema", "off")


def response_format(mode: str, schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """The `response_format` of a request in a JSON mode (None: leave it out)."""
    if mode == "off":
        return None
    if mode == "schema" and schema is not None:
        return {"type": "json_object", "schema": schema}
    return {"type": "json_object"}


class ChatBackend(Protocol):
    def complete(
        self, messages: list[dict[str, str]], sampling: Sampling, schema: dict[str, Any] | None = None
    ) -> Completion: ...


_BACKENDS: dict[BackendConfig, ChatBackend] = {}
_LOCK = threading.Lock()


def get_backend(config: BackendConfig) -> ChatBackend:
    """The backend for a config, built once per process (a GGUF model loads once)."""
    with _LOCK:
        backend = _BACKENDS.get(config)
        if backend is None:
            if config.kind == "openai":
                from cmlint.scenarios.backends.openai import OpenAIBackend

                backend = OpenAIBackend(config)
            elif config.kind == "llamacpp":
                from cmlint.scenarios.backends.llamacpp import LlamaCppBackend

                backend = LlamaCppBackend(config)
            else:
                raise ValueError(f"unknown backend kind {config.kind!r}")
            _BACKENDS[config] = backend
        return backend
