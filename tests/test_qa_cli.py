"""`zhenqa qa` as users run it: the contract's JSON shape, exit codes, suppressions."""
from __future__ import annotations

import json

import pytest
import yaml

CONTRACT_IDS = {"number", "date", "symbol", "term", "forbidden-term", "untranslated",
                "omission", "inconsistent-source", "inconsistent-target", "brackets",
                "punctuation", "whitespace", "repeated-word", "length-ratio",
                "paragraph-number", "placeholder", "empty", "identical", "unaligned"}


@pytest.fixture(scope="module")
def targets_tsv(tmp_path_factory, data_dir):
    """The SDG targets as a TSV, with known errors put into a few lines."""
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_targets.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_targets.en.yml").read_text(encoding="utf-8"))
    rows = [[" ".join(zh[k].split()), " ".join(en[k].split())] for k in zh]
    rows[0][1] = rows[0][1].replace("By 2030", "By 2031")              # line 0: date
    rows[5][1] = rows[5][1].replace(" ", "  ", 1)                      # line 5: whitespace
    rows[7][1] = rows[7][1] + " 消除"                                  # line 7: untranslated
    path = tmp_path_factory.mktemp("qa") / "targets.tsv"
    path.write_text("".join(f"{z}\t{e}\n" for z, e in rows), encoding="utf-8")
    return path


def test_json_report_has_the_contract_shape(cli, targets_tsv, tmp_path):
    out = tmp_path / "r.json"
    res = cli("qa", "--bitext", targets_tsv, "--json", out)
    assert res.code == 0, res            # findings are not a failure
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in rep["segments"]] == list(range(169))
    assert all(isinstance(s["zh"], str) and isinstance(s["en"], str) for s in rep["segments"])
    for f in rep["findings"]:
        # the contract's ids, plus the ones it allows to be added (listed in the report)
        assert f["check"] in CONTRACT_IDS | {"mt-divergence", "addition"}
        assert f["check"] in rep["checks"]
        assert f["severity"] in ("error", "warning", "info")
        assert isinstance(f["segment"], int) and isinstance(f["message"], str)
        assert isinstance(f["evidence"], str) and f["evidence"]
    got = {(f["segment"], f["check"]) for f in rep["findings"]}
    assert {(0, "date"), (5, "whitespace"), (7, "untranslated")} <= got
    assert isinstance(rep["scores"], dict)
    assert rep["scores"]["qa"]["signature"].startswith("zhenqa-qa:")
    assert rep["config"]["signature"] == rep["scores"]["qa"]["signature"]


def test_summary_without_output_options(cli, targets_tsv):
    res = cli("qa", "--bitext", targets_tsv)
    assert res.code == 0
    assert "untranslated" in res.out and "whitespace" in res.out and "total" in res.out
    assert "zhenqa-qa:" in res.out


def test_accepted_findings_are_not_raised_again_even_after_lines_move(cli, targets_tsv, tmp_path):
    ignore = tmp_path / "accepted.json"
    first = tmp_path / "1.json"
    assert cli("qa", "--bitext", targets_tsv, "--json", first, "--accept-all-to", ignore).code == 0
    n = len(json.loads(first.read_text(encoding="utf-8"))["findings"])
    assert n >= 3
    # the same content two lines further down, plus one new error
    lines = targets_tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    new_error = lines[20].replace("\t", "\t[...] ", 1).replace("[...]", "XXX")
    moved = tmp_path / "moved.tsv"
    moved.write_text("人权\tHuman rights\n和平\tPeace\n" + "".join(lines) + new_error, encoding="utf-8")
    second = tmp_path / "2.json"
    assert cli("qa", "--bitext", moved, "--json", second, "--ignore", ignore).code == 0
    rep = json.loads(second.read_text(encoding="utf-8"))
    assert rep["suppressed"]["total"] >= n - 1
    assert [(f["segment"], f["check"]) for f in rep["findings"]
            if f["severity"] == "error"] == [(171, "placeholder")]


def test_tsv_ignore_file(cli, targets_tsv, tmp_path):
    lines = targets_tsv.read_text(encoding="utf-8").splitlines()
    zh, en = lines[7].split("\t")
    ignore = tmp_path / "ignore.tsv"
    ignore.write_text(f"check\tzh\ten\tnote\nuntranslated\t{zh}\t{en}\tquoted on purpose\n",
                      encoding="utf-8")
    out = tmp_path / "r.json"
    assert cli("qa", "--bitext", targets_tsv, "--json", out, "--ignore", ignore).code == 0
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert (7, "untranslated") not in {(f["segment"], f["check"]) for f in rep["findings"]}
    assert rep["suppressed"]["by_check"] == {"untranslated": 1}


