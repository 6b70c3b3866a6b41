"""Anchors: typed, normalized facts both language versions share exactly.

An anchor is a UN symbol, a number, an amount, a date, a reference to a resolution or an
article... found in a unit's text. Its `value` is normalized so that the Chinese and the
English anchors of the same thing are *equal* (``第 3/1 号决议`` and ``resolution 3/1`` both
give ``("resolution", "3/1")``); the aligner uses equal anchors as evidence and the QA
number/date/symbol checks report anchors present on one side only. A false anchor is
therefore a false alarm in front of a translator: every rule below prefers missing a
doubtful anchor to inventing one, and both languages get *symmetric* rules (what is
skipped in Chinese is skipped in English too).

Vocabulary (`ANCHOR_TYPES`) and value forms:

=============  ==========================================================================
type           value
=============  ==========================================================================
symbol         UN document symbol by series grammar (not a list): components upper-case,
               except the suffixes Add./Rev./Corr./Amend./Sub./Mem. in their official
               capitalization; no spaces, except the Security Council year suffix, written
               " (2016)": ``S/RES/2334 (2016)``. ``L.1 和 Add.1-4`` after a symbol expands
               to ``.../L.1/Add.1`` ... ``.../L.1/Add.4``. Also taken from the path of
               ``undocs.org/<lang>/<symbol>`` URLs (the URL is anchored too).
url            host lower-cased + path as written, without scheme and trailing "/".
email          the address, lower-cased.
number         `format_number` value: "1676000", "3.5"; fractions "1/3". Amounts and
               percentages also yield a plain number anchor with the same span, so a
               number check sees every figure.
amount         "<ISO code> <number>": "USD 1676000" (美元 / $ / US$ / USD / dollars /
               United States dollars), EUR, CNY (人民币 / 元 / yuan / RMB), GBP, CHF, JPY.
percent        the number: "3" (3% / 3 ％ / 3 per cent / 3 percent / 百分之三); tenths
               written with 成 give their percentage: 三成 / 3成 = "30", 七成五 = "75".
date           ISO: "2017-11-09"; month-year "2017-11"; day-month without a year
               "--11-09" (ISO 8601 reduced form). Day ranges give one date per day named
               ("6-10 November 2017" -> 2017-11-06, 2017-11-10). The parts of a date are
               not also numbers or years.
year           a bare year: "2030" (2030 年 / by 2030 / 一九四八年); a decade "1990s"
               (1990年代 / 20世纪90年代 / the 1990s). Centuries and a bare 90年代 are
               claimed without an anchor (the century is not written on both sides).
year-range     "2018-2019" (2018-2019 / 2018–2019 / 2018 至 2019 年 / 2018/19 / 2018-19 /
               between 2018 and 2019). A two-digit end with "/" only for the next year
               (2018/19), so that 2017/21 is not taken for a range.
resolution     "3/1", "70/1", "2334 (2016)", "217 A (III)", "1325" (bare number).
decision       as resolution: "5/1", "2017/231".
article        "52", "7.1" (article 7, paragraph 1 / article 7 (1) / paragraph 1 of
               article 7 / 第七条第 1 款), "15(a)" (article 15 (a) / 第十五条(a)项),
               "15.1(a)". Lists give one anchor per item; ranges ("articles 5 to 7",
               第五至七条) give their two endpoints.
chapter        arabic number: "3" (第三章 / chapter III / Chapter 3).
paragraph      "12", "12(a)" (第 12 段 / paragraph 12 / para. 12; a bare 第 1 款).
time           a clock time, 24-hour "HH:MM": 上午10时10分 / 10.10 a.m. -> "10:10", 下午3时 /
               3 p.m. -> "15:00", 15:30 / 15时30分 -> "15:30" (`numbers.time_of_day`). Its
               figures are not also numbers (a summary record's "10.10 a.m." is no decimal).
ordinal        "<noun>:<n>": session, meeting, cycle, committee, edition, year, round:
               第七届会议 / seventh session -> "session:7"; 第 7 次会议 / 7th meeting ->
               "meeting:7"; 第一审议周期 / first review cycle -> "cycle:1". Ordinals with
               other nouns (第一 / first step) are not anchored: weak, and often
               rephrased.
=============  ==========================================================================

What is deliberately *not* a number anchor (in both languages alike):

- Chinese numerals in prose without a scale character: 一位发言者 ("a speaker"), 三个员额
  ("three posts"), 五年, 一些, 统一; English spells such small numbers as words, which are not
  anchored either. Chinese numerals become numbers only when they contain 百/千/万/亿 and
  start with a digit (两千五百, 一百一十一; not 千万 "by all means", 百万 "millions", nor after
  数/几/上 "several"), or stand before a currency, or after 百分之.
- English number words only with a scale word: "two million", "five hundred".
- Ordinals with 第 and other nouns: 第一, 第二次 (see ordinal).
- Dotted sequences (1.1.1, 1.676.000): section numbers or continental grouping.
- Numbers glued to letters (G20, 3rd, 10km, CRP.2, and COVID-19: a capital letter and a
  hyphen): identifiers, not quantities. After a lower-case word and a hyphen they are
  numbers: under-5 (5岁以下), post-2015 (2015年后).
- Bare four-digit integers 1800-2199 without separators are years, not numbers, unless a
  currency, percent sign, scale word or (in Chinese) a measure word (名 个 人 ...) follows.
- UN job numbers (V.17-08295) and slash pairs outside references (3/1, 2017/231).
- Signs: "-2" and "−2" give "2" in both languages (a minus is often a dash or "<-").

Mixed and approximate Chinese figures: ``75万7千`` is one number (757000), as are
``3亿5000万``, ``1万零500`` and ``3万5000``. ``500余万`` / ``500多万`` / ``五百余万`` ("more than
five million") give the figure they round, "5000000", with the 余/多 inside the span so
that `approximation` can tell the QA number check that the figure is not exact;
``10余个`` gives "10" likewise. `approximation` also reads qualifiers around a figure
(约, 近, 逾, 以上, 左右; about, over, more than, nearly, at least...).

`extract_anchors` works on `corpora.textnorm.fold(text)`, which is length-preserving, so
every span is a span of the original text: ``text[a.start:a.end] == a.text``. Passes run
from the most specific (URLs, symbols, references, dates) to the least (plain numbers); a
span claimed by an earlier pass is not reused by a later one, except that an amount or
a percent also yields its number anchor.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Iterator, Literal

from zhenqa.corpora.lazyre import lazy_compile
from zhenqa.corpora.model import Anchor
from zhenqa.corpora.numbers import (
    EN_SCALES,
    SCALES,
    ZH_DIGITS,
    ZH_NUMERAL_CHARS,
    en_words_to_int,
    format_number,
    ordinal_word_to_int,
    parse_number,
    ZH_DAY_PERIODS,
    roman_to_int,
    time_of_day,
    zh_numeral_to_int,
)
from zhenqa.corpora.textnorm import fold

__all__ = ["ANCHOR_TYPES", "extract_anchors", "canonical_symbol", "approximation",
           "division_numbers"]

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


# =========================================================================== URLs, e-mails

_URL_RE = _re(
    r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)(?:(?!https?://)[A-Za-z0-9\-._~:/?#@!$&*+,;=%\[\]'])+",
    re.IGNORECASE,
)
_EMAIL_RE = _re(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_UNDOCS_RE = _re(r"undocs\.org/(?:(?:ch|zh|en|fr|es|ru|ar|english|chinese)/)?", re.IGNORECASE)


# UN job numbers ("V.17-08295", "17-08295 (C)") in page headers: identifiers, not figures.
_JOB_NUMBER_RE = _re(r"(?<![\w.])(?:[A-Z]\.)?\d{2}-\d{5}(?!\d)")


def _pass_identifiers(c: _Ctx) -> None:
    """Claim spans that look numeric but are identifiers, so no later pass reads them."""
    for m in _JOB_NUMBER_RE.finditer(c.f):
        c.claim(*m.span())


def _pass_urls(c: _Ctx) -> None:
    for m in _EMAIL_RE.finditer(c.f):
        s, e = m.span()
        if c.free(s, e):
            c.add("email", m.group().lower(), s, e)
            c.claim(s, e)
    for m in _URL_RE.finditer(c.f):
        s, e = m.span()
        while e > s and c.f[e - 1] in ".,;:!?'":
            e -= 1
        if not c.free(s, e):
            continue
        url = c.f[s:e]
        rest = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
        host, slash, path = rest.partition("/")
        value = (host.lower() + slash + path).rstrip("/")
        c.add("url", value, s, e)
        um = _UNDOCS_RE.match(rest)
        if um:
            off = s + (len(url) - len(rest)) + um.end()
            sym = canonical_symbol(c.f[off:e])
            if sym:
                c.add("symbol", sym, off, e)
        c.claim(s, e)


# =========================================================================== UN symbols

# Series grammar: an upper-case series prefix (A, S, E, ST, CAC, DP, UNEP...) followed by
# "/"-separated components: bodies and document types (RES, HRC, COSP, IRG, SGB, CN.15,
# C.3, L.1, CRP.2, WG.6, PV.8000), sessions and years (70, 2017), numbers (1, 25), and the
# suffixes Add.4, Rev.1, Corr.1. A symbol needs a digit somewhere and, with a single slash,
# one of the principal-organ prefixes (so that "HIV/AIDS" or "G/20" are not symbols).
_SYM_ALPHA = r"[A-Z][A-Za-z]*(?:\.\d+[A-Za-z]?)*"
_SYM_NUM = r"\d+(?:\.\d+)*[A-Z]?"
_SYM_BODY = rf"[A-Z][A-Z0-9]{{0,11}}(?:/(?:{_SYM_ALPHA}|{_SYM_NUM}))+"
_SYMBOL_RE = _re(
    rf"(?<![A-Za-z0-9/._-]){_SYM_BODY}(?:\s?\((?:19|20)\d\d\))?(?![A-Za-z0-9/])"
)
_SYMBOL_FULL_RE = _re(rf"({_SYM_BODY})(?:\s?\(((?:19|20)\d\d)\))?")
_SINGLE_SLASH_PREFIXES = {"A", "S", "E", "ST", "T", "DP", "TD", "UNEP", "CAC", "CTOC", "ECE"}
_SUFFIX_CASE = {"add": "Add", "rev": "Rev", "corr": "Corr", "amend": "Amend", "sub": "Sub",
                "mem": "Mem", "summary": "Summary"}
_SYM_CONT_RE = _re(
    r"\s*(?:和|及|以及|与|、|,|and|&)\s*((Add|Rev|Corr|Amend)\.(\d+)(?:\s*-\s*(\d+))?)(?![A-Za-z0-9/.])"
)


def canonical_symbol(raw: str) -> str | None:
    """Canonical form of a UN document symbol, or None when `raw` is not one.

    Components upper-case except the official suffix forms (Add.4, Rev.1, Corr.1); the
    Security Council year suffix as " (2016)".
    """
    raw = fold(raw).strip()
    m = _SYMBOL_FULL_RE.fullmatch(raw)
    if not m:
        return None
    body, year = m.groups()
    comps = body.split("/")
    if not any(ch.isdigit() for ch in body):
        return None
    if len(comps) == 2 and comps[0] not in _SINGLE_SLASH_PREFIXES:
        return None
    out = [comps[0]]
    for comp in comps[1:]:
        head, dot, tail = comp.partition(".")
        if head.lower() in _SUFFIX_CASE and dot:
            out.append(_SUFFIX_CASE[head.lower()] + "." + tail.upper())
        else:
            out.append(comp.upper())
    sym = "/".join(out)
    return f"{sym} ({year})" if year else sym


def _pass_symbols(c: _Ctx) -> None:
    for m in c.matches(_SYMBOL_RE):
        s, e = m.span()
        if not c.free(s, e):
            continue
        sym = canonical_symbol(m.group())
        if sym is None:
            continue
        c.add("symbol", sym, s, e)
        c.claim(s, e)
        base = re.sub(r"/(?:Add|Rev|Corr|Amend)\.\d+$", "", sym)
        pos = e
        while True:
            cm = _SYM_CONT_RE.match(c.f, pos)
            if not cm:
                break
            kind, first, last = cm.group(2), int(cm.group(3)), cm.group(4)
            hi = int(last) if last else first
            if not first <= hi <= first + 50:
                break
            cs, ce = cm.span(1)
            for k in range(first, hi + 1):
                c.add("symbol", f"{base}/{_SUFFIX_CASE[kind.lower()]}.{k}", cs, ce)
            c.claim(cs, ce)
            pos = cm.end()


# =========================================================================== resolutions, decisions

_RESNUM = r"(?:\d+\s*/\s*\d+|\d+\s*(?:[A-Z]\s*)?\(\s*(?:(?:19|20)\d\d|[IVXLC]+)\s*\)|\d+)"
_RESNUM_RE = _re(_RESNUM)
_ZH_RES_RE = _re(
    rf"第\s*{_RESNUM}\s*号?(?:\s*{_ZH_LIST_SEP}\s*第?\s*{_RESNUM}\s*号?)*\s*(决议|决定)"
)
# In English lists only the slash and parenthesized forms continue a list: "resolution 3/1,
# 12 States ..." must not make 12 a resolution.
_RESNUM_STRICT = r"(?:\d+\s*/\s*\d+|\d+\s*(?:[A-Z]\s*)?\(\s*(?:(?:19|20)\d\d|[IVXLC]+)\s*\))"
_EN_RES_RE = _re(
    rf"\b(?i:(resolution|decision)s?)\s+(?:No\.\s*)?{_RESNUM}(?:\s*{_EN_LIST_SEP}\s*{_RESNUM_STRICT})*(?![\d/])"
)


def _canonical_resnum(raw: str) -> str:
    raw = raw.strip()
    if "/" in raw:
        a, b = raw.split("/")
        return f"{int(a)}/{int(b)}"
    m = re.fullmatch(r"(\d+)\s*([A-Z])?\s*\(\s*(\S+?)\s*\)", raw)
    if m:
        n, letter, par = m.groups()
        return f"{int(n)} {letter} ({par})" if letter else f"{int(n)} ({par})"
    return str(int(raw))


def _emit_items(c: _Ctx, type_: str, vals: list[tuple[str, int, int]], start: int, end: int) -> None:
    """One anchor spanning the whole reference when it names one item (``第 3/1 号决议``);
    one anchor per item, spanning the item (with its own 第), when it lists several."""
    if not vals:
        return
    if len(vals) == 1:
        c.add(type_, vals[0][0], start, end)
    else:
        for v, s, e in vals:
            b = s
            while b > start and c.f[b - 1] == " ":
                b -= 1
            if b > start and c.f[b - 1] == "第":
                s = b - 1                             # the item's own 第: 第五条和「第六」条
            c.add(type_, v, s, e)
    c.claim(start, end)


def _emit_resnums(c: _Ctx, type_: str, start: int, end: int, whole: tuple[int, int]) -> None:
    vals = [(_canonical_resnum(m.group()), m.start(), m.end())
            for m in _RESNUM_RE.finditer(c.f, start, end)]
    _emit_items(c, type_, vals, *whole)


def _pass_resolutions_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_RES_RE):
        if c.free(*m.span()):
            type_ = "resolution" if m.group(1) == "决议" else "decision"
            _emit_resnums(c, type_, m.start(), m.start(1), m.span())


def _pass_resolutions_en(c: _Ctx) -> None:
    for m in c.matches(_EN_RES_RE):
        if c.free(*m.span()):
            type_ = m.group(1).lower()
            _emit_resnums(c, type_, m.end(1), m.end(), m.span())


# =========================================================================== times of day

_ZH_PERIOD = "|".join(sorted(ZH_DAY_PERIODS, key=len, reverse=True))
_ZH_HOUR = r"(?:\d{1,2}|[〇零一二三四五六七八九十]{1,3})"
# 上午10时10分 / 下午3时 / 上午十时三十分 / 下午3点半 / 15时30分: with a period word any clock
# word (时, 点) and numeral; without one only Arabic hours with 时 and minutes with 分, so
# that 3点 ("three points") and 小时 ("hours") are never a time.
_ZH_TIME_RE = _re(
    rf"(?:(?P<p>{_ZH_PERIOD})\s*(?P<h>{_ZH_HOUR})\s*[时点點](?:\s*(?P<m>{_ZH_HOUR}|\d{{2}})\s*分|(?P<half>半))?"
    rf"|(?<![\d.小])(?P<h2>\d{{1,2}})\s*时\s*(?P<m2>\d{{1,2}})\s*分)")
_EN_TIME_RE = _re(
    r"(?<![\d.,:])(\d{1,2})(?:[.:](\d{2}))?\s*(?:(a\.\s?m\.?|p\.\s?m\.?|(?i:am|pm)\b)|(noon)\b)"
    r"|(?<![\d.,:/])(\d{1,2}):(\d{2})(?![\d:/])")
_ZH_TIME_END_RE = _re(
    rf"\s*(?:至|到|-|–|—|~)\s*(?P<h>{_ZH_HOUR})\s*[时点點](?:\s*(?P<m>{_ZH_HOUR}|\d{{2}})\s*分|(?P<half>半))?")
# "1 to 2 p.m.", "10.30-11.45 a.m.": the period after the range holds for its start too
_EN_TIME_RANGE_RE = _re(
    r"(?<![\d.,:])(\d{1,2})(?:[.:](\d{2}))?\s*(?:-|–|to|until)\s*(\d{1,2})(?:[.:](\d{2}))?\s*"
    r"(a\.\s?m\.?|p\.\s?m\.?|(?i:am|pm)\b)")
# a clock time with digits and a colon, in Chinese text too (会议于15:30结束)
_COLON_TIME_RE = _re(r"(?<![\d.,:/])(\d{1,2}):(\d{2})(?![\d:/])")


def _pass_times_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_TIME_RE):
        if m["p"]:
            h, mi = _zh_or_arabic(m["h"]), _zh_or_arabic(m["m"]) if m["m"] else 0
            v = time_of_day(h, 30 if m["half"] else mi, ZH_DAY_PERIODS[m["p"]]) \
                if h is not None and mi is not None else None
            start = m.start("h")
        else:
            v = time_of_day(int(m["h2"]), int(m["m2"]))
            start = m.start()
        if v is not None and c.free(start, m.end()):
            c.add("time", v, start, m.end())
            c.claim(m.start(), m.end())
            # 下午1时至2时: the period word holds for the end of the range too
            r = _ZH_TIME_END_RE.match(c.f, m.end()) if m["p"] else None
            if r is not None:
                h2 = _zh_or_arabic(r["h"])
                mi2 = _zh_or_arabic(r["m"]) if r["m"] else (30 if r["half"] else 0)
                v2 = time_of_day(h2, mi2, ZH_DAY_PERIODS[m["p"]]) \
                    if h2 is not None and mi2 is not None else None
                if v2 is not None and c.free(r.start("h"), r.end()):
                    c.add("time", v2, r.start("h"), r.end())
                    c.claim(r.start(), r.end())
    for m in c.matches(_COLON_TIME_RE):
        v = time_of_day(int(m[1]), int(m[2]))
        if v is not None and c.free(*m.span()):
            c.add("time", v, *m.span())
            c.claim(*m.span())


def _pass_times_en(c: _Ctx) -> None:
    for m in c.matches(_EN_TIME_RANGE_RE):
        period = "am" if m[5].lower().startswith("a") else "pm"
        v1 = time_of_day(int(m[1]), int(m[2] or 0), period)
        v2 = time_of_day(int(m[3]), int(m[4] or 0), period)
        if v1 and v2 and c.free(*m.span()):
            c.add("time", v1, m.start(1), m.end(2) if m[2] else m.end(1))
            c.add("time", v2, m.start(3), m.end())
            c.claim(*m.span())
    for m in c.matches(_EN_TIME_RE):
        if m[5]:
            v = time_of_day(int(m[5]), int(m[6]))
        else:
            period = "noon" if m[4] else ("am" if m[3].lower().startswith("a") else "pm")
            v = time_of_day(int(m[1]), int(m[2] or 0), period)
        if v is not None and c.free(*m.span()):
            c.add("time", v, *m.span())
            c.claim(*m.span())


# =========================================================================== article, chapter, paragraph, ordinal (zh)

_ZH_ITEM_LIST = rf"第\s*{_NUMA}(?:\s*{_ZH_LIST_SEP}\s*第?\s*{_NUMA})*"
_NUMA_RE = _re(rf"\d+|{_ZHN}")
_ZH_ARTICLE_RE = _re(
    rf"({_ZH_ITEM_LIST})\s*条(?![件约例款文])"
    rf"(?:\s*第\s*({_NUMA})\s*款)?"
    rf"(?:\s*(?:第\s*)?(\(\s*[a-z]{{1,4}}\s*\)|{_NUMA})\s*项)?"
)
_ZH_CHAPTER_RE = _re(rf"({_ZH_ITEM_LIST})\s*章")
_ZH_PARAGRAPH_RE = _re(
    rf"第\s*(\d+|{_ZHN})(\s*\(\s*[a-z]{{1,4}}\s*\))?"
    rf"((?:\s*{_ZH_LIST_SEP}\s*第?\s*(?:\d+|{_ZHN})(?:\s*\(\s*[a-z]{{1,4}}\s*\))?)*)\s*(段|款)"
)
_ZH_PARA_ITEM_RE = _re(rf"(\d+|{_ZHN})(\s*\(\s*[a-z]{{1,4}}\s*\))?")
_ZH_ORD_NOUNS = {
    "届会议": "session", "届会": "session", "届": "session", "次会议": "meeting",
    "次全体会议": "meeting", "审议周期": "cycle", "周期": "cycle", "委员会": "committee",
    "版": "edition", "年": "year", "轮": "round",
}
_ZH_ORDINAL_RE = _re(
    rf"({_ZH_ITEM_LIST})\s*(?:个\s*)?(届会议|届会|届|次全体会议|次会议|审议周期|周期|委员会|版|年|轮)"
)


def _list_values(c: _Ctx, start: int, end: int) -> list[tuple[int, int, int]]:
    """(value, start, end) of each numeral in a 第X、第Y / X and Y list; ranges give endpoints."""
    out = []
    for m in _NUMA_RE.finditer(c.f, start, end):
        v = _zh_or_arabic(m.group())
        if v is None:
            return []
        out.append((v, m.start(), m.end()))
    return out


def _pass_zh_refs(c: _Ctx) -> None:
    for m in c.matches(_ZH_ARTICLE_RE):
        if not c.free(*m.span()):
            continue
        items = _list_values(c, *m.span(1))
        para, sub = m.group(2), m.group(3)
        suffix = ""
        if len(items) == 1:
            pv = _zh_or_arabic(para) if para else None
            if para and pv is None:
                continue
            if pv is not None:
                suffix += f".{pv}"
            if sub:
                if sub.startswith("("):
                    suffix += "(" + sub.strip("() ") + ")"
                else:
                    sv = _zh_or_arabic(sub)
                    if sv is None:
                        continue
                    suffix += f"({sv})"
        _emit_items(c, "article", [(f"{v}{suffix}", s, e) for v, s, e in items], *m.span())
    for m in c.matches(_ZH_CHAPTER_RE):
        if c.free(*m.span()):
            items = _list_values(c, *m.span(1))
            _emit_items(c, "chapter", [(str(v), s, e) for v, s, e in items], *m.span())
    for m in c.matches(_ZH_PARAGRAPH_RE):
        if not c.free(*m.span()):
            continue
        vals: list[tuple[str, int, int]] = []
        for p in _ZH_PARA_ITEM_RE.finditer(c.f, m.start(1), m.end(3)):
            v = _zh_or_arabic(p.group(1))
            if v is None:
                vals = []
                break
            sub = "(" + p.group(2).strip("() ") + ")" if p.group(2) else ""
            vals.append((f"{v}{sub}", p.start(), p.end()))
        _emit_items(c, "paragraph", vals, *m.span())
    for m in c.matches(_ZH_ORDINAL_RE):
        if not c.free(*m.span()):
            continue
        noun = _ZH_ORD_NOUNS[m.group(2)]
        items = _list_values(c, *m.span(1))
        _emit_items(c, "ordinal", [(f"{noun}:{v}", s, e) for v, s, e in items], *m.span())


# =========================================================================== division numbers

_ZH_DIVISION_RE = _re(
    rf"第\s*({_NUMA}(?:\s*{_ZH_LIST_SEP}\s*第?\s*{_NUMA})*)\s*[a-zA-Z]?\s*"
    rf"(?:条|款|项|目|段|章|节|编|部分|分段|次会议)")
_EN_DIVISION_WORDS = (
    r"sections?|rules?|articles?|arts?\.|chapters?|chap\.|paragraphs?|paras?\.|parts?|"
    r"regulations?|clauses?|items?|subparagraphs?|subprogrammes?|programmes?|annex(?:es)?|"
    r"titles?|schedules?|principles?|recommendations?|provisions?|sect\.|points?")
_EN_DIVISION_RE = _re(
    rf"\b(?i:{_EN_DIVISION_WORDS})\s+((?:\d+|[IVXLC]+)\b(?:\s?\(\d{{1,3}}\))?"
    rf"(?:\s*{_EN_LIST_SEP}\s*(?:\d+|[IVXLC]+)\b(?:\s?\(\d{{1,3}}\))?)*)")
_EN_DIVISION_ITEM_RE = _re(r"\d+|[IVXLC]+")


def division_numbers(text: str, lang: Literal["zh", "en"]) -> set[int]:
    """Every number a text gives to a division of a text, whatever the division word:
    第一项及第二项 / 第6条 / 第三项所规定 -> {1, 2} / {6} / {3}; "paragraphs 1 and 2 of this
    Article" / "art. 10, para. 2" / "rule 59" -> {1, 2} / {10, 2} / {59}.

    Legal Chinese and English divide a text differently (the Charter's 本条第一项 is
    "paragraph 1 of this Article", the Covenant's 第十四条第三款(丁)项 "article 14, paragraph
    3 (d)", a rule of procedure's 第6条 "rule 6"): the QA uses these numbers to accept a
    reference whose number agrees when its division word does not, a matter of the
    document's drafting style that no check can judge."""
    f = fold(text)
    out: set[int] = set()
    if lang == "zh":
        for m in _ZH_DIVISION_RE.finditer(f):
            for n in _NUMA_RE.finditer(m.group(1)):
                v = _zh_or_arabic(n.group())
                if v is not None:
                    out.add(v)
    else:
        for m in _EN_DIVISION_RE.finditer(f):
            for n in _EN_DIVISION_ITEM_RE.finditer(m.group(1)):
                v = _en_num(n.group())
                if v is not None:
                    out.add(v)
    return out


# =========================================================================== article, chapter, paragraph, ordinal (en)

_EN_ART_ITEM = r"(?:\d+|[IVXLC]+)\b(?:\s*,?\s*paragraphs?\s+\d+|\s?\(\d+\))?(?:\s*,?\s*(?:subparagraph\s+)?\([a-z]{1,4}\))?"
_EN_ART_ITEM_RE = _re(
    r"(\d+|[IVXLC]+)\b(?:\s*,?\s*paragraphs?\s+(\d+)|\s?\((\d+)\))?(?:\s*,?\s*(?:subparagraph\s+)?\(([a-z]{1,4})\))?"
)
_EN_ARTICLE_RE = _re(
    rf"\b(?i:articles?|art\.)\s+({_EN_ART_ITEM}(?:\s*{_EN_LIST_SEP}\s*{_EN_ART_ITEM})*)"
)
_EN_CHAPTER_RE = _re(
    r"\b(?i:chapters?|chap\.)\s+((?:\d+|[IVXLC]+)\b(?:\s*(?:,\s*and|,|and|or|to|-)\s*(?:\d+|[IVXLC]+)\b)*)"
)
_EN_PARA_OF_ARTICLE_RE = _re(
    r"\b(?i:paragraph)\s+(\d+)(?:\s?\(([a-z]{1,4})\))?\s*,?\s+of\s+(?i:article)\s+(\d+)\b(?!\s?\()"
)
_EN_CHAP_ITEM_RE = _re(r"\d+|[IVXLC]+")
_EN_PARA_ITEM_RE = _re(r"(\d+)(?:\s?\(([a-z]{1,4})\))?")
_EN_PARA_ITEM = r"\d+\b(?:\s?\([a-z]{1,4}\))?"
_EN_PARAGRAPH_RE = _re(
    rf"\b(?i:paragraphs?|paras?\.)\s+({_EN_PARA_ITEM}(?:\s*{_EN_LIST_SEP}\s*{_EN_PARA_ITEM})*)"
)


def _en_num(s: str) -> int | None:
    return int(s) if s.isdigit() else roman_to_int(s) if s.isupper() else None


def _pass_en_refs(c: _Ctx) -> None:
    for m in c.matches(_EN_PARA_OF_ARTICLE_RE):           # paragraph 1 of article 7 = 7.1
        sub = f"({m.group(2)})" if m.group(2) else ""
        c.add("article", f"{int(m.group(3))}.{int(m.group(1))}{sub}", *m.span())
        c.claim(*m.span())
    for m in c.matches(_EN_ARTICLE_RE):
        if not c.free(*m.span()):
            continue
        vals: list[tuple[str, int, int]] = []
        for it in _EN_ART_ITEM_RE.finditer(c.f, m.start(1), m.end(1)):
            n = _en_num(it.group(1))
            if n is None:
                vals = []
                break
            v = str(n)
            para = it.group(2) or it.group(3)
            if para:
                v += f".{int(para)}"
            if it.group(4):
                v += f"({it.group(4)})"
            vals.append((v, it.start(), it.end()))
        _emit_items(c, "article", vals, *m.span())
    for m in c.matches(_EN_CHAPTER_RE):
        if not c.free(*m.span()):
            continue
        items = [(it, _en_num(it.group())) for it in _EN_CHAP_ITEM_RE.finditer(c.f, m.start(1), m.end(1))]
        if items and all(n is not None for _, n in items):
            _emit_items(c, "chapter", [(str(n), it.start(), it.end()) for it, n in items], *m.span())
    for m in c.matches(_EN_PARAGRAPH_RE):
        if not c.free(*m.span()):
            continue
        vals = [(f"{int(it.group(1))}" + (f"({it.group(2)})" if it.group(2) else ""), it.start(), it.end())
                for it in _EN_PARA_ITEM_RE.finditer(c.f, m.start(1), m.end(1))]
        _emit_items(c, "paragraph", vals, *m.span())


_ORD_WORD = (
    r"(?:\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth"
    r"|eightieth|ninetieth|hundredth)"
)
_EN_ORD_NOUNS = {"session": "session", "meeting": "meeting", "cycle": "cycle",
                 "committee": "committee", "edition": "edition", "year": "year", "round": "round"}
_EN_ORDINAL_RE = _re(
    rf"(?i)\b({_ORD_WORD}(?:\s*(?:,\s*and|,|and|or|to)\s*{_ORD_WORD})*)\s+"
    r"(?:(?:resumed|special|regular|ordinary|extraordinary|emergency\s+special|plenary|review|"
    r"implementation\s+review|reporting|main|substantive)\s+)?"
    r"(session|meeting|cycle|committee|edition|year|round)s?\b"
)
_ORD_WORD_RE = _re(rf"(?i)\b{_ORD_WORD}\b")


_ORD_FIRST_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth twenty "
    "thirty forty fifty sixty seventy eighty ninety".split()
)
_NUM_ORD_RE = _re(r"(?<![\d.])\d+(?:st|nd|rd|th)\b", re.IGNORECASE)


