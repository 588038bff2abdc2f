"""The command line: `cmlint check | diff | graph | report | rule | rules | lsp`.

A thin layer over the engine: it reads options, finds files and configs, and turns every
user mistake into one line on stderr and exit code 2. Heavy modules load inside commands,
so `cmlint --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cmlint import __version__
from cmlint.diagnostics import ExitCode

F = TypeVar("F", bound=Callable[..., Any])


class UsageProblem(Exception):
    """A user mistake already phrased as one line."""


def _codes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """`--select S,V --select "C O101"` -> ("S", "V", "C", "O101"); None when the option was not given.

    Commas and spaces both separate; each entry is checked against the catalogue later (a code,
    a code prefix, a rule name or ALL), so a typo is an error rather than an empty selection.
    """
    if not values:
        return None
    return tuple(code for value in values for code in value.replace(",", " ").split())


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _guarded(function: F) -> F:
    """Run a command so that user errors are one line and bugs are exit code 3, not tracebacks."""
    from functools import wraps

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cmlint.catalogue import CatalogueError
        from cmlint.registry import PluginError
        from cmlint.source import InputError

        try:
            return function(*args, **kwargs)
        except (InputError, UsageProblem) as exc:
            _fail(str(exc))
        except (CatalogueError, PluginError) as exc:
            _fail(str(exc))
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(ExitCode.USAGE)
        except Exception as exc:
            if os.environ.get("CMLINT_DEBUG"):
                raise
            _fail(
                f"cmlint: internal error: {type(exc).__name__}: {exc} "
                "(set CMLINT_DEBUG=1 for a traceback, and please report it)",
                ExitCode.INTERNAL,
            )

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="cmlint")
def cli() -> None:
    """cmlint: a linter and static analyser for AI constitutions."""


def _import_options(format_in: str | None, column: str | None):
    from cmlint.parse import ImportOptions

    return ImportOptions(format=format_in, column=column)


_FORMAT_IN = click.option(
    "--format-in",
    type=click.Choice(["markdown", "json", "yaml", "csv", "text"]),
    help="Read files as this format (default: by extension, then content).",
)
_COLUMN = click.option("--column", help="CSV: the column that holds the principles.")
_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this config file instead of searching for one.",
)
_ISOLATED = click.option("--isolated", is_flag=True, help="Ignore all config files.")


def _selection(function: F) -> F:
    """The rule-selection options `check` and `report` share."""
    for option in reversed(
        (
            click.option(
                "--select",
                multiple=True,
                help="Rule codes or prefixes to run (comma-separated; ALL for every rule).",
            ),
            click.option(
                "--extend-select",
                multiple=True,
                help="Codes or prefixes to run in addition to the selection.",
            ),
            click.option("--ignore", multiple=True, help="Codes or prefixes not to run."),
        )
    ):
        function = option(function)
    return function


@cli.command()
@click.argument("paths", nargs=-1)
@_selection
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that fails (default: warning).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
)
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to a file."
)
@click.option("-q", "--quiet", is_flag=True, help="Findings only: no excerpts and no summary.")
@click.option("--no-color", is_flag=True, help="Plain text, even on a terminal.")
@click.option("--stdin-filename", help="The path to report (and find config for) when reading '-'.")
@click.option("--no-models", is_flag=True, help="Run only rules that need no model (no spaCy or embeddings).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the analysis cache (.cmlint_cache/).")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings that this baseline file does not hold.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record today's findings in this baseline file (and exit 0).",
)
@click.option("--diff", "diff_ref", metavar="REF", help="Report only findings on lines changed since REF.")
@click.option(
    "--candidates",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Also list the N likeliest conflict candidates below the rules' thresholds (as notes), for review.",
)
@click.option(
    "--daemon/--no-daemon",
    "use_daemon",
    default=None,
    help="Run in the background worker that keeps the models loaded (started on demand), or in this "
    "process. Default: CMLINT_DAEMON (auto: a worker for runs that need models, none in CI).",
)
@_FORMAT_IN
@_COLUMN
@_CONFIG
@_ISOLATED
@_guarded
def check(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    output_format: str,
    output_file: Path | None,
    quiet: bool,
    no_color: bool,
    stdin_filename: str | None,
    format_in: str | None,
    column: str | None,
    config_path: Path | None,
    isolated: bool,
    no_models: bool = False,
    baseline: Path | None = None,
    write_baseline: Path | None = None,
    diff_ref: str | None = None,
    no_cache: bool = False,
    candidates: int = 0,
    use_daemon: bool | None = None,  # read by `main` before the command runs (cmlint.daemon.client)
) -> None:
    """Check constitutions: files, folders, globs, or - for standard input."""
    from cmlint.runner import CheckRequest, run_check

    if not paths:
        raise UsageProblem("cmlint check: error: give at least one file, folder or glob (or - for stdin)")
    request = CheckRequest(
        paths=list(paths),
        select=_codes(select),
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        fail_on=fail_on,
        exit_zero=exit_zero,
        output_format=output_format,
        output_file=output_file,
        quiet=quiet,
        color=not no_color and output_file is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        stdin_filename=stdin_filename,
        import_options=_import_options(format_in, column),
        config_path=config_path,
        isolated=isolated,
        models=not no_models,
        baseline=baseline,
        write_baseline=write_baseline,
        diff_ref=diff_ref,
        no_cache=no_cache,
        candidates=candidates,
    )
    sys.exit(run_check(request))


@cli.command()
@_guarded
def lsp() -> None:
    """Run the language server over standard input and output (for editors)."""
    try:
        from cmlint.lsp.server import serve
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(("pygls", "lsprotocol")):
            raise
        hint = "the language server needs pygls: pip install 'cmlint[lsp]'"
        raise UsageProblem(f"cmlint lsp: error: {hint}") from None
    serve()


@cli.command()
@click.argument("path")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "graphml", "dot"]),
    default="json",
    show_default=True,
)
@click.option("--stats", is_flag=True, help="Print counts of nodes and edges by kind instead of the graph.")
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the graph to a file."
)
@click.option(
    "--nlp", is_flag=True, help="Add statements and their deontic frames (linguistic analysis; needs spaCy)."
)
@click.option(
    "--semantic",
    is_flag=True,
    help="Add overlap and conflict edges with their scores and evidence (needs spaCy and embeddings).",
)
@_FORMAT_IN
@_COLUMN
@_guarded
def graph(
    path: str,
    output_format: str,
    stats: bool,
    output_file: Path | None,
    format_in: str | None,
    column: str | None,
    nlp: bool = False,
    semantic: bool = False,
) -> None:
    """Export the principle graph of one constitution."""
    from cmlint.graph import PrincipleGraph
    from cmlint.output.graph_export import export
    from cmlint.parse import parse_document
    from cmlint.source import read_source

    document = parse_document(read_source(path), _import_options(format_in, column))
    principle_graph = PrincipleGraph(document)
    if nlp or semantic:
        from cmlint.config import ConfigFinder

        config = ConfigFinder().for_path(path)
        settings = config.analysis_settings()
    if nlp:
        from cmlint.nlp.analysis import add_statements, analyse

        add_statements(principle_graph, analyse(document, settings))
    if semantic:
        from cmlint.runner import Catalogues
        from cmlint.semantic.edges import add_semantic_edges

        catalogue, config = Catalogues().prepare(config)
        overlap, conflict = (config.configured(catalogue.rules[code]).params for code in ("O101", "C101"))
        thresholds = float(overlap["threshold"]), float(conflict["threshold"])
        add_semantic_edges(principle_graph, settings, *thresholds)
    if stats:
        counts = principle_graph.stats()
        lines = [
            f"{path}: {len(document.principles)} principles, {len(document.sections) - 1} sections, "
            f"{len(document.terms)} terms ({document.format})"
        ]
        for group, values in counts.items():
            lines.append(f"  {group}: " + ", ".join(f"{k} {v}" for k, v in sorted(values.items())))
        text = "\n".join(lines) + "\n"
    else:
        text = export(principle_graph, output_format)
    _emit(text, output_file)


def _emit(text: str, output_file: Path | None) -> None:
    if output_file is None:
        click.echo(text, nl=False)
        return
    from cmlint.fileio import write_atomic

    write_atomic(output_file, text)


@cli.command()
@click.argument("path")
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("cmlint-report.html"),
    show_default=True,
    help="Where to write the report (default: in the current folder).",
)
@_selection
@click.option("--no-models", is_flag=True, help="Run only rules that need no model, as for 'check'.")
@_FORMAT_IN
@_COLUMN
@_CONFIG
@_ISOLATED
@_guarded
def report(
    path: str,
    output_file: Path,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_models: bool,
    format_in: str | None,
    column: str | None,
    config_path: Path | None,
    isolated: bool,
) -> None:
    """Write one constitution's HTML report: its principle graph, a summary and every finding in its source.

    The page is one self-contained file (no network when it opens). It runs the same rules
    as 'check' and exits 0 once written, whatever it found. Principles show their deontic
    frames, and each section the degenerate answers its principles reward (G105's reading),
    unless --no-models is given.
    """
    from cmlint.report import write_report
    from cmlint.report.frames import linguistic_analysis, principle_frames
    from cmlint.runner import CheckRequest, check_file

    request = CheckRequest(
        paths=[path],
        select=_codes(select),
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        import_options=_import_options(format_in, column),
        config_path=config_path,
        isolated=isolated,
        models=not no_models,
    )
    from cmlint.scenarios.records import load_for_document

    result, config = check_file(request)
    settings = config.analysis_settings()
    frames = strategies = None
    analysis = None if no_models else linguistic_analysis(result.document, settings)
    if analysis is not None:  # one analysis for both; a report without spaCy shows neither
        from cmlint.goodhart.strategies import strategies_by_section

        frames = principle_frames(result.document, settings, analysis)
        strategies = strategies_by_section(result.document, analysis)
    scenarios = load_for_document(result.path, settings)
    try:
        model = write_report(result, output_file, frames=frames, scenarios=scenarios, strategies=strategies)
    except OSError as exc:
        raise UsageProblem(f"{output_file}: error: cannot write the report: {exc.strerror or exc}") from None
    counts = model["summary"]
    click.echo(
        f"cmlint: wrote {output_file} ({counts['principles']} principles, {counts['findings']} findings, "
        f"{len(model['edges'])} relation edges)",
        err=True,
    )


@cli.command()
@click.argument("paths", nargs=-1, metavar="OLD NEW")
@click.option(
    "--git",
    "git_ref",
    metavar="REF",
    help="Diff every constitution changed since this git revision (PATHs: where to look, default '.').",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="text (a changelog), json (for scripts), markdown (for a pull-request comment) or html "
    "(one self-contained page, both versions side by side; use with -o).",
)
@click.option(
    "--fail-on-new",
    type=click.Choice(["info", "warning", "error"], case_sensitive=False),
    help="Exit 1 when the revision introduces a finding of this severity or above.",
)
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the diff here."
)
@_selection
@click.option("--no-models", is_flag=True, help="Match by id and words only; skip force and actor analysis.")
@_FORMAT_IN
@_COLUMN
@_CONFIG
@_ISOLATED
@_guarded
def diff(
    paths: tuple[str, ...],
    git_ref: str | None,
    output_format: str,
    fail_on_new: str | None,
    output_file: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_models: bool,
    format_in: str | None,
    column: str | None,
    config_path: Path | None,
    isolated: bool,
) -> None:
    """What a revision of a constitution changed, by meaning: OLD and NEW are files or REV:path.

    Principles are matched across the versions by words, id and meaning, so moved, renumbered
    and reworded principles pair up; each change is added, removed, reworded (with the words that
    differ) or moved, and changes of deontic force, actor, condition or exception are called out.
    The findings of 'check' that NEW has and OLD had not are introduced, the reverse resolved.
    Examples: cmlint diff HEAD~1:spec.md spec.md --format markdown;
    cmlint diff --git origin/main docs/ (every constitution under docs/ changed since origin/main).
    """
    from cmlint.diagnostics import Severity
    from cmlint.diff.compare import diff_versions
    from cmlint.diff.render import RENDERERS, render_files

    request = _diff_request(
        paths, select, extend_select, ignore, no_models, format_in, column, config_path, isolated
    )
    if git_ref is None:
        if len(paths) != 2:
            raise UsageProblem(
                "cmlint diff: error: give OLD and NEW (files or REV:path), or --git REF [PATH...]"
            )
        results = [diff_versions(paths[0], paths[1], request)]
        report = RENDERERS[output_format](results[0])
    else:
        results = [diff_versions(old, new, request) for old, new in _changed_since(git_ref, paths, request)]
        report = render_files(results, output_format)
    _emit(report, output_file)
    if fail_on_new:
        threshold = Severity.parse(fail_on_new)
        if any(d.severity.rank >= threshold.rank for r in results for d in r.findings.introduced):
            sys.exit(ExitCode.FINDINGS)


def _diff_request(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_models: bool,
    format_in: str | None,
    column: str | None,
    config_path: Path | None,
    isolated: bool,
):
    from cmlint.runner import CheckRequest

    return CheckRequest(
        paths=list(paths),
        select=_codes(select),
        extend_select=_codes(extend_select),
        ignore=_codes(ignore),
        import_options=_import_options(format_in, column),
        config_path=config_path,
        isolated=isolated,
        models=not no_models,
    )


def _changed_since(ref: str, paths: tuple[str, ...], request: Any) -> list[tuple[str, str]]:
    """(REF:path, path) for each constitution changed since REF; new files are named in a note."""
    from cmlint.config import ConfigFinder
    from cmlint.diff.changed import changed_files

    found = changed_files(ref, list(paths) or ["."], ConfigFinder(request.config_path, request.isolated))
    for note in found.notes:
        click.echo(note, err=True)
    for path in found.new:
        click.echo(
            f"{path}: note: new since {ref}, so there is nothing to diff it against (see 'cmlint check')",
            err=True,
        )
    if not found.changed:
        click.echo(f"cmlint diff: no constitution changed since {ref}", err=True)
    return [(f"{ref}:{path}", path) for path in found.changed]


def _catalogue(config_path: Path | None = None):
    """The catalogue as the config of the current folder (or --config) configures it."""
    from cmlint.catalogue import Catalogue
    from cmlint.config import ConfigFinder
    from cmlint.runner import Catalogues

    catalogue, config = Catalogues().prepare(ConfigFinder(config_path).for_path(str(Path.cwd() / "_")))
    return Catalogue([config.configured(rule) for rule in catalogue])


@cli.command()
@click.argument("code")
@_CONFIG
@_guarded
def rule(code: str, config_path: Path | None) -> None:
    """Show a rule's documentation, by code (S002) or name (duplicate-id)."""
    from cmlint.catalogue import did_you_mean
    from cmlint.docs import rule_markdown

    catalogue = _catalogue(config_path)
    found = catalogue.find(code)
    if found is None:
        hint = did_you_mean(code, [r.code for r in catalogue] + [r.name for r in catalogue])
        raise UsageProblem(f"cmlint rule: error: no rule '{code}'{hint} (see 'cmlint rules')")
    click.echo(rule_markdown(found, level=1), nl=False)


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@_CONFIG
@_guarded
def rules(output_format: str, config_path: Path | None) -> None:
    """List every rule (markdown: the reference page kept in docs/rules.md)."""
    from cmlint.docs import catalogue_markdown, catalogue_text

    catalogue = _catalogue(config_path)
    if output_format == "markdown":
        click.echo(catalogue_markdown(catalogue), nl=False)
    elif output_format == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "family": r.family,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "preview": r.preview,
                        "url": r.doc_url,
                    }
                    for r in catalogue
                ],
                indent=2,
            )
        )
    else:
        click.echo(catalogue_text(catalogue), nl=False)


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
)
def settings(output_format: str) -> None:
    """List every config setting (markdown: the reference kept in docs/configuration.md)."""
    from cmlint.settings import settings_markdown, settings_text

    click.echo(settings_markdown() if output_format == "markdown" else settings_text(), nl=False)


