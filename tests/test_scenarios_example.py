"""The shipped example: a real scenarios file, consistent with its constitution and its README."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import _shared_catalogue

from cmlint.config import Config
from cmlint.engine import check_source
from cmlint.scenarios.records import read_records
from cmlint.source import read_source

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "model-spec-honesty"


def test_the_example_records_one_model_and_are_fresh_for_its_constitution():
    records = read_records(EXAMPLE / "constitution.scenarios.jsonl")
    assert {r.generation["model"] for r in records} == {"SmolLM2-135M-Instruct.Q4_1.gguf"}
    assert {r.generation["template"] for r in records} == {"scenario-few-shot/v1"}
    assert Counter(r.status for r in records) == {"filtered": 19, "ok": 11}  # as its README says
    result = check_source(
        read_source(str(EXAMPLE / "constitution.md")),
        Config(select=("G101", "G102", "G103")),
        _shared_catalogue(),
    )
    assert [(d.code, d.principle) for d in result.diagnostics] == [("G101", "avoid_sycophancy.2")]
