"""`zhenqa terms` on real pairs: the SDG targets (clean official translations) with
renderings, forbidden variants and Chinese short forms seeded into a copy, UDHR as a
second document; statuses, variants, candidates, the exports and bad input."""
from __future__ import annotations

import json

import pytest
import yaml

TERMBASE = ("id,zh,en,status\n"
            "ldc,最不发达国家,least developed countries,preferred\n"
            "ldc,最不发达国家,LDCs,admitted\n"
            "ldc,最不发达国家,less developed countries,forbidden\n"
            "sids,小岛屿发展中国家,small island developing States,preferred\n"
            "dev,发展中国家,developing countries,preferred\n"
            "dev,发展中国家,developing nations,admitted\n"
            "oda,官方发展援助,official development assistance,preferred\n"
            "cc,气候变化,climate change,preferred\n"
            "bio,生物多样性,biological variety,forbidden\n")
SEEDED_OTHER = "least advanced countries"       # an inconsistent rendering of 最不发达国家
SEEDED_FORBIDDEN = "less developed countries"


def sdg_pairs(data_dir, name: str = "targets") -> list[tuple[str, str]]:
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / f"global_{name}.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / f"global_{name}.en.yml").read_text(encoding="utf-8"))
    return [(" ".join(str(zh[k]).split()), " ".join(str(en[k]).split())) for k in zh if k in en]


def _tsv(path, pairs) -> None:
    path.write_text("".join(f"{z}\t{e}\n" for z, e in pairs), encoding="utf-8")


@pytest.fixture(scope="module")
def seeded(data_dir, tmp_path_factory):
    """SDG targets with one inconsistent and one forbidden rendering of 最不发达国家, three
    Chinese short forms 小岛屿国家 and one admitted synonym (LDCs); plus a clean copy."""
    pairs = sdg_pairs(data_dir)
    ldc = [i for i, (z, e) in enumerate(pairs)
           if "最不发达国家" in z and "least developed countries" in e]
    sids = [i for i, (z, e) in enumerate(pairs)
            if "小岛屿发展中国家" in z and "small island developing States" in e]
    cc = [i for i, (z, e) in enumerate(pairs) if "气候变化" in z and "climate change" in e]
    assert len(ldc) >= 5 and len(sids) >= 4 and len(cc) >= 2
    seeds = {"other": ldc[0], "forbidden": ldc[1], "admitted": ldc[2], "short": sids[:3],
             "omitted": cc[0]}
    z, e = pairs[cc[0]]
    pairs[cc[0]] = (z, e.replace("climate change", "", 1))
    for key, text in (("other", SEEDED_OTHER), ("forbidden", SEEDED_FORBIDDEN), ("admitted", "LDCs")):
        z, e = pairs[seeds[key]]
        pairs[seeds[key]] = (z, e.replace("least developed countries", text, 1))
    for i in seeds["short"]:
        z, e = pairs[i]
        pairs[i] = (z.replace("小岛屿发展中国家", "小岛屿国家"), e)
    tmp = tmp_path_factory.mktemp("terms")
    _tsv(tmp / "targets.tsv", pairs)
    (tmp / "tb.csv").write_text(TERMBASE, encoding="utf-8")
    return tmp, seeds


