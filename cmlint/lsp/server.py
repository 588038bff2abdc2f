"""`cmlint lsp`: the language server (pygls, stdio), a thin adapter over the engine.

Timing is the whole job of this module:

- open and save run a *full* check at once; an edit schedules a *fast* check (rules that need
  no model) after a quiet period, and a newer edit cancels a check still waiting for its turn;
- checks run one at a time in a worker thread, so the event loop keeps answering hovers;
- a result is published only if the document has not changed since it was read, so a slow
  check of a huge document never paints stale ranges over newer text, and the server never
  falls more than one check behind the typing.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from cmlint import __version__
from cmlint.config import CONFIG_FILES
from cmlint.diagnostics import Diagnostic
from cmlint.graph import PrincipleGraph
from cmlint.lsp.checker import Linter, Outcome, published
from cmlint.lsp.convert import Positions, input_error, to_lsp
from cmlint.lsp.features import hover_markdown, suppression_insertion
from cmlint.model import Document
from cmlint.parse import parse_document
from cmlint.source import InputError, Source

logger = logging.getLogger("cmlint.lsp")

DEBOUNCE_SECONDS = 0.3
SUPPRESSIBLE_FORMATS = ("markdown",)  # where an HTML comment is a directive


@dataclass
class DocumentState:
    """What the server knows about one open document."""

    path: str
    latest: Outcome | None = None  # the last published check
    latest_version: int | None = None  # the document version it checked
    shown: list[Diagnostic] = field(default_factory=list)  # what was published (with carried-over findings)
    last_full: Outcome | None = None  # the last check with every rule, for carry-over
    graph: tuple[int, PrincipleGraph] | None = None  # (id of the document it was built from, graph)


class CmlintLanguageServer(LanguageServer):
    """pygls server with cmlint's state: open documents, pending checks, one linter."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__(
            "cmlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.debounce = debounce
        self.linter = Linter()
        self.documents: dict[str, DocumentState] = {}
        self._pending: dict[tuple[str, bool], asyncio.Task[None]] = {}  # (uri, full) -> waiting check
        # Two lanes, one worker each: a full check loading a model never holds up the fast ones.
        self._lanes = {
            False: ThreadPoolExecutor(max_workers=1, thread_name_prefix="cmlint-fast"),
            True: ThreadPoolExecutor(max_workers=1, thread_name_prefix="cmlint-full"),
        }

    # -- scheduling -------------------------------------------------------------------
    def check_now(self, uri: str) -> None:
        """Open or save: every rule now, and the fast rules ahead of them when some rules are slow."""
        state = self.documents.get(uri)
        if state is None:
            return
        if self.linter.has_model_rules(state.path):
            self.schedule(uri, full=False, delay=0)
        self.schedule(uri, full=True, delay=0)

    def schedule(self, uri: str, full: bool, delay: float) -> None:
        """Check a document after `delay` seconds, replacing a check of its lane still waiting."""
        waiting = self._pending.pop((uri, full), None)
        if waiting is not None:
            waiting.cancel()
        self._pending[(uri, full)] = asyncio.ensure_future(self._check_later(uri, full, delay))

    def cancel(self, uri: str) -> None:
        for full in (False, True):
            waiting = self._pending.pop((uri, full), None)
            if waiting is not None:
                waiting.cancel()

    async def _check_later(self, uri: str, full: bool, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        self._pending.pop((uri, full), None)  # from here on, edits no longer cancel this check
        state = self.documents.get(uri)
        if state is None:
            return
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(
            self._lanes[full], self._check_in_worker, uri, state.path, text, version, full
        )
        if outcome is None or self.documents.get(uri) is not state:
            return
        if outcome.full and outcome.result is not None:
            state.last_full = outcome  # even when stale: its unchanged principles carry over
        current = self.workspace.get_text_document(uri).version
        if current == version:
            self._publish(uri, state, outcome, version)
        elif outcome.full and state.latest is not None and state.latest_version == current:
            self._publish(uri, state, state.latest, current)  # the newer fast check, with these findings

    def _check_in_worker(
        self, uri: str, path: str, text: str, version: int | None, full: bool
    ) -> Outcome | None:
        document = self.workspace.text_documents.get(uri)
        if not full and (document is None or document.version != version):
            return None  # overtaken while queued: a newer fast check follows
        try:
            return self.linter.check(path, text, full)
        except Exception as exc:  # a bug in a rule must not take the editor's linter down
            logger.exception("cmlint: check of %s failed", path)
            return Outcome(Source(path, text), full, error=RuntimeError(f"cmlint: internal error: {exc!r}"))

    def _publish(self, uri: str, state: DocumentState, outcome: Outcome, version: int | None) -> None:
        positions = self.positions(outcome.source)
        state.shown = published(outcome, state.last_full)
        diagnostics = [to_lsp(d, positions, uri) for d in state.shown]
        if outcome.error is not None:  # unreadable document, broken config, or a model that is missing
            diagnostics.insert(0, input_error(outcome.error, positions))
        state.latest, state.latest_version = outcome, version
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    # -- helpers ----------------------------------------------------------------------
    def positions(self, source: Source) -> Positions:
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return Positions(source, getattr(encoding, "value", str(encoding)))

    async def current(self, uri: str) -> tuple[DocumentState, Source, Document] | None:
        """The open document's text and model now (parsed afresh if edits outran the last check)."""
        state = self.documents.get(uri)
        if state is None:
            return None
        text_document = self.workspace.get_text_document(uri)
        latest = state.latest
        if latest is not None and latest.result is not None and state.latest_version == text_document.version:
            return state, latest.source, latest.result.document
        source = Source(state.path, text_document.source)
        loop = asyncio.get_running_loop()
        try:
            document = await loop.run_in_executor(self._lanes[False], parse_document, source)
        except InputError:
            return None
        return state, source, document

    def graph_of(self, state: DocumentState, document: Document) -> PrincipleGraph:
        if state.graph is None or state.graph[0] != id(document):
            state.graph = (id(document), PrincipleGraph(document))
        return state.graph[1]

    def shutdown_workers(self) -> None:
        for lane in self._lanes.values():
            lane.shutdown(wait=False, cancel_futures=True)


def _is_config_file(path: str) -> bool:
    return Path(path).name in CONFIG_FILES


def create_server(debounce: float = DEBOUNCE_SECONDS) -> CmlintLanguageServer:
    """A server with every feature registered (a function, so tests can build their own)."""
    server = CmlintLanguageServer(debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: CmlintLanguageServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, float(options["debounceMs"]) / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CmlintLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        ls.documents[uri] = DocumentState(path=document.path or uri)
        ls.check_now(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CmlintLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.documents:
            ls.schedule(params.text_document.uri, full=False, delay=ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: CmlintLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        state = ls.documents.get(uri)
        if state is not None and _is_config_file(state.path):
            ls.linter.reset()
            for other in ls.documents:
                ls.check_now(other)
        elif state is not None:
            ls.check_now(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CmlintLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel(uri)
        if ls.documents.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: CmlintLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.linter.reset()  # a config file or rule pack changed on disk
        for uri in ls.documents:
            ls.check_now(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: CmlintLanguageServer, params: types.HoverParams) -> types.Hover | None:
        current = await ls.current(params.text_document.uri)
        if current is None:
            return None
        state, source, document = current
        positions = ls.positions(source)
        offset = positions.offset(params.position)
        principle = document.principle_at(offset)
        if principle is None:
            return None
        graph = ls.graph_of(state, document)
        findings = []
        if state.latest is not None and state.latest.source.text == source.text:
            findings = [d for d in state.shown if d.principle == principle.id]
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value=hover_markdown(graph, principle, findings)
            ),
            range=positions.range(principle.span),
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def code_action(ls: CmlintLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        current = await ls.current(uri)
        if current is None:
            return []
        _, source, document = current
        if document.format not in SUPPRESSIBLE_FORMATS:
            return []
        positions = ls.positions(source)
        actions = []
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != "cmlint" or not isinstance(diagnostic.code, str):
                continue
            data: dict[str, Any] = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            insertion = suppression_insertion(
                source,
                document,
                diagnostic.code,
                positions.offset(diagnostic.range.start),
                data.get("principle"),
            )
            at = types.Position(line=insertion.line - 1, character=0)
            edit = types.TextEdit(range=types.Range(start=at, end=at), new_text=insertion.text)
            actions.append(
                types.CodeAction(
                    title=f"Suppress {diagnostic.code} for this principle",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
        return actions

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: CmlintLanguageServer, params: None) -> None:
        for uri in list(ls._pending):
            ls.cancel(uri)
        ls.shutdown_workers()

    return server


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="cmlint-lsp: %(levelname)s: %(message)s"
    )
    create_server().start_io()
