"""Anchors: typed, normalized, equal across languages, with their original spans.

The tables pair a Chinese and an English phrase that say the same thing: both must give
exactly the listed (type, value) keys. The real-data tests run on the seed report, the
UDHR pair and the SDG targets.
"""
from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from zhenqa.corpora.anchors import ANCHOR_TYPES, canonical_symbol, extract_anchors
from zhenqa.corpora.model import Anchor


def keys(text: str, lang: str, types: set[str] | None = None) -> list[tuple[str, str]]:
    return [a.key for a in extract_anchors(text, lang) if types is None or a.type in types]  # type: ignore[arg-type]


def assert_spans(text: str, anchors: list[Anchor]) -> None:
    for a in anchors:
        assert text[a.start:a.end] == a.text, a


# ---------------------------------------------------------------------------- the pair table

PAIRS: list[tuple[str, str, list[tuple[str, str]]]] = [
    # numbers and amounts
    ("缺口已缩减至 1,676,000 美元。", "the gap had been reduced to $1,676,000.",
     [("amount", "USD 1676000"), ("number", "1676000")]),
    ("1,676,000 美元", "1,676,000 United States dollars", [("amount", "USD 1676000"), ("number", "1676000")]),
    ("约 56 万美元", "about US$ 0.56 million", [("amount", "USD 560000"), ("number", "560000")]),
    ("1000亿美元", "$100 billion", [("amount", "USD 100000000000"), ("number", "100000000000")]),
    ("不足1.25美元", "less than $1.25", [("amount", "USD 1.25"), ("number", "1.25")]),
    ("300 万欧元", "EUR 3 million", [("amount", "EUR 3000000"), ("number", "3000000")]),
    ("5,000 欧元", "5,000 euros", [("amount", "EUR 5000"), ("number", "5000")]),
    ("人民币 100 元", "RMB 100", [("amount", "CNY 100"), ("number", "100")]),
    ("两千五百万美元", "25 million dollars", [("amount", "USD 25000000"), ("number", "25000000")]),
    ("涵盖 68 个缔约国", "covered 68 States parties", [("number", "68")]),
    ("１５６个缔约国", "156 States parties", [("number", "156")]),
    ("1 676 000", "1,676,000", [("number", "1676000")]),
    ("两千五百人", "two thousand five hundred people", [("number", "2500")]),
    ("减少三分之一", "reduce by one third", [("number", "1/3")]),
    ("三分之二多数", "a two-thirds majority", [("number", "2/3")]),
    ("十亿人", "one billion people", [("number", "1000000000")]),
    ("3 千美元", "USD 3,000", [("amount", "USD 3000"), ("number", "3000")]),
    ("500 万瑞士法郎", "CHF 5 million", [("amount", "CHF 5000000"), ("number", "5000000")]),
    ("7.5 亿", "750 million", [("number", "750000000")]),
    ("3 千瓦", "3 kW", [("number", "3")]),
    # mixed Chinese figures are one number: 75万7千 = 757,000
    ("75万7千人", "757,000 people", [("number", "757000")]),
    ("3亿5000万美元", "$350 million", [("amount", "USD 350000000"), ("number", "350000000")]),
    ("1亿2千万", "120 million", [("number", "120000000")]),
    ("3万5000人", "35,000 people", [("number", "35000")]),
    ("1万零500", "10,500", [("number", "10500")]),
    # approximate figures give the figure they round (the QA check reads the qualifier)
    ("500余万人", "more than 5 million people", [("number", "5000000")]),
    ("五百多万人", "over five million people", [("number", "5000000")]),
    ("300多万美元", "over $3 million", [("amount", "USD 3000000"), ("number", "3000000")]),
    ("2000余人", "more than 2,000 people", [("number", "2000")]),
    # percentages
    ("三成", "30 per cent", [("percent", "30"), ("number", "30")]),
    ("近两成", "nearly 20 per cent", [("percent", "20"), ("number", "20")]),
    ("3成", "30%", [("percent", "30"), ("number", "30")]),
    ("七成五", "75 per cent", [("percent", "75"), ("number", "75")]),
    ("百分之百", "100 per cent", [("percent", "100"), ("number", "100")]),
    ("百分之三点五", "3.5 per cent", [("percent", "3.5"), ("number", "3.5")]),
    ("3%至5%", "3-5 per cent", [("percent", "3"), ("number", "3"), ("percent", "5"), ("number", "5")]),
    ("3%以下", "less than 3 per cent", [("percent", "3"), ("number", "3")]),
    ("40％人口", "40 percent of the population", [("percent", "40"), ("number", "40")]),
    ("百分之七", "7 per cent", [("percent", "7"), ("number", "7")]),
    ("0.15%至0.2%", "0.15 to 0.20 per cent",
     [("percent", "0.15"), ("number", "0.15"), ("percent", "0.2"), ("number", "0.2")]),
    # dates and years
    ("在 2017 年 11 月 9 日第 7 次会议上", "At its 7th meeting, on 9 November 2017",
     [("date", "2017-11-09"), ("ordinal", "meeting:7")]),
    ("2017年11月9日", "November 9, 2017", [("date", "2017-11-09")]),
    ("一九四八年十二月十日", "10 December 1948", [("date", "1948-12-10")]),
    ("2018 年 6 月", "June 2018", [("date", "2018-06")]),
    ("11 月 9 日", "9 November", [("date", "--11-09")]),
    ("2017 年 11 月 6 日至 10 日", "6-10 November 2017", [("date", "2017-11-06"), ("date", "2017-11-10")]),
    ("2017年11月30日至12月2日", "30 November to 2 December 2017", [("date", "2017-11-30"), ("date", "2017-12-02")]),
    ("2017-11-09", "2017-11-09", [("date", "2017-11-09")]),
    ("到2030年", "By 2030", [("year", "2030")]),
    ("2015年后发展议程", "post-2015 development agenda", [("year", "2015")]),
    ("2018-2019 两年期", "the biennium 2018\u20132019", [("year-range", "2018-2019")]),
    ("2018 年至 2019 年", "2018 to 2019", [("year-range", "2018-2019")]),
    ("2018/19 年度", "2018/19", [("year-range", "2018-2019")]),
    ("2000 年至 2015 年", "between 2000 and 2015", [("year-range", "2000-2015")]),
    ("2000 年和 2015 年", "2000 and 2015", [("year", "2000"), ("year", "2015")]),
    ("《2015-2030年仙台减少灾害风险框架》", "Sendai Framework for Disaster Risk Reduction 2015\u20132030",
     [("year-range", "2015-2030")]),
    ("20世纪90年代", "the 1990s", [("year", "1990s")]),
    ("1990年代", "in the 1990s", [("year", "1990s")]),
    ("2018 年 3 月 1 日至 3 日", "1 to 3 March 2018", [("date", "2018-03-01"), ("date", "2018-03-03")]),
    # references
    ("第 3/1 号决议", "resolution 3/1", [("resolution", "3/1")]),
    ("第 5/1 号决定", "decision 5/1", [("decision", "5/1")]),
    ("大会第70/1号决议", "General Assembly resolution 70/1", [("resolution", "70/1")]),
    ("第 3/1 号和第 4/1 号决议", "resolutions 3/1 and 4/1", [("resolution", "3/1"), ("resolution", "4/1")]),
    ("第217A(III)号决议", "resolution 217 A (III)", [("resolution", "217 A (III)")]),
    ("安全理事会第2334(2016)号决议", "Security Council resolution 2334 (2016)", [("resolution", "2334 (2016)")]),
    ("第 2017/231 号决定", "decision 2017/231", [("decision", "2017/231")]),
    ("《公约》第七条第 1 款", "article 7, paragraph 1, of the Convention", [("article", "7.1")]),
    ("第七条第1款", "article 7 (1)", [("article", "7.1")]),
    ("第七条第1款", "paragraph 1 of article 7", [("article", "7.1")]),
    ("第五十二条", "article 52", [("article", "52")]),
    ("第一百一十一条", "Article 111", [("article", "111")]),
    ("第五条和第六条", "articles 5 and 6", [("article", "5"), ("article", "6")]),
    ("第五、第六和第七条", "articles 5, 6 and 7", [("article", "5"), ("article", "6"), ("article", "7")]),
    ("第十五条(a)项", "article 15 (a)", [("article", "15(a)")]),
    ("第十五条第1款(a)项", "article 15, paragraph 1 (a)", [("article", "15.1(a)")]),
    ("第三章", "chapter III", [("chapter", "3")]),
    ("第三章", "Chapter 3", [("chapter", "3")]),
    ("第三章和第四章", "chapters III and IV", [("chapter", "3"), ("chapter", "4")]),
    ("第 12 段", "paragraph 12", [("paragraph", "12")]),
    ("第158段", "para. 158", [("paragraph", "158")]),
    ("第12(a)段", "paragraph 12 (a)", [("paragraph", "12(a)")]),
    # times of day (summary records: the meeting is called to order and rises at a time)
    ("上午10时10分宣布开会。", "The meeting was called to order at 10.10 a.m.", [("time", "10:10")]),
    ("上午11时35分散会。", "The meeting rose at 11.35 a.m.", [("time", "11:35")]),
    ("下午3时举行会议", "the meeting at 3 p.m.", [("time", "15:00")]),
    ("会议于15:30结束", "the meeting ended at 15:30", [("time", "15:30")]),
    ("下午3点半", "3.30 p.m.", [("time", "15:30")]),
    ("中午12时", "12 noon", [("time", "12:00")]),
    # ordinals
    ("第七届会议", "seventh session", [("ordinal", "session:7")]),
    ("第七十二届会议", "seventy-second session", [("ordinal", "session:72")]),
    ("第八届会议续会", "resumed eighth session", [("ordinal", "session:8")]),
    ("第 12 次会议", "12th meeting", [("ordinal", "meeting:12")]),
    ("第一审议周期", "first review cycle", [("ordinal", "cycle:1")]),
    ("第二个审议周期", "second review cycle", [("ordinal", "cycle:2")]),
    ("第一和第二周期", "first and second cycles", [("ordinal", "cycle:1"), ("ordinal", "cycle:2")]),
    ("大会第五委员会", "the Fifth Committee of the General Assembly", [("ordinal", "committee:5")]),
    ("研究报告的第二版", "the second edition of the study", [("ordinal", "edition:2")]),
    # symbols, URLs, e-mails
    ("（CAC/COSP/2017/5）", "(CAC/COSP/2017/5)", [("symbol", "CAC/COSP/2017/5")]),
    ("CAC／COSP／2017／12", "CAC/COSP/2017/12", [("symbol", "CAC/COSP/2017/12")]),
    ("A/RES/70/1号决议", "resolution A/RES/70/1", [("symbol", "A/RES/70/1")]),
    ("S/RES/2334(2016)", "S/RES/2334 (2016)", [("symbol", "S/RES/2334 (2016)")]),
    ("见 www.unodc.org/cosp", "see http://www.unodc.org/cosp.", [("url", "www.unodc.org/cosp")]),
    ("请发至 uncac.cosp@un.org。", "Write to UNCAC.COSP@un.org.", [("email", "uncac.cosp@un.org")]),
]


