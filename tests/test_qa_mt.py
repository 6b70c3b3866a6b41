"""QA with a model: MT proposals for Chinese without English, chrF per segment, document
BLEU/chrF with sacreBLEU signatures in every report (tiny Marian model built offline)."""
from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_scores_and_proposals_with_a_model(cli, tiny_marian, tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("我们明天见。\tSee you tomorrow.\n"
                   "他很高兴。\tHe is very happy.\n"
                   "这是我的书。\t\n", encoding="utf-8")
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text(
        json.dumps({"id": 0, "zh": "我们明天见。", "en": "See you tomorrow."}) + "\n" +
        json.dumps({"id": 1, "zh": "这是我的书。", "en": "", "zh_units": [1]}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    res = cli("qa", "--bitext", jsonl, "--model", tiny_marian, "--json", out, "--html", html)
    assert res.code == 0, res
    rep = json.loads(out.read_text(encoding="utf-8"))
    scores = rep["scores"]
    for metric in ("bleu", "chrf"):
        assert scores[metric]["signature"].startswith("nrefs:1|")
    assert scores["model"]
    seg0, seg1 = rep["segments"]
    assert isinstance(seg0["mt"], str) and 0 <= seg0["chrf"] <= 100
    unaligned = [f for f in rep["findings"] if f["check"] == "unaligned"]
    assert unaligned and unaligned[0]["machine"] is True
    assert unaligned[0]["proposal"] == seg1["proposal"]["text"]
    page = html.read_text(encoding="utf-8")
    assert scores["chrf"]["signature"] in page and scores["bleu"]["signature"] in page
