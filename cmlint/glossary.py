"""Defined terms: what a document (or its team) has made precise.

A term is defined by a "Definitions" / "Glossary" section of the document (`**Term**: ...`
lines, parsed into `Document.terms`) or by the glossary files the config names
(`terms = ["glossary.md"]`, paths relative to the config file). A glossary file holds
`Term: definition` lines, or a YAML or JSON mapping of term to definition (or a list of
`{term, definition}` objects). The vagueness rules do not flag a defined term: the
document has said what it means.

A document also *explains* words without a glossary (`explained_terms`): a sentence
"X means ..." / "By X we mean ...", a definition-list item `**X**: ...`, a section titled X,
and a link from X to a section (`[sensitive content](#sensitive_content)`, `[?](#x)`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from cmlint.model import Document
from cmlint.source import InputError

_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*(?P<bold>[^*]+)\*\*|`(?P<code>[^`]+)`|(?P<bare>[^:#][^:]{0,60}?))\s*:\s*\S"
)


def _names_from_mapping(data: Any, path: Path) -> list[str]:
    if isinstance(data, Mapping):
        return [str(k) for k in data]
    if isinstance(data, list):
        names = []
        for item in data:
            if isinstance(item, Mapping) and ("term" in item or "name" in item):
                names.append(str(item.get("term", item.get("name"))))
            elif isinstance(item, str):
                names.append(item)
        return names
    raise InputError(str(path), "a terms file must be a mapping of term to definition, or a list of terms")


@lru_cache(maxsize=32)
def _read_terms_file(path: Path, mtime: float) -> tuple[str, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "terms file not found (named by `terms` in the cmlint config)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read terms file: {exc}") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return tuple(_names_from_mapping(json.loads(text), path))
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            return tuple(_names_from_mapping(yaml.safe_load(text) or {}, path))
        except yaml.YAMLError as exc:
            raise InputError(str(path), f"invalid YAML: {str(exc).splitlines()[0]}") from None
    names = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            names.append((match.group("bold") or match.group("code") or match.group("bare")).strip())
    return tuple(names)


def config_terms(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """Terms from the glossary files a config names (`terms`), relative to the config file."""
    files = settings.get("terms") or ()
    if isinstance(files, str):
        files = [files]
    root = Path(str(settings.get("config-root") or Path.cwd()))
    names: list[str] = []
    for name in files:
        path = (root / str(name)).resolve()
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        names += _read_terms_file(path, mtime)
    return tuple(names)


def defined_terms(document: Document, settings: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """Every defined term of a document, lower case: its own glossary and the config's."""
    names: Iterable[str] = [t.name for t in document.terms]
    if settings:
        names = [*names, *config_terms(settings)]
    cleaned = (" ".join(re.sub(r"[*_`]", "", n).split()).lower() for n in names)
    return tuple(dict.fromkeys(n for n in cleaned if n))


def is_defined(word: str, terms: Iterable[str]) -> bool:
    """Whether a word is a defined term, or an inflection of one ("harmful" for "harm")."""
    word = word.lower().strip()
    for term in terms:
        if word == term:
            return True
        if " " not in term and len(term) >= 4 and word.startswith(term) and len(word) - len(term) <= 4:
            return True
    return False


@lru_cache(maxsize=64)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(t).replace(r"\ ", r"\s+") for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def defined_ranges(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where defined terms occur in a text (their character ranges)."""
    terms = tuple(terms)
    if not terms:
        return []
    return [m.span() for m in _terms_pattern(terms).finditer(text)]


_QUOTE = "\"'“”‘’*_`"
# "X means ...", "By X we mean ...", "the term 'X'": the words a sentence explains
_EXPLAINS = (
    re.compile(
        r"(?:^|[.;:!?(]\s+|,\s+)[" + _QUOTE + r"]?(?P<t>[A-Za-z][\w\- ]{1,48}?)[" + _QUOTE + r"]?,?\s+"
        r"(?:here\s+|simply\s+|thus\s+)?(?:means|refers\s+to|is\s+defined\s+as|denotes|is\s+short(?:hand)?\s+for)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bby\s+[" + _QUOTE + r"]?(?P<t>[\w\- ]{2,48}?)[" + _QUOTE + r"]?,?\s+(?:we|i)\s+mean\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bwhat\s+(?:we|i)\s+mean\s+by\s+[" + _QUOTE + r"](?P<t>[^" + _QUOTE + r"]{2,48})[" + _QUOTE + r"]",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bthe\s+(?:term|word|phrase|notion|concept)\s+["
        + _QUOTE
        + r"](?P<t>[^"
        + _QUOTE
        + r"]{2,48})["
        + _QUOTE
        + r"]",
        re.IGNORECASE,
    ),
)
_LABEL = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*\*\*(?P<t>[^*\n]{2,60}?):?\*\*\s*:")
_LINK_LABEL = re.compile(r"\[(?P<t>[^\]\n]{1,60})\]")
_NOT_A_TERM = frozenset(
    "this that it which what these those there he she they we i you here such so all each both".split()
)
_LEADING = ("the ", "a ", "an ", "being ", "be ", "by ", "on ", "about ")


def _clean(term: str) -> str | None:
    """A candidate term, normalised; None when it is a pronoun or too long to be a term."""
    term = " ".join(re.sub(r"[*_`\"“”‘’']", "", term).split()).lower().strip(" .,:;")
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if term.startswith(lead):
                term, changed = term[len(lead) :], True
    words = term.split()
    if not words or len(words) > 5 or words[0] in _NOT_A_TERM or len(term) < 3:
        return None
    return term


def explained_terms(document: Document) -> tuple[str, ...]:
    """The words a document explains in its own text, lower case (see the module docstring)."""
    found: list[str | None] = []
    for principle in document.principles.values():
        text = principle.plain_text
        for pattern in _EXPLAINS:
            found += [_clean(m.group("t")) for m in pattern.finditer(text)]
        label = _LABEL.match(principle.text)
        if label:
            found.append(_clean(label.group("t")))
    for section in document.sections.values():
        if section.title:
            found.append(_clean(re.sub(r"\{[^}]*\}\s*$", "", section.title)))
    for anchor in document.anchors:
        found.append(_clean(re.sub(r"[_-]+", " ", anchor)))
    for reference in document.references:  # "[sensitive personal data](#protect_privacy)"
        if reference.kind == "anchor" and reference.target.lstrip("#") in document.anchors:
            label = _LINK_LABEL.match(document.source.text, reference.span.start, reference.span.end)
            if label and label.group("t") != "?":
                found.append(_clean(label.group("t")))
    return tuple(dict.fromkeys(t for t in found if t))
