"""Structure: which blocks are headings, numbered paragraphs, list items, footnotes, ...

Readers (and the layout undoing for PDF text) deliver `Block`s: a text in reading order
plus whatever the format itself says (a docx heading style, an HTML <li>, a UDHR article
number). This module turns them into `Unit`s with a kind, the label as printed, and the
outline path, using the markers UN documents print at the start of a block:

| marker (zh ↔ en)                        | kind         | label        | outline rank |
|------------------------------------------|--------------|--------------|--------------|
| 第一部分 ↔ Part One / Part I             | heading      | 一 / I       | 0            |
| 第三章 ↔ Chapter III                     | heading      | 三 / III     | 1            |
| 第二节                                   | heading      | 二           | 2            |
| 五. / 五、 ↔ V.                          | heading      | 五 / V       | 3            |
| A. ↔ A.                                  | heading      | A            | 4            |
| 第一百一十一条 ↔ Article 111            | heading      | 一百一十一 / 111 | 5        |
| 1.2 Title (multi-level numbers)          | heading      | 1.2          | 3 + depth    |
| 12. ↔ 12.                                | paragraph    | 12           | —            |
| (a) （a） ㈠ (一) (子) (i) (1) a) ① •      | subparagraph | as printed   | nested list  |
| […] / [...] alone                        | placeholder  | None         | —            |

Decisions, so that both languages come out the same:
- `Unit.text` excludes the label and its punctuation ("12. The …" → label "12", text
  "The …"); when the label is all the block holds ("第一条", "Article 1", "五."), the text is
  the block as printed, so that no unit is empty.
- An article marker followed by a whole sentence (a law's "第一条　为了……。") becomes two
  units, the heading and the paragraph, because the English prints "Article 1" on its own line.
- Single capitals that are also Roman numerals are read in context: "C." after "B." is a
  letter heading, "V." with no "U." before it is chapter V; likewise "(i)" after "(h)" is a
  letter, otherwise a Roman numeral; "(v)"/"(x)" likewise.
- A heading marker followed by a long sentence (more than 150 characters ending in a full
  stop) is a numbered paragraph: Chinese documents number list paragraphs "一、……。".
- Outline paths hold printed labels: headings by rank (a heading pops every open heading of
  equal or lower rank), numbered paragraphs under the open headings, list items under the
  current paragraph with nesting by marker style (a style already open closes what is
  nested inside it; a new style opens a deeper level).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from zhenqa.corpora.lazyre import lazy_compile
from zhenqa.corpora.model import Lang, Unit
from zhenqa.corpora.numbers import roman_to_int

_ZH_NUM = "[一二三四五六七八九十百千零〇两]+"
_ENGLISH_ORDINALS = ("One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|"
                     "First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth")

_PLACEHOLDER_RE = lazy_compile(r"^(?:\[\s*(?:…+|\.{2,}|\s*)\s*\]|…+|\.{3,})\s*[.。]?$")
_INLINE_PLACEHOLDER = lazy_compile(r"\[\s*(?:…+|\.{2,})\s*\]")
_PART_ZH = lazy_compile(rf"^第\s*({_ZH_NUM}|\d+)\s*(?:部分|编)(?:[\s\u3000]+(.*)|$)")
_PART_EN = lazy_compile(rf"^(?:Part|PART)\s+([IVXLC]+|\d+|{_ENGLISH_ORDINALS}|{_ENGLISH_ORDINALS.upper()})"
                        r"(?:\s*[.:–—-]\s*|\s+|$)(.*)$")
_CHAPTER_ZH = lazy_compile(rf"^第\s*({_ZH_NUM}|\d+)\s*章(?:[\s\u3000.．:：]+(.*)|$)")
_CHAPTER_EN = lazy_compile(r"^(?:Chapter|CHAPTER)\s+([IVXLC]+|\d+)(?:\s*[.:–—-]\s*|\s+|$)(.*)$")
_JIE_ZH = lazy_compile(rf"^第\s*({_ZH_NUM}|\d+)\s*节(?:[\s\u3000.．:：]+(.*)|$)")
_ARTICLE_ZH = lazy_compile(rf"^第\s*({_ZH_NUM}|\d+)\s*条(?:[\s\u3000.．:：]+(.*)|$)")
_ARTICLE_EN = lazy_compile(r"^(?:Article|ARTICLE|Art\.)\s+(\d+)(?:\s*[.:–—-]\s*|\s+|$)(.*)$")
_ZH_SECTION = lazy_compile(r"^([一二三四五六七八九十]{1,3})\s*[.．、](?!\d)\s*(.*)$")
_ROMAN_HEAD = lazy_compile(r"^([IVXLC]{1,7})\s*[.．](?:\s+(.*)|$)")
_LETTER_HEAD = lazy_compile(r"^([A-Z])\s*[.．](?:\s+(.*)|$)")
_MULTI_HEAD = lazy_compile(r"^(\d{1,2}(?:\.\d{1,2}){1,4})\.?\s+(\S.*)$")
_NUMBERED = lazy_compile(r"^(\d{1,3})\s*(?:[.．](?![\d.])|、)\s*(.*)$")
_SUB_MARKER = lazy_compile(
    r"^(?P<m>[(（]\s*(?P<inner>[A-Za-z]{1,4}|\d{1,2}|[一二三四五六七八九十]{1,3}|[子丑寅卯辰巳午未申酉戌亥])\s*[)）]"
    r"|(?P<circ>[\u3220-\u3229\u2460-\u2473\u2776-\u277f])"
    r"|(?P<half>[a-z]|\d{1,2})\))(?:[\s\u3000]*)(?P<body>.*)$")
_BULLET = lazy_compile(r"^([•·▪◦●○■□–—\-*‣⁃])\s+(.*)$")

_TERMINAL = tuple("。！？.!?；;")
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"

#: Heading ranks: a new heading closes every open heading of equal or lower rank.
RANKS = {"part": 0, "chapter": 1, "jie": 2, "section": 3, "letter": 4, "article": 5}


@dataclass(slots=True)
class Block:
    """A block of text in reading order, as a reader found it.

    `hint` is what the format says about the block's kind ("heading", "title", "note",
    "footnote", "subparagraph", "paragraph", "placeholder"), `label` a label the format
    gives (a UDHR article number, an implied list number, a footnote id), `level` a heading
    level from the format (docx Heading 2, <h2>), `meta` facts worth keeping (line, page).
    """

    text: str
    hint: str | None = None
    label: str | None = None
    level: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Marker:
    """What the start of a block says: its kind, printed label, the text after the label."""

    kind: str
    label: str | None
    body: str
    style: str            # heading style (RANKS) or list style, "" for none
    rest: str | None = None   # a sentence that follows an article marker: its own unit


def roman_value(s: str) -> int | None:
    """Value of a Roman numeral (upper or lower case), None if `s` is not one."""
    return roman_to_int(s) if s else None


def _is_sentence(body: str) -> bool:
    return bool(body) and body.rstrip("”’\"')）").endswith(_TERMINAL)


@dataclass(slots=True)
class _Context:
    """What earlier blocks said, to read ambiguous markers (C. / V. / (i))."""

    last_letter: str | None = None
    last_roman: int | None = None
    sub_styles: list[tuple[str, str | None]] = field(default_factory=list)  # open list levels


def classify(text: str, lang: Lang, ctx: _Context | None = None) -> Marker:
    """Read the marker at the start of a block: kind, label as printed, text without it."""
    ctx = ctx or _Context()
    s = text.strip()
    if _PLACEHOLDER_RE.match(s):
        return Marker("placeholder", None, s, "")
    for regex, style in ((_PART_ZH, "part"), (_PART_EN, "part"), (_CHAPTER_ZH, "chapter"),
                         (_CHAPTER_EN, "chapter"), (_JIE_ZH, "jie")):
        m = regex.match(s)
        if m and not (m.group(2) or "")[:1].islower():
            return Marker("heading", m.group(1), (m.group(2) or "").strip() or s, style)
    m = _ARTICLE_ZH.match(s) or _ARTICLE_EN.match(s)
    if m and not (m.group(2) or "")[:1].islower():
        body = (m.group(2) or "").strip()
        head = s[: m.start(2)].strip() if m.group(2) is not None else s
        if _is_sentence(body):
            return Marker("heading", m.group(1), head.rstrip(".:：．–—- "), "article", rest=body)
        return Marker("heading", m.group(1), body or s, "article")
    m = _ZH_SECTION.match(s)
    if m:
        return _heading_or_paragraph(m.group(1), m.group(2), s, "section")
    m = _ROMAN_HEAD.match(s)
    if m and roman_value(m.group(1)) is not None:
        label = m.group(1)
        if not (len(label) == 1 and _letter_continues(label, ctx)):
            return _heading_or_paragraph(label, m.group(2) or "", s, "section")
    m = _LETTER_HEAD.match(s)
    if m:
        return _heading_or_paragraph(m.group(1), m.group(2) or "", s, "letter")
    m = _MULTI_HEAD.match(s)
    if m and not m.group(2)[:1].islower() and (not _is_sentence(m.group(2)) or len(m.group(2)) < 120):
        depth = m.group(1).count(".")
        return Marker("heading", m.group(1), m.group(2).strip(), f"multi{depth}")
    m = _NUMBERED.match(s)
    if m:
        return Marker("paragraph", m.group(1), m.group(2).strip() or s, "")
    m = _SUB_MARKER.match(s)
    if m:
        label = m.group("m").strip()
        return Marker("subparagraph", label, m.group("body").strip() or s, _list_style(m, ctx))
    m = _BULLET.match(s)
    if m:
        return Marker("subparagraph", None, m.group(2).strip(), "bullet")
    return Marker("paragraph", None, s, "")


def _letter_continues(label: str, ctx: _Context) -> bool:
    """True when a single Roman-looking capital continues a letter sequence (B. → C.)."""
    if ctx.last_letter and ord(label) == ord(ctx.last_letter) + 1:
        return not (ctx.last_roman is not None and roman_value(label) == ctx.last_roman + 1)
    return label not in "IVX"


def _heading_or_paragraph(label: str, body: str, s: str, style: str) -> Marker:
    body = body.strip()
    if len(body) > 150 and _is_sentence(body):
        return Marker("paragraph", label, body, "")
    return Marker("heading", label, body or s, style)


def _list_style(m: re.Match[str], ctx: _Context) -> str:
    if m.group("circ"):
        return "circled" if m.group("circ") >= "\u2460" else "cjk-num"
    if m.group("half"):
        return "half-digit" if m.group("half").isdigit() else "half-latin"
    inner = m.group("inner")
    if inner.isdigit():
        return "paren-digit"
    if inner in _DIZHI:
        return "dizhi"
    if "\u4e00" <= inner[0] <= "\u9fff":
        return "cjk-num"
    case = "lower" if inner.islower() else "upper"
    if roman_value(inner) is None:
        return f"paren-latin-{case}"
    # Roman-looking letters: a letter when they continue a letter list, else Roman.
    latin = f"paren-latin-{case}"
    for style, last in reversed(ctx.sub_styles):
        prev = (last or "").strip("()（） ")
        if style == latin and len(inner) == 1 and len(prev) == 1 \
                and ord(inner.lower()) == ord(prev.lower()) + 1:
            return latin
    if len(inner) == 1 and inner.lower() not in "ivx":
        return latin
    return f"paren-roman-{case}"


def build_units(blocks: list[Block], lang: Lang) -> list[Unit]:
    """Kinds, labels and outline paths for a document's blocks, in order.

    Sentences and anchors are left empty here; `corpora.readers` fills them in.
    """
    ctx = _Context()
    units: list[Unit] = []
    headings: list[tuple[float, str | None]] = []   # open headings: (rank, label)
    para: str | None = None                          # current numbered paragraph
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        meta = dict(block.meta)
        inline = len(_INLINE_PLACEHOLDER.findall(text))
        if inline:
            meta["placeholders"] = inline
        if block.hint in ("title", "note", "footnote"):
            path: tuple[str, ...] = ("footnote", block.label) if block.hint == "footnote" and block.label else ()
            units.append(Unit(block.hint, text, label=block.label, path=path, meta=meta))
            continue
        marker = classify(text, lang, ctx)
        kind = marker.kind
        label = block.label if block.label is not None else marker.label
        body = marker.body
        if block.label is not None and marker.label is None:
            body = text
        if block.hint == "heading" and kind != "heading":
            kind = "heading"
            if marker.kind in ("paragraph", "subparagraph") and marker.label is None:
                body = text
        elif block.hint == "subparagraph" and kind == "paragraph":
            kind = "subparagraph"
        elif block.hint == "placeholder":
            kind = "placeholder"
        elif block.hint == "paragraph" and kind == "heading":
            # The format says paragraph (a UDHR <para>): a leading "A." is not a heading.
            kind, label, body = "paragraph", block.label, text
        if block.label is not None and kind != "heading" and marker.kind == "subparagraph":
            # The format numbered the item; the text starts with its own marker too.
            label = marker.label
        if kind == "heading":
            if marker.kind == "heading":
                rank = RANKS.get(marker.style, 3 + float(marker.style[5:] or 0)
                                 if marker.style.startswith("multi") else 3)
            else:
                rank = (block.level or 1) + 0.5
            if marker.style == "letter" and label:
                ctx.last_letter = label
            elif marker.style == "section" and label and roman_value(label):
                ctx.last_roman = roman_value(label)
            while headings and headings[-1][0] >= rank:
                headings.pop()
            headings.append((rank, label))
            para = None
            ctx.sub_styles.clear()
            meta.setdefault("heading_type", marker.style or "styled")
            if _PLACEHOLDER_RE.match(body):
                meta["placeholder"] = True  # a section whose title is not available yet
                meta.pop("placeholders", None)
            if block.level is not None:
                meta.setdefault("level", block.level)
            path = _path(headings)
            units.append(Unit("heading", body, label=label, path=path, meta=meta))
            if marker.rest:
                units.append(Unit("paragraph", marker.rest, label=None, path=path, meta=dict(block.meta)))
            continue
        if kind == "placeholder":
            units.append(Unit("placeholder", text, label=None, path=_path(headings), meta=meta))
            continue
        if kind == "subparagraph":
            style = marker.style or "implied"
            if block.label is not None and marker.kind != "subparagraph":
                style = "implied"
            levels = ctx.sub_styles
            for i, (open_style, _) in enumerate(levels):
                if open_style == style:
                    del levels[i:]
                    break
            levels.append((style, label))
            base = _path(headings) + ((para,) if para else ())
            path = base + tuple(lab for _, lab in levels if lab)
            units.append(Unit("subparagraph", body, label=label, path=path, meta=meta))
            continue
        # paragraph
        ctx.sub_styles.clear()
        if label is not None:
            para = label
            path = _path(headings) + (label,)
        else:
            para = None
            path = _path(headings)
        units.append(Unit("paragraph", body, label=label, path=path, meta=meta))
    return units


def _path(headings: list[tuple[float, str | None]]) -> tuple[str, ...]:
    return tuple(label for _, label in headings if label)
