"""Language detection and the swapped-pair check."""
from __future__ import annotations

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.langid import check_language, detect_language


@pytest.fixture(scope="module")
def cosp7_text(data_dir):
    return (data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def udhr(data_dir):
    folder = data_dir / "udhr_zh_en"
    return {"zh": (folder / "udhr_cmn_hans.xml").read_text("utf-8"),
            "en": (folder / "udhr_eng.xml").read_text("utf-8")}


def test_real_documents_are_recognised(cosp7_text, udhr):
    zh = detect_language(cosp7_text)
    assert zh.lang == "zh" and zh.confident and zh.cjk_ratio > 0.9
    # The XML markup is Latin letters; the Chinese content still dominates.
    assert detect_language(udhr["zh"]).lang == "zh"
    en = detect_language(udhr["en"])
    assert en.lang == "en" and en.confident and en.cjk_ratio == 0


def test_chinese_with_symbols_is_still_chinese():
    text = "秘书处一位代表介绍了题为“良好做法”的文件（CAC/COSP/2017/12），指出该文件概述了进展。"
    assert detect_language(text).lang == "zh" and detect_language(text).confident
    # A line that is mostly symbols is not confidently English: declaring it Chinese is fine.
    symbols = "见 CAC/COSP/2017/5、CAC/COSP/2017/12 和 CAC/COSP/IRG/2017/CRP.2 号文件。"
    assert not detect_language(symbols).confident
    assert check_language(symbols, "zh", "list.txt") == "zh"


def test_english_citing_a_chinese_title_is_english():
    text = ("The delegation of China referred to its Anti-Corruption Law (反腐败法) and to the "
            "measures taken since the previous session of the Conference.")
    guess = detect_language(text)
    assert guess.lang == "en" and guess.confident


def test_too_little_text_is_not_judged():
    assert not detect_language("A/72/1").confident
    assert not detect_language("12345 678").confident


def test_swapped_pair_is_an_error_naming_the_file(cosp7_text, udhr):
    with pytest.raises(InputError) as err:
        check_language(cosp7_text, "en", "report.zh.txt")
    assert str(err.value).startswith("report.zh.txt: looks like Chinese text, but was given as "
                                     "the English document")
    with pytest.raises(InputError, match="looks like English text, but was given as the Chinese"):
        check_language(udhr["en"], "zh", "udhr_eng.xml")


def test_user_is_trusted_when_the_text_cannot_tell():
    assert check_language("A/72/1", "zh", "x.txt") == "zh"
    assert check_language("A/72/1", "en", "x.txt") == "en"
    # Mixed text (a bilingual glossary) is not confidently either language.
    mixed = "technical assistance 技术援助 asset recovery 资产追回 review mechanism 审议机制"
    assert check_language(mixed, "en", "g.txt") == "en"
    assert check_language(mixed, "zh", "g.txt") == "zh"


def test_without_a_declared_language_the_detected_one_is_used(cosp7_text):
    assert check_language(cosp7_text, None, "x.txt") == "zh"
