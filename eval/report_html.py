"""The reviser's HTML report: one self-contained file, safe with hostile document text.

Side by side Chinese and English per segment, anchors and finding spans highlighted,
counts per check and severity, filters by check and severity, and keyboard navigation
(j / n: next finding, k / p: previous). Everything is inline (CSS and JS come from the
templates in `eval/templates/`): no CDN, it works offline and can be mailed as one file.

Safety: jinja2 autoescaping is on and the highlighted texts are built here as lists of
(text, classes, title) pieces, never as HTML strings, so every character of the document
reaches the page escaped; no document text is placed inside the script. A Content Security
Policy with a per-report nonce allows only the report's own script to run, as a second
line of defence.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from zhenqa.corpora.fileio import write_text

_TEMPLATES = Path(__file__).resolve().parent / "templates"
SEVERITIES = ("error", "warning", "info")


def _pieces(text: str, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut `text` at every mark boundary; each piece lists the marks covering it.

    A mark is {"start", "end", "cls", "title"}. Overlapping marks simply stack classes.
    """
    n = len(text)
    cuts = {0, n}
    for m in marks:
        s, e = max(0, min(n, m["start"])), max(0, min(n, m["end"]))
        if e > s:
            cuts.update((s, e))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        if b <= a:
            continue
        cover = [m for m in marks if m["start"] <= a and b <= m["end"] and m["end"] > m["start"]]
        classes = []
        titles = []
        for m in cover:
            if m["cls"] not in classes:
                classes.append(m["cls"])
            if m.get("title") and m["title"] not in titles:
                titles.append(m["title"])
        out.append({"text": text[a:b], "cls": " ".join(classes), "title": "\n".join(titles)})
    return out


def build_context(report: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """The template's data: segments with highlight pieces and findings, counts, scores."""
    by_seg: dict[int, list[dict[str, Any]]] = {}
    for i, f in enumerate(report["findings"]):
        by_seg.setdefault(f["segment"], []).append({**f, "index": i})
    rows = []
    for seg in report["segments"]:
        findings = by_seg.get(seg["id"], [])
        marks: dict[str, list[dict[str, Any]]] = {"zh": [], "en": []}
        for side in ("zh", "en"):
            for a in seg.get("anchors", {}).get(side, []):
                marks[side].append({"start": a["start"], "end": a["end"],
                                    "cls": f"anc anc-{a['type']}",
                                    "title": f"{a['type']}: {a['value']}"})
        for f in findings:
            for sp in f.get("spans", []):
                if sp["side"] in marks:
                    marks[sp["side"]].append({"start": sp["start"], "end": sp["end"],
                                              "cls": f"hl hl-{f['severity']}",
                                              "title": f"{f['check']}: {f['message']}"})
        worst = min((SEVERITIES.index(f["severity"]) for f in findings), default=None)
        rows.append({
            "id": seg["id"],
            "line": seg.get("line"),
            "zh": _pieces(seg["zh"], marks["zh"]),
            "en": _pieces(seg["en"], marks["en"]),
            "zh_empty": not seg["zh"].strip(),
            "en_empty": not seg["en"].strip(),
            "findings": findings,
            "checks": " ".join(sorted({f["check"] for f in findings})),
            "severities": " ".join(sorted({f["severity"] for f in findings})),
            "worst": SEVERITIES[worst] if worst is not None else "",
            "mt": seg.get("mt") or (seg.get("proposal") or {}).get("text"),
            "chrf": seg.get("chrf"),
            "align_score": seg.get("align_score"),
            "review": seg.get("review", False),
            "label": (seg.get("props") or {}).get("x-zh-label") or (seg.get("props") or {}).get("x-en-label"),
        })
    counts = report.get("counts", {})
    checks = [{"id": cid, "counts": counts.get(cid, {s: 0 for s in SEVERITIES}),
               "total": sum(counts.get(cid, {}).values()),
               "description": info.get("description", "")}
              for cid, info in report.get("checks", {}).items() if info.get("enabled", True)]
    checks.sort(key=lambda c: (-c["total"], c["id"]))
    scores = report.get("scores", {})
    metric_rows = [{"name": k.upper(), "score": v["score"], "signature": v["signature"]}
                   for k, v in scores.items()
                   if isinstance(v, dict) and "signature" in v and k != "qa"]
    return {
        "title": title or f"zhenqa QA — {report.get('source') or 'bitext'}",
        "source": report.get("source") or "",
        "rows": rows,
        "checks": checks,
        "totals": report.get("totals", {s: 0 for s in SEVERITIES}),
        "severities": SEVERITIES,
        "qa": scores.get("qa", {}),
        "metrics": metric_rows,
        "model": scores.get("model"),
        "mt": scores.get("mt") or {},
        "config": report.get("config", {}),
        "suppressed": report.get("suppressed", {"total": 0, "by_check": {}}),
        "n_findings": len(report["findings"]),
        "n_segments": len(report["segments"]),
        "nonce": secrets.token_urlsafe(16),
    }


def render_html(report: dict[str, Any], title: str | None = None) -> str:
    """The report as one HTML string."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,            # every {{ }} is escaped, whatever the file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2").render(**build_context(report, title))


def write_html(report: dict[str, Any], path: str | os.PathLike[str], title: str | None = None) -> None:
    """Write the report atomically."""
    write_text(path, render_html(report, title))
