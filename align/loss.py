"""Cost-augmented search for fitting the bead-score weights (`align.tuning`).

The perceptron of `align.tuning` updates only where the predicted path differs from the
gold one, so it stops correcting a weight as soon as gold wins by any margin, and the fit
ends on the training chapters' ties. Searching with a cost on every bead that is not a
gold bead (loss-augmented inference, as structured SVMs train; Taskar et al. 2004) makes
the path it corrects against the most violating one, so near misses are corrected too.
Only fitting uses it, through `align.sentence.align_features(..., loss=...)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from zhenqa.align.dp import Band

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class LossAugment:
    """Cost-augmented search for training (the margin of a structured SVM, Taskar et al.
    2004): every bead that is not a gold bead scores `cost` more, so the perceptron also
    corrects weights under which a wrong bead merely comes close to a gold one. Without
    it the updates stop as soon as gold wins by any margin, which fits the training
    chapters' ties and not the held-out ones."""

    gold: Sequence[Bead]
    cost: float
    _ends: dict[tuple[int, int], np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ends: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for zs, es in self.gold:
            if zs and es:
                ends.setdefault((len(zs), len(es)), []).append((zs[-1] + 1, es[-1] + 1))
        self._ends = {t: np.array(v, dtype=np.int64) for t, v in ends.items()}

    def add(self, score: np.ndarray, band: Band, a: int, b: int, r0: int, r1: int) -> np.ndarray:
        """`score` of beads (a, b) ending at lattice rows r0..r1-1 (band layout), plus the
        cost everywhere but at the gold beads."""
        out = score + self.cost
        ends = self._ends.get((a, b))
        if ends is not None:
            i, j = ends[:, 0], ends[:, 1]
            m = j - band.lo[np.clip(i, 0, band.nz)]
            keep = (i >= r0) & (i < r1) & (m >= 0) & (m < out.shape[1])
            out[i[keep] - r0, m[keep]] -= self.cost
        return out
