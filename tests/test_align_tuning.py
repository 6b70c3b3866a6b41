"""Fitting the bead-score weights (`align.tuning`): the cost-augmented search the
perceptron trains with (`align.loss.LossAugment`), on a real chapter."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhenqa.align.aligner import _doc_sentence_anchors, relearn_hook
from zhenqa.align.channels import build_features
from zhenqa.align.config import AlignConfig
from zhenqa.align.loss import LossAugment
from zhenqa.align.sentence import align_features
from zhenqa.align.tuning import strict_counts
from zhenqa.corpora.lang.lexicon import load_lexicon
from zhenqa.corpora.readers import read_document
from zhenqa.eval.align_metrics import read_beads


@pytest.fixture(scope="module")
def chapter_005(data_dir: Path):
    """MAC-Dev chapter 005 as the final pass sees it in training (features after the
    re-learning step, the first-pass path) and its gold beads."""
    mac = data_dir / "bertalign_mac_dev"
    config = AlignConfig()
    zd = read_document(mac / "zh" / "005.zh", "zh", presplit=True)
    ed = read_document(mac / "en" / "005.en", "en", presplit=True)
    zh, en = [u.text for u in zd.units], [u.text for u in ed.units]
    lex = load_lexicon()
    feats = build_features(zh, en, lex, config, zh_anchors=_doc_sentence_anchors(zd),
                           en_anchors=_doc_sentence_anchors(ed))
    first = align_features(feats, config, after_first=relearn_hook(zh, en, lex, feats, config, {})).first
    gold = [(tuple(z), tuple(e)) for z, e in read_beads(mac / "gold" / "005.align")]
    return config, feats, first, gold


def _hits(chapter, cost: float | None) -> tuple[int, int]:
    config, feats, first, gold = chapter
    loss = LossAugment(gold, cost) if cost is not None else None
    beads = align_features(feats, config, first=first, loss=loss).beads
    tp, _, ngold = strict_counts(gold, beads)
    return tp, ngold


def test_zero_cost_is_the_plain_search(chapter_005):
    assert _hits(chapter_005, 0.0) == _hits(chapter_005, None)


def test_cost_lands_on_exactly_the_gold_beads(chapter_005):
    """A large negative cost (a bonus for gold beads) must give back the gold path:
    this checks that every gold bead is found at its own lattice cell and shape."""
    config, _, _, gold = chapter_005
    reachable = sum(1 for z, e in gold if z and e and (len(z), len(e)) in config.sentence_beads)
    tp, _ = _hits(chapter_005, -5.0)
    assert tp >= reachable - 1          # a gold bead may lie outside the search band


def test_cost_makes_the_search_find_the_most_violating_path(chapter_005):
    """What the perceptron corrects: with the cost, wrong beads that come close to gold
    ones win, so the path has fewer gold beads than the plain search."""
    plain, _ = _hits(chapter_005, 0.0)
    augmented, _ = _hits(chapter_005, 0.1)
    assert augmented < plain
