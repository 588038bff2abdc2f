"""Pairs of similar rows, by blocked matrix products: never a Python double loop.

For n vectors the full n x n similarity matrix is never held at once: rows are taken in
blocks of `block` against every later row, so memory stays at block x n floats (2048 x 10,000
float32 = 78 MiB) while the work is done by BLAS.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


Pair = tuple[int, int, float]


def similar_pairs(
    vectors: np.ndarray, threshold: float, block: int = 2048, per_row: int | None = None
) -> list[Pair]:
    """(i, j, cosine) for every i < j with cosine >= threshold; rows must be L2-normalised.

    `per_row` keeps only each row's closest later rows (a bound for pathological inputs: five
    thousand near-identical principles would otherwise make twelve million pairs).
    """
    return similar_pairs_at(vectors, [(threshold, per_row)], block)[0]


def similar_pairs_at(
    vectors: np.ndarray, wanted: Sequence[tuple[float, int | None]], block: int = 2048
) -> list[list[Pair]]:
    """`similar_pairs` for several (threshold, per_row) at once, from one pass of matrix products."""
    import numpy as np

    n = vectors.shape[0]
    found: list[list[Pair]] = [[] for _ in wanted]
    for start in range(0, n, block):
        stop = min(start + block, n)
        scores = vectors[start:stop] @ vectors[start:].T  # this block against itself and all later rows
        # only later rows: the diagonal and what lies below it (in the block's own square) are other
        # blocks' pairs or none
        size = stop - start
        scores[:, :size][np.tri(size, dtype=bool)] = -np.inf
        for (threshold, per_row), pairs in zip(wanted, found, strict=True):
            rows, cols = np.nonzero(_closest(scores, threshold, per_row))
            values = scores[rows, cols].tolist()
            pairs.extend(zip((rows + start).tolist(), (cols + start).tolist(), values, strict=True))
    return found


def _closest(scores: np.ndarray, threshold: float, per_row: int | None) -> np.ndarray:
    """Which scores are at or above `threshold` and, with `per_row`, among their row's `per_row` highest."""
    import numpy as np

    close = scores >= threshold
    if per_row is not None and scores.shape[1] > per_row:
        # only a row with more than `per_row` close rows needs its k-th closest (a partial sort of
        # every row was most of this function at 10,000 principles)
        crowded = np.nonzero(close.sum(axis=1) > per_row)[0]
        if crowded.size:
            kth = np.partition(scores[crowded], -per_row, axis=1)[:, -per_row][:, None]
            close[crowded] &= scores[crowded] >= kth
    return close


def cross_pairs(
    a: np.ndarray, b: np.ndarray, threshold: float, block: int = 2048
) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for rows i of `a` and j of `b` with cosine >= threshold."""
    import numpy as np

    found: list[tuple[int, int, float]] = []
    for start in range(0, a.shape[0], block):
        scores = a[start : start + block] @ b.T
        rows, cols = np.nonzero(scores >= threshold)
        found.extend(
            (start + r, c, float(scores[r, c])) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
        )
    return found
