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

from cmlint.catalogue import Catalogue, ParamError, Rule, check_params, did_you_mean, line_of
from cmlint.diagnostics import Severity
from cmlint.registry import MODEL_ANALYSES, Registry
from cmlint.settings import BY_NAME, DEFAULT_EXCLUDE, DEFAULT_INCLUDE, SETTINGS, canonical
from cmlint.source import DEFAULT_MAX_BYTES, InputError

__all__ = ["DEFAULT_EXCLUDE", "DEFAULT_INCLUDE", "SCHEMA", "Config", "ConfigError", "ConfigFinder"]

CONFIG_FILES = ("cmlint.toml", ".cmlint.toml", "pyproject.toml")

# Every key a config may have, with its type: derived from the one definition in cmlint.settings.
SCHEMA: dict[str, type | tuple[type, ...]] = {s.name: s.type for s in SETTINGS}


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
    settings: dict[str, Any] = field(default_factory=dict)  # the table (canonical key names), for analyses
    models: bool = True  # False: leave out rules that need a model (spaCy, embeddings)
    docs_url: str | None = None  # the base of rule documentation links; None: the docs shipped with cmlint
    text: str = field(default="", repr=False, compare=False)  # the config file's text, for error lines

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
        """The rule with this config's severity, parameters and documentation base."""
        options = dict(self.rule_options.get(rule.code, {}))
        severity = options.pop("severity", None)
        return rule.with_options(Severity.parse(severity) if severity else None, options, self.docs_url)

    @property
    def _where(self) -> str:
        return str(self.path) if self.path else "command line"

    def _line(self, key: str, table: str | None = None) -> int | None:
        return line_of(self.text, key, table) if self.text else None

    def validate_rules(self, catalogue: Catalogue, registry: Registry) -> None:
        """Every `[rules.CODE]` names a known rule (by code or name) and sets only parameters it accepts.

        The options are stored under the rule's code with each parameter keyed as its check reads it.
        """
        for key, options in list(self.rule_options.items()):
            rule = catalogue.find(key)
            if rule is None:
                hint = _hint(key, catalogue)
                message = f"[rules.{key}]: no rule has the code {key}{hint}"
                line = _line_of(self.text, f"rules.{key}") or self._line(key, "rules") if self.text else None
                raise ConfigError(self._where, message, line)
            kind = registry.get(rule.check)
            params = {k: v for k, v in options.items() if k != "severity"}
            try:
                if "severity" in options:
                    Severity.parse(str(options["severity"]))
                normalised = check_params(params, kind.params if kind else {})
            except ParamError as exc:
                line = self._line(exc.key, f"rules.{key}")
                raise ConfigError(self._where, f"[rules.{key}]: {exc}", line) from None
            except ValueError as exc:
                line = self._line("severity", f"rules.{key}")
                raise ConfigError(self._where, f"[rules.{key}]: {exc}", line) from None
            if "severity" in options:
                normalised["severity"] = options["severity"]
            del self.rule_options[key]
            self.rule_options[rule.code] = normalised

    def resolved(self, catalogue: Catalogue) -> Config:
        """This config with every selector checked against the catalogue and rule names turned into codes.

        An unknown code, prefix or name is an error (a typo must not turn a CI run green).
        """
        from dataclasses import replace

        def resolve(values: tuple[str, ...], key: str, table: str | None = None) -> tuple[str, ...]:
            try:
                return resolve_selectors(values, catalogue)
            except UnknownSelector as exc:
                line = self._line(key, table) or _line_of(self.text, key) if self.text else None
                raise ConfigError(self._where, f"{key}: {exc}", line) from None

        return replace(
            self,
            select=resolve(self.select, "select"),
            extend_select=resolve(self.extend_select, "extend-select"),
            ignore=resolve(self.ignore, "ignore"),
            per_file_ignores=tuple(
                (pattern, resolve(codes, pattern, "per-file-ignores"))
                for pattern, codes in self.per_file_ignores
            ),
        )

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


class UnknownSelector(ValueError):
    """A select/ignore entry that names no rule."""