@pytest.mark.parametrize("zh, en, expected", PAIRS, ids=[p[1][:40] for p in PAIRS])
def test_pairs_give_equal_anchors(zh: str, en: str, expected: list[tuple[str, str]]) -> None:
    zh_anchors = extract_anchors(zh, "zh")
    en_anchors = extract_anchors(en, "en")
    assert_spans(zh, zh_anchors)
    assert_spans(en, en_anchors)
    assert collections.Counter(a.key for a in zh_anchors) == collections.Counter(expected)
    assert collections.Counter(a.key for a in en_anchors) == collections.Counter(expected)


# ---------------------------------------------------------------------------- precision: no anchors in prose

@pytest.mark.parametrize(
    "zh",
    ["一位发言者指出", "第一，", "一些发言者", "统一", "一旦", "三个员额", "过去五年", "第二次", "千万不要",
     "数百万人", "万一", "十分重要", "一律平等", "每一个人", "第一阶段", "两公里", "第[...]次会议", "[…]",
     "第二条件", "五岁以下", "20世纪", "二十世纪", "90年代", "3/1", "十月革命", "一千克",
     "一成不变", "三成员国", "两成年人", "成千上万", "完成", "二十三成员", "数成"],
)
def test_chinese_prose_numerals_are_not_anchors(zh: str) -> None:
    assert extract_anchors(zh, "zh") == []


