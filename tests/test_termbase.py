"""Termbases: CSV/TSV/TBX reading, term matching rules, the built-in UNTERM country names."""
from __future__ import annotations

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.termbase import (
    TermIndex,
    load_termbase,
    load_termbases,
    phrase_key,
    read_csv_termbase,
    unterm_countries,
)


def _segmenter(text: str):
    from zhenqa.corpora.lang.segment import segment_zh

    return segment_zh(text)


@pytest.fixture
def sdg_csv(tmp_path):
    p = tmp_path / "sdg.csv"
    p.write_text("zh,en,status,note\n"
                 "最不发达国家,least developed countries,preferred,A/RES/70/1\n"
                 "最不发达国家,less developed countries,forbidden,\n"
                 "小岛屿发展中国家,small island developing States,,\n"
                 "发展中国家,developing countries|developing nations,admitted,\n"
                 "合作,co-operation,,\n", encoding="utf-8")
    return p


def test_csv_termbase_statuses_and_alternatives(sdg_csv):
    tb = read_csv_termbase(sdg_csv)
    ldc = next(c for c in tb.concepts if c.zh == ["最不发达国家"])
    assert ldc.preferred == ["least developed countries"]
    assert ldc.forbidden == ["less developed countries"]
    dev = next(c for c in tb.concepts if c.zh == ["发展中国家"])
    assert dev.admitted == ["developing countries", "developing nations"]


