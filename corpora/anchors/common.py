"""Shared machinery of anchor extraction: the vocabulary, the extraction context, building blocks.

Every pass module (symbols, references, dates, numeric) works on one `_Ctx` (folded text,
claimed mask, anchors so far) and reuses the same regex fragments and date helpers, so they
live here, below all of them, to keep the package free of import cycles.
"""
from __future__ import annotations

import re
from typing import Iterator

from zhenqa.corpora.lazyre import lazy_compile
from zhenqa.corpora.model import Anchor
from zhenqa.corpora.numbers import ZH_NUMERAL_CHARS, zh_numeral_to_int
from zhenqa.corpora.textnorm import fold


ANCHOR_TYPES: tuple[str, ...] = (
    "symbol", "url", "email", "number", "amount", "percent", "date", "year", "year-range",
    "resolution", "decision", "article", "chapter", "paragraph", "ordinal", "time",
)

_TYPE_ORDER = {t: i for i, t in enumerate(ANCHOR_TYPES)}


def _lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compiled on first use: this module holds some eighty patterns (about 20 ms to
    compile, a tenth of a model-free command's start-up) and a text reaches few of them,
    since each pass is gated (`_PASSES`)."""
    return lazy_compile(pattern, flags)


def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile with re.ASCII: \\d is 0-9 only (values must be ASCII digits), and \\b sees a
    CJK character next to a Latin word as a boundary ("年resolution"). Compiled on first use."""
    return _lazy(pattern, flags | re.ASCII)


_WORD_TOKEN_RE = _lazy(r"(?<![A-Za-z])[A-Za-z]+")

_DIGIT_RE = _re(r"\d")


class _Ctx:
    """One extraction: the folded text, the claimed mask and the anchors found so far."""

    __slots__ = ("text", "f", "mask", "out", "has_digit", "words")

    def __init__(self, text: str):
        self.text = text
        self.f = fold(text)
        self.mask = bytearray(len(text))
        self.out: list[Anchor] = []
        self.has_digit: bool = _DIGIT_RE.search(self.f) is not None
        self.words: list[tuple[int, str]] | None = None

    def free(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) < 0

    def matches(self, regex: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of `regex` on the folded text that touch no claimed span. A match that
        runs into a claimed span is retried up to it, so a list such as "articles 5 to 7,
        and 1 January" still gives its articles once the date has been claimed."""
        f = self.f
        for m in regex.finditer(f):
            s, e = m.span()
            p = self.mask.find(1, s, e)
            if p < 0:
                yield m
            elif p > s:
                m2 = regex.match(f, s, p)
                if m2 is not None and m2.end() > s:
                    yield m2

    def matches_at(self, regex: re.Pattern[str], starts: list[int]) -> Iterator[re.Match[str]]:
        """Like `matches`, but trying `regex` only at candidate `starts` (ascending): much
        faster than a scan for patterns that begin with a long word alternation."""
        f = self.f
        last = -1
        for pos in starts:
            if pos < last:
                continue
            m = regex.match(f, pos)
            if m is None or m.end() == pos:
                continue
            s, e = m.span()
            p = self.mask.find(1, s, e)
            if p >= 0:
                if p == s:
                    continue
                m = regex.match(f, s, p)
                if m is None or m.end() == s:
                    continue
            last = m.end()
            yield m

    def word_starts(self, vocab: frozenset[str]) -> list[int]:
        """Start offsets of the ASCII words of the text that are in `vocab` (lower-case)."""
        if self.words is None:
            self.words = [(m.start(), m.group().lower()) for m in _WORD_TOKEN_RE.finditer(self.f)]
        return [s for s, w in self.words if w in vocab]

    def claim(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def add(self, type_: str, value: str, start: int, end: int) -> None:
        self.out.append(Anchor(type_, value, self.text[start:end], start, end))


# =========================================================================== building blocks

_ZHN = f"[{ZH_NUMERAL_CHARS}]+"                       # a Chinese numeral (validated later)
_NUMA = rf"(?:\d+|{_ZHN})"                            # Arabic or Chinese, as after 第
_ZH_LIST_SEP = r"(?:、|和|及|以及|与|或|,|至|到|-|~)"
_EN_LIST_SEP = r"(?:,\s*and|,\s*or|,|and|or|to|through|-)"

_YEAR4 = r"(?:1[89]\d\d|2[01]\d\d)"
_ZH_YEAR = rf"(?:{_YEAR4}|[〇零一二三四五六七八九]{{4}})"
_ZH_MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_ZH_DAY = r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")


def _zh_or_arabic(s: str) -> int | None:
    s = s.strip()
    if s.isdigit():
        return int(s)
    return zh_numeral_to_int(s)


def _days_in_month(y: int | None, m: int) -> int:
    if m == 2:
        if y is None:
            return 29
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _date_value(y: int | None, m: int | None, d: int | None) -> str | None:
    """ISO value of a (possibly partial) date, or None when it is no valid date."""
    if m is None or not 1 <= m <= 12:
        return None
    if y is not None and not 1000 <= y <= 2999:
        return None
    if d is not None and not 1 <= d <= _days_in_month(y, m):
        return None
    if y is None:
        return None if d is None else f"--{m:02d}-{d:02d}"
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"
