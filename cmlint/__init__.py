"""cmlint: a linter and static analyser for AI constitutions.

The pipeline, top-down: `source` (bytes -> text) -> `parse` (lark grammars and importers)
-> `model` (Document, Section, Principle) -> `graph` (the principle graph) -> `checks`
(rule kinds, driven by the rule files of the `catalogue`) -> `diagnostics` -> `output`;
`engine` runs one file through it, `cli` and `runner` serve the command line.
"""

__version__ = "0.1.0"
