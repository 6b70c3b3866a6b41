"""Sentence-level alignment: many-to-many beads by dynamic programming, banded.

Given two sequences of units (sentences, or the lines of presplit files), find the beads
(1-1, 1-2 ... 1-5, 5-1, 2-2, 2-3, 3-2, 1-0, 0-1) that cover both sides in order and
maximize the sum of bead scores.

Score of a bead: a weighted sum of named features (`BEAD_FEATURES`, weights in
`AlignConfig`, fitted on MAC-Dev by `align.tuning`), the central one being Bertalign's
objective ``similarity x length fit``; a unit left unaligned costs a fixed penalty, and
each bead shape has a prior. The similarity of a bead is computed on the concatenation of
its units from additive pairwise coverages (see `align.features`):

- for each channel (lexicon, MT character n-grams, anchors, punctuation), the weight of
  the Chinese items covered by the English side and of the English items covered by the
  Chinese side, each minus what random text of the same length would cover (estimated
  on the document itself from pairs off the first-pass path), as fractions of the side's
  total item weight;
- each of these is divided by its typical value on aligned 1-1 pairs of this very
  document, so that "1" means "as similar as a typical translation pair here" whatever
  the channel and the text genre; the channels are averaged with the configured weights
  (a channel only counts where it has items, sparse ones in proportion to their weight);
- the length fit is ``log2(1 + min/max)`` of the Chinese length scaled by the character
  ratio estimated from the document pair against the English length (a Gale-Church
  probability of the same lengths is a feature too);
- the weaker direction, each direction apart, and the "order" feature (a bead's first
  and last units must match the head and the tail of their counterparts) tell partial
  matches and wrong cuts from whole ones.

Search: the best path is first found with the common bead shapes (1-1, 1-2, 2-1) over the
whole lattice (small documents) or, for long documents, at coarser levels where units are
merged 4 by 4 and then refined level by level inside a band around the coarser path
(Vecalign's recursive downsampling); between that pass and the final one the caller may
enrich the features (the aligner learns document-specific word pairs from the first
path); the final pass then searches all bead shapes inside a narrow band around that
path. Each pass costs time proportional to the number of band cells, so the total grows
linearly with document length.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence, cast

import numpy as np

from zhenqa.align.boundary import end_agreement, quote_agreement
from zhenqa.align.config import FIRST_PASS_BEADS, AlignConfig
from zhenqa.align.dp import Band, band_around_path, full_band, run_dp
from zhenqa.align.channels import UnitFeatures, has_mt
from zhenqa.align.clauses import clause_fit
from zhenqa.align.features import PairBand, compute_pair_band, pair_band_limits
from zhenqa.align.loss import LossAugment

Bead = tuple[tuple[int, ...], tuple[int, ...]]

#: (fz, fe, hz, he) of `_coverages`: adjusted coverage fractions and "the side has items".
Coverages = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: (cz, ce, wz, we, lz, le): coverage, item weight and length sums of blocks of units.
SpanSums = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: What `_type_sums` yields per bead type: ((a, b), ok, cz, ce, wz, we, lz, le).
TypeSums = tuple[tuple[int, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                 np.ndarray, np.ndarray]


# --------------------------------------------------------------------------- scoring


@dataclass
class ChannelStats:
    """Per-channel calibration on the document itself (one value per channel)."""

    rate_z: np.ndarray      # expected coverage of Chinese weight per English character
    rate_e: np.ndarray      # expected coverage of English weight per Chinese character
    match_z: np.ndarray     # typical Chinese-side coverage of an aligned 1-1 pair
    match_e: np.ndarray
    rand_z: np.ndarray      # typical coverage of an unrelated pair (about 0 once adjusted)
    rand_e: np.ndarray
    separation: float = 0.0  # how far aligned pairs stand above unrelated ones (z-score)
    win_rate: float = 0.0    # share of aligned 1-1 pairs that beat every off-path pair of their row
    clause_offset: float = 0.0  # typical clause-count log ratio of a bead (`align.clauses`)


@dataclass
class _Prefix:
    """Prefix sums that turn span sums into two lookups."""

    q: np.ndarray           # (2*nch, nz, width+1) cumulative pair coverages per row (cz then ce)
    wz: np.ndarray          # (nch, nz+1) cumulative Chinese item weight
    we: np.ndarray          # (nch, ne+1)
    lz: np.ndarray          # (nz+1,) cumulative lengths
    le: np.ndarray


def _prefix(feats: UnitFeatures, pb: PairBand) -> _Prefix:
    nch = len(feats.channels)
    q = np.zeros((2 * nch, feats.nz, pb.width + 1))
    np.cumsum(pb.cz, axis=2, out=q[:nch, :, 1:])
    np.cumsum(pb.ce, axis=2, out=q[nch:, :, 1:])
    wz = np.zeros((nch, feats.nz + 1))
    we = np.zeros((nch, feats.ne + 1))
    for k, ch in enumerate(feats.channels):
        wz[k, 1:] = np.cumsum(ch.zh.total_w)
        we[k, 1:] = np.cumsum(ch.en.total_w)
    lz = np.concatenate([[0.0], np.cumsum(feats.len_zh)])
    le = np.concatenate([[0.0], np.cumsum(feats.len_en)])
    return _Prefix(q, wz, we, lz, le)


def _chan(x: np.ndarray, ndim: int) -> np.ndarray:
    return x.reshape((-1,) + (1,) * (ndim - 1))


def _coverages(cz: np.ndarray, ce: np.ndarray, wz: np.ndarray, we: np.ndarray, lz: np.ndarray,
               le: np.ndarray, stats_rz: np.ndarray, stats_re: np.ndarray) -> Coverages:
    """Random-adjusted coverage fractions per channel and direction.

    Returns (fz, fe, hz, he): the share of the Chinese (English) item weight covered by
    the other side beyond chance, and whether the side has items at all.
    """
    hz = wz > 1e-12
    he = we > 1e-12
    # cz/wz - rate*le, and 0 where a side has no items (cz is 0 there as well)
    fz = cz / np.maximum(wz, 1e-12) - _chan(stats_rz, cz.ndim) * le
    fe = ce / np.maximum(we, 1e-12) - _chan(stats_re, cz.ndim) * lz
    fz *= hz
    fe *= he
    return fz, fe, hz, he


def length_fit(lz: np.ndarray, le: np.ndarray, ratio: float) -> np.ndarray:
    """log2(1 + min/max) of the ratio-scaled Chinese length and the English length: 1 for
    a perfect fit, falling towards 0 as one side grows out of proportion."""
    x = lz * ratio
    lo = np.minimum(x, le)
    hi = np.maximum(np.maximum(x, le), 1e-9)
    fit: np.ndarray = np.log2(1.0 + lo / hi)
    return fit


#: Named features of a bead with both sides non-empty; the bead score is their weighted
#: sum with the weights of `AlignConfig` (plus a per-type weight "type:a-b").
BEAD_FEATURES = ("sim_fit", "min_fit", "zcov_fit", "ecov_fit", "sim_size", "lexicon_fit", "mt_fit",
                 "punct_fit", "anchor_fit", "fit", "gale_church", "nbr_max", "nbr_mean", "margin_fit")

#: Gale-Church variance per character of the English length given the Chinese one.
GC_VARIANCE = 6.8


def bead_feature_arrays(fz: np.ndarray, fe: np.ndarray, hz: np.ndarray, he: np.ndarray,
                        lz: np.ndarray, le: np.ndarray, stats: ChannelStats, weights: np.ndarray,
                        names: Sequence[str], ratio: float, cap: float,
                        sims_only: bool = False, needed: set[str] | None = None,
                        mass: np.ndarray | None = None, soft: np.ndarray | None = None
                        ) -> dict[str, np.ndarray]:
    """The named features from coverages (channel axis first; any trailing shape).

    Each channel's coverage in each direction is divided by its typical value on aligned
    pairs of this document; `sim` averages the two directions and the channels (weighted,
    over the channels present), `min` takes the weaker direction (a bead that covers one
    side well but leaves much of the other unexplained is a partial match).

    Sparse channels (anchors, punctuation, labels: `soft`) count in proportion to the
    evidence the bead holds (`mass`, the mean item weight of its two sides, capped at 1):
    one shared UN symbol speaks with the channel's full weight, a bare small number
    (weight 0.2) with a fifth of it, however typical it is of the document.
    """
    nd = fz.ndim
    hzf = hz.astype(np.float64)
    hef = he.astype(np.float64)
    inv_z = 1.0 / np.maximum(stats.match_z - stats.rand_z, 1e-6)
    inv_e = 1.0 / np.maximum(stats.match_e - stats.rand_e, 1e-6)
    nz_ = np.minimum((fz - _chan(stats.rand_z, nd)) * _chan(inv_z, nd), cap)
    ne_ = np.minimum((fe - _chan(stats.rand_e, nd)) * _chan(inv_e, nd), cap)
    zpart = nz_ * hzf
    epart = ne_ * hef
    nside = hzf + hef
    ch_sim = (zpart + epart) / np.maximum(nside, 1.0)
    if mass is not None and soft is not None and soft.any():
        presence = np.where(_chan(soft, nd), np.clip(mass, 0.0, 1.0), nside > 0)
    else:
        presence = nside > 0
    w = _chan(weights, nd) * presence
    inv_tot = 1.0 / np.maximum(w.sum(axis=0), 1e-12)     # where no channel is present, w is 0
    sim = (ch_sim * w).sum(axis=0) * inv_tot
    if sims_only:
        return {"sim": sim}
    fit = length_fit(lz, le, ratio)
    out = {"sim_fit": sim * fit, "fit": fit}
    if needed is None or "gale_church" in needed:
        # Gale-Church: the English length is normal around ratio x Chinese length
        delta = (le - ratio * lz) / np.sqrt(GC_VARIANCE * np.maximum(ratio * lz + le, 1.0) / 2.0)
        out["gale_church"] = np.exp(-np.minimum(delta * delta / 2.0, 30.0))
    if needed is None or "zcov_fit" in needed or "ecov_fit" in needed:
        out["zcov_fit"] = (zpart * w).sum(axis=0) * inv_tot * fit
        out["ecov_fit"] = (epart * w).sum(axis=0) * inv_tot * fit
    if needed is None or "min_fit" in needed or "margin_fit" in needed:
        mn = (np.where(hz & he, np.minimum(nz_, ne_), ch_sim) * w).sum(axis=0) * inv_tot
        out["min_fit"] = mn * fit
    for k, name in enumerate(names):
        key = f"{name}_fit"
        # every channel's share is kept for provenance when all features are asked for
        if needed is None or key in needed:
            out[key] = ch_sim[k] * fit
    for key in BEAD_FEATURES:
        if key not in out and key not in _NEIGHBOUR_FEATURES and (needed is None or key in needed):
            out[key] = np.zeros_like(fit)
    return out


_NEIGHBOUR_FEATURES = ("nbr_max", "nbr_mean", "margin_fit")


def _add_margin(f: dict[str, np.ndarray], nb: np.ndarray) -> None:
    has = ~np.isnan(nb)
    nbz = np.where(has, np.maximum(nb, 0.0), 0.0)
    cnt = has.sum(axis=0)
    f["nbr_max"] = nbz.max(axis=0)
    f["nbr_mean"] = np.where(cnt > 0, nbz.sum(axis=0) / np.maximum(cnt, 1), 0.0)
    f["margin_fit"] = f["sim_fit"] - f["nbr_mean"] * f["fit"]


def _block_sums(feats: UnitFeatures, pb: PairBand, pre: _Prefix, i_end: np.ndarray, a: int,
                j0: np.ndarray, j1: np.ndarray) -> SpanSums:
    """Coverage sums over Chinese units [i_end-a, i_end) x English units [j0, j1) for
    arrays of blocks (i_end broadcast against j0/j1); blocks must be inside the data."""
    nz, ne = feats.nz, feats.ne
    shape = np.broadcast_shapes(i_end.shape, j0.shape)
    i_end = np.broadcast_to(i_end, shape)
    j0 = np.clip(np.broadcast_to(j0, shape), 0, ne)
    j1 = np.clip(np.broadcast_to(j1, shape), 0, ne)
    nch = len(feats.channels)
    acc = np.zeros((2 * nch,) + shape)
    W = pb.width
    for u in range(1, a + 1):
        rr = np.clip(i_end - u, 0, max(nz - 1, 0))
        off = pb.slo[rr]
        hi_idx = np.clip(j1 - off, 0, W)
        lo_idx = np.clip(j0 - off, 0, W)
        acc += pre.q[:, rr, hi_idx] - pre.q[:, rr, lo_idx]
    cz, ce = acc[:nch], acc[nch:]
    i_hi = np.clip(i_end, 0, nz)
    i_lo = np.clip(i_end - a, 0, nz)
    wz = pre.wz[:, i_hi] - pre.wz[:, i_lo]
    we = pre.we[:, j1] - pre.we[:, j0]
    lz = pre.lz[i_hi] - pre.lz[i_lo]
    le = pre.le[j1] - pre.le[j0]
    return cz, ce, wz, we, lz, le


def _neighbour_sims(feats: UnitFeatures, pb: PairBand, pre: _Prefix, stats: ChannelStats,
                    i_end: np.ndarray, a: int, j: np.ndarray, b: int, cap: float) -> np.ndarray:
    """Similarity of the bead's Chinese side with the English units just before and after
    it, and of its English side with the neighbouring Chinese units (Bertalign's margin):
    a bead whose text is also well explained by its neighbours is likely cut wrongly."""
    nz, ne = feats.nz, feats.ne
    names = [ch.name for ch in feats.channels]
    shape = np.broadcast_shapes(i_end.shape, j.shape)
    out = []
    blocks = (
        (i_end, a, j, j + 1, j < ne),                               # next English unit
        (i_end, a, j - b - 1, j - b, j - b - 1 >= 0),               # previous English unit
        (i_end + 1, 1, j - b, j, i_end + 1 <= nz),                  # next Chinese unit
        (i_end - a, 1, j - b, j, i_end - a - 1 >= 0),               # previous Chinese unit
    )
    for ie, aa, j0, j1, ok in blocks:
        ie_c = np.clip(ie, aa, nz)
        cz, ce, wz, we, lz, le = _block_sums(feats, pb, pre, ie_c, aa, j0, j1)
        fz, fe, hz, he = _coverages(cz, ce, wz, we, lz, le, stats.rate_z, stats.rate_e)
        f = bead_feature_arrays(fz, fe, hz, he, lz, le, stats, feats.weights, names,
                                feats.ratio, cap, sims_only=True, mass=(wz + we) / 2, soft=feats.soft)
        out.append(np.where(np.broadcast_to(ok, shape), f["sim"], np.nan))
    return np.stack(out)


def score_weights(config: AlignConfig, with_mt: bool) -> dict[str, float]:
    return dict(config.weights_mt if with_mt else config.weights_lex)


def _type_sums(feats: UnitFeatures, pb: PairBand, pre: _Prefix, band: Band,
               types: Sequence[tuple[int, int]], r0: int = 0, r1: int | None = None
               ) -> Iterator[TypeSums]:
    """Yield (type, ok, cz, ce, wz, we, lz, le) for every bead type at every band cell.

    The block sum of a bead (a, b) is the sum over its a rows of row-wise window sums;
    window sums for a row offset u and width b are shared by all types with that b and
    a >= u, so the whole table costs one gather per (u, b) pair plus one per u. Only lattice
    rows r0..r1-1 are computed (callers go through long documents a chunk at a time, so
    that the intermediate arrays stay in cache).
    """
    nz, ne = feats.nz, feats.ne
    r1 = nz + 1 if r1 is None else r1
    cols = band.lo[r0:r1, None] + np.arange(band.width)[None, :]
    rows = np.arange(r0, r1)[:, None]
    j = np.minimum(cols, ne)
    valid = cols <= band.hi[r0:r1, None]
    W = pb.width
    nch = len(feats.channels)
    q = pre.q
    wanted = set(types)
    max_a: dict[int, int] = {}
    for a, b in types:
        max_a[b] = max(max_a.get(b, 0), a)
    top: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def row(u: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if u not in top:
            rr = np.broadcast_to(np.clip(rows - u, 0, max(nz - 1, 0)), cols.shape)
            off = pb.slo[rr]
            hi = np.clip(j - off, 0, W)
            top[u] = (rr, off, q[:, rr, hi])
        return top[u]

    for b in sorted(max_a):
        acc = None
        for u in range(1, max_a[b] + 1):
            rr, off, qhi = row(u)
            lo = np.clip(j - b - off, 0, W)
            part = qhi - q[:, rr, lo]
            acc = part if acc is None else acc + part
            if (u, b) not in wanted:
                continue
            a = u
            ok = valid & (rows >= a) & (cols >= b)
            i_lo = np.clip(rows[:, 0] - a, 0, nz)
            j_lo = np.clip(j - b, 0, ne)
            wz = np.broadcast_to((pre.wz[:, rows[:, 0]] - pre.wz[:, i_lo])[:, :, None], (nch,) + cols.shape)
            we = pre.we[:, j] - pre.we[:, j_lo]
            lz = np.broadcast_to((pre.lz[rows[:, 0]] - pre.lz[i_lo])[:, None], cols.shape)
            le = pre.le[j] - pre.le[j_lo]
            yield (a, b), ok, acc[:nch], acc[nch:], wz, we, lz, le


def _cell(pb: PairBand, arr: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Values of a pair-band array at Chinese unit r, English unit c (0 outside the band)."""
    nz = arr.shape[0]
    rr = np.clip(r, 0, max(nz - 1, 0))
    m = c - pb.slo[rr]
    ok = (r >= 0) & (r < nz) & (m >= 0) & (m < pb.width)
    return np.where(ok, arr[rr, np.clip(m, 0, pb.width - 1)], 0.0)


def order_feature(feats: UnitFeatures, opb: PairBand, i_end: np.ndarray, a: int,
                  j_end: np.ndarray, b: int) -> np.ndarray:
    """How well a bead's first and last units sit at the head and the tail of their
    counterparts (see `order_channels`); 0 for 1-1 beads, in about [-2, 2] otherwise."""
    shape = np.broadcast_shapes(np.shape(i_end), np.shape(j_end))
    out = np.zeros(shape)
    if not feats.order:
        return out
    i_end = np.broadcast_to(i_end, shape)
    j_end = np.broadcast_to(j_end, shape)
    r0, r1 = i_end - a, i_end - 1
    c0, c1 = j_end - b, j_end - 1
    if b > 1:
        we = feats.order[0].en.total_w
        w0 = np.maximum(we[np.clip(c0, 0, len(we) - 1)], 1e-9)
        w1 = np.maximum(we[np.clip(c1, 0, len(we) - 1)], 1e-9)
        head, tail = opb.ce[0], opb.ce[1]
        out += (_cell(opb, head, r0, c0) - _cell(opb, tail, r0, c0)) / w0
        out += (_cell(opb, tail, r1, c1) - _cell(opb, head, r1, c1)) / w1
    if a > 1:
        wz = feats.order[2].zh.total_w
        w0 = np.maximum(wz[np.clip(r0, 0, len(wz) - 1)], 1e-9)
        w1 = np.maximum(wz[np.clip(r1, 0, len(wz) - 1)], 1e-9)
        head, tail = opb.cz[2], opb.cz[3]
        out += (_cell(opb, head, r0, c0) - _cell(opb, tail, r0, c0)) / w0
        out += (_cell(opb, tail, r1, c1) - _cell(opb, head, r1, c1)) / w1
    return out


def bead_scores(feats: UnitFeatures, pb: PairBand, pre: _Prefix, band: Band,
                types: Sequence[tuple[int, int]], stats: ChannelStats, config: AlignConfig,
                weights: dict[str, float], constraint: "BlockConstraint | None" = None,
                order_pb: PairBand | None = None, loss: LossAugment | None = None) -> np.ndarray:
    names = [ch.name for ch in feats.channels]
    out = np.empty((len(types), band.nz + 1, band.width), dtype=np.float32)
    index = {t: k for k, t in enumerate(types)}
    need_nbr = any(weights.get(k) for k in ("nbr_max", "nbr_mean", "margin_fit"))
    needed = {k for k in BEAD_FEATURES if weights.get(k)}
    chunk = max(64, SCORE_CHUNK_CELLS // max(band.width, 1))
    for r0 in range(0, band.nz + 1, chunk):
        r1 = min(band.nz + 1, r0 + chunk)
        cols = np.minimum(band.lo[r0:r1, None] + np.arange(band.width)[None, :], feats.ne)
        rows = np.arange(r0, r1)[:, None]
        # bead-end evidence (`align.boundary`): it depends only on where a bead ends, so
        # one array serves every bead shape
        extra: float | np.ndarray = 0.0
        if weights.get("quote"):
            extra = extra + weights["quote"] * quote_agreement(feats.quotes, rows, cols)
        if weights.get("endmark"):
            extra = extra + weights["endmark"] * end_agreement(feats.marks, rows, cols)
        for (a, b), ok, cz, ce, wz, we, lz, le in _type_sums(feats, pb, pre, band, types, r0, r1):
            fz, fe, hz, he = _coverages(cz, ce, wz, we, lz, le, stats.rate_z, stats.rate_e)
            f = bead_feature_arrays(fz, fe, hz, he, lz, le, stats, feats.weights, names,
                                    feats.ratio, config.similarity_cap, needed=needed,
                                    mass=(wz + we) / 2, soft=feats.soft)
            f["sim_size"] = f["sim_fit"] * (a + b - 2)
            if order_pb is not None and weights.get("order"):
                f["order"] = order_feature(feats, order_pb, rows, a, cols, b)
            if weights.get("clause"):
                f["clause"] = clause_fit(feats.clauses, stats.clause_offset, rows, a, cols, b)
            if need_nbr:
                nb = _neighbour_sims(feats, pb, pre, stats, np.broadcast_to(rows, cols.shape), a, cols, b,
                                     config.similarity_cap)
                _add_margin(f, nb)
            score = np.full(lz.shape, weights.get(f"type:{a}-{b}", 0.0))
            for key in needed:
                score = score + weights[key] * f[key]
            if "order" in f:
                score = score + weights["order"] * f["order"]
            if "clause" in f:
                score = score + weights["clause"] * f["clause"]
            score = score + extra
            if constraint is not None:
                ok = ok & constraint.valid(band, a, b, r0, r1)
            if loss is not None:
                score = loss.add(score, band, a, b, r0, r1)
            out[index[(a, b)], r0:r1] = np.where(ok, score, -1e30)
    return out


#: Band cells scored at a time: long documents are scored in row chunks of about this
#: many cells, which keeps the intermediate arrays in cache and the time linear.
SCORE_CHUNK_CELLS = 24_000


# --------------------------------------------------------------------------- calibration


def _pair_cells(feats: UnitFeatures, pb: PairBand) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                             np.ndarray, np.ndarray, np.ndarray]:
    """Per pair-band cell: global English column, validity and 1-1 span sums."""
    ne = feats.ne
    cols = pb.slo[:, None] + np.arange(pb.width)[None, :]
    valid = cols < ne
    c = np.minimum(cols, max(ne - 1, 0))
    wz = np.stack([ch.zh.total_w for ch in feats.channels])[:, :, None] * np.ones((1, 1, pb.width))
    we = np.stack([ch.en.total_w[c] for ch in feats.channels])
    lz = feats.len_zh[:, None] * np.ones((1, pb.width))
    le = feats.len_en[c]
    return cols, valid, wz, we, lz, le


#: Typical values on MAC-Dev, used as priors that the document's own estimates outweigh as
#: soon as it offers enough evidence (a short document cannot estimate chance from a few
#: pairs): chance coverage per character of the other side (Chinese items, English items)
#: and coverage of aligned 1-1 pairs (Chinese side, English side).
CHANNEL_PRIORS = {"lexicon": (0.0003, 0.0016, 0.30, 0.42), "mt": (0.0008, 0.0024, 0.40, 0.37)}
_DEFAULT_PRIOR = (0.0, 0.0, 0.30, 0.40)


def estimate_stats(feats: UnitFeatures, pb: PairBand, path: Sequence[Bead] | None,
                   min_dist: int = 2) -> ChannelStats:
    """Rates of chance coverage and the typical coverage of aligned pairs.

    Without a path (first pass), every band cell counts as unrelated (true pairs are a
    small minority in a wide band) and "aligned" is taken as each row's best cell; with a
    path, cells at least `min_dist` units off the path are the unrelated sample and the
    path's 1-1 beads the aligned one. Each estimate is blended with `CHANNEL_PRIORS` in
    proportion to its sample size. Sparse channels (anchors, punctuation, labels) match
    exactly or not at all: an aligned pair covers all of them, so their typical aligned
    coverage is 1 by definition, not an estimate.
    """
    nch = len(feats.channels)
    cols, valid, wz, we, lz, le = _pair_cells(feats, pb)
    nz = feats.nz
    if path is not None:
        lo_e = np.full(nz, -1, dtype=np.int64)
        hi_e = np.full(nz, -1, dtype=np.int64)
        last = 0
        for zs, es in path:
            if es:
                last = es[-1]
            for r in zs:
                lo_e[r] = es[0] if es else last
                hi_e[r] = es[-1] if es else last
        dist = np.maximum(lo_e[:, None] - cols, cols - hi_e[:, None])
        random_mask = valid & (dist >= min_dist)
    else:
        random_mask = valid
    if random_mask.sum() < 20:
        random_mask = valid
    m = random_mask[None]
    n_rand = float(random_mask.sum())
    w_rate = n_rand / (n_rand + 200.0)
    priors = [CHANNEL_PRIORS.get(ch.name, _DEFAULT_PRIOR) for ch in feats.channels]
    soft = feats.soft
    doc_rz = np.where(m, pb.cz, 0).sum(axis=(1, 2)) / np.maximum(np.where(m, wz * le[None], 0).sum(axis=(1, 2)), 1e-12)
    doc_re = np.where(m, pb.ce, 0).sum(axis=(1, 2)) / np.maximum(np.where(m, we * lz[None], 0).sum(axis=(1, 2)), 1e-12)
    rate_z = w_rate * doc_rz + (1 - w_rate) * np.array([p[0] for p in priors])
    rate_e = w_rate * doc_re + (1 - w_rate) * np.array([p[1] for p in priors])
    fz, fe, hz, he = _coverages(pb.cz, pb.ce, wz, we, lz[None], le[None], rate_z, rate_e)
    rand_z = np.zeros(nch)
    rand_e = np.zeros(nch)
    match_z = np.ones(nch)
    match_e = np.ones(nch)
    seps = []
    for k in range(nch):
        for side, (f, h, rand, match) in enumerate(((fz, hz, rand_z, match_z), (fe, he, rand_e, match_e))):
            vals = f[k][random_mask & h[k]]
            spread = 0.05
            if len(vals) >= 5:
                rand[k] = float(vals.mean()) * len(vals) / (len(vals) + 50.0)
                spread = float(max(vals.std(), 1e-3))
            if soft[k]:
                match[k] = 1.0
                continue
            good = []
            if path is not None:
                for zs, es in path:
                    if len(zs) == 1 and len(es) == 1:
                        r, c = zs[0], es[0]
                        mm = c - pb.slo[r]
                        if 0 <= mm < pb.width and h[k, r, mm]:
                            good.append(f[k, r, mm])
            if len(good) < 3:
                rowbest = np.where(valid & h[k], f[k], -np.inf).max(axis=1)
                good = list(rowbest[np.isfinite(rowbest)])
            prior = priors[k][2 + side]
            w_match = len(good) / (len(good) + 10.0)
            doc_match = float(np.mean(good)) if good else prior
            match[k] = w_match * doc_match + (1 - w_match) * prior
            if match[k] - rand[k] < spread:
                match[k] = rand[k] + spread
            if k == 0 and side == 0:
                # the document's own evidence only: aligned pairs against unrelated ones
                seps.append((doc_match - rand[k]) / spread if len(good) >= 5 else 0.0)
    return ChannelStats(rate_z, rate_e, match_z, match_e, rand_z, rand_e,
                        float(np.mean(seps)) if seps else 0.0,
                        _win_rate(fz, fe, hz, he, pb, path, random_mask) if path is not None and nch else 0.0,
                        feats.clauses.offset(path) if feats.clauses is not None else 0.0)


def _win_rate(fz: np.ndarray, fe: np.ndarray, hz: np.ndarray, he: np.ndarray, pb: PairBand,
              path: Sequence[Bead], random_mask: np.ndarray) -> float:
    """Share of the path's 1-1 pairs that the lexicon channel rates above every pair of
    their row that lies off the path: near 1 for translations, low for unrelated texts
    (where the path is only the best of noise and other noise in the row beats it)."""
    sim = (fz[0] * hz[0] + fe[0] * he[0]) / np.maximum(hz[0].astype(float) + he[0], 1.0)
    off = np.where(random_mask, sim, -np.inf).max(axis=1)
    wins = total = 0
    for zs, es in path:
        if len(zs) == 1 and len(es) == 1:
            r, c = zs[0], es[0]
            mm = c - pb.slo[r]
            if 0 <= mm < pb.width and np.isfinite(off[r]) and random_mask[r].sum() >= 3:
                total += 1
                wins += sim[r, mm] > off[r]
    return wins / total if total >= 5 else 0.0


# --------------------------------------------------------------------------- search


@dataclass
class BlockConstraint:
    """Beads may not cross block boundaries: every unit of a bead must belong to the same
    aligned block pair. `zh_block[r]` / `en_block[c]` is the index of the block bead a
    unit belongs to (units of 1-0/0-1 blocks have ids no other side shares); `corners`
    are the lattice points of the block alignment, around which the band is laid."""

    zh_block: np.ndarray
    en_block: np.ndarray
    corners: list[tuple[int, int]]

    def valid(self, band: Band, a: int, b: int, r0: int = 0, r1: int | None = None) -> np.ndarray:
        nz, ne = len(self.zh_block), len(self.en_block)
        r1 = nz + 1 if r1 is None else r1
        cols = np.minimum(band.lo[r0:r1, None] + np.arange(band.width)[None, :], ne)
        rows = np.arange(r0, r1)[:, None]
        r_last = np.clip(rows - 1, 0, max(nz - 1, 0))
        r_first = np.clip(rows - a, 0, max(nz - 1, 0))
        c_last = np.clip(cols - 1, 0, max(ne - 1, 0))
        c_first = np.clip(cols - b, 0, max(ne - 1, 0))
        zb = self.zh_block
        eb = self.en_block
        ok: np.ndarray = ((zb[r_first] == zb[r_last])[:, :1] & (eb[c_first] == eb[c_last])
                          & (zb[r_last] == eb[c_last]))
        return ok


@dataclass
class SentenceResult:
    beads: list[Bead]
    feats: UnitFeatures
    pair_band: PairBand
    stats: ChannelStats
    weights: dict[str, float]
    levels: list[int] = field(default_factory=list)
    cells: int = 0
    prefix: "_Prefix | None" = None
    first: list[Bead] = field(default_factory=list)
    order_pb: PairBand | None = None


def _path_points(beads: Sequence[Bead]) -> list[tuple[int, int]]:
    pts = [(0, 0)]
    i = j = 0
    for zs, es in beads:
        i += len(zs)
        j += len(es)
        pts.append((i, j))
    return pts


def _intersect(a: Band, b: Band) -> Band:
    from zhenqa.align.dp import _repair

    return _repair(np.maximum(a.lo, b.lo), np.minimum(a.hi, b.hi), a.nz, a.ne)


def _search(feats: UnitFeatures, band: Band, types: Sequence[tuple[int, int]], config: AlignConfig,
            weights: dict[str, float], pb: PairBand | None = None,
            stats: ChannelStats | None = None,
            constraint: BlockConstraint | None = None,
            order_pb: PairBand | None = None,
            loss: LossAugment | None = None) -> tuple[list[Bead], PairBand, ChannelStats]:
    amax = max(a for a, _ in types)
    bmax = max(b for _, b in types)
    if pb is None:
        slo, shi = pair_band_limits(band.lo, band.hi, feats.nz, feats.ne, amax, bmax)
        pb = compute_pair_band(feats.channels, slo, shi)
    if stats is None:
        stats = estimate_stats(feats, pb, None)
    pre = _prefix(feats, pb)
    scores = bead_scores(feats, pb, pre, band, types, stats, config, weights, constraint, order_pb, loss)
    skip = weights.get("skip", -config.skip_score)
    if loss is not None:
        skip += loss.cost
    skip_z = np.full(feats.nz, skip)
    skip_e = np.full(feats.ne, skip)
    res = run_dp(band, types, scores, skip_z, skip_e)
    return res.beads, pb, stats


def first_pass_weights(config: AlignConfig) -> dict[str, float]:
    """The simple scorer of the path-finding passes: similarity x length fit."""
    return {"sim_fit": 1.0, "skip": -config.skip_score,
            **{f"type:{a}-{b}": -config.bead_unit_penalty * (a + b - 2) for a, b in FIRST_PASS_BEADS}}


def align_features(feats: UnitFeatures, config: AlignConfig,
                   weights: dict[str, float] | None = None,
                   first: Sequence[Bead] | None = None,
                   types: Sequence[tuple[int, int]] | None = None,
                   constraint: BlockConstraint | None = None,
                   after_first: Callable[[list[Bead]], Sequence[int] | None] | None = None,
                   loss: LossAugment | None = None) -> SentenceResult:
    """Align two unit sequences described by `feats` (see the module docstring).

    `weights` overrides the final-pass weights of `config` (training, block level);
    `first` reuses a first-pass path (a re-alignment with a richer lexicon keeps the band);
    `types` overrides the bead shapes of the final pass; `constraint` keeps beads inside
    aligned blocks. `after_first(first_beads)` runs between the path-finding pass and the
    final pass; it may replace channels of `feats` and returns the indices of those it
    replaced (the lexicon re-learning step), whose pair coverages are then recomputed.
    """
    nz, ne = feats.nz, feats.ne
    if weights is None:
        weights = score_weights(config, has_mt(feats))
    types = tuple(types or config.sentence_beads)
    nch = len(feats.channels)
    if nz == 0 or ne == 0:
        beads: list[Bead] = [((i,), ()) for i in range(nz)] + [((), (j,)) for j in range(ne)]
        empty = PairBand(np.zeros(nz, dtype=np.int64), 1, np.zeros((nch, nz, 1)), np.zeros((nch, nz, 1)))
        z = np.zeros(nch)
        return SentenceResult(beads, feats, empty, ChannelStats(z, z, z + 1, z + 1, z, z), weights)
    fp = first_pass_weights(config)
    first_types = tuple(t for t in FIRST_PASS_BEADS if t in types) or types[:1]
    levels = []
    cells = 0
    if constraint is not None:
        band_a = band_around_path(constraint.corners, nz, ne, config.band_margin)
    elif first is None:
        factor = 1
        while (nz / factor) * (ne / factor) > config.full_band_cells and min(nz, ne) / factor > 8:
            factor *= config.coarse_factor
        points: list[tuple[int, int]] | None = None
        f = factor
        while f > 1:
            lf = feats.merge(f)
            if points is None:
                band = full_band(lf.nz, lf.ne)
            else:
                scaled = [(min(i * config.coarse_factor, lf.nz), min(j * config.coarse_factor, lf.ne))
                          for i, j in points]
                band = band_around_path(scaled, lf.nz, lf.ne, config.coarse_margin * config.coarse_factor)
            beads, _, _ = _search(lf, band, first_types, config, fp)
            cells += band.cells
            levels.append(f)
            points = _path_points(beads)
            f //= config.coarse_factor
        if points is None:
            band_a = full_band(nz, ne)
        else:
            scaled = [(min(i * config.coarse_factor, nz), min(j * config.coarse_factor, ne)) for i, j in points]
            band_a = band_around_path(scaled, nz, ne, config.coarse_margin * config.coarse_factor)
    else:
        band_a = band_around_path(_path_points(first), nz, ne, 2 * config.band_margin)
    # pass 1: path with the common shapes; the pair band is sized for every bead shape so
    # that pass 2 can reuse it
    amax = max(max(a for a, _ in types), 2)
    bmax = max(max(b for _, b in types), 2)
    slo, shi = pair_band_limits(band_a.lo, band_a.hi, nz, ne, amax, bmax)
    pb = compute_pair_band(feats.channels, slo, shi)
    if first is None:
        first, pb, _ = _search(feats, band_a, first_types, config, fp, pb=pb, constraint=constraint)
        cells += band_a.cells
    if after_first is not None:
        changed = after_first(list(first)) or []
        if changed:
            fresh = compute_pair_band([feats.channels[k] for k in changed], slo, shi)
            for n, k in enumerate(changed):
                pb.cz[k] = fresh.cz[n]
                pb.ce[k] = fresh.ce[n]
    stats = estimate_stats(feats, pb, first, config.random_min_dist)
    if constraint is not None:
        band_b = band_a
    else:
        band_b = _intersect(band_a, band_around_path(_path_points(first), nz, ne, config.band_margin))
    order_pb = None
    if feats.order and weights.get("order"):
        order_pb = compute_pair_band(feats.order, slo, shi)
    final, pb, stats = _search(feats, band_b, types, config, weights, pb=pb, stats=stats,
                               constraint=constraint, order_pb=order_pb, loss=loss)
    cells += band_b.cells
    levels.append(1)
    return SentenceResult(list(final), feats, pb, stats, weights, levels, cells, _prefix(feats, pb),
                          list(first), order_pb)


# --------------------------------------------------------------------------- per-bead signals


def bead_features_many(res: SentenceResult, beads: Sequence[Bead], config: AlignConfig,
                       neighbours: bool | None = None) -> list[dict[str, float]]:
    """The named features of many beads at once (the same numbers the search used).

    `neighbours`: also compute the neighbour-similarity features (default: when the
    result's weights use them)."""
    feats, pb, stats = res.feats, res.pair_band, res.stats
    if neighbours is None:
        neighbours = any(res.weights.get(k) for k in ("nbr_max", "nbr_mean", "margin_fit"))
    pre = res.prefix if res.prefix is not None else _prefix(feats, pb)
    names = [ch.name for ch in feats.channels]
    out: list[dict[str, float] | None] = [None] * len(beads)
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (zs, es) in enumerate(beads):
        if not zs or not es:
            out[k] = {"skip": float(len(zs) + len(es))}
        else:
            groups.setdefault((len(zs), len(es)), []).append(k)
    for (a, b), idx in groups.items():
        i_end = np.array([beads[k][0][-1] + 1 for k in idx])
        j = np.array([beads[k][1][-1] + 1 for k in idx])
        cz, ce, wz, we, lz, le = _block_sums(feats, pb, pre, i_end, a, j - b, j)
        fz, fe, hz, he = _coverages(cz, ce, wz, we, lz, le, stats.rate_z, stats.rate_e)
        f = bead_feature_arrays(fz, fe, hz, he, lz, le, stats, feats.weights, names,
                                feats.ratio, config.similarity_cap, mass=(wz + we) / 2, soft=feats.soft)
        f = dict(f)
        f["sim_size"] = f["sim_fit"] * (a + b - 2)
        if res.order_pb is not None:
            f["order"] = order_feature(feats, res.order_pb, i_end, a, j, b)
        f["clause"] = clause_fit(feats.clauses, stats.clause_offset, i_end, a, j, b)
        f["quote"] = quote_agreement(feats.quotes, i_end, j)
        f["endmark"] = end_agreement(feats.marks, i_end, j)
        if neighbours:
            f = dict(f)
            _add_margin(f, _neighbour_sims(feats, pb, pre, stats, i_end, a, j, b, config.similarity_cap))
        for n, k in enumerate(idx):
            d = {key: float(v[n]) for key, v in f.items()}
            d[f"type:{a}-{b}"] = 1.0
            out[k] = d
    return cast("list[dict[str, float]]", out)   # every slot was filled above


def bead_features(res: SentenceResult, bead: Bead, config: AlignConfig) -> dict[str, float]:
    return bead_features_many(res, [bead], config)[0]


def signals_from_features(res: SentenceResult, f: dict[str, float], config: AlignConfig) -> dict[str, float]:
    """Provenance of a bead from its features: each channel's normalized similarity, the
    combined similarity, the length fit and the bead's score in the search."""
    if "skip" in f:
        return {"skip": round(res.weights.get("skip", -config.skip_score), 4)}
    fit = max(f["fit"], 1e-9)
    out: dict[str, float] = {}
    for ch in res.feats.channels:
        key = f"{ch.name}_fit"
        if key in f and f[key] != 0.0:
            out[ch.name] = round(f[key] / fit, 4)
    out["similarity"] = round(f["sim_fit"] / fit, 4)
    out["length"] = round(f["fit"], 4)
    if "nbr_max" in f:
        out["neighbours"] = round(f["nbr_max"], 4)
    out["bead_score"] = round(sum(res.weights.get(k, 0.0) * v for k, v in f.items()), 4)
    return out


def bead_signals(res: SentenceResult, bead: Bead, config: AlignConfig) -> dict[str, float]:
    """The evidence behind one bead, for provenance."""
    return signals_from_features(res, bead_features(res, bead, config), config)
