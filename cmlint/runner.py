"""`cmlint check` as a function: files in, a report out, an exit code back."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cmlint.catalogue import Catalogue, load_catalogue
from cmlint.config import Config, ConfigFinder, UnknownSelector, resolve_selectors
from cmlint.diagnostics import ExitCode, Severity
from cmlint.discovery import collect_paths
from cmlint.engine import FileResult, check_source, selected_rules
from cmlint.output import OutputOptions, get_formatter
from cmlint.parse import ImportOptions
from cmlint.registry import load_builtin_checks
from cmlint.source import STDIN_NAME, InputError, NotAConstitution, Source, read_source

if TYPE_CHECKING:
    from cmlint.baseline import Baseline
    from cmlint.gitdiff import GitDiff


@dataclass
class CheckRequest:
    paths: list[str]
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    exit_zero: bool = False
    output_format: str = "text"
    output_file: Path | None = None
    quiet: bool = False
    color: bool = False
    stdin_filename: str | None = None
    import_options: ImportOptions | None = None
    config_path: Path | None = None
    isolated: bool = False
    models: bool = True  # False (--no-models): only rules that need no model
    baseline: Path | None = None  # report only findings this baseline file does not hold
    write_baseline: Path | None = None  # record today's findings in this file instead of reporting
    diff_ref: str | None = None  # report only findings about lines changed since this git ref
    no_cache: bool = False  # --no-cache: analyses neither read nor write the disk cache
    candidates: int = 0  # --candidates N: list the N likeliest conflicts below the line, as notes


class Catalogues:
    """One catalogue per distinct set of rule packs, validated against each config once.

    The language server keeps one for its lifetime, so rule files are read once per session.
    """

    def __init__(self) -> None:
        self.registry = load_builtin_checks()
        self._by_packs: dict[tuple[Path, ...], Catalogue] = {}
        self._resolved: dict[int, tuple[Config, Config]] = {}  # id(config) -> (config, resolved)

    def for_config(self, config: Config) -> Catalogue:
        return self.prepare(config)[0]

    def prepare(self, config: Config) -> tuple[Catalogue, Config]:
        """The catalogue a config uses, and the config checked against it (rule names become codes)."""
        catalogue = self._by_packs.get(config.rule_packs)
        if catalogue is None:
            catalogue = load_catalogue(config.rule_packs, self.registry)
            self._by_packs[config.rule_packs] = catalogue
        known = self._resolved.get(id(config))
        if known is None or known[0] is not config:
            config.validate_rules(catalogue, self.registry)
            known = (config, config.resolved(catalogue))
            self._resolved[id(config)] = known
        return catalogue, known[1]


def _cli_selectors(
    values: tuple[str, ...] | None, option: str, catalogue: Catalogue
) -> tuple[str, ...] | None:
    if values is None:
        return None
    try:
        return resolve_selectors(values, catalogue)
    except UnknownSelector as exc:
        raise InputError("cmlint", f"{option}: {exc}") from None


def _apply_cli(config: Config, request: CheckRequest, catalogue: Catalogue) -> Config:
    """The config with the command line's options on top (its selectors checked against the catalogue)."""
    select = _cli_selectors(request.select, "--select", catalogue)
    extend_select = _cli_selectors(request.extend_select, "--extend-select", catalogue)
    ignore = _cli_selectors(request.ignore, "--ignore", catalogue)
    return config.with_overrides(
        select=select,
        extend_select=(*config.extend_select, *extend_select) if extend_select else None,
        ignore=(*config.ignore, *ignore) if ignore else None,
        fail_on=Severity.parse(request.fail_on) if request.fail_on else None,
        models=False if not request.models else None,
        settings=_cli_settings(config, request),
    )


def _cli_settings(config: Config, request: CheckRequest) -> dict[str, object] | None:
    """Analysis settings the command line adds (None: the config's as they are)."""
    added: dict[str, object] = {}
    if request.no_cache:
        added["no-cache"] = True
    if request.candidates:
        added["conflict-candidates"] = request.candidates
    return {**config.settings, **added} if added else None


def _configured(catalogues: Catalogues, config: Config) -> Catalogue:
    """The catalogue as a config sets it (severities, docs links), for formats that list every rule."""
    catalogue, config = catalogues.prepare(config)
    return Catalogue([config.configured(rule) for rule in catalogue])


def _read(path: str, request: CheckRequest, config: Config) -> Source:
    source = read_source(path, config.max_file_size)
    if path == STDIN_NAME and request.stdin_filename:
        source = Source(request.stdin_filename, source.text)
    return source


