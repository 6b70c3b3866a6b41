"""Unit kinds, labels as printed, outline paths; the seed report's structure."""
from __future__ import annotations

import pytest

from zhenqa.corpora.numbers import label_key
from zhenqa.corpora.readers import parse_text, read_document
from zhenqa.corpora.structure import Block, build_units, classify


@pytest.mark.parametrize("text,kind,label,body", [
    ("五. 审议《联合国反腐败公约》实施情况", "heading", "五", "审议《联合国反腐败公约》实施情况"),
    ("五、其他事项", "heading", "五", "其他事项"),
    ("V. Review of the implementation", "heading", "V", "Review of the implementation"),
    ("A. Special events", "heading", "A", "Special events"),
    ("第三章 预防措施", "heading", "三", "预防措施"),
    ("Chapter III. Preventive measures", "heading", "III", "Preventive measures"),
    ("Chapter III", "heading", "III", "Chapter III"),
    ("第一百一十一条", "heading", "一百一十一", "第一百一十一条"),
    ("Article 111", "heading", "111", "Article 111"),
    ("Article 5 Preventive anti-corruption policies", "heading", "5", "Preventive anti-corruption policies"),
    ("12. The Conference took note.", "paragraph", "12", "The Conference took note."),
    ("12．会议注意到报告。", "paragraph", "12", "会议注意到报告。"),
    ("(a) to adopt the report;", "subparagraph", "(a)", "to adopt the report;"),
    ("（a）通过报告；", "subparagraph", "（a）", "通过报告；"),
    ("㈠ 人人有权享有生命。", "subparagraph", "㈠", "人人有权享有生命。"),
    ("(子) 制定政策；", "subparagraph", "(子)", "制定政策；"),
    ("(一) 制定政策；", "subparagraph", "(一)", "制定政策；"),
    ("(iv) the fourth item", "subparagraph", "(iv)", "the fourth item"),
    ("• a bullet", "subparagraph", None, "a bullet"),
    ("[…]", "placeholder", None, "[…]"),
    ("[...]", "placeholder", None, "[...]"),
    ("The Conference adopted the report.", "paragraph", None, "The Conference adopted the report."),
])
def test_markers(text, kind, label, body):
    marker = classify(text, "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en")
    assert (marker.kind, marker.label, marker.body) == (kind, label, body)


@pytest.mark.parametrize("text", [
    "Article 5 of the Convention requires States to develop policies.",
    "Chapter III of the report describes the measures.",
    "第五条规定缔约国应当制定政策。",
    "3.5 million people were affected.",
    "2017. The year of the seventh session.",
])
def test_references_at_the_start_of_a_sentence_are_not_markers(text):
    marker = classify(text, "en")
    assert (marker.kind, marker.label) == ("paragraph", None)


def test_zh_and_en_labels_share_keys():
    pairs = [("五. 标题", "V. Title"), ("第三章 预防措施", "Chapter III Preventive measures"),
             ("第一百一十一条", "Article 111"), ("12. 文本。", "12. Text."),
             ("（a）通过；", "(a) to adopt;"), ("㈡ 任何人。", "(ii) everyone.")]
    for zh, en in pairs:
        zl, el = classify(zh, "zh").label, classify(en, "en").label
        assert label_key(zl) == label_key(el) is not None, (zh, en)


def test_an_article_with_its_text_on_the_same_line_becomes_heading_and_paragraph():
    units = build_units([Block("第一条　为了预防和打击腐败，制定本法。")], "zh")
    assert [(u.kind, u.label, u.text) for u in units] == [
        ("heading", "一", "第一条"), ("paragraph", None, "为了预防和打击腐败，制定本法。")]


def test_roman_looking_letters_are_read_in_context():
    blocks = [Block(t) for t in ("V. Other matters", "A. First", "B. Second", "C. Third",
                                 "1. Text:", "(h) eighth;", "(i) ninth;", "VI. Next chapter",
                                 "2. Text:", "(a) first:", "(i) sub-item;", "(ii) sub-item.")]
    units = build_units(blocks, "en")
    got = [(u.kind, u.label, u.path) for u in units]
    assert got == [
        ("heading", "V", ("V",)),
        ("heading", "A", ("V", "A")),
        ("heading", "B", ("V", "B")),
        ("heading", "C", ("V", "C")),
        ("paragraph", "1", ("V", "C", "1")),
        ("subparagraph", "(h)", ("V", "C", "1", "(h)")),
        ("subparagraph", "(i)", ("V", "C", "1", "(i)")),       # the letter after (h)
        ("heading", "VI", ("VI",)),
        ("paragraph", "2", ("VI", "2")),
        ("subparagraph", "(a)", ("VI", "2", "(a)")),
        ("subparagraph", "(i)", ("VI", "2", "(a)", "(i)")),    # a nested Roman numeral
        ("subparagraph", "(ii)", ("VI", "2", "(a)", "(ii)")),
    ]


