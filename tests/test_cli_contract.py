"""The command-line contract (../shared/CLI_CONTRACT.md), clause by clause, as a user meets it.

Every test drives `python -m zhenqa` in a subprocess (the `cli` fixture) on the real data
in ../shared/data or on small files written here, and reads only what the contract
promises: exit codes 0 and 2, one stderr line naming the file and the problem on bad
input, no output file left by a failed run, and the output shapes of align, qa, inspect,
score and eval-align. Model loading is never exercised here: `--model none` where a
command would otherwise look for one, and an empty Hugging Face cache where the default
`--model auto` is itself under test.

The eval-align figures are checked against `contract_prf` below, an independent reading
of the contract's definitions, and against fractions worked out by hand in the comments.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

CONTRACT_CHECK_IDS = {
    "number", "date", "symbol", "term", "forbidden-term", "untranslated", "omission",
    "inconsistent-source", "inconsistent-target", "brackets", "punctuation", "whitespace",
    "repeated-word", "length-ratio", "paragraph-number", "placeholder", "empty", "identical",
    "unaligned",
}
# Ids this project added beyond the contract's list ("more may be added; these names do not
# change"): each must be a registered check, and no contract id may be renamed.
ADDED_CHECK_IDS = {"addition", "mt-divergence"}
SEVERITIES = {"error", "warning", "info"}
BEAD_LINE = re.compile(r"^\[(\d+(?:,\d+)*)?\]:\[(\d+(?:,\d+)*)?\]$")

# Runs of the aligner cost about a second each (lexicon loading): the few that several
# tests read are run once and their results kept here, keyed by their arguments.
_RUNS: dict[tuple[str, ...], object] = {}


def run_once(cli, *args):
    key = tuple(map(str, args))
    if key not in _RUNS:
        _RUNS[key] = cli(*args)
    return _RUNS[key]


# =========================================================================== helpers

def one_error_line(res, *needles: str) -> str:
    """Assert exit 2 with exactly one non-empty stderr line containing every needle."""
    assert res.code == 2, res
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert "Traceback" not in res.err
    return lines[0]


def no_temporaries(folder: Path) -> bool:
    """No half-written temporary left next to the outputs."""
    return not [p for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]


def parse_beads(text: str) -> list[tuple[list[int], list[int]]]:
    """Beads of the contract's format; asserts every line is well formed."""
    beads = []
    for line in text.splitlines():
        m = BEAD_LINE.match(line)
        assert m, f"not a bead line: {line!r}"
        zh = [int(x) for x in m.group(1).split(",")] if m.group(1) else []
        en = [int(x) for x in m.group(2).split(",")] if m.group(2) else []
        beads.append((zh, en))
    return beads


def assert_coverage(beads, n_zh: int, n_en: int) -> None:
    """Every unit of both sides in exactly one bead, beads in document order, no bead empty
    on both sides (read left to right, the indices of each side run 0, 1, 2 ...)."""
    assert [i for zh, _ in beads for i in zh] == list(range(n_zh))
    assert [j for _, en in beads for j in en] == list(range(n_en))
    assert all(zh or en for zh, en in beads)


def nonblank_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return [ln for ln in text.split("\n") if ln.strip()]


@dataclass(frozen=True)
class Counts:
    pred: int
    strict_pred: int
    lax_pred: int
    gold: int
    strict_gold: int
    lax_gold: int

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values())))

    def prf(self) -> dict[str, dict[str, float]]:
        def f(hits_p: int, hits_r: int) -> dict[str, float]:
            p = hits_p / self.pred if self.pred else 0.0
            r = hits_r / self.gold if self.gold else 0.0
            return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

        return {"strict": f(self.strict_pred, self.strict_gold), "lax": f(self.lax_pred, self.lax_gold)}


def contract_counts(gold_text: str, pred_text: str) -> Counts:
    """The contract's definitions, read literally: beads as sets, empty-on-both-sides
    dropped; precision over every predicted bead (1-0, 0-1 included), recall over the gold
    beads with both sides non-empty; strict = identical bead, lax = strict or sharing at
    least one Chinese and one English unit with some bead of the other set."""
    def bead_set(text: str) -> set[tuple[frozenset[int], frozenset[int]]]:
        return {(frozenset(z), frozenset(e)) for z, e in parse_beads(text) if z or e}

    gold, pred = bead_set(gold_text), bead_set(pred_text)
    gold_pairs = {b for b in gold if b[0] and b[1]}

    def lax(b, others) -> bool:
        return b in others or any(b[0] & o[0] and b[1] & o[1] for o in others)

    return Counts(
        pred=len(pred),
        strict_pred=sum(b in gold for b in pred),
        lax_pred=sum(lax(b, gold) for b in pred),
        gold=len(gold_pairs),
        strict_gold=sum(b in pred for b in gold_pairs),
        lax_gold=sum(lax(b, pred) for b in gold_pairs),
    )


def assert_prf(got: dict, want: dict) -> None:
    for level in ("strict", "lax"):
        for key in ("p", "r", "f1"):
            assert isinstance(got[level][key], (int, float)), (level, key)
            assert got[level][key] == pytest.approx(want[level][key], abs=1e-6), (level, key, got)


# =========================================================================== fixtures

