"""The content-addressed disk cache of analyses: linguistic parses and embedding vectors.

An entry's key is the sha256 of the analysis name, its version, the model that made it and
the text it was made from, so a changed text, a new analysis version or another model is a
miss and nothing has to be invalidated by hand. Values are JSON (plain data, never pickle: a
cache folder is not trusted code) or raw bytes (vectors).

All entries live in one SQLite file, `analyses.sqlite3` in the cache folder, and a run reads and
writes them in batches: one query for all the texts of a document, one transaction for all the
new entries. (One small file per entry cost a cold Model Spec check about 1.5 s of file
creation for 1,200 entries, and a warm 10,000-principle check 20,000 file opens.) SQLite makes
each batch atomic and lets several processes (the CLI, the background worker's children, the
language server) read and write at once; a writer that finds the file locked for more than
`BUSY_MS` skips its write. A corrupt file is replaced, a wrong-shaped value is a miss, and a
folder that cannot be created or written is no cache at all. The cache never makes a run fail.

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
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

ENV_VAR = "CMLINT_CACHE_DIR"
DEFAULT_DIR = ".cmlint_cache"
DATABASE = "analyses.sqlite3"
_FORMAT = 2  # the database's layout (PRAGMA user_version); another one is emptied, not read
BUSY_MS = 2000
_CHUNK = 500  # keys per SELECT (SQLite's limit on bound parameters is 32,766; this is far below)
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (analysis TEXT NOT NULL, key TEXT NOT NULL, value, "
    "PRIMARY KEY (analysis, key)) WITHOUT ROWID"
)


def cache_key(analysis: str, version: str | int, model: str, text: str) -> str:
    """The content hash that names an entry."""
    digest = hashlib.sha256()
    for part in (analysis, str(version), model, text):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """Values by (analysis, content key) in the cache folder; `DiskCache(None)` holds nothing.

    A value is anything JSON can write, or `bytes`, which are stored and returned as they are.
    Each call opens its own connection, so an instance is safe to use after a fork.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._writable = folder is not None

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    @property
    def path(self) -> Path | None:
        """The database file (which may not exist yet)."""
        return self.folder / DATABASE if self.folder is not None else None

    def get(self, analysis: str, key: str) -> Any | None:
        """The stored value, or None for a miss (absent, unreadable or corrupt)."""
        return self.get_many(analysis, [key]).get(key)

    def get_many(self, analysis: str, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of those keys that are present and readable (a miss is left out)."""
        wanted = list(dict.fromkeys(keys))
        if self.folder is None or not wanted or not (self.folder / DATABASE).is_file():
            return {}
        found: dict[str, Any] = {}
        try:
            with self._connection(create=False) as connection:
                for start in range(0, len(wanted), _CHUNK):
                    chunk = wanted[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(
                        f"SELECT key, value FROM entries WHERE analysis = ? AND key IN ({marks})",
                        (analysis, *chunk),
                    )
                    for key, stored in rows:
                        value = _decoded(stored)
                        if value is not None:
                            found[key] = value
        except sqlite3.Error:
            return found
        return found

    def put(self, analysis: str, key: str, value: Any) -> bool:
        """Store one value; False (and the cache switched off) when the folder is not writable."""
        return self.put_many(analysis, [(key, value)])

    def put_many(self, analysis: str, items: Iterable[tuple[str, Any]]) -> bool:
        """Store values in one transaction: all of them or, when it cannot be written, none."""
        if self.folder is None or not self._writable:
            return False
        try:
            rows = [(analysis, key, _encoded(value)) for key, value in items]
        except (TypeError, ValueError):
            return False
        if not rows:
            return True
        try:
            _ensure_folder(self.folder)
            with self._connection(create=True) as connection:
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return False  # another process holds the file: this run's entries are not kept
            self._writable = False
            return False
        except (OSError, sqlite3.Error):
            self._writable = False
            return False
        return True

    @contextlib.contextmanager
    def _connection(self, create: bool) -> Iterator[sqlite3.Connection]:
        """A connection to a database of this format, committed and closed at the end; a file that
        is not a database (or another format) is emptied first when `create`, else an error."""
        assert self.folder is not None
        path = self.folder / DATABASE
        try:
            connection = _open(path, create)
        except sqlite3.DatabaseError:
            if not create:
                raise
            with contextlib.suppress(OSError):
                path.unlink()  # ours, and unreadable: a new one replaces it
            connection = _open(path, create)
        try:
            with connection:
                yield connection
        finally:
            connection.close()


def _open(path: Path, create: bool) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level="DEFERRED")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != _FORMAT:
            if not create:
                raise sqlite3.DatabaseError(f"cache format {version}, not {_FORMAT}")
            with connection:
                connection.execute("DROP TABLE IF EXISTS entries")
                connection.execute(_SCHEMA)
                connection.execute(f"PRAGMA user_version = {_FORMAT}")
            with contextlib.suppress(sqlite3.Error):
                connection.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
    except BaseException:
        connection.close()
        raise
    return connection


def _encoded(value: Any) -> str | bytes:
    if isinstance(value, bytes):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _decoded(stored: Any) -> Any | None:
    if isinstance(stored, bytes):
        return stored
    if not isinstance(stored, str):
        return None
    try:
        return json.loads(stored)
    except (ValueError, RecursionError):
        return None


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