def _pass_en_ordinals(c: _Ctx) -> None:
    starts = c.word_starts(_ORD_FIRST_WORDS)
    if c.has_digit:
        starts = sorted(starts + [m.start() for m in _NUM_ORD_RE.finditer(c.f)])
    for m in c.matches_at(_EN_ORDINAL_RE, starts):
        if not c.free(*m.span()):
            continue
        noun = _EN_ORD_NOUNS[m.group(2).lower()]
        items = [(w, ordinal_word_to_int(w.group())) for w in _ORD_WORD_RE.finditer(c.f, m.start(1), m.end(1))]
        if items and all(n is not None for _, n in items):
            _emit_items(c, "ordinal", [(f"{noun}:{n}", w.start(), w.end()) for w, n in items], *m.span())


# =========================================================================== dates, years

_ISO_DATE_RE = _re(r"(?<![\d.\-/])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d\-/])")
_ZH_DATE_RE = _re(
    rf"(?<![\d.])(?P<first>(?:(?P<y>{_ZH_YEAR})\s*年\s*)?(?P<m>{_ZH_MONTH})\s*月(?:\s*(?P<d>{_ZH_DAY})\s*[日号])?)"
    rf"(?:\s*(?:至|到|-|~|和|及|、)\s*(?P<second>(?:(?P<m2>{_ZH_MONTH})\s*月\s*)?(?P<d2>{_ZH_DAY})\s*[日号]))?"
)
_EN_DMY_RE = _re(
    rf"\b(\d{{1,2}})(?:\s*(?:-|to|and)\s*(\d{{1,2}}))?\s+({_MONTH})"
    rf"(?:\s*(?:-|to|and)\s*(\d{{1,2}})\s+({_MONTH}))?(?:,?\s+({_YEAR4}))?(?![\w])"
)
_EN_MDY_RE = _re(
    rf"\b({_MONTH})\s+(\d{{1,2}})(?!\d)(?:\s*(?:-|to|and)\s*(\d{{1,2}})(?!\d))?(?:,?\s+({_YEAR4}))?(?![\w])"
)
_EN_MY_RE = _re(rf"\b({_MONTH})(?:\s+of)?\s+({_YEAR4})(?!\d)")
_YR = r"(?:1[89]\d\d|2[01]\d\d)"
_RANGE_RE_ZH = _re(
    rf"(?<![\d.,/])({_ZH_YEAR})\s*(?:年\s*)?(?:-|~|至|到|/)\s*({_ZH_YEAR}|\d\d)(?![\d])(?:\s*年(?!\s*\d{{1,2}}\s*月))?"
    r"(?!\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月)"
)
_RANGE_RE_EN = _re(rf"(?<![\d.,/])\b({_YR})\s*(?:-|/|to|through)\s*({_YR}|\d\d)(?![\d/]|\.\d)")
_ZH_YEAR_RE = _re(rf"(?<![\d.,])({_ZH_YEAR})\s*年(?!代)")