@pytest.fixture(scope="module")
def report(seeded):
    import subprocess
    import sys

    tmp, _ = seeded
    outs = {k: tmp / f"out.{k}" for k in ("json", "html", "csv", "xlsx", "tbx")}
    proc = subprocess.run([sys.executable, "-m", "zhenqa", "terms", str(tmp / "targets.tsv"),
                           "--termbase", str(tmp / "tb.csv"),
                           *[a for k, p in outs.items() for a in (f"--{k}", str(p))]],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(outs["json"].read_text(encoding="utf-8")), outs


def _term(report, zh):
    return next(t for t in report["terms"] if t["zh"] == zh)


def test_contract_shape(report):
    rep, _ = report
    assert set(rep) >= {"terms", "variants"}
    for t in rep["terms"]:
        assert set(t) >= {"zh", "en", "source", "occurrences", "documents", "renderings", "status"}
        assert t["source"] in ("termbase", "candidate")
        assert t["status"] in ("consistent", "inconsistent", "forbidden", "unverified")
        assert sum(r["count"] for r in t["renderings"]) == t["occurrences"]
        for r in t["renderings"]:
            assert isinstance(r["en"], str) and r["count"] >= len(r["segments"]) >= 1
            assert all(set(s) == {"doc", "segment"} for s in r["segments"])
    for v in rep["variants"]:
        assert isinstance(v["en"], str) and len(v["zh"]) >= 2


def test_forbidden_and_inconsistent_renderings_are_named_where_they_are(report, seeded):
    rep, _ = report
    _, seeds = seeded
    ldc = _term(rep, "最不发达国家")
    assert ldc["status"] == "forbidden" and ldc["en"] == "least developed countries"
    by = {(r["en"].lower(), r["status"]): r for r in ldc["renderings"]}
    forb = by[(SEEDED_FORBIDDEN, "forbidden")]
    assert [s["segment"] for s in forb["segments"]] == [seeds["forbidden"]]
    other = by[(SEEDED_OTHER, "other")]
    assert [s["segment"] for s in other["segments"]] == [seeds["other"]]
    assert other["evidence"] in ("cedict", "association", "form-words", "em")
    # the admitted synonym of the same concept is not an inconsistency
    adm = by[("ldcs", "admitted")]
    assert [s["segment"] for s in adm["segments"]] == [seeds["admitted"]]


def test_unseeded_terms_are_consistent_and_longest_term_wins(report, seeded):
    rep, seeds = report[0], seeded[1]
    sids = _term(rep, "小岛屿发展中国家")
    assert sids["status"] == "consistent"
    assert [r["status"] for r in sids["renderings"]] == ["preferred"]
    assert _term(rep, "官方发展援助")["status"] == "consistent"
    # 发展中国家 inside 小岛屿发展中国家 is not an occurrence of 发展中国家
    tmp = seeded[0]
    zh = [line.split("\t")[0] for line in
          (tmp / "targets.tsv").read_text(encoding="utf-8").splitlines()]
    outside = sum(z.count("发展中国家") - z.count("小岛屿发展中国家") for z in zh)
    inside = sum(z.count("小岛屿发展中国家") for z in zh)
    assert inside and _term(rep, "发展中国家")["occurrences"] == outside
    assert sids["occurrences"] == inside


def test_omitted_rendering_is_not_found_and_inconsistent(report, seeded):
    rep, seeds = report[0], seeded[1]
    cc = _term(rep, "气候变化")
    assert cc["status"] == "inconsistent"
    missing = [r for r in cc["renderings"] if r["status"] == "not-found"]
    assert [s["segment"] for r in missing for s in r["segments"]] == [seeds["omitted"]]
    assert missing[0]["en"] == "" and missing[0]["evidence"] == "not-found"
    assert cc["not_found"] == 1


def test_term_without_approved_form_is_unverified(report):
    bio = _term(report[0], "生物多样性")
    assert bio["source"] == "termbase" and bio["status"] == "unverified"
    assert bio["en"] is None and bio["forbidden_forms"] == ["biological variety"]


def test_chinese_short_form_is_a_variant(report, seeded):
    rep, seeds = report[0], seeded[1]
    v = next(v for v in rep["variants"] if v["en"] == "small island developing States")
    forms = {z["zh"]: z for z in v["zh"]}
    assert "小岛屿国家" in forms and forms["小岛屿国家"]["count"] == len(seeds["short"])
    assert {s["segment"] for s in forms["小岛屿国家"]["segments"]} == set(seeds["short"])


def test_candidates_on_real_data(report):
    rep, _ = report
    cands = {t["zh"]: t for t in rep["terms"] if t["source"] == "candidate"}
    segments = rep["summary"]["segments"]
    assert len(cands) <= segments / 2
    assert cands["基础设施"]["en"].lower() == "infrastructure"
    assert cands["国际合作"]["en"].lower() == "international cooperation"
    assert all(t["status"] == "unverified" and t["occurrences"] >= 3 for t in cands.values())
    # termbase terms are not proposed again, fragments of terms are not proposed
    assert "气候变化" not in cands and "岛屿发展中国家" not in cands
    assert "发展中国家在国际" not in cands


def test_tbx_reads_back_with_translate_toolkit_and_as_a_termbase(report):
    from translate.storage.tbx import tbxfile

    from zhenqa.corpora.termbase import load_termbase

    rep, outs = report
    store = tbxfile.parsestring(outs["tbx"].read_bytes())
    got = {u.source: u.target for u in store.units}
    assert got["最不发达国家"] == "least developed countries"
    assert got["基础设施"].lower() == "infrastructure"
    xml = outs["tbx"].read_text(encoding="utf-8")
    assert '<admin type="x-usageCount">' in xml and "x-termStatus" in xml
    tb = load_termbase(outs["tbx"])
    ldc = next(c for c in tb.concepts if c.zh == ["最不发达国家"])
    assert ldc.forbidden == [SEEDED_FORBIDDEN] and SEEDED_OTHER not in ldc.admitted


def test_csv_and_xlsx_list_every_rendering(report):
    import csv

    from openpyxl import load_workbook

    rep, outs = report
    rows = list(csv.DictReader(outs["csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == sum(len(t["renderings"]) for t in rep["terms"])
    assert any(r["rendering"].lower() == SEEDED_OTHER and r["rendering_status"] == "other" for r in rows)
    wb = load_workbook(outs["xlsx"])
    assert wb.sheetnames == ["Terms", "Renderings", "Variants"]
    assert wb["Terms"].max_row == len(rep["terms"]) + 1


def test_documents_and_batch_folders(cli, data_dir, tmp_path):
    pairs = sdg_pairs(data_dir)
    batch = tmp_path / "batch"
    batch.mkdir()
    rows = [{"pair": "goal-a", "zh": z, "en": e} for z, e in pairs[:80]]
    rows += [{"pair": "goal-b", "zh": z, "en": e} for z, e in pairs[80:]]
    (batch / "corpus.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                for r in rows), encoding="utf-8")
    jl = tmp_path / "more.jsonl"
    jl.write_text("".join(json.dumps({"zh": z, "en": e}, ensure_ascii=False) + "\n"
                          for z, e in pairs[:10]), encoding="utf-8")
    tb = tmp_path / "tb.csv"
    tb.write_text(TERMBASE, encoding="utf-8")
    out = tmp_path / "r.json"
    res = cli("terms", str(batch), str(jl), "--termbase", str(tb), "--json", str(out))
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    ldc = _term(rep, "最不发达国家")
    assert ldc["status"] == "consistent" and ldc["documents"] == 3
    segs = [s for r in ldc["renderings"] for s in r["segments"]]
    first_b = next(i for i, (z, _) in enumerate(pairs[80:]) if "最不发达国家" in z)
    assert {"doc": "goal-b", "segment": first_b} in segs
    assert all(s["segment"] < 10 for s in segs if s["doc"] == str(jl))


def test_bad_termbase_is_one_line_exit_2_and_no_output(cli, seeded, tmp_path):
    tmp, _ = seeded
    bad = tmp_path / "bad.csv"
    bad.write_text("zh,en,status\n人权,human rights,maybe\n", encoding="utf-8")
    out = tmp_path / "r.json"
    res = cli("terms", str(tmp / "targets.tsv"), "--termbase", str(bad), "--json", str(out))
    assert res.code == 2 and len(res.err.strip().splitlines()) == 1
    assert str(bad) in res.err and "maybe" in res.err
    assert not out.exists()
    res = cli("terms", str(tmp_path / "missing.tsv"), "--json", str(out))
    assert res.code == 2 and "missing.tsv" in res.err and not out.exists()


def test_json_file_lists_every_reference_like_the_in_memory_report(seeded, tmp_path):
    from zhenqa.eval.terms.report import to_json, write_json
    from zhenqa.eval.terms.run import TermsRequest, run_terms

    tmp, _ = seeded
    result = run_terms(TermsRequest((str(tmp / "targets.tsv"),), (str(tmp / "tb.csv"),)))
    out = tmp_path / "r.json"
    write_json(result, out)
    streamed = json.loads(out.read_text(encoding="utf-8"))
    whole = to_json(result)
    assert streamed["terms"] == whole["terms"] and streamed["variants"] == whole["variants"]
    light = to_json(result, max_refs=1)
    for t_light, t_whole in zip(light["terms"], whole["terms"]):
        for r_light, r_whole in zip(t_light["renderings"], t_whole["renderings"]):
            assert r_light["segments"] == r_whole["segments"][:1]
            assert r_light["segments_total"] == len(r_whole["segments"])


def test_countries_both_names_and_directions_on_opus(cli, data_dir, tmp_path):
    """OPUS-100 (real, noisy UN and web lines) with UNTERM country names."""
    d = data_dir / "opus100_en_zh_test"
    zh = (d / "opus.en-zh-test.zh").read_text(encoding="utf-8").splitlines()
    en = (d / "opus.en-zh-test.en").read_text(encoding="utf-8").splitlines()
    pairs = [(z, e) for z, e in zip(zh, en) if z.strip() and e.strip() and "\t" not in z + e]
    tsv = tmp_path / "opus.tsv"
    _tsv(tsv, pairs)
    out = tmp_path / "r.json"
    res = cli("terms", str(tsv), "--countries", "--json", str(out))
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    iraq = _term(rep, "伊拉克")
    assert iraq["en"] == "Iraq" and iraq["source"] == "termbase"
    rendered = {r["en"] for r in iraq["renderings"] if r["status"] == "preferred"}
    assert rendered == {"Iraq"}
    import re

    preferred = {s["segment"] for r in iraq["renderings"] if r["status"] == "preferred"
                 for s in r["segments"]}
    assert all(re.search(r"\bIraq\b", pairs[i][1]) for i in preferred)
    others = {s["segment"] for r in iraq["renderings"] if r["status"] != "preferred"
              for s in r["segments"]}
    assert not any(re.search(r"\bIraq\b", pairs[i][1]) for i in others)
    # the formal and the short English name are one concept, both approved
    timor = _term(rep, "东帝汶")
    assert "Democratic Republic of Timor-Leste" in timor["approved"]
    assert any(r["en"] == "East Timor" and r["status"] == "other" for r in timor["renderings"])


def test_gb18030_tsv_is_read(cli, data_dir, tmp_path):
    pairs = sdg_pairs(data_dir)[:40]
    tsv = tmp_path / "gb.tsv"
    tsv.write_bytes("".join(f"{z}\t{e}\n" for z, e in pairs).encode("gb18030"))
    tb = tmp_path / "tb.csv"
    tb.write_text(TERMBASE, encoding="utf-8")
    out = tmp_path / "r.json"
    res = cli("terms", str(tsv), "--termbase", str(tb), "--json", str(out))
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["summary"]["segments"] == 40
    assert _term(rep, "最不发达国家")["occurrences"] == sum(z.count("最不发达国家") for z, _ in pairs)


def test_tmx_xliff_and_empty_inputs(cli, data_dir, tmp_path):
    from zhenqa.corpora.bitext import write_bitext
    from zhenqa.corpora.model import Bitext, Segment

    pairs = sdg_pairs(data_dir)
    bitext = Bitext([Segment(i, z, e) for i, (z, e) in enumerate(pairs)])
    tb = tmp_path / "tb.csv"
    tb.write_text(TERMBASE, encoding="utf-8")
    counts = {}
    for ext in ("tmx", "xlf"):
        path = tmp_path / f"sdg.{ext}"
        write_bitext(bitext, path)
        out = tmp_path / f"{ext}.json"
        res = cli("terms", str(path), "--termbase", str(tb), "--json", str(out))
        assert res.code == 0, res
        rep = json.loads(out.read_text(encoding="utf-8"))
        counts[ext] = {t["zh"]: t["occurrences"] for t in rep["terms"] if t["source"] == "termbase"}
    assert counts["tmx"] == counts["xlf"]
    assert counts["tmx"]["最不发达国家"] == sum(z.count("最不发达国家") for z, _ in pairs)
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "empty.json"
    res = cli("terms", str(empty), "--termbase", str(tb), "--json", str(out))
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["terms"] == [] and rep["variants"] == [] and rep["summary"]["segments"] == 0


def test_a_report_with_a_termbase_leaves_the_process_as_a_fresh_one(report, seeded, cli, tmp_path):
    """The termbase's terms are one word in every pass of their own report only: the same
    process then reports without a termbase exactly as a fresh `zhenqa terms` does, and
    with it again exactly as before (a long-lived service, the test suite)."""
    from zhenqa.corpora.lang.segment import BASE
    from zhenqa.eval.terms.report import write_json
    from zhenqa.eval.terms.run import TermsRequest, run_terms

    tmp, _ = seeded
    assert len(BASE.segment("小岛屿发展中国家")) > 1          # the termbase does change the cut
    assert cli("terms", tmp / "targets.tsv", "--json", tmp_path / "plain.json").code == 0

    def timeless(path):
        out = json.loads(path.read_text(encoding="utf-8"))
        del out["summary"]["seconds"]
        return out

    fresh = {"plain": timeless(tmp_path / "plain.json"), "tb": timeless(report[1]["json"])}
    assert fresh["plain"] != fresh["tb"]
    requests = {"plain": TermsRequest((str(tmp / "targets.tsv"),)),
                "tb": TermsRequest((str(tmp / "targets.tsv"),), (str(tmp / "tb.csv"),))}
    for kind in ("tb", "plain", "tb"):
        write_json(run_terms(requests[kind]), tmp_path / "again.json")
        assert timeless(tmp_path / "again.json") == fresh[kind], kind
