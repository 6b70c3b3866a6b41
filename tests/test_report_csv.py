"""The CSV of findings: parseable, one row per finding, guarded against formula injection."""
from __future__ import annotations

import csv
import io

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.eval.qa import run_qa
from zhenqa.eval.report_csv import COLUMNS, render_csv


def test_csv_rows_match_findings_and_quote_newlines_and_commas():
    segs = [Segment(0, "到2030年,消除贫困", "By 2031, end poverty"),
            Segment(1, "人权", "+cmd|' /C calc'!A0 and  more")]
    rep = run_qa(Bitext(segs)).to_json()
    rows = list(csv.DictReader(io.StringIO(render_csv(rep))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(rep["findings"])
    date = next(r for r in rows if r["check"] == "date")
    assert date["segment"] == "0" and date["zh"] == "到2030年,消除贫困" and "zh:" in date["spans"]
    ws = next(r for r in rows if r["check"] == "whitespace")
    assert ws["en"].startswith("'+cmd")        # would otherwise run as a formula
