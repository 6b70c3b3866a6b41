"""Sentence splitting: Chinese and English rules, and the real documents."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhenqa.corpora.sentences import split_sentences


@pytest.mark.parametrize("text,expected", [
    ("人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心。",
     ["人人生而自由，在尊严和权利上一律平等。", "他们赋有理性和良心。"]),
    # Closing quotes and brackets stay with their sentence.
    ("他说：“我同意。”随后离开。（见第 3 段。）真的吗？是的！",
     ["他说：“我同意。”", "随后离开。", "（见第 3 段。）", "真的吗？", "是的！"]),
    # A semicolon splits only before a list marker ...
    ("技术援助包括：(a) 支持批准；(b) 对建议采取后续行动；以及(c) 资产追回。",
     ["技术援助包括：", "(a) 支持批准；", "(b) 对建议采取后续行动；以及", "(c) 资产追回。"]),
    ("缔约国应当：㈠ 制定政策；㈡ 定期评估。",
     ["缔约国应当：", "㈠ 制定政策；", "㈡ 定期评估。"]),
    # ... not inside an ordinary sentence (ASCII ; as in the UDHR zh file).
    ("任何人不得使为奴隶或奴役;一切形式的奴隶制度和奴隶买卖,均应予以禁止。",
     ["任何人不得使为奴隶或奴役;一切形式的奴隶制度和奴隶买卖,均应予以禁止。"]),
    ("在 2017 年 11 月 10 日第[...]次会议上，缔约国会议通过了报告（CAC/COSP/2017/L.1 和 Add.1-4）。",
     ["在 2017 年 11 月 10 日第[...]次会议上，缔约国会议通过了报告（CAC/COSP/2017/L.1 和 Add.1-4）。"]),
])
def test_chinese(text, expected):
    assert split_sentences(text, "zh") == expected


@pytest.mark.parametrize("text,expected", [
    ("He met Mr. Smith on 3 Jan. 2017. The U.S. delegation agreed, e.g. to pay $3.5 million.",
     ["He met Mr. Smith on 3 Jan. 2017.", "The U.S. delegation agreed, e.g. to pay $3.5 million."]),
    ("See A/70/L.1. Next, J. Smith spoke about art. 5 and paras. 3-4, i.e. the review.",
     ["See A/70/L.1.", "Next, J. Smith spoke about art. 5 and paras. 3-4, i.e. the review."]),
    ("It is described in chapter V. The rest followed in annex I. Then it ended.",
     ["It is described in chapter V.", "The rest followed in annex I.", "Then it ended."]),
    ('He said "No." Then he left... Later, things changed! Really? Yes.',
     ['He said "No."', "Then he left...", "Later, things changed!", "Really?", "Yes."]),
    ("Document No. 5 was issued (see p. 12, vol. 2, cf. Nos. 3 and 4). It was approx. 1.25 per cent.",
     ["Document No. 5 was issued (see p. 12, vol. 2, cf. Nos. 3 and 4).", "It was approx. 1.25 per cent."]),
    ("The Conference at its [...] meeting adopted the report [...]. The session closed.",
     ["The Conference at its [...] meeting adopted the report [...].", "The session closed."]),
    ("Pens, paper, etc. The list was long.", ["Pens, paper, etc.", "The list was long."]),
    ("The Conference decided: (a) to adopt the text; (b) to meet again; and (c) to report.",
     ["The Conference decided:", "(a) to adopt the text;", "(b) to meet again; and", "(c) to report."]),
])
def test_english(text, expected):
    assert split_sentences(text, "en") == expected


def test_no_boundary_gives_one_sentence_and_blank_gives_none():
    assert split_sentences("  Article 1  ", "en") == ["Article 1"]
    assert split_sentences("第一条", "zh") == ["第一条"]
    assert split_sentences("   ", "zh") == []


def test_cosp7_paragraphs_split_at_every_full_stop(data_dir):
    from zhenqa.corpora.readers import read_document

    doc = read_document(data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt", "zh")
    for unit in doc.units:
        if unit.kind != "paragraph":
            continue
        assert len(unit.sentences) == unit.text.count("。"), unit.text
        assert "".join(unit.sentences) == unit.text.replace(" 。", "。")


def test_udhr_english_items_split_like_the_chinese(data_dir):
    from zhenqa.corpora.readers import read_document

    folder = data_dir / "udhr_zh_en"
    zh = read_document(folder / "udhr_cmn_hans.xml", "zh")
    en = read_document(folder / "udhr_eng.xml", "en")

    def article(doc, n):
        return [u.sentences for u in doc.units if u.meta.get("article") == n and u.kind != "heading"]

    # Article 11 (2): two sentences in both languages.
    assert [len(s) for s in article(zh, "11")] == [len(s) for s in article(en, "11")] == [1, 2]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?。；;：:(a)（一）㈠\"”’ ABC1.5\n")), max_size=80),
       st.sampled_from(["zh", "en"]))
def test_splitting_loses_nothing_but_whitespace(text, lang):
    pieces = split_sentences(text, lang)
    assert all(p and p == p.strip() for p in pieces)
    assert re.sub(r"\s+", "", "".join(pieces)) == re.sub(r"\s+", "", text)
