"""Reusing a file's findings when nothing they were computed from has changed, as ruff's cache does.

`cmlint check` on an unchanged constitution (the second pre-commit run, a CI re-run, a check
after editing another file) would otherwise rebuild every analysis: at 10,000 principles that is
most of a minute even with every parse and vector cached, spent comparing statement pairs. So
the findings of a run are stored in the analysis cache under a key made of everything they
depend on, and the next run with the same key reads them back instead of running the rules.
Only runs with a model-backed rule (linguistic or embedding analyses) are stored: without one
the rules take less time than reading their findings back.

What the key holds:
- the file's path and text;
- the rules that run, with their severities, parameters and message templates, and the
  config's analysis settings (model names, thresholds, `scenarios-file`, `terms`, ...);
- cmlint's own state (`daemon.protocol.fingerprint`: its version, its code, rule, lexicon and
  grammar files, and the installed models).

What the stored entry lists, and a hit checks one by one (size and modification time, or
absence): the files the run read besides the constitution. They are the scenarios file (whether
or not it exists: creating one changes the findings), a project's own rule files and their
folders (a lexicon added beside a rule file is found before the shipped one), and every file
opened while the rules ran outside Python's installation, cmlint's own folder and its caches
(terms files, a project's lexicons, a configured model) for reading, seen through Python's audit
hook (PEP 578) so that a new input needs no bookkeeping here. One changed or missing file is a
miss and the rules run.

The reused findings are exactly the stored ones (a test compares them with a fresh run), and
the document is still parsed, so every output format gets the same `FileResult`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmlint.cache import DiskCache, cache_key, open_cache
from cmlint.catalogue import Rule
from cmlint.context import Note
from cmlint.diagnostics import Diagnostic, Related, Severity
from cmlint.model import Document
from cmlint.registry import MODEL_ANALYSES
from cmlint.source import Span

if TYPE_CHECKING:
    from cmlint.engine import FileResult

ANALYSIS = "findings"
VERSION = 1
_IGNORED_ROOTS = tuple(
    {str(Path(p).resolve()) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    | {str(Path(__file__).resolve().parent) + os.sep, "/proc/", "/sys/", "/dev/"}
)
_OPENED: set[str] = set()  # every file opened while rules ran in this process, any file's rules
_recording = 0
_hooked = False


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _recording and isinstance(args[0], str) and _reading(*args[1:3]):
        _OPENED.add(args[0])


def _reading(mode: str | None, flags: int) -> bool:
    """Whether an open only reads: a file a run writes (a model export, a temporary file) is an
    output of the run, not one of its inputs."""
    if mode is not None:
        return not any(letter in mode for letter in "wax+")
    return flags & (os.O_WRONLY | os.O_RDWR) == 0


@contextmanager
def files_opened() -> Iterator[set[str]]:
    """The files opened while rules ran in this process: in this block and in every earlier one.

    Earlier blocks count because readers memoise: a terms file read for the first file of a
    `cmlint check a.md b.md` is not opened again for the second, whose findings still depend on
    it. (A superset of one run's inputs costs at most a needless miss, never a stale hit.)
    """
    global _hooked, _recording
    if not _hooked:
        sys.addaudithook(_on_audit)  # process-wide and permanent (PEP 578); idle outside these blocks
        _hooked = True
    _recording += 1
    try:
        yield _OPENED
    finally:
        _recording -= 1


def file_state(path: str) -> str:
    """What a hit compares: size and modification time, or "absent"."""
    try:
        return _state(os.stat(path))
    except OSError:
        return "absent"


def _state(info: os.stat_result) -> str:
    return f"{info.st_size}:{info.st_mtime_ns}"


@dataclass(frozen=True)
class RunKey:
    """Where a run's findings are stored, and the text they are of.

    The slot names the file and everything but its text, so each file and configuration holds one
    entry, replaced after an edit: the cache does not grow by a document's findings per keystroke.
    """

    slot: str
    text: str


def run_key(
    path: str, text: str, rules: list[Rule], settings: dict[str, Any], known_codes: set[str]
) -> RunKey:
    """The key of a run's findings (see the module docstring)."""
    from cmlint.daemon.protocol import fingerprint

    described = {
        "path": path,
        "rules": [_rule_identity(rule) for rule in rules],
        "settings": settings,
        "known": sorted(known_codes),
        "cmlint": fingerprint(),
    }
    slot = cache_key(ANALYSIS, VERSION, "", json.dumps(described, sort_keys=True, default=repr))
    return RunKey(slot, cache_key(ANALYSIS, VERSION, "text", text))


def _rule_identity(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": str(rule.severity),
        "check": rule.check,
        "message": rule.message,
        "params": rule.params,
        "needs": sorted(rule.needs),
        "path": str(rule.path),
        "docs": rule.doc_url,
    }


def dependencies(
    opened: set[str], rules: list[Rule], scenarios: Path | None, cache: Path | None, since_ns: int
) -> dict[str, str] | None:
    """The files whose state a later hit must find unchanged, with their state now; None when one
    of them changed after `since_ns` (while the rules ran: their findings may be of either version)."""
    paths = {str(Path(p).resolve()) for p in opened}
    for rule in rules:  # a rule file, and the folders where a lexicon it names could appear
        paths |= {str(rule.path), str(rule.path.parent), str(rule.path.parent / "lexicons")}
    if scenarios is not None:
        paths.add(str(scenarios.resolve()))
    from cmlint.resources import grammar_dir, rules_dir
    from cmlint.semantic.onnx_encoder import models_dir

    # cmlint's own rules and grammar are in its fingerprint, by content; the caches are
    # content-addressed (an exported model is named by the model's contents)
    ours = [rules_dir(), grammar_dir(), models_dir()] + ([cache] if cache is not None else [])
    ignored = _IGNORED_ROOTS + tuple(str(folder.resolve()) + os.sep for folder in ours)
    kept = sorted(p for p in paths if not p.startswith(ignored))
    states = {}
    for path in kept:
        try:
            info = os.stat(path)
        except OSError:
            states[path] = "absent"
            continue
        if info.st_mtime_ns >= since_ns:
            return None
        states[path] = _state(info)
    return states


Stored = tuple[list[Diagnostic], list[Diagnostic], list[Note]]


def run_or_reuse(
    document: Document,
    rules: list[Rule],
    settings: dict[str, Any],
    known_codes: set[str],
    run: Callable[[], FileResult],
) -> FileResult:
    """The findings stored for these inputs, or `run()`'s, stored for next time."""
    from cmlint.engine import FileResult
    from cmlint.scenarios.records import scenarios_path

    cache = open_cache(settings)
    if not cache.enabled or not any(rule.needs & MODEL_ANALYSES for rule in rules):
        # without a model-backed rule the rules take less time than reading their findings back
        return run()
    key = run_key(document.path, document.source.text, rules, settings, known_codes)
    stored = load(cache, key)
    if stored is not None:
        return FileResult(document.source, document, *stored)
    started = time.time_ns()
    with files_opened() as opened:
        result = run()
    files = dependencies(opened, rules, scenarios_path(document.path, settings), cache.folder, started)
    if files is not None:
        save(cache, key, files, (result.diagnostics, result.suppressed, result.notes))
    return result


def load(cache: DiskCache, key: RunKey) -> Stored | None:
    """The stored findings of a run with this key, when every file it read is as it was."""
    entry = cache.get(ANALYSIS, key.slot)
    if not isinstance(entry, dict) or entry.get("text") != key.text:
        return None
    try:
        if any(file_state(p) != state for p, state in entry["files"].items()):
            return None
        return (
            [_diagnostic(d) for d in entry["reported"]],
            [_diagnostic(d) for d in entry["suppressed"]],
            [Note(Span(**n["span"]), n["message"]) for n in entry["notes"]],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # an entry of another shape: run the rules


def save(cache: DiskCache, key: RunKey, files: dict[str, str], stored: Stored) -> None:
    reported, suppressed, notes = stored
    cache.put(
        ANALYSIS,
        key.slot,
        {
            "text": key.text,
            "files": files,
            "reported": [_plain(d) for d in reported],
            "suppressed": [_plain(d) for d in suppressed],
            "notes": [{"span": n.span.to_dict(), "message": n.message} for n in notes],
        },
    )


def _plain(diagnostic: Diagnostic) -> dict[str, Any]:
    """The diagnostic as JSON data (by hand: `dataclasses.asdict` deep-copies, 4 s for 20,000)."""
    data = {f.name: getattr(diagnostic, f.name) for f in fields(diagnostic)}
    data["severity"] = str(diagnostic.severity)
    data["span"] = diagnostic.span.to_dict()
    data["related"] = [
        {"span": r.span.to_dict(), "message": r.message, "principle": r.principle, "path": r.path}
        for r in diagnostic.related
    ]
    return data


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    related = tuple(Related(**{**r, "span": Span(**r["span"])}) for r in data["related"])
    return Diagnostic(
        **{**data, "severity": Severity(data["severity"]), "span": Span(**data["span"]), "related": related}
    )
