"""One unit of generation work, the same in a thread pool and on a Ray cluster.

A task asks for scenario `index` of a pair, then (with a model judge) for `judge_samples`
judgements of it. Everything it needs is plain picklable data (`TaskSpec`, `TaskSettings`), and
it returns a `TaskOutcome` instead of raising, so one failed request is one line in the summary
and never costs the requests that succeeded.

Retries live here, once for every backend: exponential backoff with full jitter, at least the
Retry-After a server asks for (capped), a fresh seed after malformed or refused output (the
same seed would give the same bad answer), and a client-side rate limit shared by the workers
of one process. Seeds are derived from the pair, the index and the run's seed, so a rerun asks
the same questions.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from cmlint.scenarios.backends import BackendConfig, BackendError, Sampling, get_backend
from cmlint.scenarios.prompts import (
    JUDGE_SCHEMA,
    SCENARIO_SCHEMA,
    GeneratedScenario,
    OutputError,
    Vote,
    generation_messages,
    judge_messages,
    parse_judgement,
    parse_scenario,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Side:
    """One statement of a pair, with what generation and the checks need to know about it."""

    statement: str  # statement id
    principle: str  # principle id
    text: str
    sha256: str  # hash of the whole principle's text
    polarity: int = 0  # +1 obliges or permits, -1 forbids, 0 neither
    action: str = ""


@dataclass(frozen=True)
class Pair:
    first: Side
    second: Side
    selection: str  # conflict | absolutes | no-precedence | distant
    score: float  # similarity of the two statements (or of their actions, for conflicts)
    reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.first.statement}|{self.second.statement}"


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries per request, the first included
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0  # never wait longer than this for a server's Retry-After

    def delay(self, attempt: int, error: BackendError | None, rng: random.Random) -> float:
        """Seconds before try `attempt + 1`: full jitter, but no less than a Retry-After."""
        wait = rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))
        if error is not None and error.retry_after is not None:
            wait = max(wait, min(error.retry_after, self.max_retry_after))
        return wait


class RateLimiter:
    """At most `per_minute` request starts a minute across the threads of one process."""

    def __init__(self, per_minute: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self, sleep: Callable[[float], None] = time.sleep) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            sleep(start - now)


@dataclass(frozen=True)
class TaskSettings:
    backend: BackendConfig
    sampling: Sampling = field(default_factory=Sampling)
    judge_sampling: Sampling = field(default_factory=lambda: Sampling(temperature=0.7, max_tokens=160))
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rate_per_minute: float | None = None
    seed: int = 0

    @classmethod
    def of(cls, backend: BackendConfig, options: Any) -> TaskSettings:
        """The settings a command's options give its tasks (generate's and dryrun's share these fields)."""
        return cls(
            backend,
            options.sampling,
            options.judge_sampling,
            options.retry,
            options.rate_per_minute,
            options.seed,
        )


@dataclass(frozen=True)
class TaskSpec:
    pair: Pair
    index: int
    per_pair: int
    few_shot: bool = False
    judge_samples: int = 0  # 0: the driver judges offline

    @property
    def key(self) -> str:
        return f"{self.pair.key}#{self.index}"


@dataclass
class TaskOutcome:
    key: str
    scenario: GeneratedScenario | None = None
    votes: list[Vote] = field(default_factory=list)
    model: str = ""
    error_kind: str | None = None
    error: str | None = None
    fatal: bool = False
    calls: int = 0
    retries: int = 0
    problems: dict[str, int] = field(default_factory=dict)  # kinds of failed tries, retried or not
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.scenario is not None and self.error_kind is None


class _Failed(Exception):
    def __init__(self, error: BackendError | OutputError) -> None:
        super().__init__(str(error))
        self.error = error


def task_seed(key: str, seed: int) -> int:
    digest = hashlib.sha256(f"{seed}\x1f{key}".encode()).digest()
    return int.from_bytes(digest[:4], "little") & 0x7FFFFFFF


_PROCESS_LIMITERS: dict[float | None, RateLimiter] = {}


def process_limiter(per_minute: float | None) -> RateLimiter:
    """One limiter per process and rate: the threads of a pool (or of a Ray worker) share it."""
    return _PROCESS_LIMITERS.setdefault(per_minute, RateLimiter(per_minute))


def _call(
    outcome: TaskOutcome,
    settings: TaskSettings,
    messages: list[dict[str, str]],
    sampling: Sampling,
    parse: Callable[[str], T],
    schema: dict[str, Any],
    limiter: RateLimiter,
    rng: random.Random,
    sleep: Callable[[float], None],
) -> T:
    """One request, tried up to `retry.attempts` times; raises `_Failed` with the last error."""
    backend = get_backend(settings.backend)
    last: BackendError | OutputError | None = None
    for attempt in range(settings.retry.attempts):
        if attempt:
            outcome.retries += 1
            sleep(settings.retry.delay(attempt - 1, last if isinstance(last, BackendError) else None, rng))
        limiter.wait(sleep)
        seed = None if sampling.seed is None else sampling.seed + attempt
        outcome.calls += 1
        try:
            completion = backend.complete(messages, replace(sampling, seed=seed), schema)
            outcome.model = completion.model
            return parse(completion.text)
        except BackendError as exc:
            last = exc
            outcome.problems[exc.kind] = outcome.problems.get(exc.kind, 0) + 1
            if exc.fatal or not exc.retryable:
                raise _Failed(exc) from None
        except OutputError as exc:
            last = exc
            outcome.problems[exc.kind] = outcome.problems.get(exc.kind, 0) + 1
    assert last is not None
    raise _Failed(last)


def run_task(
    spec: TaskSpec,
    settings: TaskSettings,
    limiter: RateLimiter | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> TaskOutcome:
    """Generate one scenario and, with a model judge, its judge samples. Never raises for a request."""
    started = time.perf_counter()
    outcome = TaskOutcome(spec.key)
    limiter = limiter or process_limiter(settings.rate_per_minute)
    seed = task_seed(spec.key, settings.seed)
    rng = random.Random(seed)
    a, b = spec.pair.first.text, spec.pair.second.text
    try:
        outcome.scenario = _call(
            outcome,
            settings,
            generation_messages(a, b, spec.index, spec.per_pair, spec.few_shot),
            replace(settings.sampling, seed=seed),
            parse_scenario,
            SCENARIO_SCHEMA,
            limiter,
            rng,
            sleep,
        )
        judge = judge_messages(a, b, outcome.scenario.request, outcome.scenario.context)
        failure: _Failed | None = None
        for sample in range(spec.judge_samples):
            try:
                vote = _call(
                    outcome,
                    settings,
                    judge,
                    replace(settings.judge_sampling, seed=seed + 1000 * (sample + 1)),
                    parse_judgement,
                    JUDGE_SCHEMA,
                    limiter,
                    rng,
                    sleep,
                )
            except _Failed as exc:
                if getattr(exc.error, "fatal", False):
                    raise
                failure = exc
                continue
            outcome.votes.append(vote)
        if spec.judge_samples and not outcome.votes and failure is not None:
            raise failure
    except _Failed as exc:
        error = exc.error
        outcome.error_kind = error.kind
        outcome.error = str(error)
        outcome.fatal = bool(getattr(error, "fatal", False))
    except Exception as exc:  # a bug in a backend must cost one task, not the run's finished work
        outcome.error_kind = "internal"
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    return outcome
