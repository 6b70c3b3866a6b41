"""Corpus rows of one aligned pair: one row per link with both sides non-empty.

A row is what a corpus builder trains on: the link's Chinese and English (its units joined
as `to_bitext` joins them for TMX and TSV), the unit indices, the confidence as written in
`pairs/<id>.json`, the paragraph labels of its units on each side (so that rows can be
grouped by paragraph), the anchors the two sides share (equal typed values: numbers,
dates, symbols... evidence a row is a true translation), and the alignment configuration
signature (rows from different settings must not be mixed unknowingly).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhenqa.align.aligner import Alignment

#: Column order of corpus.jsonl and corpus.parquet.
COLUMNS = ("pair", "zh", "en", "zh_ids", "en_ids", "score", "zh_labels", "en_labels",
           "anchors", "signature")


def link_rows(pid: str, alignment: Alignment) -> list[dict[str, Any]]:
    """The rows of one alignment, links in document order."""
    from zhenqa.align.aligner import to_bitext
    from zhenqa.corpora.anchors import extract_anchors

    signature = alignment.config.signature()
    rows = []
    for seg in to_bitext(alignment).segments:
        if not seg.zh_units or not seg.en_units:
            continue
        en_keys = {(a.type, a.value) for a in extract_anchors(seg.en, "en")}
        shared: list[dict[str, str]] = []
        for a in extract_anchors(seg.zh, "zh"):
            item = {"type": a.type, "value": a.value}
            if (a.type, a.value) in en_keys and item not in shared:
                shared.append(item)
        score = seg.score
        if score is None:                # never: the aligner scores every link it makes
            raise TypeError(f"pair {pid}: a link without a score")
        rows.append({
            "pair": pid,
            "zh": seg.zh,
            "en": seg.en,
            "zh_ids": list(seg.zh_units),
            "en_ids": list(seg.en_units),
            "score": round(float(score), 4),
            "zh_labels": _labels(alignment.zh_labels, seg.zh_units),
            "en_labels": _labels(alignment.en_labels, seg.en_units),
            "anchors": shared,
            "signature": signature,
        })
    return rows


def _labels(labels: list[str | None], idx: tuple[int, ...]) -> list[str]:
    """The distinct paragraph labels of a link's units, in order (none outside numbered
    paragraphs)."""
    out: list[str] = []
    for i in idx:
        label = labels[i] if i < len(labels) else None
        if label and label not in out:
            out.append(label)
    return out
