"""Where the grammar and rule catalogue live, from a source checkout and from a wheel alike.

The wheel carries `grammar/`, `rules/` and `docs/` as `cmlint/data/grammar`, `cmlint/data/rules`
and `cmlint/data/docs` (see pyproject.toml); a checkout or editable install has them at the
repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    """The folder of cmlint's own `name` files, looked up once: the installation does not move while
    cmlint runs, and rules ask for their lexicons per run."""
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"cmlint is installed without its {name}/ folder")


def grammar_dir() -> Path:
    return _data_dir("grammar")


def rules_dir() -> Path:
    return _data_dir("rules")


@cache
def docs_url_default() -> str:
    """The rule reference shipped with cmlint (docs/rules.md), as a file URI: it exists wherever cmlint does.

    A project that publishes the docs sets `docs-url` in its config instead.
    """
    return (_data_dir("docs") / "rules.md").as_uri()


@cache
def lark_parser(grammar: str, start: str | tuple[str, ...] = "start", lexer: str = "contextual"):
    """A LALR parser for a grammar file in grammar/, built once per process.

    lark caches the analysed grammar in the temp folder, so later processes start fast.
    """
    from lark import Lark

    path = grammar_dir() / grammar
    return Lark(
        path.read_text(encoding="utf-8"),
        parser="lalr",
        lexer=lexer,
        start=list(start) if isinstance(start, tuple) else start,
        propagate_positions=False,  # tokens carry their positions; trees need none
        maybe_placeholders=False,
        cache=True,
    )