def _month_of(name: str) -> int:
    return _MONTHS[name.lower()]


def _year_of(s: str | None) -> int | None:
    if not s:
        return None
    return _zh_or_arabic(s)


def _pass_dates_common(c: _Ctx) -> None:
    for m in c.matches(_ISO_DATE_RE):
        v = _date_value(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if v and c.free(*m.span()):
            c.add("date", v, *m.span())
            c.claim(*m.span())


def _pass_dates_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_DATE_RE):
        if not c.free(*m.span()):
            continue
        y = _zh_or_arabic(m["y"]) if m["y"] else None
        mo = _zh_or_arabic(m["m"])
        d = _zh_or_arabic(m["d"]) if m["d"] else None
        if y is None and d is None:
            continue                                  # "11 月" alone: too weak
        v = _date_value(y, mo, d)
        if v is None:
            continue
        if m["second"] and d is not None:             # 6 日至 10 日 / 11 月 30 日至 12 月 2 日
            mo2 = _zh_or_arabic(m["m2"]) if m["m2"] else mo
            v2 = _date_value(y, mo2, _zh_or_arabic(m["d2"]))
            if v2 is None:
                continue
            c.add("date", v, *m.span("first"))
            c.add("date", v2, *m.span("second"))
            c.claim(*m.span())
        else:
            c.add("date", v, *m.span("first"))
            c.claim(*m.span("first"))


