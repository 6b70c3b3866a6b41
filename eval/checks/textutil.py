"""Small text helpers shared by several check families: quoting for messages, CJK and
English word patterns, the leading paragraph label of a segment."""
from __future__ import annotations

import re

from zhenqa.corpora.lang.cjk import CJK_RUN
from zhenqa.corpora.textnorm import fold

__all__ = ["CJK_RUN", "EN_WORD", "quote", "lead_label"]
EN_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


def quote(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis (for messages)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ZH_LEAD_LABEL = re.compile(
    r"^\s*(?:(\d{1,3}(?:\.\d{1,3}|\.[a-z])*)\s*[.、．](?!\d)|"
    r"[（(]\s*([a-zA-Z]{1,4}|\d{1,3}|[一二三四五六七八九十]{1,3}|[子丑寅卯辰巳午未申酉戌亥])\s*[)）]|"
    r"([\u3220-\u3229\u2474-\u2487\u2460-\u2473\u249c-\u24b5])|"
    r"([一二三四五六七八九十]{1,3})\s*(?:、|[.．](?!\d))|"
    # four-digit paragraph numbers of long UN reports ("1347. 在..."), not a year ("2001、")
    r"(\d{4})[.．](?=\s|[\u4e00-\u9fff]))")
_EN_LEAD_LABEL = re.compile(
    r"^\s*(?:(\d{1,3}(?:\.\d{1,3}|\.[a-z])*)\.(?!\d)|\(\s*([a-zA-Z]{1,4}|\d{1,3})\s*\)|"
    r"([IVXLC]{1,6})\.\s|(\d{4})\.(?=\s+[A-Z]))")


def lead_label(text: str, lang: str) -> tuple[str, int, int] | None:
    m = (_ZH_LEAD_LABEL if lang == "zh" else _EN_LEAD_LABEL).match(fold(text))
    if not m:
        return None
    for g in range(1, (m.lastindex or 0) + 1):
        if m.group(g):
            label = m.group(g)
            if g == 2 or (lang == "zh" and g == 3):
                label = f"({label})" if g == 2 else label
            return label, m.start(g), m.end(g)
    return None
