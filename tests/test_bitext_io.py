"""Bitext formats: TMX 1.4b, TSV, XLIFF and JSONL in and out, and refusal of bad or unsafe XML."""
from __future__ import annotations

import io
import time

import pytest
import yaml

from zhenqa.corpora.bitext import read_bitext, write_bitext
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.model import Bitext, Segment

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>&lol9;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture(scope="module")
def sdg_targets(data_dir) -> Bitext:
    """The 169 SDG targets as a bitext (keys match across the two YAML files)."""
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_targets.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_targets.en.yml").read_text(encoding="utf-8"))
    segs = [Segment(id=i, zh=zh[k], en=" ".join(en[k].split()), score=0.9,
                    props={"x-doc-symbol": "A/RES/70/1", "x-zh-label": k.split("-")[1],
                           "x-en-label": k.split("-")[1]})
            for i, k in enumerate(zh)]
    return Bitext(segs, source="SDG targets", meta={"unit": "paragraph"})


# --- TMX ----------------------------------------------------------------------------------

def test_tmx_has_the_header_tools_need_and_loads_in_translate_toolkit(tmp_path, sdg_targets):
    from translate.storage.tmx import tmxfile

    out = tmp_path / "sdg.tmx"
    write_bitext(sdg_targets, out)
    store = tmxfile(io.BytesIO(out.read_bytes()))
    header = store.document.getroot().find(store.namespaced("header"))
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                 "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("srclang") == "zh" and header.get("segtype") == "paragraph"
    assert store.document.getroot().get("version") == "1.4"
    assert len(store.units) == 169
    first = store.units[0]
    assert first.source == sdg_targets.segments[0].zh
    assert first.gettarget("en") == sdg_targets.segments[0].en
    props = {p.get("type"): p.text for p in first.xmlelement.iterchildren(first.namespaced("prop"))}
    assert props["x-doc-symbol"] == "A/RES/70/1" and props["x-zh-label"] == "1"


def test_tmx_round_trip_keeps_text_props_score_and_review(tmp_path, sdg_targets):
    sdg_targets.segments[3].review = True
    sdg_targets.segments[4].en = "Two  spaces, <tags> & ampersands kept"
    out = tmp_path / "sdg.tmx"
    write_bitext(sdg_targets, out)
    back = read_bitext(out)
    assert [s.zh for s in back.segments] == [s.zh for s in sdg_targets.segments]
    assert [s.en for s in back.segments] == [s.en for s in sdg_targets.segments]
    assert back.segments[0].props == sdg_targets.segments[0].props
    assert back.segments[0].score == pytest.approx(0.9)
    assert back.segments[3].review and not back.segments[2].review
    assert [s.id for s in back.segments] == list(range(169))


def test_tmx_marks_mt_proposals_as_machine_and_reads_them_back_as_proposals(tmp_path):
    bt = Bitext([Segment(0, "联合国", "United Nations"),
                 Segment(1, "未译的中文", "", zh_units=(1,),
                         proposal={"text": "Untranslated Chinese", "model": "opus-mt-zh-en@abc",
                                   "machine": True})])
    out = tmp_path / "p.tmx"
    write_bitext(bt, out)
    xml = out.read_text(encoding="utf-8")
    assert "machine-translation" in xml and "opus-mt-zh-en@abc" in xml
    back = read_bitext(out)
    assert back.segments[1].en == ""                 # never mistaken for a translation
    assert back.segments[1].proposal == {"text": "Untranslated Chinese",
                                         "model": "opus-mt-zh-en@abc", "machine": True}


def test_tmx_from_another_tool_regional_codes_and_any_tuv_order(tmp_path):
    tmx = tmp_path / "other.tmx"
    tmx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en-US" srclang="en-US" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Human rights</seg></tuv><tuv xml:lang="zh-CN"><seg>人权</seg></tuv></tu>
<tu><tuv xml:lang="ZH-HANS"><seg>和平</seg></tuv><tuv xml:lang="EN-GB"><seg>Peace</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    segs = read_bitext(tmx).segments
    assert [(s.zh, s.en) for s in segs] == [("人权", "Human rights"), ("和平", "Peace")]


def test_malformed_tmx_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="zh">'
                   '<seg>x</seg></tuv>\n</body></tmx>\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bitext(bad)
    assert exc.value.path == str(bad) and exc.value.line == 5
    assert "malformed XML" in exc.value.problem


def test_xml_bomb_is_refused_before_expansion(tmp_path):
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(InputError) as exc:
        read_bitext(bomb)
    assert time.perf_counter() - t0 < 5   # generous: expansion would take minutes and GBs
    assert "unsafe XML" in exc.value.problem and exc.value.path == str(bomb)


def test_external_entity_is_refused(tmp_path):
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    xxe = tmp_path / "xxe.xlf"
    xxe.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY s SYSTEM "file://{tmp_path}/secret.txt">]>
<xliff version="1.2"><file source-language="zh" target-language="en" datatype="plaintext"
 original="x"><body><trans-unit id="1"><source>&s;</source></trans-unit></body></file></xliff>
