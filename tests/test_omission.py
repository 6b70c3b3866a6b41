"""The omission check: a clause of the Chinese left out of the English is found, named and
highlighted; a faithful translation (clauses reordered, names spelt in pinyin, acronyms)
raises nothing; a paraphrase the dictionary cannot follow is at most a warning.

The small document below is written for these tests (UN-style sentences, not copied from
the shared data); the evidence is judged against the document itself, so the tests use a
whole document rather than single pairs."""
from __future__ import annotations

import pytest
import yaml

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.corpora.textnorm import fold
from zhenqa.eval import checks as C
from zhenqa.eval.config import QAConfig
from zhenqa.eval.qa import run_qa

PAIRS = [
    ("委员会审议了秘书长关于维持和平行动经费筹措的报告,并建议大会核准所需经费。",
     "The Committee considered the report of the Secretary-General on the financing of "
     "peacekeeping operations and recommended that the General Assembly approve the required "
     "resources."),
    ("各国政府应加强国际合作,支持发展中国家的能力建设,并促进技术转让。",
     "Governments should strengthen international cooperation, support capacity-building in "
     "developing countries and promote the transfer of technology."),
    ("会议强调教育对于消除贫困和促进性别平等的重要作用。",
     "The meeting stressed the important role of education in eradicating poverty and "
     "promoting gender equality."),
    ("特别报告员访问了该国的三个省份,会见了政府官员、民间社会代表和受害者家属。",
     "The Special Rapporteur visited three provinces of the country and met government "
     "officials, representatives of civil society and families of victims."),
    ("所有儿童都应享有免费的初等教育,并获得基本的医疗保健服务。",
     "All children should enjoy free primary education and have access to basic health-care "
     "services."),
    ("理事会欢迎各方为改善人道主义局势所作的努力,呼吁捐助者增加资金。",
     "The Council welcomed the efforts of all parties to improve the humanitarian situation "
     "and called upon donors to increase funding."),
    ("工作组建议修订现行法律,以保护移徙工人的权利,并确保他们能够诉诸司法。",
     "The Working Group recommended that current laws be revised to protect the rights of "
     "migrant workers and ensure their access to justice."),
    ("该方案旨在改善农村地区的饮用水供应和卫生设施,减少水传播疾病。",
     "The programme aims to improve drinking water supply and sanitation in rural areas and "
     "to reduce waterborne diseases."),
    ("秘书处应向会员国提供有关预算执行情况的详细资料。",
     "The Secretariat should provide Member States with detailed information on budget "
     "implementation."),
    ("大会决定将该项目列入第七十届会议临时议程。",
     "The General Assembly decided to include the item in the provisional agenda of its "
     "seventieth session."),
]


def with_english(i: int, en: str) -> list[tuple[str, str]]:
    pairs = list(PAIRS)
    pairs[i] = (pairs[i][0], en)
    return pairs


def omissions(pairs, cfg: QAConfig | None = None, only=("omission",)) -> list[C.Finding]:
    bitext = Bitext([Segment(i, z, e) for i, (z, e) in enumerate(pairs)])
    return [f for f in run_qa(bitext, cfg, only=list(only)).findings if f.check == "omission"]


def highlighted(pairs, f: C.Finding) -> list[str]:
    return [pairs[f.segment][0][s.start:s.end] for s in f.spans if s.side == "zh"]


def test_the_faithful_document_raises_nothing():
    assert omissions(PAIRS) == []


def test_a_dropped_clause_is_found_named_and_highlighted():
    pairs = with_english(6, "The Working Group recommended that current laws be revised to "
                            "protect the rights of migrant workers.")
    found = omissions(pairs)
    assert [f.segment for f in found] == [6]
    assert highlighted(pairs, found[0]) == ["并确保他们能够诉诸司法"]
    assert "并确保他们能够诉诸司法" in found[0].message
    assert {"诉诸", "司法"} <= set(found[0].extra["missing_words"])


def test_a_dropped_enumeration_is_named_whole():
    """Items joined by 、 that are all missing make one stretch, not just the last item."""
    pairs = with_english(3, "The Special Rapporteur visited three provinces of the country.")
    found = omissions(pairs)
    assert [f.segment for f in found] == [3]
    assert highlighted(pairs, found[0]) == ["会见了政府官员、民间社会代表和受害者家属"]


