"""`cmlint scenarios dryrun`: use a principle the way Constitutional AI's feedback stage does.

For a principle and a few prompts (requests from the scenarios file that name it, else requests
the model writes), the model answers helpfully; each degenerate strategy's answer (a refusal, an
empty answer, a wall of caveats, agreement, a question back, padding) is put against it; and the
judge is asked which of the two better satisfies the principle, `samples` times and in both
orders, since the first thing a judge gets wrong is position. Every comparison is recorded in the
scenarios file (`dryrun_records`), so `cmlint check` (G106) reads the outcome with no model.

The same machinery as `scenarios generate`: one chat call per request through any backend,
retries with backoff and a fresh seed after unusable output (`tasks._call`), seeds derived from
the key and the run's seed, one journal line per finished prompt, an atomic commit at the end
and on Ctrl-C or SIGTERM, and a rerun that skips what is done for the principle's current text.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from cmlint.scenarios import dryrun_prompts as P
from cmlint.scenarios.backends import BackendConfig, BackendError, Sampling
from cmlint.scenarios.dryrun_records import ORDERS, DryRunRecord, DryRunVote, dryrun_key
from cmlint.scenarios.prompts import OutputError
from cmlint.scenarios.records import PrincipleRef, ScenarioRecord, text_hash
from cmlint.scenarios.tasks import (
    RetryPolicy,
    TaskOutcome,
    TaskSettings,
    _call,
    _Failed,
    process_limiter,
    task_seed,
)

if TYPE_CHECKING:
    from cmlint.model import Document
    from cmlint.nlp.analysis import Statement
    from cmlint.scenarios.store import ScenarioStore

DEFAULT_STRATEGIES = ("refusal", "minimal", "caveats")


@dataclass(frozen=True)
class DryRunOptions:
    ids: tuple[str, ...] = ()  # statement or principle ids; empty: choose `count` of them
    count: int = 10
    prompts: int = 2
    samples: int = 3
    strategies: tuple[str, ...] = DEFAULT_STRATEGIES
    seed: int = 0
    workers: int = 1
    sampling: Sampling = field(default_factory=lambda: Sampling(temperature=0.7, max_tokens=240))
    judge_sampling: Sampling = field(default_factory=lambda: Sampling(temperature=0.7, max_tokens=24))
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rate_per_minute: float | None = None


@dataclass(frozen=True)
class Target:
    """One statement to dry-run, with the requests it already has and its hash."""

    ref: PrincipleRef
    requests: tuple[str, ...]  # from the scenarios file, first


@dataclass(frozen=True)
class DryRunTask:
    target: Target
    index: int  # prompt index
    strategies: tuple[str, ...]  # the ones still to do
    request: str  # "" : ask the model for one
    helpful: str  # "" : ask the model for one
    source: str = "generated"  # where the request came from: "scenarios" or "generated"

    @property
    def key(self) -> str:
        return f"dryrun|{self.target.ref.statement}#{self.index}"


@dataclass
class DryRunOutcome(TaskOutcome):
    """A prompt's records, and the call counts and errors `tasks._call` keeps (as for a scenario)."""

    task: DryRunTask | None = None
    records: list[DryRunRecord] = field(default_factory=list)


def select_targets(document: Document, settings: dict[str, Any], options: DryRunOptions) -> list[Target]:
    """The statements to dry-run: the ids asked for, else those G105's reading says reward a
    strategy, then the other preference prompts and rules, in document order, up to `count`."""
    from cmlint.checks.consequence import is_rule
    from cmlint.goodhart.roles import roles_of
    from cmlint.goodhart.strategies import analyse
    from cmlint.model import Kind
    from cmlint.nlp.analysis import analyse as analyse_nlp

    nlp = analyse_nlp(document, settings)
    statements = [
        s
        for s in nlp.statements
        if s.frame.is_deontic and s.principle.kind in (Kind.RULE, Kind.PREFERENCE) and is_rule(s, document)
    ]
    if options.ids:
        chosen: list[Statement] = []
        for wanted in options.ids:
            match = [s for s in nlp.statements if s.id == wanted] or [
                s for s in nlp.statements if s.principle.id == wanted
            ][:1]
            if not match:
                raise ValueError(f"no statement or principle '{wanted}' in {document.source.path}")
            chosen += match
    else:
        rewarding = {f.statement.id for f in analyse(statements, roles_of(statements)) if f.rewards}
        ordered = [s for s in statements if s.id in rewarding] + [
            s for s in statements if s.id not in rewarding
        ]
        chosen = ordered[: options.count]
    return [
        Target(PrincipleRef(s.principle.id, s.id, text_hash(s.principle.text), " ".join(s.text.split())), ())
        for s in chosen
    ]