@pytest.fixture(scope="module")
def mac(data_dir) -> dict[str, Path]:
    """MAC-Dev chapter 001: presplit zh/en, Google MT of the zh lines, gold beads."""
    d = data_dir / "bertalign_mac_dev"
    return {"zh": d / "zh" / "001.zh", "en": d / "en" / "001.en",
            "mt": d / "mt_google" / "001.zh2en", "gold": d / "gold" / "001.align",
            "gold_dir": d / "gold"}


@pytest.fixture(scope="module")
def udhr(data_dir) -> dict[str, Path]:
    d = data_dir / "udhr_zh_en"
    return {"zh": d / "udhr_cmn_hans.xml", "en": d / "udhr_eng.xml"}


@pytest.fixture(scope="module")
def cosp7(data_dir) -> Path:
    return data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt"


@pytest.fixture(scope="module")
def sdg(tmp_path_factory, data_dir) -> dict:
    """The SDG targets as the contract's .tsv bitext (Chinese TAB English, no header), one
    target a line, with a blank line after line 2 and one known error put in."""
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_targets.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_targets.en.yml").read_text(encoding="utf-8"))
    assert set(zh) == set(en)
    rows = [[" ".join(str(zh[k]).split()), " ".join(str(en[k]).split())] for k in zh]
    # Target 1.1: "$1.25 a day" -> "$1.35 a day": a number error on that line.
    bad = next(i for i, (z, e) in enumerate(rows) if "1.25" in z and "$1.25" in e)
    rows[bad][1] = rows[bad][1].replace("$1.25", "$1.35")
    lines = [f"{z}\t{e}" for z, e in rows]
    lines.insert(3, "")                    # a blank line: skipped, but lines keep their numbers
    path = tmp_path_factory.mktemp("sdg") / "targets.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line_of = {i: (i if i < 3 else i + 1) for i in range(len(rows))}   # row -> 0-based line
    return {"path": path, "rows": rows, "line_of": line_of, "bad_line": line_of[bad]}


@pytest.fixture(scope="module")
def presplit_pair(tmp_path_factory) -> dict[str, Path]:
    """A small presplit pair with blank and whitespace-only lines, leading and inner spaces,
    and a line holding two sentences (which must stay one unit)."""
    d = tmp_path_factory.mktemp("presplit")
    zh = d / "p.zh.txt"
    en = d / "p.en.txt"
    zh.write_text("\n大会于2017年11月9日举行第7次会议。\n\n   \n  缔约国会议通过了第3/1号决议。第二句也在这一行。\n"
                  "\t\n秘书处拨款1,676,000美元。\n\n", encoding="utf-8")
    en.write_text("The Conference held its 7th meeting on 9 November 2017.\n\n"
                  "The Conference adopted resolution 3/1.  The second sentence is on this line.\n"
                  "   \n"
                  "The secretariat allocated $1,676,000.\n", encoding="utf-8")
    mt = d / "p.mt.txt"
    mt.write_text("The General Assembly held its 7th meeting on 9 November 2017.\n"
                  "The Conference of States Parties adopted resolution 3/1. The second sentence is also on this line.\n"
                  "The secretariat allocated $1,676,000.\n", encoding="utf-8")
    return {"zh": zh, "en": en, "mt": mt}


# =========================================================================== zhenqa align

def test_align_beads_cover_every_unit_once_in_document_order(cli, mac):
    res = run_once(cli, "align", mac["zh"], mac["en"], "--presplit", "--format", "beads", "--model", "none")
    assert res.code == 0, res
    beads = parse_beads(res.out)
    n_zh, n_en = len(nonblank_lines(mac["zh"])), len(nonblank_lines(mac["en"]))
    assert_coverage(beads, n_zh, n_en)
    # `[]` marks an empty side, and nothing else does
    for line, (zh, en) in zip(res.out.splitlines(), beads):
        assert line.startswith("[]") == (not zh) and line.endswith("[]") == (not en)


def test_align_json_has_the_contract_keys_and_agrees_with_beads(cli, mac):
    res = run_once(cli, "align", mac["zh"], mac["en"], "--presplit", "--format", "json", "--model", "none")
    assert res.code == 0, res
    d = json.loads(res.out)
    assert d["zh_units"] == nonblank_lines(mac["zh"])          # presplit: lines as is
    assert d["en_units"] == nonblank_lines(mac["en"])
    assert all(isinstance(u, str) for u in d["zh_units"] + d["en_units"])
    for link in d["links"]:
        assert isinstance(link["zh"], list) and isinstance(link["en"], list)
        assert all(type(i) is int for i in link["zh"] + link["en"])
        assert isinstance(link["score"], float) and 0.0 <= link["score"] <= 1.0
    beads = [(lk["zh"], lk["en"]) for lk in d["links"]]
    assert_coverage(beads, len(d["zh_units"]), len(d["en_units"]))
    as_beads = run_once(cli, "align", mac["zh"], mac["en"], "--presplit", "--format", "beads", "--model", "none")
    assert parse_beads(as_beads.out) == beads


