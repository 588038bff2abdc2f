"""A content-addressed disk cache for analyses (linguistic now, embeddings later).

An entry's key is the sha256 of the analysis name, its version, the model that made it and
the text it was made from, so a changed text, a new analysis version or another model is a
miss and nothing has to be invalidated by hand. Values are JSON (plain data, never pickle:
a cache folder is not trusted code). Writes are atomic (a temporary file in the same folder,
then `os.replace`), so an interrupted run leaves either the old entry or the new one. A
corrupt, truncated or foreign entry is a miss; a cache folder that cannot be created or
written is no cache at all. The cache never makes a run fail.

Where it lives: `CMLINT_CACHE_DIR`, else `cache-dir` in the config (relative to the config
file), else `.cmlint_cache/` next to the config file (a project that configured cmlint gets a
project cache, as with `.ruff_cache`), else the user's cache folder (`$XDG_CACHE_HOME/cmlint`
or `~/.cache/cmlint`), so checking a file in a folder with no cmlint config writes nothing there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENV_VAR = "CMLINT_CACHE_DIR"
DEFAULT_DIR = ".cmlint_cache"
_FORMAT = 1  # the envelope's own version


def cache_key(analysis: str, version: str | int, model: str, text: str) -> str:
    """The content hash that names an entry."""
    digest = hashlib.sha256()
    for part in (analysis, str(version), model, text):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """JSON values by content key under one folder; `DiskCache(None)` is a cache that holds nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._writable = folder is not None

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, analysis: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / analysis / key[:2] / f"{key}.json"

    def get(self, analysis: str, key: str) -> Any | None:
        """The stored value, or None for a miss (absent, unreadable, corrupt or not this key's)."""
        if self.folder is None:
            return None
        try:
            with open(self._path(analysis, key), encoding="utf-8") as handle:
                envelope = json.load(handle)
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None
        if not isinstance(envelope, dict) or envelope.get("format") != _FORMAT or envelope.get("key") != key:
            return None
        return envelope.get("value")

    def put(self, analysis: str, key: str, value: Any) -> bool:
        """Store a value atomically; False (and the cache switched off) when the folder is not writable."""
        if self.folder is None or not self._writable:
            return False
        path = self._path(analysis, key)
        try:
            _ensure_folder(self.folder)
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps(
                {"format": _FORMAT, "key": key, "value": value}, ensure_ascii=False, separators=(",", ":")
            )
            fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except (OSError, TypeError, ValueError):
            self._writable = False
            return False
        return True


def _ensure_folder(folder: Path) -> None:
    """Create the cache folder with a .gitignore in it, as pytest and ruff do for theirs."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by cmlint: the analysis cache, safe to delete\n*\n", encoding="utf-8")


def cache_dir(settings: Mapping[str, Any]) -> Path | None:
    """The cache folder a run uses (see the module docstring), or None when caching is off."""
    if settings.get("no-cache"):
        return None
    root = Path(str(settings.get("config-root") or Path.cwd()))
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    configured = settings.get("cache-dir")
    if isinstance(configured, str) and configured:
        return (root / Path(configured).expanduser()).resolve()
    if settings.get("config-file"):
        return root / DEFAULT_DIR
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(user_cache).expanduser() / "cmlint"


def open_cache(settings: Mapping[str, Any]) -> DiskCache:
    return DiskCache(cache_dir(settings))