def test_chapters_close_articles():
    blocks = [Block(t) for t in ("第一章 总则", "第一条", "本法适用于所有缔约国。", "第二条",
                                 "第二章 预防措施", "第三条")]
    units = build_units(blocks, "zh")
    assert [u.path for u in units] == [("一",), ("一", "一"), ("一", "一"), ("一", "二"),
                                       ("二",), ("二", "三")]


def test_format_hints_win_over_text():
    units = build_units([Block("Introduction", hint="heading", level=1),
                         Block("First item text", hint="subparagraph", label="(1)"),
                         Block("a note", hint="note"), Block("See annex.", hint="footnote", label="1")],
                        "en")
    assert [(u.kind, u.label) for u in units] == [("heading", None), ("subparagraph", "(1)"),
                                                  ("note", None), ("footnote", "1")]


# --- the seed report -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def cosp7(data_dir):
    return read_document(data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt", "zh")


def test_cosp7_headings(cosp7):
    headings = [(u.label, u.text) for u in cosp7.units if u.kind == "heading"]
    assert headings == [("五", "审议《联合国反腐败公约》实施情况和技术援助"), ("六", "其他事项"),
                        ("A", "[…]"), ("B", "[…]"), ("C", "特别活动"),
                        ("七", "第八届会议临时议程"), ("八", "通过缔约国会议报告")]


def test_cosp7_has_25_numbered_paragraphs_in_order(cosp7):
    paras = [u for u in cosp7.units if u.kind == "paragraph"]
    assert [u.label for u in paras] == [str(n) for n in range(1, 26)]
    for u in paras:
        assert u.text.endswith("。") or u.text.endswith("。）") or u.text.endswith("）。"), u.text
        assert not u.text.startswith(f"{u.label}.")  # the label is not repeated in the text
    assert paras[24].text == ("在 2017 年 11 月 10 日第[...]次会议上，缔约国会议通过了其第七届会议报告"
                              "（CAC/COSP/2017/L.1 和 Add.1-4）。")


def test_cosp7_outline_and_placeholders(cosp7):
    by_label = {u.label: u for u in cosp7.units if u.kind == "paragraph"}
    assert by_label["1"].path == ("五", "1")
    assert by_label["21"].path == ("五", "21")
    assert by_label["22"].path == ("六", "C", "22")
    assert by_label["23"].path == ("七", "23")
    assert by_label["25"].path == ("八", "25")
    placeholders = [u for u in cosp7.units if u.kind == "placeholder"]
    assert [(u.text, u.path) for u in placeholders] == [("[…]", ("六", "C"))]
    # The placeholder inside paragraph 25 and the empty sections are marked too.
    assert by_label["25"].meta.get("placeholders") == 1
    assert [u.label for u in cosp7.units if u.meta.get("placeholder")] == ["A", "B"]


def test_cosp7_order_of_kinds(cosp7):
    sequence = [u.kind[0] if u.kind != "placeholder" else "x" for u in cosp7.units]
    assert "".join(sequence) == "h" + "p" * 21 + "hhhh" + "p" + "x" + "h" + "pp" + "h" + "p"


def test_english_layout_with_the_same_structure_gets_equal_label_keys(cosp7):
    en = parse_text("V. Review of implementation\n1. First paragraph.\nVI. Other matters\n"
                    "A. Item\nB. Item\nC. Special events\n22. Text.\n[...]\n", "en", fmt="lines")
    zh_keys = [label_key(u.label) for u in cosp7.units if u.kind == "heading"][:5]
    en_keys = [label_key(u.label) for u in en.units if u.kind == "heading"]
    assert zh_keys == en_keys == ["5", "6", "A", "B", "C"]
