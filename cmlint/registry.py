"""The check registry: rule *kinds* implemented in Python, which rule *files* in rules/ use.

A rule file names its kind (`check = "existence"`); the kind's function receives the rule
(with its parameters) and the check context, and yields `Finding`s. Built-in kinds are
registered exactly as a third-party rule pack's kinds would be, through `REGISTRY.register`.
Registering the same name twice is an error, so importing a module twice cannot double a rule.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cmlint.diagnostics import Related, Severity
from cmlint.source import Span

if TYPE_CHECKING:
    from cmlint.catalogue import Rule
    from cmlint.context import CheckContext

# Analyses a check may need, cheapest first. Selecting only checks that need nothing past
# "graph" never imports spaCy, torch or sentence-transformers.
ANALYSES = ("document", "graph", "nlp", "embeddings", "scenarios")
MODEL_ANALYSES = frozenset({"nlp", "embeddings"})


@dataclass(frozen=True)
class Finding:
    """What a check found; the rule turns it into a `Diagnostic` with its code and message."""

    span: Span
    args: dict[str, Any] = field(default_factory=dict)  # fills the rule's message template
    principle: str | None = None
    related: tuple[Related, ...] = ()
    suggestion: str | None = None
    # how likely the finding is right, in [0, 1], where the check ranks its findings
    score: float | None = None
    # at most this severity (None: the rule's): a check that weighs consequences lowers minor findings
    severity: Severity | None = None


CheckFunction = Callable[["CheckContext", "Rule"], Iterable[Finding]]


@dataclass(frozen=True)
class Param:
    """A parameter a kind takes: its type, and for strings or lists of strings the values allowed.

    The catalogue checks rule files and configs against it when it loads, and the rule docs'
    Options list is written from it. A parameter is spelled in kebab-case for users
    (`action-threshold`); the spelling the kind declares (which its code reads) and the
    snake_case spelling are accepted as aliases.
    """

    type: type
    choices: tuple[str, ...] | None = None  # allowed values (for a list: of each item)
    items: type | None = None  # a list's item type
    doc: str = ""

    @property
    def type_name(self) -> str:
        """The type in words, as the docs and errors say it (`list of strings`, `number`)."""
        if self.type is list:
            return f"list of {_TYPE_WORDS.get(self.items or str, 'value')}s"
        return _TYPE_WORDS.get(self.type, self.type.__name__)


_TYPE_WORDS = {str: "string", int: "integer", float: "number", bool: "boolean", list: "list", dict: "table"}


def public_name(name: str) -> str:
    """The user-facing, kebab-case spelling of a parameter or setting name."""
    return name.replace("_", "-")


@dataclass(frozen=True)
class CheckKind:
    name: str
    function: CheckFunction
    needs: frozenset[str]
    params: dict[str, Param]  # parameters a rule file may set, keyed as the kind's code reads them
    doc: str
    # the names a finding fills in the rule's message; None: not declared (checked when formatting)
    args: frozenset[str] | None = None


class Registry:
    """Named check kinds. An object, not module globals, so tests can make their own.

    `on_miss`, when given, is called once, the first time a name is not found: it may register
    more kinds (the installed plugins') before the name is looked up again.
    """

    def __init__(self, on_miss: Callable[[], None] | None = None) -> None:
        self._kinds: dict[str, CheckKind] = {}
        self._on_miss = on_miss
        self._missing = threading.Lock()  # a second thread that misses waits for the first's on_miss

    def register(
        self,
        name: str,
        *,
        needs: Iterable[str] = ("document",),
        params: dict[str, type | Param] | None = None,
        args: Iterable[str] | None = None,
    ) -> Callable[[CheckFunction], CheckFunction]:
        needs = frozenset(needs)
        unknown = needs - set(ANALYSES)
        if unknown:
            raise ValueError(f"check {name!r} needs unknown analyses {sorted(unknown)}")

        def decorate(function: CheckFunction) -> CheckFunction:
            if name in self._kinds:
                raise ValueError(f"check kind {name!r} is registered twice")
            declared = {k: v if isinstance(v, Param) else Param(v) for k, v in (params or {}).items()}
            self._kinds[name] = CheckKind(
                name,
                function,
                needs,
                declared,
                (function.__doc__ or "").strip(),
                frozenset(args) if args is not None else None,
            )
            return function

        return decorate

    def get(self, name: str) -> CheckKind | None:
        if name not in self._kinds and self._on_miss is not None:
            with self._missing:
                on_miss, self._on_miss = self._on_miss, None
                if on_miss is not None:
                    on_miss()
        return self._kinds.get(name)

    def names(self) -> list[str]:
        return sorted(self._kinds)


PLUGIN_GROUP = "cmlint.checks"


class PluginError(Exception):
    """An installed plugin that cannot be loaded: one line naming it, exit code 2."""


def _load_plugins() -> None:
    """Import every module of the `cmlint.checks` entry-point group; each registers its kinds."""
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            entry.load()
        except Exception as exc:  # a broken plugin is its author's error, not cmlint's
            raise PluginError(
                f"cmlint: error: plugin '{entry.name}' ({entry.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from None


# Plugins load the first time a rule names a kind cmlint does not have: only a rule file reaches a
# kind, so a run whose rules are all built in never pays for finding them (27 ms a run, for
# importlib.metadata and a scan of every installed package).
REGISTRY = Registry(on_miss=_load_plugins)


def load_builtin_checks() -> Registry:
    """The registry, with the built-in kinds registered (once per process); plugins' kinds follow
    on demand (see `REGISTRY`).

    Built-in kinds are registered by importing `cmlint.checks`; a third-party package adds its
    own exactly the same way, by naming a module in the `cmlint.checks` entry-point group
    (`[project.entry-points."cmlint.checks"] mypack = "mypack.checks"`) whose import registers
    kinds on `REGISTRY`. No module is imported twice, so nothing registers twice.
    """
    import cmlint.checks  # noqa: F401

    return REGISTRY
