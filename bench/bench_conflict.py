"""Contradiction detection quality: the conflict test of C101/C102 on SICK sentence pairs.

    .venv/bin/python bench/bench_conflict.py [EVALDATA_DIR]

SICK's sentences describe scenes ("A man is playing a guitar") rather than oblige, so each is
read by the same frame extractor and judged by the same `judge_pair` as the conflict rules,
with a descriptive polarity: stated (+1) or denied (-1: "not", "no man", "nobody"). Gold:
CONTRADICTION vs the rest (the original labels, and the corrected subset where it exists).
Precision first: the rules only fire when the action (verb + object) is the same.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

from cmlint.nlp.frames import extract_frame
from cmlint.nlp.pipeline import parse_texts
from cmlint.nlp.tokens import Sentence
from cmlint.semantic.conflict import Action, action_text, judge_pair, opposite_verbs, verb_groups
from cmlint.semantic.embeddings import encode

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata"


def frames_of(texts: list[str]) -> list:
    frames = []
    for text, sentences in zip(texts, parse_texts(texts), strict=True):
        frames.append(extract_frame(Sentence.from_data(text, sentences[0])) if sentences else None)
    return frames


def prf(predicted: np.ndarray, gold: np.ndarray) -> str:
    tp = int(np.sum(predicted & gold))
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(gold.sum()))
    f = 2 * p * r / max(1e-9, p + r)
    counts = f"flagged {int(predicted.sum())}, gold {int(gold.sum())}"
    return f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  ({counts})"


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    start = time.perf_counter()
    rows = list(
        csv.DictReader((root / "sick_nli_relatedness" / "SICK.txt").open(encoding="utf-8"), delimiter="\t")
    )
    corrected = {
        r["Pair_id"]: r["corrected_label"]
        for r in csv.DictReader(
            (root / "sick_nli_relatedness" / "SICK_subset_corrected_12.03.2019.csv").open(encoding="utf-8"),
            delimiter="\t",
        )
    }
    texts = sorted({r["sentence_A"] for r in rows} | {r["sentence_B"] for r in rows})
    frame = dict(zip(texts, frames_of(texts), strict=True))
    actions = {t: action_text(f) for t, f in frame.items() if f is not None and f.action}
    vectors = dict(zip(actions, encode(list(actions.values())), strict=True))
    opposites, groups = opposite_verbs(), verb_groups()
    gold = np.array([r["entailment_label"] == "CONTRADICTION" for r in rows])

    def predict(action_threshold: float) -> np.ndarray:
        predicted = []
        for r in rows:
            a, b = r["sentence_A"], r["sentence_B"]
            fa, fb = frame.get(a), frame.get(b)
            if fa is None or fb is None or a not in vectors or b not in vectors:
                predicted.append(False)
                continue
            cosine = float(vectors[a] @ vectors[b])
            described_a = Action.of(fa, -1 if fa.negated else 1)  # stated or denied
            described_b = Action.of(fb, -1 if fb.negated else 1)
            judged = judge_pair(described_a, described_b, cosine, opposites, groups, action_threshold)
            predicted.append(judged is not None)
        return np.array(predicted)

    print("action_threshold sweep (original labels):")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        print(f"  {threshold:.1f}: {prf(predict(threshold), gold)}")
    predicted_array = predict(0.8)
    print("at the default action_threshold 0.80:")
    print(f"SICK, {len(rows)} pairs, original labels:  {prf(predicted_array, gold)}")
    # A_contradicts_B in either direction
    directional = np.array(["contradicts" in r["entailment_AB"] + r["entailment_BA"] for r in rows])
    print(f"SICK, contradiction in either direction:  {prf(predicted_array, directional)}")
    subset = [i for i, r in enumerate(rows) if r["pair_ID"] in corrected]
    if subset:
        sub_gold = np.array(
            ["AcB" in corrected[rows[i]["pair_ID"]] or "BcA" in corrected[rows[i]["pair_ID"]] for i in subset]
        )
        print(f"SICK corrected subset ({len(subset)} pairs):   {prf(predicted_array[subset], sub_gold)}")
    base = np.array(
        [
            fa is not None and frame[r["sentence_A"]].negated != frame[r["sentence_B"]].negated
            for r, fa in ((r, frame.get(r["sentence_A"])) for r in rows)
        ]
    )
    print(f"baseline 'exactly one sentence negated':  {prf(base, gold)}")
    print(f"{time.perf_counter() - start:.0f} s (2-core CPU, spaCy en_core_web_sm, all-MiniLM-L6-v2)")


if __name__ == "__main__":
    main()