def test_termbase_and_builtin_country_names(cli, tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("支持最不发达国家\tSupport the less developed countries\n"
                   "大韩民国代表发言\tThe representative of Korea spoke\n", encoding="utf-8")
    tb = tmp_path / "tb.csv"
    tb.write_text("zh,en,status\n最不发达国家,least developed countries,preferred\n"
                  "最不发达国家,less developed countries,forbidden\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert cli("qa", "--bitext", tsv, "--termbase", tb, "--countries", "--json", out).code == 0
    got = {(f["segment"], f["check"]) for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}
    assert {(0, "forbidden-term"), (0, "term"), (1, "term")} <= got


@pytest.mark.parametrize("name,content,needle", [
    ("one.tsv", "人权\tHuman rights\n只有一列\n", "one.tsv:2"),
    ("bad.tmx", '<?xml version="1.0"?>\n<tmx><body><tu>\n</body></tmx>', "bad.tmx:3"),
    ("bad.xlf", '<?xml version="1.0"?>\n<xliff version="1.2"><file>\n<body></file></xliff>', "bad.xlf:3"),
])
def test_bad_bitext_exits_2_with_one_line_naming_file_and_line(cli, tmp_path, name, content, needle):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    out, html = tmp_path / "never.json", tmp_path / "existing.html"
    html.write_text("<p>last run</p>\n", encoding="utf-8")
    res = cli("qa", "--bitext", p, "--json", out, "--html", html)
    assert res.code == 2, res
    assert len(res.err.strip().splitlines()) == 1 and needle in res.err
    assert not out.exists()
    assert html.read_text(encoding="utf-8") == "<p>last run</p>\n"      # left untouched
    assert not [q for q in tmp_path.iterdir() if q.name.endswith(".part")]


def test_xml_bomb_exits_2(cli, tmp_path):
    from test_bitext_io import BILLION_LAUGHS

    p = tmp_path / "bomb.tmx"
    p.write_text(BILLION_LAUGHS, encoding="utf-8")
    res = cli("qa", "--bitext", p)
    assert res.code == 2 and "bomb.tmx" in res.err and "unsafe XML" in res.err


def test_bad_termbase_and_config_exit_2(cli, targets_tsv, tmp_path):
    tb = tmp_path / "terms.csv"
    tb.write_text("source,target\n人权,human rights\n", encoding="utf-8")
    res = cli("qa", "--bitext", targets_tsv, "--termbase", tb)
    assert res.code == 2 and "terms.csv:1" in res.err
    cfg = tmp_path / "qa.toml"
    cfg.write_text("[checks.spelling]\nseverity = 'error'\n", encoding="utf-8")
    res = cli("qa", "--bitext", targets_tsv, "--config", cfg)
    assert res.code == 2 and "qa.toml" in res.err and "spelling" in res.err
    tbx = tmp_path / "t.tbx"
    tbx.write_text("<martif><text><body><termEntry></body></text></martif>", encoding="utf-8")
    res = cli("qa", "--bitext", targets_tsv, "--termbase", tbx)
    assert res.code == 2 and "t.tbx:1" in res.err


def test_usage_errors_exit_2(cli, targets_tsv, tmp_path):
    assert cli("qa").code == 2
    assert cli("qa", "--bitext", targets_tsv, "a.txt", "b.txt").code == 2
    assert cli("qa", "--bitext", tmp_path / "missing.tsv").code == 2


def test_all_report_formats_are_written(cli, targets_tsv, tmp_path):
    from openpyxl import load_workbook

    html, xlsx, csv_ = tmp_path / "r.html", tmp_path / "r.xlsx", tmp_path / "r.csv"
    res = cli("qa", "--bitext", targets_tsv, "--html", html, "--xlsx", xlsx, "--csv", csv_)
    assert res.code == 0 and "errors" in res.err
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ws = load_workbook(xlsx)["Findings"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert csv_.read_text(encoding="utf-8").startswith("segment,line,severity,check,message")


def test_two_documents_are_aligned_then_checked(cli, data_dir, tmp_path):
    """The README demo: UDHR Chinese and English, aligned and checked, HTML report."""
    d = data_dir / "udhr_zh_en"
    html, out = tmp_path / "udhr.html", tmp_path / "udhr.json"
    res = cli("qa", d / "udhr_cmn_hans.xml", d / "udhr_eng.xml", "--html", html, "--json", out,
              "--model", "none")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert len(rep["segments"]) > 60
    # the official text is clean: no number/date/symbol/term error ...
    assert not [f for f in rep["findings"] if f["severity"] == "error"
                and f["check"] in ("number", "date", "symbol", "untranslated", "brackets")]
    # ... but the Chinese-only <note> (adoption line, introduction) has no English
    by_id = {s["id"]: s for s in rep["segments"]}
    unaligned = [f for f in rep["findings"] if f["check"] == "unaligned"]
    assert unaligned and any("217" in by_id[f["segment"]]["zh"] for f in unaligned)
    assert "udhr" in html.read_text(encoding="utf-8").lower()


def test_a_report_is_never_written_over_an_input(cli, tmp_path):
    tsv = tmp_path / "b.tsv"
    tsv.write_text("人权\tHuman rights\n", encoding="utf-8")
    before = tsv.read_bytes()
    res = cli("qa", "--bitext", tsv, "--csv", tsv, "--model", "none")
    assert res.code == 2 and len(res.err.strip().splitlines()) == 1 and "b.tsv" in res.err
    assert tsv.read_bytes() == before