def test_align_output_scored_by_eval_align_as_the_contract_defines(cli, mac, tmp_path):
    """The aligner's real output against the MAC-Dev gold: eval-align's figures equal the
    contract's definitions computed here."""
    res = run_once(cli, "align", mac["zh"], mac["en"], "--presplit", "--format", "beads", "--model", "none")
    pred = tmp_path / "001.align"
    pred.write_text(res.out, encoding="utf-8")
    ev = cli("eval-align", "--gold", mac["gold"], "--pred", pred)
    assert ev.code == 0, ev
    got = json.loads(ev.out)
    want = contract_counts(mac["gold"].read_text(encoding="utf-8"), res.out).prf()
    assert_prf(got, want)
    assert got["lax"]["f1"] >= got["strict"]["f1"] > 0.5      # a real alignment, not noise


def test_presplit_skips_blank_lines_keeps_lines_as_is_and_does_not_resegment(cli, presplit_pair):
    res = cli("align", presplit_pair["zh"], presplit_pair["en"], "--presplit", "--format", "json",
              "--model", "none")
    assert res.code == 0, res
    d = json.loads(res.out)
    assert d["zh_units"] == ["大会于2017年11月9日举行第7次会议。",
                             "  缔约国会议通过了第3/1号决议。第二句也在这一行。",
                             "秘书处拨款1,676,000美元。"]
    assert d["en_units"] == ["The Conference held its 7th meeting on 9 November 2017.",
                             "The Conference adopted resolution 3/1.  The second sentence is on this line.",
                             "The secretariat allocated $1,676,000."]
    beads = [(lk["zh"], lk["en"]) for lk in d["links"]]
    assert_coverage(beads, 3, 3)
    assert beads == [([0], [0]), ([1], [1]), ([2], [2])]


def test_translations_are_one_line_per_chinese_unit_and_only_with_presplit(cli, presplit_pair, mac, tmp_path):
    zh, en, mt = presplit_pair["zh"], presplit_pair["en"], presplit_pair["mt"]
    ok = cli("align", zh, en, "--presplit", "--translations", mt, "--format", "beads")
    assert ok.code == 0, ok
    assert_coverage(parse_beads(ok.out), 3, 3)
    # on real data: Google MT of MAC-Dev 001, line-parallel to the Chinese
    real = cli("align", mac["zh"], mac["en"], "--presplit", "--translations", mac["mt"], "--format", "beads")
    assert real.code == 0, real
    assert_coverage(parse_beads(real.out), len(nonblank_lines(mac["zh"])), len(nonblank_lines(mac["en"])))
    # without --presplit: bad usage, and no output written
    out = tmp_path / "never.json"
    one_error_line(cli("align", zh, en, "--translations", mt, "-o", out), "--translations", "--presplit")
    assert not out.exists()
    # a translation file that does not have one line per Chinese unit
    short = tmp_path / "short.mt.txt"
    short.write_text("Only one line.\n", encoding="utf-8")
    one_error_line(cli("align", zh, en, "--presplit", "--translations", short), "short.mt.txt")


def presplit_tmx(cli, pair: dict[str, Path]) -> Path:
    """`align --presplit --format tmx -o OUT` on the small pair, run once for the module."""
    out = pair["zh"].with_name("out") / "a.tmx"
    res = run_once(cli, "align", pair["zh"], pair["en"], "--presplit", "--format", "tmx",
                   "--model", "none", "-o", out)
    assert res.code == 0 and res.out == "", res       # -o: nothing on stdout
    return out


def test_align_tsv_and_tmx_outputs(cli, presplit_pair):
    zh, en = presplit_pair["zh"], presplit_pair["en"]
    tsv = cli("align", zh, en, "--presplit", "--format", "tsv", "--model", "none")
    assert tsv.code == 0, tsv
    rows = [ln.split("\t") for ln in tsv.out.splitlines()]
    assert len(rows) == 3 and all(len(r) == 2 for r in rows)
    assert rows[2] == ["秘书处拨款1,676,000美元。", "The secretariat allocated $1,676,000."]
    out = presplit_tmx(cli, presplit_pair)
    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and len(root.iter("tu").__next__().findall("tuv")) == 2
    assert len(list(root.iter("tu"))) == 3
    assert no_temporaries(out.parent)


def test_paragraph_units_on_the_udhr_pair(cli, udhr):
    res = run_once(cli, "align", udhr["zh"], udhr["en"], "--unit", "paragraph", "--format", "json",
                   "--model", "none")
    assert res.code == 0, res
    d = json.loads(res.out)
    beads = [(lk["zh"], lk["en"]) for lk in d["links"]]
    assert_coverage(beads, len(d["zh_units"]), len(d["en_units"]))
    # paragraph units are the reader's units: each is one of the document's units, in order
    for side, lang in (("zh", "zh"), ("en", "en")):
        ins = cli("inspect", udhr[side], "--lang", lang, "--json")
        assert ins.code == 0, ins
        assert d[f"{side}_units"] == [u["text"] for u in json.loads(ins.out)["units"]]


