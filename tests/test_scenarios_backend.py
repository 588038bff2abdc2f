"""The OpenAI-compatible backend and the retry layer, against a real HTTP server that misbehaves."""

from __future__ import annotations

import json
import random
import socket
import time

import pytest
from scenario_stub import SCENARIO, Reply, StubServer, chunks, completion

from cmlint.scenarios.backends import BackendConfig, BackendError, Sampling, get_backend
from cmlint.scenarios.backends.openai import retry_after_seconds
from cmlint.scenarios.prompts import SCENARIO_SCHEMA
from cmlint.scenarios.tasks import Pair, RateLimiter, RetryPolicy, Side, TaskSettings, TaskSpec, run_task

MESSAGES = [{"role": "user", "content": "hi"}]
FAST = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01, max_retry_after=5)


@pytest.fixture
def stub():
    with StubServer() as server:
        yield server


def backend(stub: StubServer, **options) -> object:
    return get_backend(
        BackendConfig("openai", stub.base_url, "stub", timeout=options.pop("timeout", 5), **options)
    )


def test_a_plain_completion_reports_the_text_and_the_model_file_name(stub):
    stub.script.append(Reply(body=completion("hello")))
    result = backend(stub).complete(MESSAGES, Sampling(seed=7), SCENARIO_SCHEMA)
    assert (result.text, result.model, result.finish_reason) == ("hello", "stub-model.gguf", "stop")
    body = stub.requests[0]
    assert body["seed"] == 7 and body["messages"] == MESSAGES and body["stream"] is False
    assert body["response_format"] == {"type": "json_object"}


def test_schema_mode_sends_the_schema_and_off_sends_no_format(stub):
    backend(stub, json_mode="schema").complete(MESSAGES, Sampling(), SCENARIO_SCHEMA)
    backend(stub, json_mode="off").complete(MESSAGES, Sampling(), SCENARIO_SCHEMA)
    assert stub.requests[0]["response_format"] == {"type": "json_object", "schema": SCENARIO_SCHEMA}
    assert "response_format" not in stub.requests[1]


def test_a_streamed_completion_is_assembled_from_its_events(stub):
    text = json.dumps(SCENARIO)
    stub.script.append(Reply(stream=chunks(text)))
    result = backend(stub, stream=True).complete(MESSAGES, Sampling())
    assert result.text == text and result.finish_reason == "stop" and stub.requests[0]["stream"] is True


def test_a_broken_stream_event_is_a_bad_response(stub):
    stub.script.append(Reply(stream=[chunks("ok")[1], "{not json"]))
    with pytest.raises(BackendError) as caught:
        backend(stub, stream=True).complete(MESSAGES, Sampling())
    assert caught.value.kind == "bad-response" and caught.value.retryable


def test_a_slow_server_is_a_timeout_not_a_hang(stub):
    stub.script.append(Reply(body=completion("late"), delay=1.0))
    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        backend(stub, timeout=0.2).complete(MESSAGES, Sampling())
    assert caught.value.kind == "timeout" and caught.value.retryable
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize(
    "reply,kind,retryable,fatal",
    [
        (Reply(status=500, body="boom"), "http-5xx", True, False),
        (Reply(status=503, body="busy", headers={"Retry-After": "3"}), "http-5xx", True, False),
        (Reply(status=429, body="slow down", headers={"Retry-After": "2"}), "rate-limited", True, False),
        (Reply(status=401, body='{"error": "bad key"}'), "auth", False, True),
        (Reply(status=404, body="no such model"), "not-found", False, True),
        (Reply(status=400, body="context too long"), "http-4xx", False, False),
        (Reply(body=b"<html>gateway</html>"), "bad-response", True, False),
        (Reply(body={"error": {"message": "overloaded"}}), "bad-response", True, False),
        (
            Reply(body={"choices": [{"message": {"content": ""}, "finish_reason": "stop"}]}),
            "bad-response",
            True,
            False,
        ),
    ],
)
def test_each_failure_has_a_kind_and_a_retry_decision(stub, reply, kind, retryable, fatal):
    stub.script.append(reply)
    with pytest.raises(BackendError) as caught:
        backend(stub).complete(MESSAGES, Sampling())
    error = caught.value
    assert (error.kind, error.retryable, error.fatal) == (kind, retryable, fatal)
    if "Retry-After" in reply.headers:
        assert error.retry_after == float(reply.headers["Retry-After"])


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_a_refused_connection_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(BackendError) as caught:
        get_backend(BackendConfig("openai", f"http://127.0.0.1:{port}/v1", timeout=2)).complete(
            MESSAGES, Sampling()
        )
    assert caught.value.kind == "connection" and caught.value.retryable


