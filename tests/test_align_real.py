"""The aligner on real gold sets: MAC-Dev floors and UDHR exactness.

Floors are the figures measured by scripts/bench_align.py on these chapters minus a small
margin; the benchmark runs all six chapters (and the Bible and the scaling table)."""
from __future__ import annotations

import pytest

from zhenqa.align.aligner import align_documents
from zhenqa.corpora.readers import read_document
from zhenqa.eval.align_metrics import Counts, count_hits, read_beads, scores_from_counts

CHAPTERS = ("001", "006")
FLOOR_NO_MT = 0.92   # measured 0.939 (chapters 001 + 006)
FLOOR_MT = 0.925     # measured 0.945


def _mac(data_dir, with_mt: bool) -> dict:
    mac = data_dir / "bertalign_mac_dev"
    total = Counts()
    for name in CHAPTERS:
        zh = read_document(mac / "zh" / f"{name}.zh", "zh", presplit=True)
        en = read_document(mac / "en" / f"{name}.en", "en", presplit=True)
        mt = None
        if with_mt:
            mt = [ln.strip() for ln in (mac / "mt_google" / f"{name}.zh2en").read_text(encoding="utf-8").splitlines()
                  if ln.strip()]
        al = align_documents(zh, en, translations=mt)
        beads = al.beads()
        assert [i for z, _ in beads for i in z] == list(range(len(zh.units)))
        assert [j for _, e in beads for j in e] == list(range(len(en.units)))
        total = total + count_hits(read_beads(mac / "gold" / f"{name}.align"), beads)
    return scores_from_counts(total)


def test_mac_dev_without_mt_stays_above_its_floor(data_dir):
    s = _mac(data_dir, with_mt=False)
    assert s["strict"]["f1"] >= FLOOR_NO_MT, s
    assert s["lax"]["f1"] >= 0.97, s


def test_mac_dev_with_google_mt_stays_above_its_floor(data_dir):
    s = _mac(data_dir, with_mt=True)
    assert s["strict"]["f1"] >= FLOOR_MT, s


@pytest.fixture(scope="module")
def udhr(data_dir):
    d = data_dir / "udhr_zh_en"
    return read_document(d / "udhr_cmn_hans.xml", "zh"), read_document(d / "udhr_eng.xml", "en")


def test_udhr_paragraph_level_is_exact(udhr):
    zh, en = udhr
    al = align_documents(zh, en, unit="paragraph")
    got = al.beads()
    # the gold from the article structure (see the data set's README)
    notes = [k for k, u in enumerate(zh.units) if u.kind == "note"]
    assert got[0] == ((0,), (0,))                                   # titles
    assert [b for b in got if b[0] and not b[1]] == [((k,), ()) for k in notes]
    assert not any(b for b in got if b[1] and not b[0])
    merged = [b for b in got if len(b[1]) > 1 or len(b[0]) > 1]
    assert len(merged) == 1 and len(merged[0][1]) == 3              # the preamble's closing 1-3
    assert en.units[merged[0][1][0]].text.startswith("Now, therefore")
    # every article heading pairs with its own number, every paragraph in order
    for zs, es in got:
        if len(zs) == 1 and len(es) == 1:
            u, v = zh.units[zs[0]], en.units[es[0]]
            assert u.kind == v.kind or {u.kind, v.kind} <= {"paragraph", "subparagraph"}
            assert (u.path[:1] == v.path[:1]), (u.path, v.path)
    assert len(got) == len(en.units) + len(notes) - 2


def test_udhr_sentence_level_stays_inside_articles(udhr):
    zh, en = udhr
    al = align_documents(zh, en)
    assert al.meta["structured"]
    zh_article = [u.path[:1] for u in zh.units for _ in (u.sentences or [u.text])]
    en_article = [u.path[:1] for u in en.units for _ in (u.sentences or [u.text])]
    for lk in al.links:
        if lk.zh and lk.en:
            assert {zh_article[i] for i in lk.zh} == {en_article[j] for j in lk.en}
