"""Look-alike folding (for matching only) and CJK helpers."""
from __future__ import annotations

import pytest

from zhenqa.corpora.textnorm import cjk_ratio, fold, is_cjk, is_cjk_wide


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Ｆ１２，（ａ）％", "F12,(a)%"),            # full-width ASCII
        ("第\u30007\u3000次", "第 7 次"),            # ideographic space
        ("1\u00a0676\u202f000", "1 676 000"),       # NBSP and narrow NBSP inside numbers
        ("1\u2009676", "1 676"),                    # thin space
        ("co\u2010operation", "co-operation"),      # U+2010 HYPHEN (UDHR English)
        ("non\u2011self", "non-self"),              # non-breaking hyphen
        ("2018\u20132019", "2018-2019"),            # en dash in ranges
        ("\u22123", "-3"),                          # minus sign
        ("\u2018a\u2019 \u201cb\u201d", "'a' \"b\""),  # curly quotes
        ("3\u301c5", "3~5"),                        # wave dash as range sign
        ("１．５", "1.5"),
    ],
)
def test_fold_maps_look_alikes_to_ascii(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize("kept", ["。", "、", "《》", "「」", "——", "\u2014", "㈠", "〇", "\u200b"])
def test_fold_keeps_characters_without_ascii_look_alike(kept: str) -> None:
    # Em dash is sentence punctuation, not a hyphen; 。 and 、 have no ASCII twin;
    # zero-width characters cannot be removed without breaking length preservation.
    assert fold(kept) == kept


def test_fold_is_length_preserving_so_offsets_carry_over() -> None:
    raw = "在\u30002017\u3000年１１月，CAC／COSP／2017／5\u2010x"
    folded = fold(raw)
    assert len(folded) == len(raw)
    i = folded.index("CAC/COSP/2017/5")
    assert raw[i:i + 15] == "CAC／COSP／2017／5"


@pytest.mark.parametrize("ch, expected", [("中", True), ("〇", True), ("㐀", True), ("𠀀", True),
                                          ("。", False), ("a", False), ("１", False), ("㈠", False),
                                          ("", False), ("中文", False)])
def test_is_cjk(ch: str, expected: bool) -> None:
    assert is_cjk(ch) is expected


def test_cjk_ratio_ignores_digits_punctuation_and_spaces() -> None:
    assert cjk_ratio("到2030年,在全球所有人口中消除极端贫困") == 1.0
    assert cjk_ratio("By 2030, eradicate extreme poverty") == 0.0
    assert cjk_ratio("") == 0.0
    assert cjk_ratio("1,676,000 ...") == 0.0
    assert cjk_ratio("《公约》UNCAC") == pytest.approx(2 / 7)


@pytest.mark.parametrize("ch, expected", [("中", True), ("〇", True), ("。", True), ("，", True),
                                          ("１", True), ("（", True), ("𠀀", True), ("a", False),
                                          ("1", False), (",", False), ("é", False), (" ", False)])
def test_is_cjk_wide_covers_cjk_punctuation_and_full_width_forms(ch: str, expected: bool) -> None:
    # what a line break between two such characters joins without a space
    assert is_cjk_wide(ch) is expected