def test_strong_evidence_is_an_error_and_the_rest_of_the_document_stays_quiet():
    pairs = with_english(3, "The Special Rapporteur visited three provinces of the country.")
    found = omissions(pairs)
    assert [(f.segment, f.severity) for f in found] == [(3, "error")]


@pytest.mark.parametrize("i,en", [
    (7, "To reduce waterborne diseases, the programme aims to improve sanitation and drinking "
        "water supply in rural areas."),
    (1, "Governments should support capacity-building in developing countries, promote the "
        "transfer of technology and strengthen international cooperation."),
    (6, "To ensure their access to justice and to protect the rights of migrant workers, the "
        "Working Group recommended that current laws be revised."),
])
def test_reordered_clauses_are_not_flagged(i, en):
    assert omissions(with_english(i, en)) == []


def test_a_paraphrase_the_dictionary_cannot_follow_is_at_most_a_warning():
    pairs = with_english(5, "The body applauded everybody's work towards easing the plight of "
                            "civilians and urged those who give money to give more.")
    assert all(f.severity != "error" for f in omissions(pairs))


def test_names_in_pinyin_and_acronyms_count_as_rendered():
    words = C.zh_content_words(fold("发言人毛宁表示,过渡委员会将在联合国的协助下举行选举"))
    status = dict(zip((w.word for w in words), C.match_words(
        "Spokesperson Mao Ning said that the NTC would hold elections with UN assistance",
        words)))
    assert status["毛"] is True and status["宁"] is True       # 毛宁 = "Mao Ning"
    assert status["过渡"] is None and status["委员会"] is None   # explained by "NTC"
    assert status["联合国"] is None                              # "UN"
    assert status["选举"] is True and status["协助"] is True


def test_transliterated_names_are_not_content_words():
    words = {w.word for w in C.zh_content_words(fold("胡里奥·里奥斯访问了安提瓜"))}
    assert words == {"访问"}


def test_chinese_is_cut_into_clauses_at_fullwidth_and_ascii_punctuation():
    text = "到2030年,确保所有男女；特别是穷人、弱势群体：享有权利。其他"
    assert [text[a:b] for a, b in C.zh_clauses(text)] == [
        "到2030年", "确保所有男女", "特别是穷人", "弱势群体", "享有权利", "其他"]


def test_segmentation_takes_the_fewest_dictionary_words():
    assert C._segment_run("增建基础设施并进行技术升级") == ("增", "建", "基础设施", "并", "进行",
                                                        "技术", "升级")


def test_figures_the_number_check_reports_are_not_a_second_error():
    """A missing figure is evidence of an omission; when the number check reports it as an
    error, it does not also lift the omission finding to an error."""
    pairs = PAIRS + [("该基金在2019年收到捐款1,250,000美元,比上一年增加15%。",
                      "In 2019, the Fund received contributions of $1,250,000.")]
    views = [C.SegView(Segment(i, z, e)) for i, (z, e) in enumerate(pairs)]
    ev = C.omission_evidence(views[-1], C.DocFacts(views, QAConfig.load()))
    assert ev is not None and [a.text for a in ev.missing_anchors] == ["15%"] and ev.anchors > 0
    # a threshold the evidence reaches only with the figure counted
    cfg = {"error_score": ev.score - ev.anchors / 2, "min_length_z": -100.0}
    with_number = QAConfig.load(overrides={"checks": {"omission": cfg}})
    without = QAConfig.load(overrides={"checks": {"omission": cfg, "number": {"enabled": False}}})
    sev = {f.segment: f.severity for f in omissions(pairs, with_number, ("omission", "number"))}
    assert sev[len(pairs) - 1] == "warning"
    sev = {f.segment: f.severity for f in omissions(pairs, without, ("omission",))}
    assert sev[len(pairs) - 1] == "error"


