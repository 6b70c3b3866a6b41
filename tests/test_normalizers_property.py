"""Property tests for the normalizers: round trips and robustness on arbitrary text."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zhenqa.corpora.anchors import ANCHOR_TYPES, extract_anchors
from zhenqa.corpora.numbers import (
    format_number,
    int_to_roman,
    int_to_zh_numeral,
    label_key,
    parse_number,
    roman_to_int,
    zh_numeral_to_int,
)
from zhenqa.corpora.textnorm import cjk_ratio, fold

FAST = settings(max_examples=150, deadline=None)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ZH_DIGIT = "〇一二三四五六七八九"

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e15"),
                       max_value=Decimal("1e15"), places=4)

# Text that hits the anchor patterns often: digits, separators, CJK markers, symbol letters.
anchorish = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("0123456789,. /-–()（）%％$年月日第条款项章段号决议定届次会议周期百千万亿"
                             "一二两三四五六七八九十〇美元欧分之ACOSPRESLIVXadresolutionartclpg:@"
                             "\u3000\u00a0\u2010１２３")),
        st.characters(),
    ),
    max_size=80,
)


@FAST
@given(decimals)
def test_format_parse_round_trip(x: Decimal) -> None:
    text = format_number(x)
    parsed = parse_number(text)
    assert parsed is not None
    assert format_number(parsed) == text
    assert parsed == x


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_digits_parse_to_the_same_number(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", "\u00a0")) == n
    assert parse_number("".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(n))) == n


@FAST
@given(st.integers(min_value=0, max_value=10**13))
def test_chinese_numeral_round_trip_through_cn2an(n: int) -> None:
    # cn2an writes the standard numeral; the native parser must read it back.
    assert zh_numeral_to_int(int_to_zh_numeral(n)) == n


@FAST
@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n: int) -> None:
    r = int_to_roman(n)
    assert roman_to_int(r) == n
    assert roman_to_int(r.lower()) == n
    assert label_key(r) == str(n) or len(r) == 1 and r in "CDLM"


@FAST
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_dates_in_every_form_give_the_same_value(d: dt.date) -> None:
    iso = d.isoformat()
    zh_year = "".join(ZH_DIGIT[int(c)] for c in str(d.year))
    forms = [
        (f"会议于 {d.year} 年 {d.month} 月 {d.day} 日举行", "zh"),
        (f"会议于{d.year}年{d.month}月{d.day}日举行", "zh"),
        (f"{zh_year}年{int_to_zh_numeral(d.month)}月{int_to_zh_numeral(d.day)}日", "zh"),
        (f"on {d.day} {MONTHS[d.month - 1]} {d.year}, the", "en"),
        (f"on {MONTHS[d.month - 1]} {d.day}, {d.year}, the", "en"),
    ]
    for text, lang in forms:
        anchors = extract_anchors(text, lang)  # type: ignore[arg-type]
        assert [a.key for a in anchors] == [("date", iso)], text


@FAST
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["USD", "EUR"]))
def test_amounts_in_both_languages_agree(n: int, code: str) -> None:
    zh_cur, en_pre = {"USD": ("美元", "$"), "EUR": ("欧元", "EUR ")}[code]
    zh = extract_anchors(f"共计 {n:,} {zh_cur}。", "zh")
    en = extract_anchors(f"a total of {en_pre}{n:,}.", "en")
    assert sorted(a.key for a in zh) == sorted(a.key for a in en) == sorted(
        [("amount", f"{code} {n}"), ("number", str(n))])


@FAST
@given(anchorish, st.sampled_from(["zh", "en"]))
def test_extract_anchors_never_raises_and_spans_are_exact(text: str, lang: str) -> None:
    anchors = extract_anchors(text, lang)  # type: ignore[arg-type]
    starts = [a.start for a in anchors]
    assert starts == sorted(starts)
    for a in anchors:
        assert a.type in ANCHOR_TYPES
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start:a.end] == a.text
        assert a.value


@FAST
@given(st.text())
def test_fold_is_length_preserving_and_idempotent(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded


@FAST
@given(st.text(max_size=40))
def test_label_key_and_ratio_never_raise(text: str) -> None:
    key = label_key(text)
    assert key is None or isinstance(key, str)
    assert 0.0 <= cjk_ratio(text) <= 1.0


# --------------------------------------------------------------------------- times of day

@FAST
@given(st.integers(1, 12), st.integers(0, 59), st.booleans(), st.booleans())
def test_a_clock_time_gives_one_value_in_both_languages(h: int, m: int, pm: bool, zh_numerals: bool) -> None:
    from zhenqa.corpora.numbers import time_of_day

    hour = int_to_zh_numeral(h) if zh_numerals else str(h)
    minute = (int_to_zh_numeral(m) if zh_numerals else str(m)) + "分" if m else ""
    zh = f"会议于{'下午' if pm else '上午'}{hour}时{minute}宣布开会。"
    en = f"The meeting was called to order at {h}.{m:02d} {'p.m.' if pm else 'a.m.'}"
    want = time_of_day(h, m, "pm" if pm else "am")
    assert want is not None and want == f"{(h % 12) + (12 if pm else 0):02d}:{m:02d}"
    got_zh = [a.value for a in extract_anchors(zh, "zh") if a.type == "time"]
    got_en = [a.value for a in extract_anchors(en, "en") if a.type == "time"]
    assert got_zh == got_en == [want]
    # and no figure of the time is left over as a number or a decimal
    assert not [a for a in extract_anchors(en, "en") if a.type == "number"]


@FAST
@given(st.integers(0, 23), st.integers(0, 59))
def test_a_24_hour_time_is_the_same_in_both_scripts(h: int, m: int) -> None:
    zh, en = f"会议于{h}时{m}分结束", f"the meeting ended at {h}:{m:02d}"
    assert [a.value for a in extract_anchors(zh, "zh") if a.type == "time"] == \
        [a.value for a in extract_anchors(en, "en") if a.type == "time"] == [f"{h:02d}:{m:02d}"]


@FAST
@given(st.integers(-5, 30), st.integers(-5, 70), st.sampled_from(["am", "pm", "noon", "midday", None]))
def test_time_of_day_is_a_valid_clock_time_or_none(h: int, m: int, period) -> None:
    from zhenqa.corpora.numbers import time_of_day

    v = time_of_day(h, m, period)
    if v is not None:
        hh, mm = map(int, v.split(":"))
        assert 0 <= hh <= 23 and 0 <= mm <= 59 and mm == m


# --------------------------------------------------------------------------- division numbers

@FAST
@given(st.lists(st.integers(1, 99), min_size=1, max_size=4, unique=True), st.booleans())
def test_division_numbers_of_a_legal_reference_agree(nums: list[int], zh_numerals: bool) -> None:
    from zhenqa.corpora.anchors import division_numbers

    zh_items = [int_to_zh_numeral(n) if zh_numerals else str(n) for n in nums]
    zh = "本条第" + "及第".join(zh_items) + "项的规定"
    en_items = [str(n) for n in nums]
    listed = en_items[0] if len(nums) == 1 else ", ".join(en_items[:-1]) + " and " + en_items[-1]
    en = f"the provisions of paragraph{'s' if len(nums) > 1 else ''} {listed} of this Article"
    assert division_numbers(zh, "zh") == division_numbers(en, "en") == set(nums)


# --------------------------------------------------------------------------- glued markers

@FAST
@given(st.integers(1950, 2040), st.integers(1, 15), st.integers(1, 99))
def test_a_footnote_marker_glued_to_a_range_is_information(start: int, span: int, marker: int) -> None:
    from zhenqa.corpora.model import Bitext, Segment
    from zhenqa.eval.qa import run_qa

    end = start + span
    zh = f"宣布{start}-{end}年为十年,作为一项倡议。"
    en = f"Proclaims the Decade {start}-{end}{marker} as an initiative."
    found = run_qa(Bitext([Segment(0, zh, en)]), only=["number", "date"]).findings
    assert [f.severity for f in found] == ["info"]
    assert f"footnote marker {marker}" in found[0].message


@FAST
@given(st.integers(1, 99), st.integers(1000, 9999), st.integers(1, 99))
def test_a_chinese_full_stop_inside_a_symbol_is_the_dot_it_replaced(a: int, b: int, c: int) -> None:
    from zhenqa.corpora.model import Bitext, Segment
    from zhenqa.eval.qa import run_qa

    zh = f"见特别报告员的报告(E/CN。 {a}/{b}/{c}/Add.1)。"
    en = f"See the report of the Special Rapporteur (E/CN.{a}/{b}/{c}/Add.1)."
    assert run_qa(Bitext([Segment(0, zh, en)]), only=["symbol"]).findings == []
