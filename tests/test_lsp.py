"""The language server under a real LSP client (pytest-lsp): every wait is for a notification."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import CORPUS
from tests.lsp_client import open_document, published, replace_all, session

pytestmark = pytest.mark.asyncio(loop_scope="module")

MODEL_SPEC = CORPUS / "openai-model-spec" / "model_spec_2025-12-18.md"

BAD = """\
## Rules {#rules authority=root}

- Follow [?](#missing).
- Keep the user's secrets. {#secrets}
- Say so when unsure. {#secrets}
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose config selects the structural rules, so no test waits for a model."""
    folder = tmp_path_factory.mktemp("lsp")
    (folder / "cmlint.toml").write_text('select = ["S"]\n')
    return folder


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "cmlint", "lsp"]),
)
async def client(lsp_client: LanguageClient, workspace: Path):
    async for _ in session(lsp_client, workspace):
        yield


def _uri(workspace: Path, name: str) -> str:
    return from_fs_path(str(workspace / name))


async def test_open_publishes_codes_links_and_related(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "open.md")
    open_document(client, uri, BAD)
    params = await published(client, uri, 1)
    by_code = {d.code: d for d in params.diagnostics}
    assert sorted(by_code) == ["S002", "S003"]
    dangling = by_code["S003"]
    assert dangling.source == "cmlint"
    assert dangling.severity == types.DiagnosticSeverity.Error
    assert dangling.range == types.Range(types.Position(2, 9), types.Position(2, 22))
    assert dangling.code_description.href.endswith("#s003-dangling-reference")
    duplicate = by_code["S002"]
    (related,) = duplicate.related_information
    assert related.location.uri == uri and related.location.range.start.line == 3
    assert "first used here" in related.message


async def test_change_and_save_republish(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "edit.md")
    open_document(client, uri, BAD)
    await published(client, uri, 1)
    fixed = BAD.replace("(#missing)", "(#rules)").replace("unsure. {#secrets}", "unsure.")
    replace_all(client, uri, fixed, 2)
    assert (await published(client, uri, 2)).diagnostics == ()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=3, uri=uri),
            [  # an incremental edit: "#rules" back to "#missing" on line 3
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(2, 14), types.Position(2, 19)), text="missing"
                )
            ],
        )
    )
    assert [d.code for d in (await published(client, uri, 3)).diagnostics] == ["S003"]
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert [d.code for d in (await published(client, uri, 3)).diagnostics] == ["S003"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert (await published(client, uri)).diagnostics == ()


async def test_utf16_columns_after_emoji(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "emoji.md")
    open_document(client, uri, "## Rules\n\n- 😀 Ünïcode [?](#missing).\n")
    (diagnostic,) = (await published(client, uri, 1)).diagnostics
    # "- " is 2 units, the emoji 2 (a surrogate pair), " Ünïcode " 9: the link starts at 13, not 12.
    assert diagnostic.range.start == types.Position(2, 13)
    assert diagnostic.range.end == types.Position(2, 26)


async def test_document_that_does_not_parse_gives_one_diagnostic(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "broken.json")
    open_document(client, uri, '[\n  "Be honest.",\n  "Be kind." oops\n]\n')
    (diagnostic,) = (await published(client, uri, 1)).diagnostics
    assert diagnostic.severity == types.DiagnosticSeverity.Error and diagnostic.source == "cmlint"
    assert diagnostic.range.start.line == 2 and "JSON" in diagnostic.message
    replace_all(client, uri, json.dumps(["Be honest.", "Be kind."]), 2)
    assert (await published(client, uri, 2)).diagnostics == ()


async def test_garbage_does_not_crash_the_server(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "garbage.md")
    garbage = (
        "\x00\x01{#\n<!-- cmlint: disable=\n```\n" + "".join(chr(c) for c in range(0x2000, 0x2400)) + "\ud800"
    )
    open_document(client, uri, garbage)
    await published(client, uri, 1)
    open_document(client, _uri(workspace, "after.md"), BAD)  # still answering
    assert len((await published(client, _uri(workspace, "after.md"), 1)).diagnostics) == 2


async def test_rapid_edits_publish_only_the_latest(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "rapid.md")
    open_document(client, uri, BAD)
    await published(client, uri, 1)
    for version in range(2, 32):
        replace_all(client, uri, BAD + f"\n- Edit number {version}.\n", version)
    params = await published(client, uri)  # the very next publish for this document
    assert params.version == 31 and len(params.diagnostics) == 2


def _forty_thousand_words() -> str:
    lines = [line for line in MODEL_SPEC.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    out, words = ["# Big"], 0
    while words < 40_000:
        for line in lines:
            out.append(line)
            words += len(line.split())
    return "\n".join(out) + "\n"


async def test_forty_thousand_words_stay_responsive(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "big.md")
    text = _forty_thousand_words()
    started = time.perf_counter()
    open_document(client, uri, text)
    await published(client, uri, 1)
    first = time.perf_counter() - started
    for version in range(2, 12):  # keep typing while checks run
        replace_all(client, uri, text + f"- Added line {version}.\n", version)
    params = await published(client, uri)
    assert params.version == 11, "a stale check was published"
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 4))
    )
    assert hover is not None
    assert first < 20, f"first diagnostics took {first:.1f} s"


async def test_hover_shows_principle_and_neighbours(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "hover.md")
    text = (
        "## Safety {#safety authority=root}\n\n- Never deceive. See [?](#helpful).\n\n"
        "## Helpful {#helpful}\n\nHelp.\n"
    )
    open_document(client, uri, text)
    await published(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(2, 5))
    )
    value = hover.contents.value
    assert "**Principle `safety.1`**: rule · authority `root`" in value
    assert "part of section `safety` (Safety)" in value and "refers to section `helpful` (Helpful)" in value
    assert hover.range.start == types.Position(2, 2)
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 0))
    )
    assert nothing is None


async def test_code_action_inserts_a_suppression_that_works(client: LanguageClient, workspace: Path):
    uri = _uri(workspace, "action.md")
    text = "## Rules\n\n  - Nested\n    - Follow [?](#missing).\n"
    open_document(client, uri, text)
    (diagnostic,) = (await published(client, uri, 1)).diagnostics
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext([diagnostic])
        )
    )
    (action,) = actions
    assert action.title == "Suppress S003 for this principle" and action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[uri]
    assert edit.range.start == edit.range.end == types.Position(3, 0)
    assert edit.new_text == '    <!-- cmlint: disable=S003 reason="" -->\n'
    lines = text.splitlines(keepends=True)
    lines.insert(3, edit.new_text)
    replace_all(client, uri, "".join(lines), 2)
    assert (await published(client, uri, 2)).diagnostics == ()


async def test_broken_config_is_one_diagnostic_at_the_top(client: LanguageClient, workspace: Path):
    folder = workspace / "badconfig"
    folder.mkdir()
    (folder / "cmlint.toml").write_text("selekt = ['S']\n")
    uri = _uri(folder, "c.md")
    open_document(client, uri, BAD)
    (diagnostic,) = (await published(client, uri, 1)).diagnostics
    assert diagnostic.range.start == types.Position(0, 0)
    assert "cmlint.toml:1: error: unknown key 'selekt'" in diagnostic.message
