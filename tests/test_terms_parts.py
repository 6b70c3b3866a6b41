"""Parts of `zhenqa terms` as specifications: bounded counting, streamed inputs and their
errors, the English matching of renderings."""
from __future__ import annotations

import json

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.eval.terms.corpus import Corpus
from zhenqa.eval.terms.counting import BoundedCounter


def test_bounded_counter_keeps_what_recurs_and_stays_under_capacity():
    c = BoundedCounter(capacity=100)
    for k in range(5_000):
        c.add_all([f"rare{k}", "term", "term"] + (["often"] if k % 10 == 0 else []))
        assert len(c) <= 100
    assert c["term"] >= 10_000 - c.floor and c["often"] >= 500 - c.floor
    assert c.prunes > 0 and c.floor < 500


def test_corpus_streams_tsv_jsonl_and_batch_folders_and_names_bad_lines(tmp_path):
    tsv = tmp_path / "a.tsv"
    tsv.write_text("人权\thuman rights\n\n和平\tpeace\n", encoding="utf-8")
    batch = tmp_path / "run"
    batch.mkdir()
    rows = [{"pair": "p1", "zh": "一", "en": "one"}, {"pair": "p2", "zh": "二", "en": "two"},
            {"pair": "p1", "zh": "三", "en": "three"}]
    (batch / "corpus.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                        encoding="utf-8")
    segs = list(Corpus([tsv, batch]))
    assert [(s.doc, s.segment, s.en) for s in segs] == [
        (str(tsv), 0, "human rights"), (str(tsv), 1, "peace"),
        ("p1", 0, "one"), ("p2", 0, "two"), ("p1", 1, "three")]
    assert list(Corpus([tsv])) == segs[:2]          # a second pass reads the file again
    bad = tmp_path / "bad.tsv"
    bad.write_text("人权\thuman rights\n和平 peace\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        list(Corpus([bad]))
    assert exc.value.path == str(bad) and exc.value.line == 2
    with pytest.raises(InputError, match="corpus.jsonl"):
        Corpus([tmp_path])
    doc = tmp_path / "x.docx"
    doc.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="unknown bitext extension"):
        Corpus([doc])
