"""Findings as CSV: one row per finding, with the segment texts, for spreadsheets and scripts.

Columns: segment, line, severity, check, message, evidence (what decided the finding), key,
zh, en, spans (``en:3-7 zh:0-2``).
UTF-8, RFC 4180 quoting. Text cells that a spreadsheet would run as a formula (starting
with ``=``, ``+`` or ``@``) get a leading apostrophe, the OWASP-recommended guard against CSV
injection: a document is untrusted input.
"""
from __future__ import annotations

import csv
import io
import os
from typing import Any

from zhenqa.corpora.fileio import write_text

COLUMNS = ("segment", "line", "severity", "check", "message", "evidence", "key", "zh", "en",
           "spans")


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "@") else text


def finding_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per finding with the columns above (shared with the XLSX report)."""
    segs = {s["id"]: s for s in report["segments"]}
    rows = []
    for f in report["findings"]:
        s = segs.get(f["segment"], {})
        rows.append({
            "segment": f["segment"],
            "line": s.get("line", ""),
            "severity": f["severity"],
            "check": f["check"],
            "message": f["message"],
            "evidence": f.get("evidence", ""),
            "key": f.get("key", ""),
            "zh": s.get("zh", ""),
            "en": s.get("en", ""),
            "spans": " ".join(f"{sp['side']}:{sp['start']}-{sp['end']}" for sp in f.get("spans", [])),
        })
    return rows


def render_csv(report: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for row in finding_rows(report):
        w.writerow({k: _safe(v) if isinstance(v, str) else v for k, v in row.items()})
    return buf.getvalue()


def write_csv(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write the findings CSV atomically."""
    write_text(path, render_csv(report))
