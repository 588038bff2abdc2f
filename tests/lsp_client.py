"""What the language server tests do as a client: open, edit, and wait for published diagnostics."""

from __future__ import annotations

import asyncio

from lsprotocol import types
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
