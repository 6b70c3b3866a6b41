"""Bead-end evidence (`align.boundary`): quotation state and end marks, on real chapters."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhenqa.align.aligner import align_documents
from zhenqa.align.boundary import (end_agreement, end_class, end_marks, en_quote_states, quote_agreement,
                                   quote_states, zh_quote_states)
from zhenqa.align.config import BOUNDARY_FEATURES, AlignConfig
from zhenqa.corpora.readers import read_document
from zhenqa.eval.align_metrics import count_hits, read_beads, scores_from_counts


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.fixture(scope="module")
def chapter_002(data_dir: Path):
    mac = data_dir / "bertalign_mac_dev"
    return (_lines(mac / "zh" / "002.zh"), _lines(mac / "en" / "002.en"),
            [tuple(map(tuple, b)) for b in read_beads(mac / "gold" / "002.align")])


def test_english_quote_rules_tell_apostrophes_and_possessives_from_quotes():
    states = en_quote_states([
        "'I can see you've never done any wrestling,' laughed Misty.",   # opens and closes
        "'But you're a quick mover all the same!",                       # stays open
        "A few more goes and I'd have had you, though—'",                # closes after a dash
        "The boys' room was empty.",                                     # plural possessive
        "He said: “Come in",                                             # curly quotes
    ])
    assert list(states) == [0, 0, 1, 0, 0, 1]


def test_chinese_state_follows_the_last_quotation_mark():
    states = zh_quote_states(["小玄子道：“很好！”", "韦小宝心念一动：“难道这里是皇宫？", "不是北京城里的大妓院？",
                              "他说「好」。"])
    assert list(states) == [0, 0, 1, 1, 0]


def test_no_dialogue_on_one_side_gives_no_evidence():
    assert quote_states(["他来了。"], ["'Hello,' he said."]) is None
    assert quote_agreement(None, 3, 4) == 0.0


def test_gold_bead_ends_agree_on_quotation_state_far_more_than_shifted_ends(chapter_002):
    """Minford's translation closes a speech where Jin Yong does: at nearly every gold
    bead end the two sides are in the same state, one English sentence off far less."""
    zh, en, gold = chapter_002
    states = quote_states(zh, en)
    assert states is not None
    ends, shifted = [], []
    i = j = 0
    for zs, es in gold:
        i, j = i + len(zs), j + len(es)
        if zs and es:
            ends.append(quote_agreement(states, i, j))
            shifted += [quote_agreement(states, i, j + d) for d in (-1, 1) if 0 <= j + d <= len(en)]
    agree = sum(v > 0 for v in ends) / len(ends)
    agree_shifted = sum(v > 0 for v in shifted) / len(shifted)
    assert agree > 0.95
    assert agree_shifted < 0.8


def test_end_marks_pair_questions_with_questions(chapter_002):
    zh, en, gold = chapter_002
    assert [end_class(t) for t in ("你不吃饭？", "'Aren't you eating?'", "好！”", "Yes.")] == [1, 1, 2, 0]
    marks = end_marks(zh, en)
    i = j = 0
    gold_sum = shifted_sum = 0.0
    n = m = 0
    for zs, es in gold:
        i, j = i + len(zs), j + len(es)
        if zs and es:
            gold_sum += float(end_agreement(marks, i, j))
            n += 1
            for d in (-1, 1):
                if 0 <= j + d <= len(en):
                    shifted_sum += float(end_agreement(marks, i, j + d))
                    m += 1
    assert gold_sum / n > 0 > shifted_sum / m


def test_speech_broken_off_pairs_with_speech_broken_off(data_dir: Path):
    """Ellipses and dashes at the end (speech trailing away or interrupted) are a class of
    their own: over MAC-Dev, bead ends where both sides break off are gold ends (7 of
    them), never ends one English sentence off."""
    assert [end_class(t) for t in ("韦小宝道：“赢了十几两银子，不过…… 不过……”", "'But I—'",
                                   "'Come on then: let's see—'", "I... I've got this...", "Well -")] == [3] * 5
    mac = data_dir / "bertalign_mac_dev"
    both_gold = both_shifted = 0
    for name in ("001", "002", "003", "004", "005", "006"):
        zh, en = _lines(mac / "zh" / f"{name}.zh"), _lines(mac / "en" / f"{name}.en")
        zc, ec = end_marks(zh, en)
        i = j = 0
        for zs, es in read_beads(mac / "gold" / f"{name}.align"):
            i, j = i + len(zs), j + len(es)
            if zs and es and zc[i] == 3:
                both_gold += ec[j] == 3
                both_shifted += sum(ec[j + d] == 3 for d in (-1, 1) if 0 <= j + d <= len(en))
                assert float(end_agreement((zc, ec), i, j)) == (1.0 if ec[j] == 3 else float(ec[j] == 0) - 1.0)
    assert both_gold >= 5 and both_shifted == 0


def test_boundary_evidence_improves_the_dialogue_chapter(data_dir: Path):
    """Chapter 002 is mostly dialogue; the default weights (fitted on all six chapters)
    with the boundary features beat the same weights without them."""
    mac = data_dir / "bertalign_mac_dev"
    zh = read_document(mac / "zh" / "002.zh", "zh", presplit=True)
    en = read_document(mac / "en" / "002.en", "en", presplit=True)
    gold = read_beads(mac / "gold" / "002.align")
    config = AlignConfig()
    without = config.with_(weights_lex=tuple((k, v) for k, v in config.weights_lex if k not in BOUNDARY_FEATURES))
    f1 = scores_from_counts(count_hits(gold, align_documents(zh, en, config=config).beads()))["strict"]["f1"]
    f1_without = scores_from_counts(count_hits(gold, align_documents(zh, en, config=without).beads()))["strict"]["f1"]
    assert f1 > f1_without
