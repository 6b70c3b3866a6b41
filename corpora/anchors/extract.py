"""The `extract_anchors` driver: which passes run, in which order, behind which gates.

It sits on top of the pass modules and only orders them, so that the order (most specific
first) and the cheap gates are visible in one place.
"""
from __future__ import annotations

import re
from typing import Callable, Literal

from zhenqa.corpora.anchors.common import _Ctx, _MONTH, _TYPE_ORDER, _lazy, _re
from zhenqa.corpora.anchors.symbols import _pass_identifiers, _pass_symbols, _pass_urls
from zhenqa.corpora.anchors.references import (
    _pass_en_ordinals,
    _pass_en_refs,
    _pass_resolutions_en,
    _pass_resolutions_zh,
    _pass_zh_refs,
)
from zhenqa.corpora.anchors.dates import (
    _RANGE_RE_EN,
    _RANGE_RE_ZH,
    _pass_dates_common,
    _pass_dates_en,
    _pass_dates_zh,
    _pass_decades_en,
    _pass_decades_zh,
    _pass_times_en,
    _pass_times_zh,
    _pass_year_ranges,
    _pass_years_zh,
)
from zhenqa.corpora.anchors.numeric import (
    _pass_en_words,
    _pass_fractions_en,
    _pass_numbers,
    _pass_percent_zh,
    _pass_tenths_zh,
    _pass_zh_numerals,
)
from zhenqa.corpora.model import Anchor
from zhenqa.corpora.numbers import ZH_NUMERAL_CHARS


# =========================================================================== driver

_Pass = Callable[[_Ctx], None]

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
