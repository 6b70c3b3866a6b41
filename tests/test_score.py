"""`zhenqa score` and eval.scores: sacreBLEU with default settings, with signatures.

The reference point is the official WMT23 zh-en table: our numbers must be the official
ones to 4 decimals for every system output shipped in ../shared/data.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.eval.scores import (
    corpus_scores,
    parse_metrics,
    read_lines,
    score_files,
    sentence_chrf,
    sentence_chrf_batch,
)

SYSTEMS = ("NLLB_Greedy", "ONLINE-B", "GPT4-5shot")


@pytest.fixture(scope="module")
def wmt(data_dir: Path) -> Path:
    return data_dir / "wmt23_generaltest_zh_en"


def official(wmt: Path) -> dict[tuple[str, str], float]:
    with open(wmt / "automatic-scores.zh-en.tsv", encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {(r["system"], r["metric"]): float(r["score"]) for r in rows}


def hyp_path(wmt: Path, system: str) -> Path:
    return wmt / "system-outputs" / f"generaltest2023.zh-en.hyp.{system}.en"


def ref_path(wmt: Path) -> Path:
    return wmt / "generaltest2023.zh-en.ref.refA.en"


@pytest.mark.parametrize("system", SYSTEMS)
def test_reproduces_official_wmt23_scores(wmt: Path, system: str) -> None:
    table = official(wmt)
    # TER is not in the official table (and sacreBLEU's TER takes a minute on 1,976 lines).
    scores = score_files(hyp_path(wmt, system), [ref_path(wmt)], ("bleu", "chrf"))
    assert round(scores["bleu"]["score"], 4) == round(table[(system, "bleu-refA")], 4)
    assert round(scores["chrf"]["score"], 4) == round(table[(system, "chrf-refA")], 4)
    assert scores["bleu"]["signature"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert scores["chrf"]["signature"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")


def test_cli_json_matches_contract_and_official_numbers(cli, wmt: Path) -> None:
    res = cli("score", "--hyp", hyp_path(wmt, "NLLB_Greedy"), "--ref", ref_path(wmt), "--json",
              "--metrics", "bleu,chrf")
    assert res.code == 0, res
    data = json.loads(res.out)
    assert list(data) == ["bleu", "chrf"]
    assert f"{data['bleu']['score']:.4f}" == "20.4860"
    assert f"{data['chrf']['score']:.4f}" == "46.0995"


def test_cli_default_metrics_are_bleu_chrf_ter(cli, wmt: Path, tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.en", tmp_path / "ref.en"
    hyp.write_text("\n".join(read_lines(hyp_path(wmt, "ONLINE-B"))[:150]) + "\n", encoding="utf-8")
    ref.write_text("\n".join(read_lines(ref_path(wmt))[:150]) + "\n", encoding="utf-8")
    res = cli("score", "--hyp", hyp, "--ref", ref, "--json")
    assert res.code == 0, res
    data = json.loads(res.out)
    assert list(data) == ["bleu", "chrf", "ter"]
    for entry in data.values():
        assert set(entry) == {"score", "signature"}
        assert isinstance(entry["score"], float) and isinstance(entry["signature"], str)
    assert data["ter"]["signature"].startswith("nrefs:1|case:lc|tok:tercom|")
    from sacrebleu.metrics import TER

    expected = TER().corpus_score(read_lines(hyp), [read_lines(ref)]).score
    assert data["ter"]["score"] == pytest.approx(expected, abs=1e-9)


def test_cli_metrics_selects_and_orders(cli, wmt: Path) -> None:
    res = cli("score", "--hyp", hyp_path(wmt, "ONLINE-B"), "--ref", ref_path(wmt), "--metrics", "chrf,bleu", "--json")
    assert res.code == 0, res
    data = json.loads(res.out)
    assert list(data) == ["chrf", "bleu"]
    assert f"{data['bleu']['score']:.4f}" == "33.5402"


def test_cli_plain_output_has_scores_and_signatures(cli, wmt: Path) -> None:
    res = cli("score", "--hyp", hyp_path(wmt, "GPT4-5shot"), "--ref", ref_path(wmt), "--metrics", "bleu,chrf")
    assert res.code == 0, res
    lines = res.out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].split()[:2] == ["BLEU", "26.7612"]
    assert lines[1].split()[:2] == ["CHRF", "53.1333"]
    assert "tok:13a" in lines[0]


def test_mismatched_line_counts_exit_2_with_one_line(cli, wmt: Path, tmp_path: Path) -> None:
    short = tmp_path / "short.en"
    short.write_text("".join(read_lines(ref_path(wmt))[:10]) + "\n", encoding="utf-8")
    res = cli("score", "--hyp", short, "--ref", ref_path(wmt))
    assert res.code == 2
    assert res.out == ""
    err = res.err.strip().splitlines()
    assert len(err) == 1 and "short.en" in err[0] and "1976" in err[0]


def test_unknown_metric_and_missing_file_are_bad_usage(cli, wmt: Path, tmp_path: Path) -> None:
    res = cli("score", "--hyp", ref_path(wmt), "--ref", ref_path(wmt), "--metrics", "bleu,meteor")
    assert res.code == 2 and "meteor" in res.err
    res = cli("score", "--hyp", tmp_path / "nope.txt", "--ref", ref_path(wmt))
    assert res.code == 2 and "nope.txt" in res.err and len(res.err.strip().splitlines()) == 1


def test_lines_split_like_sacrebleu(tmp_path: Path) -> None:
    # sacreBLEU splits on LF only and right-strips: a U+2028 or a CR inside a line stays in it.
    path = tmp_path / "odd.txt"
    path.write_bytes("\ufeffone\u2028still one  \r\ntwo\rthree\n\nlast".encode("utf-8"))
    assert read_lines(path) == ["one\u2028still one", "two\rthree", "", "last"]


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine\nalso fine\nbad \xff here\n")
    with pytest.raises(InputError) as info:
        read_lines(path)
    assert info.value.line == 3 and "UTF-8" in info.value.problem


def test_perfect_and_unrelated_hypotheses() -> None:
    refs = ["The committee adopted the resolution.", "The meeting rose at 6 p.m."]
    same = corpus_scores(refs, refs)
    assert same["bleu"]["score"] == pytest.approx(100.0)
    assert same["chrf"]["score"] == pytest.approx(100.0)
    assert same["ter"]["score"] == pytest.approx(0.0)
    other = corpus_scores(["Bananas are yellow.", "Quick brown fox."], refs)
    assert other["bleu"]["score"] < 5 and other["chrf"]["score"] < 25 and other["ter"]["score"] > 70


def test_multiple_references_raise_the_score() -> None:
    hyps = ["The meeting ended at six."]
    one = corpus_scores(hyps, ["The meeting rose at 6 p.m."], ("bleu",))
    two = corpus_scores(hyps, ["The meeting rose at 6 p.m."], ("bleu",), extra_refs=[["The meeting ended at six."]])
    assert two["bleu"]["score"] > one["bleu"]["score"]
    assert two["bleu"]["signature"].startswith("nrefs:2|")


def test_sentence_chrf_ranks_a_faithful_translation_above_an_omission() -> None:
    ref = "The Conference adopted resolution 3/1 on 9 November 2017."
    assert sentence_chrf(ref, ref) == pytest.approx(100.0)
    good = sentence_chrf("The Conference adopted resolution 3/1 on 9 November 2017", ref)
    omission = sentence_chrf("The Conference adopted it.", ref)
    assert good > 80 > omission
    assert sentence_chrf_batch([ref, "The Conference adopted it."], [ref, ref]) == [pytest.approx(100.0), omission]
    with pytest.raises(ValueError):
        sentence_chrf_batch(["a"], [])


def test_parallel_ter_equals_sacrebleu_exactly(monkeypatch) -> None:
    import sys

    import zhenqa.eval.scores as scores_mod
    from sacrebleu.metrics import TER

    from tiny_marian import tatoeba_pairs

    refs = [en for _, en in tatoeba_pairs(500)]
    hyps = [" ".join(reversed(r.split())) if i % 3 else r.lower() for i, r in enumerate(refs)]
    assert len(hyps) >= scores_mod.TER_PARALLEL_MIN
    expected_metric = TER()
    expected = expected_metric.corpus_score(hyps, [refs]).score

    def serial_is_forbidden(*args, **kwargs):
        raise AssertionError("the serial path ran")

    with monkeypatch.context() as patch:
        patch.setattr("zhenqa.models.translator.available_cpus", lambda: 2)
        patch.delitem(sys.modules, "torch", raising=False)
        patch.setattr(TER, "corpus_score", serial_is_forbidden)   # workers only extract statistics
        got = corpus_scores(hyps, refs, ("ter",))["ter"]
    assert got["score"] == expected
    assert got["signature"] == str(expected_metric.get_signature())


def test_parse_metrics() -> None:
    assert parse_metrics("BLEU, chrf,bleu") == ("bleu", "chrf")
    with pytest.raises(ValueError):
        parse_metrics("bleu,comet")
    with pytest.raises(ValueError):
        parse_metrics(" , ")
