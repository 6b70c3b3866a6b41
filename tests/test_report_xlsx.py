"""The XLSX workbook: one row per finding with both texts, filterable, header frozen, safe."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.eval.qa import run_qa
from zhenqa.eval.report_xlsx import render_xlsx


def _report() -> dict:
    segs = [Segment(0, "到2030年,消除贫困", "By 2031, end poverty"),
            Segment(1, "人权", "=HYPERLINK(\"http://evil\",\"x\") 人权"),
            Segment(2, "和平", "Peace\x07 and  security")]
    return run_qa(Bitext(segs, source="t")).to_json()


def test_one_row_per_finding_with_texts_autofilter_and_frozen_header():
    rep = _report()
    wb = load_workbook(io.BytesIO(render_xlsx(rep)))
    ws = wb["Findings"]
    header = [c.value for c in ws[1]]
    assert header[:8] == ["segment", "line", "severity", "check", "message", "Chinese", "English",
                          "evidence"]
    assert header[-1] == "decision"
    assert ws.max_row == 1 + len(rep["findings"])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{ws.max_row}"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    date_row = next(r for r in rows if r[3] == "date")
    assert date_row[0] == 0 and date_row[2] == "error"
    assert date_row[5] == "到2030年,消除贫困" and date_row[6] == "By 2031, end poverty"
    # the evidence that decided the finding is there for the reviser to weigh
    assert date_row[7] and "digits" in date_row[7]
    summary = wb["Summary"]
    values = [c.value for row in summary.iter_rows() for c in row if c.value is not None]
    assert rep["config"]["signature"] in values


def test_document_text_is_never_a_formula_and_control_characters_are_dropped():
    wb = load_workbook(io.BytesIO(render_xlsx(_report())))
    ws = wb["Findings"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
    english = {r[6].value for r in ws.iter_rows(min_row=2)}
    assert '=HYPERLINK("http://evil","x") 人权' in english
    assert "Peace and  security" in english