def test_documents_in_different_formats(cli, tmp_path):
    """A .docx Chinese document against an .html English one, sentence units."""
    import docx

    zh = tmp_path / "r.zh.docx"
    doc = docx.Document()
    doc.add_paragraph("五. 通过报告")
    doc.add_paragraph("1. 缔约国会议于2017年11月10日第12次会议上通过了本报告。报告草稿载于CAC/COSP/2017/L.1号文件。")
    doc.add_paragraph("2. 会议还决定于2019年举行第八届会议。")
    doc.save(zh)
    en = tmp_path / "r.en.html"
    en.write_text("<html><body><h2>V. Adoption of the report</h2>"
                  "<p>1. At its 12th meeting, on 10 November 2017, the Conference adopted this report. "
                  "The draft report was contained in document CAC/COSP/2017/L.1.</p>"
                  "<p>2. The Conference also decided to hold its eighth session in 2019.</p>"
                  "</body></html>", encoding="utf-8")
    out = tmp_path / "a.json"
    res = cli("align", zh, en, "--format", "json", "-o", out, "--model", "none")
    assert res.code == 0, res
    d = json.loads(out.read_text(encoding="utf-8"))
    beads = [(lk["zh"], lk["en"]) for lk in d["links"]]
    assert_coverage(beads, len(d["zh_units"]), len(d["en_units"]))
    assert any("CAC/COSP/2017/L.1" in u for u in d["zh_units"])
    assert any("CAC/COSP/2017/L.1" in u for u in d["en_units"])


def test_failed_align_leaves_no_output_and_an_existing_one_untouched(cli, presplit_pair, tmp_path):
    zh = presplit_pair["zh"]
    bad_en = tmp_path / "bad.en.txt"
    bad_en.write_bytes(b"\x00\x01\x02\xff\xfe binary \x00\x00" * 20)
    out = tmp_path / "out.json"
    one_error_line(cli("align", zh, bad_en, "--presplit", "-o", out, "--model", "none"), "bad.en.txt")
    assert not out.exists()
    out.write_text("keep me\n", encoding="utf-8")
    one_error_line(cli("align", zh, tmp_path / "missing.en.txt", "--presplit", "-o", out, "--model", "none"),
                   "missing.en.txt")
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert no_temporaries(tmp_path)


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "undecodable", "swapped", "folder"])
def test_align_bad_input_is_exit_2_and_one_line_naming_the_file(cli, presplit_pair, tmp_path, case):
    zh, en = presplit_pair["zh"], presplit_pair["en"]
    bad = tmp_path / f"{case}.txt"
    if case == "empty":
        bad.write_text("", encoding="utf-8")
    elif case == "binary":
        bad.write_bytes(bytes(range(256)) * 4)
    elif case == "undecodable":
        bad.write_bytes("The Conference adopted".encode() + b"\xc3\x28 \x80\x81 resolution\n")
    elif case == "swapped":
        bad = zh                           # a Chinese file given as the English one
    elif case == "folder":
        bad.mkdir()
    res = cli("align", zh, bad, "--presplit", "--model", "none")
    one_error_line(res, bad.name)
    assert res.out == ""


def test_align_failure_with_the_default_model_prints_one_line_only(cli, mac, data_dir, tmp_path):
    empty_cache = tmp_path / "hf"
    empty_cache.mkdir()
    other_chapter = data_dir / "bertalign_mac_dev" / "en" / "002.en"
    res = cli("align", mac["zh"], other_chapter, "--presplit", "--format", "beads",
              env={"HF_HOME": str(empty_cache), "HF_HUB_CACHE": str(empty_cache / "hub")})
    one_error_line(res, "002.en")


def test_unrelated_documents_are_refused(cli, udhr, data_dir):
    unrelated = data_dir / "bertalign_mac_dev" / "en" / "002.en"
    res = cli("align", udhr["zh"], unrelated, "--format", "beads", "--model", "none")
    one_error_line(res, "002.en")


@pytest.mark.parametrize("args,needle", [
    (["--format", "xml"], "--format"),
    (["--unit", "word"], "--unit"),
    (["--model", "no-such-org/no-such-model"], "no-such-org/no-such-model"),
])
def test_align_bad_usage_is_exit_2_and_one_line(cli, presplit_pair, tmp_path, args, needle):
    out = tmp_path / "o.json"
    res = cli("align", presplit_pair["zh"], presplit_pair["en"], "--presplit", "-o", out, *args)
    one_error_line(res, needle)
    assert not out.exists()


def test_align_to_a_folder_is_bad_usage_not_a_traceback(cli, presplit_pair, tmp_path):
    res = cli("align", presplit_pair["zh"], presplit_pair["en"], "--presplit", "--model", "none",
              "-o", tmp_path)
    one_error_line(res, str(tmp_path))


# =========================================================================== zhenqa qa

def check_report_shape(rep: dict) -> None:
    assert isinstance(rep["segments"], list) and isinstance(rep["findings"], list)
    assert isinstance(rep["scores"], dict)
    ids = []
    for s in rep["segments"]:
        assert type(s["id"]) is int and isinstance(s["zh"], str) and isinstance(s["en"], str)
        ids.append(s["id"])
    assert len(ids) == len(set(ids))
    for f in rep["findings"]:
        assert f["check"] in CONTRACT_CHECK_IDS | ADDED_CHECK_IDS, f["check"]
        assert type(f["segment"]) is int and f["segment"] in ids
        assert f["severity"] in SEVERITIES
        assert isinstance(f["message"], str) and f["message"]


def sdg_report(cli, sdg) -> tuple[object, dict]:
    """`qa --bitext targets.tsv --json R --model none`, run once for the module."""
    out = sdg["path"].with_name("report.json")
    res = run_once(cli, "qa", "--bitext", sdg["path"], "--json", out, "--model", "none")
    assert res.code == 0, res                 # findings are the tool working, not a failure
    return res, json.loads(out.read_text(encoding="utf-8"))


