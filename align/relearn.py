"""Document-specific word pairs learnt from a first alignment (hunalign's second pass).

After the path-finding pass, the aligner learns which Chinese words the translator
renders by which English lemmas in this very document (names translated rather than
transcribed, idioms, the document's own terms), adds them to the lexicon channel and
searches again inside the same band. Two learners:

- `learn_pairs_em` (the default): IBM Model 1 translation probabilities (`align.em`) fitted
  on the first path's beads with CC-CEDICT as prior; a pair is learnt when t(e | z) is
  high and the dictionary does not already give it;
- `learn_pairs`: the earlier Dice co-occurrence rule, kept for comparison in the benchmark.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Sequence

import numpy as np

from zhenqa.align.channels import LexiconRaw
from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.corpora.lang.english import lemmas as english_lemmas
from zhenqa.corpora.lang.lexicon import Lexicon
from zhenqa.corpora.lang.segment import segment_zh

if TYPE_CHECKING:  # align.em is imported where a table is fitted
    from zhenqa.align.em import TranslationTable

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def learn_pairs(zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead], lex: Lexicon,
                min_count: int = 3, min_dice: float = 0.5, max_pairs: int = 2000,
                raw: LexiconRaw | None = None) -> dict[str, tuple[str, ...]]:
    """Word pairs that co-occur in aligned beads far more than chance (Dice coefficient
    over beads), as hunalign does when it re-aligns with a dictionary learned from its
    first alignment. Only pairs the lexicon does not already know are returned."""
    zsets = []
    esets = []
    for zs, es in beads:
        if not zs or not es:
            continue
        if raw is not None:
            zw = {w for r in zs for w in raw.zh_words[r] if HAN_RUN.search(w)}
            el = {x for c in es for x in raw.en_lemmas[c]}
        else:
            zw = {w for r in zs for w in segment_zh(zh[r]) if HAN_RUN.search(w)}
            el = {x for c in es for x in english_lemmas(en[c])}
        zsets.append(zw)
        esets.append(el)
    cz = Counter(w for s_ in zsets for w in s_)
    ce = Counter(x for s_ in esets for x in s_)
    zid = {w: k for k, w in enumerate(w for w, c in cz.items() if c >= min_count)}
    eid = {x: k for k, x in enumerate(x for x, c in ce.items() if c >= min_count)}
    codes = []
    ne_ = max(len(eid), 1)
    for zw, el in zip(zsets, esets):
        a = np.fromiter((zid[w] for w in zw if w in zid), dtype=np.int64)
        b = np.fromiter((eid[x] for x in el if x in eid), dtype=np.int64)
        if len(a) and len(b):
            codes.append((a[:, None] * ne_ + b[None, :]).ravel())
    czl: dict[tuple[str, str], int] = {}
    if codes:
        uniq, counts = np.unique(np.concatenate(codes), return_counts=True)
        keep = counts >= min_count
        zwords = list(zid)
        elems = list(eid)
        for code, c in zip(uniq[keep].tolist(), counts[keep].tolist()):
            czl[(zwords[code // ne_], elems[code % ne_])] = c
    out: dict[str, list[str]] = {}
    scored = []
    for (w, x), c in czl.items():
        if c < min_count:
            continue
        dice = 2.0 * c / (cz[w] + ce[x])
        if dice >= min_dice and x not in lex.gloss(w):
            scored.append((dice, w, x))
    scored.sort(reverse=True)
    for dice, w, x in scored[:max_pairs]:
        out.setdefault(w, []).append(x)
    return {w: tuple(v) for w, v in out.items()}


def bead_tokens(zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead],
                raw: LexiconRaw | None = None) -> list[tuple[list[str], list[str]]]:
    """(Chinese Han words, English lemmas) of each bead with both sides, in order."""
    out = []
    for zs, es in beads:
        if not zs or not es:
            continue
        if raw is not None:
            zw = [w for r in zs for w in raw.zh_words[r] if HAN_RUN.match(w)]
            el = [x for c in es for x in raw.en_lemmas[c]]
        else:
            zw = [w for r in zs for w in segment_zh(zh[r]) if HAN_RUN.match(w)]
            el = [x for c in es for x in english_lemmas(en[c])]
        out.append((zw, el))
    return out


def fit_first_pass(zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead], lex: Lexicon,
                   iterations: int = 5, prior_weight: float = 2.0, raw: LexiconRaw | None = None
                   ) -> TranslationTable:
    """IBM Model 1 (`align.em`) fitted on a first alignment's beads with both sides, with
    CC-CEDICT as prior so that a dictionary pair wins where the text alone cannot tell.

    The first path is right about nine times in ten, and EM shares each English word
    among its bead's Chinese words, so the wrong beads mostly add noise spread thin."""
    from zhenqa.align.em import TranslationTable, gloss_prior

    return TranslationTable.fit(bead_tokens(zh, en, beads, raw), iterations=iterations,
                                prior=gloss_prior(lex), prior_weight=prior_weight)


def learned_from_table(table: TranslationTable, pairs_words: Counter[str], lex: Lexicon, min_count: int = 2,
                       min_prob: float = 0.5) -> dict[str, tuple[str, ...]]:
    """The renderings a fitted table teaches beyond the dictionary: for each Chinese word
    seen in at least `min_count` beads, the English lemmas with t(e | z) >= `min_prob`
    that its glosses lack (names translated rather than transcribed, the translator's
    habits, the document's own terms)."""
    from zhenqa.align.em import NULL

    out: dict[str, tuple[str, ...]] = {}
    for w, c in pairs_words.items():
        if c < min_count or w == NULL:
            continue
        known = lex.gloss(w)
        new = tuple(e for e, p in table.best(w, 3) if p >= min_prob and e not in known)
        if new:
            out[w] = new
    return out


def learn_pairs_em(zh: Sequence[str], en: Sequence[str], beads: Sequence[Bead], lex: Lexicon,
                   min_count: int = 2, min_prob: float = 0.5, iterations: int = 5,
                   prior_weight: float = 2.0, raw: LexiconRaw | None = None,
                   ) -> dict[str, tuple[str, ...]]:
    """Word pairs the first alignment's beads teach, by IBM Model 1 (`fit_first_pass`,
    then `learned_from_table`)."""
    table = fit_first_pass(zh, en, beads, lex, iterations, prior_weight, raw)
    counts = Counter(w for zw, _ in bead_tokens(zh, en, beads, raw) for w in set(zw))
    return learned_from_table(table, counts, lex, min_count, min_prob)
