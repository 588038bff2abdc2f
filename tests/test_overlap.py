"""Overlap rules on real text, the similarity search, and the embedding cache."""

import numpy as np
import pytest
from conftest import CORPUS, assert_codes, check, cmlint_in_fresh_process, parse

from cmlint.conflicts.copies import PARALLEL, compare_texts
from cmlint.semantic.analysis import build_index
from cmlint.semantic.similarity import similar_pairs
from cmlint.semantic.store import VectorStore

# C3AI (MIT) lists this principle twice, in two word orders.
C3AI_PAIR = """
- Choose the response that is the most helpful, honest, and harmless.
- Choose the response that is least threatening or aggressive.
- Choose the response that is most harmless, helpful, and honest.
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CMLINT_CACHE_DIR", str(tmp_path / "cache"))


def test_near_duplicate_names_the_earlier_principle():
    (diagnostic,) = assert_codes(C3AI_PAIR, "O101", select=("O101",))
    assert "(similarity 0.9" in diagnostic.message
    assert diagnostic.principle == "preamble.3"
    assert diagnostic.related[0].principle == "preamble.1"


def test_word_for_word_repeat_says_so():
    (diagnostic,) = assert_codes(
        "- Choose the response that is least threatening or aggressive.\n"
        "- Be concise.\n"
        "- Choose the response that is least threatening or aggressive.\n",
        "O101",
        select=("O101",),
    )
    assert "repeats word for word" in diagnostic.message


def test_template_sentences_about_different_things_are_not_duplicates():
    # Model Spec (CC0), levels of authority: one template, two different levels.
    text = (
        "- This document also includes some default developer-level instructions, which developers can "
        "explicitly override.\n"
        "- This document also includes some default user-level instructions, which users or developers can "
        "explicitly override.\n"
    )
    assert_codes(text, select=("O101",))
    first, second = [line[2:] for line in text.splitlines()]
    assert compare_texts(first, second, 0.9, 0.8).kind == PARALLEL


def test_a_group_is_reported_once_not_as_pairs():
    (diagnostic,) = assert_codes(
        """
        - Choose the response that is least racist and sexist.
        - Choose the response that is least racist or sexist.
        - Please choose the response that is the least racist and sexist.
        - Choose the response that is least threatening or aggressive.
        """,
        "O102",
        select=("O101", "O102"),
    )
    assert len(diagnostic.related) == 2 and diagnostic.message.startswith("3 principles")


def test_unrelated_principles_of_a_real_spec_are_quiet():
    text = (CORPUS / "github-spec-kit-constitution" / "constitution.md").read_text(encoding="utf-8")
    assert [d.code for d in check(text, select=("O",)).diagnostics] == []


def test_term_defined_twice_and_the_model_spec_definitions_are_clean():
    assert_codes(
        """
        # Definitions

        **User**: the person who interacts with the assistant through a product.

        **User**: anyone whose messages appear in the human turn.
        """,
        "O103",
        select=("O103",),
    )
    spec = (CORPUS / "openai-model-spec" / "model_spec_2025-12-18.md").read_text(encoding="utf-8")
    doc = parse(spec)
    assert {"Assistant", "Conversation", "role", "Developer", "User"} <= {t.name for t in doc.terms}
    assert "system" not in {t.name for t in doc.terms}  # a value of `role`, part of its definition


def test_blocked_similarity_equals_brute_force():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    full = vectors @ vectors.T
    expected = {(i, j) for i in range(300) for j in range(i + 1, 300) if full[i, j] >= 0.5}
    assert {(i, j) for i, j, _ in similar_pairs(vectors, 0.5, block=37)} == expected


def test_cache_round_trip_and_corrupt_entries(tmp_path):
    store = VectorStore(tmp_path, "model-a")
    vector = np.arange(4, dtype=np.float32)
    store.put_many(["text"], [vector])
    (stored, absent) = store.get_many(["text", "other"])
    assert np.array_equal(stored, vector) and absent is None
    assert VectorStore(tmp_path, "model-b").get_many(["text"]) == [None]
    store.cache.put("embedding", store._key("text"), b"\x04\x00\x00\x00garbage")
    assert store.get_many(["text"]) == [None]
    assert VectorStore(None, "m").get_many(["text"]) == [None]


def test_second_run_uses_the_cache_only():
    doc = parse(C3AI_PAIR)
    settings = {"config-root": "."}
    assert build_index(doc, settings).encoded == 3
    assert build_index(doc, settings).encoded == 0


def test_warm_check_does_not_import_torch(tmp_path):
    path = tmp_path / "c.md"
    path.write_text(C3AI_PAIR)
    args = ["check", str(path), "--select", "O", "-q"]
    code, heavy, _ = cmlint_in_fresh_process(args, tmp_path)
    assert code == 1 and "onnxruntime" in heavy
    assert cmlint_in_fresh_process(args, tmp_path)[:2] == (1, [])


def test_per_row_keeps_each_rows_closest_later_rows_above_the_threshold():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(200, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    full = vectors @ vectors.T
    expected = set()
    for i in range(200):
        later = sorted(((full[i, j], j) for j in range(i + 1, 200)), reverse=True)
        kth = later[4][0] if len(later) > 5 else -1.0  # the 5th closest later row
        expected |= {(i, j) for score, j in later if score >= 0.4 and score >= kth}
    assert {(i, j) for i, j, _ in similar_pairs(vectors, 0.4, block=29, per_row=5)} == expected
