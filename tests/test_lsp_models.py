"""The language server with a slow model-backed rule: fast lane first, every rule on open and save.

The server subprocess has the test rule X901 (tests/fake_models.py), which pretends to need
spaCy and takes FAKE_MODEL_SECONDS, as loading a model would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.fake_models import write_pack
from tests.lsp_client import open_document, published, replace_all, session

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-c", "from tests.fake_models import serve; serve()"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "FAKE_MODEL_SECONDS": "1.5"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("lsp-models"))


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def client(lsp_client: LanguageClient, workspace: Path):
    async for _ in session(lsp_client, workspace):
        yield


def _codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [d.code for d in params.diagnostics]


async def test_fast_lane_first_then_every_rule_then_carried_over(client: LanguageClient, workspace: Path):
    uri = from_fs_path(str(workspace / "constitution.md"))
    text = "## Rules\n\n- The assistant must FLAG this.\n- Follow [?](#missing).\n"
    open_document(client, uri, text)
    assert _codes(await published(client, uri, 1)) == ["S003"]  # no wait for the slow rule
    full = await published(client, uri, 1)
    assert _codes(full) == ["X901", "S003"] and full.diagnostics[0].range.start.line == 2
    replace_all(client, uri, "Intro.\n\n" + text, 2)  # edits run the fast rules only ...
    moved = await published(client, uri, 2)
    assert (
        _codes(moved) == ["X901", "S003"] and moved.diagnostics[0].range.start.line == 4
    )  # ... and keep X901
    replace_all(client, uri, "Intro.\n\n" + text.replace("FLAG this", "flag this"), 3)
    assert _codes(await published(client, uri, 3)) == ["S003"]  # a reworded principle drops it


async def test_a_full_check_overtaken_by_edits_still_lands(client: LanguageClient, workspace: Path):
    uri = from_fs_path(str(workspace / "policy.md"))
    text = "## Rules\n\n- Follow [?](#missing).\n"
    open_document(client, uri, text)
    await published(client, uri, 1)
    await published(client, uri, 1)  # the full check of the open
    added = text + "- A new FLAG principle.\n"
    replace_all(client, uri, added, 2)
    assert _codes(await published(client, uri, 2)) == ["S003"]  # the fast rules cannot see X901 yet
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    replace_all(client, uri, "Intro.\n\n" + added, 3)  # typing goes on while the save's full check runs
    first = await published(client, uri, 3)
    assert _codes(first) == ["S003"]
    late = await published(client, uri, 3)  # the full check of version 2 finishes: its finding moves to v3
    assert _codes(late) == ["S003", "X901"] and late.diagnostics[1].range.start.line == 5