def _narrow(result: FileResult, path: str, diff: GitDiff | None, baseline: Baseline | None) -> FileResult:
    """Only what this run asks about: findings touching the diff, then those the baseline lacks."""
    if diff is not None:
        result = replace(result, diagnostics=diff.filter(result, path))
    if baseline is not None:
        result = replace(result, diagnostics=baseline.new_findings(result))
    return result


def _write_baseline(path: Path, results: list[FileResult], failed_input: bool) -> int:
    if failed_input:
        click.echo(f"{path}: error: baseline not written, because some files could not be read", err=True)
        return ExitCode.USAGE
    from cmlint.baseline import write_baseline

    count = write_baseline(path, results)
    click.echo(
        f"cmlint: wrote a baseline of {count} finding{'s' if count != 1 else ''} "
        f"in {len(results)} file{'s' if len(results) != 1 else ''} to {path}",
        err=True,
    )
    return ExitCode.OK


def run_check(request: CheckRequest) -> int:
    finder = ConfigFinder(request.config_path, request.isolated)
    catalogues = Catalogues()
    collected = collect_paths(request.paths, finder.for_path)
    files = collected.files
    for note in collected.notes:
        click.echo(note, err=True)
    results: list[FileResult] = []
    selected: dict[str, tuple[str, ...]] = {}
    seconds: dict[str, float] = {}
    fail_on: dict[str, Severity] = {}
    baseline = diff = None
    if request.baseline and not request.write_baseline:
        from cmlint.baseline import Baseline

        baseline = Baseline.load(request.baseline)
    if request.diff_ref and not request.write_baseline:
        from cmlint.gitdiff import GitDiff

        diff = GitDiff(request.diff_ref)
    failed_input = False
    failing = False
    for path in files:
        catalogue, config = catalogues.prepare(
            finder.for_path(request.stdin_filename or path if path == STDIN_NAME else path)
        )
        config = _apply_cli(config, request, catalogue)
        started = time.perf_counter()
        try:
            result = check_source(
                _read(path, request, config),
                config,
                catalogue,
                request.import_options,
                catalogues.registry,
                reuse=True,
            )
        except NotAConstitution as exc:
            if path not in collected.searched:
                click.echo(str(exc), err=True)
                failed_input = True
            else:  # found by a folder search: a stray file beside the constitutions
                click.echo(f"{exc.path}: note: not a constitution: skipped ({exc.message})", err=True)
            continue
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed_input = True
            continue
        seconds[result.path] = time.perf_counter() - started
        for note in result.notes:
            where = result.source.position(note.span.start)
            click.echo(f"{result.path}:{where.line}:{where.column}: note: {note.message}", err=True)
        fail_on[result.path] = config.fail_on
        selected[result.path] = tuple(rule.code for rule in selected_rules(catalogue, config, result.path))
        result = _narrow(result, path, diff, baseline)
        results.append(result)
        if any(d.severity.rank >= config.fail_on.rank for d in result.diagnostics):
            failing = True
    if not results and not failed_input:
        click.echo("cmlint: error: none of the files found is a constitution", err=True)
        return ExitCode.USAGE
    if request.write_baseline is not None:
        return _write_baseline(request.write_baseline, results, failed_input)
    report = get_formatter(request.output_format)(
        results,
        OutputOptions(
            color=request.color,
            quiet=request.quiet,
            catalogue=_configured(catalogues, finder.for_path(files[0] if files else ".")),
            selected=selected,
            seconds=seconds,
            fail_on=fail_on,
        ),
    )
    if request.output_file is not None:
        from cmlint.fileio import write_atomic

        write_atomic(request.output_file, report)
    elif report:
        sys.stdout.write(report)
        sys.stdout.flush()
    if failed_input:
        return ExitCode.USAGE
    if failing and not request.exit_zero:
        return ExitCode.FINDINGS
    return ExitCode.OK


def check_file(request: CheckRequest) -> tuple[FileResult, Config]:
    """Check the one file `request.paths` names, with the config and rule selection `check` would use.

    For commands that need the parsed document as well as the findings (the HTML report); the
    config comes back too, for the analysis settings (model names, cache folder) such a command
    reads. Unreadable input raises `InputError`, as in `run_check`.
    """
    (path,) = request.paths
    finder = ConfigFinder(request.config_path, request.isolated)
    config_for = request.stdin_filename or path if path == STDIN_NAME else path
    catalogues = Catalogues()
    catalogue, config = catalogues.prepare(finder.for_path(config_for))
    config = _apply_cli(config, request, catalogue)
    result = check_source(
        _read(path, request, config), config, catalogue, request.import_options, catalogues.registry
    )
    return result, config
