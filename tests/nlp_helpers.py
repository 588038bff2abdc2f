"""Helpers for the linguistic tests: parse once per process, frames of one sentence, lint with settings."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import _shared_catalogue

from cmlint.cache import DiskCache
from cmlint.config import Config
from cmlint.engine import FileResult, check_source
from cmlint.model import Kind
from cmlint.nlp.analysis import LinguisticAnalysis, analyse
from cmlint.nlp.frames import DeonticFrame
from cmlint.parse import parse_document
from cmlint.source import Source

NO_CACHE = DiskCache(None)


def analysis_of(text: str, path: str = "test.md") -> LinguisticAnalysis:
    """The analysis of a snippet, parsed by spaCy (the model loads once per process)."""
    document = parse_document(Source(path, textwrap.dedent(text).lstrip("\n")))
    return analyse(document, {}, cache=NO_CACHE)


def frame_of(sentence: str, *, preference: bool = False) -> DeonticFrame:
    """The frame of one sentence, read as a rule (or a preference prompt)."""
    analysis = analysis_of(f"- {sentence}\n")
    (infos,) = analysis.sentences.values()
    assert len(infos) == 1, [i.text for i in infos]
    if preference and infos[0].principle.kind is not Kind.PREFERENCE:
        from cmlint.nlp.frames import extract_frame

        return extract_frame(infos[0].sentence, preference=True)
    return infos[0].frame


def lint(
    text: str, select: tuple[str, ...], path: str = "test.md", root: Path | None = None, **settings: object
) -> FileResult:
    """Check a snippet with config settings (`terms`, `spacy-model`, ...) of a config file in `root`."""
    source = Source(path, textwrap.dedent(text).lstrip("\n"))
    config = Config(
        path=root / "cmlint.toml" if root else None, select=select, settings={"no-cache": True, **settings}
    )
    return check_source(source, config, _shared_catalogue())


def flagged(result: FileResult, code: str | None = None) -> list[str]:
    """The flagged words of each finding (of one code), as the source has them."""
    return [
        result.source.text[d.span.start : d.span.end] for d in result.diagnostics if code in (None, d.code)
    ]
