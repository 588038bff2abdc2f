"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, ollama, llama.cpp's server, hosted APIs).

Plain `urllib` from the standard library: one POST to `{base_url}/chat/completions`, streamed
(server-sent events) or not. No client library is needed, and every failure is mapped to a
`BackendError` kind: a timeout, a refused connection, a 5xx, a 429 with its Retry-After, a body
that is not JSON or not a completion. The API key is read from the environment variable the
config names, at request time, and never stored or logged.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
import urllib.error
import urllib.request
from typing import Any

from cmlint.scenarios.backends import BackendConfig, BackendError, Completion, Sampling, response_format

MAX_ERROR_BODY = 300
_RETRYABLE_4XX = frozenset({408, 409, 425})


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """A Retry-After header in seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _http_error(exc: urllib.error.HTTPError) -> BackendError:
    try:
        body = exc.read(MAX_ERROR_BODY).decode("utf-8", "replace")
    except OSError:
        body = ""
    code = exc.code
    detail = f"HTTP {code}: {' '.join(body.split())[:MAX_ERROR_BODY] or exc.reason}"
    if code == 429:
        after = retry_after_seconds(exc.headers.get("Retry-After") if exc.headers else None)
        return BackendError("rate-limited", detail, retryable=True, retry_after=after, status=code)
    if code >= 500:
        after = retry_after_seconds(exc.headers.get("Retry-After") if exc.headers else None)
        return BackendError("http-5xx", detail, retryable=True, retry_after=after, status=code)
    if code in (401, 403):
        return BackendError("auth", detail, retryable=False, fatal=True, status=code)
    if code == 404:
        return BackendError("not-found", detail, retryable=False, fatal=True, status=code)
    return BackendError("http-4xx", detail, retryable=code in _RETRYABLE_4XX, status=code)


def _content(choice: dict[str, Any], field: str) -> str:
    part = choice.get(field) or {}
    value = part.get("content") if isinstance(part, dict) else None
    return value if isinstance(value, str) else ""


class OpenAIBackend:
    """One chat completion per call, over HTTP."""

    def __init__(self, config: BackendConfig) -> None:
        if not config.base_url:
            raise ValueError("an OpenAI-compatible backend needs a base URL")
        self.config = config
        self.url = config.base_url.rstrip("/") + "/chat/completions"

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key_env:
            key = os.environ.get(self.config.api_key_env)
            if not key:
                raise BackendError(
                    "auth",
                    f"the environment variable {self.config.api_key_env} (the API key) is not set",
                    retryable=False,
                    fatal=True,
                )
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _body(
        self, messages: list[dict[str, str]], sampling: Sampling, schema: dict[str, Any] | None
    ) -> bytes:
        body: dict[str, Any] = {
            "model": self.config.model or "default",
            "messages": messages,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
            "stream": self.config.stream,
        }
        if sampling.seed is not None:
            body["seed"] = sampling.seed
        fmt = response_format(self.config.json_mode, schema)
        if fmt is not None:
            body["response_format"] = fmt
        return json.dumps(body).encode("utf-8")

    def complete(
        self, messages: list[dict[str, str]], sampling: Sampling, schema: dict[str, Any] | None = None
    ) -> Completion:
        request = urllib.request.Request(
            self.url, data=self._body(messages, sampling, schema), headers=self._headers(), method="POST"
        )
        deadline = time.monotonic() + self.config.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                if self.config.stream:
                    return self._read_stream(response, deadline)
                return self._read_whole(response.read())
        except urllib.error.HTTPError as exc:
            raise _http_error(exc) from None
        except TimeoutError:
            raise BackendError(
                "timeout", f"no answer within {self.config.timeout:g} s", retryable=True
            ) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise BackendError(
                    "timeout", f"no connection within {self.config.timeout:g} s", retryable=True
                ) from None
            raise BackendError(
                "connection", f"cannot reach {self.url}: {exc.reason}", retryable=True
            ) from None
        except (ConnectionError, OSError) as exc:
            if isinstance(exc, BackendError):
                raise
            raise BackendError(
                "connection", f"connection to {self.url} failed: {exc}", retryable=True
            ) from None

    def _model(self, data: dict[str, Any]) -> str:
        reported = data.get("model")
        if isinstance(reported, str) and reported:
            return os.path.basename(reported)  # llama.cpp reports the GGUF path: keep the file name
        return self.config.model or "unknown"

    def _read_whole(self, raw: bytes) -> Completion:
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            preview = raw[:120].decode("utf-8", "replace")
            raise BackendError(
                "bad-response", f"the endpoint sent a body that is not JSON: {preview!r}", retryable=True
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("choices"), list) or not data["choices"]:
            error = data.get("error") if isinstance(data, dict) else None
            raise BackendError(
                "bad-response", f"no choices in the response: {str(error or data)[:120]}", retryable=True
            )
        choice = data["choices"][0] if isinstance(data["choices"][0], dict) else {}
        text = _content(choice, "message")
        if not text and choice.get("finish_reason") != "length":
            raise BackendError("bad-response", "the response has no message content", retryable=True)
        return Completion(text, self._model(data), choice.get("finish_reason"))

    def _read_stream(self, response: Any, deadline: float) -> Completion:
        """Server-sent events: `data: {chunk}` lines until `data: [DONE]` (or the end of the body)."""
        parts: list[str] = []
        model = ""
        finish: str | None = None
        for raw in response:
            if time.monotonic() > deadline:
                raise BackendError(
                    "timeout", f"stream not finished within {self.config.timeout:g} s", retryable=True
                )
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue  # blank separators, `: keep-alive` comments, `event:` lines
            payload = line[5:].strip()
            if payload == "[DONE]":
                break
            try:
                chunk = json.loads(payload)
            except json.JSONDecodeError:
                raise BackendError(
                    "bad-response", f"a stream event is not JSON: {payload[:120]!r}", retryable=True
                ) from None
            if not isinstance(chunk, dict):
                raise BackendError("bad-response", "a stream event is not an object", retryable=True)
            if "error" in chunk:
                raise BackendError(
                    "bad-response",
                    f"the stream reported an error: {str(chunk['error'])[:120]}",
                    retryable=True,
                )
            model = model or self._model(chunk)
            for choice in chunk.get("choices") or []:
                if isinstance(choice, dict):
                    parts.append(_content(choice, "delta"))
                    finish = choice.get("finish_reason") or finish
        text = "".join(parts)
        if not text:
            raise BackendError("bad-response", "the stream carried no content", retryable=True)
        return Completion(text, model or self.config.model or "unknown", finish)
