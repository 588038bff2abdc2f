"""Embedding vectors in the analysis cache, keyed by (model, text), so unchanged text is never re-encoded.

A vector is stored as raw little-endian float32 after a 4-byte dimension header, in the
`cmlint.cache` database; a missing or wrong-sized entry is a miss, never an error, and no cache
folder (or an unwritable one) just means no store.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cmlint.cache import DiskCache, cache_key

if TYPE_CHECKING:
    import numpy as np

ANALYSIS = "embedding"
VERSION = 1
_HEADER = struct.Struct("<I")


class VectorStore:
    def __init__(self, folder: Path | None, model: str) -> None:
        self.cache = DiskCache(folder)
        self.model = model

    def _key(self, text: str) -> str:
        return cache_key(ANALYSIS, VERSION, self.model, text)

    def get_many(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        """The stored vector of each text, None where there is none."""
        import numpy as np

        keys = [self._key(text) for text in texts]
        stored = self.cache.get_many(ANALYSIS, keys)
        rows: list[np.ndarray | None] = []
        for key in keys:
            data = stored.get(key)
            rows.append(None)
            if not isinstance(data, bytes) or len(data) < _HEADER.size:
                continue
            (dim,) = _HEADER.unpack_from(data)
            if dim and len(data) == _HEADER.size + 4 * dim:
                rows[-1] = np.frombuffer(data, dtype="<f4", offset=_HEADER.size).astype(np.float32)
        return rows

    def put_many(self, texts: Sequence[str], vectors: Sequence[np.ndarray]) -> None:
        import numpy as np

        self.cache.put_many(
            ANALYSIS,
            [
                (self._key(text), _HEADER.pack(vector.shape[0]) + np.asarray(vector, dtype="<f4").tobytes())
                for text, vector in zip(texts, vectors, strict=True)
            ],
        )
