"""Compatibility names for the language layer, which now lives in `zhenqa.corpora.lang`.

The lexicon, the segmenter and the English lemmatizer moved to `corpora.lang` so that the
aligner, the QA checks and the termbase share one implementation; import from there
(`corpora.lang.lexicon`, `corpora.lang.segment`, `corpora.lang.english`). These aliases
keep older imports working until every caller has switched.
"""
from __future__ import annotations

from zhenqa.corpora.lang.english import STOPWORDS, lemma
from zhenqa.corpora.lang.english import lemmas as english_lemmas
from zhenqa.corpora.lang.english import root as english_root
from zhenqa.corpora.lang.english import tokens as english_tokens
from zhenqa.corpora.lang.lexicon import Lexicon, cache_dir, load_lexicon, pinyin_strings
from zhenqa.corpora.lang.segment import segment_zh as segment

__all__ = ["STOPWORDS", "Lexicon", "cache_dir", "english_lemmas", "english_root", "english_tokens",
           "lemma", "load_lexicon", "pinyin_strings", "segment", "warm_up"]


def warm_up() -> None:
    """Open the lexicon now (benchmarks time it separately)."""
    load_lexicon()
