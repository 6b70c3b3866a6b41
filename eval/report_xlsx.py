"""The reviser's workbook: one row per finding with both segment texts (openpyxl).

Sheet "Findings": segment, line, severity, check, message, Chinese, English, evidence (what
decided the finding), key, with the header row frozen and an autofilter on every column, so
a reviser can sort and filter by check or severity and write their decision in the added
"decision" column. Sheet "Summary":
counts per check and severity, scores and their signatures, the QA config signature.

Document text is written as text, never as a formula (a segment starting with "=" stays a
string), and characters that XML 1.0 cannot hold are dropped.
"""
from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any

from zhenqa.corpora.fileio import write_bytes
from zhenqa.eval.report_csv import finding_rows

if TYPE_CHECKING:   # openpyxl is imported only when a workbook is written (start-up time)
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

_MAX_CELL = 32_767  # Excel's limit on characters in a cell
_HEADERS = ("segment", "line", "severity", "check", "message", "Chinese", "English", "evidence",
            "key", "decision")
_WIDTHS = (9, 7, 9, 18, 60, 50, 60, 40, 20, 16)
_FILL = {"error": "FFCDD2", "warning": "FFE0B2", "info": "BBDEFB"}


def _clean(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _put(ws: Worksheet, row: int, col: int, value: Any) -> Cell:
    cell = ws.cell(row=row, column=col)
    cell.value = _clean(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"      # never a formula, whatever the text starts with
    return cell


def render_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Findings"
    bold = Font(bold=True)
    for c, h in enumerate(_HEADERS, start=1):
        _put(ws, 1, c, h).font = bold
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS[c - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(finding_rows(report), start=2):
        values = (row["segment"], row["line"] if row["line"] != "" else None, row["severity"],
                  row["check"], row["message"], row["zh"], row["en"], row["evidence"], row["key"],
                  None)
        for c, v in enumerate(values, start=1):
            cell = _put(ws, r, c, v)
            if c in (5, 6, 7):
                cell.alignment = wrap
        ws.cell(row=r, column=3).fill = PatternFill("solid", fgColor=_FILL.get(row["severity"], "FFFFFF"))
    ws.freeze_panes = "A2"
    last = max(1, ws.max_row)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(_HEADERS))}{last}"

    sm = wb.create_sheet("Summary")
    r = 1
    _put(sm, r, 1, "source").font = bold
    _put(sm, r, 2, report.get("source") or "")
    r += 1
    _put(sm, r, 1, "segments").font = bold
    _put(sm, r, 2, len(report["segments"]))
    r += 1
    _put(sm, r, 1, "QA config").font = bold
    _put(sm, r, 2, report.get("config", {}).get("signature", ""))
    r += 2
    for c, h in enumerate(("check", "error", "warning", "info"), start=1):
        _put(sm, r, c, h).font = bold
    for cid, counts in report.get("counts", {}).items():
        r += 1
        _put(sm, r, 1, cid)
        for c, sev in enumerate(("error", "warning", "info"), start=2):
            _put(sm, r, c, counts.get(sev, 0))
    r += 1
    _put(sm, r, 1, "total").font = bold
    for c, sev in enumerate(("error", "warning", "info"), start=2):
        _put(sm, r, c, report.get("totals", {}).get(sev, 0)).font = bold
    sup = report.get("suppressed", {}).get("total", 0)
    if sup:
        r += 1
        _put(sm, r, 1, "suppressed")
        _put(sm, r, 2, sup)
    r += 2
    for c, h in enumerate(("score", "value", "signature"), start=1):
        _put(sm, r, c, h).font = bold
    for name, val in report.get("scores", {}).items():
        if isinstance(val, dict) and "score" in val:
            r += 1
            _put(sm, r, 1, name)
            _put(sm, r, 2, val["score"])
            _put(sm, r, 3, val.get("signature", ""))
    mt = report.get("scores", {}).get("mt")
    if isinstance(mt, dict) and "available" in mt:
        r += 1
        _put(sm, r, 1, "MT proposals")
        _put(sm, r, 2, "available" if mt["available"] else "unavailable")
        _put(sm, r, 3, mt.get("model") or mt.get("reason") or "")
    sm.column_dimensions["A"].width = 22
    sm.column_dimensions["B"].width = 14
    sm.column_dimensions["C"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write the workbook atomically."""
    write_bytes(path, render_xlsx(report))
