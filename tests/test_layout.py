"""Undoing PDF-extracted layout: joins, hyphenation, page furniture, page breaks."""
from __future__ import annotations

import re

import pytest

from zhenqa.corpora.layout import detect_spaced_cjk, join_lines, looks_wrapped, undo_layout
from zhenqa.corpora.readers import parse_text, read_document

COSP7 = ("cosp7_report_zh", "cac_cosp_2017_report_ch5-8.zh.txt")

# An English page pair laid out as pdftotext gives it, written for this test: a running
# header with the symbol, wrapped lines with hyphenation, a footer URL, a job number with a
# page number, a form feed, a barcode line; paragraph 2 runs on to the next page.
EN_PAGES = """\
                                                          CAC/COSP/2017/14

   1.  The Conference of the States Parties considered agenda item 2 at its
   7th meeting, on 9 November 2017. The President recalled the implemen-
   tation review mechanism and its anti-
   corruption mandate, the Asia-
   Pacific region and the non-self-
   governing territories.
   2.  The representative of the Secretariat introduced the report on the
   budget of the mechanism (CAC/COSP/2017/13) and noted that the funding
   gap for the first two years of the second cycle had been reduced to
   $1,676,000. The Secretariat called for more extra-budgetary contri-
http://undocs.org/en/CAC/COSP/2017/13
V.17-08295                                                               3
\f
CAC/COSP/2017/14
   butions to the mechanism for the period 2018-
   2019, and for co-
   operation with the co-
   sponsors.
   V. Other matters
   A. Special events
   3.  The Conference held special events, as follows:
   (a) an event on asset recovery;
   (b) an event on the review mechanism; and
   (c) an event on technical assistance.
   [...]
                                                                      - 4 -
17-08295 (E)    *1708295*
The co-sponsors welcomed cooperation.
"""


@pytest.fixture(scope="module")
def en_doc():
    return parse_text(EN_PAGES, "en", fmt="pdf-text")


def test_english_page_layout_becomes_units(en_doc):
    kinds = [(u.kind, u.label) for u in en_doc.units]
    assert kinds == [("paragraph", "1"), ("paragraph", "2"), ("heading", "V"), ("heading", "A"),
                     ("paragraph", "3"), ("subparagraph", "(a)"), ("subparagraph", "(b)"),
                     ("subparagraph", "(c)"), ("placeholder", None), ("paragraph", None)]
    assert en_doc.symbol == "CAC/COSP/2017/14"


def test_english_hyphenation_is_undone_but_compound_hyphens_stay(en_doc):
    p1 = en_doc.units[0].text
    assert "implementation review mechanism" in p1
    assert "anti-corruption mandate" in p1
    assert "the Asia-Pacific region" in p1
    assert "non-self-governing territories." in p1


def test_paragraph_runs_on_across_the_page_break(en_doc):
    p2 = en_doc.units[1].text
    assert p2.endswith("for the period 2018-2019, and for cooperation with the co-sponsors.")
    assert "extra-budgetary contributions to the mechanism" in p2
    # The document's own spelling decides: "cooperation" and "co-sponsors" occur unbroken.
    for furniture in ("undocs", "V.17-08295", "CAC/COSP/2017/14", "1708295", "(E)", "- 4 -"):
        assert all(furniture not in u.text for u in en_doc.units), furniture


def test_no_unit_keeps_a_line_break(en_doc):
    assert all("\n" not in u.text and "  " not in u.text for u in en_doc.units)


@pytest.mark.parametrize("prev,nxt,spaced,expected", [
    ("审议《联合国反", "腐败公约》", True, "审议《联合国反腐败公约》"),
    ("的议程项目", "3。", True, "的议程项目 3。"),
    ("的议程项目", "3。", False, "的议程项目3。"),
    ("缔约国会议第", "3/1 号决议", True, "缔约国会议第 3/1 号决议"),
    ("（CAC/COSP/2017/13）", "的说明", True, "（CAC/COSP/2017/13）的说明"),
    ("日程（", "CAC/COSP/IRG/2017/CRP.2）", True, "日程（CAC/COSP/IRG/2017/CRP.2）"),
    ("the implemen-", "tation", False, "the implementation"),
    ("the anti-", "corruption", False, "the anti-corruption"),
    ("the Asia-", "Pacific", False, "the Asia-Pacific"),
    ("for 2018-", "2019", False, "for 2018-2019"),
    ("document CAC/COSP/", "2017/5", False, "document CAC/COSP/2017/5"),
    ("soft\u00ad", "ware", False, "software"),
    ("the report", "was adopted", False, "the report was adopted"),
])
def test_join_lines(prev, nxt, spaced, expected):
    assert join_lines(prev, nxt, spaced_cjk=spaced) == expected


def test_spacing_convention_is_read_from_the_document():
    assert detect_spaced_cjk("在 2017 年 11 月 9 日第 7 次会议上，议程项目 2 和 3。")
    assert not detect_spaced_cjk("在2017年11月9日第7次会议上，议程项目2和3。")