""", encoding="utf-8")
    with pytest.raises(InputError, match="unsafe XML"):
        read_bitext(xxe)


def test_a_tmx_without_any_zh_or_en_variant_is_bad_input(tmp_path):
    f = tmp_path / "fr.tmx"
    f.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr"/><body>\n'
                 '<tu><tuv xml:lang="fr"><seg>Paix</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bitext(f)
    assert exc.value.line == 2


# --- TSV ----------------------------------------------------------------------------------

def test_tsv_ids_are_zero_based_line_numbers(tmp_path):
    f = tmp_path / "a.tsv"
    f.write_text("人权\tHuman rights\n\n和平\tPeace\n中文\t\n", encoding="utf-8")
    segs = read_bitext(f).segments
    assert [(s.id, s.zh, s.en, s.line) for s in segs] == [
        (0, "人权", "Human rights", 1), (2, "和平", "Peace", 3), (3, "中文", "", 4)]


def test_tsv_lines_are_split_on_line_feeds_only(tmp_path):
    """A U+2028, a NEL or a form feed inside a cell (pasted from Word or a PDF) is part of
    the cell: it must neither break the row nor shift the line numbers that ids are."""
    f = tmp_path / "a.tsv"
    f.write_text("人权\u2028宣言\tHuman rights\u2028declaration\n和平\x0c\tPeace\x85\r\n中文\tChinese\n",
                 encoding="utf-8")
    segs = read_bitext(f).segments
    assert [(s.id, s.line) for s in segs] == [(0, 1), (1, 2), (2, 3)]
    assert segs[0].zh == "人权\u2028宣言" and segs[1].en == "Peace\x85"


def test_tsv_line_with_one_column_is_reported_with_its_line(tmp_path):
    f = tmp_path / "a.tsv"
    f.write_text("人权\tHuman rights\n和平 Peace\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bitext(f)
    assert (exc.value.path, exc.value.line) == (str(f), 2)
    assert "found 1" in exc.value.one_line()


def test_tsv_in_gb18030_is_decoded(tmp_path):
    f = tmp_path / "gb.tsv"
    f.write_bytes("联合国大会通过了决议\tThe General Assembly adopted the resolution\n"
                  "秘书长的报告\tReport of the Secretary-General\n".encode("gb18030"))
    segs = read_bitext(f).segments
    assert segs[0].zh == "联合国大会通过了决议" and segs[1].en == "Report of the Secretary-General"


def test_tsv_write_keeps_one_segment_per_line(tmp_path):
    bt = Bitext([Segment(0, "甲\t乙", "a\nb"), Segment(1, "丙", "c")])
    out = tmp_path / "o.tsv"
    write_bitext(bt, out)
    assert out.read_text(encoding="utf-8") == "甲 乙\ta b\n丙\tc\n"


# --- XLIFF and JSONL ----------------------------------------------------------------------

def test_xliff_with_english_source_is_read_chinese_first(tmp_path):
    f = tmp_path / "a.xlf"
    f.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="doc" source-language="en-US" target-language="zh-CN" datatype="plaintext"><body>
<trans-unit id="a1"><source>Peace</source><target>和平</target></trans-unit>
<trans-unit id="a2"><source>Untranslated</source></trans-unit>
</body></file></xliff>""", encoding="utf-8")
    segs = read_bitext(f).segments
    assert [(s.zh, s.en) for s in segs] == [("和平", "Peace"), ("", "Untranslated")]
    assert segs[0].props["x-xliff-id"] == "a1"


def test_xliff_and_jsonl_round_trip(tmp_path, sdg_targets):
    for ext in ("xlf", "jsonl"):
        out = tmp_path / f"sdg.{ext}"
        write_bitext(sdg_targets, out)
        back = read_bitext(out)
        assert [(s.zh, s.en) for s in back.segments] == \
               [(s.zh, s.en) for s in sdg_targets.segments], ext
    back = read_bitext(tmp_path / "sdg.jsonl")
    assert back.segments[5].props == sdg_targets.segments[5].props


def test_unknown_extension_and_missing_file_are_bad_input(tmp_path):
    with pytest.raises(InputError, match="unknown bitext extension"):
        read_bitext(tmp_path / "x.docx")
    with pytest.raises(InputError):
        read_bitext(tmp_path / "missing.tsv")


def test_failed_write_leaves_no_file(tmp_path):
    out = tmp_path / "never.tsv"
    bt = Bitext([Segment(0, "人权", "Human rights"), Segment(1, None, "broken")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write_bitext(bt, out)
    assert not list(tmp_path.iterdir())


def test_xliff2_is_read_too(tmp_path):
    f = tmp_path / "v2.xlf"
    f.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
 <file id="f1"><unit id="u1"><segment><source>人权</source><target>Human rights</target></segment></unit>
 <unit id="u2"><segment><source>和平</source></segment></unit></file></xliff>""", encoding="utf-8")
    segs = read_bitext(f).segments
    assert [(s.zh, s.en, s.props["x-xliff-id"]) for s in segs] == [
        ("人权", "Human rights", "u1"), ("和平", "", "u2")]
