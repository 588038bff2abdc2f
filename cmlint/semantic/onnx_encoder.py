"""The sentence encoder without torch: the model's transformer exported once to ONNX, run by onnxruntime.

Importing sentence-transformers costs about 8 s (torch, transformers, scikit-learn); onnxruntime
and the `tokenizers` library load in a tenth of a second and, on this model, give the same
vectors (largest difference 2.4e-7 over the Model Spec's lines, cosine >= 0.9999999; a test
compares the two). So the first run that needs embeddings exports the transformer with
torch (a few seconds, once per model and version) into the user's cache folder, never beside
the user's files, and every later process loads only the exported file.

What sentence-transformers adds around the transformer is done here in numpy, exactly as it
does it for the models this backend accepts: the model folder's `tokenizer.json`, truncation
to `max_seq_length`, mean pooling over the attention mask, L2 normalisation. A model with any
other module layout (CLS pooling, dense layers) is not ours to imitate: `OnnxUnsupported`, and
the caller uses sentence-transformers instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmlint.fileio import write_atomic
from cmlint.parallel import usable_cores

if TYPE_CHECKING:
    import numpy as np

EXPORT_VERSION = 1  # bump when the exported graph changes: old files are then simply not found
MODELS_ENV = "CMLINT_MODELS_DIR"
_SUPPORTED_MODULES = (
    ["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling"],
    [
        "sentence_transformers.models.Transformer",
        "sentence_transformers.models.Pooling",
        "sentence_transformers.models.Normalize",
    ],
)
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Word pieces in one batch, padding included (bench/bench_speed.py: 512-1024 is fastest on a 2-core box).
TOKENS_PER_BATCH = 768
# Batches encoded at once, at most: each holds its own activations (tens of MB on long texts), so a
# 64-core machine does not hold 64 sets of them.
MAX_SIDE_BY_SIDE = 8


class OnnxUnsupported(Exception):
    """This model or this installation cannot use the ONNX backend (the reason is the message)."""


def models_dir() -> Path:
    """Where exported models live: CMLINT_MODELS_DIR, else the user's cache folder."""
    configured = os.environ.get(MODELS_ENV)
    if configured:
        return Path(configured).expanduser()
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(user_cache).expanduser() / "cmlint" / "models"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OnnxUnsupported(f"cannot read {path.name}: {exc}") from None


def check_layout(folder: Path) -> int:
    """The model's max_seq_length, or OnnxUnsupported when its modules are not Transformer + mean pooling
    (+ Normalize) with a fast tokenizer."""
    entries = _read_json(folder / "modules.json")
    modules = [entry.get("type") for entry in entries] if isinstance(entries, list) else entries
    if modules not in _SUPPORTED_MODULES:
        raise OnnxUnsupported(f"modules {modules} are not transformer + pooling (+ normalize)")
    pooling = _read_json(folder / entries[1].get("path", "1_Pooling") / "config.json")
    modes = [key for key, on in pooling.items() if key.startswith("pooling_mode") and on]
    if modes != ["pooling_mode_mean_tokens"]:
        raise OnnxUnsupported(f"pooling {modes} is not mean pooling")
    if not (folder / "tokenizer.json").is_file():
        raise OnnxUnsupported("no tokenizer.json (a fast tokenizer) in the model folder")
    config = _read_json(folder / "sentence_bert_config.json")
    if config.get("do_lower_case"):
        raise OnnxUnsupported("do_lower_case models are not supported")
    return int(config.get("max_seq_length") or 256)


def export_path(folder: Path) -> Path:
    """The exported file for this model folder, named by what it was made from (the weights' and
    config's contents and the exporter's version): a changed model is a different file, and an old
    one is never read. The same model installed again, elsewhere or with new file times (every
    fresh `pip install` in CI) finds the file exported before."""
    index_file = models_dir() / "digests.json"
    index = _read_index(index_file)
    known = len(index)
    digest = hashlib.sha256(f"{EXPORT_VERSION}".encode())
    for path in _model_files(folder):
        digest.update(f"|{path.name}|{_content_digest(path, index)}".encode())
    if len(index) != known:
        with contextlib.suppress(OSError):  # not writable: the files are hashed again next time
            index_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(index_file, json.dumps(index))  # a concurrent writer's entries may be lost
    return models_dir() / f"{folder.name}-{digest.hexdigest()[:16]}.onnx"