def test_termbase_without_needed_columns_names_file_and_line(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("chinese_term,comment\n人权,x\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_termbase(p)
    assert exc.value.path == str(p) and exc.value.line == 1
    assert "zh" in exc.value.problem and "en" in exc.value.problem


def test_unknown_status_is_reported_with_its_line(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("zh\ten\tstatus\n人权\thuman rights\tpreferred\n和平\tpeace\tmaybe\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_termbase(p)
    assert exc.value.line == 3 and "maybe" in exc.value.problem


def test_english_matching_is_case_and_plural_insensitive_and_ignores_hyphens():
    assert phrase_key("Least Developed Country") == phrase_key("least developed countries")
    assert phrase_key("small island developing States") == phrase_key("small island developing state")
    assert phrase_key("co‐operation") == phrase_key("cooperation")     # U+2010 hyphen
    # -ed / -ing are different terms
    assert phrase_key("least developed countries") != phrase_key("least developing countries")


def test_required_rendering_and_forbidden_rendering(sdg_csv):
    index = load_termbases([sdg_csv], segmenter=_segmenter)
    zh = "为最不发达国家提供支持"
    assert index.missing_renderings(zh, "Support for the least developed countries") == []
    missing = index.missing_renderings(zh, "Support for the less developed countries")
    assert [m.term for m in missing] == ["最不发达国家"]
    assert missing[0].expected == ("least developed countries",)
    hits = index.forbidden_hits(zh, "Support for the Less Developed Countries")
    assert [h.text for h in hits] == ["Less Developed Countries"]
    # a forbidden rendering is flagged wherever it appears, even without the Chinese term
    assert index.forbidden_hits("提供支持", "Support less developed countries")


def test_longest_chinese_term_wins_and_short_terms_respect_word_boundaries(sdg_csv, tmp_path):
    index = load_termbases([sdg_csv], segmenter=_segmenter)
    zh = "小岛屿发展中国家和最不发达国家"
    en = "small island developing States and least developed countries"
    assert index.missing_renderings(zh, en) == []      # 发展中国家 inside the longer term is not required
    china = tmp_path / "cn.csv"
    china.write_text("zh,en\n中国,China\n", encoding="utf-8")
    idx = load_termbases([china], segmenter=_segmenter)
    assert idx.missing_renderings("发展中国家之间的合作", "cooperation among developing countries") == []
    assert [m.term for m in idx.missing_renderings("中国代表发言", "The representative spoke")] == ["中国"]


def test_several_termbases_are_merged(sdg_csv, tmp_path):
    other = tmp_path / "other.tsv"
    other.write_text("zh\ten\n人权\thuman rights\n", encoding="utf-8")
    index = load_termbases([sdg_csv, other])
    assert len(index) == 5
    assert [m.term for m in index.missing_renderings("人权和最不发达国家", "least developed countries")] == ["人权"]


TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="c1">
  <langSet xml:lang="zh-CN"><tig><term>最不发达国家</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>least developed countries</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>LDCs</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>less developed countries</term>
    <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry>
</body></text></martif>"""

TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c1">
 <langSec xml:lang="zh"><termSec><term>气候变化</term></termSec></langSec>
 <langSec xml:lang="en"><termSec><term>climate change</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
   <termSec><term>climatic change</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
 </langSec></conceptEntry></body></text></tbx>"""


def test_tbx2_through_translate_toolkit(tmp_path):
    p = tmp_path / "t.tbx"
    p.write_text(TBX2, encoding="utf-8")
    c = load_termbase(p).concepts[0]
    assert (c.zh, c.preferred, c.admitted, c.forbidden) == (
        ["最不发达国家"], ["least developed countries"], ["LDCs"], ["less developed countries"])


def test_tbx3_concept_entries(tmp_path):
    p = tmp_path / "t3.tbx"
    p.write_text(TBX3, encoding="utf-8")
    index = load_termbases([p])
    assert [h.text for h in index.forbidden_hits("气候变化", "climatic changes")] == ["climatic changes"]


def test_malformed_tbx_and_bomb_are_bad_input(tmp_path):
    from test_bitext_io import BILLION_LAUGHS

    bad = tmp_path / "bad.tbx"
    bad.write_text(TBX2.replace("</termEntry>", ""), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_termbase(bad)
    assert exc.value.path == str(bad) and exc.value.line is not None
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text(BILLION_LAUGHS.replace("tmx", "martif"), encoding="utf-8")
    with pytest.raises(InputError, match="unsafe XML"):
        load_termbase(bomb)


# --- UNTERM country names -----------------------------------------------------------------

@pytest.fixture(scope="module")
def countries(data_dir):
    return TermIndex([unterm_countries(data_dir / "unterm_country_names" / "unterm_names.csv")],
                     segmenter=_segmenter)


def test_unterm_has_every_state_with_short_and_formal_names(countries):
    assert len(countries) == 197
    afg = next(c for c in countries.concepts if "阿富汗" in c.zh)
    assert afg.zh == ["阿富汗", "阿富汗伊斯兰共和国"]
    assert afg.preferred == ["Afghanistan", "Islamic Republic of Afghanistan"]
    assert afg.bidirectional


def test_unterm_both_directions(countries):
    assert countries.missing_renderings("大韩民国代表团", "The delegation of the Republic of Korea") == []
    # Chinese name without its English
    m = countries.missing_renderings("大韩民国代表团", "The delegation of Korea")
    assert [(x.direction, x.term) for x in m] == [("zh-en", "大韩民国")]
    # English official name without its Chinese (韩国 is not the UNTERM name)
    m = countries.missing_renderings("韩国代表团", "The delegation of the Republic of Korea")
    assert [(x.direction, x.term) for x in m] == [("en-zh", "Republic of Korea")]
    # the longer name is one name, not two
    dprk = "朝鲜民主主义人民共和国"
    assert countries.missing_renderings(dprk, "the Democratic People's Republic of Korea") == []
    assert countries.missing_renderings("多民族玻利维亚国", "Bolivia (Plurinational State of)") == []


def test_country_inside_another_word_is_not_a_country(countries):
    assert countries.missing_renderings("发展中国家", "developing countries") == []
    assert countries.missing_renderings("印度洋", "the Indian Ocean") == []


def test_builtin_spec_reads_the_shared_data(data_dir, monkeypatch):
    monkeypatch.setenv("ZHENQA_UNTERM_CSV", str(data_dir / "unterm_country_names" / "unterm_names.csv"))
    assert len(load_termbase("unterm:countries").concepts) == 197
    monkeypatch.setenv("ZHENQA_UNTERM_CSV", "/nonexistent/unterm.csv")
    with pytest.raises(InputError, match="UNTERM"):
        load_termbase("unterm:countries")


# --- concepts and English morphology --------------------------------------------------------

def test_csv_id_column_groups_chinese_forms_and_synonyms_into_one_concept(tmp_path):
    p = tmp_path / "un.csv"
    p.write_text("id,zh,en,status\n"
                 "sc,安全理事会,Security Council,preferred\n"
                 "sc,安理会,Security Council,preferred\n"
                 "sc,安理会,the Council,admitted\n"
                 "ga,大会,General Assembly,preferred\n", encoding="utf-8")
    tb = read_csv_termbase(p)
    assert [(c.id, c.zh) for c in tb.concepts] == [("sc", ["安全理事会", "安理会"]), ("ga", ["大会"])]
    sc = tb.concepts[0]
    assert sc.preferred == ["Security Council"] and sc.admitted == ["the Council"]
    index = TermIndex([tb])
    # the short Chinese form with the admitted English synonym is no missing term
    assert index.missing_renderings("安理会决定", "The Council decided") == []
    assert [m.term for m in index.missing_renderings("安全理事会决定", "It decided")] == ["安全理事会"]


def test_hyphen_space_case_and_plural_are_one_rendering(tmp_path):
    p = tmp_path / "sg.csv"
    p.write_text("zh,en\n秘书长,Secretary-General\n", encoding="utf-8")
    index = TermIndex([read_csv_termbase(p)])
    for en in ("the Secretary-General", "the Secretary General", "the SECRETARY‐GENERAL",
               "former Secretaries-General", "Secretaries General"):
        assert index.missing_renderings("秘书长的报告", en) == [], en
    assert [m.term for m in index.missing_renderings("秘书长的报告", "the Secretariat")] == ["秘书长"]


def test_tbx_concept_ids_are_kept(tmp_path):
    p = tmp_path / "t.tbx"
    p.write_text(TBX2, encoding="utf-8")
    assert load_termbase(p).concepts[0].id == "c1"


# --- the index's own vocabulary -----------------------------------------------------------

def test_building_an_index_changes_no_one_else_s_cut(tmp_path):
    """The index keeps its terms whole for its own matching; the process around it cuts
    Chinese exactly as a fresh process does (a batch worker, a library user)."""
    import subprocess
    import sys

    from zhenqa.corpora.lang.segment import segment_zh

    text = "加强资产追回合作"
    fresh = subprocess.run([sys.executable, "-c", "from zhenqa.corpora.lang.segment import segment_zh; "
                                                 f"print('|'.join(segment_zh({text!r})))"],
                           capture_output=True, text=True, check=True).stdout.strip().split("|")
    assert "资产追回" not in fresh
    tb = tmp_path / "uncac.csv"
    tb.write_text("zh,en\n资产追回,asset recovery\n", encoding="utf-8")
    index = load_termbases([tb])
    assert "资产追回" in index.segmenter(text) and index.words == {"资产追回"}
    assert [(s, e) for s, e, _ in index.find_zh(text)] == [(2, 6)]
    assert list(segment_zh(text)) == fresh
    with index.kept_whole():               # a run with this termbase asks for its terms
        assert "资产追回" in segment_zh(text)
    assert list(segment_zh(text)) == fresh


def test_an_index_matches_the_same_inside_any_other_run(tmp_path):
    """Another run's terms (the block the index happens to be used in) do not move the
    index's word boundaries: its matching depends on its termbase alone."""
    from zhenqa.corpora.lang.segment import base_vocabulary, kept_whole, segment_zh

    tb = tmp_path / "cn.csv"
    tb.write_text("zh,en\n中国,China\n", encoding="utf-8")
    index = load_termbases([tb])
    texts = ["发展中国家之间的合作", "中国代表发言", "中国家庭"]
    alone = [(index.segmenter(t), index.find_zh(t)) for t in texts]
    with kept_whole(["中国家"]):           # another termbase's (odd) term
        assert "中国家" in segment_zh("中国家庭")
        assert [(index.segmenter(t), index.find_zh(t)) for t in texts] == alone
    with base_vocabulary():
        assert [(index.segmenter(t), index.find_zh(t)) for t in texts] == alone
    # without the shared segmenter the index keeps nothing whole for anyone
    assert TermIndex(index.termbases, segmenter=None).words == frozenset()