def _pass_dates_en(c: _Ctx) -> None:
    for m in c.matches(_EN_DMY_RE):
        if not c.free(*m.span()):
            continue
        d1, d2, mon1, d3, mon2, year = m.groups()
        y = int(year) if year else None
        mo1 = _month_of(mon1)
        found: list[tuple[str | None, int, int]] = []
        if mon2:                                       # 30 November to 2 December 2017
            found.append((_date_value(y, mo1, int(d1)), m.start(1), m.end(3)))
            found.append((_date_value(y, _month_of(mon2), int(d3)), m.start(4), m.end()))
        elif d2:                                       # 6-10 November 2017
            found.append((_date_value(y, mo1, int(d1)), m.start(1), m.end(1)))
            found.append((_date_value(y, mo1, int(d2)), m.start(2), m.end()))
        else:
            found.append((_date_value(y, mo1, int(d1)), m.start(), m.end()))
        dated = [(v, s, e) for v, s, e in found if v is not None]
        if len(dated) < len(found):                   # one part is no valid date
            continue
        for iso, s, e in dated:
            c.add("date", iso, s, e)
        c.claim(*m.span())
    for m in c.matches(_EN_MDY_RE):
        if not c.free(*m.span()):
            continue
        mon, d1, d2, year = m.groups()
        if year is None and mon.lower() == "may":
            continue                                  # "May 5" without a year: often the verb
        y = int(year) if year else None
        mo = _month_of(mon)
        vals = [(_date_value(y, mo, int(d1)), m.start(), m.end(2) if d2 else m.end())]
        if d2:
            vals.append((_date_value(y, mo, int(d2)), m.start(3), m.end()))
        dated = [(v, s, e) for v, s, e in vals if v is not None]
        if len(dated) < len(vals):
            continue
        for iso, s, e in dated:
            c.add("date", iso, s, e)
        c.claim(*m.span())
    for m in c.matches(_EN_MY_RE):
        if c.free(*m.span()):
            v = _date_value(int(m.group(2)), _month_of(m.group(1)), None)
            if v:
                c.add("date", v, *m.span())
                c.claim(*m.span())