def test_qa_bitext_tsv_segment_ids_are_line_numbers(cli, sdg):
    _res, rep = sdg_report(cli, sdg)
    check_report_shape(rep)
    line_of = sdg["line_of"]
    assert [s["id"] for s in rep["segments"]] == [line_of[i] for i in range(len(sdg["rows"]))]
    for i, (zh, en) in enumerate(sdg["rows"]):
        seg = rep["segments"][i]
        assert (seg["zh"], seg["en"]) == (zh, en)
    number = [f for f in rep["findings"] if f["check"] == "number"]
    assert sdg["bad_line"] in {f["segment"] for f in number}
    flagged = next(f for f in number if f["segment"] == sdg["bad_line"])
    assert flagged["severity"] == "error" and "1.35" in flagged["message"]


def test_qa_tsv_line_numbers_count_line_feeds_only(cli, tmp_path):
    """Cells holding a U+2028 or a form feed (pasted from Word or a PDF) stay in their line,
    so that `segment` is still the line a text editor shows (0-based)."""
    tsv = tmp_path / "b.tsv"
    tsv.write_text("人权\u2028宣言\tHuman rights\u2028declaration\n"
                   "和平\x0c\tPeace\n"
                   "会议于2017年11月9日举行。\tThe meeting was held on 10 November 2017.\n",
                   encoding="utf-8")
    out = tmp_path / "r.json"
    res = cli("qa", "--bitext", tsv, "--json", out, "--model", "none", "--only", "date")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in rep["segments"]] == [0, 1, 2]
    assert [(f["check"], f["segment"]) for f in rep["findings"]] == [("date", 2)]


def test_qa_default_model_auto_without_a_model_runs_and_says_mt_is_unavailable(cli, sdg, tmp_path):
    empty_cache = tmp_path / "hf"
    empty_cache.mkdir()
    env = {"HF_HOME": str(empty_cache), "HF_HUB_CACHE": str(empty_cache / "hub")}
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    res = cli("qa", "--bitext", sdg["path"], "--json", out, "--html", html, env=env)
    assert res.code == 0, res
    notes = [ln for ln in res.err.splitlines() if "MT proposals are unavailable" in ln]
    assert len(notes) == 1
    mt = json.loads(out.read_text(encoding="utf-8"))["scores"]["mt"]
    assert mt["available"] is False and mt["reason"]
    assert "MT proposals unavailable" in html.read_text(encoding="utf-8")
    # the same run with bad input prints its one error line and no note
    bad = tmp_path / "bad.tsv"
    bad.write_text("只有一列\n", encoding="utf-8")
    one_error_line(cli("qa", "--bitext", bad, "--json", out, env=env), "bad.tsv:1")


def test_qa_with_model_none_reports_mt_switched_off(cli, sdg):
    res, rep = sdg_report(cli, sdg)
    assert "MT proposals are unavailable" not in res.err
    mt = rep["scores"]["mt"]
    assert mt["available"] is False and "none" in mt["reason"]


@pytest.mark.parametrize("suffix,sep", [(".csv", ","), (".tsv", "\t")])
def test_qa_termbase_with_status_and_note(cli, tmp_path, suffix, sep):
    bitext = tmp_path / "b.tsv"
    bitext.write_text(
        "最不发达国家需要支持。\tThe least developed countries need support.\n"
        "最不发达国家需要支持。\tThe poorest countries need support.\n"
        "气候变化影响所有国家。\tGlobal warming affects all countries.\n"
        "小岛屿发展中国家很脆弱。\tSmall island developing States are vulnerable.\n",
        encoding="utf-8")
    tb = tmp_path / f"terms{suffix}"
    rows = [["zh", "en", "status", "note"],
            ["最不发达国家", "least developed countries", "preferred", ""],
            ["气候变化", "climate change", "preferred", "UNTERM"],
            ["气候变化", "global warming", "forbidden", "use climate change"]]
    tb.write_text("\n".join(sep.join(r) for r in rows) + "\n", encoding="utf-8")
    plain = tmp_path / f"plain{suffix}"              # zh,en only: status and note are optional
    plain.write_text(f"zh{sep}en\n小岛屿发展中国家{sep}small island developing States\n", encoding="utf-8")
    out = tmp_path / "r.json"
    res = cli("qa", "--bitext", bitext, "--termbase", tb, "--termbase", plain, "--json", out, "--model", "none")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    check_report_shape(rep)
    got = {(f["check"], f["segment"]) for f in rep["findings"] if f["check"] in ("term", "forbidden-term")}
    assert ("term", 1) in got                        # the preferred rendering is missing
    assert ("forbidden-term", 2) in got              # a forbidden rendering is used
    assert not {("term", 0), ("term", 3), ("forbidden-term", 0), ("forbidden-term", 3)} & got
    # a termbase without the needed columns: exit 2, one line naming it, no report
    broken = tmp_path / f"broken{suffix}"
    broken.write_text(f"source{sep}target\n气候变化{sep}climate change\n", encoding="utf-8")
    out2 = tmp_path / "never.json"
    one_error_line(cli("qa", "--bitext", bitext, "--termbase", broken, "--json", out2, "--model", "none"),
                   broken.name)
    assert not out2.exists()


