"""Redundancy detection quality: where should the near-duplicate threshold sit?

    .venv/bin/python bench/bench_semantic.py [EVALDATA_DIR]

- STS-B test (1,379 pairs): Spearman rho between cosine and the 0-5 gold score, and
  precision / recall / F1 for "duplicate" (gold >= 4.0) at each threshold.
- SICK (9,840 pairs): "redundant" = bidirectional entailment (A entails B and B entails A).

Each table is printed twice: by cosine alone, and as O101 judges (cosine at the threshold AND
`conflicts.copies.compare_texts` says duplicate: drifted copies, parallel templates and pairs whose
form is opposed are not duplicates). For SICK the second table also counts contradictions that
would be called duplicates (the opposite of the truth).

Prints one table per dataset; the default threshold of the overlap rules is chosen from these.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

from cmlint.semantic.embeddings import encode

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "evaldata"
THRESHOLDS = (0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = np.argsort(np.argsort(a))
    rb = np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def cosines(left: list[str], right: list[str]) -> np.ndarray:
    a, b = encode(left), encode(right)
    return np.einsum("ij,ij->i", a, b)


def prf(scores: np.ndarray, gold: np.ndarray, threshold: float) -> tuple[float, float, float]:
    predicted = scores >= threshold
    tp = int(np.sum(predicted & gold))
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(gold.sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1


def judged(left: list[str], right: list[str], scores: np.ndarray, threshold: float) -> np.ndarray:
    """Whether O101 would call each pair a duplicate at `threshold`."""
    from cmlint.conflicts.copies import DUPLICATE, compare_texts

    return np.array(
        [
            bool(s >= threshold) and compare_texts(a, b, float(s), threshold).kind == DUPLICATE
            for a, b, s in zip(left, right, scores, strict=True)
        ]
    )


def judged_table(name: str, left: list[str], right: list[str], scores: np.ndarray, gold: np.ndarray) -> None:
    print(f"\n{name}, as O101 judges (cosine + the copy comparison)")
    print("threshold  precision  recall  F1")
    for threshold in THRESHOLDS:
        predicted = judged(left, right, scores, threshold)
        tp = int(np.sum(predicted & gold))
        p, r = tp / max(1, int(predicted.sum())), tp / max(1, int(gold.sum()))
        print(f"  {threshold:.2f}      {p:.3f}     {r:.3f}   {2 * p * r / max(1e-9, p + r):.3f}")


def table(name: str, scores: np.ndarray, gold: np.ndarray) -> float:
    print(f"\n{name}: {len(gold)} pairs, {int(gold.sum())} positive")
    print("threshold  precision  recall  F1")
    best = (0.0, 0.0)
    for threshold in THRESHOLDS:
        p, r, f = prf(scores, gold, threshold)
        best = max(best, (f, threshold))
        print(f"  {threshold:.2f}      {p:.3f}     {r:.3f}   {f:.3f}")
    print(f"best F1 {best[0]:.3f} at {best[1]:.2f}")
    return best[1]


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    start = time.perf_counter()
    rows = list(
        csv.reader(
            (root / "stsb" / "sts-test.csv").open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE
        )
    )
    rows = [r for r in rows if len(r) >= 7]
    gold = np.array([float(r[4]) for r in rows])
    scores = cosines([r[5] for r in rows], [r[6] for r in rows])
    print(f"STS-B test: Spearman rho(cosine, gold) = {spearman(scores, gold):.3f}")
    table("STS-B duplicate = gold >= 4.0", scores, gold >= 4.0)
    judged_table(
        "STS-B duplicate = gold >= 4.0", [r[5] for r in rows], [r[6] for r in rows], scores, gold >= 4.0
    )
    strict = (gold >= 4.0) | (gold <= 2.0)
    table("STS-B, clear cases only (gold >= 4 vs <= 2)", scores[strict], (gold >= 4.0)[strict])

    sick = list(
        csv.DictReader((root / "sick_nli_relatedness" / "SICK.txt").open(encoding="utf-8"), delimiter="\t")
    )
    redundant = np.array(
        [r["entailment_AB"] == "A_entails_B" and r["entailment_BA"] == "B_entails_A" for r in sick]
    )
    sick_scores = cosines([r["sentence_A"] for r in sick], [r["sentence_B"] for r in sick])
    relatedness = np.array([float(r["relatedness_score"]) for r in sick])
    print(f"\nSICK: Spearman rho(cosine, relatedness) = {spearman(sick_scores, relatedness):.3f}")
    table("SICK redundant = bidirectional entailment", sick_scores, redundant)
    left, right = [r["sentence_A"] for r in sick], [r["sentence_B"] for r in sick]
    judged_table("SICK redundant = bidirectional entailment", left, right, sick_scores, redundant)
    contradiction = np.array([r["entailment_label"] == "CONTRADICTION" for r in sick])
    for threshold in (0.8, 0.85):
        plain = int(np.sum((sick_scores >= threshold) & contradiction))
        kept = int(np.sum(judged(left, right, sick_scores, threshold) & contradiction))
        print(
            f"  contradictions called duplicates at {threshold:.2f}: "
            f"cosine alone {plain}, as O101 judges {kept}"
        )
    print(f"\n{time.perf_counter() - start:.0f} s in all (2-core CPU, all-MiniLM-L6-v2)")


if __name__ == "__main__":
    main()
