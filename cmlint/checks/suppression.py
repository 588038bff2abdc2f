"""Suppression directives that silenced nothing: stale, misspelt or aimed at the wrong line."""

from __future__ import annotations

from collections.abc import Iterator

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.registry import REGISTRY, Finding

UNUSED_SUPPRESSION = "unused-suppression"


@REGISTRY.register(UNUSED_SUPPRESSION, args=("codes", "why"))
def unused_suppression(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Directives that matched no finding. The engine runs this kind after every other."""
    known: set[str] = ctx.settings.get("known_codes", set())
    running: set[str] = ctx.settings.get("selected_codes", known)
    for directive in ctx.document.directives:
        if id(directive) in ctx.used_directives:
            continue
        unknown = [c for c in directive.codes if not any(k.startswith(c) for k in known)]
        judged = [c for c in directive.codes if any(k.startswith(c) for k in running)]
        if directive.codes and not unknown and not judged:
            continue  # it silences rules that did not run this time
        codes = ",".join(directive.codes) or "all rules"
        if unknown:
            why = f"no rule has the code {', '.join(unknown)}"
        elif directive.action == "disable-file":
            why = "nothing in this file is reported by it"
        else:
            why = "the next principle has no such finding"
        yield Finding(directive.span, {"codes": codes, "why": why})
