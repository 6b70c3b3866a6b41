"""Alignment evidence as "items" and their coverage across languages, computed in a band.

Every similarity signal of the aligner is put in one shape. A *channel* (lexicon, MT
character n-grams, anchors) gives each unit of each side a list of weighted *items*; an
item has one or more *keys* in a vocabulary shared by both sides of that channel:

- lexicon: a Chinese word is an item whose keys are the English lemmas CC-CEDICT gives
  for it; an English word is an item whose key is its lemma;
- MT: a character n-gram of the machine translation of a Chinese unit, against the
  n-grams of the English unit (chrF's evidence, as Bleualign uses BLEU);
- anchors: a normalized number, symbol or date on either side.

An item of unit x is *covered* by unit y of the other side when one of its keys occurs in
y. The coverage matrix ``C[x, y]`` is the total weight of x's items covered by y; it is
additive over units, so the coverage of a multi-unit bead is a block sum of pairwise
coverages, and the aligner can score 1-5 or 2-3 beads from pairwise numbers alone (the
same trick that lets Vecalign score concatenations cheaply). Pairwise coverages are only
computed inside the search band, a chunk of rows at a time, with dense matrix products
over the chunk's local vocabulary: cost grows linearly with the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

#: The items of one side, per unit: (weight, key ids) of each item.
ItemLists = Sequence[Sequence[tuple[float, Sequence[int]]]]


class KeyVocab(Protocol):
    """A channel's key vocabulary: key -> id, a new id for a new key (kept on a channel so
    that one side can be rebuilt with ids the other side already uses)."""

    def id(self, key: str) -> int: ...


@dataclass
class SideItems:
    """The items of one side of one channel, in CSR form.

    unit_ptr: (n+1,) item offsets per unit; item_w: (m,) item weights; item_ptr: (m+1,)
    key offsets per item; keys: key ids. `multi` is False when every item has exactly one
    key (n-gram and anchor channels), which allows a faster aggregated product.
    """

    n: int
    unit_ptr: np.ndarray
    item_w: np.ndarray
    item_ptr: np.ndarray
    keys: np.ndarray
    multi: bool
    dense: bool = False                   # keys shared widely (n-grams): dense products

    # derived, filled by finish() (which every constructor of a side calls at once)
    set_ptr: np.ndarray = field(init=False)    # per unit: offsets into set_keys
    set_keys: np.ndarray = field(init=False)   # unique keys of each unit (sorted)
    agg_w: np.ndarray | None = field(init=False)  # single-key: summed weight per (unit, key)
    total_w: np.ndarray = field(init=False)    # (n,) total item weight per unit

    @classmethod
    def build(cls, units: ItemLists, dense: bool = False) -> "SideItems":
        """From, for each unit, a list of (weight, keys). `dense`: the keys are shared by
        many units on both sides (character n-grams), so coverage uses dense products."""
        counts = [0] * len(units)
        item_w: list[float] = []
        item_lens: list[int] = []
        flat: list[int] = []
        for u, items in enumerate(units):
            n = 0
            for w, ks in items:
                if ks:
                    item_w.append(w)
                    item_lens.append(len(ks))
                    flat.extend(ks)
                    n += 1
            counts[u] = n
        lens = np.asarray(item_lens, dtype=np.int64)
        keys = np.asarray(flat, dtype=np.int64)
        unit_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        item_ptr = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        side = cls(len(units), unit_ptr, np.asarray(item_w, dtype=np.float64), item_ptr, keys,
                   bool((lens > 1).any()), dense)
        side.finish()
        return side

    @classmethod
    def single(cls, unit_ptr: np.ndarray, item_w: np.ndarray, keys: np.ndarray,
               dense: bool = False) -> "SideItems":
        """From arrays of single-key items (unit offsets, weights, key ids): what `build`
        makes of the same items, without a Python object per item (a chapter's MT
        channel has some 10^5 n-grams)."""
        side = cls(len(unit_ptr) - 1, unit_ptr.astype(np.int64), item_w.astype(np.float64),
                   np.arange(len(keys) + 1, dtype=np.int64), keys.astype(np.int64), False, dense)
        side.finish()
        return side

    def halves(self) -> tuple["SideItems", "SideItems"]:
        """The first and the second half of each unit's items, in text order (the first
        half holds the middle item of an odd count): the order channels' evidence."""
        counts = np.diff(self.unit_ptr)
        lens = np.diff(self.item_ptr)
        unit = np.repeat(np.arange(self.n), counts)
        head = (np.arange(len(self.item_w)) - self.unit_ptr[unit]) < ((counts + 1) // 2)[unit]
        out = []
        for keep in (head, ~head):
            kept_lens = lens[keep]
            side = SideItems(self.n, np.concatenate([[0], np.cumsum(np.bincount(unit[keep], minlength=self.n))]).astype(np.int64),
                             self.item_w[keep], np.concatenate([[0], np.cumsum(kept_lens)]).astype(np.int64),
                             self.keys[np.repeat(keep, lens)], bool((kept_lens > 1).any()), self.dense)
            side.finish()
            out.append(side)
        return out[0], out[1]

    def finish(self) -> None:
        n = self.n
        item_unit = np.repeat(np.arange(n), np.diff(self.unit_ptr))
        key_item = np.repeat(np.arange(len(self.item_w)), np.diff(self.item_ptr))
        key_unit = item_unit[key_item] if len(key_item) else np.zeros(0, dtype=np.int64)
        self.total_w = np.bincount(item_unit, weights=self.item_w, minlength=n).astype(np.float64)
        # unique (unit, key) pairs, sorted by unit then key
        if len(self.keys):
            big = int(self.keys.max()) + 1
            code = key_unit * big + self.keys
            order = np.argsort(code, kind="stable")
            sc = code[order]
            first = np.ones(len(sc), dtype=bool)
            first[1:] = sc[1:] != sc[:-1]
            uniq = sc[first]
            if self.multi:
                self.agg_w = None
            else:
                group = np.cumsum(first) - 1
                self.agg_w = np.bincount(group, weights=self.item_w[key_item][order], minlength=len(uniq))
            set_unit = uniq // big
            self.set_keys = uniq % big
            self.set_ptr = np.searchsorted(set_unit, np.arange(n + 1), side="left").astype(np.int64)
        else:
            self.set_keys = np.zeros(0, dtype=np.int64)
            self.set_ptr = np.zeros(n + 1, dtype=np.int64)
            self.agg_w = None if self.multi else np.zeros(0)

    def merge(self, factor: int) -> "SideItems":
        """Units merged in consecutive groups of `factor` (for coarse alignment levels).

        Merged units are long, so their items are flattened to single keys (an item with
        k keys becomes k items of weight w/k) and coverage is computed with dense products:
        the coarse levels only need a path, and the exact either-key rule would make the
        sparse join grow with the square of the group size.
        """
        groups = np.arange(0, self.n, factor)
        nkeys = np.diff(self.item_ptr)
        key_w = np.repeat(self.item_w / np.maximum(nkeys, 1), nkeys)
        key_unit_ptr = self.item_ptr[self.unit_ptr]          # key offsets of each unit
        unit_ptr = np.concatenate([key_unit_ptr[groups], [key_unit_ptr[-1]]]).astype(np.int64)
        item_ptr = np.arange(len(self.keys) + 1, dtype=np.int64)
        side = SideItems(len(groups), unit_ptr, key_w, item_ptr, self.keys, False, True)
        side.finish()
        return side


def sorted_unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (`np.unique` without its masked-array check, which imports
    numpy.ma, a noticeable share of a short run's start-up)."""
    a = np.sort(a, axis=None)
    if len(a) < 2:
        return a
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]

def _local(keys: np.ndarray, vocab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `keys` in sorted `vocab`, and the mask of keys found there."""
    if len(vocab) == 0 or len(keys) == 0:
        return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(vocab, keys)
    pos = np.minimum(pos, len(vocab) - 1)
    return pos, vocab[pos] == keys


def _join(keys: np.ndarray, t_keys: np.ndarray, t_col: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Sparse join on keys: for every (entry, key) of `keys` the target columns whose key
    set holds it. Returns (entry index, column) arrays, or None when nothing meets."""
    order = np.argsort(t_keys, kind="stable")
    sk = t_keys[order]
    sc = t_col[order]
    start = np.searchsorted(sk, keys, side="left")
    n = np.searchsorted(sk, keys, side="right") - start
    has = np.nonzero(n)[0]
    if len(has) == 0:
        return None
    start, n = start[has], n[has]
    total = int(n.sum())
    # ragged arange: positions start[e] .. start[e]+n[e]-1 for every entry e
    offs = np.repeat(start - np.concatenate([[0], np.cumsum(n)[:-1]]), n) + np.arange(total)
    return np.repeat(has, n), sc[offs]


def cover_block(src: SideItems, r0: int, r1: int, tgt: SideItems, c0: int, c1: int) -> np.ndarray:
    """C[r, c] for src units r0..r1-1 and tgt units c0..c1-1: weight of r's items covered
    by the key set of c. Shape (r1-r0, c1-c0).

    Computed as a sparse join of the items' keys with the target key sets (both sides
    are sparse in word vocabularies), except for single-key channels whose keys meet
    densely (character n-grams), where a dense product over the shared keys is cheaper.
    """
    R, C = r1 - r0, c1 - c0
    out = np.zeros((R, C), dtype=np.float64)
    if R <= 0 or C <= 0:
        return out
    t_keys = tgt.set_keys[tgt.set_ptr[c0]:tgt.set_ptr[c1]]
    if len(t_keys) == 0:
        return out
    t_col = np.repeat(np.arange(C), np.diff(tgt.set_ptr[c0:c1 + 1]))
    if not src.multi:
        s_keys = src.set_keys[src.set_ptr[r0]:src.set_ptr[r1]]
        assert src.agg_w is not None           # finish() aggregates every single-key side
        s_w = src.agg_w[src.set_ptr[r0]:src.set_ptr[r1]]
        s_row = np.repeat(np.arange(R), np.diff(src.set_ptr[r0:r1 + 1]))
        if src.dense:
            vocab = sorted_unique(t_keys)
            pos, ok = _local(s_keys, vocab)
            if not ok.any():
                return out
            used = sorted_unique(pos[ok])     # keys present on both sides
            remap = np.full(len(vocab), -1, dtype=np.int64)
            remap[used] = np.arange(len(used))
            V = len(used)
            X = np.zeros((R, V), dtype=np.float32)
            X[s_row[ok], remap[pos[ok]]] = s_w[ok]
            tpos = remap[np.searchsorted(vocab, t_keys)]
            keep = tpos >= 0
            B = np.zeros((C, V), dtype=np.float32)
            B[t_col[keep], tpos[keep]] = 1.0
            return (X @ B.T).astype(np.float64)
        hit = _join(s_keys, t_keys, t_col)
        if hit is None:
            return out
        e, co = hit                              # (unit, key) entries are unique already
        return np.bincount(s_row[e] * C + co, weights=s_w[e], minlength=R * C).reshape(R, C)
    # multi-key items: an item is covered if any of its keys is in the target's key set
    i0, i1 = src.unit_ptr[r0], src.unit_ptr[r1]
    k0, k1 = src.item_ptr[i0], src.item_ptr[i1]
    keys = src.keys[k0:k1]
    key_item = np.repeat(np.arange(i1 - i0), np.diff(src.item_ptr[i0:i1 + 1]))
    hit = _join(keys, t_keys, t_col)
    if hit is None:
        return out
    e, co = hit
    code = sorted_unique(key_item[e] * C + co) # each (item, column) once: OR over keys
    it = code // C
    item_row = np.repeat(np.arange(R), np.diff(src.unit_ptr[r0:r1 + 1]))
    w = src.item_w[i0 + it]
    return np.bincount(item_row[it] * C + code % C, weights=w, minlength=R * C).reshape(R, C)


@dataclass
class Channel:
    """One kind of evidence: the items of both sides."""

    name: str
    zh: SideItems
    en: SideItems
    raw: object = None      # whatever built the items (kept for cheap rebuilding)
    directions: str = "both"  # "z": only Chinese items covered; "e": only English items
    vocab: KeyVocab | None = None  # the key vocabulary, when kept for rebuilding one side

    def merge(self, fz: int, fe: int) -> "Channel":
        return Channel(self.name, self.zh.merge(fz), self.en.merge(fe))


@dataclass
class PairBand:
    """Pairwise coverages of every channel for unit pairs inside a sentence-pair band.

    cz[ch, r, m]: weight of Chinese unit r's items covered by English unit slo[r] + m;
    ce[ch, r, m]: weight of that English unit's items covered by Chinese unit r.
    """

    slo: np.ndarray            # (nz,) first English unit of each row's window
    width: int
    cz: np.ndarray             # (nch, nz, width)
    ce: np.ndarray


def pair_band_limits(lo: np.ndarray, hi: np.ndarray, nz: int, ne: int,
                     amax: int, bmax: int) -> tuple[np.ndarray, np.ndarray]:
    """English window [slo, shi) of each Chinese unit that beads ending in the lattice
    band can reach."""
    r = np.arange(nz)
    slo = np.maximum(0, lo[r + 1] - bmax)
    shi = np.minimum(ne, hi[np.minimum(r + amax, nz)])
    shi = np.maximum(shi, slo)
    return slo.astype(np.int64), shi.astype(np.int64)


def compute_pair_band(channels: Sequence[Channel], slo: np.ndarray, shi: np.ndarray,
                      chunk: int = 96) -> PairBand:
    nz = len(slo)
    width = int((shi - slo).max()) if nz else 1
    width = max(width, 1)
    nch = len(channels)
    cz = np.zeros((nch, nz, width), dtype=np.float64)
    ce = np.zeros((nch, nz, width), dtype=np.float64)
    m = np.arange(width)
    for r0 in range(0, nz, chunk):
        r1 = min(nz, r0 + chunk)
        c0 = int(slo[r0:r1].min())
        c1 = int(shi[r0:r1].max())
        if c1 <= c0:
            continue
        # per row: columns slo[r] + m that fall inside [c0, c1) and inside the row window
        gcol = slo[r0:r1, None] + m[None, :]
        inwin = gcol < shi[r0:r1, None]
        loc = np.clip(gcol - c0, 0, c1 - c0 - 1)
        rows = np.arange(r1 - r0)[:, None]
        for k, ch in enumerate(channels):
            if ch.directions in ("both", "z"):
                bz = cover_block(ch.zh, r0, r1, ch.en, c0, c1)
                cz[k, r0:r1] = np.where(inwin, bz[rows, loc], 0.0)
            if ch.directions in ("both", "e"):
                be = cover_block(ch.en, c0, c1, ch.zh, r0, r1).T
                ce[k, r0:r1] = np.where(inwin, be[rows, loc], 0.0)
    return PairBand(slo, width, cz, ce)