@cli.group()
def daemon() -> None:
    """The background worker that keeps the models loaded, so a re-check takes about a second.

    'cmlint check' starts it on demand (CMLINT_DAEMON=auto) and it exits after 30 idle minutes
    (CMLINT_DAEMON_IDLE seconds), when cmlint or a model changes, or on 'cmlint daemon stop'.
    One per user and Python environment, on a socket only its owner can open.
    """


def _ask_worker(command: str, start: bool = False) -> dict[str, Any] | None:
    from cmlint.daemon.client import ask
    from cmlint.daemon.protocol import DaemonUnavailable

    try:
        return ask(command, start)
    except DaemonUnavailable as exc:
        raise UsageProblem(f"cmlint daemon: error: {exc}") from None


def _loaded(status: dict[str, Any]) -> str:
    return ", ".join(status["loaded"]) or "nothing"


@daemon.command("start")
@_guarded
def daemon_start() -> None:
    """Start the worker (if none runs) and wait until its models are loaded."""
    status = _ask_worker("status", start=True)
    if status is None:
        raise UsageProblem("cmlint daemon: error: the worker did not start (see its log beside the socket)")
    click.echo(f"cmlint daemon: running, pid {status['pid']}, loaded: {_loaded(status)}")


@daemon.command("stop")
@_guarded
def daemon_stop() -> None:
    """Stop this environment's worker."""
    click.echo("cmlint daemon: not running" if _ask_worker("stop") is None else "cmlint daemon: stopped")


