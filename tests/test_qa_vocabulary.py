"""A QA run keeps its termbase's terms whole for its own cuts only: the process it ran in
then checks and aligns exactly as a fresh `zhenqa qa` / `zhenqa align` does (a batch
worker, a library user, a server checking many documents with different termbases)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhenqa.corpora.lang.segment import BASE, segment_zh
from zhenqa.pipeline import AlignRequest, QARequest, qa_report_text, render_alignment, run_align, run_qa_request

#: SDG terms that CC-CEDICT alone cuts into several words (asserted below), so that keeping
#: them whole changes the omission check's words and the EM table.
SDG_TERMS = {"小岛屿发展中国家": "small island developing States", "内陆发展中国家": "landlocked developing countries",
             "官方发展援助": "official development assistance", "非传染性疾病": "non-communicable diseases",
             "最不发达国家": "least developed countries", "可持续发展": "sustainable development"}
#: Names of the MAC-Dev chapter that CC-CEDICT cuts apart.
LIT_TERMS = {"陈清扬": "Chen Qingyang", "伟大友谊": "great friendship"}


def _termbase(path: Path, terms: dict[str, str]) -> Path:
    assert any(len(BASE.segment(z)) > 1 for z in terms)     # the terms do change the cut
    path.write_text("zh,en\n" + "".join(f"{z},{e}\n" for z, e in terms.items()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sdg(tmp_path_factory, data_dir) -> tuple[Path, Path]:
    """The SDG indicators as a TSV bitext, and a termbase of SDG terms."""
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_indicators.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_indicators.en.yml").read_text(encoding="utf-8"))
    tmp = tmp_path_factory.mktemp("vocab")
    tsv = tmp / "indicators.tsv"
    tsv.write_text("".join(f"{' '.join(str(zh[k]).split())}\t{' '.join(str(en[k]).split())}\n"
                           for k in zh if k in en), encoding="utf-8")
    return tsv, _termbase(tmp / "sdg.csv", SDG_TERMS)


def test_qa_without_a_termbase_after_one_with_is_a_fresh_process_s(sdg, cli, tmp_path):
    tsv, tb = sdg
    assert cli("qa", "--bitext", tsv, "--model", "none", "--json", tmp_path / "plain.json").code == 0
    assert cli("qa", "--bitext", tsv, "--termbase", tb, "--model", "none", "--json", tmp_path / "tb.json").code == 0
    fresh_plain = (tmp_path / "plain.json").read_text(encoding="utf-8")
    fresh_tb = (tmp_path / "tb.json").read_text(encoding="utf-8")
    with_terms = QARequest(bitext=tsv, termbases=(str(tb),), model="none")
    without = QARequest(bitext=tsv, model="none")
    # one process, both orders: neither run leaves its cut to the next
    assert qa_report_text(run_qa_request(with_terms)) == fresh_tb
    assert qa_report_text(run_qa_request(without)) == fresh_plain
    assert qa_report_text(run_qa_request(with_terms)) == fresh_tb
    text = next(z for z in tsv.read_text(encoding="utf-8").split("\t") if "小岛屿发展中国家" in z)
    assert list(segment_zh(text)) == list(BASE.segment(text))


def test_alignment_after_a_qa_with_a_termbase_is_zhenqa_align_s(data_dir, cli, tmp_path):
    zh = data_dir / "bertalign_mac_dev" / "zh" / "001.zh"
    en = data_dir / "bertalign_mac_dev" / "en" / "001.en"
    assert cli("align", zh, en, "--model", "none", "--format", "json", "-o", tmp_path / "fresh.json").code == 0
    tb = _termbase(tmp_path / "names.csv", LIT_TERMS)
    outcome = run_qa_request(QARequest(zh=zh, en=en, termbases=(str(tb),), model="none"))
    assert any("陈清扬" in u for u in outcome.alignment.zh_units)
    plain = run_align(AlignRequest(zh, en, model="none")).alignment
    assert render_alignment(plain, "json") == (tmp_path / "fresh.json").read_bytes()
