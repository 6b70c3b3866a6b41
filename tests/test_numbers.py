"""Number normalizers: every written form of a number gives one value."""
from __future__ import annotations

from decimal import Decimal

import pytest

from zhenqa.corpora.numbers import (
    int_to_letters,
    list_marker,
    en_words_to_int,
    format_number,
    int_to_roman,
    label_key,
    ordinal_word_to_int,
    parse_number,
    roman_to_int,
    zh_numeral_to_int,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,676,000", "1676000"),
        ("1 676 000", "1676000"),
        ("1\u00a0676\u00a0000", "1676000"),
        ("１２３", "123"),
        ("3.5", "3.5"),
        ("0.20", "0.2"),
        ("56万", "560000"),
        ("56 万", "560000"),
        ("2.5亿", "250000000"),
        ("1000亿", "100000000000"),
        ("1.676 million", "1676000"),
        ("100 billion", "100000000000"),
        ("一百一十一", "111"),
        ("两千", "2000"),
        ("五十二", "52"),
        ("两千五百万", "25000000"),
        ("三点五", "3.5"),
        ("two million", "2000000"),
        ("five hundred and six", "506"),
        ("-3", "-3"),
    ],
)
def test_parse_number_reads_every_written_form(text: str, value: str) -> None:
    parsed = parse_number(text)
    assert parsed is not None
    assert format_number(parsed) == value


@pytest.mark.parametrize("text", ["", "1.676.000", "1.1.1", "1,67", "三分之一", "一些", "统一",
                                  "abc", "12abc", "万", "百"])
def test_parse_number_rejects_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "value, text",
    [(Decimal("1676000"), "1676000"), (Decimal("1.676E+6"), "1676000"), (Decimal("3.50"), "3.5"),
     (Decimal("0.000"), "0"), (Decimal("-0"), "0"), (Decimal("0.25"), "0.25"), (12, "12"),
     (Decimal("1E-7"), "0.0000001")],
)
def test_format_number_is_canonical(value: Decimal, text: str) -> None:
    assert format_number(value) == text


def test_format_number_refuses_non_finite() -> None:
    with pytest.raises(ValueError):
        format_number(Decimal("NaN"))


@pytest.mark.parametrize(
    "numeral, value",
    [("五", 5), ("十", 10), ("十二", 12), ("二十", 20), ("一百一十一", 111), ("一百零五", 105),
     ("一千零五", 1005), ("两千", 2000), ("三万五千", 35000), ("十万", 100000), ("三亿五千万", 350000000),
     ("一万亿", 10**12), ("〇", 0), ("零", 0), ("一九四八", 1948), ("二〇三〇", 2030),
     ("一百五", 150), ("三万五", 35000), ("壹佰贰拾", 120), ("五十二", 52)],
)
def test_zh_numeral_to_int(numeral: str, value: int) -> None:
    assert zh_numeral_to_int(numeral) == value


@pytest.mark.parametrize("text", ["", "一些", "统一", "万", "百", "百五", "十百", "一二十", "first"])
def test_zh_numeral_to_int_rejects_non_numerals(text: str) -> None:
    assert zh_numeral_to_int(text) is None


@pytest.mark.parametrize("roman, value", [("I", 1), ("iv", 4), ("IX", 9), ("XIV", 14), ("XL", 40),
                                          ("MCMXLVIII", 1948), ("MMMCMXCIX", 3999)])
def test_roman_numerals(roman: str, value: int) -> None:
    assert roman_to_int(roman) == value
    assert int_to_roman(value) == roman.upper()


@pytest.mark.parametrize("bad", ["", "IIII", "VX", "IC", "ABC", "MMMM"])
def test_roman_to_int_rejects_malformed(bad: str) -> None:
    assert roman_to_int(bad) is None


def test_int_to_roman_range() -> None:
    with pytest.raises(ValueError):
        int_to_roman(0)


@pytest.mark.parametrize("words, value", [("seven", 7), ("twenty-five", 25), ("two million", 2_000_000),
                                          ("one hundred and eleven", 111), ("banana", None)])
def test_en_words_to_int(words: str, value: int | None) -> None:
    assert en_words_to_int(words) == value


@pytest.mark.parametrize("word, value", [("seventh", 7), ("first", 1), ("seventy-second", 72),
                                         ("7th", 7), ("72nd", 72), ("twentieth", 20), ("firsts", None)])
def test_ordinal_word_to_int(word: str, value: int | None) -> None:
    assert ordinal_word_to_int(word) == value


# ---------------------------------------------------------------------------- labels

@pytest.mark.parametrize(
    "labels, key",
    [
        (["五", "V", "5", "5.", "五.", "五、", "V.", "５"], "5"),
        (["12", "１２", "12."], "12"),
        (["A", "A."], "A"),
        (["(a)", "（a）", "a)", "(子)", "⒜", "(甲)"], "(a)"),
        (["(d)", "(卯)"], "(d)"),
        (["㈠", "(一)", "（一）", "(1)", "⑴", "①", "(i)"], "(1)"),
        (["㈡", "(ii)", "(2)", "(二)"], "(2)"),
        (["(iv)", "㈣"], "(4)"),
        (["III", "三"], "3"),
        (["1.1", "1.1."], "1.1"),
        (["1.a"], "1.a"),
    ],
)
def test_label_key_is_equal_across_scripts(labels: list[str], key: str) -> None:
    assert {label_key(label) for label in labels} == {key}


def test_label_key_i_after_h_is_the_letter() -> None:
    # The (i) ambiguity: a Roman one by default, the ninth letter right after (h).
    assert label_key("(i)") == "(1)"
    assert label_key("(i)", previous="(h)") == "(i)"
    assert label_key("(v)", previous="(u)") == "(v)"
    assert label_key("(ii)", previous="(h)") == "(2)"
    assert label_key("I") == "1"
    assert label_key("I", previous="H") == "I"
    assert label_key("C") == "C"                      # section C, never 100


@pytest.mark.parametrize("label", ["", "第三章", "Chapter III", "Article 1", "Add.1", "foo", "(foo)"])
def test_label_key_rejects_words(label: str) -> None:
    assert label_key(label) is None


@pytest.mark.parametrize("n,style,marker", [
    (3, "decimal", "3"), (3, "lower-alpha", "c"), (3, "upper-alpha", "C"), (26, "lower-alpha", "z"),
    (27, "lower-alpha", "aa"), (28, "upper-alpha", "AB"), (702, "lower-alpha", "zz"),
    (703, "lower-alpha", "aaa"), (4, "lower-roman", "iv"), (14, "upper-roman", "XIV"),
    (4000, "upper-roman", "4000"),
])
def test_list_marker_numbers_items_as_word_processors_print_them(n: int, style: str, marker: str) -> None:
    assert list_marker(n, style) == marker


def test_letter_numbering_round_trips_through_label_key() -> None:
    # an implied "(c)" of an HTML or docx list meets a printed "(c)" / "（c）"
    assert label_key(f"({list_marker(3, 'lower-alpha')})") == label_key("（c）") == "(c)"
    with pytest.raises(ValueError):
        int_to_letters(0)