def _range_value(a: str, b: str, sep: str) -> str | None:
    y1 = _zh_or_arabic(a)
    if y1 is None:
        return None
    y2: int | None
    if len(b) == 2 and b.isdigit():
        y2 = (y1 // 100) * 100 + int(b)
        if sep == "/" and y2 != y1 + 1:
            return None                               # 2017/21 is no fiscal-year form
    else:
        y2 = _zh_or_arabic(b)
    if y2 is None or not y1 < y2 <= y1 + 100:
        return None
    return f"{y1}-{y2}"


_BETWEEN_RE_EN = _re(rf"\b(?i:between)\s+({_YR})\s+and\s+({_YR})(?![\d/]|\.\d)")


def _pass_year_ranges(c: _Ctx, regex: re.Pattern[str]) -> None:
    if regex is _RANGE_RE_EN and "etween" in c.f:
        for m in c.matches(_BETWEEN_RE_EN):           # between 2000 and 2015 = 2000 至 2015 年
            v = _range_value(m.group(1), m.group(2), "-")
            if v:
                c.add("year-range", v, m.start(1), m.end())
                c.claim(*m.span())
    for m in c.matches(regex):
        if not c.free(*m.span()):
            continue
        sep = c.f[m.end(1):m.start(2)].strip(" 年")
        v = _range_value(m.group(1), m.group(2), sep)
        if v:
            c.add("year-range", v, *m.span())
            c.claim(*m.span())


# Decades: 1990年代 / 20世纪90年代 / the 1990s -> year "1990s". A bare 90年代 (century
# unknown) and centuries (20世纪 / twentieth century) are claimed without an anchor, so that
# their digits do not become numbers on one side only.
_ZH_DECADE_RE = _re(r"(?:(\d{2})\s*世纪\s*)?(\d{2,4})\s*年代|(?:第\s*)?(?:\d{1,2}|[一二三四五六七八九十]+)\s*世纪")
_EN_DECADE_RE = _re(r"(?<![\w.,])(1[0-9]|20|21)([0-9]0)'?s\b")


def _pass_decades_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_DECADE_RE):
        century, dec = m.group(1), m.group(2)
        value = None
        if dec and len(dec) == 4 and dec.endswith("0"):
            value = f"{dec}s"
        elif dec and len(dec) == 2 and century and dec.endswith("0"):
            value = f"{(int(century) - 1) * 100 + int(dec)}s"
        if value:
            c.add("year", value, *m.span())
        c.claim(*m.span())


