"""Banded dynamic programming over alignment beads, vectorized row by row.

The lattice has points (i, j), 0 <= i <= nz, 0 <= j <= ne: i Chinese and j English units
consumed. A bead of type (a, b) goes from (i-a, j-b) to (i, j). Row i of the lattice is
only searched between `band.lo[i]` and `band.hi[i]` (inclusive), so memory and time grow
with nz * width, not nz * ne; every array here is stored in band coordinates,
``X[i, k]`` standing for the lattice point ``(i, band.lo[i] + k)``.

The objective is a maximum: the sum of the scores of the beads on the path. Scores of
the bead types with both sides non-empty come in as arrays (computed elsewhere from the
features, apart from this search); 1-0 and 0-1 beads have per-unit scores. Within a row,
0-1 beads chain (D[i, j] may come from D[i, j-1]); that recurrence is a running maximum of
``E[i, k] - S[k]`` plus ``S[j]`` (S the prefix sums of the 0-1 scores), which numpy
computes in one call, so a row costs a handful of vector operations whatever its width.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

NEG = -1e30


@dataclass(frozen=True)
class Band:
    """For each lattice row i (0..nz), the searched columns lo[i]..hi[i] inclusive.

    lo and hi are non-decreasing, lo[0] = 0 and hi[nz] = ne, so that a path from (0, 0) to
    (nz, ne) exists inside the band.
    """

    lo: np.ndarray
    hi: np.ndarray
    nz: int
    ne: int

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max()) + 1

    @property
    def cells(self) -> int:
        return int((self.hi - self.lo + 1).sum())

    def cols(self) -> np.ndarray:
        """Global column of every band cell, shape (nz+1, width) (may exceed ne: masked)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]

    def valid(self) -> np.ndarray:
        return self.cols() <= self.hi[:, None]


def full_band(nz: int, ne: int) -> Band:
    return Band(np.zeros(nz + 1, dtype=np.int64), np.full(nz + 1, ne, dtype=np.int64), nz, ne)


def _repair(lo: np.ndarray, hi: np.ndarray, nz: int, ne: int) -> Band:
    lo = np.clip(lo, 0, ne).astype(np.int64)
    hi = np.clip(hi, 0, ne).astype(np.int64)
    lo = np.minimum.accumulate(lo[::-1])[::-1]      # non-decreasing from the right
    hi = np.maximum.accumulate(hi)                  # non-decreasing from the left
    lo[0] = 0
    hi[-1] = ne
    # consecutive rows must overlap (or touch) so that 1-1/1-0 steps connect them
    lo[1:] = np.minimum(lo[1:], hi[:-1] + 1)
    hi = np.maximum(hi, lo)
    return Band(lo, hi, nz, ne)


def band_around_path(points: Sequence[tuple[int, int]], nz: int, ne: int, margin: int) -> Band:
    """The lattice rows' column ranges within `margin` of a monotone path of lattice points.

    `points` are lattice points (i, j) in order, from (0, 0) to (nz, ne); gaps between
    consecutive points (a coarse path projected to a finer level) are filled as rectangles.
    """
    lo = np.full(nz + 1, ne, dtype=np.int64)
    hi = np.zeros(nz + 1, dtype=np.int64)
    pts = sorted(set((int(i), int(j)) for i, j in points) | {(0, 0), (nz, ne)})
    prev_i, prev_j = 0, 0
    for i, j in pts:
        i0, i1 = min(prev_i, i), max(prev_i, i)
        j0, j1 = min(prev_j, j), max(prev_j, j)
        lo[i0:i1 + 1] = np.minimum(lo[i0:i1 + 1], j0)
        hi[i0:i1 + 1] = np.maximum(hi[i0:i1 + 1], j1)
        prev_i, prev_j = i, j
    # widen by margin in both directions (rows and columns)
    if margin > 0:
        lo_w = lo.copy()
        hi_w = hi.copy()
        for d in range(1, margin + 1):
            lo_w[d:] = np.minimum(lo_w[d:], lo[:-d])
            hi_w[:-d] = np.maximum(hi_w[:-d], hi[d:])
        lo, hi = lo_w - margin, hi_w + margin
    return _repair(lo, hi, nz, ne)


def diagonal_band(nz: int, ne: int, half_width: int, zh_pos: np.ndarray | None = None,
                  en_pos: np.ndarray | None = None) -> Band:
    """A band around the diagonal (or the cumulative-length diagonal when positions in
    [0, 1] of each lattice row/column are given)."""
    if zh_pos is None or en_pos is None:
        centre = np.round(np.arange(nz + 1) * (ne / max(nz, 1))).astype(np.int64)
    else:
        centre = np.searchsorted(en_pos, zh_pos).astype(np.int64)
    return _repair(centre - half_width, centre + half_width, nz, ne)


