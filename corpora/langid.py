"""Is this file Chinese or English? And does that agree with what the user said?

Only two languages matter here, and they differ in script, so counting is enough: the share
of CJK ideographs among all letters (ideographs + Latin letters). Chinese UN text keeps
Latin letters in symbols and names (CAC/COSP/2017/5), yet its ideographs dominate (the
seed report: over 90 %); English text has none or a few. A Chinese character carries
about as much as an English word of ~5 letters, so the decision threshold sits low:
a document that is half ideographs by count is overwhelmingly Chinese by content.

The swapped-pair check (`check_language`) turns a clear disagreement into an InputError,
because aligning a pair given in the wrong order yields silent garbage. Too little text to
tell, or a genuinely mixed text, is not an error: then the user is trusted.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.model import Lang
from zhenqa.corpora.textnorm import cjk_ratio, letter_counts

#: Fewer letters than this (ideographs + Latin letters) and we do not judge.
MIN_LETTERS = 12
#: At least this share of ideographs among letters: clearly Chinese.
ZH_RATIO = 0.30
#: At most this share: clearly English.
EN_RATIO = 0.05
#: Long texts are judged on samples spread through the file (linear time, bounded cost).
_SAMPLE = 20_000

_NAMES = {"zh": "Chinese", "en": "English"}
_ROLE = {"zh": "the Chinese document", "en": "the English document"}


@dataclass(frozen=True, slots=True)
class LangGuess:
    """The detected language, the ideograph share it rests on, and whether it is clear."""

    lang: Lang
    cjk_ratio: float
    letters: int
    confident: bool


def _sample(text: str) -> str:
    if len(text) <= 3 * _SAMPLE:
        return text
    mid = len(text) // 2
    return text[:_SAMPLE] + text[mid - _SAMPLE // 2: mid + _SAMPLE // 2] + text[-_SAMPLE:]


def detect_language(text: str) -> LangGuess:
    """Guess zh or en from the share of ideographs; `confident` is False when unclear."""
    sample = _sample(text)
    counts = letter_counts(sample)           # counted once, for the ratio and the total
    ratio = cjk_ratio(sample, counts)
    letters = counts[0]
    lang: Lang = "zh" if ratio >= (ZH_RATIO + EN_RATIO) / 2 else "en"
    confident = letters >= MIN_LETTERS and (ratio >= ZH_RATIO or ratio <= EN_RATIO)
    return LangGuess(lang, ratio, letters, confident)


def check_language(text: str, declared: Lang | None, path: str | os.PathLike[str] | None) -> Lang:
    """The language to use for `text`: the declared one, unless the text clearly says otherwise.

    With no declared language, the detected one (a best guess when unclear). A clear
    contradiction (a Chinese file given as the English document, or the reverse) raises an
    InputError naming the file, since the pair was most likely swapped.
    """
    guess = detect_language(text)
    if declared is None:
        return guess.lang
    if declared not in _NAMES:
        raise InputError(path, f"unknown language {declared!r} (use zh or en)")
    if guess.confident and guess.lang != declared:
        raise InputError(path, f"looks like {_NAMES[guess.lang]} text, but was given as "
                               f"{_ROLE[declared]} ({guess.cjk_ratio:.0%} of its letters "
                               "are Chinese characters)")
    return declared
