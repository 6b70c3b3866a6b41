"""One source for the Han/CJK character classes."""
from __future__ import annotations

from zhenqa.corpora.lang import cjk


def test_han_class_covers_ideographs_not_punctuation():
    for ch in "中文㐀豈\U00020000\U00030000":
        assert cjk.is_han(ch), hex(ord(ch))
    for ch in "。，、（〇aあ1 ":
        assert not cjk.is_han(ch), ch
    assert cjk.is_ideograph("〇") and not cjk.is_ideograph("。")


def test_runs_find_chinese_and_cjk_text():
    assert cjk.HAN_RUN.findall("Article 7 第七条。〇年") == ["第七条", "年"]
    # the QA's "CJK left in the English" also counts 〇 and kana
    assert cjk.CJK_RUN.findall("see 〇〇 and カタカナ, 中文") == ["〇〇", "カタカナ", "中文"]
    assert cjk.has_han("UN 秘书长") and not cjk.has_han("UN Secretary-General")
