"""A rule that *declares* it needs a model but loads none: tests of model-aware scheduling stay fast.

`X901` flags every principle containing FLAG and claims to need spaCy ("nlp"); a principle
containing BOOM makes it fail the way a missing model does, and `FAKE_MODEL_SECONDS` makes it
as slow as a model. In the test process it lives in a private registry (a copy of the built-in
kinds plus this one) so no other test sees it; `serve` runs a language server subprocess
that has it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.registry import REGISTRY, Finding, Registry, load_builtin_checks
from cmlint.source import InputError

RULE = """
code = "X901"
name = "model-flag"
family = "vagueness"
severity = "warning"
check = "test-model-flag"
message = "a model would flag this"
summary = "Test rule that pretends to need a model."
what = "Flags principles containing FLAG."
why = "It exercises fast and full checks."
"""


def _model_flag(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    time.sleep(float(os.environ.get("FAKE_MODEL_SECONDS", "0")))  # what loading a model costs
    for principle in ctx.document.principles.values():
        if "BOOM" in principle.text:
            raise InputError("nlp-model", "spaCy model 'fake' is not installed")
        if "FLAG" in principle.text:
            yield Finding(principle.span, principle=principle.id)


def registry_with_model_rule() -> Registry:
    load_builtin_checks()
    registry = Registry()
    for name in REGISTRY.names():
        kind = REGISTRY.get(name)
        assert kind is not None
        registry.register(name, needs=kind.needs, params=kind.params)(kind.function)
    registry.register("test-model-flag", needs=("document", "nlp"))(_model_flag)
    return registry


def write_pack(folder: Path, select: str = '["S", "X"]') -> Path:
    """A folder with the X901 rule pack and a cmlint.toml that selects it."""
    (folder / "pack").mkdir(parents=True, exist_ok=True)
    (folder / "pack" / "X901-model-flag.toml").write_text(RULE)
    (folder / "cmlint.toml").write_text(f'select = {select}\nrule-packs = ["pack"]\n')
    return folder


def serve() -> None:
    """`cmlint lsp` with X901 registered (run as a subprocess by the language server tests)."""
    from cmlint.lsp.server import serve as serve_lsp

    load_builtin_checks()
    REGISTRY.register("test-model-flag", needs=("document", "nlp"))(_model_flag)
    serve_lsp()