def plan_tasks(
    targets: list[Target], store: ScenarioStore, options: DryRunOptions
) -> tuple[list[DryRunTask], int]:
    """The prompts still to do, reusing the request and helpful answer a fresh earlier record holds."""
    tasks, done = [], 0
    for target in targets:
        from_scenarios = [
            r.request
            for r in store.records.values()
            if isinstance(r, ScenarioRecord)
            and r.status == "ok"
            and any(p.statement == target.ref.statement for p in r.principles)
        ]
        for index in range(options.prompts):
            prefix = dryrun_key(target.ref.statement, index, "")
            earlier = [
                r
                for key, r in store.records.items()
                if key.startswith(prefix)
                and isinstance(r, DryRunRecord)
                and r.principles[0].sha256 == target.ref.sha256
            ]
            todo = tuple(s for s in options.strategies if not any(r.strategy == s for r in earlier))
            done += len(options.strategies) - len(todo)
            if not todo:
                continue
            # the request and helpful answer of an earlier strategy of this prompt, so all compare alike
            request = (
                earlier[0].request
                if earlier
                else (from_scenarios[index] if index < len(from_scenarios) else "")
            )
            helpful = earlier[0].helpful if earlier else ""
            source = earlier[0].prompt_source if earlier else "scenarios" if request else "generated"
            tasks.append(DryRunTask(target, index, todo, request, helpful, source))
    return tasks, done


def _vote_once(
    outcome: DryRunOutcome,
    settings: TaskSettings,
    messages: list[dict[str, str]],
    sampling: Sampling,
    rng: random.Random,
) -> str:
    """One judge call: "A", "B", or "" when even the retries named neither option."""
    try:
        return _call(
            outcome,
            settings,
            messages,
            sampling,
            P.parse_choice,
            P.JUDGE_SCHEMA,
            process_limiter(settings.rate_per_minute),
            rng,
            time.sleep,
        )
    except _Failed as exc:
        if isinstance(exc.error, OutputError):
            return ""
        raise


def run_task(task: DryRunTask, backend: BackendConfig, options: DryRunOptions) -> DryRunOutcome:
    """The helpful answer, then each strategy's comparisons. Never raises for a request."""
    settings = TaskSettings.of(backend, options)
    outcome = DryRunOutcome(task.key, task=task)
    seed = task_seed(task.key, options.seed)
    rng = random.Random(seed)
    limiter = process_limiter(options.rate_per_minute)
    principle = task.target.ref.text
    try:
        request = task.request
        if not request:
            request = _call(
                outcome,
                settings,
                P.request_messages(principle, task.index),
                replace(options.sampling, seed=seed),
                P.parse_request,
                P.REQUEST_SCHEMA,
                limiter,
                rng,
                time.sleep,
            )
        helpful = task.helpful or _call(
            outcome,
            settings,
            P.answer_messages(request),
            replace(options.sampling, seed=seed + 1),
            P.parse_answer,
            P.ANSWER_SCHEMA,
            limiter,
            rng,
            time.sleep,
        )
        for strategy in task.strategies:
            degenerate = P.degenerate_answer(strategy, helpful)
            votes = []
            for sample in range(options.samples):
                for order in ORDERS:
                    first, second = (helpful, degenerate) if order == ORDERS[0] else (degenerate, helpful)
                    judge_seed = seed + 1000 * (sample + 1) + (7 if order == ORDERS[1] else 0)
                    choice = _vote_once(
                        outcome,
                        settings,
                        P.judge_messages(principle, request, first, second),
                        replace(options.judge_sampling, seed=judge_seed),
                        rng,
                    )
                    shown_first = "helpful" if order == ORDERS[0] else "degenerate"
                    other = "degenerate" if shown_first == "helpful" else "helpful"
                    winner = "invalid" if not choice else shown_first if choice == "A" else other
                    votes.append(DryRunVote(sample, order, choice, winner))
            outcome.records.append(
                DryRunRecord(
                    key=dryrun_key(task.target.ref.statement, task.index, strategy),
                    status="ok",
                    principles=(task.target.ref,),
                    request=request,
                    prompt_source=task.source,
                    strategy=strategy,
                    helpful=helpful,
                    degenerate=degenerate,
                    votes=tuple(votes),
                    generation={
                        "template": P.ANSWER,
                        "request_template": P.REQUEST,
                        "judge_template": P.JUDGE,
                        "degenerate_template": P.DEGENERATE,
                        "model": outcome.model,
                        "backend": backend.kind,
                        "response_format": backend.json_mode,
                        "sampling": {**options.sampling.to_dict(), "seed": seed},
                        "judge_sampling": {**options.judge_sampling.to_dict(), "seed": seed + 1000},
                    },
                )
            )
    except _Failed as exc:
        outcome.error_kind, outcome.error = exc.error.kind, str(exc.error)
        outcome.fatal = bool(getattr(exc.error, "fatal", False))
    except BackendError as exc:
        outcome.error_kind, outcome.error, outcome.fatal = exc.kind, str(exc), exc.fatal
    except Exception as exc:  # a bug in a backend must cost one prompt, not the run's finished work
        outcome.error_kind, outcome.error = "internal", f"{type(exc).__name__}: {exc}"
    return outcome


