"""Candidate terms: recurring Chinese terms the termbase does not have yet.

Pass one over the corpus counts word n-grams inside Han chunks (the shared segmenter's
words, up to `MAX_WORDS` words and `MAX_CHARS` characters), with chunk-boundary markers,
in a bounded counter. Selection then keeps the n-grams that are

- frequent: at least `min_count` occurrences;
- term-shaped: 2 to `MAX_CHARS` characters, a single word only when it has 3 characters or
  more (two-character words are the general vocabulary: 发展, 贫困), no function word or
  number at either edge, a nominal last word and no preposition, conjunction, particle or
  pronoun first, and a single word no adverb, verb or function word (tags from jieba's
  dictionary file, looked up for the few survivors only);
- units (unithood): left and right branching entropy (Jin and Tanaka-Ishii, 2006) at least
  `min_entropy` on both sides, where a chunk boundary counts as a context of its own, so
  that fragments (岛屿发展中国家, always preceded by 小) and pieces of longer clauses are out;
- terms (termhood): C-value (Frantzi, Ananiadou and Mima, 2000) at least `min_cvalue`: the
  count less the mean count of the longer candidates that contain it, times log2 of the
  length, so that a nested n-gram is kept only when it also occurs on its own.

Entropies come from the counts of the one-word-longer n-grams (kept in the same counter),
so no per-n-gram context table is needed.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable

from zhenqa.eval.terms.counting import BoundedCounter
from zhenqa.eval.terms.text import ZhText

MAX_WORDS = 5
MAX_CHARS = 12
SEP = "|"
BOS, EOS = "<", ">"

#: Function words that cannot start or end a term (the shared segmenter keeps them apart).
ZH_EDGE_STOP = frozenset("""
的 了 和 与 及 或 在 对 为 是 以 将 把 被 等 并 其 之 于 由 从 向 到 按 各 每 该 此 这 那 有 也 都
而 但 如 若 则 中 上 下 内 外 所 者 着 过 又 还 已 就 才 即 使 让 给 比 因 因此 因为 所以 以及 并且
或者 以便 包括 通过 进行 以上 以下 方面 问题 情况 有关 相关 所有 一切 任何 其他 其它 这些 那些 各种 一些
至少 已经 应当 应该 必须 可以 能够 不得 尤其 特别 例如 以来 之间 之后 之前 当中 方式 途径 目标 具体
""".split())
#: Words that make an n-gram a clause when they sit inside it (prepositions, coverbs).
ZH_INNER_STOP = frozenset("在 对 为 把 被 将 从 向 以 于 使 让 给 是 有 已 并 而 但 则 其 的".split())
#: Characters a term never starts / ends with (a cut that glued a particle to a word; a
#: measure word after a number: 每1000例活产).
ZH_EDGE_CHARS_START = frozenset("的了着过和与及或等之其例个名次项年月日岁倍元")
ZH_EDGE_CHARS_END = frozenset("的了着过和与及或在对为将把被是")
_NOMINAL = ("n", "vn", "l", "j", "i", "nz", "nt", "ns", "nr", "an", "ng", "nrt", "nrfg")
_BAD_FIRST = ("p", "c", "u", "r", "y", "e", "o", "m", "q", "uj", "ul", "ud", "uz", "ug", "uv", "f")


@dataclass
class ZhStats:
    """Pass-one counts of Chinese n-grams (bounded) and the segment count."""

    capacity: int = 2_000_000
    grams: BoundedCounter = field(init=False)
    segments: int = 0

    def __post_init__(self) -> None:
        self.grams = BoundedCounter(self.capacity)

    def add(self, zt: ZhText, times: int = 1) -> None:
        self.segments += times
        self.grams.add_all(chunk_grams(zt), times)


@lru_cache(maxsize=50_000)
def chunk_grams(zt: ZhText) -> tuple[str, ...]:
    """Every word n-gram of every Han chunk of one segment, as `SEP`-joined keys; n-grams
    at a chunk edge are also counted with the boundary marker (`<|...`, `...|>`)."""
    out: list[str] = []
    words = zt.words
    for a, b in zt.chunks:
        seq = [BOS] + [w for w, _, _ in words[a:b]] + [EOS]
        n = len(seq)
        for i in range(n):
            key = ""
            chars = 0
            for j in range(i, min(n, i + MAX_WORDS + 1)):
                w = seq[j]
                chars += len(w) if w not in (BOS, EOS) else 0
                if chars > MAX_CHARS:
                    break
                key = w if j == i else f"{key}{SEP}{w}"
                if key not in (BOS, EOS) and not (key.startswith(BOS) and j == i + MAX_WORDS):
                    out.append(key)
                if w == EOS:
                    break
    return tuple(out)


@dataclass(frozen=True)
class Candidate:
    """One proposed term and the measures that selected it."""

    zh: str
    words: tuple[str, ...]
    count: int
    cvalue: float
    left_entropy: float
    right_entropy: float


def _entropy(f: int, ext: Iterable[int]) -> float:
    """Branching entropy of an n-gram seen `f` times with these extension counts; the
    occurrences not explained by an extension (chunk boundaries, function-word neighbours,
    undercounted rare contexts) count as distinct contexts, each once."""
    h = 0.0
    seen = 0
    for c in ext:
        seen += c
        p = c / f
        h -= p * math.log(p)
    rest = max(0, f - seen)
    if rest:
        h += rest * (1 / f) * math.log(f)
    return h


def _jieba_tags(words: set[str]) -> dict[str, str]:
    """Part-of-speech tags of `words` (and of their prefixes and suffixes) from jieba's
    dictionary file, read once per call: looking up a few hundred candidate words this
    way costs a fraction of a second, where initializing `jieba.posseg` costs seconds."""
    import jieba

    wanted: set[str] = set()
    for w in words:
        wanted.update(w[:k] for k in range(1, len(w) + 1))
        wanted.update(w[k:] for k in range(len(w)))
    tags: dict[str, str] = {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            if word in wanted:
                tags[word] = rest.rsplit(" ", 1)[-1].strip()
    return tags


def _tag(word: str, tags: dict[str, str], last: bool) -> str:
    """The tag of a word, else of its longest known suffix (a head) or prefix."""
    if word in tags:
        return tags[word]
    parts = [word[k:] for k in range(1, len(word))] if last else \
        [word[:k] for k in range(len(word) - 1, 0, -1)]
    return next((tags[p] for p in parts if p in tags), "x")


#: Tags a one-word candidate may not have (adverbs, verbs, function words): 尽可能, 包括.
_BAD_SINGLE = ("d", "v", "p", "c", "u", "r", "m", "q", "y", "e", "o", "f", "t")


def _pos_ok(words: tuple[str, ...], tags: dict[str, str]) -> bool:
    if len(words) == 1:
        tag = tags.get(words[0], "x")
        return tag in ("vn", "vd") or not tag.startswith(_BAD_SINGLE)
    first, last = _tag(words[0], tags, False), _tag(words[-1], tags, True)
    if len(words) == 2 and first == "v":
        return False          # verb + object (加强|能力, 提供|安全): a clause, not a term
    return last.startswith(_NOMINAL) and not first.startswith(_BAD_FIRST)


def select_candidates(stats: ZhStats, min_count: int = 3, *, exclude: Iterable[str] = (),
                      min_entropy: float = 0.6, min_cvalue: float = 2.0) -> list[Candidate]:
    """The candidate terms of a corpus, best first (see the module docstring)."""
    excluded = set(exclude)
    grams = stats.grams
    base: dict[str, int] = {}
    for key, f in grams.items():
        if f < min_count or key.startswith(BOS) or key.endswith(EOS):
            continue
        words = key.split(SEP)
        if words[0] in ZH_EDGE_STOP or words[-1] in ZH_EDGE_STOP:
            continue
        chars = sum(map(len, words))
        if chars < 2 or (len(words) == 1 and chars < 3) or len(words) >= MAX_WORDS:
            continue
        if any(w in ZH_INNER_STOP for w in words[1:-1]):
            continue
        if key[0] in ZH_EDGE_CHARS_START or key[-1] in ZH_EDGE_CHARS_END:
            continue
        base[key] = f
    right: dict[str, list[int]] = {k: [] for k in base}
    left: dict[str, list[int]] = {k: [] for k in base}
    for key, c in grams.items():
        if SEP not in key:
            continue
        # a function word next to an n-gram is a phrase boundary, like punctuation: a
        # term always followed by 的 or preceded by 和 is not thereby a fragment
        pre, _, last = key.rpartition(SEP)
        if last != EOS and pre in right and last not in ZH_EDGE_STOP:
            right[pre].append(c)
        first, _, post = key.partition(SEP)
        if first != BOS and post in left and first not in ZH_EDGE_STOP:
            left[post].append(c)
    units: dict[str, tuple[float, float]] = {}
    for key, f in base.items():
        hl, hr = _entropy(f, left[key]), _entropy(f, right[key])
        if min(hl, hr) >= min_entropy:
            units[key] = (hl, hr)
    # C-value over the units: nested ones are discounted by the longer ones containing them
    # nesting is by words: the counts are of word n-grams, so 发达国家 counted alone was not
    # inside 最不发达国家 when the segmenter kept that one whole
    plain = {k: k.replace(SEP, "") for k in units}
    longer: dict[str, list[int]] = {k: [] for k in units}
    for other in units:
        ws = other.split(SEP)
        inside = {SEP.join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)}
        for k in inside - {other}:
            if k in longer:
                longer[k].append(base[other])
    tags = _jieba_tags({w for k in units for w in (k.split(SEP)[0], k.split(SEP)[-1])})
    out = []
    for k, (hl, hr) in units.items():
        f = base[k]
        nest = longer[k]
        key_words = tuple(k.split(SEP))
        length = len(plain[k])
        cv = math.log2(length) * (f - (sum(nest) / len(nest) if nest else 0.0))
        if cv < min_cvalue or plain[k] in excluded:
            continue
        # one dictionary word is a lexical unit already: it only must not be an adverb,
        # a verb or a function word (尽可能); phrases need a nominal head
        if not _pos_ok(key_words, tags):
            continue
        out.append(Candidate(plain[k], key_words, f, round(cv, 3), round(hl, 3), round(hr, 3)))
    # the same characters cut two ways are one candidate (keep the better-scored cut)
    best: dict[str, Candidate] = {}
    for cand in out:
        if cand.zh not in best or cand.cvalue > best[cand.zh].cvalue:
            best[cand.zh] = cand
    return sorted(best.values(), key=lambda c: (-c.cvalue, -c.count, c.zh))
