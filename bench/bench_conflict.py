"""Contradiction detection quality: the conflict engine's sentence tests on SICK pairs.

    .venv/bin/python bench/bench_conflict.py [EVALDATA_DIR]

SICK's sentences describe scenes ("A man is playing a guitar") rather than oblige, so each is
read by the same frame extractor and proposition builder as the conflict rules, with a
descriptive force: stated (+1) or denied (-1: "not", "no man", "nobody"). A pair is predicted a
contradiction when the engine's tests would call it a conflict: a drifted copy
(`copies.compare_texts`), or opposite force on the same act (`detectors.opposition`). Gold:
CONTRADICTION vs the rest (the original labels, and the corrected subset where it exists).
The SICK figures of the engine before this one (C101/C102 `judge_pair` at 0.80): precision 0.913,
recall 0.203 (original labels).
"""

from __future__ import annotations

import csv
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

from cmlint.conflicts.copies import DRIFT, compare_texts
from cmlint.conflicts.detectors import opposition
from cmlint.conflicts.propositions import proposition
from cmlint.nlp.analysis import analyse
from cmlint.parse import parse_document
from cmlint.semantic.embeddings import encode
from cmlint.source import Source

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata"


def prf(predicted: np.ndarray, gold: np.ndarray) -> str:
    tp = int(np.sum(predicted & gold))
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(gold.sum()))
    f = 2 * p * r / max(1e-9, p + r)
    counts = f"flagged {int(predicted.sum())}, gold {int(gold.sum())}"
    return f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  ({counts})"


def described(texts: list[str]) -> dict[str, object]:
    """text -> its proposition, with a descriptive force where the sentence states no duty."""
    source = Source("sick.md", "".join(f"- {t}\n" for t in texts))
    analysis = analyse(parse_document(source), {"cache-dir": str(Path.home() / ".cache" / "cmlint")})
    found: dict[str, object] = {}
    for statement in analysis.statements:
        frame = statement.frame
        force = -1 if frame.negated else 1
        for p in proposition(statement, statement.text):
            if not p.derived:
                found.setdefault(statement.text.strip(), dataclasses.replace(p, force=p.force or force))
    return found


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
    props = described(texts)
    known = [t for t in texts if t in props]
    text_vectors = dict(zip(known, encode(known), strict=True))
    act_vectors = dict(zip(known, encode([props[t].act or t for t in known]), strict=True))  # type: ignore[attr-defined]
    gold = np.array([r["entailment_label"] == "CONTRADICTION" for r in rows])

    def predict(threshold: float) -> np.ndarray:
        out = []
        for r in rows:
            a, b = r["sentence_A"], r["sentence_B"]
            if a not in props or b not in props:
                out.append(False)
                continue
            cosine = float(text_vectors[a] @ text_vectors[b])
            drift = compare_texts(a, b, cosine, 0.8).kind == DRIFT
            opposed = opposition(props[a], props[b], float(act_vectors[a] @ act_vectors[b]), threshold)  # type: ignore[arg-type]
            out.append(drift or opposed is not None)
        return np.array(out)

    print("threshold sweep (original labels):")
    for threshold in (0.5, 0.6, 0.7, 0.8):
        print(f"  {threshold:.1f}: {prf(predict(threshold), gold)}")
    predicted = predict(0.6)
    print("at the default threshold 0.60:")
    print(f"SICK, {len(rows)} pairs, original labels:  {prf(predicted, gold)}")
    directional = np.array(["contradicts" in r["entailment_AB"] + r["entailment_BA"] for r in rows])
    print(f"SICK, contradiction in either direction:  {prf(predicted, directional)}")
    subset = [i for i, r in enumerate(rows) if r["pair_ID"] in corrected]
    if subset:
        sub_gold = np.array(
            ["AcB" in corrected[rows[i]["pair_ID"]] or "BcA" in corrected[rows[i]["pair_ID"]] for i in subset]
        )
        print(f"SICK corrected subset ({len(subset)} pairs):   {prf(predicted[subset], sub_gold)}")
    print(f"{time.perf_counter() - start:.0f} s (2-core CPU, spaCy en_core_web_sm, all-MiniLM-L6-v2)")


if __name__ == "__main__":
    main()