@pytest.mark.parametrize(
    "en",
    ["one speaker said", "three new posts", "millions of people", "a hundred", "COVID-19",
     "the G20", "V.17-08295", "indicator 1.1.1", "the 3rd", "HIV/AIDS", "and/or", "May we",
     "first of all", "in the second place", "1.676.000", "10km", "the 20th century", "3/1", "in May",
     "2017/231"],
)
def test_english_non_numbers_are_not_anchors(en: str) -> None:
    assert extract_anchors(en, "en") == []


def test_date_ranges_span_each_date() -> None:
    anchors = extract_anchors("2017 年 11 月 6 日至 10 日", "zh")
    assert [(a.value, a.text) for a in anchors] == [("2017-11-06", "2017 年 11 月 6 日"), ("2017-11-10", "10 日")]
    anchors = extract_anchors("6-10 November 2017", "en")
    assert [(a.value, a.text) for a in anchors] == [("2017-11-06", "6"), ("2017-11-10", "10 November 2017")]


def test_full_date_is_one_anchor_not_numbers() -> None:
    assert keys("在 2017 年 11 月 9 日", "zh") == [("date", "2017-11-09")]
    assert keys("on 9 November 2017,", "en") == [("date", "2017-11-09")]


def test_amount_also_gives_a_number_with_the_same_span() -> None:
    anchors = extract_anchors("资金缺口已缩减至 1,676,000 美元。", "zh")
    amount = next(a for a in anchors if a.type == "amount")
    number = next(a for a in anchors if a.type == "number")
    assert (amount.start, amount.end) == (number.start, number.end)
    assert amount.text == "1,676,000 美元"


