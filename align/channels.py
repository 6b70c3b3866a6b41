"""The evidence the sentence aligner weighs, built once per document pair: one `Channel`
per kind of evidence (CC-CEDICT glosses and names, learnt word pairs, MT character
n-grams, anchors, punctuation) plus unit lengths, gathered in `UnitFeatures`.

A channel holds, for each unit, weighted items (idf-weighted) keyed into a shared
vocabulary; `align.features` turns two sides' items into pair coverages inside the search
band, and `align.sentence` scores beads from them. Keeping the construction here lets the
re-learning step (`align.relearn`) rebuild just the lexicon channel between passes.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from zhenqa.align.config import AlignConfig
from zhenqa.align.boundary import end_marks, quote_states
from zhenqa.align.clauses import ClauseCounts
from zhenqa.align.features import Channel, KeyVocab, SideItems, sorted_unique
from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.corpora.lang.english import STOPWORDS, lemma
from zhenqa.corpora.lang.english import lemmas as english_lemmas
from zhenqa.corpora.lang.english import tokens as english_tokens
from zhenqa.corpora.lang.lexicon import Lexicon
from zhenqa.corpora.lang.segment import segment_zh, zh_glosses

_NGRAM_CLEAN = re.compile(r"[^\w\s]+")


def has_mt(feats: "UnitFeatures") -> bool:
    """Whether the features include the machine-translation channel."""
    return any(ch.name == "mt" for ch in feats.channels)


# --------------------------------------------------------------------------- features

#: Channels whose items are few and of graded strength (see `bead_feature_arrays`).
SOFT_CHANNELS = frozenset({"anchor", "punct", "label"})


@dataclass
class UnitFeatures:
    """The evidence about two unit sequences: channels, lengths and channel weights."""

    channels: list[Channel]
    weights: np.ndarray
    len_zh: np.ndarray
    len_en: np.ndarray
    ratio: float
    order: list[Channel] = field(default_factory=list)
    """Four auxiliary channels for the order feature (see `order_channels`)."""
    quotes: tuple[np.ndarray, np.ndarray] | None = None
    """Quotation state at every lattice row and column (`align.boundary`), or None."""
    marks: tuple[np.ndarray, np.ndarray] | None = None
    """End-mark class (full stop, question, exclamation) at every lattice row and column."""
    clauses: ClauseCounts | None = None
    """Cumulative clause counts of both sides (`align.clauses`)."""

    @property
    def soft(self) -> np.ndarray:
        """Which channels are sparse evidence weighed by how much of it a bead holds."""
        return np.array([ch.name in SOFT_CHANNELS for ch in self.channels], dtype=bool)

    @property
    def nz(self) -> int:
        return len(self.len_zh)

    @property
    def ne(self) -> int:
        return len(self.len_en)

    def merge(self, factor: int) -> "UnitFeatures":
        def group(arr: np.ndarray) -> np.ndarray:
            return np.add.reduceat(arr, np.arange(0, len(arr), factor)) if len(arr) else arr

        return UnitFeatures([c.merge(factor, factor) for c in self.channels], self.weights,
                            group(self.len_zh), group(self.len_en), self.ratio)


def _idf(docs: Sequence[Sequence[str]]) -> dict[str, float]:
    n = len(docs)
    df = Counter(k for d in docs for k in set(d))
    return {k: math.log(1.0 + n / c) for k, c in df.items()}


class _Vocab(dict[str, int]):
    def id(self, key: str) -> int:
        got = self.get(key)
        if got is None:
            got = self[key] = len(self)
        return got


def text_length(text: str) -> int:
    """Characters that carry content (whitespace does not)."""
    return len("".join(text.split()))


@dataclass
class LexiconRaw:
    """The lexicon channel before weighting: Chinese (word, lemmas) items and English
    lemmas per unit, kept so that a re-alignment can add learned pairs cheaply."""

    zh_items: list[list[tuple[str, tuple[str, ...]]]]
    en_lemmas: list[list[str]]
    zh_words: list[tuple[str, ...]]


def _name_index(en: Sequence[str], lex: Lexicon) -> tuple[dict[str, str], set[str]]:
    """Capitalized English tokens that may be transcribed Chinese names (not English
    words the dictionary knows): their lower-case spelling -> the lemma the English side
    uses as key, and every prefix of them."""
    names: dict[str, str] = {}
    known = lex.english_vocabulary()
    for s in en:
        for tok in english_tokens(s):
            if tok[0].isupper() and len(tok) > 1 and tok.isalpha():
                low = tok.lower()
                if low in names or low in STOPWORDS:
                    continue
                lem = lemma(low)
                if lem not in known:
                    names[low] = lem
    prefixes = {n[:k] for n in names for k in range(1, len(n) + 1)}
    return names, prefixes


def _name_items(text: str, lex: Lexicon, names: dict[str, str], prefixes: set[str]
                ) -> list[tuple[str, tuple[str, ...]]]:
    """Runs of one to three Chinese characters whose pinyin spells one of `names`."""
    out = []
    for run in HAN_RUN.findall(text):
        n = len(run)
        for k in range(n):
            spellings = [""]
            for m in range(k, min(n, k + 3)):
                readings = lex.readings(run[m])
                if not readings:
                    break
                spellings = [sp + r for sp in spellings for r in readings if sp + r in prefixes]
                if not spellings:
                    break
                hits = tuple(dict.fromkeys(names[sp] for sp in spellings if sp in names))
                if hits:
                    out.append(("py:" + run[k:m + 1], hits))
    return out


def lexicon_raw(zh: Sequence[str], en: Sequence[str], lex: Lexicon) -> LexiconRaw:
    en_lemmas = [english_lemmas(s) for s in en]
    names, prefixes = _name_index(en, lex)
    zh_items = []
    for s in zh:
        items = list(zh_glosses(s, lex))
        if names:
            items += _name_items(s, lex, names, prefixes)
        zh_items.append(items)
    zh_words = [segment_zh(s) for s in zh]
    return LexiconRaw(zh_items, en_lemmas, zh_words)


def lexicon_channel(zh: Sequence[str], en: Sequence[str], lex: Lexicon,
                    learned: dict[str, tuple[str, ...]] | None = None,
                    raw: LexiconRaw | None = None, previous: Channel | None = None) -> Channel:
    """CC-CEDICT glosses (and pinyin readings of names) against English lemmas.

    `learned` adds document-specific pairs (a Chinese word -> English lemmas) found by
    `learn_pairs` from a first alignment: names translated rather than transcribed
    (韦小宝 -> Trinket) and the translator's habits. `raw` reuses the segmentation and
    glosses of an earlier call, `previous` its English side and key vocabulary (learned
    pairs only change the Chinese side)."""
    if raw is None:
        raw = lexicon_raw(zh, en, lex)
    zh_items = raw.zh_items
    if learned:
        new_items = []
        for items, words in zip(raw.zh_items, raw.zh_words):
            items = [(w, g + learned[w]) if w in learned else (w, g) for w, g in items]
            seen = {w for w, _ in items}
            for w in words:
                if w in learned and w not in seen:
                    items.append((w, learned[w]))
                    seen.add(w)
            new_items.append(items)
        zh_items = new_items
    vocab: KeyVocab | None = previous.vocab if previous is not None else _Vocab()
    if vocab is None:         # a channel built elsewhere has no vocabulary to rebuild from
        raise ValueError("the previous channel keeps no key vocabulary: not built by lexicon_channel")
    idf_z = _idf([[w for w, _ in items] for items in zh_items])
    key_ids: dict[str, tuple[float, list[int]]] = {}
    zi = []
    for items in zh_items:
        row = []
        for w, g in items:           # a word's glosses are the same wherever it occurs
            got = key_ids.get(w)
            if got is None:
                got = key_ids[w] = (idf_z[w], [vocab.id(x) for x in g])
            row.append(got)
        zi.append(row)
    if previous is not None:
        en_side = previous.en
    else:
        idf_e = _idf(raw.en_lemmas)
        en_side = SideItems.build([[(idf_e[x], [vocab.id(x)]) for x in ls] for ls in raw.en_lemmas])
    ch = Channel("lexicon", SideItems.build(zi), en_side)
    ch.raw = raw
    ch.vocab = vocab
    return ch


def char_ngrams(text: str, nmin: int, nmax: int) -> list[str]:
    """Character n-grams inside words, with word boundaries marked (chrF's evidence), in
    text order: word by word, then by n, then by position."""
    out: list[str] = []
    for word in _NGRAM_CLEAN.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(nmin, nmax + 1):
            out.extend(w[k:k + n] for k in range(len(w) - n + 1))
    return out


#: Largest n-gram code (see `ngram_codes`): codes stay exact int64 below it.
_CODE_LIMIT = 2 ** 62


def ngram_codes(texts: Sequence[str], nmin: int, nmax: int,
                limit: int | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """The n-grams of `char_ngrams` for every text at once, as integers: (unit offsets,
    one code per n-gram in the same order). Equal codes are equal n-grams.

    The texts are laid end to end, one padded word after another, with a separator no
    n-gram crosses; each character becomes its rank among the characters present and an
    n-gram the base-(ranks + 1) number of its ranks. None when that number could exceed
    `limit` (default `_CODE_LIMIT`; a text with tens of thousands of distinct characters):
    the caller then counts strings instead."""
    limit = _CODE_LIMIT if limit is None else limit
    words: list[str] = []
    per_unit: list[int] = []
    for text in texts:
        ws = _NGRAM_CLEAN.sub(" ", text.lower()).split()
        words.extend(ws)
        per_unit.append(len(ws))
    nunits = len(texts)
    if not words:
        return np.zeros(nunits + 1, dtype=np.int64), np.zeros(0, dtype=np.int64)
    joined = "\0" + "\0".join(f" {w} " for w in words) + "\0"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    present = np.zeros(int(cps.max()) + 1, dtype=np.int64)
    present[cps] = 1
    ranks = np.cumsum(present) - 1              # the separator, code point 0, ranks 0
    base = int(ranks[-1]) + 1
    if base ** nmax >= limit:
        return None
    rank = ranks[cps]
    wlen = np.fromiter((len(w) + 2 for w in words), dtype=np.int64, count=len(words))
    wstart = np.concatenate([[1], 1 + np.cumsum(wlen + 1)[:-1]])
    word_unit = np.repeat(np.arange(nunits), per_unit)
    pos_parts, word_parts, n_parts = [], [], []
    for n in range(nmin, nmax + 1):
        cnt = np.maximum(wlen - n + 1, 0)
        total = int(cnt.sum())
        first = np.repeat(wstart, cnt)
        pos_parts.append(first + np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt))
        word_parts.append(np.repeat(np.arange(len(words)), cnt))
        n_parts.append(np.full(total, n))
    pos = np.concatenate(pos_parts)
    word = np.concatenate(word_parts)
    size = np.concatenate(n_parts)
    order = np.lexsort((pos, size, word))        # word by word, then n, then position
    pos, word, size = pos[order], word[order], size[order]
    code = np.zeros(len(pos), dtype=np.int64)
    scale = 1
    for i in range(nmax):
        inside = size > i
        code[inside] += rank[pos[inside] + i] * scale
        scale *= base
    counts = np.bincount(word_unit[word], minlength=nunits)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), code


def _idf_weights(unit_ptr: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Each item's idf, log(1 + units / units holding its key), as `_idf` computes it."""
    n = len(unit_ptr) - 1
    unit = np.repeat(np.arange(n), np.diff(unit_ptr))
    if not len(ids):
        return np.zeros(0)
    big = int(ids.max()) + 1
    pairs = sorted_unique(unit * big + ids)           # each (unit, key) once
    df = np.bincount(pairs % big, minlength=big)
    idf = np.array([math.log(1.0 + n / c) if c else 0.0 for c in df.tolist()])
    weights: np.ndarray = idf[ids]
    return weights


def first_appearance_ids(code: np.ndarray) -> np.ndarray:
    """Dense ids of the values of `code`, numbered in order of first appearance (what a
    dictionary filled in text order gives), without np.unique (see `sorted_unique`)."""
    if not len(code):
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(code, kind="stable")
    sc = code[order]
    starts = np.ones(len(sc), dtype=bool)
    starts[1:] = sc[1:] != sc[:-1]
    group = np.empty(len(code), dtype=np.int64)
    group[order] = np.cumsum(starts) - 1                   # sorted rank of each value
    first = order[starts]                                 # where each value first appears
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    ids: np.ndarray = rank[group]
    return ids


def mt_channel(mt: Sequence[str], en: Sequence[str], nmin: int, nmax: int) -> Channel:
    """Character n-grams of the machine translation of each Chinese unit against the
    n-grams of the English units.

    Key ids are given in order of first appearance, Chinese side first. The n-grams are
    counted as integer codes (`ngram_codes`), with strings only when the codes would
    overflow; both give the same channel."""
    got = ngram_codes([*mt, *en], nmin, nmax)      # one call: codes comparable across sides
    if got is None:
        return _mt_channel_strings(mt, en, nmin, nmax)
    ptr, code = got
    split = int(ptr[len(mt)])
    zptr, eptr = ptr[:len(mt) + 1], ptr[len(mt):] - split
    ids = first_appearance_ids(code)
    zids, eids = ids[:split], ids[split:]
    zh_side = SideItems.single(zptr, _idf_weights(zptr, zids), zids, dense=True)
    en_side = SideItems.single(eptr, _idf_weights(eptr, eids), eids, dense=True)
    return Channel("mt", zh_side, en_side)


def _mt_channel_strings(mt: Sequence[str], en: Sequence[str], nmin: int, nmax: int) -> Channel:
    """`mt_channel` with the n-grams as strings (documents whose characters are too many
    for integer codes)."""
    vocab = _Vocab()
    zg = [char_ngrams(s, nmin, nmax) for s in mt]
    eg = [char_ngrams(s, nmin, nmax) for s in en]
    idf_z, idf_e = _idf(zg), _idf(eg)
    zi = [[(idf_z[g], [vocab.id(g)]) for g in grams] for grams in zg]
    ei = [[(idf_e[g], [vocab.id(g)]) for g in grams] for grams in eg]
    return Channel("mt", SideItems.build(zi, dense=True), SideItems.build(ei, dense=True))


def order_channels(full: Channel, previous: Sequence[Channel] = ()) -> list[Channel]:
    """Where in a unit its counterpart's words sit: the first and second half of each
    unit's items (in text order) of `full` (the lexicon channel, or the MT channel) as
    separate key sets.

    A translator who splits one Chinese sentence into two English ones puts the first
    English sentence's content at the head of the Chinese and the second's at its tail;
    a wrong cut shows up as the last English sentence of a bead matching the head of
    the Chinese instead of its tail. Returns [zh head, zh tail] (English items covered by
    them) and [en head, en tail] (Chinese items covered by them). `previous`: the order
    channels of the same English side, whose halves are kept.
    """
    zh_head, zh_tail = full.zh.halves()
    en_head, en_tail = (previous[2].en, previous[3].en) if previous else full.en.halves()
    return [Channel("zh-head", zh_head, full.en, directions="e"), Channel("zh-tail", zh_tail, full.en, directions="e"),
            Channel("en-head", full.zh, en_head, directions="z"), Channel("en-tail", full.zh, en_tail, directions="z")]


def anchor_channel(zh_keys: Sequence[Sequence[tuple[str, float]]],
                   en_keys: Sequence[Sequence[tuple[str, float]]]) -> Channel:
    """Normalized anchors (numbers, symbols, dates...) of each unit, with their weights
    (a bare small number is weak evidence, a UN symbol strong)."""
    vocab = _Vocab()
    zh_side = SideItems.build([[(w, [vocab.id(k)]) for k, w in keys] for keys in zh_keys])
    en_side = SideItems.build([[(w, [vocab.id(k)]) for k, w in keys] for keys in en_keys])
    return Channel("anchor", zh_side, en_side)


_QUOTES_OPEN = "“「『‘\"'"
_QUOTES_CLOSE = "”」』’\"'"


def punctuation_keys(text: str) -> list[tuple[str, float]]:
    """Punctuation that survives translation: questions, exclamations, ellipses, and
    whether the unit opens or closes a quotation (dialogue lines pair up)."""
    t = text.strip()
    out: list[tuple[str, float]] = []
    if not t:
        return out
    q = t.count("?") + t.count("？")
    x = t.count("!") + t.count("！")
    e = t.count("…") // 2 + t.count("……") * 0 + t.count("...")
    if "…" in t and e == 0:
        e = 1
    out += [("?", 1.0)] * min(q, 3) + [("!", 1.0)] * min(x, 3) + [("...", 1.0)] * min(e, 2)
    if t[0] in _QUOTES_OPEN:
        out.append(("open", 1.0))
    if t[-1] in _QUOTES_CLOSE:
        out.append(("close", 1.0))
    return out


def build_features(zh: Sequence[str], en: Sequence[str], lex: Lexicon, config: AlignConfig,
                   mt: Sequence[str] | None = None,
                   zh_anchors: Sequence[Sequence[tuple[str, float]]] | None = None,
                   en_anchors: Sequence[Sequence[tuple[str, float]]] | None = None) -> UnitFeatures:
    channels = [lexicon_channel(zh, en, lex)]
    weights = [config.w_lexicon]
    mt_ch = None
    if mt is not None and config.w_mt > 0:
        mt_ch = mt_channel(mt, en, config.mt_ngram_min, config.mt_ngram_max)
        channels.append(mt_ch)
        weights.append(config.w_mt)
    if config.w_punct > 0:
        zk = [punctuation_keys(t) for t in zh]
        ek = [punctuation_keys(t) for t in en]
        if any(zk) and any(ek):
            ch = anchor_channel(zk, ek)
            ch.name = "punct"
            channels.append(ch)
            weights.append(config.w_punct)
    if zh_anchors is not None and en_anchors is not None and config.w_anchor > 0:
        if any(zh_anchors) or any(en_anchors):
            channels.append(anchor_channel(zh_anchors, en_anchors))
            weights.append(config.w_anchor)
    len_zh = np.array([max(1, text_length(s)) for s in zh], dtype=np.float64)
    len_en = np.array([max(1, text_length(s)) for s in en], dtype=np.float64)
    ratio = float(len_en.sum() / len_zh.sum()) if len(zh) and len(en) else 1.0
    # clause counts of the Chinese side, or of its MT when the MT channel is used: both
    # sides are then English, counted by the same rules (held out on MAC-Dev with MT,
    # 0.926 against 0.920 counting the Chinese; see `align.clauses`)
    clauses = ClauseCounts.build(mt, en, "en") if mt_ch is not None and mt is not None else ClauseCounts.build(zh, en, "zh")
    # the order evidence comes from the MT channel when there is one, else the lexicon's
    order = order_channels(mt_ch or channels[0]) if config.order_evidence else []
    return UnitFeatures(channels, np.array(weights, dtype=np.float64), len_zh, len_en, ratio, order,
                        quote_states(zh, en), end_marks(zh, en), clauses)


def refresh_order(feats: UnitFeatures, config: AlignConfig) -> None:
    """Rebuild the order channels after the lexicon channel changed (no MT)."""
    if config.order_evidence and not has_mt(feats) and feats.channels:
        feats.order = order_channels(feats.channels[0], previous=feats.order)