@daemon.command("status")
@_guarded
def daemon_status() -> None:
    """Whether a worker runs, since when, how many runs it served and the memory they took (exit 1 when
    none runs)."""
    from cmlint.daemon.protocol import fingerprint, socket_path

    status = _ask_worker("status")
    if status is None:
        click.echo("cmlint daemon: not running")
        sys.exit(1)
    current = "current" if status["fingerprint"] == fingerprint() else "stale: the next run replaces it"
    peak = status.get("peak_mib") or {}
    memory = (
        f"peak memory: worker {peak['worker']} MiB, largest run {peak['largest_run']} MiB, "
        if {"worker", "largest_run"} <= set(peak)
        else ""
    )
    click.echo(
        f"cmlint daemon: pid {status['pid']}, up {status['uptime']} s, {status['served']} runs served, "
        f"{status['running']} running, {memory}loaded: {_loaded(status)} ({current}); socket {socket_path()}"
    )


@daemon.command("run", hidden=True)
def daemon_run() -> None:
    """Run the worker in the foreground (what 'start' spawns)."""
    from cmlint.daemon.server import run_worker

    sys.exit(run_worker())


def _model_requests(retries: int, temperature: float, max_tokens: int) -> Callable[[F], F]:
    """The options of a command that sends requests to a model (scenarios generate, dryrun)."""
    options = [
        click.option(
            "--json-mode",
            type=click.Choice(["object", "schema", "off"]),
            help="response_format: json_object, json_object with the reply's schema (llama.cpp), or none "
            "(default: object for an endpoint, schema for a GGUF file).",
        ),
        click.option(
            "--timeout",
            default=60.0,
            show_default=True,
            type=click.FloatRange(0.1),
            help="Seconds a request.",
        ),
        click.option(
            "--retries", default=retries, show_default=True, type=click.IntRange(0), help="Retries a request."
        ),
        click.option("--rate", type=click.FloatRange(0.1), help="At most this many requests a minute."),
        click.option("--temperature", default=temperature, show_default=True, type=click.FloatRange(0)),
        click.option("--max-tokens", default=max_tokens, show_default=True, type=click.IntRange(16)),
        click.option("--seed", default=0, show_default=True, type=int),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="The scenarios file to write.",
        ),
        _FORMAT_IN,
        _COLUMN,
        _CONFIG,
        _ISOLATED,
    ]

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