_CONFUSABLE = str.maketrans("OoIlL", "00111")


def _hint(word: str, catalogue: Catalogue) -> str:
    """A did-you-mean for a rule code or name: letters typed for digits first (V1O1 -> V101), then difflib."""
    codes = [rule.code for rule in catalogue]
    fixed = word[:1].upper() + word[1:].translate(_CONFUSABLE)
    if fixed != word.upper() and any(code.startswith(fixed) for code in codes):
        return f" (did you mean '{fixed}'?)"
    return did_you_mean(word, codes + [rule.name for rule in catalogue])


def resolve_selectors(values: tuple[str, ...], catalogue: Catalogue) -> tuple[str, ...]:
    """Selectors as codes: `ALL`, a code or code prefix of some rule, or a rule's name (an alias)."""
    codes = [rule.code for rule in catalogue]
    out = []
    for value in values:
        selector = value.strip()
        upper = selector.upper()
        if upper == "ALL" or any(code.startswith(upper) for code in codes):
            out.append(upper)
            continue
        rule = catalogue.find(selector)
        if rule is not None:
            out.append(rule.code)
            continue
        hint = _hint(selector, catalogue)
        prefixes = ", ".join(sorted({code[0] for code in codes}))
        raise UnknownSelector(
            f"unknown rule code, prefix or name '{selector}'{hint}; codes start with {prefixes} "
            "(see 'cmlint rules')"
        )
    return tuple(out)


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
    return line_of(text, key) or line_of(text, key, "tool.cmlint") or _header_line(text, key)


def _header_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() in (f"[tool.cmlint.{key}]", f"[{key}]"):
            return number
    return None


def _string_list(value: Any, key: str, where: str, text: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"'{key}' must be a list of strings", _line_of(text, key))
    return tuple(value)


def parse_config(path: Path, text: str, table: dict[str, Any]) -> Config:
    """Build a `Config` from a `[tool.cmlint]` table, checking every key against `SETTINGS`."""
    where = str(path)
    normalised: dict[str, Any] = {}
    for key, value in table.items():
        name = canonical(key)
        if name is None:
            known = ", ".join(s.name for s in SETTINGS)
            hint = did_you_mean(key, list(BY_NAME))
            raise ConfigError(
                where, f"unknown key '{key}' in cmlint config{hint} (known: {known})", _line_of(text, key)
            )
        if name in normalised:
            raise ConfigError(where, f"'{name}' is set twice (as '{key}' too)", _line_of(text, key))
        problem = BY_NAME[name].check(value)
        if problem:
            raise ConfigError(where, problem, _line_of(text, key))
        normalised[name] = value
    table = normalised
    fail_on = Severity.parse(table.get("fail-on", "warning"))
    per_file = []
    for pattern, codes in table.get("per-file-ignores", {}).items():
        if not isinstance(codes, list):
            raise ConfigError(where, f"per-file-ignores '{pattern}' must list codes", _line_of(text, pattern))
        per_file.append((pattern, _string_list(codes, pattern, where, text)))
    rules = {}
    for code, options in table.get("rules", {}).items():
        if not isinstance(options, dict):
            raise ConfigError(where, f"rules.{code} must be a table", _line_of(text, code))
        rules[code] = options  # a code or a rule name: validate_rules keys it by code
    packs = tuple((path.parent / p).resolve() for p in table.get("rule-packs", []))
    return Config(
        path=path,
        select=tuple(table.get("select", ())),
        extend_select=tuple(table.get("extend-select", ())),
        ignore=tuple(table.get("ignore", ())),
        per_file_ignores=tuple(per_file),
        fail_on=fail_on,
        rule_options=rules,
        rule_packs=packs,
        include=tuple(table.get("include", DEFAULT_INCLUDE)),
        exclude=DEFAULT_EXCLUDE + tuple(table.get("exclude", ())),
        max_file_size=int(float(table.get("max-file-size-mb", DEFAULT_MAX_BYTES / 1_048_576)) * 1_048_576),
        settings=table,
        docs_url=table.get("docs-url"),
        text=text,
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