def gather_index(band: Band, a: int, b: int) -> np.ndarray:
    """Flat index into a (nz+1)*width D array (+1 sentinel) of the predecessor of every
    band cell for bead type (a, b); the sentinel (last index) where it is out of band."""
    K = band.width
    nz = band.nz
    sentinel = (nz + 1) * K
    cols = band.cols()                                   # (nz+1, K) global j
    rows = np.arange(nz + 1)
    prev_i = rows - a
    ok_row = prev_i >= 0
    pi = np.where(ok_row, prev_i, 0)
    pj = cols - b
    plo = band.lo[pi][:, None]
    phi = band.hi[pi][:, None]
    ok = ok_row[:, None] & (pj >= plo) & (pj <= phi) & (cols <= band.hi[:, None])
    flat = pi[:, None] * K + (pj - plo)
    return np.where(ok, flat, sentinel).astype(np.int32 if sentinel < 2**31 - 1 else np.int64)


def row_scan(E: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 0-1 chain inside one band row: the best score of each cell when English units
    may be skipped from any cell to its left, and whether that beats arriving directly.

    `E`: scores of arriving at each cell by a bead; `S`: prefix sums of the 0-1 scores at
    the cells' columns. A skip counts only for a real gain, not for the rounding of
    (E - S) + S: S, a prefix sum over the whole English side, reaches thousands in long
    documents, where one ulp is 1e-12 and a rounding "gain" sent the trace-back off the
    band. The row's first cell has nothing to its left."""
    run = np.maximum.accumulate(E - S) + S
    from_scan = run > E + 1e-9 * (1.0 + np.abs(S))
    from_scan[0] = False
    return np.where(from_scan, run, E), from_scan


@dataclass
class DPResult:
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]]
    total: float


def run_dp(band: Band, types: Sequence[tuple[int, int]], scores: np.ndarray,
           skip_zh: np.ndarray, skip_en: np.ndarray) -> DPResult:
    """Best path through the band.

    types: bead types (a, b) with a >= 1 and b >= 1 (1-0 is added here from skip_zh);
    scores: array (len(types), nz+1, width) of bead scores ending at each band cell
    (NEG where impossible); skip_zh[r] / skip_en[c]: score of leaving Chinese unit r /
    English unit c unaligned (usually negative).
    """
    nz, ne, K = band.nz, band.ne, band.width
    all_types = list(types) + [(1, 0)]
    T = len(all_types)
    itype = np.int32 if (nz + 1) * K < 2**31 - 1 else np.int64
    idx = np.empty((T, nz + 1, K), dtype=itype)
    for t, (a, b) in enumerate(all_types):
        idx[t] = gather_index(band, a, b)
    sc = np.empty((T, nz + 1, K), dtype=np.float32)
    sc[:-1] = scores
    # 1-0 bead ending at row i skips Chinese unit i-1
    sz = np.concatenate([[NEG], skip_zh.astype(np.float64)])
    sc[-1] = sz[:, None]
    cols = band.cols()
    valid = cols <= band.hi[:, None]
    # prefix sums of 0-1 scores along global columns
    s_en = np.concatenate([[0.0], np.cumsum(skip_en.astype(np.float64))])
    D = np.full((nz + 1) * K + 1, NEG, dtype=np.float64)
    back = np.full((nz + 1, K), -1, dtype=np.int16)
    scan = np.zeros((nz + 1, K), dtype=bool)
    arangeK = np.arange(K)
    for i in range(nz + 1):
        row_cols = np.minimum(cols[i], ne)
        if i == 0:
            E = np.full(K, NEG)
            E[0] = 0.0                      # lo[0] == 0: the origin
            arg = np.full(K, -1, dtype=np.int16)
        else:
            cand = D[idx[:, i, :]] + sc[:, i, :]
            arg = cand.argmax(axis=0).astype(np.int16)
            E = cand[arg, arangeK]
        E = np.where(valid[i], E, NEG)
        row, from_scan = row_scan(E, s_en[row_cols])
        row = np.where(valid[i], row, NEG)
        D[i * K:(i + 1) * K] = row
        back[i] = arg
        scan[i] = from_scan
    # trace back
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = nz, ne
    total = float(D[nz * K + (ne - band.lo[nz])])
    if total <= NEG / 2:
        raise RuntimeError("no path through the alignment band")
    while i > 0 or j > 0:
        k = j - int(band.lo[i])
        if scan[i, k]:
            beads.append(((), (j - 1,)))
            j -= 1
            continue
        t = int(back[i, k])
        if t < 0:
            raise RuntimeError("broken back-pointer in alignment DP")
        a, b = all_types[t]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    beads.reverse()
    return DPResult(beads, total)
