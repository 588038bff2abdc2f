"""A disk store of embedding vectors keyed by (model, text), so unchanged text is never re-encoded.

One small file per vector under `<cache>/embeddings/<model key>/<ab>/<text hash>`: raw
little-endian float32 with a 4-byte dimension header. Writes are atomic (temporary file and
rename); a missing, truncated or foreign file is a miss, never an error; an unwritable cache
folder just means no cache.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_HEADER = struct.Struct("<I")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class VectorStore:
    def __init__(self, folder: Path | None, model: str) -> None:
        self.folder = folder / "embeddings" / _digest(model)[:16] if folder is not None else None

    def _path(self, text: str) -> Path:
        assert self.folder is not None
        key = _digest(text)
        return self.folder / key[:2] / key[2:]

    def get(self, text: str) -> np.ndarray | None:
        if self.folder is None:
            return None
        import numpy as np

        try:
            data = self._path(text).read_bytes()
            (dim,) = _HEADER.unpack_from(data)
            if dim == 0 or len(data) != _HEADER.size + 4 * dim:
                return None
            return np.frombuffer(data, dtype="<f4", offset=_HEADER.size).astype(np.float32)
        except (OSError, struct.error, ValueError):
            return None

    def put(self, text: str, vector: np.ndarray) -> None:
        if self.folder is None:
            return
        import numpy as np

        path = self._path(text)
        payload = _HEADER.pack(vector.shape[0]) + np.asarray(vector, dtype="<f4").tobytes()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temporary, path)
        except OSError:
            return
