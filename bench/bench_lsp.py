"""How fast `cmlint lsp` answers in an editor: open, first diagnostics, every rule, an edit.

    .venv/bin/python bench/bench_lsp.py [FILE] [--select S] [--runs 3] [--cold]

Starts the server as an editor would (a subprocess on stdio), opens FILE (default: the
OpenAI Model Spec of the test corpus), and prints, per run, the seconds from didOpen to the
first publishDiagnostics (the fast lane: rules that need no model), to the last one of the
open (every rule, models included), and from an edit to its diagnostics (debounce included).
Each run starts a fresh server, so model loading is counted every time; `--cold` also gives it
an empty analysis cache (`CMLINT_CACHE_DIR`), so embeddings and parses are computed, not read.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from cmlint.lsp.checker import Linter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "corpus" / "openai-model-spec" / "model_spec_2025-12-18.md"
if not DEFAULT.exists():
    DEFAULT = Path("/work/shared/corpus/openai-model-spec/model_spec_2025-12-18.md")


class Recorder:
    """Times every publishDiagnostics for one URI."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.events: list[tuple[float, int | None, int]] = []  # (time, version, count)
        self.changed = asyncio.Event()

    def __call__(self, params: types.PublishDiagnosticsParams) -> None:
        if params.uri == self.uri:
            self.events.append((time.perf_counter(), params.version, len(params.diagnostics)))
            self.changed.set()

    async def wait(self, predicate, timeout: float = 600) -> tuple[float, int | None, int]:
        async with asyncio.timeout(timeout):
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                self.changed.clear()
                await self.changed.wait()


async def one_run(path: Path, workspace: Path, select: str | None, cold: bool) -> dict[str, float]:
    if select:
        (workspace / "cmlint.toml").write_text(f'select = ["{select}"]\n')
    target = workspace / path.name
    text = path.read_text(encoding="utf-8")
    uri = from_fs_path(str(target))
    recorder = Recorder(uri)
    client = LanguageClient("bench", "1")
    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(recorder)
    started = time.perf_counter()
    env = {**os.environ, "CMLINT_CACHE_DIR": str(workspace / "cache")} if cold else None
    await client.start_io(sys.executable, "-m", "cmlint", "lsp", env=env)
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(workspace)))
    )
    client.initialized(types.InitializedParams())
    ready = time.perf_counter()
    opened = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text))
    )
    first, _, first_count = await recorder.wait(lambda e: e[1] == 1)
    full_done, full_count = first, first_count
    if Linter().has_model_rules(str(target)):  # then the server publishes twice: fast lane, every rule
        full_done, _, full_count = await recorder.wait(lambda e: e[1] == 1 and e[0] > first)
    edited = time.perf_counter()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=text + "\n- One more principle.\n")],
        )
    )
    edit_done, _, _ = await recorder.wait(lambda e: e[1] == 2)
    save_done = edit_done
    saved = time.perf_counter()
    if full_done > first:  # model rules run on save: in this server their models are loaded now
        client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
        save_done, _, _ = await recorder.wait(lambda e: e[1] == 2 and e[0] > saved)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {
        "server start + initialize": ready - started,
        "open -> first diagnostics": first - opened,
        "open -> all diagnostics": full_done - opened,
        "edit -> diagnostics": edit_done - edited,
        "save -> model-backed diagnostics": max(0.0, save_done - saved),
        "first count": first_count,
        "full count": full_count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument(
        "--select", help="a select prefix for the run's cmlint.toml (default: the default rules)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="an empty analysis cache for every run")
    args = parser.parse_args()
    words = len(args.file.read_text(encoding="utf-8").split())
    cache = "cold (empty) cache" if args.cold else "warm cache"
    print(f"{args.file.name}: {words} words; {cache}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            results.append(asyncio.run(one_run(args.file, Path(folder), args.select, args.cold)))
    for key in results[0]:
        values = [r[key] for r in results]
        if key.endswith("count"):
            print(f"  {key:<28} {int(values[0])}")
        else:
            print(
                f"  {key:<28} median {statistics.median(values):6.2f} s   (runs: "
                + ", ".join(f"{v:.2f}" for v in values)
                + ")"
            )


if __name__ == "__main__":
    main()
