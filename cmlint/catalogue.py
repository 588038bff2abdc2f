"""The rule catalogue: rules are data (TOML files in rules/), kinds are code (the registry).

A rule file says what is flagged and why, in the words `cmlint rule CODE`, the generated
docs/rules.md and editor hovers all show; it names the check kind that finds it and may set
that kind's parameters (term lists, thresholds). A rule pack is a folder of such files, so a
team can add rules without writing Python, as Vale styles do.

    code = "S002"
    name = "duplicate-id"
    family = "structure"
    severity = "error"
    check = "duplicate-id"
    message = "id '{id}' is already used at line {line}"
    summary = "Two sections or principles share one id."
    what = "..."            # What it does
    why = "..."             # Why is this bad?
    fix = "..."             # the action, shown as a fix title
    [[examples]]            # each a BAD snippet that must fire and a GOOD one that must not
    bad = "..."
    good = "..."
    [params]                # the kind's parameters
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.registry import CheckKind, Finding, Param, Registry, load_builtin_checks, public_name
from cmlint.resources import docs_url_default, rules_dir

FAMILIES = ("structure", "vagueness", "form", "overlap", "conflict", "coverage")
PACK_FILE = "cmlint-pack.toml"  # a rule pack's own settings: the families it adds
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_REQUIRED = ("code", "name", "family", "severity", "check", "message", "summary", "what", "why")
_OPTIONAL = ("fix", "examples", "params", "preview", "sources")


class CatalogueError(Exception):
    """A rule file is wrong: reported with the file's path, exit code 2."""


class ParamError(CatalogueError):
    """A parameter a kind does not take, or a value it does not accept (the caller adds where)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The 1-based line where `key = ...` is set in a TOML text: at the top level, or in `[table]`."""
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            current = header.group(1).strip()
            continue
        if table is None:
            here = current is None
        else:
            here = current is not None and (current == table or current.endswith("." + table))
        if here and pattern.match(line):
            return number
    return None


