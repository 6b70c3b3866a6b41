"""Clause-count evidence (`align.clauses`): what counts as a clause, the bead feature, and
that on real gold alignments it tells the gold cut from a cut one sentence off."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from zhenqa.align.clauses import ClauseCounts, clause_count, clause_fit
from zhenqa.eval.align_metrics import read_beads


@pytest.mark.parametrize("text,lang,count", [
    ("他笑了笑，说道：“好，明天再来。”", "zh", 4),      # a lone closing quote is no clause
    ("起初神创造天地。", "zh", 1),
    ("牛、羊、马都在", "zh", 3),                           # the list comma separates like ","
    ("'All right,' he said. 'We fight for money!'", "en", 3),
    ("He stopped—then ran... on", "en", 3),
    ("", "en", 0),
    ("……", "zh", 0),
])
def test_clauses_are_the_worded_pieces_between_separators(text, lang, count):
    assert clause_count(text, lang) == count


def test_a_beads_log_ratio_sums_the_clauses_of_its_units():
    zh = ["一，二。", "三。", "四，五，六。"]
    en = ["One, two.", "Three, four.", "Five.", "Six."]
    cc = ClauseCounts.build(zh, en)
    assert cc.zh.tolist() == [0, 2, 3, 6] and cc.en.tolist() == [0, 2, 4, 5, 6]
    # the bead (zh 1-2, en 1-3) ends at lattice point (3, 4): 4 clauses against 4
    assert cc.log_ratio(np.array(3), 2, np.array(4), 3) == pytest.approx(math.log(5 / 5))
    # broadcasting over many ends at once, ends clipped into the lattice
    got = cc.log_ratio(np.array([[1], [3]]), 1, np.array([[1, 9]]), 1)
    assert got.shape == (2, 2)
    assert got[0, 0] == pytest.approx(math.log(3 / 3)) and got[1, 1] == pytest.approx(math.log(4 / 2))
    # the offset is the mean over the path's beads with both sides
    path = [((0,), (0,)), ((1, 2), (1, 2, 3))]
    assert cc.offset(path) == pytest.approx((math.log(3 / 3) + math.log(5 / 5)) / 2)
    assert clause_fit(cc, 0.5, np.array(3), 2, np.array(4), 3) == pytest.approx(-0.5)
    assert clause_fit(None, 0.5, np.array([1, 2]), 1, np.array([1, 2]), 1).tolist() == [0.0, 0.0]


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("chapter", ["002", "004"])
def test_gold_beads_keep_their_clause_counts_better_than_cuts_one_sentence_off(data_dir, chapter):
    """MAC-Dev: the translator's own beads against the same beads with their last English
    sentence moved to the next bead (the typical wrong cut): the feature prefers gold."""
    mac = data_dir / "bertalign_mac_dev"
    zh, en = _lines(mac / "zh" / f"{chapter}.zh"), _lines(mac / "en" / f"{chapter}.en")
    gold = [b for b in read_beads(mac / "gold" / f"{chapter}.align") if b[0] and b[1]]
    cc = ClauseCounts.build(zh, en)
    offset = cc.offset(gold)

    def fit(zs, es) -> float:
        return float(clause_fit(cc, offset, np.array(zs[-1] + 1), len(zs), np.array(es[-1] + 1), len(es)))

    gold_fit = [fit(z, e) for z, e in gold]
    shifted = [fit(z, e[:-1]) for z, e in gold if len(e) > 1]
    assert len(shifted) > 20
    assert np.mean(gold_fit) > np.mean(shifted) + 0.1
    # and a random pairing of the same shapes is far worse
    rng = random.Random(3)
    starts = [rng.randrange(0, len(en) - 3) for _ in gold]
    shuffled = [fit(z, list(range(s, s + len(e)))) for (z, e), s in zip(gold, starts) if s + len(e) <= len(en)]
    assert np.mean(gold_fit) > np.mean(shuffled) + 0.1


def test_the_search_scores_the_clause_feature_it_reports(data_dir):
    """The feature a fitted weight multiplies in the search is the one `bead_features_many`
    reports (training reads the latter), with the offset of the first-pass path; with MT
    the Chinese side is counted on its translation."""
    from zhenqa.align.channels import build_features
    from zhenqa.align.config import AlignConfig
    from zhenqa.align.sentence import align_features, bead_features_many
    from zhenqa.corpora.lang.lexicon import load_lexicon

    mac = data_dir / "bertalign_mac_dev"
    zh, en = _lines(mac / "zh" / "006.zh")[:60], _lines(mac / "en" / "006.en")[:80]
    mt = _lines(mac / "mt_google" / "006.zh2en")[:60]
    config = AlignConfig()
    feats = build_features(zh, en, load_lexicon(), config)
    assert feats.clauses is not None
    assert feats.clauses.zh[-1] == sum(clause_count(t, "zh") for t in zh)
    res = align_features(feats, config)
    assert res.stats.clause_offset == pytest.approx(feats.clauses.offset(res.first))
    beads = [b for b in res.beads if b[0] and b[1]]
    got = [f["clause"] for f in bead_features_many(res, beads, config)]
    want = [float(clause_fit(feats.clauses, res.stats.clause_offset, np.array(z[-1] + 1), len(z),
                             np.array(e[-1] + 1), len(e))) for z, e in beads]
    assert got == pytest.approx(want)
    with_mt = build_features(zh, en, load_lexicon(), config, mt=mt)
    assert with_mt.clauses is not None
    assert with_mt.clauses.zh[-1] == sum(clause_count(t, "en") for t in mt)
