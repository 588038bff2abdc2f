"""What the language server tests do as a client: open, edit, and wait for published diagnostics."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 30  # seconds; a wait that long means the server is stuck


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    language = "json" if uri.endswith(".json") else "markdown"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, version, text))
    )


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(client: LanguageClient, uri: str, version: int | None = None):
    """The next publishDiagnostics for `uri` (and `version`, when given)."""
    async with asyncio.timeout(TIMEOUT):
        while True:
            params = await client.wait_for_notification(PUBLISH)
            if params.uri == uri and (version is None or params.version == version):
                return params


async def session(client: LanguageClient, workspace: Path):
    """Initialise a session as VS Code would, rooted at `workspace`; shut it down afterwards."""
    await client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            root_uri=from_fs_path(str(workspace)),
        )
    )
    yield
    await client.shutdown_session()
