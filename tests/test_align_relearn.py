"""The aligner's second pass: word pairs learnt by EM from its own first alignment."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhenqa.align.aligner import align_documents
from zhenqa.align.config import AlignConfig
from zhenqa.align.relearn import learn_pairs_em
from zhenqa.corpora.lang.lexicon import load_lexicon
from zhenqa.corpora.readers import read_document
from zhenqa.eval.align_metrics import count_hits, read_beads, scores_from_counts


@pytest.fixture(scope="module")
def chapter_002(data_dir: Path):
    mac = data_dir / "bertalign_mac_dev"
    zh = read_document(mac / "zh" / "002.zh", "zh", presplit=True)
    en = read_document(mac / "en" / "002.en", "en", presplit=True)
    return zh, en, read_beads(mac / "gold" / "002.align")


def test_names_translated_rather_than_transcribed_are_learnt(chapter_002):
    """The Deer and the Cauldron chapter: 韦小宝 is "Trinket" and 小玄子 "Misty" in the
    English, which no dictionary says; EM over the first alignment finds them."""
    zh, en, _ = chapter_002
    al = align_documents(zh, en)
    assert al.meta["learned_pairs"] > 10
    learned = learn_pairs_em(al.zh_units, al.en_units, al.beads(), load_lexicon())
    assert "trinket" in learned.get("韦", ()) and "misty" in learned.get("玄", ())
    # only what the dictionary lacks is learnt
    lex = load_lexicon()
    assert all(e not in lex.gloss(w) for w, es in learned.items() for e in es)


def test_second_pass_with_learnt_pairs_improves_the_alignment(chapter_002):
    zh, en, gold = chapter_002
    with_em = scores_from_counts(count_hits(gold, align_documents(zh, en).beads()))["strict"]["f1"]
    without = scores_from_counts(count_hits(
        gold, align_documents(zh, en, config=AlignConfig().with_(relearn=False)).beads()))["strict"]["f1"]
    assert with_em > without
