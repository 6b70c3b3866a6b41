"""The data model every stage shares: documents of units carrying anchors, and bitexts.

Data flows one way: a reader turns a file into a `Document`; the aligner turns two
documents into a `Bitext` of `Segment`s; checks turn segments into findings; reports render
them. These classes are plain data (no I/O, no heavy imports) so that every stage can be
tested on hand-built values.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Lang = Literal["zh", "en"]

#: Unit kinds a reader may produce. Downstream code treats unknown kinds as "paragraph".
UNIT_KINDS = (
    "title",         # document title
    "heading",       # 五. / V. / A. / 第三章 / Chapter III / Article 3 ...
    "paragraph",     # numbered or free paragraph (1. ...)
    "subparagraph",  # (a) / （a）/ ㈠ / (子) / list items
    "footnote",
    "placeholder",   # [...] / […] standing for text not yet available
    "note",          # editorial notes with no counterpart expected
)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Something both language versions share exactly: a symbol, number, date, reference.

    `value` is normalized so that the Chinese and English anchors of the same thing compare
    equal (``第 3/1 号决议`` and ``resolution 3/1`` both give ``("resolution", "3/1")``);
    `text` and `start`/`end` keep the original span in the text it was found in (the unit
    text or a sentence), so that reports can highlight it.
    """

    type: str
    value: str
    text: str
    start: int
    end: int

    @property
    def key(self) -> tuple[str, str]:
        """What is compared across languages."""
        return (self.type, self.value)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "value": self.value, "text": self.text,
                "start": self.start, "end": self.end}


@dataclass(slots=True)
class Unit:
    """One structural unit of a document: a heading, a paragraph, a list item, ...

    `label` is the unit's own number or letter as printed ("五", "V", "12", "(a)", "A"),
    `text` the text with layout undone, `sentences` its sentence split (in order, joining
    them gives back `text` up to whitespace), `anchors` found in `text`.
    `path` places the unit in the document outline, e.g. ("V", "A", "12"), which the
    block aligner and reports use; `meta` keeps reader-specific facts (an XML article
    number, a page number).
    """

    kind: str
    text: str
    label: str | None = None
    sentences: list[str] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    path: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "text": self.text,
            "sentences": list(self.sentences),
            "anchors": [a.to_json() for a in self.anchors],
            "path": list(self.path),
        }


@dataclass(slots=True)
class Document:
    """A document in one language: its ordered units and what we know about it."""

    lang: Lang
    units: list[Unit]
    path: str | None = None
    symbol: str | None = None      # the document's own UN symbol, when known
    title: str | None = None
    source_format: str = "text"    # text | pdf-text | pdf | docx | html | udhr-xml | presplit
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "path": self.path,
            "symbol": self.symbol,
            "title": self.title,
            "format": self.source_format,
            "units": [u.to_json() for u in self.units],
        }


@dataclass(slots=True)
class Segment:
    """One aligned pair: Chinese text and its English, as a reviser or a TM sees it.

    `zh_units`/`en_units` are the unit indices on each side (empty for a 1-0 or 0-1 bead),
    `score` the aligner's confidence in [0, 1] (None for bitexts read from files),
    `props` what TMX writes as <prop>s (document symbol, paragraph label),
    `proposal` a machine translation offered for Chinese without English:
    ``{"text": ..., "model": ..., "machine": True}``.
    """

    id: int
    zh: str
    en: str
    zh_units: tuple[int, ...] = ()
    en_units: tuple[int, ...] = ()
    score: float | None = None
    review: bool = False
    props: dict[str, str] = field(default_factory=dict)
    proposal: dict[str, Any] | None = None
    line: int | None = None        # 1-based line in the file it was read from, if any

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["zh_units"] = list(self.zh_units)
        out["en_units"] = list(self.en_units)
        return out


@dataclass(slots=True)
class Bitext:
    """Aligned segments of one document pair (or of one bitext file)."""

    segments: list[Segment]
    source: str | None = None      # file or "ZH ↔ EN" description
    meta: dict[str, Any] = field(default_factory=dict)
