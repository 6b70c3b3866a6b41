"""The terms report as one self-contained HTML page.

A sortable, filterable table of terms (Chinese, English, source, status, occurrences,
documents, renderings); each term expands to its renderings and their contexts side by
side, the term highlighted in the Chinese and its rendering in the English. Everything is
inline (templates `eval/templates/terms.*.j2`), nothing is fetched. Safety as in the QA
report: jinja2 autoescaping, highlighted texts built as (text, class) pieces and never as
HTML strings, no document text inside the script, and a Content Security Policy with a
per-report nonce so that only the report's own script runs.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from zhenqa.corpora.fileio import write_text

_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _pieces(text: str, span: list[int] | None) -> list[dict[str, str]]:
    if not span or span[0] is None or span[0] < 0 or span[1] <= span[0]:
        return [{"text": text, "cls": ""}]
    s, e = max(0, span[0]), min(len(text), span[1])
    return [p for p in ({"text": text[:s], "cls": ""}, {"text": text[s:e], "cls": "hl"},
                        {"text": text[e:], "cls": ""}) if p["text"]]


def build_context(report: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    rows = []
    for k, t in enumerate(report["terms"]):
        rends = []
        for r in t["renderings"]:
            rends.append({
                "en": r["en"], "count": r["count"], "status": r["status"],
                "evidence": r["evidence"],
                "contexts": [{"where": f"{ex['doc']} #{ex['segment']}",
                              "zh": _pieces(ex["zh"], ex["zh_span"]),
                              "en": _pieces(ex["en"], ex["en_span"])}
                             for ex in r.get("examples", [])],
                "more": max(0, r["count"] - len(r.get("examples", []))),
            })
        rows.append({"index": k, "zh": t["zh"], "en": t["en"] or "", "source": t["source"],
                     "status": t["status"], "occurrences": t["occurrences"],
                     "documents": t["documents"], "n_renderings": len(t["renderings"]),
                     "renderings": rends})
    summary = report.get("summary", {})
    return {
        "title": title or "zhenqa terms",
        "rows": rows,
        "variants": report.get("variants", []),
        "summary": summary,
        "statuses": ("forbidden", "inconsistent", "unverified", "consistent"),
        "nonce": secrets.token_urlsafe(16),
    }


def render_html(report: dict[str, Any], title: str | None = None) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    return env.get_template("terms.html.j2").render(**build_context(report, title))


def write_html(report: dict[str, Any], path: str | os.PathLike[str], title: str | None = None) -> None:
    write_text(path, render_html(report, title))