def _pass_decades_en(c: _Ctx) -> None:
    for m in c.matches(_EN_DECADE_RE):
        c.add("year", f"{m.group(1)}{m.group(2)}s", *m.span())
        c.claim(*m.span())


def _pass_years_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_YEAR_RE):
        if c.free(*m.span()):
            y = _zh_or_arabic(m.group(1))
            if y is not None and 1000 <= y <= 2999:
                c.add("year", str(y), *m.span())
                c.claim(*m.span())


# =========================================================================== percents, amounts, numbers

_NUM_TOKEN = (
    r"(?<![A-Za-z0-9_./])(?<![A-Z]-)(?<![A-Za-z]\.)"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?! ?\d)|\d+(?:\.\d+)?)"
    r"(?![0-9A-Za-z]|\.\d|,\d{3}(?!\d)|/\d)"
)
_NUM_RE = _re(_NUM_TOKEN)
# 千 before 瓦/米/克... is the metric prefix kilo- (3 千瓦 = 3 kW), not a thousand.
_KILO = "瓦米克卡兆焦赫"
_SCALE_ZH_RE = _re(rf"\s*(万亿|千万|百万|亿|万|千(?![{_KILO}]))")
_SCALE_EN_RE = _re(r"\s*(thousand|million|billion|trillion)\b", re.IGNORECASE)

_CURRENCY_SUFFIX_ZH = {"美元": "USD", "欧元": "EUR", "元人民币": "CNY", "人民币": "CNY", "元": "CNY",
                       "英镑": "GBP", "日元": "JPY", "瑞士法郎": "CHF"}
_CURRENCY_SUFFIX_EN = {
    "united states dollars": "USD", "united states dollar": "USD", "us dollars": "USD",
    "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "yuan": "CNY", "renminbi": "CNY", "pounds sterling": "GBP", "swiss francs": "CHF",
    "yen": "JPY", "usd": "USD", "eur": "EUR", "cny": "CNY", "rmb": "CNY", "chf": "CHF",
    "gbp": "GBP", "jpy": "JPY",
}
_CUR_SUFFIX_ZH_RE = _re(r"\s*(元人民币|美元|欧元|人民币|英镑|日元|瑞士法郎|元)")
_CUR_SUFFIX_EN_RE = _re(
    r"\s*(United States dollars?|US dollars|U\.S\. dollars|dollars?|euros?|yuan|renminbi"
    r"|pounds sterling|Swiss francs|yen|USD|EUR|CNY|RMB|CHF|GBP|JPY)\b",
    re.IGNORECASE,
)
_CUR_PREFIX = {"us$": "USD", "$": "USD", "usd": "USD", "eur": "EUR", "€": "EUR", "£": "GBP",
               "gbp": "GBP", "rmb": "CNY", "cny": "CNY", "chf": "CHF", "jpy": "JPY",
               "人民币": "CNY", "美元": "USD", "欧元": "EUR"}
_CUR_PREFIX_RE = _re(r"(US\$|\$|USD|EUR|€|£|GBP|RMB|CNY|CHF|JPY|人民币)\s*$")
_PERCENT_RE = _re(r"\s*(%|per\s?cent\b|percent\b)", re.IGNORECASE)
_PCT_RANGE_EN_RE = _re(r"\s*(?:-|to|and|or)\s*\d+(?:\.\d+)?\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_PCT_RANGE_ZH_RE = _re(r"\s*(?:-|~|至|到|和|或)\s*\d+(?:\.\d+)?\s*%")
_ZH_MEASURE_RE = _re(r"\s*[名个人项次件所家条位份种座国]")

_ZH_PERCENT_RE = _re(rf"百分之\s*(\d+(?:\.\d+)?|[{ZH_NUMERAL_CHARS}]+(?:点[{''.join(ZH_DIGITS)}]+)?)")
_ZH_FRACTION_RE = _re(rf"([{ZH_NUMERAL_CHARS}]+|\d+)分之([{ZH_NUMERAL_CHARS}]+|\d+)")
_ZH_NUMERAL_TOKEN_RE = _re(
    rf"(?<![数几上成多第{ZH_NUMERAL_CHARS}])[一二两三四五六七八九十][{ZH_NUMERAL_CHARS}]*(?:点[{''.join(ZH_DIGITS)}]+)?"
    rf"(?![{_KILO}])"
)
_EN_NUMWORD = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
               r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
               r"|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion)")
_EN_WORDS_RE = _re(rf"(?i)\b{_EN_NUMWORD}(?:(?:\s+and\s+|[\s-]+){_EN_NUMWORD})*\b")
_EN_FRACTION_RE = _re(
    r"(?i)\b(one|two|three|four|five|six|seven|eight|nine)[\s-]"
    r"(half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b"
)
_EN_DENOM = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5,
             "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


def _emit_number_like(c: _Ctx, value: Decimal, s: int, e: int, num_end: int, lang: str) -> int:
    """Classify a number at f[s:num_end] (scale included) by what surrounds it; return end."""
    f = c.f
    # currency before: $1.25, US$ 1.676 million, 人民币 100 元
    pm = _CUR_PREFIX_RE.search(f, max(0, s - 6), s)
    prefix_cur = None
    if pm and c.free(pm.start(), s):
        prefix_cur = _CUR_PREFIX[pm.group(1).lower()]
    suffix_re = _CUR_SUFFIX_ZH_RE if lang == "zh" else _CUR_SUFFIX_EN_RE
    sm = suffix_re.match(f, num_end)
    suffix_cur = None
    if sm:
        key = sm.group(1).lower()
        suffix_cur = (_CURRENCY_SUFFIX_ZH.get(sm.group(1)) if lang == "zh" else _CURRENCY_SUFFIX_EN.get(key))
    cur = prefix_cur or suffix_cur
    if cur:
        # a currency found implies its match (pm, sm); the `is not None` only tells mypy so
        a_start = pm.start() if pm is not None and prefix_cur else s
        a_end = sm.end() if sm is not None and suffix_cur and (
            not prefix_cur or prefix_cur == suffix_cur or sm.group(1) == "元") else num_end
        val = format_number(value)
        c.add("amount", f"{cur} {val}", a_start, a_end)
        c.add("number", val, a_start, a_end)
        c.claim(a_start, a_end)
        return a_end
    pc = _PERCENT_RE.match(f, num_end)
    if not pc:
        # the first figure of a range shares the sign: "0.15 to 0.20 per cent", "3-5%"
        rg = (_PCT_RANGE_ZH_RE if lang == "zh" else _PCT_RANGE_EN_RE).match(f, num_end)
        if rg:
            val = format_number(value)
            c.add("percent", val, s, num_end)
            c.add("number", val, s, num_end)
            c.claim(s, num_end)
            return num_end
    if pc:
        val = format_number(value)
        c.add("percent", val, s, pc.end())
        c.add("number", val, s, pc.end())
        c.claim(s, pc.end())
        return pc.end()
    c.add("number", format_number(value), s, num_end)
    c.claim(s, num_end)
    return num_end