def test_thresholds_come_from_the_configuration():
    pairs = with_english(3, "The Special Rapporteur visited three provinces of the country.")
    strict = QAConfig.load(overrides={"checks": {"omission": {"error_score": 1000.0,
                                                              "warning_score": 1000.0}}})
    assert omissions(pairs, strict) == []
    lax = QAConfig.load(overrides={"checks": {"omission": {"warning_score": -1000.0}}})
    assert {f.segment for f in omissions(PAIRS, lax)} >= set(range(len(PAIRS)))


# --- real documents --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sdg(data_dir) -> list[tuple[str, str]]:
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    out = []
    for name in ("global_goals", "global_targets"):
        zh = yaml.safe_load((d / f"{name}.zh-Hans.yml").read_text(encoding="utf-8"))
        en = yaml.safe_load((d / f"{name}.en.yml").read_text(encoding="utf-8"))
        out += [(" ".join(str(zh[k]).split()), " ".join(str(en[k]).split()))
                for k in zh if not k.endswith("-short")]
    return out


@pytest.fixture(scope="module")
def udhr(data_dir) -> list[tuple[str, str]]:
    from lxml import etree

    def paras(path):
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
        return {art.get("number"): [" ".join("".join(el.itertext()).split())
                                    for el in art.iter("{*}title", "{*}para")]
                for art in root.iter("{*}article")}

    zh = paras(data_dir / "udhr_zh_en" / "udhr_cmn_hans.xml")
    en = paras(data_dir / "udhr_zh_en" / "udhr_eng.xml")
    return [(z, e) for n in zh if n in en and len(zh[n]) == len(en[n])
            for z, e in zip(zh[n], en[n]) if z and e]


def test_clean_official_translations_get_no_omission_error_and_few_warnings(sdg, udhr):
    for pairs in (sdg, udhr):
        found = omissions(pairs)
        assert [f for f in found if f.severity == "error"] == []
        assert len(found) <= 0.03 * len(pairs)


def test_a_real_dropped_clause_is_named(sdg):
    """SDG target 1.4 without "inheritance, natural resources, appropriate new technology
    and financial services, including microfinance": the finding points into the Chinese
    of what was dropped."""
    i = next(k for k, (z, e) in enumerate(sdg) if e.startswith("By 2030, ensure that all men"))
    zh, en = sdg[i]
    cut = en.index(", inheritance")
    pairs = list(sdg)
    pairs[i] = (zh, en[:cut])
    found = [f for f in omissions(pairs) if f.segment == i]
    assert found
    dropped_zh = zh[zh.index("继承遗产"):]
    assert all(h in dropped_zh for h in highlighted(pairs, found[0]))


def test_derivations_and_function_word_renderings_count_as_rendered():
    # 结婚 "marry" / "marriage", 期间 "during", 时 "at"/"when" (UDHR article 16)
    zh = "他们在婚姻方面,在结婚期间和在解除婚约时,应有平等的权利。"
    en = "They are entitled to equal rights as to marriage, during marriage and at its dissolution."
    words = C.zh_content_words(fold(zh))
    status = dict(zip([w.word for w in words], C.match_words(fold(en), words)))
    assert status["结婚"] and status["期间"] and status["时"]
    # and they are not found when the English does not say them
    short = "They are entitled to equal rights as to marriage."
    status = dict(zip([w.word for w in words], C.match_words(fold(short), words)))
    assert status["期间"] is False and status["时"] is False


def test_a_negative_prefix_on_a_short_stem_renders_the_negated_word(data_dir):
    """SDG indicator 3.9.2 (不安全供水、不安全环卫设施 / "unsafe water, unsafe sanitation"):
    `lemma` leaves "unsafe" as "unsaf", whose stem "saf" (three letters) is the lemma of
    "safe", 安全. A stem that short after un- counts, so the three 安全 are rendered; with the
    negated word gone from the English they are not."""
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_indicators.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_indicators.en.yml").read_text(encoding="utf-8"))
    z, e = (" ".join(str(x["3-9-2-title"]).split()) for x in (zh, en))
    words = C.zh_content_words(fold(z))
    safe = [k for k, w in enumerate(words) if w.word == "安全"]
    assert len(safe) == 3
    status = C.match_words(fold(e), words)
    assert all(status[k] for k in safe)
    status = C.match_words(fold(e.replace("unsafe", "")), words)
    assert not any(status[k] for k in safe)
