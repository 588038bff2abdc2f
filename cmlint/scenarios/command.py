"""The body of `cmlint scenarios generate`, kept out of cli.py so the CLI stays a thin layer.

Settings come from the command line first, then the config (`scenarios-endpoint`,
`scenarios-model`, `scenarios-api-key-env`, `scenarios-file`). An API key is only ever read
from the environment variable named there, never from a file cmlint reads.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmlint.diagnostics import ExitCode
from cmlint.scenarios.backends import Sampling
from cmlint.scenarios.generate import (
    LOW_QUALITY_NOTE,
    Endpoint,
    GenerateOptions,
    SetupError,
    describe_plan,
    plan_run,
    resolve_backend,
    run_plan,
)
from cmlint.scenarios.tasks import RetryPolicy


@dataclass
class GenerateRequest:
    path: str
    endpoint: Endpoint
    options: GenerateOptions
    output: Path | None = None
    backend: str = "threads"  # threads | ray
    ray_address: str | None = None
    dry_run: bool = False
    filter: bool | None = None  # None: on for the small built-in default model only
    few_shot: bool | None = None  # None: on for local GGUF models
    config_path: Path | None = None
    isolated: bool = False
    format_in: str | None = None
    column: str | None = None
    progress: bool = field(default_factory=sys.stderr.isatty)


def request_from_cli(path: str, o: dict[str, Any]) -> GenerateRequest:
    """The request the command line's options make (click's parameter names as keys)."""
    options = GenerateOptions(
        pairs=o["pairs"],
        per_pair=o["per_pair"],
        workers=o["workers"],
        judge=o["judge"],
        judge_samples=o["judge_samples"],
        seed=o["seed"],
        sampling=Sampling(temperature=o["temperature"], max_tokens=o["max_tokens"]),
        retry=RetryPolicy(attempts=o["retries"] + 1),
        rate_per_minute=o["rate"],
    )
    endpoint = Endpoint(
        o["base_url"], o["model"], o["api_key_env"], o["gguf"], o["timeout"], o["stream"], o["json_mode"]
    )
    return GenerateRequest(
        path=path,
        endpoint=endpoint,
        options=options,
        output=o["output"],
        backend=o["backend"],
        ray_address=o["ray_address"],
        dry_run=o["dry_run"],
        filter=o["keep_filter"],
        few_shot=o["few_shot"],
        config_path=o["config_path"],
        isolated=o["isolated"],
        format_in=o["format_in"],
        column=o["column"],
    )


def _say(message: str) -> None:
    print(f"cmlint: {message}", file=sys.stderr, flush=True)


def _endpoint(request: GenerateRequest, settings: dict) -> Endpoint:
    from dataclasses import replace

    e = request.endpoint
    return replace(
        e,
        base_url=e.base_url or settings.get("scenarios-endpoint"),
        model=e.model or settings.get("scenarios-model"),
        api_key_env=e.api_key_env or settings.get("scenarios-api-key-env"),
    )


def _executor(request: GenerateRequest):
    if request.backend == "ray":
        from cmlint.scenarios.ray_backend import RayExecutor

        try:
            return RayExecutor(request.options.workers, request.ray_address)
        except RuntimeError as exc:
            raise SetupError(str(exc)) from None
    from cmlint.scenarios.executors import ThreadExecutor

    return ThreadExecutor(request.options.workers)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI timeout, `kill`) ends the run as Ctrl-C does: finished scenarios are committed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def generate_command(request: GenerateRequest) -> int:
    """Plan, (unless a dry run) generate, and report. Exit 1 when some scenarios failed."""
    from cmlint.config import ConfigFinder
    from cmlint.parse import ImportOptions, parse_document
    from cmlint.scenarios.records import scenarios_path
    from cmlint.scenarios.store import ScenarioStore
    from cmlint.source import read_source

    config = ConfigFinder(request.config_path, request.isolated).for_path(request.path)
    settings = config.analysis_settings()
    document = parse_document(read_source(request.path), ImportOptions(request.format_in, request.column))
    path = request.output or scenarios_path(request.path, settings)
    if path is None:
        raise SetupError("standard input has no place for a scenarios file: give --output FILE")
    options = request.options
    backend = small = None
    if not request.dry_run:
        backend, small = resolve_backend(_endpoint(request, settings))
        options.filter = small if request.filter is None else request.filter
        options.few_shot = (backend.kind == "llamacpp") if request.few_shot is None else request.few_shot
    store = ScenarioStore(path)
    if store.dropped_journal_lines:
        _say(
            f"dropped {store.dropped_journal_lines} torn line(s) of an interrupted run's journal: "
            "those scenarios run again"
        )
    plan = plan_run(document, settings, options, path, store)
    if request.dry_run:
        sys.stdout.write(describe_plan(plan, options))
        return ExitCode.OK
    if not plan.pairs:
        _say("no principle pairs to test: the document needs two statements with deontic force")
        return ExitCode.OK
    assert backend is not None
    if small:
        _say(f"note: {LOW_QUALITY_NOTE}")
    _say(
        f"{len(plan.pairs)} pairs, {len(plan.tasks)} scenarios to generate ({plan.done} already done) "
        f"with {backend.describe()}, {options.workers} worker{'s' if options.workers != 1 else ''} "
        f"({request.backend})"
    )
    with _terminate_as_interrupt():
        summary = run_plan(plan, store, backend, options, settings, _executor(request), request.progress)
    for line in summary.lines():
        _say(line)
    if summary.fatal or summary.interrupted:
        return ExitCode.USAGE
    return ExitCode.FINDINGS if summary.failed else ExitCode.OK


def dryrun_command(path: str, o: dict[str, Any]) -> int:
    """`cmlint scenarios dryrun`: compare helpful and degenerate answers under principles, record it.

    Exit 0: all done; 1: some prompts failed (run again: only those are asked); 2: setup error,
    a fatal error (bad key, unknown model) or an interruption.
    """
    from cmlint.config import ConfigFinder
    from cmlint.parse import ImportOptions, parse_document
    from cmlint.scenarios.dryrun import DryRunOptions, plan_tasks, run_dryrun, select_targets
    from cmlint.scenarios.dryrun_prompts import STRATEGIES
    from cmlint.scenarios.records import scenarios_path
    from cmlint.scenarios.store import ScenarioStore
    from cmlint.source import read_source

    config = ConfigFinder(o["config_path"], o["isolated"]).for_path(path)
    settings = config.analysis_settings()
    document = parse_document(read_source(path), ImportOptions(o["format_in"], o["column"]))
    out = o["output"] or scenarios_path(path, settings)
    if out is None:
        raise SetupError("standard input has no place for a scenarios file: give --output FILE")
    unknown = [s for s in o["strategy"] if s not in STRATEGIES]
    if unknown:
        raise SetupError(f"unknown strategy '{unknown[0]}' (choose from {', '.join(STRATEGIES)})")
    options = DryRunOptions(
        ids=tuple(o["principle"]),
        count=o["principles"],
        prompts=o["prompts"],
        samples=o["samples"],
        strategies=tuple(o["strategy"]) or DryRunOptions().strategies,
        seed=o["seed"],
        workers=o["workers"],
        sampling=Sampling(temperature=o["temperature"], max_tokens=o["max_tokens"]),
        retry=RetryPolicy(attempts=o["retries"] + 1),
        rate_per_minute=o["rate"],
    )
    endpoint = Endpoint(
        o["base_url"], o["model"], o["api_key_env"], o["gguf"], o["timeout"], False, o["json_mode"]
    )
    fake = GenerateRequest(path, endpoint, GenerateOptions(), progress=False)
    backend, small = resolve_backend(_endpoint(fake, settings))
    store = ScenarioStore(out)
    try:
        targets = select_targets(document, settings, options)
    except ValueError as exc:
        raise SetupError(str(exc)) from None
    tasks, done = plan_tasks(targets, store, options)
    if small:
        _say(f"note: {LOW_QUALITY_NOTE}")
    _say(
        f"dry run of {len(targets)} principles x {options.prompts} prompts x {len(options.strategies)} "
        f"strategies, {options.samples} samples in both orders: {len(tasks)} prompts to do "
        f"({done} comparisons already done) with {backend.describe()}"
    )
    with _terminate_as_interrupt():
        summary = run_dryrun(tasks, store, backend, options)
    summary.done_before = done
    for line in summary.lines():
        _say(line)
    if summary.fatal or summary.interrupted:
        return ExitCode.USAGE
    return ExitCode.FINDINGS if summary.failed else ExitCode.OK
