"""The CI formats (SARIF, GitHub annotations, JUnit) as their consumers read them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from cmlint.catalogue import load_catalogue
from cmlint.cli import main
from cmlint.config import Config
from cmlint.engine import FileResult, check_source
from cmlint.output import OutputOptions, get_formatter
from cmlint.output.github import escape_data, escape_property
from cmlint.output.sarif import FINGERPRINT_KEY
from cmlint.source import Source

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
CATALOGUE = load_catalogue()

DOC = """\
## Empty one

## Rules {#rules}

- 😀 Follow [?](#missing).
- Keep secrets. {#keep}
- Say so. {#keep}
<!-- cmlint: disable=S003 reason="tracked in #12, \\"soon\\"" -->
- Quiet [?](#gone).
"""

NASTY = [
    "quotes \"double\" and 'single', commas, colons: ::error::",
    "new\nline and\r\ncarriage return, 100% sure",
    "non-ASCII: Ünïcödé, 日本語, עברית",
    "emoji 😀👩‍👩‍👧 and a clef 𝄞",
    "control \x00\x07\x1b characters",
    "very long " + "word " * 5000,
]


def _check(text: str = DOC, path: str = "docs/constitution.md") -> FileResult:
    return check_source(Source(path, text), Config(select=("S",)), CATALOGUE)


def _render(name: str, results: list[FileResult]) -> str:
    selected = {r.path: tuple(rule.code for rule in CATALOGUE if rule.code.startswith("S")) for r in results}
    return get_formatter(name)(results, OutputOptions(catalogue=CATALOGUE, selected=selected))


def _with_messages(result: FileResult, messages: list[str]) -> FileResult:
    diagnostics = [replace(d, message=m) for d, m in zip(result.diagnostics, messages, strict=False)]
    return replace(result, diagnostics=diagnostics)


def _sarif(results: list[FileResult]) -> dict:
    log = json.loads(_render("sarif", results))
    jsonschema.Draft7Validator(SCHEMA).validate(log)
    return log


# -- SARIF ---------------------------------------------------------------------------------
def test_sarif_is_valid_and_lists_every_rule():
    log = _sarif([_check()])
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "utf16CodeUnits"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in CATALOGUE]
    s003 = rules[[r["id"] for r in rules].index("S003")]
    assert s003["name"] == "dangling-reference" and s003["helpUri"].endswith("#s003-dangling-reference")
    assert s003["help"]["markdown"].startswith("## S003 dangling-reference")
    assert s003["defaultConfiguration"]["level"] == "error" and s003["fullDescription"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_locations_use_utf16_columns_and_relative_uris():
    run = _sarif([_check()])["runs"][0]
    (dangling,) = [r for r in run["results"] if r["ruleId"] == "S003" and "suppressions" not in r]
    location = dangling["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/constitution.md", "uriBaseId": "%SRCROOT%"}
    # "- " then the emoji (2 UTF-16 units) then " Follow ": the link starts at column 13, 1-based.
    assert location["region"] == {"startLine": 5, "startColumn": 13, "endLine": 5, "endColumn": 26}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    assert (
        dangling["level"] == "error"
        and dangling["message"]["text"] == "anchor '#missing' names nothing in this document"
    )


def test_sarif_related_locations_and_suppressions():
    run = _sarif([_check()])["runs"][0]
    (duplicate,) = [r for r in run["results"] if r["ruleId"] == "S002"]
    (related,) = duplicate["relatedLocations"]
    assert related["id"] == 1 and related["message"]["text"] == "'keep' first used here"
    assert related["physicalLocation"]["region"]["startLine"] == 6
    (silenced,) = [r for r in run["results"] if "suppressions" in r]
    assert (
        silenced["ruleId"] == "S003"
        and silenced["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    )
    assert silenced["suppressions"] == [{"kind": "inSource", "justification": 'tracked in #12, "soon"'}]


def test_sarif_fingerprints_survive_an_unrelated_line_above():
    before = _sarif([_check()])["runs"][0]["results"]
    after = _sarif([_check("Intro paragraph.\n\n" + DOC)])["runs"][0]["results"]
    fingerprints = [(r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]) for r in before]
    assert fingerprints == [(r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]) for r in after]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] != [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before
    ]
    reworded = _sarif([_check(DOC.replace("Follow [?](#missing)", "Obey [?](#missing)"))])["runs"][0][
        "results"
    ]
    assert {r["partialFingerprints"][FINGERPRINT_KEY] for r in reworded} != {f for _, f in fingerprints}


def test_sarif_path_with_spaces_is_a_uri_reference():
    run = _sarif([_check(path="my docs/the constitution.md")])["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20docs/the%20constitution.md"


# -- GitHub annotations --------------------------------------------------------------------
def test_github_annotations():
    lines = _render("github", [_check()]).splitlines()
    assert lines[0] == (
        "::warning file=docs/constitution.md,line=1,col=1,endLine=1,endColumn=13,"
        "title=S005 empty-section::section 'Empty one' is empty"
    )
    where = "file=docs/constitution.md,line=5,col=13,endLine=5,endColumn=26"
    assert f"::error {where},title=S003 dangling-reference::anchor '#missing' names nothing" in lines[1]
    assert len(lines) == 3  # the suppressed finding is not annotated


def test_github_escaping():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def _unescape(value: str) -> str:
    return (
        value.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


# -- JUnit ---------------------------------------------------------------------------------
def test_junit_has_a_case_per_rule_and_file():
    second = _check("## Rules\n\n- Be kind.\n", "clean.md")
    root = ET.fromstring(_render("junit", [_check(), second]))
    assert root.tag == "testsuites" and root.get("errors") == "0"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["docs/constitution.md", "clean.md"]
    first = suites[0]
    cases = {c.get("name"): c for c in first.findall("testcase")}
    assert len(cases) == 7 and first.get("tests") == "7" and first.get("failures") == "3"
    failure = cases["S003 dangling-reference"].find("failure")
    assert failure.get("type") == "S003" and "docs/constitution.md:5:12:" in failure.text
    assert cases["S004 precedence-cycle"].find("failure") is None
    assert suites[1].get("failures") == "0" and root.get("tests") == "14" and root.get("failures") == "3"


# -- every format survives hostile messages -------------------------------------------------
@pytest.mark.parametrize(
    "message", NASTY, ids=["quotes", "newlines", "non-ascii", "emoji", "control", "long"]
)
def test_formats_survive_hostile_messages(message):
    result = _with_messages(_check(), [message] * 3)
    sarif = _sarif([result])
    assert sarif["runs"][0]["results"][0]["message"]["text"] == message
    annotations = _render("github", [result]).rstrip("\n").split("\n")
    assert len(annotations) == 3
    assert _unescape(annotations[0].split("::", 2)[2]) == message
    failure = ET.fromstring(_render("junit", [result])).find(".//failure")
    readable = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", message)  # XML 1.0 cannot hold these
    assert failure.get("message") == readable
    assert readable.replace("\r\n", "\n").replace("\r", "\n") in failure.text  # XML reads CR LF as LF


def test_sarif_and_github_agree_on_utf16_columns_of_a_zwj_emoji():
    heading = "## 👩‍👩‍👧 [?](#x)"
    result = _check(heading + "\n")
    region = _sarif([result])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    end = 1 + len(heading.encode("utf-16-le")) // 2
    assert (region["startColumn"], region["endColumn"]) == (1, end) and end != 1 + len(heading)
    assert f",col=1,endLine=1,endColumn={end}," in _render("github", [result])


# -- the command line ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sarif", "github", "junit"])
def test_cli_formats_and_exit_codes(tmp_path, monkeypatch, capsys, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(DOC, encoding="utf-8")
    assert main(["check", "bad.md", "--format", name, "--isolated", "--select", "S"]) == 1
    out = capsys.readouterr().out
    if name == "sarif":
        jsonschema.Draft7Validator(SCHEMA).validate(json.loads(out))
    elif name == "junit":
        assert ET.fromstring(out).get("failures") == "3"
    else:
        assert out.count("::") == 6


# -- reports agree with the exit code ---------------------------------------------------------
@pytest.mark.parametrize(
    "fail_on,exit_code,failures", [("warning", 1, "3"), ("error", 1, "2"), ("info", 1, "3")]
)
def test_junit_fails_only_what_fail_on_fails(tmp_path, monkeypatch, capsys, fail_on, exit_code, failures):
    """S005 (warning) passes under --fail-on error: listed in system-out, not a failure."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(DOC, encoding="utf-8")
    code = main(["check", "bad.md", "--format", "junit", "--isolated", "--select", "S", "--fail-on", fail_on])
    root = ET.fromstring(capsys.readouterr().out)
    assert code == exit_code and root.get("failures") == failures
    empty = next(c for c in root.iter("testcase") if c.get("name") == "S005 empty-section")
    if fail_on == "error":
        assert (
            empty.find("failure") is None and "section 'Empty one' is empty" in empty.find("system-out").text
        )
    else:
        assert empty.find("failure") is not None


def test_junit_with_only_infos_passes_like_the_exit_code(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.md").write_text(DOC, encoding="utf-8")
    infos = "".join(f'[rules.{code}]\nseverity = "info"\n' for code in ("S002", "S003", "S005"))
    (tmp_path / "cmlint.toml").write_text('select = ["S"]\n' + infos)
    assert main(["check", "c.md", "--format", "junit"]) == 0
    assert ET.fromstring(capsys.readouterr().out).get("failures") == "0"


# -- documentation links point at a real place ----------------------------------------------------
def test_doc_links_default_to_the_shipped_docs(tmp_path, monkeypatch, capsys):
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(DOC, encoding="utf-8")
    main(["check", "bad.md", "--format", "json", "--isolated", "--select", "S"])
    url = json.loads(capsys.readouterr().out)["files"][0]["diagnostics"][0]["url"]
    parsed = urlparse(url)
    assert parsed.scheme == "file" and "github.com" not in url
    page = Path(url2pathname(parsed.path))
    assert page.name == "rules.md" and f"## {parsed.fragment.split('-', 1)[0].upper()} " in page.read_text()


def test_docs_url_setting_sets_every_link(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "cmlint.toml").write_text(
        'select = ["S"]\ndocs-url = "https://docs.example.org/cmlint/rules.html"\n'
    )
    main(["check", "bad.md", "--format", "json"])
    urls = {d["url"] for d in json.loads(capsys.readouterr().out)["files"][0]["diagnostics"]}
    assert "https://docs.example.org/cmlint/rules.html#s003-dangling-reference" in urls
    main(["check", "bad.md", "--format", "sarif"])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"].split("#")[0] for r in rules} == {"https://docs.example.org/cmlint/rules.html"}
    main(["rules", "--format", "json"])
    assert json.loads(capsys.readouterr().out)[0]["url"].startswith(
        "https://docs.example.org/cmlint/rules.html#"
    )