def test_the_api_key_comes_from_the_named_environment_variable_only(stub, monkeypatch):
    config = BackendConfig("openai", stub.base_url, "stub", api_key_env="CMLINT_TEST_KEY", timeout=5)
    monkeypatch.delenv("CMLINT_TEST_KEY", raising=False)
    with pytest.raises(BackendError) as caught:
        get_backend(config).complete(MESSAGES, Sampling())
    assert caught.value.fatal and "CMLINT_TEST_KEY" in str(caught.value) and not stub.requests
    monkeypatch.setenv("CMLINT_TEST_KEY", "sk-test")
    get_backend(config).complete(MESSAGES, Sampling())
    assert stub.headers[-1]["Authorization"] == "Bearer sk-test"


# -- the retry layer (tasks.py) -------------------------------------------------------------------

SPEC = TaskSpec(
    Pair(
        Side("a.1", "a.1", "Never reveal it.", "0" * 16),
        Side("b.1", "b.1", "Share it.", "1" * 16),
        "conflict",
        1,
    ),
    index=0,
    per_pair=1,
    judge_samples=2,
)


def settings(stub: StubServer, retry: RetryPolicy = FAST) -> TaskSettings:
    return TaskSettings(BackendConfig("openai", stub.base_url, "stub", timeout=0.3), retry=retry)


def test_transient_failures_are_retried_and_counted(stub):
    stub.script += [Reply(status=500, body="x"), Reply(body=completion("no json here")), Reply(delay=0.6)]
    outcome = run_task(SPEC, settings(stub, RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.01)))
    assert outcome.ok and outcome.scenario is not None and len(outcome.votes) == 2
    assert outcome.problems == {"http-5xx": 1, "malformed": 1, "timeout": 1}
    assert outcome.retries == 3 and outcome.calls == 6


def test_malformed_output_is_retried_with_a_fresh_seed(stub):
    stub.script.append(Reply(body=completion("Sure, here you go.")))
    outcome = run_task(SPEC, settings(stub))
    assert outcome.ok
    seeds = [r["seed"] for r in stub.requests[:2]]
    assert seeds[1] == seeds[0] + 1


def test_retry_after_is_honoured(stub):
    stub.script.append(Reply(status=429, body="slow down", headers={"Retry-After": "2"}))
    waits: list[float] = []
    outcome = run_task(SPEC, settings(stub), sleep=waits.append)
    assert outcome.ok and waits[0] >= 2.0


def test_a_request_that_keeps_failing_is_one_failure_with_its_kind(stub):
    stub.default = lambda body: Reply(body=completion("I'm sorry, I can't help with that."))
    outcome = run_task(SPEC, settings(stub))
    assert not outcome.ok and outcome.error_kind == "refused" and outcome.calls == 3


def test_a_fatal_error_stops_at_once(stub):
    stub.default = lambda body: Reply(status=401, body="bad key")
    outcome = run_task(SPEC, settings(stub))
    assert outcome.fatal and outcome.error_kind == "auth" and outcome.calls == 1


def test_a_failed_judge_sample_is_dropped_when_another_succeeds(stub):
    stub.script += [Reply(body=completion(json.dumps(SCENARIO))), Reply(status=400, body="no")]
    outcome = run_task(SPEC, settings(stub))
    assert outcome.ok and len(outcome.votes) == 1 and outcome.problems == {"http-4xx": 1}


def test_backoff_grows_with_full_jitter_but_never_below_retry_after():
    policy = RetryPolicy(base_delay=1, max_delay=8, max_retry_after=30)
    rng = random.Random(0)
    assert all(0 <= policy.delay(n, None, rng) <= min(8, 2**n) for n in range(6) for _ in range(50))
    limited = BackendError("rate-limited", "x", retryable=True, retry_after=100)
    assert policy.delay(0, limited, rng) == 30


def test_the_rate_limiter_spaces_request_starts():
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(120, clock=lambda: now[0])
    for _ in range(3):
        limiter.wait(sleep)
    assert waits == [0.5, 0.5] and now[0] == 1.0
    assert RateLimiter(None).interval == 0