def _model_files(folder: Path) -> list[Path]:
    return [
        p for p in sorted(folder.iterdir()) if p.suffix in (".safetensors", ".bin") or p.name == "config.json"
    ]


def _read_index(index_file: Path) -> dict[str, str]:
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _content_digest(path: Path, index: dict[str, str]) -> str:
    """The sha256 of a file, from the models folder's index while its size and modification time are
    those it was hashed at (hashing the 90 MB of weights takes 0.2 s; looking it up, nothing)."""
    info = path.stat()
    stamp = f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}"
    if not isinstance(index.get(stamp), str):
        with open(path, "rb") as handle:
            index[stamp] = hashlib.file_digest(handle, "sha256").hexdigest()
    return index[stamp]


def export(folder: Path, target: Path) -> None:
    """Export the model's transformer (last hidden state) with torch; atomic, so a concurrent or
    interrupted export leaves either no file or a whole one."""
    import warnings

    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise OnnxUnsupported(f"exporting needs torch and transformers ({exc})") from None

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()
    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "hidden")}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(model),
                (sample, sample, torch.zeros_like(sample)),
                temporary,
                input_names=list(_INPUTS),
                output_names=["hidden"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, Exception):
            raise OnnxUnsupported(f"export failed: {type(exc).__name__}: {str(exc)[:200]}") from None
        raise


class OnnxEncoder:
    """Mean-pooled, normalised sentence vectors from an exported transformer."""

    def __init__(self, folder: Path, onnx_file: Path, max_tokens: int) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise OnnxUnsupported(f"needs onnxruntime and tokenizers ({exc})") from None
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only: no warnings on the user's terminal
        # one thread per run: batches run side by side instead (see `encode`)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(
                str(onnx_file), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # a truncated or foreign file
            raise OnnxUnsupported(f"cannot load {onnx_file}: {str(exc)[:200]}") from None
        self.inputs = {item.name for item in self.session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """One normalised float32 row per text.

        Texts go longest first into batches of at most `batch_size` rows and about
        `TOKENS_PER_BATCH` word pieces (padding included), so a batch of long texts is small and a
        batch of short ones is wide. The vectors do not depend on the batching (padding is masked;
        a test checks them against sentence-transformers), but the time does: on the Model Spec
        this is 1.8x faster than sentence-transformers' fixed 64 rows (less padding, and
        activations that stay in the CPU's cache).

        Batches run side by side, one per core (up to `MAX_SIDE_BY_SIDE`), each on one thread
        (onnxruntime releases the GIL). That keeps every core busy, where one batch split over the
        cores by onnxruntime's own threads left them waiting on each other: on two cores the Model
        Spec's principles encode 20-25% faster, with the same vectors bit for bit.
        """
        import numpy as np

        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        batches: list[tuple[np.ndarray, int]] = []
        start = 0
        while start < len(order):
            width = len(encodings[order[start]].ids)  # the longest of this batch
            rows = order[start : start + max(1, min(batch_size, TOKENS_PER_BATCH // max(width, 1)))]
            start += len(rows)
            batches.append((rows, width))

        def pooled(batch: tuple[np.ndarray, int]) -> np.ndarray:
            rows, width = batch
            return self._pooled([encodings[i].ids for i in rows], width)

        workers = min(len(batches), usable_cores(), MAX_SIDE_BY_SIDE)
        if workers > 1:
            with ThreadPoolExecutor(workers, thread_name_prefix="cmlint-encode") as pool:
                results = list(pool.map(pooled, batches))
        else:
            results = [pooled(batch) for batch in batches]
        out = np.zeros((len(texts), results[0].shape[1] if results else 0), dtype=np.float32)
        for (rows, _width), vectors in zip(batches, results, strict=True):
            out[rows] = vectors
        return out

    def _pooled(self, token_rows: list[list[int]], width: int) -> np.ndarray:
        """Normalised mean-pooled vectors of one padded batch."""
        import numpy as np

        ids = np.zeros((len(token_rows), width), dtype=np.int64)
        mask = np.zeros((len(token_rows), width), dtype=np.int64)
        for row, tokens in enumerate(token_rows):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


def load_onnx_encoder(folder: Path) -> OnnxEncoder:
    """The ONNX encoder of a sentence-transformers folder, exporting it first when it has never been."""
    max_tokens = check_layout(folder)
    target = export_path(folder)
    if not target.is_file():
        export(folder, target)
    return OnnxEncoder(folder, target, max_tokens)
