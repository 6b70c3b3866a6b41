"""The terms report as CSV, XLSX and TBX (all written atomically).

- CSV: one row per (term, rendering), the columns a spreadsheet filter needs.
- XLSX: sheets `Terms` (one row per term), `Renderings` and `Variants`.
- TBX (TBX 2 / martif, through translate-toolkit, so that translate-toolkit and CAT tools
  read it back): one `termEntry` per term: the Chinese forms, then the English: a
  termbase term's approved (`preferredTerm-admn-sts`), admitted and forbidden
  (`deprecatedTerm-admn-sts`) forms, a candidate's most likely English (no status: a
  proposal a terminologist confirms), each with its observed usage count
  (`<admin type="x-usageCount">`); the term's status, source and the renderings observed
  that are not in the termbase go into `descrip`/`note` elements, never into `tig`s, so
  that importing the file never turns an observed error into an admitted term.
"""
from __future__ import annotations

import csv
import io
import os
from typing import Any

from zhenqa.corpora.fileio import atomic_write, write_bytes, write_text

CSV_COLUMNS = ("zh", "en", "source", "term_status", "occurrences", "documents", "rendering",
               "rendering_status", "count", "evidence", "segments")


def _seg_list(segments: list[dict[str, Any]], limit: int = 50) -> str:
    shown = "; ".join(f"{s['doc']}#{s['segment']}" for s in segments[:limit])
    return shown + (f"; … (+{len(segments) - limit})" if len(segments) > limit else "")


def csv_rows(report: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for t in report["terms"]:
        for r in t["renderings"] or [{}]:
            rows.append([t["zh"], t["en"] or "", t["source"], t["status"], t["occurrences"],
                         t["documents"], r.get("en", ""), r.get("status", ""), r.get("count", 0),
                         r.get("evidence", ""), _seg_list(r.get("segments", []))])
    return rows


def write_csv(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    w.writerows(csv_rows(report))
    write_text(path, "\ufeff" + buf.getvalue())      # BOM: Excel opens UTF-8 correctly


def write_xlsx(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Terms"
    ws.append(["zh", "en", "source", "status", "occurrences", "documents", "renderings",
               "not found"])
    for t in report["terms"]:
        ws.append([t["zh"], t["en"] or "", t["source"], t["status"], t["occurrences"],
                   t["documents"], len(t["renderings"]), t.get("not_found", 0)])
    rs = wb.create_sheet("Renderings")
    rs.append(list(CSV_COLUMNS))
    for row in csv_rows(report):
        rs.append(row)
    vs = wb.create_sheet("Variants")
    vs.append(["en", "zh", "count", "source", "segments"])
    for v in report["variants"]:
        for z in v["zh"]:
            vs.append([v["en"], z["zh"], z["count"], z.get("source", ""), _seg_list(z["segments"])])
    for sheet in (ws, rs, vs):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    with atomic_write(path, "wb", encoding=None) as fh:
        wb.save(fh)


_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
           "forbidden": "deprecatedTerm-admn-sts"}


def tbx_bytes(report: dict[str, Any]) -> bytes:
    from lxml import etree
    from translate.storage.tbx import tbxfile

    store = tbxfile(sourcelanguage="zh", targetlanguage="en")
    for t in report["terms"]:
        counts = {(r["en"], r["status"]): r["count"] for r in t["renderings"]}
        if t["source"] == "termbase":
            english = [(f, "preferred" if f in t.get("preferred", ()) else "admitted")
                       for f in t["approved"]]
            english += [(f, "forbidden") for f in t.get("forbidden_forms", [])]
        else:
            english = [(t["en"], "")] if t["en"] else []
        if not english:
            continue
        unit = store.addsourceunit(t["zh"])
        unit.target = english[0][0]
        entry = unit.xmlelement
        langsets = [e for e in entry if etree.QName(e).localname == "langSet"]
        zh_set, en_set = langsets[0], langsets[-1]
        for form in t.get("forms", [])[1:]:
            if form["zh"] != t["zh"]:
                tig = etree.SubElement(zh_set, "tig")
                etree.SubElement(tig, "term").text = form["zh"]
        for k, (form, status) in enumerate(english):
            tig = en_set[0] if k == 0 else etree.SubElement(en_set, "tig")
            if k > 0:
                etree.SubElement(tig, "term").text = form
            if status:
                note = etree.SubElement(tig, "termNote", type="administrativeStatus")
                note.text = _STATUS[status]
            used = counts.get((form, status), 0) if status else sum(
                r["count"] for r in t["renderings"] if r["en"] == form)
            admin = etree.SubElement(tig, "admin", type="x-usageCount")
            admin.text = str(used)
        descrip = etree.Element("descrip", type="x-termStatus")
        descrip.text = t["status"]
        entry.insert(0, descrip)
        src = etree.Element("descrip", type="x-source")
        src.text = t["source"]
        entry.insert(1, src)
        others = [r for r in t["renderings"] if r["status"] in ("other", "not-found")]
        lines = [f"{t['occurrences']} occurrence(s) in {t['documents']} document(s); "
                 f"status {t['status']}"]
        lines += [f"observed: {r['en'] or '(not found)'} ×{r['count']} ({r['evidence']})"
                  for r in others[:20]]
        unit.addnote("\n".join(lines), origin="translator")
    return bytes(store)


def write_tbx(report: dict[str, Any], path: str | os.PathLike[str]) -> None:
    write_bytes(path, tbx_bytes(report))
