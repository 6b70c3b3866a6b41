"""Figure anchors: numbers, amounts, percentages, fractions, and their approximation.

The least specific passes (they run last, on what the others left unclaimed), and
`approximation`, which reads the qualifier around a figure ("500余万", "more than 5
million") for the QA number check.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from zhenqa.corpora.anchors.common import _Ctx, _lazy, _re, _zh_or_arabic
from zhenqa.corpora.model import Anchor
from zhenqa.corpora.numbers import (
    EN_SCALES,
    SCALES,
    ZH_DIGITS,
    ZH_NUMERAL_CHARS,
    en_words_to_int,
    format_number,
    parse_number,
)
from zhenqa.corpora.textnorm import fold


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
