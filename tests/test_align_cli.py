"""`zhenqa align` as the CLI contract states it: shapes, coverage rule, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "align"
ZH, EN = FIX / "merged.zh.txt", FIX / "merged.en.txt"


def _covers(beads, nz, ne):
    zs = [i for z, _ in beads for i in z]
    es = [j for _, e in beads for j in e]
    return zs == list(range(nz)) and es == list(range(ne))


def test_beads_to_stdout_cover_every_unit_in_order(cli):
    r = cli("align", ZH, EN, "--presplit", "--format", "beads", "--model", "none")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines == ["[0]:[0]", "[1]:[1,2]", "[2]:[3]"]


def test_json_shape_with_confidence_signals_and_signature(cli, tmp_path):
    out = tmp_path / "a.json"
    r = cli("align", FIX / "missing.zh.txt", FIX / "missing.en.txt", "-o", out, "--model", "none")
    assert r.code == 0, r
    assert r.out == ""
    d = json.loads(out.read_text(encoding="utf-8"))
    assert set(d) >= {"zh_units", "en_units", "links", "signature"}
    beads = [(lk["zh"], lk["en"]) for lk in d["links"]]
    assert _covers(beads, len(d["zh_units"]), len(d["en_units"]))
    assert any(lk["zh"] and not lk["en"] for lk in d["links"])     # the missing paragraph
    for lk in d["links"]:
        assert 0.0 <= lk["score"] <= 1.0 and isinstance(lk["review"], bool) and lk["signals"]
    assert not list(tmp_path.glob(".*part"))                        # no temporary left behind


def test_paragraph_unit_and_tsv(cli):
    r = cli("align", FIX / "offset.zh.txt", FIX / "offset.en.txt", "--unit", "paragraph",
            "--format", "tsv", "--model", "none")
    assert r.code == 0, r
    rows = [line.split("\t") for line in r.out.splitlines()]
    assert len(rows) == 6 and all(len(row) == 2 for row in rows)
    assert rows[3][0].startswith("秘书处") and rows[3][1].startswith("The Secretariat")


def test_tmx_loads_back_in_translate_toolkit(cli, tmp_path):
    from translate.storage.tmx import tmxfile

    out = tmp_path / "a.tmx"
    r = cli("align", FIX / "offset.zh.txt", FIX / "offset.en.txt", "-o", out, "--format", "tmx",
            "--model", "none")
    assert r.code == 0, r
    store = tmxfile(out.read_bytes())
    header = store.document.getroot().find(store.namespaced("header"))
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    units = store.units
    assert len(units) >= 6
    assert units[2].source.startswith("会议通过了议程")
    assert units[2].target.startswith("The Conference adopted")
    props = {p.get("type"): p.text for p in units[2].xmlelement.iter(store.namespaced("prop"))}
    assert props.get("x-zh-label") == "2" and props.get("x-en-label") == "55"


def test_translations_need_presplit_and_matching_lines(cli, tmp_path):
    mt = tmp_path / "mt.txt"
    mt.write_text("I did not leave that night.\nHe went out; it rained.\n", encoding="utf-8")
    r = cli("align", ZH, EN, "--translations", mt)
    assert r.code == 2 and "--presplit" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("align", ZH, EN, "--presplit", "--translations", mt)
    assert r.code == 2 and "mt.txt" in r.err and len(r.err.strip().splitlines()) == 1
    mt.write_text("I did not leave that night.\nHe went out; it rained.\nWe sat until dawn.\n",
                  encoding="utf-8")
    r = cli("align", ZH, EN, "--presplit", "--translations", mt, "--format", "beads")
    assert r.code == 0, r
    assert r.out.splitlines()[1] == "[1]:[1,2]"


def test_bad_input_is_one_line_and_exit_2(cli, tmp_path):
    r = cli("align", tmp_path / "nope.txt", EN, "--model", "none")
    assert r.code == 2 and "nope.txt" in r.err and len(r.err.strip().splitlines()) == 1
    r = cli("align", ZH, EN, "--format", "xml", "--model", "none")
    assert r.code == 2 and "--format" in r.err
    out = tmp_path / "never.json"
    r = cli("align", EN, ZH, "--presplit", "-o", out, "--model", "none")   # swapped languages
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1
    assert not out.exists()