@dataclass
class DryRunSummary:
    written: int = 0
    new: int = 0
    done_before: int = 0
    calls: int = 0
    retries: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    example: dict[str, str] = field(default_factory=dict)
    problems: Counter[str] = field(default_factory=Counter)
    models: set[str] = field(default_factory=set)
    degenerate_wins: int = 0
    compared: int = 0
    pairs: int = 0
    flips: int = 0
    invalid: int = 0
    votes: int = 0
    fatal: str | None = None
    interrupted: bool = False
    seconds: float = 0.0

    def add(self, outcome: DryRunOutcome) -> None:
        self.calls += outcome.calls
        self.retries += outcome.retries
        self.problems.update(outcome.problems)
        if outcome.model:
            self.models.add(outcome.model)
        for record in outcome.records:
            result = record.result
            self.new += 1
            self.compared += 1
            self.degenerate_wins += result.winner == "degenerate"
            self.pairs += result.pairs
            self.flips += result.position_flips
            self.invalid += result.samples - result.valid
            self.votes += result.samples
        if outcome.error_kind:
            self.failed[outcome.error_kind] += 1
            self.example.setdefault(outcome.error_kind, outcome.error or "")
            if outcome.fatal and self.fatal is None:
                self.fatal = outcome.error

    def lines(self) -> list[str]:
        out = [f"wrote {self.written} records ({self.new} new, {self.done_before} already done)"]
        if self.compared:
            rate = f"{self.flips / self.pairs:.2f}" if self.pairs else "n/a"
            out.append(
                f"the degenerate answer won {self.degenerate_wins} of {self.compared} comparisons; "
                f"position bias: {self.flips} of {self.pairs} sample pairs picked the same letter in both "
                f"orders (rate {rate}); {self.invalid} of {self.votes} judge replies named no option"
            )
        if self.failed:
            kinds = ", ".join(f"{k} {n}" for k, n in self.failed.most_common())
            first = next(iter(self.example.values()))
            out.append(f"{sum(self.failed.values())} prompts failed ({kinds}): {first}")
        out.append(
            f"{self.seconds:.1f} s, {self.calls} model calls ({self.retries} retried), "
            f"model {', '.join(sorted(self.models)) or 'none answered'}"
        )
        return out


def run_dryrun(
    tasks: list[DryRunTask],
    store: ScenarioStore,
    backend: BackendConfig,
    options: DryRunOptions,
    on_outcome: Callable[[DryRunOutcome], None] | None = None,
) -> DryRunSummary:
    """Run the tasks on a thread pool; each finished prompt's records go to the journal at once."""
    summary = DryRunSummary()
    started = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=options.workers)
    try:
        pending: set[Future[DryRunOutcome]] = {pool.submit(run_task, t, backend, options) for t in tasks}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                outcome = future.result()
                for record in outcome.records:
                    store.append(record)
                summary.add(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
            if summary.fatal:
                for future in pending:
                    future.cancel()
                break
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        pool.shutdown(wait=not summary.interrupted, cancel_futures=True)
        summary.seconds = time.perf_counter() - started
        summary.written = store.commit()
    return summary
