"""Writing the scenarios file so that no finished request is ever lost, and a rerun resumes.

Generation can run for hours and be interrupted at any moment. Each finished scenario is
appended at once to a journal beside the file (`.NAME.partial`, one JSON line, flushed and
fsync'ed); the scenarios file itself is only ever replaced whole, atomically, merging what it
held with the journal, sorted by key. So the committed file is always complete and valid (a
crash cannot leave `cmlint check` a half line), and a rerun reads both and skips every key
already done, unless a principle's text changed since (then that scenario is made again).
A torn last journal line (a crash mid-append) is dropped: that one request runs again.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from cmlint.fileio import write_atomic
from cmlint.scenarios.records import AnyRecord, RecordError, any_record_from_dict, read_records


def journal_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _sort_key(key: str) -> tuple[str, int]:
    """ "a|b#10" after "a|b#2": the pair, then the index as a number."""
    match = re.fullmatch(r"(.*)#(\d+)", key)
    return (match.group(1), int(match.group(2))) if match else (key, -1)


class ScenarioStore:
    """The records of one scenarios file plus its journal, and the only code that writes them.

    It holds scenario records and preference dry-run records alike: both have a `key`, the
    `principles` they were made for, and `to_line()`.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.journal = journal_path(self.path)
        self.dropped_journal_lines = 0
        self.records: dict[str, AnyRecord] = {}
        if self.path.is_file():
            self.records = {r.key: r for r in read_records(self.path)}
        self._read_journal()

    def _read_journal(self) -> None:
        if not self.journal.is_file():
            return
        for line in self.journal.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                record = any_record_from_dict(json.loads(line))
            except (json.JSONDecodeError, RecordError):
                self.dropped_journal_lines += 1  # a torn append: that request simply runs again
                continue
            self.records[record.key] = record

    def finished(self, hashes: Mapping[str, str]) -> set[str]:
        """Keys that need no new request: both principles exist with the text they had then."""
        return {
            key
            for key, record in self.records.items()
            if all(hashes.get(ref.id) == ref.sha256 for ref in record.principles)
        }

    def append(self, record: AnyRecord) -> None:
        """Make one finished record durable at once (before any other request finishes)."""
        self.records[record.key] = record
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        with open(self.journal, "a", encoding="utf-8") as handle:
            handle.write(record.to_line())
            handle.flush()
            os.fsync(handle.fileno())

    def commit(self) -> int:
        """Replace the scenarios file atomically with every record, sorted; then drop the journal."""
        ordered = sorted(self.records.values(), key=lambda r: _sort_key(r.key))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, "".join(r.to_line() for r in ordered))
        self.journal.unlink(missing_ok=True)
        return len(ordered)
