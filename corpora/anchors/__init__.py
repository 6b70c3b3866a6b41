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

from zhenqa.corpora.anchors.common import ANCHOR_TYPES
from zhenqa.corpora.anchors.extract import extract_anchors
from zhenqa.corpora.anchors.numeric import Approximation, approximation
from zhenqa.corpora.anchors.references import division_numbers
from zhenqa.corpora.anchors.symbols import canonical_symbol

__all__ = ["ANCHOR_TYPES", "extract_anchors", "canonical_symbol", "approximation",
           "division_numbers"]