def test_bare_four_digit_integers() -> None:
    # A bare 1800-2199 integer is a year unless money, percent, scale or a measure word follows.
    assert keys("by 2030", "en") == [("year", "2030")]
    assert keys("2000 名参与者", "zh") == [("number", "2000")]
    assert keys("2,000 participants", "en") == [("number", "2000")]
    assert ("amount", "USD 2000") in keys("$2000", "en")
    assert keys("5000", "en") == [("number", "5000")]


def test_a_list_stops_where_a_claimed_anchor_begins() -> None:
    # "1" must not join the article list: it starts the date, which was found first.
    assert keys("see articles 5 to 7, and 1 January 2018", "en") == [
        ("article", "5"), ("article", "7"), ("date", "2018-01-01")]


def test_list_items_are_spanned_individually() -> None:
    anchors = extract_anchors("第三章和第四章", "zh")
    assert [(a.value, a.text) for a in anchors] == [("3", "第三章"), ("4", "第四章")]
    anchors = extract_anchors("第一和第二周期", "zh")
    assert [(a.value, a.text) for a in anchors] == [("cycle:1", "第一"), ("cycle:2", "第二")]
    anchors = extract_anchors("chapters III and IV", "en")
    assert [(a.value, a.text) for a in anchors] == [("3", "III"), ("4", "IV")]


