"""Built-in check kinds. Importing this package registers them; none imports a model at load."""

from cmlint.checks import (
    conflict,
    coverage,
    existence,
    form,
    goodhart,
    observability,
    overlap,
    structure,
    suppression,
    vagueness,
)

__all__ = [
    "conflict",
    "coverage",
    "existence",
    "form",
    "goodhart",
    "observability",
    "overlap",
    "structure",
    "suppression",
    "vagueness",
]