def test_qa_bitext_tmx_and_xliff(cli, presplit_pair, tmp_path):
    """The aligner's own TMX goes straight into qa; an XLIFF 1.2 file too."""
    tmx = presplit_tmx(cli, presplit_pair)
    out = tmp_path / "tmx.json"
    res = cli("qa", "--bitext", tmx, "--json", out, "--model", "none")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    check_report_shape(rep)
    assert [s["en"] for s in rep["segments"]][-1] == "The secretariat allocated $1,676,000."
    xlf = tmp_path / "b.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="r.docx" source-language="zh" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>会议于2017年11月9日举行。</source>'
        '<target>The meeting was held on 10 November 2017.</target></trans-unit>'
        '<trans-unit id="2"><source>拨款1,676,000美元。</source>'
        '<target>An amount of $1,676,000 was allocated.</target></trans-unit>'
        '</body></file></xliff>\n', encoding="utf-8")
    out = tmp_path / "xlf.json"
    res = cli("qa", "--bitext", xlf, "--json", out, "--model", "none", "--only", "date,number")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    check_report_shape(rep)
    assert len(rep["segments"]) == 2
    first = rep["segments"][0]["id"]
    assert [(f["check"], f["segment"]) for f in rep["findings"]] == [("date", first)]


def test_qa_termbase_tbx(cli, tmp_path):
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p>'
        '</sourceDesc></fileDesc></martifHeader><text><body>'
        '<termEntry id="c1"><langSet xml:lang="zh"><tig><term>气候变化</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>climate change</term></tig></langSet></termEntry>'
        '</body></text></martif>\n', encoding="utf-8")
    bitext = tmp_path / "b.tsv"
    bitext.write_text("气候变化影响所有国家。\tClimate change affects all countries.\n"
                      "气候变化影响所有国家。\tGlobal warming affects every country.\n", encoding="utf-8")
    out = tmp_path / "r.json"
    res = cli("qa", "--bitext", bitext, "--termbase", tbx, "--json", out, "--model", "none")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert {f["segment"] for f in rep["findings"] if f["check"] == "term"} == {1}


def test_qa_two_documents_are_aligned_then_checked(cli, udhr, tmp_path):
    out, html, xlsx = tmp_path / "r.json", tmp_path / "r.html", tmp_path / "r.xlsx"
    res = cli("qa", udhr["zh"], udhr["en"], "--json", out, "--html", html, "--xlsx", xlsx, "--model", "none")
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    check_report_shape(rep)
    assert len(rep["segments"]) > 60
    assert any("人人生而自由" in s["zh"] and "born free" in s["en"] for s in rep["segments"])
    assert html.stat().st_size > 0 and xlsx.read_bytes()[:2] == b"PK"
    assert no_temporaries(tmp_path)


# A malformed .tsv/.tmx/.xlf bitext: tests/test_qa_cli.py
# (test_bad_bitext_exits_2_with_one_line_naming_file_and_line, existing reports untouched).


def test_qa_bad_last_output_path_writes_no_report_at_all(cli, sdg, tmp_path):
    out = tmp_path / "r.json"
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    res = cli("qa", "--bitext", sdg["path"], "--json", out, "--html", blocker / "r.html", "--model", "none")
    one_error_line(res, "r.html")
    assert not out.exists()


@pytest.mark.parametrize("args,needle", [
    (["--bitext", "B", "ZH", "EN"], "--bitext"),
    (["ZH"], "ZH EN"),
    (["--bitext", "missing.tsv"], "missing.tsv"),
])
def test_qa_bad_usage_is_exit_2_and_one_line(cli, presplit_pair, sdg, args, needle):
    subst = {"B": str(sdg["path"]), "ZH": str(presplit_pair["zh"]), "EN": str(presplit_pair["en"])}
    res = cli("qa", *[subst.get(a, a) for a in args], "--model", "none")
    one_error_line(res, needle)


@pytest.mark.parametrize("args", [
    ["align", "--bogus", "a", "b"],
    ["align", "only-one-file.txt"],
    ["qa", "--bitext", "x.tsv", "--only", "no-such-check"],
    ["inspect"],
    ["score", "--ref", "r.txt"],
    ["eval-align", "--gold", "g.align"],
    ["no-such-command"],
])
def test_usage_errors_of_every_command_are_exit_2_and_one_line(cli, args):
    one_error_line(cli(*args))


# =========================================================================== zhenqa inspect

def test_inspect_json_shape_and_the_contract_anchor_examples(cli, cosp7):
    res = run_once(cli, "inspect", cosp7, "--json")
    assert res.code == 0, res
    d = json.loads(res.out)
    assert d["lang"] == "zh"
    anchors = set()
    for u in d["units"]:
        assert isinstance(u["kind"], str) and u["kind"]
        assert u["label"] is None or isinstance(u["label"], str)
        assert isinstance(u["text"], str) and u["text"]
        assert isinstance(u["sentences"], list) and all(isinstance(s, str) for s in u["sentences"])
        for a in u["anchors"]:
            assert all(isinstance(a[k], str) for k in ("type", "value", "text"))
            assert a["text"] in u["text"]
            anchors.add((a["type"], a["value"]))
    assert {("symbol", "CAC/COSP/2017/5"), ("number", "1676000"), ("date", "2017-11-09"),
            ("resolution", "3/1"), ("article", "7.1")} <= anchors