def test_reading_real_chinese_documents_does_not_import_cn2an(data_dir: Path) -> None:
    # cn2an costs 0.2-0.4 s to import, paid once per process (one `zhenqa align` per
    # document): the native numeral parser must read every Chinese document of the shared
    # data, UN reports and novels alike (a novel's 一二十 once sent it to cn2an for nothing).
    import subprocess
    import sys

    files = sorted(str(p) for p in data_dir.rglob("*")
                   if p.is_file() and (p.suffix in (".zh", ".txt") and ".zh" in p.name or p.parent.name == "zh"))
    assert len(files) >= 8
    code = (
        "import sys; from pathlib import Path; from zhenqa.corpora.readers import read_document; "
        "from zhenqa.corpora.anchors import extract_anchors; "
        f"[read_document(Path(f), lang='zh') for f in {files!r}]; "
        "extract_anchors('一九四八年十二月十日 两千五百万美元 百分之百 第一百一十一条 一二十', 'zh'); "
        "assert 'cn2an' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_symbol_list_suffix_expands() -> None:
    zh = extract_anchors("（CAC/COSP/2017/L.1 和 Add.1-4）", "zh")
    en = extract_anchors("(CAC/COSP/2017/L.1 and Add.1\u20134)", "en")
    expected = ["CAC/COSP/2017/L.1"] + [f"CAC/COSP/2017/L.1/Add.{i}" for i in range(1, 5)]
    assert [a.value for a in zh] == expected
    assert [a.value for a in en] == expected
    assert zh[1].text == "Add.1-4"


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("A/RES/70/1", "A/RES/70/1"),
        ("A/70/L.1", "A/70/L.1"),
        ("CAC/COSP/2017/L.1/Add.4", "CAC/COSP/2017/L.1/Add.4"),
        ("CAC/COSP/2017/L.1/ADD.4", "CAC/COSP/2017/L.1/Add.4"),
        ("CAC/COSP/IRG/2017/CRP.2", "CAC/COSP/IRG/2017/CRP.2"),
        ("E/CN.15/2017/3", "E/CN.15/2017/3"),
        ("S/RES/2334 (2016)", "S/RES/2334 (2016)"),
        ("S/RES/2334(2016)", "S/RES/2334 (2016)"),
        ("A/HRC/RES/31/1", "A/HRC/RES/31/1"),
        ("ST/SGB/2019/8", "ST/SGB/2019/8"),
        ("E/2017/L.25", "E/2017/L.25"),
        ("A/C.3/72/L.1/Rev.1", "A/C.3/72/L.1/Rev.1"),
        ("DP/FPA/2017/1", "DP/FPA/2017/1"),
        ("S/PV.8000", "S/PV.8000"),
        ("A/HRC/WG.6/1/ARG/1", "A/HRC/WG.6/1/ARG/1"),
        ("HIV/AIDS", None),
        ("G/20", None),
        ("ODA/GNI", None),
        ("a/70/1", None),
    ],
)
def test_symbol_grammar(raw: str, canonical: str | None) -> None:
    assert canonical_symbol(raw) == canonical
    found = [a for a in extract_anchors(f"见 {raw} 号文件", "zh") if a.type == "symbol"]
    assert [a.value for a in found] == ([canonical] if canonical else [])


def test_undocs_footer_gives_url_and_symbol() -> None:
    line = "http://undocs.org/ch/CAC/COSP/IRG/2017/CRP.2"
    anchors = extract_anchors(line, "zh")
    assert [a.key for a in anchors] == [("url", "undocs.org/ch/CAC/COSP/IRG/2017/CRP.2"),
                                        ("symbol", "CAC/COSP/IRG/2017/CRP.2")]
    assert anchors[1].text == "CAC/COSP/IRG/2017/CRP.2"


def test_anchor_types_vocabulary_is_closed() -> None:
    texts = [(p[0], "zh") for p in PAIRS] + [(p[1], "en") for p in PAIRS]
    seen = {a.type for t, lang in texts for a in extract_anchors(t, lang)}  # type: ignore[arg-type]
    assert seen <= set(ANCHOR_TYPES)
    assert seen == set(ANCHOR_TYPES)      # the table exercises every type


def test_clock_words_without_a_time_are_not_times() -> None:
    # 3点意见 = "three points", 24小时 = "24 hours", a ratio 3:1 and "I am" are no times
    for text, lang in [("提出了3点意见", "zh"), ("工作24小时", "zh"), ("a ratio of 3:1", "en"),
                       ("I am here", "en"), ("上午的会议", "zh")]:
        assert not [a for a in extract_anchors(text, lang) if a.type == "time"], text