@cli.group()
def scenarios() -> None:
    """Model-generated edge-case scenarios: generate once (slow, a model); 'check' reads them (fast)."""


@scenarios.command("generate")
@click.argument("path")
@click.option("--base-url", help="An OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1.")
@click.option("--model", help="The model name the endpoint serves.")
@click.option("--api-key-env", metavar="VAR", help="The environment variable that holds the API key.")
@click.option("--gguf", type=click.Path(dir_okay=False), help="A local GGUF model (llama-cpp-python).")
@click.option(
    "--pairs", default=20, show_default=True, type=click.IntRange(1), help="Principle pairs (budget)."
)
@click.option("--per-pair", default=3, show_default=True, type=click.IntRange(1), help="Scenarios per pair.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1), help="Requests in flight.")
@click.option("--backend", type=click.Choice(["threads", "ray"]), default="threads", show_default=True)
@click.option("--ray-address", help="Join this Ray cluster (default: start a local instance).")
@click.option("--judge", type=click.Choice(["model", "offline"]), default="model", show_default=True)
@click.option(
    "--judge-samples", default=3, show_default=True, type=click.IntRange(1), help="Model judge samples."
)
@click.option(
    "--filter/--no-filter",
    "keep_filter",
    default=None,
    help="Keep only scenarios close to both principles (default: on for the built-in small model).",
)
@click.option("--few-shot/--no-few-shot", default=None, help="Add a worked example (default: on for GGUF).")
@click.option("--stream", is_flag=True, help="Ask the endpoint to stream its answers.")
@click.option("--dry-run", is_flag=True, help="Print the planned pairs and model calls; call nothing.")
@_model_requests(retries=3, temperature=0.8, max_tokens=320)
@_guarded
def scenarios_generate(path: str, **options: Any) -> None:
    """Write concrete situations where principles collide, with what each demands, and a verdict.

    Records go to CONSTITUTION.scenarios.jsonl beside it (or -o, or 'scenarios-file' in the
    config), one JSON line each, meant to be reviewed and committed. A rerun skips the scenarios
    already there whose principles are unchanged. Exit 1 when some requests failed.
    """
    from cmlint.scenarios.command import generate_command, request_from_cli
    from cmlint.scenarios.generate import SetupError

    try:
        code = generate_command(request_from_cli(path, options))
    except SetupError as exc:
        raise UsageProblem(f"cmlint scenarios generate: error: {exc}") from None
    sys.exit(code)


@scenarios.command("dryrun")
@click.argument("path")
@click.option("--base-url", help="An OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1.")
@click.option("--model", help="The model name the endpoint serves.")
@click.option("--api-key-env", metavar="VAR", help="The environment variable that holds the API key.")
@click.option("--gguf", type=click.Path(dir_okay=False), help="A local GGUF model (llama-cpp-python).")
@click.option("--principle", multiple=True, metavar="ID", help="A statement or principle id (repeatable).")
@click.option(
    "--principles", default=10, show_default=True, type=click.IntRange(1), help="How many, if no --principle."
)
@click.option("--prompts", default=2, show_default=True, type=click.IntRange(1), help="Prompts a principle.")
@click.option(
    "--samples", default=3, show_default=True, type=click.IntRange(1), help="Judge samples per order."
)
@click.option(
    "--strategy",
    multiple=True,
    metavar="NAME",
    help="refusal, minimal, caveats, agreement, question or length (repeatable; default: the first three).",
)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1), help="Prompts in flight.")
@_model_requests(retries=2, temperature=0.7, max_tokens=240)
@_guarded
def scenarios_dryrun(path: str, **options: Any) -> None:
    """Ask a judge model, as Constitutional AI's feedback stage does, whether a principle prefers a
    degenerate answer (a refusal, an empty answer, caveats, ...) to a helpful one.

    Both orders of every comparison, several samples; records go to the scenarios file beside the
    scenario records, and G106 reads them with no model. Exit 1 when some prompts failed.
    """
    from cmlint.scenarios.command import dryrun_command
    from cmlint.scenarios.generate import SetupError

    try:
        code = dryrun_command(path, options)
    except SetupError as exc:
        raise UsageProblem(f"cmlint scenarios dryrun: error: {exc}") from None
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (for tests and the worker's runs).

    A `check` goes to the background worker when one serves (see `cmlint.daemon.client`); the
    worker runs this same function, in-process, for it. The executable is `cmlint.executable`.
    """
    from cmlint.daemon.client import forward

    args = list(sys.argv[1:] if argv is None else argv)
    forwarded = forward(args)
    return forwarded if forwarded is not None else run_here(args)


def run_here(argv: list[str]) -> int:
    """Run the CLI in this process and return its exit code."""
    try:
        cli.main(args=argv, prog_name="cmlint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return ExitCode.USAGE
    except click.exceptions.Abort:
        return ExitCode.USAGE
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else ExitCode.USAGE
    return ExitCode.OK
