"""Temporal anchors: dates, times of day, years, year ranges and decades.

Kept apart from plain numbers because a date or a year must be claimed before the number
pass, which would otherwise read its digits as figures.
"""
from __future__ import annotations

import re

from zhenqa.corpora.anchors.common import (
    _Ctx,
    _MONTH,
    _MONTHS,
    _YEAR4,
    _ZH_DAY,
    _ZH_MONTH,
    _ZH_YEAR,
    _date_value,
    _re,
    _zh_or_arabic,
)
from zhenqa.corpora.numbers import ZH_DAY_PERIODS, time_of_day


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