def test_inspect_labels_as_printed_and_layout_undone(cli, cosp7):
    d = json.loads(run_once(cli, "inspect", cosp7, "--json").out)
    headings = [u["label"] for u in d["units"] if u["kind"] == "heading"]
    assert headings == ["五", "六", "A", "B", "C", "七", "八"]
    paragraphs = [u["label"] for u in d["units"] if u["kind"] == "paragraph"]
    assert paragraphs == [str(n) for n in range(1, 26)]
    for u in d["units"]:
        assert "undocs.org" not in u["text"] and "V.17-" not in u["text"]
        assert "\n" not in u["text"]
        # sentences join back to the text, up to whitespace
        assert "".join(u["sentences"]).replace(" ", "") == u["text"].replace(" ", "")


def test_inspect_english_udhr_and_language_checks(cli, udhr):
    res = cli("inspect", udhr["en"], "--json")
    assert res.code == 0, res
    d = json.loads(res.out)
    assert d["lang"] == "en" and d["units"]
    assert sum(u["text"].startswith("All human beings are born free") for u in d["units"]) == 1
    one_error_line(cli("inspect", udhr["zh"], "--lang", "en", "--json"), udhr["zh"].name)
    one_error_line(cli("inspect", udhr["en"].with_name("nope.xml")), "nope.xml")


# =========================================================================== zhenqa score

def official_wmt23(path: Path) -> dict[tuple[str, str], float]:
    out = {}
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    for row in rows[1:]:
        rec = dict(zip(header, row.split("\t")))
        if rec["pair"] == "zh-en" and rec["metric"] in ("bleu-refA", "chrf-refA"):
            out[(rec["system"], rec["metric"].split("-")[0])] = float(rec["score"])
    return out


