"""Word .docx through python-docx: body paragraphs and tables in order, headings from
paragraph styles (Heading 1-9, Title, or an outline level), automatic numbering rendered
as Word shows it, and the footnotes part.

Word stores list and heading numbers as numbering definitions, not as text, so
`paragraph.text` of "12. The Conference…" is only "The Conference…". `_Numbering` replays
the counters (per list and level, deeper levels restarting) and formats them with the
level's pattern ("%1.", "(%2)") and number format (decimal, letters, Roman, Chinese
counting, enclosed), so that labels come out as printed.
"""
from __future__ import annotations

import io
import os
import re
from typing import Any

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.formats import Extracted, collapse_whitespace, symbol_in
from zhenqa.corpora.numbers import int_to_zh_numeral, list_marker
from zhenqa.corpora.structure import Block

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def read(data: bytes, path: str | os.PathLike[str] | None) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(path, f"not a readable .docx file ({type(exc).__name__})") from None
    numbering = _Numbering(document)
    blocks: list[Block] = []
    title = (document.core_properties.title or "").strip() or None

    def add_paragraph(par: Paragraph, meta: dict[str, Any]) -> None:
        nonlocal title
        text = collapse_whitespace(par.text)
        style = par.style.name if par.style is not None else ""
        label = numbering.render(par)
        hint: str | None = None
        level: int | None = None
        m = _HEADING_STYLE.match(style or "")
        outline = _outline_level(par)
        if style in ("Title", "标题"):
            hint = "title"
        elif m:
            hint, level = "heading", int(m.group(1))
        elif style == "Subtitle":
            hint, level = "heading", 1
        elif outline is not None and outline < 9:
            hint, level = "heading", outline + 1
        if not text:
            return
        if label == BULLET:
            label = None
            hint = hint or "subparagraph"
        if label:
            text = f"{label} {text}"  # printed as such; the structure reader takes it apart
        if hint == "title":
            title = title or text
        block_meta = dict(meta)
        if label:
            block_meta["numbering"] = "auto"
        blocks.append(Block(text, hint=hint, level=level, meta=block_meta))

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            add_paragraph(item, {})
        elif isinstance(item, Table):
            seen: set[int] = set()
            for r, row in enumerate(item.rows):
                for c, cell in enumerate(row.cells):
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    for par in cell.paragraphs:
                        add_paragraph(par, {"table_cell": [r, c]})
    blocks.extend(_footnotes(document))
    if not any(b.text.strip() for b in blocks):
        raise InputError(path, "empty document (no text in the .docx)")
    symbol = _header_symbol(document) or symbol_in(blocks)
    return Extracted("docx", blocks=blocks, title=title, symbol=symbol)


def _outline_level(par: Any) -> int | None:
    ppr = par._p.pPr
    if ppr is None:
        return None
    el = ppr.find(f"{_W}outlineLvl")
    if el is None:
        return None
    try:
        return int(el.get(f"{_W}val"))
    except (TypeError, ValueError):
        return None


def _header_symbol(document: Any) -> str | None:
    """UN .docx files print their symbol in the page header."""
    from zhenqa.corpora.formats import SYMBOL_LINE

    try:
        for section in document.sections:
            for par in section.header.paragraphs:
                for token in par.text.split():
                    if SYMBOL_LINE.match(token):
                        return str(token)
    except Exception:  # a header we cannot read is no reason to refuse the document
        return None
    return None


def _footnotes(document: Any) -> list[Block]:
    part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            part = rel.target_part
            break
    if part is None:
        return []
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(part.blob, parser)
    out: list[Block] = []
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = collapse_whitespace("".join(t.text or "" for t in note.iter(f"{_W}t")))
        if text:
            out.append(Block(text, hint="footnote", label=str(len(out) + 1),
                             meta={"footnote_id": note.get(f"{_W}id")}))
    return out


#: What `_Numbering.render` returns for a bulleted (unnumbered) list item.
BULLET = "\u2022"


class _Numbering:
    """Replays Word's automatic numbering to get the printed labels."""

    def __init__(self, document: Any):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in root.iter(f"{_W}abstractNum"):
            lv: dict[int, tuple[int, str, str]] = {}
            for lvl in an.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                start = _val(lvl, "start", "1")
                fmt = _val(lvl, "numFmt", "decimal")
                text = _val(lvl, "lvlText", "%1.")
                lv[ilvl] = (int(start) if start.isdigit() else 1, fmt, text)
            abstract[an.get(f"{_W}abstractNumId")] = lv
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            levels = dict(abstract.get(ref.get(f"{_W}val"), {}))
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                so = override.find(f"{_W}startOverride")
                if so is not None and ilvl in levels:
                    first, num_fmt, num_text = levels[ilvl]
                    levels[ilvl] = (int(so.get(f"{_W}val", first)), num_fmt, num_text)
            self.levels[num.get(f"{_W}numId")] = levels

    def render(self, par: Any) -> str | None:
        num_id, ilvl = self._num_pr(par)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return None
        levels = self.levels[num_id]
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        start = levels[ilvl][0]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        _, fmt, pattern = levels[ilvl]
        if fmt in ("bullet", "none"):
            return BULLET

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            value = counters[k] or levels[k][0]
            return _format(value, levels[k][1])

        label = re.sub(r"%(\d)", sub, pattern).strip()
        return label or None

    @staticmethod
    def _num_pr(par: Any) -> tuple[str | None, int]:
        ppr = par._p.pPr
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None and par.style is not None:
            sppr = par.style.element.find(f"{_W}pPr")
            num_pr = sppr.find(f"{_W}numPr") if sppr is not None else None
        if num_pr is None:
            return None, 0
        nid = num_pr.find(f"{_W}numId")
        il = num_pr.find(f"{_W}ilvl")
        return (None if nid is None else nid.get(f"{_W}val"),
                0 if il is None else int(il.get(f"{_W}val", "0")))


def _val(el: Any, name: str, default: str) -> str:
    child = el.find(f"{_W}{name}")
    return default if child is None else child.get(f"{_W}val", default)


_DOCX_STYLES = {"lowerLetter": "lower-alpha", "upperLetter": "upper-alpha",
                "lowerRoman": "lower-roman", "upperRoman": "upper-roman"}


def _format(n: int, fmt: str) -> str:
    if fmt in _DOCX_STYLES:
        return list_marker(n, _DOCX_STYLES[fmt])
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return int_to_zh_numeral(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("ideographEnclosedCircle", "decimalEnclosedParen") and 1 <= n <= 10:
        return chr(0x3220 + n - 1) if fmt == "ideographEnclosedCircle" else f"({n})"
    return str(n)
