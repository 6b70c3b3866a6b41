"""What the terms report sees of one segment: Chinese word chunks and English word parts.

Both are pure functions of the text, memoized in bounded caches: corpora repeat
segments (headings, boilerplate, translation-memory leverage), and each pass of the report
asks again for the same features.

- Chinese: the shared segmenter's words (`corpora.lang.segment.segment_zh`) over the
  look-alike folded text, with offsets, grouped into *chunks*: maximal runs of Han words.
  Terms never cross punctuation, digits or Latin text, so n-grams are taken inside chunks.
- English: word parts as the termbase matcher sees them (`corpora.termbase.en_tokens`:
  hyphenated words give one part per piece), each with its plural stem, light lemma and
  whether it is a stopword; n-grams of 1..`MAX_EN` parts that neither start nor end with a
  stopword or a number are the candidate renderings of a term.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.corpora.lang.english import STOPWORDS, lemma
from zhenqa.corpora.lang.segment import Vocabulary, current_vocabulary
from zhenqa.corpora.termbase import en_tokens
from zhenqa.corpora.textnorm import fold

#: Longest English rendering considered, in word parts ("small island developing States"
#: is 4, "Office of the United Nations High Commissioner for Refugees" 9 is rare enough
#: to be found through the termbase or the lexical span instead).
MAX_EN = 5
#: Words that are stopwords for terms although the shared list lacks them.
EXTRA_STOP = frozenset({"including", "include", "includes", "per", "cent", "etc", "within",
                        "among", "across", "without", "towards", "toward", "upon", "via",
                        "whether", "ensure", "take", "ii", "iii", "iv", "vi"})


_GLUE = re.compile(r"[ \t\u00a0\u202f]*[-\u2010\u2011\u2013]?[ \t\u00a0\u202f]*")


@dataclass(frozen=True)
class EnToken:
    """One English word part: its text span, plural stem (matching), lemma (glosses)."""

    start: int
    end: int
    stem: str
    lemma: str
    stop: bool
    glued: bool = False   # only spaces or a hyphen between it and the word before


@dataclass(frozen=True)
class EnText:
    tokens: tuple[EnToken, ...]
    ngrams: tuple[tuple[int, int, str], ...]      # (first token, end token, key)
    lemmas: frozenset[str]
    keys: frozenset[str]                          # the distinct n-gram keys


@lru_cache(maxsize=50_000)
def en_text(text: str) -> EnText:
    """The word parts and candidate n-grams of an English text."""
    toks = []
    prev_end = None
    for st, s, e in en_tokens(text):
        surface = text[s:e]
        low = surface.lower()
        is_num = surface[:1].isdigit()
        stop = is_num or low in STOPWORDS or low in EXTRA_STOP or len(low) < 2
        glued = prev_end is not None and _GLUE.fullmatch(text[prev_end:s]) is not None
        toks.append(EnToken(s, e, st, lemma(low) if not is_num else low, stop, glued))
        prev_end = e
    grams = []
    n = len(toks)
    for i in range(n):
        if toks[i].stop:
            continue
        key = ""
        for j in range(i, min(n, i + MAX_EN)):
            if j > i and not toks[j].glued:
                break                 # punctuation between the parts: not one term
            key = toks[j].stem if j == i else f"{key} {toks[j].stem}"
            if not toks[j].stop:
                grams.append((i, j + 1, key))
    return EnText(tuple(toks), tuple(grams), frozenset(t.lemma for t in toks if not t.stop),
                  frozenset(k for _, _, k in grams))


def ngram_key_join(key: str) -> str:
    """An n-gram key as a termbase `match_key` (stems run together)."""
    return key.replace(" ", "")


@dataclass(frozen=True)
class ZhText:
    words: tuple[tuple[str, int, int], ...]      # (word, start, end) of every token
    chunks: tuple[tuple[int, int], ...]          # (first word, end word) of each Han run


def zh_text(text: str) -> ZhText:
    """The shared segmenter's words of a Chinese text, with offsets, and its Han chunks,
    with the current vocabulary (memoized per vocabulary: a run with a termbase and a run
    without one in the same process each get their own cut)."""
    return _zh_text(text, current_vocabulary())


@lru_cache(maxsize=50_000)
def _zh_text(text: str, vocab: Vocabulary) -> ZhText:
    folded = fold(text)
    words = []
    pos = 0
    for w in vocab.segment(folded):
        j = folded.find(w, pos)
        if j < 0:
            continue
        words.append((w, j, j + len(w)))
        pos = j + len(w)
    chunks = []
    i = 0
    n = len(words)
    while i < n:
        if not HAN_RUN.fullmatch(words[i][0]):
            i += 1
            continue
        j = i
        while j + 1 < n and HAN_RUN.fullmatch(words[j + 1][0]) and words[j + 1][1] == words[j][2]:
            j += 1
        chunks.append((i, j + 1))
        i = j + 1
    return ZhText(tuple(words), tuple(chunks))