@pytest.mark.parametrize("zh,en,numbers", [
    ("本条第一项所述的措施", "the measures referred to in paragraph 1 of this Article", {1}),
    ("本条第一项及第二项", "paragraphs 1 and 2 of this Article", {1, 2}),
    ("除第三项所规定外", "except as provided in paragraph 3", {3}),
    ("第十四条第三款(丁)项", "article 14, paragraph 3 (d)", {14, 3}),
    ("议事规则第6条", "rule 6 of the rules of procedure", {6}),
])
def test_division_numbers_agree_whatever_the_division_word(zh, en, numbers) -> None:
    from zhenqa.corpora.anchors import division_numbers

    assert division_numbers(zh, "zh") == division_numbers(en, "en") == numbers


def test_anchors_are_sorted_by_start() -> None:
    text = "第 3/1 号决议和 2017 年 11 月 9 日第 7 次会议,1,676,000 美元"
    starts = [a.start for a in extract_anchors(text, "zh")]
    assert starts == sorted(starts)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        extract_anchors("x", "fr")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- real data

def _cosp7_text(data_dir: Path) -> str:
    """The seed report with its layout crudely undone: footers and paragraph numbers dropped,
    wrapped lines joined (the readers do this properly; anchors must not depend on it)."""
    raw = (data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt").read_text("utf-8")
    lines = [ln.strip() for ln in raw.splitlines()]
    lines = [re.sub(r"^\d+\.\s", "", ln) for ln in lines if ln and not ln.startswith("http")]
    return "".join(lines)


def test_seed_report_symbols_match_its_readme(data_dir: Path) -> None:
    text = _cosp7_text(data_dir)
    symbols = {a.value for a in extract_anchors(text, "zh") if a.type == "symbol"}
    expected = {"CAC/COSP/IRG/2017/CRP.2", "CAC/COSP/2017/5", "CAC/COSP/2017/12", "CAC/COSP/2017/13",
                "CAC/COSP/2017/7", "CAC/COSP/2017/3", "CAC/COSP/2017/L.2", "CAC/COSP/2017/L.1"}
    expected |= {f"CAC/COSP/2017/L.1/Add.{i}" for i in range(1, 5)}
    assert symbols == expected


def test_seed_report_footers_give_the_cited_symbols(data_dir: Path) -> None:
    raw = (data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt").read_text("utf-8")
    footers = [ln.strip() for ln in raw.splitlines() if ln.strip().startswith("http://undocs.org/")]
    assert len(footers) == 8
    for line in footers:
        anchors = extract_anchors(line, "zh")
        assert [a.type for a in anchors] == ["url", "symbol"]
        assert line.endswith(anchors[1].value)


def test_seed_report_references_amounts_and_dates(data_dir: Path) -> None:
    anchors = extract_anchors(_cosp7_text(data_dir), "zh")
    by_type = collections.defaultdict(set)
    for a in anchors:
        by_type[a.type].add(a.value)
    assert by_type["resolution"] == {"3/1", "4/1", "6/1"}
    assert by_type["decision"] == {"5/1"}
    assert by_type["article"] == {"7.1", "52", "7"}
    assert by_type["chapter"] == {"3", "4"}
    assert by_type["amount"] == {"USD 1676000", "USD 560000"}
    assert by_type["date"] == {"2017-11-09", "2017-07-31", "2018-06", "2017-11-10"}
    assert by_type["year-range"] == {"2018-2019", "2013-2017"}
    assert by_type["year"] == {"2019"}
    assert {"session:7", "session:8", "meeting:7", "meeting:12", "cycle:1", "cycle:2",
            "committee:5"} <= by_type["ordinal"]
    # Only real figures are numbers: agenda items 2 and 3, 68/156/95 States, the amounts.
    assert by_type["number"] == {"2", "3", "68", "156", "95", "1676000", "560000"}


def _udhr(path: Path, lang: str) -> tuple[dict[str, list[str]], list[str], list[str]]:
    from lxml import etree

    ns = "{http://efele.net/udhr}"
    root = etree.parse(str(path)).getroot()
    articles = {}
    for art in root.iter(f"{ns}article"):
        articles[art.get("number")] = ["".join(e.itertext()) for e in art.iter(f"{ns}title", f"{ns}para")]
    notes = ["".join(e.itertext()) for e in root.iter(f"{ns}note") for e in e.iter(f"{ns}para")]
    preamble = ["".join(e.itertext()) for e in root.iter(f"{ns}preamble") for e in e.iter(f"{ns}para")]
    return articles, notes, preamble


def test_udhr_articles_give_equal_anchor_sets(data_dir: Path) -> None:
    zh, zh_notes, zh_pre = _udhr(data_dir / "udhr_zh_en" / "udhr_cmn_hans.xml", "zh")
    en, _, en_pre = _udhr(data_dir / "udhr_zh_en" / "udhr_eng.xml", "en")
    assert len(zh) == len(en) == 30
    for number in zh:
        zk = [k for t in zh[number] for k in keys(t, "zh")]
        ek = [k for t in en[number] for k in keys(t, "en")]
        assert zk == ek == [("article", number)], number      # titles only: no numbers in bodies
    assert all(keys(t, "zh") == [] for t in zh_pre)
    assert all(keys(t, "en") == [] for t in en_pre)
    assert keys(zh_notes[0], "zh") == [("date", "1948-12-10"), ("resolution", "217 A (III)")]
    assert keys(zh_notes[1], "zh")[0] == ("date", "1948-12-10")


SDG_TYPES = {"number", "percent", "amount", "date", "year", "year-range"}

#: Targets whose zh and en really differ in their figures (checked by hand):
#: 12-1 and 8-4 write 十年 for "10-Year Framework"; 3-4 zh is truncated (减少三分之 without 一).
SDG_REAL_DIFFERENCES = {"12-1-title", "8-4-title", "3-4-title"}


def test_sdg_targets_figures_agree(data_dir: Path) -> None:
    import yaml

    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_targets.zh-Hans.yml").read_text("utf-8"))
    en = yaml.safe_load((d / "global_targets.en.yml").read_text("utf-8"))
    assert len(zh) == 169
    mismatched = set()
    with_figures = 0
    for key in zh:
        zk = collections.Counter(keys(str(zh[key]), "zh", SDG_TYPES))
        ek = collections.Counter(keys(str(en[key]), "en", SDG_TYPES))
        with_figures += bool(zk)
        if zk != ek:
            mismatched.add(key)
    assert with_figures >= 80             # the check is not vacuous: half the targets carry figures
    assert mismatched == SDG_REAL_DIFFERENCES


# ---------------------------------------------------------------------------- mixed and approximate figures

def test_a_mixed_figure_is_one_anchor_spanning_all_its_parts() -> None:
    text = "共有75万7千人参加"
    (a,) = extract_anchors(text, "zh")
    assert (a.type, a.value, a.text) == ("number", "757000", "75万7千")
    # a part that is not smaller than the unit before it starts a new figure
    assert keys("2万3万", "zh") == [("number", "20000"), ("number", "30000")]
    # a bare tail that does not fill the places below 万 is not read into the figure
    assert ("number", "25000") not in keys("2万5", "zh")


@pytest.mark.parametrize("text,lang,expected", [
    ("受灾人口达500余万人", "zh", "over"),
    ("500多万", "zh", "over"),
    ("逾500万人", "zh", "over"),
    ("500万以上", "zh", "over"),
    ("近两成", "zh", "under"),
    ("不到500万", "zh", "under"),
    ("约500万", "zh", "about"),
    ("500万左右", "zh", "about"),
    ("500万人", "zh", None),
    ("more than 5 million people", "en", "over"),
    ("5 million or more", "en", "over"),
    ("nearly 20 per cent", "en", "under"),
    ("fewer than 300 people", "en", "under"),
    ("about $5 million", "en", "about"),
    ("some 300 participants", "en", "about"),
    ("the 300 participants", "en", None),
])
def test_approximation_reads_the_qualifier_of_a_figure(text: str, lang: str, expected) -> None:
    from zhenqa.corpora.anchors import approximation

    figures = [a for a in extract_anchors(text, lang) if a.type in ("number", "percent", "amount")]
    assert figures
    assert {approximation(text, a, lang) for a in figures} == {expected}
