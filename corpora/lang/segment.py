"""THE Chinese word segmenter of zhenqa: fewest CC-CEDICT words, memoized.

Before, the aligner cut Chinese with jieba and the QA's omission check with a
fewest-words CC-CEDICT cut, and the two disagreed on 240 of 2,595 texts: the same
sentence had different words depending on who asked. One segmenter now serves the
aligner, the omission check, the termbase's word boundaries and the EM translation table.

Choice, by measurement (``scripts/bench_align.py --segmenters``; numbers in
docs/alignment.md): on MAC-Dev the CC-CEDICT cut aligns as well as jieba (strict F1 within
noise of each other), while jieba costs a third of a second of dictionary loading in
every process and a second dictionary to keep in step with CC-CEDICT. The words the
aligner and the checks can use are CC-CEDICT's anyway: a word jieba keeps whole but the
dictionary lacks has no gloss and had to be split again.

The cut (dynamic programming over each run of Han characters):
- fewest words, where a word is a CC-CEDICT headword, a word of the current vocabulary
  (the built-in words, and the termbase terms of the block that asked for them) or a
  single character;
- among those, the longest words (largest sum of squared lengths: 同|安理会 rather than
  同安|理会), and on a tie the longer word last (受|教育, not 受教|育), except that a
  function character (和, 的, 与 ...) is left alone rather than glued to the next word
  (透明|和, not 透|明和; 王家|的, not 王|家的).
Forward maximum matching mis-cuts often (增建基础设施并进行 -> 增|建基|础|设施|并进|行);
every mis-cut is a Chinese "word" the English cannot contain.

Text outside Han runs is returned as tokens too (Latin words and digit runs whole, any
other visible character alone), so the tokens cover the visible text in order.

Vocabulary: which extra words stay whole is never process-wide state. The current
`Vocabulary` lives in a `contextvars.ContextVar` (default `BASE`: CC-CEDICT and the
built-in words, what `zhenqa align` cuts with) and is extended only for a block
(`kept_whole(words)`), then restored; a thread starts with `BASE` whatever the others are
doing. A caller that must not depend on the block it runs in cuts with its own vocabulary
(`Vocabulary.segment`: the termbase's word boundaries). Before, registering a termbase
changed the cut for the rest of the process, so a batch worker or a library user cut the
same text differently depending on what it had checked before.
"""
from __future__ import annotations

import contextlib
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from zhenqa.corpora.lang.cjk import HAN, HAN_RUN
from zhenqa.corpora.lang.lexicon import MAX_WORD, PREFIX, WORD, Lexicon, load_lexicon
from zhenqa.corpora.lazyre import lazy_compile

