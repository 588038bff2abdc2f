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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmlint.diagnostics import Diagnostic, Severity
from cmlint.registry import Finding, Registry, load_builtin_checks
from cmlint.resources import rules_dir

DOCS_URL = "https://github.com/cmlint/cmlint/blob/main/docs/rules.md#{anchor}"
FAMILIES = ("structure", "vagueness", "form", "overlap", "conflict", "coverage")
_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_REQUIRED = ("code", "name", "family", "severity", "check", "message", "summary", "what", "why")
_OPTIONAL = ("fix", "examples", "params", "preview", "sources")


class CatalogueError(Exception):
    """A rule file is wrong: reported with the file's path, exit code 2."""


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

    @property
    def anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"

    @property
    def doc_url(self) -> str:
        return DOCS_URL.format(anchor=self.anchor)

    def with_options(self, severity: Severity | None, params: dict[str, Any]) -> Rule:
        """This rule with a configured severity and parameters (already validated)."""
        from dataclasses import replace

        return replace(self, severity=severity or self.severity, params={**self.params, **params})

    def severity_of(self, finding: Finding) -> Severity:
        """The rule's severity, or the lower one its finding asks for (a minor instance of the problem)."""
        if finding.severity is not None and finding.severity.rank < self.severity.rank:
            return finding.severity
        return self.severity

    def diagnostic(self, finding: Finding, path: str) -> Diagnostic:
        try:
            message = self.message.format(**finding.args)
        except (KeyError, IndexError, ValueError) as exc:
            raise RuntimeError(f"rule {self.code}: message template needs {exc}") from None
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


def _rule_from_file(path: Path, registry: Registry) -> Rule:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
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
    if data["family"] not in FAMILIES:
        raise CatalogueError(f"{path}: error: family '{data['family']}' is not one of {', '.join(FAMILIES)}")
    kind = registry.get(str(data["check"]))
    if kind is None:
        known = ", ".join(registry.names())
        raise CatalogueError(f"{path}: error: check '{data['check']}' is not a known kind (known: {known})")
    params = dict(data.get("params", {}))
    check_params(params, kind.params, f"{path}: error: rule {code}")
    try:
        severity = Severity.parse(str(data["severity"]))
    except ValueError as exc:
        raise CatalogueError(f"{path}: error: {exc}") from None
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
    )


def check_params(params: dict[str, Any], accepted: dict[str, type], where: str) -> None:
    """Raise `CatalogueError` for a parameter the kind does not take or of the wrong type."""
    for key, value in params.items():
        if key not in accepted:
            known = ", ".join(sorted(accepted)) or "none"
            raise CatalogueError(f"{where}: unknown parameter '{key}' (accepted: {known})")
        expected = accepted[key]
        ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
        if not ok or (expected is not bool and isinstance(value, bool)):
            raise CatalogueError(f"{where}: parameter '{key}' must be a {expected.__name__}")


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


def load_catalogue(packs: tuple[Path, ...] = (), registry: Registry | None = None) -> Catalogue:
    """The built-in rules plus the rule packs (folders of rule files) a config names."""
    registry = registry or load_builtin_checks()
    rules = []
    for folder in (rules_dir(), *packs):
        if not folder.is_dir():
            raise CatalogueError(f"{folder}: error: rule pack folder not found")
        for path in sorted(folder.rglob("*.toml")):
            rules.append(_rule_from_file(path, registry))
    return Catalogue(rules)