def _pass_percent_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_PERCENT_RE):
        if not c.free(*m.span()):
            continue
        v = Decimal(100) if m.group(1) == "百" else parse_number(m.group(1))   # 百分之百
        if v is None:
            continue
        val = format_number(v)
        c.add("percent", val, *m.span())
        c.add("number", val, *m.span())
        c.claim(*m.span())
    for m in c.matches(_ZH_FRACTION_RE):
        if not c.free(*m.span()) or m.group(1) == "百":
            continue
        den, num = _zh_or_arabic(m.group(1)), _zh_or_arabic(m.group(2))
        if den and num is not None and 0 < num < den:
            c.add("number", f"{num}/{den}", *m.span())
            c.claim(*m.span())


# 三成 = 30%, 3成 = 30%, 七成五 = 75%, 十成 = 100%. Not 一成不变 (an idiom), nor 成 starting a
# word (三成员国 "three member States", 两成年人, 五成为, 一成功...), nor after another numeral
# (二十三成员) or a vague quantifier (数成, 几成).
_ZH_TENTHS_RE = _re(
    rf"(?<![\d.{ZH_NUMERAL_CHARS}数几上多第])(10|\d(?:\.\d)?|十|[一二两三四五六七八九])\s*成"
    r"(?![员年果本功就立熟效分绩为千长交型品人都市语绩事])"
    r"(?:([一二三四五六七八九])(?![\u4e00-\u9fff])|(?!不变))"
)


def _pass_tenths_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_TENTHS_RE):
        if not c.free(*m.span()):
            continue
        whole, tail = m.groups()
        n = Decimal(whole) if whole[0].isdigit() else Decimal(ZH_DIGITS.get(whole, 10))
        if n > 10 or (tail and n >= 10):
            continue
        value = n * 10 + (ZH_DIGITS[tail] if tail else 0)
        val = format_number(value)
        c.add("percent", val, *m.span())
        c.add("number", val, *m.span())
        c.claim(*m.span())


_FRACTION_FIRST_WORDS = frozenset("one two three four five six seven eight nine".split())


def _pass_fractions_en(c: _Ctx) -> None:
    for m in c.matches_at(_EN_FRACTION_RE, c.word_starts(_FRACTION_FIRST_WORDS)):
        if not c.free(*m.span()):
            continue
        num = en_words_to_int(m.group(1))
        den_word = m.group(2).lower()
        den = _EN_DENOM.get(den_word.rstrip("s") if den_word != "halves" else "halves") or _EN_DENOM.get(den_word)
        if num and den and num < den:
            c.add("number", f"{num}/{den}", *m.span())
            c.claim(*m.span())


# 75万7千 / 3亿5000万 / 1万零500 / 3万5000: a further part of the same figure after a
# 万/亿/千 scale. Each part must be smaller than the unit before it.
_ZH_TAIL_RE = _re(rf" *(零)? *(\d+)(?: *(千万|百万|万|千(?![{_KILO}])|百))?(?![\d.,])")
_ZH_TAIL_UNITS = {"千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3, "百": 10**2}
# 500余万 / 500多万 ("more than five million"): 余/多 between the figure and its scale.
_ZH_APPROX_SCALE_RE = _re(rf"([余多])\s*(万亿|千万|百万|亿|万|千(?![{_KILO}]))")
# 500余人 / 20多年 / 10余个: 余/多 after a figure and before a measure word or a stop.
_ZH_APPROX_COUNT_RE = _re(r"[余多](?=[名个人项次件所家条位份种座国年天岁户吨元]|[,.;:!?)，。；：！？）、]|$)")


def _zh_compound(f: str, value: Decimal, unit: int, end: int) -> tuple[Decimal, int]:
    """Extend a Chinese figure ending in a scale of `unit` by its further parts."""
    while unit >= 1000:
        m = _ZH_TAIL_RE.match(f, end)
        if m is None:
            break
        zero, digits, scale = m.groups()
        part = int(digits)
        if scale:
            u = _ZH_TAIL_UNITS[scale]
            if u >= unit or part * u >= unit:
                break
        else:
            # A bare tail only when it plainly fills the places below the unit: 3万5000,
            # 1万零500 (not 2万5, which may be read 25000 or 20005).
            u = 1
            if part >= unit or not (zero or len(digits) == len(str(unit)) - 1):
                break
        value += part * u
        end = m.end()
        unit = u
    return value, end


def _pass_numbers(c: _Ctx, lang: str) -> None:
    f = c.f
    scale_re = _SCALE_ZH_RE if lang == "zh" else _SCALE_EN_RE
    for m in _NUM_RE.finditer(f):
        s, e = m.span()
        if not c.free(s, e):
            continue
        digits = m.group(1)
        value = Decimal(digits.replace(",", "").replace(" ", ""))
        num_end = e
        sc = scale_re.match(f, e)
        approx = _ZH_APPROX_SCALE_RE.match(f, e) if lang == "zh" and not sc else None
        if approx and c.free(approx.start(), approx.end()):
            value *= SCALES[approx.group(2)]
            num_end = approx.end()
        elif sc and c.free(sc.start(), sc.end()):
            value *= SCALES[sc.group(1).lower()]
            num_end = sc.end()
            if lang == "zh":
                if "." not in digits:
                    value, num_end = _zh_compound(f, value, SCALES[sc.group(1)], num_end)
                if _ZH_APPROX_COUNT_RE.match(f, num_end):
                    num_end += 1                     # 5万余人 / 5万多人
        elif lang == "zh" and _ZH_APPROX_COUNT_RE.match(f, e):
            num_end = e + 1                          # 500余人: the 余 is part of the figure
        elif (digits.isdigit() and 1800 <= int(digits) <= 2199 and len(digits) == 4):
            # A bare four-digit 1800-2199 is a year unless money, percent or a count follows.
            after = num_end
            is_count = bool(_PERCENT_RE.match(f, after)) or bool(
                (_CUR_SUFFIX_ZH_RE if lang == "zh" else _CUR_SUFFIX_EN_RE).match(f, after)
            ) or bool(_CUR_PREFIX_RE.search(f, max(0, s - 6), s))
            if lang == "zh" and _ZH_MEASURE_RE.match(f, after):
                is_count = True
            if not is_count:
                c.add("year", digits, s, e)
                c.claim(s, e)
                continue
        _emit_number_like(c, value, s, e, num_end, lang)


def _pass_zh_numerals(c: _Ctx) -> None:
    f = c.f
    for m in _ZH_NUMERAL_TOKEN_RE.finditer(f):
        s, e = m.span()
        if not c.free(s, e):
            continue
        tok = m.group()
        v = parse_number(tok)
        if v is None:
            continue
        approx = _ZH_APPROX_SCALE_RE.match(f, e)     # 五百余万, 十余万
        if approx and c.free(approx.start(), approx.end()) and "点" not in tok:
            _emit_number_like(c, v * SCALES[approx.group(2)], s, e, approx.end(), "zh")
            continue
        has_scale = any(ch in "百千万亿佰仟萬億" for ch in tok)
        money = _CUR_SUFFIX_ZH_RE.match(f, e)
        if not has_scale and not money:
            continue                                 # 一位 / 三个员额 / 五年: prose, see module doc
        end = e + 1 if has_scale and _ZH_APPROX_COUNT_RE.match(f, e) else e   # 两千余人
        _emit_number_like(c, v, s, e, end, "zh")


_NUMWORD_FIRST_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split()
)


def _pass_en_words(c: _Ctx) -> None:
    for m in c.matches_at(_EN_WORDS_RE, c.word_starts(_NUMWORD_FIRST_WORDS)):
        s, e = m.span()
        words = m.group().lower()
        if not any(w in words for w in ("hundred", *EN_SCALES)) or not c.free(s, e):
            continue
        first = re.split(r"[\s-]+", words)[0]
        if first in ("hundred", *EN_SCALES):
            continue                                 # "millions of", "hundred" alone
        v = en_words_to_int(m.group())
        if v is None:
            continue
        _emit_number_like(c, Decimal(v), s, e, e, "en")


# =========================================================================== driver

_Pass = Callable[[_Ctx], None]

