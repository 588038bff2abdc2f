"""`cmlint check` as a function: files in, a report out, an exit code back."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from cmlint.catalogue import Catalogue, load_catalogue
from cmlint.config import Config, ConfigFinder
from cmlint.diagnostics import ExitCode, Severity
from cmlint.discovery import collect_paths
from cmlint.engine import FileResult, check_source
from cmlint.output import OutputOptions, get_formatter
from cmlint.parse import ImportOptions
from cmlint.registry import load_builtin_checks
from cmlint.source import STDIN_NAME, InputError, Source, read_source


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


class _Catalogues:
    """One catalogue per distinct set of rule packs, validated against each config once."""

    def __init__(self) -> None:
        self.registry = load_builtin_checks()
        self._by_packs: dict[tuple[Path, ...], Catalogue] = {}
        self._validated: set[int] = set()

    def for_config(self, config: Config) -> Catalogue:
        catalogue = self._by_packs.get(config.rule_packs)
        if catalogue is None:
            catalogue = load_catalogue(config.rule_packs, self.registry)
            self._by_packs[config.rule_packs] = catalogue
        if id(config) not in self._validated:
            config.validate_rules(catalogue, self.registry)
            self._validated.add(id(config))
        return catalogue


def _apply_cli(config: Config, request: CheckRequest) -> Config:
    return config.with_overrides(
        select=request.select,
        extend_select=(*config.extend_select, *request.extend_select) if request.extend_select else None,
        ignore=(*config.ignore, *request.ignore) if request.ignore else None,
        fail_on=Severity.parse(request.fail_on) if request.fail_on else None,
    )


def _read(path: str, request: CheckRequest, config: Config) -> Source:
    source = read_source(path, config.max_file_size)
    if path == STDIN_NAME and request.stdin_filename:
        source = Source(request.stdin_filename, source.text)
    return source


def run_check(request: CheckRequest) -> int:
    finder = ConfigFinder(request.config_path, request.isolated)
    catalogues = _Catalogues()
    files = collect_paths(request.paths, finder.for_path)
    results: list[FileResult] = []
    failed_input = False
    failing = False
    for path in files:
        config = _apply_cli(finder.for_path(request.stdin_filename or path if path == STDIN_NAME else path), request)
        catalogue = catalogues.for_config(config)
        try:
            result = check_source(_read(path, request, config), config, catalogue, request.import_options,
                                  catalogues.registry)
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed_input = True
            continue
        results.append(result)
        if any(d.severity.rank >= config.fail_on.rank for d in result.diagnostics):
            failing = True
    report = get_formatter(request.output_format)(
        results, OutputOptions(color=request.color, quiet=request.quiet, catalogue=catalogues.for_config(
            _apply_cli(finder.for_path(files[0] if files else "."), request)))
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