@pytest.mark.parametrize("system", ["ONLINE-B"])
def test_score_json_reproduces_the_official_wmt23_scores(cli, data_dir, system):
    d = data_dir / "wmt23_generaltest_zh_en"
    official = official_wmt23(d / "automatic-scores.zh-en.tsv")
    hyp = d / "system-outputs" / f"generaltest2023.zh-en.hyp.{system}.en"
    res = cli("score", "--hyp", hyp, "--ref", d / "generaltest2023.zh-en.ref.refA.en",
              "--metrics", "bleu,chrf", "--json")
    assert res.code == 0, res
    got = json.loads(res.out)
    assert set(got) == {"bleu", "chrf"}
    for metric in ("bleu", "chrf"):
        assert isinstance(got[metric]["score"], float) and isinstance(got[metric]["signature"], str)
        assert got[metric]["score"] == pytest.approx(official[(system, metric)], abs=1e-9)
    assert got["bleu"]["signature"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|")


def test_score_default_metrics_shape_and_errors(cli, tmp_path):
    hyp, ref = tmp_path / "hyp.en", tmp_path / "ref.en"
    hyp.write_text("The Conference adopted the report.\nThe meeting was held in Vienna.\n", encoding="utf-8")
    ref.write_text("The Conference adopted its report.\nThe meeting was held in Vienna.\n", encoding="utf-8")
    res = cli("score", "--hyp", hyp, "--ref", ref, "--json")
    assert res.code == 0, res
    got = json.loads(res.out)
    assert list(got) == ["bleu", "chrf", "ter"]
    for v in got.values():
        assert isinstance(v["score"], float) and isinstance(v["signature"], str) and v["signature"]
    assert 0 < got["bleu"]["score"] < 100 and 0 < got["ter"]["score"] < 100
    short = tmp_path / "short.en"
    short.write_text("One line only.\n", encoding="utf-8")
    one_error_line(cli("score", "--hyp", short, "--ref", ref, "--json"), "short.en")
    one_error_line(cli("score", "--hyp", hyp, "--ref", tmp_path / "nope.en"), "nope.en")
    one_error_line(cli("score", "--hyp", hyp, "--ref", ref, "--metrics", "bleu,meteor"), "meteor")


# =========================================================================== zhenqa eval-align

# A constructed pair exercising every rule; the figures are worked out by hand:
GOLD_A = "\n".join(["[0]:[0]", "[1,2]:[1]", "[3]:[]", "[4]:[2,3]", "[]:[4]", "[5]:[5]"]) + "\n"
PRED_A = "\n".join([
    "[0]:[0]",      # strict hit
    "[1]:[1]",      # lax: shares zh 1 and en 1 with gold [1,2]:[1]
    "[2]:[]",       # 1-0 counted in precision; no hit (no gold [2]:[], no English to share)
    "[3]:[]",       # strict hit: identical to the gold 1-0 bead
    "[4]:[2]",      # lax: shares with gold [4]:[2,3]
    "[]:[3]",       # 0-1: counted, no hit
    "[]:[4]",       # strict hit: identical to the gold 0-1 bead
    "[5]:[5]",      # strict hit
    "[]:[]",        # empty on both sides: dropped
]) + "\n"
# precision over 8 predicted beads: strict 4/8, lax 6/8
# recall over the 4 gold beads with both sides non-empty ([0]:[0], [1,2]:[1], [4]:[2,3],
# [5]:[5]): strict 2/4, lax 4/4
HAND_A = {"strict": {"p": 0.5, "r": 0.5, "f1": 0.5},
          "lax": {"p": 0.75, "r": 1.0, "f1": 2 * 0.75 * 1.0 / 1.75}}
GOLD_B = "[0]:[0]\n[1]:[1]\n"
PRED_B = "[0,1]:[0,1]\n"     # strict 0/1 and 0/2; lax 1/1 and 2/2


def test_eval_align_on_files_matches_the_contract_definitions(cli, tmp_path):
    gold, pred = tmp_path / "gold.align", tmp_path / "pred.align"
    gold.write_text(GOLD_A, encoding="utf-8")
    pred.write_text(PRED_A, encoding="utf-8")
    res = cli("eval-align", "--gold", gold, "--pred", pred)
    assert res.code == 0, res
    got = json.loads(res.out)
    assert_prf(got, HAND_A)
    assert_prf(got, contract_counts(GOLD_A, PRED_A).prf())


def test_eval_align_on_folders_sums_counts_before_prf(cli, tmp_path):
    g, p = tmp_path / "gold", tmp_path / "pred"
    g.mkdir(), p.mkdir()
    for name, gold, pred in (("a.align", GOLD_A, PRED_A), ("b.align", GOLD_B, PRED_B)):
        (g / name).write_text(gold, encoding="utf-8")
        (p / name).write_text(pred, encoding="utf-8")
    res = cli("eval-align", "--gold", g, "--pred", p)
    assert res.code == 0, res
    got = json.loads(res.out)
    # summed: predicted 9, strict hits 4, lax hits 7; gold pairs 6, strict 2, lax 6
    micro = {"strict": {"p": 4 / 9, "r": 2 / 6, "f1": 2 * (4 / 9) * (2 / 6) / (4 / 9 + 2 / 6)},
             "lax": {"p": 7 / 9, "r": 1.0, "f1": 2 * (7 / 9) / (7 / 9 + 1)}}
    assert_prf(got, micro)
    summed = contract_counts(GOLD_A, PRED_A) + contract_counts(GOLD_B, PRED_B)
    assert_prf(got, summed.prf())
    # ... which is not the average of the two documents' figures
    assert got["strict"]["f1"] != pytest.approx((0.5 + 0.0) / 2, abs=1e-3)


def test_eval_align_compares_beads_as_sets(cli, tmp_path):
    gold, pred = tmp_path / "g.align", tmp_path / "p.align"
    gold.write_text("[0]:[0]\n[1,2]:[1]\n[3]:[2]\n", encoding="utf-8")
    pred.write_text("[0]:[0]\n[1,2]:[1]\n[3]:[3]\n[3]:[3]\n", encoding="utf-8")
    got = json.loads(cli("eval-align", "--gold", gold, "--pred", pred).out)
    # pred as a set: 3 beads (the repeated one counts once), 2 identical to gold beads;
    # [3]:[3] shares no English unit with [3]:[2], so it is no lax hit either
    assert_prf(got, {"strict": {"p": 2 / 3, "r": 2 / 3, "f1": 2 / 3},
                     "lax": {"p": 2 / 3, "r": 2 / 3, "f1": 2 / 3}})


def test_eval_align_zero_denominators_give_zero(cli, tmp_path):
    gold, pred = tmp_path / "g.align", tmp_path / "p.align"
    gold.write_text("[0]:[]\n[]:[0]\n", encoding="utf-8")    # no gold bead with both sides
    pred.write_text("[]:[]\n", encoding="utf-8")              # nothing predicted once dropped
    got = json.loads(cli("eval-align", "--gold", gold, "--pred", pred).out)
    assert_prf(got, {lvl: {"p": 0.0, "r": 0.0, "f1": 0.0} for lvl in ("strict", "lax")})
    pred.write_text("[0]:[0]\n", encoding="utf-8")            # precision's denominator 1, recall's 0
    got = json.loads(cli("eval-align", "--gold", gold, "--pred", pred).out)
    assert_prf(got, {lvl: {"p": 0.0, "r": 0.0, "f1": 0.0} for lvl in ("strict", "lax")})


def test_eval_align_gold_against_itself_on_the_real_folder(cli, mac):
    res = cli("eval-align", "--gold", mac["gold_dir"], "--pred", mac["gold_dir"])
    assert res.code == 0, res
    assert_prf(json.loads(res.out), {lvl: {"p": 1.0, "r": 1.0, "f1": 1.0} for lvl in ("strict", "lax")})


def test_eval_align_bad_input(cli, tmp_path):
    gold = tmp_path / "g.align"
    gold.write_text(GOLD_A, encoding="utf-8")
    bad = tmp_path / "bad.align"
    bad.write_text("[0]:[0]\n[1] [1]\n", encoding="utf-8")
    one_error_line(cli("eval-align", "--gold", gold, "--pred", bad), "bad.align:2")
    one_error_line(cli("eval-align", "--gold", gold, "--pred", tmp_path / "none.align"), "none.align")
    folder = tmp_path / "preds"
    folder.mkdir()
    one_error_line(cli("eval-align", "--gold", gold, "--pred", folder), "preds")


def test_registered_check_ids_are_the_contract_ids_plus_the_declared_additions():
    """Every contract id is a registered check under its exact name; anything more is declared."""
    from zhenqa.eval import checks as C

    assert set(C.check_ids()) == CONTRACT_CHECK_IDS | ADDED_CHECK_IDS
