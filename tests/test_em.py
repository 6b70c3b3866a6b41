"""IBM Model 1 translation probabilities (align.em), on MAC-Dev's gold alignment."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from zhenqa.align.em import NULL, TranslationTable, fit_from_texts, gloss_prior
from zhenqa.corpora.lang.lexicon import load_lexicon
from zhenqa.eval.align_metrics import read_beads


def _gold_pairs(data_dir: Path, docs=("001", "002", "003", "004", "005", "006")) -> list[tuple[str, str]]:
    mac = data_dir / "bertalign_mac_dev"
    out = []
    for d in docs:
        zh = [ln.strip() for ln in (mac / "zh" / f"{d}.zh").read_text(encoding="utf-8").splitlines() if ln.strip()]
        en = [ln.strip() for ln in (mac / "en" / f"{d}.en").read_text(encoding="utf-8").splitlines() if ln.strip()]
        for zs, es in read_beads(mac / "gold" / f"{d}.align"):
            if zs and es:
                out.append(("".join(zh[i] for i in zs), " ".join(en[j] for j in es)))
    return out


@pytest.fixture(scope="module")
def mac_pairs(data_dir: Path) -> list[tuple[str, str]]:
    return _gold_pairs(data_dir)


def test_learns_renderings_from_aligned_text_alone(mac_pairs):
    table = fit_from_texts(mac_pairs)
    # frequent content words get their translation as the most likely rendering
    for zh, en in [("奶奶", "grandma"), ("男孩", "boy"), ("高粱", "sorghum"), ("轿夫", "bearer")]:
        best = table.best(zh, 3)
        assert best and best[0][0] == en, (zh, best)
        assert table.prob(zh, en) > 0.3
    # probabilities of one Chinese word sum to at most 1 (pruned tail)
    assert 0.9 < sum(p for _, p in table.best("奶奶", 10_000)) <= 1.0 + 1e-9


def test_dictionary_prior_sharpens_the_estimates(mac_pairs):
    plain = fit_from_texts(mac_pairs)
    primed = fit_from_texts(mac_pairs, prior=gloss_prior(load_lexicon()))
    # 银子 is "silver" in CC-CEDICT; the translator also says "taels" and "money"
    assert primed.prob("银子", "silver") > plain.prob("银子", "silver")
    assert primed.best("银子", 1)[0][0] == "silver"
    assert "prior=yes" in primed.signature and "prior=no" in plain.signature
    # the fast (candidates) path and a plain callable give the same table
    lex = load_lexicon()
    slow = fit_from_texts(mac_pairs, prior=lambda z, e: 1.0 if e in lex.gloss(z) else 0.0)
    assert len(slow) == len(primed)
    assert abs(slow.prob("银子", "silver") - primed.prob("银子", "silver")) < 1e-9


def test_unknown_words_and_pruned_pairs_have_zero_probability(mac_pairs):
    table = fit_from_texts(mac_pairs[:50])
    assert table.prob("没有这个词", "boy") == 0.0
    assert table.prob("男孩", "zzzz") == 0.0
    assert table.best("没有这个词") == []
    assert NULL in table


def test_shuffled_pairs_teach_nothing(mac_pairs):
    """Evidence comes from co-occurrence in aligned pairs: the same segments paired at
    random do not give 男孩 -> boy."""
    zh = [z for z, _ in mac_pairs]
    en = [e for _, e in mac_pairs]
    random.Random(0).shuffle(en)
    shifted = list(zip(zh, en))
    aligned = fit_from_texts(mac_pairs)
    wrong = fit_from_texts(shifted)
    assert wrong.prob("男孩", "boy") < aligned.prob("男孩", "boy") / 2


def test_memory_bound_raises_min_count(mac_pairs):
    toks = [(list(z), e.split()) for z, e in mac_pairs]
    small = TranslationTable.fit(toks, max_cells=200_000)
    big = TranslationTable.fit(toks)
    assert big.signature.endswith("min_count=1")
    assert int(small.signature.rsplit("min_count=", 1)[1]) > 1
    assert len(big.zh_ids) > len(small.zh_ids) > 1


def test_empty_input_gives_an_empty_table():
    table = TranslationTable.fit([([], ["a"]), (["中"], [])])
    assert len(table) == 0 and table.prob("中", "a") == 0.0 and table.best("中") == []
