"""Translation probabilities learnt from aligned text: IBM Model 1 by EM.

CC-CEDICT lacks what matters most in a given document: its names (韦小宝 -> Trinket), its
idioms, the translator's habits and the document's own terms. They can be learnt from the
pair itself once it is roughly aligned: over the aligned segments, IBM Model 1 (Brown et
al. 1993) estimates t(e | z), the probability that a Chinese word z is rendered by the
English lemma e, by expectation-maximization; words that recur together in aligned
segments and nowhere else pull each other's probability up, while a frequent English word
that co-occurs with everything gets spread thin. hunalign's second pass does a simple
form of this (co-occurrence counts); EM does it properly, sharing each English word among
the Chinese words of its segment.

One module, three users: the aligner (a first pass with the dictionary, EM on its
confident links, a second pass with the learnt pairs), the QA's omission check (a Chinese
word whose learnt renderings are absent is evidence of an omission) and the term report
(the most likely rendering of a candidate term).

API (stable; other parts code against it):

- `TranslationTable.fit(pairs, *, iterations=5, prior=None)`: pairs of (Chinese words,
  English lemmas); `prior(z, e)` (for instance 1.0 when CC-CEDICT glosses z as e) is a
  background belief added as pseudo-counts, so that a dictionary pair wins a tie and a
  short document does not learn noise;
- `.prob(z, e)` = t(e | z); `.best(z, k)`: the k most likely renderings;
- `.signature`: what was fitted, for reports;
- `fit_from_texts(pairs, ...)`: the same from raw (zh, en) texts, tokenized by the
  language layer (`segment_zh`, `english.lemmas`).

Cost: all co-occurrence cells of the corpus are numpy index arrays and one EM iteration is
four `bincount`s over them (a document of 2,000 segment pairs fits in about 0.1 s).
Memory is bounded (about 40 bytes a cell at the peak, so 200 MB at the default
`max_cells` of five million): when the cells would exceed `max_cells`, words seen fewer
than `min_count` times are dropped (doubling `min_count` until they fit), and segments
are capped at `max_len` tokens a side; the fitted table keeps only probabilities of at
least `keep` (the cells' arrays are released).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

if TYPE_CHECKING:  # numpy is imported where a table is fitted, not at import
    import numpy as np

    from zhenqa.corpora.lang.lexicon import Lexicon

#: The empty Chinese word that English function-like leftovers align to (IBM Model 1's
#: NULL): without it every English lemma must be explained by some Chinese word.
NULL = "<null>"


@dataclass
class TranslationTable:
    """t(e | z) for the Chinese words and English lemmas of the fitted corpus (sparse:
    pairs below `keep` are dropped)."""

    zh_ids: dict[str, int]
    en_words: list[str]
    en_ids: dict[str, int]
    codes: "np.ndarray"        # sorted int64 codes z_id * n_en + e_id of the kept pairs
    probs: "np.ndarray"        # t(e | z) of each code
    signature: str

    # ------------------------------------------------------------------ queries
    def prob(self, zh: str, en: str) -> float:
        """t(en | zh); 0.0 for an unseen word or a pruned pair."""
        z = self.zh_ids.get(zh)
        e = self.en_ids.get(en)
        if z is None or e is None:
            return 0.0
        code = z * len(self.en_words) + e
        k = int(self.codes.searchsorted(code))
        if k < len(self.codes) and int(self.codes[k]) == code:
            return float(self.probs[k])
        return 0.0

    def best(self, zh: str, k: int = 5) -> list[tuple[str, float]]:
        """The `k` most likely English lemmas of `zh`, most likely first."""
        z = self.zh_ids.get(zh)
        if z is None:
            return []
        n = len(self.en_words)
        lo = int(self.codes.searchsorted(z * n))
        hi = int(self.codes.searchsorted((z + 1) * n))
        if hi <= lo:
            return []
        p = self.probs[lo:hi]
        order = p.argsort()[::-1][:k]
        return [(self.en_words[int(self.codes[lo + o]) % n], float(p[o])) for o in order]

    def __contains__(self, zh: object) -> bool:
        return zh in self.zh_ids

    def __len__(self) -> int:
        return len(self.codes)

    # ------------------------------------------------------------------ fitting
    @classmethod
    def fit(cls, pairs: Iterable[tuple[Sequence[str], Sequence[str]]], *, iterations: int = 5,
            prior: Callable[[str, str], float] | None = None, prior_weight: float = 2.0,
            min_count: int = 1, max_len: int = 120, max_cells: int = 5_000_000,
            keep: float = 1e-3) -> "TranslationTable":
        """Fit t(e | z) on (Chinese words, English lemmas) pairs by `iterations` rounds of
        EM (IBM Model 1 with a NULL word).

        `prior(z, e)` in [0, 1] adds `prior_weight` x prior pseudo-counts to each pair
        that co-occurs, in the initialization and in every M-step. Empty pairs are
        skipped."""
        import numpy as np

        data = [(list(z)[:max_len], list(e)[:max_len]) for z, e in pairs]
        data = [(z, e) for z, e in data if z and e]
        # memory bound: raise min_count until the co-occurrence cells fit
        zc: dict[str, int] = {}
        ec: dict[str, int] = {}
        if sum((len(z) + 1) * len(e) for z, e in data) > max_cells or min_count > 1:
            for z, e in data:
                for w in set(z):
                    zc[w] = zc.get(w, 0) + 1
                for w in set(e):
                    ec[w] = ec.get(w, 0) + 1
            while min_count <= 1_000_000:
                cells = sum((sum(1 for w in z if zc[w] >= min_count) + 1)
                            * sum(1 for w in e if ec[w] >= min_count) for z, e in data)
                if cells <= max_cells:
                    break
                min_count *= 2
            data = [([w for w in z if zc[w] >= min_count], [w for w in e if ec[w] >= min_count])
                    for z, e in data]
        zh_ids = {NULL: 0}
        en_ids: dict[str, int] = {}
        zrows: list[list[int]] = []
        erows: list[list[int]] = []
        for z, e in data:
            zi = [0] + [zh_ids.setdefault(w, len(zh_ids)) for w in z]
            ei = [en_ids.setdefault(w, len(en_ids)) for w in e]
            if ei:
                zrows.append(zi)
                erows.append(ei)
        en_words = list(en_ids)
        n_en = max(len(en_words), 1)
        sig = (f"ibm1|iters={iterations}|pairs={len(zrows)}|zh={len(zh_ids) - 1}|en={len(en_words)}"
               f"|prior={'yes' if prior else 'no'}:{prior_weight:g}|min_count={min_count}")
        if not zrows:
            empty = np.zeros(0, dtype=np.int64)
            return cls(zh_ids, en_words, en_ids, empty, np.zeros(0), sig)
        # cells: every (Chinese word, English position) of every pair
        zl = np.fromiter((len(r) for r in zrows), dtype=np.int64, count=len(zrows))
        el = np.fromiter((len(r) for r in erows), dtype=np.int64, count=len(erows))
        zflat = np.fromiter((w for r in zrows for w in r), dtype=np.int64, count=int(zl.sum()))
        eflat = np.fromiter((w for r in erows for w in r), dtype=np.int64, count=int(el.sum()))
        zstart = np.concatenate([[0], np.cumsum(zl)[:-1]])
        estart = np.concatenate([[0], np.cumsum(el)[:-1]])
        ncell = zl * el
        pair_of_cell = np.repeat(np.arange(len(zrows)), ncell)
        within = np.arange(int(ncell.sum())) - np.repeat(np.cumsum(ncell) - ncell, ncell)
        zlen_c = zl[pair_of_cell]
        cz = zflat[zstart[pair_of_cell] + within % zlen_c]
        epos = estart[pair_of_cell] + within // zlen_c          # global English position
        del pair_of_cell, zlen_c
        within = cz * n_en + eflat[epos]                       # the pair's code, reusing memory
        del cz
        param: np.ndarray      # np.unique's inverse, then its int32 copy where that fits
        codes, param = np.unique(within, return_inverse=True)
        del within
        param = param.astype(np.int32 if len(codes) < 2**31 else np.int64).ravel()
        epos = epos.astype(np.int32 if len(eflat) < 2**31 else np.int64)
        pz = codes // n_en
        pseudo = np.zeros(len(codes))
        if prior is not None:
            zh_words = list(zh_ids)
            candidates = getattr(prior, "candidates", None)
            if candidates is not None:
                # fast path: the prior names its pairs (a dictionary), no call per cell
                pc = [z * n_en + en_ids[e] for w, z in zh_ids.items() if z
                      for e, _ in candidates(w) if e in en_ids]
                pv = [float(v) for w, z in zh_ids.items() if z for e, v in candidates(w) if e in en_ids]
                if pc:
                    pcodes = np.array(pc, dtype=np.int64)
                    k = np.clip(codes.searchsorted(pcodes), 0, len(codes) - 1)
                    hit = codes[k] == pcodes
                    np.maximum.at(pseudo, k[hit], np.array(pv)[hit])
                pseudo *= prior_weight
            else:
                pseudo = prior_weight * np.fromiter(
                    (0.0 if z == 0 else float(prior(zh_words[z], en_words[e]))
                     for z, e in zip(pz.tolist(), (codes % n_en).tolist())),
                    dtype=np.float64, count=len(codes))
        # initialization: uniform over the co-occurring English words, plus the prior
        t = 1.0 + pseudo
        t /= np.bincount(pz, weights=t, minlength=len(zh_ids))[pz]
        n_pos = len(eflat)
        for _ in range(iterations):
            tc = t[param]
            denom = np.bincount(epos, weights=tc, minlength=n_pos)
            post = tc / denom[epos]
            counts = np.bincount(param, weights=post, minlength=len(codes)) + pseudo
            totals = np.bincount(pz, weights=counts, minlength=len(zh_ids))
            t = counts / np.maximum(totals[pz], 1e-300)
        keep_mask = t >= keep
        return cls(zh_ids, en_words, en_ids, codes[keep_mask], t[keep_mask], sig)


def fit_from_texts(pairs: Iterable[tuple[str, str]], *, iterations: int = 5,
                   prior: Callable[[str, str], float] | None = None,
                   **kwargs: Any) -> TranslationTable:
    """`TranslationTable.fit` on raw (Chinese, English) texts: the Chinese cut into Han
    words by `segment_zh`, the English reduced to content lemmas by `english.lemmas`."""
    from zhenqa.corpora.lang.cjk import HAN_RUN
    from zhenqa.corpora.lang.english import lemmas
    from zhenqa.corpora.lang.segment import segment_zh

    tokenized = (([w for w in segment_zh(zh) if HAN_RUN.match(w)], lemmas(en)) for zh, en in pairs)
    return TranslationTable.fit(tokenized, iterations=iterations, prior=prior, **kwargs)


class GlossPrior:
    """A prior from a `corpora.lang.lexicon.Lexicon`: 1.0 when the dictionary glosses the
    Chinese word as the English lemma, else 0.0. `candidates(zh)` lists the pairs it
    believes in, which lets `TranslationTable.fit` skip calling it for every pair."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, zh: str, en: str) -> float:
        return 1.0 if en in self.lexicon.gloss(zh) else 0.0

    def candidates(self, zh: str) -> list[tuple[str, float]]:
        return [(e, 1.0) for e in self.lexicon.gloss(zh)]


def gloss_prior(lexicon: Lexicon) -> GlossPrior:
    """The CC-CEDICT prior of `lexicon` (see `GlossPrior`)."""
    return GlossPrior(lexicon)
