"""The `existence` kind: flag any of a list of words or phrases, as proselint and Vale do.

A rule file gives the list, so a rule pack can add word rules with no Python:

    check = "existence"
    message = "'{term}' is an open-ended loophole"
    [params]
    terms = ["as needed", "where appropriate"]

Matching is on the principle's plain text (markup removed), on word boundaries, case-
insensitive unless `ignore-case = false`; text inside quotation marks is skipped, because a
constitution that quotes a bad phrase is not using it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from cmlint.catalogue import Rule
from cmlint.context import CheckContext
from cmlint.model import Kind, Principle
from cmlint.registry import REGISTRY, Finding, Param

# The principle kinds a check reads (rule and preference by default), shared by the linguistic kinds.
KINDS_PARAM = Param(list, items=str, choices=tuple(k.value for k in Kind), doc="which principles to read")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’(?!\w)")


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    alternatives = sorted((re.escape(t).replace(r"\ ", r"\s+") for t in terms), key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE if ignore_case else 0
    )


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges of `text` inside quotation marks."""
    return [m.span() for m in _QUOTED.finditer(text)]


def principles_to_check(ctx: CheckContext, kinds: list[str]) -> Iterator[Principle]:
    wanted = {Kind(k) for k in kinds}
    for principle in ctx.document.principles.values():
        if principle.kind in wanted and principle.plain is not None and principle.plain.text:
            yield principle


@REGISTRY.register(
    "existence",
    params={
        "terms": Param(list, items=str, doc="the words and phrases to flag"),
        "ignore-case": bool,
        "kinds": KINDS_PARAM,
        "skip-quoted": bool,
    },
    args=("term",),
)
def existence(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Any listed word or phrase in a principle."""
    terms = tuple(str(t) for t in rule.params.get("terms", ()))
    if not terms:
        return
    pattern = _pattern(terms, bool(rule.params.get("ignore-case", True)))
    kinds = rule.params.get("kinds", ["rule", "preference"])
    for principle in principles_to_check(ctx, kinds):
        plain = principle.plain
        assert plain is not None
        quoted = quoted_ranges(plain.text) if rule.params.get("skip-quoted", True) else []
        for match in pattern.finditer(plain.text):
            if any(a <= match.start() < b for a, b in quoted):
                continue
            yield Finding(plain.span_of(*match.span()), {"term": match.group(0)}, principle.id)