def _at(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def message_fields(message: str) -> set[str]:
    """The argument names a message template uses (`{term}`, `{other.id}` -> other)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(message):
        if name is None:
            continue
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if not base or base.isdigit():
            raise ValueError("positional fields ('{}' or '{0}') are not allowed; name the argument")
        names.add(base)
    return names


@dataclass(frozen=True)
class Example:
    bad: str
    good: str
    # For rules that read a scenarios file: JSONL written beside the example before it is checked
    # (`scenarios` for both, or `bad-scenarios` / `good-scenarios`). Hand-written fixtures, not model output.
    bad_scenarios: str = ""
    good_scenarios: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    check: str
    message: str
    summary: str
    what: str
    why: str
    fix: str | None
    examples: tuple[Example, ...]
    params: dict[str, Any]
    preview: bool
    sources: tuple[str, ...]
    path: Path
    needs: frozenset[str] = field(default=frozenset())
    options: dict[str, Param] = field(default_factory=dict)  # the parameters its check declares
    docs_url: str | None = None  # the base of the rule docs (`docs-url`); None: the docs shipped with cmlint

    @property
    def anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"

    @property
    def doc_url(self) -> str:
        return f"{self.docs_url or docs_url_default()}#{self.anchor}"

    def with_options(
        self, severity: Severity | None, params: dict[str, Any], docs_url: str | None = None
    ) -> Rule:
        """This rule with a configured severity, parameters (already validated) and docs base."""
        from dataclasses import replace

        return replace(
            self,
            severity=severity or self.severity,
            params={**self.params, **params},
            docs_url=docs_url or self.docs_url,
        )

    def severity_of(self, finding: Finding) -> Severity:
        """The rule's severity, or the lower one its finding asks for (a minor instance of the problem)."""
        if finding.severity is not None and finding.severity.rank < self.severity.rank:
            return finding.severity
        return self.severity

    def diagnostic(self, finding: Finding, path: str) -> Diagnostic:
        try:
            message = self.message.format(**finding.args)
        except (KeyError, IndexError, AttributeError, ValueError) as exc:
            # a kind that does not declare its arguments: the mistake shows only now, still the rule file's
            provided = ", ".join(sorted(finding.args)) or "none"
            line = line_of(self.path.read_text(encoding="utf-8"), "message") if self.path.is_file() else None
            raise CatalogueError(
                f"{_at(self.path, line)}: error: rule {self.code}: the message names {exc}, which check "
                f"'{self.check}' does not provide (it provides: {provided})"
            ) from None
        return Diagnostic(
            code=self.code,
            name=self.name,
            family=self.family,
            severity=self.severity_of(finding),
            message=message,
            span=finding.span,
            path=path,
            principle=finding.principle,
            related=finding.related,
            suggestion=finding.suggestion or self.fix,
            doc_url=self.doc_url,
            score=finding.score,
        )


def _rule_from_file(path: Path, registry: Registry, families: tuple[str, ...] = FAMILIES) -> Rule:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: error: not a valid rule file: {exc}") from None
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise CatalogueError(f"{path}: error: rule file lacks {', '.join(missing)}")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise CatalogueError(f"{path}: error: unknown key '{unknown[0]}' in rule file")
    code = str(data["code"])
    if not _CODE.match(code):
        raise CatalogueError(f"{path}: error: code '{code}' must be 1-4 capitals and 3 digits")
    if data["family"] not in families:
        raise CatalogueError(
            f"{_at(path, line_of(text, 'family'))}: error: family '{data['family']}' "
            f"is not one of {', '.join(families)}"
            f"{did_you_mean(str(data['family']), families)} (a rule pack adds its own in {PACK_FILE})"
        )
    kind = registry.get(str(data["check"]))
    if kind is None:
        known = ", ".join(registry.names())
        raise CatalogueError(
            f"{_at(path, line_of(text, 'check'))}: error: check '{data['check']}' is not a known kind"
            f"{did_you_mean(str(data['check']), registry.names())} (known: {known})"
        )
    _check_message(str(data["message"]), kind, code, path, text)
    raw_params = data.get("params", {})
    if not isinstance(raw_params, dict):
        where = _at(path, line_of(text, "params"))
        raise CatalogueError(f"{where}: error: rule {code}: [params] must be a table")
    try:
        params = check_params(raw_params, kind.params)
    except ParamError as exc:
        where = _at(path, line_of(text, exc.key, "params"))
        raise CatalogueError(f"{where}: error: rule {code}: {exc}") from None
    try:
        severity = Severity.parse(str(data["severity"]))
    except ValueError as exc:
        raise CatalogueError(f"{_at(path, line_of(text, 'severity'))}: error: {exc}") from None
    examples = tuple(
        Example(
            bad=str(e.get("bad", "")),
            good=str(e.get("good", "")),
            bad_scenarios=str(e.get("bad-scenarios", e.get("scenarios", ""))),
            good_scenarios=str(e.get("good-scenarios", e.get("scenarios", ""))),
        )
        for e in data.get("examples", [])
    )
    return Rule(
        code=code,
        name=str(data["name"]),
        family=str(data["family"]),
        severity=severity,
        check=str(data["check"]),
        message=str(data["message"]),
        summary=str(data["summary"]).strip(),
        what=str(data["what"]).strip(),
        why=str(data["why"]).strip(),
        fix=str(data["fix"]).strip() if "fix" in data else None,
        examples=examples,
        params=params,
        preview=bool(data.get("preview", False)),
        sources=tuple(str(s) for s in data.get("sources", [])),
        path=path,
        needs=kind.needs,
        options=kind.params,
    )


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    """` (did you mean 'X'?)` for the closest candidate (difflib, as Python's own errors), or ''."""
    import difflib

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not close and word.upper() != word:
        close = difflib.get_close_matches(word.upper(), candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_message(message: str, kind: CheckKind, code: str, path: Path, text: str) -> None:
    """The message names only arguments the kind provides (when the kind declares them)."""
    where = _at(path, line_of(text, "message"))
    try:
        fields = message_fields(message)
    except ValueError as exc:
        raise CatalogueError(f"{where}: error: rule {code}: bad message template: {exc}") from None
    if kind.args is None:
        return
    unknown = sorted(fields - kind.args)
    if unknown:
        provided = ", ".join("{" + a + "}" for a in sorted(kind.args)) or "none"
        raise CatalogueError(
            f"{where}: error: rule {code}: the message names {{{unknown[0]}}}, which check '{kind.name}' "
            f"does not provide{did_you_mean(unknown[0], sorted(kind.args))} (it provides: {provided})"
        )


def _check_value(key: str, value: Any, spec: Param) -> None:
    name = public_name(key)
    expected = spec.type
    ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
    if not ok or (expected is not bool and isinstance(value, bool)):
        raise ParamError(key, f"parameter '{name}' must be a {spec.type_name}")
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and spec.items is not None:
        for item in items:
            if not isinstance(item, spec.items) or (spec.items is not bool and isinstance(item, bool)):
                raise ParamError(key, f"parameter '{name}' must be a {spec.type_name}")
    if spec.choices is not None:
        for item in items:
            if item not in spec.choices:
                raise ParamError(
                    key,
                    f"parameter '{name}' does not allow {item!r}{did_you_mean(str(item), spec.choices)} "
                    f"(allowed: {', '.join(spec.choices)})",
                )


def check_params(params: dict[str, Any], accepted: dict[str, Param]) -> dict[str, Any]:
    """The parameters keyed as the kind reads them; `ParamError` for one it does not take or accept.

    Each parameter may be spelled in kebab-case (documented), in snake_case, or as the kind declares it.
    """
    normalised: dict[str, Any] = {}
    for key, value in params.items():
        own = next((k for k in accepted if k == key or public_name(k) == public_name(key)), None)
        if own is None:
            known = ", ".join(sorted(public_name(k) for k in accepted)) or "none"
            hint = did_you_mean(public_name(key), [public_name(k) for k in accepted])
            raise ParamError(key, f"unknown parameter '{key}'{hint} (accepted: {known})")
        _check_value(key, value, accepted[own])
        normalised[own] = value
    return normalised


class Catalogue:
    """Every rule, by code, from the built-in rules/ folder and any rule packs."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.code in self.rules:
                first = self.rules[rule.code].path
                raise CatalogueError(f"{rule.path}: error: code {rule.code} is already used by {first}")
            self.rules[rule.code] = rule

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, code: str) -> Rule | None:
        return self.rules.get(code.upper())

    def find(self, code_or_name: str) -> Rule | None:
        """A rule by code (`S002`) or name (`duplicate-id`)."""
        rule = self.get(code_or_name)
        if rule is None:
            rule = next((r for r in self.rules.values() if r.name == code_or_name.lower()), None)
        return rule


def _pack_families(folder: Path) -> tuple[str, ...]:
    """The families a rule pack declares in its `cmlint-pack.toml` (`families = ["privacy"]`)."""
    path = folder / PACK_FILE
    if not path.is_file():
        return ()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: error: not a valid pack file: {exc}") from None
    unknown = sorted(set(data) - {"families"})
    if unknown:
        raise CatalogueError(f"{_at(path, line_of(text, unknown[0]))}: error: unknown key '{unknown[0]}'")
    families = data.get("families", [])
    if not isinstance(families, list) or not all(
        isinstance(f, str) and re.fullmatch(r"[a-z][a-z0-9-]*", f) for f in families
    ):
        raise CatalogueError(
            f"{_at(path, line_of(text, 'families'))}: error: families must be a list of lowercase names"
        )
    return tuple(families)


def load_catalogue(packs: tuple[Path, ...] = (), registry: Registry | None = None) -> Catalogue:
    """The built-in rules plus the rule packs (folders of rule files) a config names.

    A pack may declare families of its own in a `cmlint-pack.toml` at its root.
    """
    registry = registry or load_builtin_checks()
    rules = []
    for folder in (rules_dir(), *packs):
        if not folder.is_dir():
            raise CatalogueError(f"{folder}: error: rule pack folder not found")
        families = FAMILIES + _pack_families(folder)
        for path in sorted(folder.rglob("*.toml")):
            if path.name != PACK_FILE:
                rules.append(_rule_from_file(path, registry, families))
    return Catalogue(rules)