_TOKEN = lazy_compile(f"([{HAN}]+)|([^\\W{HAN}]+)|(\\S)")  # compiled on first use (start-up)
#: Words CC-CEDICT lacks as headwords but that are one word to every reader (and were
#: one word to the QA's omission check before it used this segmenter).
BUILTIN_WORDS = ("一个", "每个", "使其")
#: Single characters that are function words when they stand alone (和 "and", 的, 与 ...).
FUNCTION_CHARS = frozenset("和的与及或在了是为对把被将于以之其也而并等")
_LOCK = threading.Lock()


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The words the cut keeps whole beyond CC-CEDICT's headwords (the built-in ones and
    any termbase terms), with their prefixes. Compared by identity, one object per word
    set (`vocabulary`), so that memo keys stay cheap."""

    words: frozenset[str]
    prefixes: frozenset[str]
    longest: int

    def with_words(self, words: Iterable[str]) -> Vocabulary:
        """This vocabulary plus the multi-character Han `words` (others are ignored: a
        single character is always a word, and only Han runs are cut)."""
        new = _han_words(words)
        return self if new <= self.words else vocabulary(self.words | new)

    def segment(self, text: str) -> tuple[str, ...]:
        """`segment_zh(text)` with this vocabulary, whatever block the caller is in."""
        return _segment_zh(text, self)


_VOCABULARIES: dict[frozenset[str], Vocabulary] = {}


def _han_words(words: Iterable[str]) -> frozenset[str]:
    stripped = {w.strip() for w in words}
    return frozenset(w for w in stripped if len(w) > 1 and HAN_RUN.fullmatch(w))


def vocabulary(words: frozenset[str]) -> Vocabulary:
    """The one `Vocabulary` object for exactly this word set."""
    with _LOCK:
        v = _VOCABULARIES.get(words)
        if v is None:
            v = Vocabulary(words, frozenset(w[:k] for w in words for k in range(2, len(w))),
                           max(MAX_WORD, max(map(len, words), default=0)))
            _VOCABULARIES[words] = v
        return v


#: CC-CEDICT and the built-in words only: what `zhenqa align` cuts with, and what every
#: context (every thread) starts with.
BASE = vocabulary(frozenset(BUILTIN_WORDS))
_CURRENT: ContextVar[Vocabulary] = ContextVar("zhenqa_segment_vocabulary", default=BASE)


@contextmanager
def using(vocab: Vocabulary) -> Iterator[Vocabulary]:
    """Cut with exactly `vocab` inside the block (in this context only), and restore the
    vocabulary of the enclosing block after, also on an exception."""
    token = _CURRENT.set(vocab)
    try:
        yield vocab
    finally:
        _CURRENT.reset(token)


def kept_whole(words: Iterable[str]) -> contextlib.AbstractContextManager[Vocabulary]:
    """Keep `words` (termbase terms) whole, on top of the current vocabulary, inside the
    block: a QA run with a termbase or an alignment with terms asks for them, and the next
    caller, in this thread or another, cuts as if they had never been asked for."""
    return using(_CURRENT.get().with_words(words))


def base_vocabulary() -> contextlib.AbstractContextManager[Vocabulary]:
    """Cut with CC-CEDICT and the built-in words only inside the block, whatever block
    encloses it."""
    return using(BASE)


def current_vocabulary() -> Vocabulary:
    """The vocabulary the cut uses now (that of the innermost enclosing block)."""
    return _CURRENT.get()


def _flags(lex: Lexicon, vocab: Vocabulary, w: str) -> int:
    f = lex.table.flags(w)
    if w in vocab.words:
        f |= WORD
    if w in vocab.prefixes:
        f |= PREFIX
    return f


def cut_run(run: str) -> tuple[str, ...]:
    """A run of Han characters cut into the fewest words (see the module docstring), with
    the current vocabulary."""
    return _cut_run(run, _CURRENT.get())


@lru_cache(maxsize=200_000)
def _cut_run(run: str, vocab: Vocabulary) -> tuple[str, ...]:
    n = len(run)
    if n <= 1:
        return (run,) if run else ()
    lex = load_lexicon()
    longest = vocab.longest
    inf = (n + 1, 0)
    best: list[tuple[int, int]] = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0)
    for i in range(n):
        bi = best[i]
        if bi == inf:
            continue
        # one character is always a word
        cand = (bi[0] + 1, bi[1] - 1)
        if cand < best[i + 1]:
            best[i + 1], back[i + 1] = cand, i
        for j in range(i + 2, min(n, i + longest) + 1):
            f = _flags(lex, vocab, run[i:j])
            if not f:
                break             # no word starts with these characters
            if f & WORD:
                cand = (bi[0] + 1, bi[1] - (j - i) ** 2)
                if cand < best[j]:
                    best[j], back[j] = cand, i
            if not f & PREFIX:
                break
    out = []
    j = n
    while j > 0:
        out.append(run[back[j]:j])
        j = back[j]
    out.reverse()
    # a tie broken the wrong way around a function character: 透|明和 (明和 is a Japanese
    # era name in CC-CEDICT) is re-cut 透明|和 when 透明 is a word; both cuts have words of
    # the same lengths, the one that leaves the function word alone reads running text
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if len(a) == 1 and len(b) == 2 and b[1] in FUNCTION_CHARS and lex.gloss(a + b[0]):
            out[k], out[k + 1] = a + b[0], b[1]
    return tuple(out)


def segment_zh(text: str) -> tuple[str, ...]:
    """The words of a Chinese text, in order: Han runs cut by `cut_run`, Latin words and
    numbers whole, other visible characters one by one (whitespace dropped). Memoized per
    vocabulary: the aligner and the checks ask for the same sentence several times."""
    return _segment_zh(text, _CURRENT.get())


def clear_memo() -> None:
    """Forget every memoized cut (benchmarks timing a cold segmenter)."""
    _cut_run.cache_clear()
    _segment_zh.cache_clear()


@lru_cache(maxsize=500_000)
def _segment_zh(text: str, vocab: Vocabulary) -> tuple[str, ...]:
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        han = m.group(1)
        if han is not None:
            out.extend(_cut_run(han, vocab))
        else:
            out.append(m.group(0))
    return tuple(out)


def zh_glosses(text: str, lex: Lexicon | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """(word, English lemmas) for each Han word of `text` that has glosses, in order."""
    lex = lex or load_lexicon()
    out: list[tuple[str, tuple[str, ...]]] = []
    for word in segment_zh(text):
        if not HAN_RUN.match(word):
            continue
        g = lex.gloss(word)
        if g:
            out.append((word, g))
    return out
