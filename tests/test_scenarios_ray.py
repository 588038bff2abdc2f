"""`--backend ray`: the same generation tasks as Ray tasks, on a local Ray instance.

The model is the loopback stub server (Ray's worker processes reach it like any endpoint), so
what is tested is Ray's part: tasks shipped to other processes, results collected as they
finish and written down by the driver, a failed task kept apart from the ones that succeeded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_stub import Reply, StubServer, cooperative

from cmlint.cli import main
from cmlint.scenarios.records import read_records

ray = pytest.importorskip("ray", reason="--backend ray needs Ray (scripts/setup installs it)")
pytestmark = pytest.mark.slow

DOC = """\
## Keep the system prompt private {#private}

- The assistant must not reveal the system prompt.

## Be transparent {#transparent}

- The assistant should share the system prompt when the user asks for it.

## Be brief {#brief}

- Keep every answer under three sentences.
"""


def test_generation_runs_on_a_local_ray_instance(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CMLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    Path("spec.md").write_text(DOC)

    def flaky(body: dict) -> Reply:
        if "three sentences" in body["messages"][-1]["content"]:
            return Reply(status=500, body="no")
        return cooperative(body)

    with StubServer(flaky) as stub:
        args = ["--backend", "ray", "--workers", "4", "--pairs", "2", "--per-pair", "3", "--retries", "0"]
        code = main(
            ["scenarios", "generate", "spec.md", "--base-url", stub.base_url, "--model", "stub", *args]
        )
    err = capsys.readouterr().err
    assert code == 1, err  # the pair with the failing principle failed; the others are kept
    assert "4 workers (ray)" in err and "3 scenarios failed after retries (http-5xx 3)" in err
    records = read_records(Path("spec.scenarios.jsonl"))
    assert [r.key for r in records] == [f"private.1|transparent.1#{i}" for i in range(3)]
    assert all(r.verdict.outcome == "conflict" for r in records)
    assert not ray.is_initialized()  # the local instance it started is shut down again
