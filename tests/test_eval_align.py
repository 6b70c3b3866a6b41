"""eval-align: the strict/lax P/R/F1 of the Vecalign/Bertalign/Bleualign evaluations.

Figures below are computed by hand from the contract's definitions."""
from __future__ import annotations

import json

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.eval.align_metrics import (format_beads, parse_beads, read_beads, score_alignment, score_paths,
                                swap_beads)

GOLD = "[0]:[0]\n[1]:[1,2]\n[2,3]:[3]\n[4]:[]\n[5]:[4]\n"
PRED = "[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[3]\n[3]:[]\n[4]:[]\n[5]:[4]\n"


def test_strict_and_lax_figures_match_hand_computation():
    # precision over 7 predicted beads (1-0/0-1 included): strict hits [0]:[0], [4]:[], [5]:[4];
    # lax adds [1]:[1] (meets gold [1]:[1,2]) and [2]:[3] (meets [2,3]:[3]); [3]:[] and []:[2]
    # cannot be lax hits (an empty side shares nothing).
    # recall over the 4 gold beads with both sides: strict 2, lax 4.
    s = score_alignment(parse_beads(GOLD), parse_beads(PRED))
    assert s["strict"]["p"] == pytest.approx(3 / 7, abs=1e-6)
    assert s["strict"]["r"] == pytest.approx(0.5)
    assert s["strict"]["f1"] == pytest.approx(2 * (3 / 7) * 0.5 / (3 / 7 + 0.5), abs=1e-6)
    assert s["lax"]["p"] == pytest.approx(5 / 7, abs=1e-6)
    assert s["lax"]["r"] == pytest.approx(1.0)
    assert s["lax"]["f1"] == pytest.approx(2 * (5 / 7) / (5 / 7 + 1), abs=1e-6)


def test_identical_alignments_score_one_and_empty_beads_are_dropped():
    gold = parse_beads(GOLD)
    s = score_alignment(gold, gold + [((), ())])
    assert s["strict"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert s["lax"]["f1"] == 1.0


def test_zero_denominators_give_zero():
    s = score_alignment([], [])
    assert s["strict"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    only_skips = score_alignment([((0,), ())], [((0,), ())])
    assert only_skips["strict"]["p"] == 1.0 and only_skips["strict"]["r"] == 0.0
    assert only_skips["strict"]["f1"] == 0.0


def test_folders_sum_counts_before_computing_figures(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "a.align").write_text(GOLD)
    (pred / "a.align").write_text(PRED)
    (gold / "b.align").write_text("[0]:[0]\n[1]:[1]\n")
    (pred / "b.align").write_text("[0]:[0]\n[1]:[1]\n")
    (pred / "extra.align").write_text("[0]:[0]\n")      # no gold: ignored
    s = score_paths(gold, pred)
    # strict: predicted 7 + 2 beads, hits 3 + 2; gold 4 + 2 beads, hits 2 + 2
    assert s["strict"]["p"] == pytest.approx(5 / 9, abs=1e-6)
    assert s["strict"]["r"] == pytest.approx(4 / 6, abs=1e-6)
    assert s["counts"]["documents"] == 2
    (gold / "c.align").write_text("[0]:[0]\n")
    with pytest.raises(InputError, match="missing"):
        score_paths(gold, pred)


def test_beads_round_trip_and_malformed_lines(tmp_path):
    beads = parse_beads(PRED)
    assert parse_beads(format_beads(beads)) == beads
    assert format_beads([((4,), ())]) == "[4]:[]\n"
    assert swap_beads([((1, 2), (3,))]) == [((3,), (1, 2))]
    bad = tmp_path / "bad.align"
    bad.write_text("[0]:[0]\n0-1\n")
    with pytest.raises(InputError) as err:
        read_beads(bad)
    assert err.value.line == 2
    with pytest.raises(InputError):
        read_beads(tmp_path / "missing.align")


def test_eval_align_cli_prints_the_contract_json(cli, tmp_path):
    (tmp_path / "g").write_text(GOLD)
    (tmp_path / "p").write_text(PRED)
    r = cli("eval-align", "--gold", tmp_path / "g", "--pred", tmp_path / "p")
    assert r.code == 0, r
    out = json.loads(r.out)
    assert set(out["strict"]) == {"p", "r", "f1"} and set(out["lax"]) == {"p", "r", "f1"}
    assert out["lax"]["r"] == 1.0
    r = cli("eval-align", "--gold", tmp_path / "g", "--pred", tmp_path / "nope")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "nope" in r.err