_DIGIT_RE = _re(r"\d")
_ZH_NUMERIC_GATE_RE = _lazy(f"[{ZH_NUMERAL_CHARS}]")
_ZH_SCALE_GATE_RE = _lazy("[百千万亿佰仟萬億元镑郎]")
_EN_ORD_GATE_RE = _re(r"(?i)session|meeting|cycle|committee|edition|year|round")
_EN_WORDS_GATE_RE = _re(r"(?i)hundred|thousand|million|billion|trillion")
_EN_FRACTION_GATE_RE = _re(r"(?i)half|halves|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth")
_EN_REFS_GATE_RE = _re(r"(?i)art|chap|para")
_MONTH_GATE_RE = _re(_MONTH)
_EN_TIME_GATE_RE = _re(r"(?i)[ap]\.?\s?m\b|noon|\d:\d\d")


def _has(*needles: str) -> Callable[[_Ctx], bool]:
    if len(needles) == 1:
        (a,) = needles
        return lambda c: a in c.f
    if len(needles) == 2:
        a, b = needles
        return lambda c: a in c.f or b in c.f
    a, b, d = needles
    return lambda c: a in c.f or b in c.f or d in c.f


def _has_re(regex: re.Pattern[str]) -> Callable[[_Ctx], bool]:
    return lambda c: regex.search(c.f) is not None


def _digits(c: _Ctx) -> bool:
    return c.has_digit


def _digits_and(gate: Callable[[_Ctx], bool]) -> Callable[[_Ctx], bool]:
    return lambda c: c.has_digit and gate(c)


# Each pass runs only when a cheap gate says the text can hold what it looks for: most
# sentences have no digit, no 第 and no month name, and the regexes scan every position.
_Gate = Callable[[_Ctx], bool]
_PASSES: dict[str, tuple[tuple[_Gate, _Pass], ...]] = {
    "zh": (
        (_has("://", "www.", "@"), _pass_urls),
        (_digits_and(_has("/")), _pass_symbols),
        (_digits_and(_has("-")), _pass_identifiers),
        (_has("决"), _pass_resolutions_zh),
        (_has("时", "点", ":"), _pass_times_zh),
        (_digits_and(_has("-")), _pass_dates_common),
        (_has("月"), _pass_dates_zh),
        (lambda c: c.has_digit or _ZH_NUMERIC_GATE_RE.search(c.f) is not None,
         lambda c: _pass_year_ranges(c, _RANGE_RE_ZH)),
        (_has("年代", "世纪"), _pass_decades_zh),
        (_has("年"), _pass_years_zh),
        (_has("第"), _pass_zh_refs),
        (_has("分之"), _pass_percent_zh),
        (_has("成"), _pass_tenths_zh),
        (_digits, lambda c: _pass_numbers(c, "zh")),
        (_has_re(_ZH_SCALE_GATE_RE), _pass_zh_numerals),
    ),
    "en": (
        (_has("://", "www.", "@"), _pass_urls),
        (_digits_and(_has("/")), _pass_symbols),
        (_digits_and(_has("-")), _pass_identifiers),
        (_digits_and(_has("esolution", "ecision")), _pass_resolutions_en),
        (_digits_and(_has_re(_EN_TIME_GATE_RE)), _pass_times_en),
        (_digits_and(_has("-")), _pass_dates_common),
        (_digits_and(_has_re(_MONTH_GATE_RE)), _pass_dates_en),
        (_digits, lambda c: _pass_year_ranges(c, _RANGE_RE_EN)),
        (_digits_and(_has("0s", "0's")), _pass_decades_en),
        (_has_re(_EN_REFS_GATE_RE), _pass_en_refs),
        (_has_re(_EN_ORD_GATE_RE), _pass_en_ordinals),
        (_has_re(_EN_FRACTION_GATE_RE), _pass_fractions_en),  # after ordinals: "one third"
        (_digits, lambda c: _pass_numbers(c, "en")),
        (_has_re(_EN_WORDS_GATE_RE), _pass_en_words),
    ),
}


def extract_anchors(text: str, lang: Literal["zh", "en"]) -> list[Anchor]:
    """Anchors found in `text`, sorted by start (then longer first, then by type).

    `text`/`start`/`end` of each anchor are its original span: ``text[a.start:a.end] ==
    a.text``. `lang` picks the language's patterns (UN symbols, URLs, digits and ISO dates
    are found in both).
    """
    if lang not in _PASSES:
        raise ValueError(f"unsupported language {lang!r} (expected 'zh' or 'en')")
    if not text:
        return []
    c = _Ctx(text)
    for gate, run in _PASSES[lang]:
        if gate(c):
            run(c)
    c.out.sort(key=lambda a: (a.start, -a.end, _TYPE_ORDER.get(a.type, 99)))
    return c.out


# =========================================================================== approximation

Approximation = Literal["over", "under", "about"]
_ApproxRules = tuple[tuple[re.Pattern[str], Approximation], ...]

# Qualifiers of a figure, read from the text around the anchor (folded, lower-cased for
# English). "over": the true value is at least the figure; "under": at most; "about":
# either way.
_ZH_APPROX_BEFORE: _ApproxRules = (
    (_lazy(r"(逾|超过|超出|多于|高于|大于|不少于|不低于|至少)\s*$"), "over"),
    (_lazy(r"(将近|接近|近|不到|不足|少于|低于|不超过|最多|至多)\s*$"), "under"),
    (_lazy(r"(大约|大概|约|约有|估计|预计|近乎|差不多)\s*$"), "about"),
)
_ZH_APPROX_AFTER: _ApproxRules = (
    (_lazy(r"^\s*(以上|多|余)"), "over"),
    (_lazy(r"^\s*(以下|以内|之内)"), "under"),
    (_lazy(r"^\s*(左右|上下|前后)"), "about"),
)
_EN_APPROX_BEFORE: _ApproxRules = (
    (_lazy(r"\b(more than|over|in excess of|upwards of|at least|above|exceeding|greater than"
                r"|no fewer than|no less than|some more than)\s+(?:(?:us|u\.s\.)?\$\s*)?$"), "over"),
    (_lazy(r"\b(less than|fewer than|under|nearly|almost|up to|below|close to|not quite"
                r"|no more than|at most|just under|a little under|just short of)\s+(?:(?:us|u\.s\.)?\$\s*)?$"), "under"),
    (_lazy(r"\b(about|around|approximately|approx\.|some|roughly|an estimated|estimated"
                r"|circa|ca\.|of the order of|in the order of|on the order of|or so)\s+(?:(?:us|u\.s\.)?\$\s*)?$"), "about"),
)
_EN_APPROX_AFTER: _ApproxRules = (
    (_lazy(r"^\s*(?:or|and) (?:more|above|over)\b|^\s*-?plus\b|^\+"), "over"),
    (_lazy(r"^\s*(?:or|and) (?:less|fewer|below|under)\b"), "under"),
    (_lazy(r"^\s*or so\b"), "about"),
)


def approximation(text: str, anchor: Anchor, lang: Literal["zh", "en"]) -> Approximation | None:
    """How `anchor` (a figure found in `text`) is qualified: "over" (500余万, more than 5
    million, 逾500万, 5 million or more), "under" (近两成, nearly 20 per cent, 不到500万),
    "about" (约500万, about 5 million, 500万左右), or None for an exact figure.

    The QA number check uses it to accept a rounded figure on the other side that the
    qualifier allows (500余万 and "5.3 million"), rather than raise a false number error.
    """
    f = fold(text)
    inner = fold(anchor.text)
    before = f[max(0, anchor.start - 24):anchor.start]
    after = f[anchor.end:anchor.end + 16]
    if lang == "zh":
        if "余" in inner or "多" in inner:
            return "over"
        rules_before, rules_after = _ZH_APPROX_BEFORE, _ZH_APPROX_AFTER
    else:
        before, after = before.lower(), after.lower()
        rules_before, rules_after = _EN_APPROX_BEFORE, _EN_APPROX_AFTER
    for regex, kind in rules_after:
        if regex.search(after):
            return kind
    for regex, kind in rules_before:
        if regex.search(before):
            return kind
    return None