@pytest.fixture(scope="module")
def cosp7(data_dir):
    path = data_dir.joinpath(*COSP7)
    return path, read_document(path, "zh")


def test_cosp7_text_is_joined_and_free_of_page_furniture(cosp7):
    _, doc = cosp7
    for unit in doc.units:
        assert "\n" not in unit.text
        assert "http" not in unit.text and "undocs" not in unit.text
        # No stray space between two CJK characters or before CJK punctuation.
        assert not re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef] +[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]",
                             unit.text), unit.text
    assert doc.meta["dropped_lines"] == 8  # the eight footer URLs


def test_cosp7_joins_right_at_its_page_breaks(cosp7):
    _, doc = cosp7
    paras = {u.label: u.text for u in doc.units if u.kind == "paragraph"}
    # Last lines before the footer blocks and first lines after them.
    assert paras["3"].endswith("审议组第八届会议续会对此进行了讨论。")
    assert paras["4"].startswith("为便利审议第一审议周期的专题成果")
    assert paras["9"].endswith("向审议组详细介绍这些信息。")
    assert paras["10"].startswith("秘书处一位代表表示秘书处赞赏各国")
    assert paras["18"].endswith("并鼓励缔约国为此目的提供预算外资源。")
    assert paras["19"].startswith("发言者强调该机制作为查明技术援助需要的工具")
    # Spacing around numbers kept as printed inside lines, and followed at line breaks.
    assert paras["1"].startswith("在 2017 年 11 月 9 日第 7 次会议上")
    assert "按照缔约国会议第 3/1 号决议，机制的预算" in paras["11"]
    assert "审议了题为“审议《联合国反腐败公约》实施情况”的议程项目 2 和题为" in paras["1"]


def test_a_page_break_inside_a_real_paragraph_is_joined(cosp7):
    path, doc = cosp7
    lines = path.read_text("utf-8").split("\n")
    # Break the page inside paragraph 4 (after its third line), with everything a UN page
    # break carries: footers, job number with page number, a form feed, the symbol header.
    at = next(i for i, line in enumerate(lines) if line.startswith("报告的第二版。")) + 1
    furniture = ["http://undocs.org/ch/CAC/COSP/2017/5", "V.17-08295    3", "\f",
                 "CAC/COSP/2017/14", "", "17-08295 (C)   *1708295*", ""]
    broken = "\n".join(lines[:at] + furniture + lines[at:])
    redone = parse_text(broken, "zh", fmt="pdf-text")
    assert [u.text for u in redone.units] == [u.text for u in doc.units]
    assert redone.symbol == "CAC/COSP/2017/14"


def test_one_paragraph_a_line_is_not_taken_for_wrapped_text(data_dir):
    en = read_document(data_dir / "udhr_zh_en" / "udhr_eng.xml", "en")
    paras = [u.text for u in en.units if u.kind in ("paragraph", "subparagraph")]
    assert not looks_wrapped(paras)
    result = undo_layout("\n".join(paras), "en")
    assert result.mode == "lines"
    assert [b.text for b in result.blocks] == paras


def test_wrapped_text_is_recognised(data_dir):
    text = data_dir.joinpath(*COSP7).read_text("utf-8")
    assert undo_layout(text, "zh").mode == "wrapped"
    assert looks_wrapped([line.strip() for line in EN_PAGES.split("\n") if line.strip()])


def test_footnotes_after_a_rule_are_their_own_units():
    text = ("1. The Conference adopted the text of the draft decision, as orally\n"
            "revised by the delegation of the sponsoring State.1\n"
            "__________________\n"
            "1 See CAC/COSP/2017/L.1/Add.2 for the revised text of the draft\n"
            "decision.\n"
            "http://undocs.org/en/CAC/COSP/2017/L.1/Add.2\n"
            "\f"
            "2. The Conference then turned to the next item and heard a number of\n"
            "statements from the floor.\n")
    doc = parse_text(text, "en", fmt="pdf-text")
    assert [(u.kind, u.label) for u in doc.units] == [("paragraph", "1"), ("footnote", "1"),
                                                      ("paragraph", "2")]
    assert doc.units[1].text == "See CAC/COSP/2017/L.1/Add.2 for the revised text of the draft decision."


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["1. ", "五. ", "A. ", "(a) ", "㈠", "[…]", "第三章 ", "Article 5", "会议", "审议。", "the ",
           "implemen-", "tation.", "http://undocs.org/ch/A/72/1", "V.17-08295", "*1708295*",
           "CAC/COSP/2017/14", "3", "\n", "\n\n", "\f", "  ", "。", ".", "2017 年", "__________"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.sampled_from(["zh", "en"]),
       st.sampled_from(["text", "pdf-text", "lines"]))
def test_any_text_gives_clean_units(pieces, lang, fmt):
    doc = parse_text("".join(pieces), lang, fmt=fmt)
    for unit in doc.units:
        assert unit.text and unit.text == unit.text.strip()
        assert "\n" not in unit.text and "\f" not in unit.text
        assert unit.kind in ("heading", "paragraph", "subparagraph", "footnote", "placeholder")
