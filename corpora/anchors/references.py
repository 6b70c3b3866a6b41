"""Reference anchors: resolutions, decisions, articles, chapters, paragraphs, ordinals.

References to parts of documents ("第 3/1 号决议", "article 5", "第三届会议") in both
languages, plus `division_numbers`, which the QA checks use to find the numbers of a
reference under any division word.
"""
from __future__ import annotations

import re
from typing import Literal

from zhenqa.corpora.anchors.common import (
    _Ctx,
    _EN_LIST_SEP,
    _NUMA,
    _ZHN,
    _ZH_LIST_SEP,
    _re,
    _zh_or_arabic,
)
from zhenqa.corpora.numbers import ordinal_word_to_int, roman_to_int
from zhenqa.corpora.textnorm import fold


# =========================================================================== resolutions, decisions

_RESNUM = r"(?:\d+\s*/\s*\d+|\d+\s*(?:[A-Z]\s*)?\(\s*(?:(?:19|20)\d\d|[IVXLC]+)\s*\)|\d+)"
_RESNUM_RE = _re(_RESNUM)
_ZH_RES_RE = _re(
    rf"第\s*{_RESNUM}\s*号?(?:\s*{_ZH_LIST_SEP}\s*第?\s*{_RESNUM}\s*号?)*\s*(决议|决定)"
)
# In English lists only the slash and parenthesized forms continue a list: "resolution 3/1,
# 12 States ..." must not make 12 a resolution.
_RESNUM_STRICT = r"(?:\d+\s*/\s*\d+|\d+\s*(?:[A-Z]\s*)?\(\s*(?:(?:19|20)\d\d|[IVXLC]+)\s*\))"
_EN_RES_RE = _re(
    rf"\b(?i:(resolution|decision)s?)\s+(?:No\.\s*)?{_RESNUM}(?:\s*{_EN_LIST_SEP}\s*{_RESNUM_STRICT})*(?![\d/])"
)


def _canonical_resnum(raw: str) -> str:
    raw = raw.strip()
    if "/" in raw:
        a, b = raw.split("/")
        return f"{int(a)}/{int(b)}"
    m = re.fullmatch(r"(\d+)\s*([A-Z])?\s*\(\s*(\S+?)\s*\)", raw)
    if m:
        n, letter, par = m.groups()
        return f"{int(n)} {letter} ({par})" if letter else f"{int(n)} ({par})"
    return str(int(raw))


def _emit_items(c: _Ctx, type_: str, vals: list[tuple[str, int, int]], start: int, end: int) -> None:
    """One anchor spanning the whole reference when it names one item (``第 3/1 号决议``);
    one anchor per item, spanning the item (with its own 第), when it lists several."""
    if not vals:
        return
    if len(vals) == 1:
        c.add(type_, vals[0][0], start, end)
    else:
        for v, s, e in vals:
            b = s
            while b > start and c.f[b - 1] == " ":
                b -= 1
            if b > start and c.f[b - 1] == "第":
                s = b - 1                             # the item's own 第: 第五条和「第六」条
            c.add(type_, v, s, e)
    c.claim(start, end)


def _emit_resnums(c: _Ctx, type_: str, start: int, end: int, whole: tuple[int, int]) -> None:
    vals = [(_canonical_resnum(m.group()), m.start(), m.end())
            for m in _RESNUM_RE.finditer(c.f, start, end)]
    _emit_items(c, type_, vals, *whole)


def _pass_resolutions_zh(c: _Ctx) -> None:
    for m in c.matches(_ZH_RES_RE):
        if c.free(*m.span()):
            type_ = "resolution" if m.group(1) == "决议" else "decision"
            _emit_resnums(c, type_, m.start(), m.start(1), m.span())


def _pass_resolutions_en(c: _Ctx) -> None:
    for m in c.matches(_EN_RES_RE):
        if c.free(*m.span()):
            type_ = m.group(1).lower()
            _emit_resnums(c, type_, m.end(1), m.end(), m.span())


# =========================================================================== article, chapter, paragraph, ordinal (zh)

_ZH_ITEM_LIST = rf"第\s*{_NUMA}(?:\s*{_ZH_LIST_SEP}\s*第?\s*{_NUMA})*"
_NUMA_RE = _re(rf"\d+|{_ZHN}")
_ZH_ARTICLE_RE = _re(
    rf"({_ZH_ITEM_LIST})\s*条(?![件约例款文])"
    rf"(?:\s*第\s*({_NUMA})\s*款)?"
    rf"(?:\s*(?:第\s*)?(\(\s*[a-z]{{1,4}}\s*\)|{_NUMA})\s*项)?"
)
_ZH_CHAPTER_RE = _re(rf"({_ZH_ITEM_LIST})\s*章")
_ZH_PARAGRAPH_RE = _re(
    rf"第\s*(\d+|{_ZHN})(\s*\(\s*[a-z]{{1,4}}\s*\))?"
    rf"((?:\s*{_ZH_LIST_SEP}\s*第?\s*(?:\d+|{_ZHN})(?:\s*\(\s*[a-z]{{1,4}}\s*\))?)*)\s*(段|款)"
)
_ZH_PARA_ITEM_RE = _re(rf"(\d+|{_ZHN})(\s*\(\s*[a-z]{{1,4}}\s*\))?")
_ZH_ORD_NOUNS = {
    "届会议": "session", "届会": "session", "届": "session", "次会议": "meeting",
    "次全体会议": "meeting", "审议周期": "cycle", "周期": "cycle", "委员会": "committee",
    "版": "edition", "年": "year", "轮": "round",
}
_ZH_ORDINAL_RE = _re(
    rf"({_ZH_ITEM_LIST})\s*(?:个\s*)?(届会议|届会|届|次全体会议|次会议|审议周期|周期|委员会|版|年|轮)"
)


def _list_values(c: _Ctx, start: int, end: int) -> list[tuple[int, int, int]]:
    """(value, start, end) of each numeral in a 第X、第Y / X and Y list; ranges give endpoints."""
    out = []
    for m in _NUMA_RE.finditer(c.f, start, end):
        v = _zh_or_arabic(m.group())
        if v is None:
            return []
        out.append((v, m.start(), m.end()))
    return out


def _pass_zh_refs(c: _Ctx) -> None:
    for m in c.matches(_ZH_ARTICLE_RE):
        if not c.free(*m.span()):
            continue
        items = _list_values(c, *m.span(1))
        para, sub = m.group(2), m.group(3)
        suffix = ""
        if len(items) == 1:
            pv = _zh_or_arabic(para) if para else None
            if para and pv is None:
                continue
            if pv is not None:
                suffix += f".{pv}"
            if sub:
                if sub.startswith("("):
                    suffix += "(" + sub.strip("() ") + ")"
                else:
                    sv = _zh_or_arabic(sub)
                    if sv is None:
                        continue
                    suffix += f"({sv})"
        _emit_items(c, "article", [(f"{v}{suffix}", s, e) for v, s, e in items], *m.span())
    for m in c.matches(_ZH_CHAPTER_RE):
        if c.free(*m.span()):
            items = _list_values(c, *m.span(1))
            _emit_items(c, "chapter", [(str(v), s, e) for v, s, e in items], *m.span())
    for m in c.matches(_ZH_PARAGRAPH_RE):
        if not c.free(*m.span()):
            continue
        vals: list[tuple[str, int, int]] = []
        for p in _ZH_PARA_ITEM_RE.finditer(c.f, m.start(1), m.end(3)):
            v = _zh_or_arabic(p.group(1))
            if v is None:
                vals = []
                break
            sub = "(" + p.group(2).strip("() ") + ")" if p.group(2) else ""
            vals.append((f"{v}{sub}", p.start(), p.end()))
        _emit_items(c, "paragraph", vals, *m.span())
    for m in c.matches(_ZH_ORDINAL_RE):
        if not c.free(*m.span()):
            continue
        noun = _ZH_ORD_NOUNS[m.group(2)]
        items = _list_values(c, *m.span(1))
        _emit_items(c, "ordinal", [(f"{noun}:{v}", s, e) for v, s, e in items], *m.span())


# =========================================================================== division numbers

_ZH_DIVISION_RE = _re(
    rf"第\s*({_NUMA}(?:\s*{_ZH_LIST_SEP}\s*第?\s*{_NUMA})*)\s*[a-zA-Z]?\s*"
    rf"(?:条|款|项|目|段|章|节|编|部分|分段|次会议)")
_EN_DIVISION_WORDS = (
    r"sections?|rules?|articles?|arts?\.|chapters?|chap\.|paragraphs?|paras?\.|parts?|"
    r"regulations?|clauses?|items?|subparagraphs?|subprogrammes?|programmes?|annex(?:es)?|"
    r"titles?|schedules?|principles?|recommendations?|provisions?|sect\.|points?")
_EN_DIVISION_RE = _re(
    rf"\b(?i:{_EN_DIVISION_WORDS})\s+((?:\d+|[IVXLC]+)\b(?:\s?\(\d{{1,3}}\))?"
    rf"(?:\s*{_EN_LIST_SEP}\s*(?:\d+|[IVXLC]+)\b(?:\s?\(\d{{1,3}}\))?)*)")
_EN_DIVISION_ITEM_RE = _re(r"\d+|[IVXLC]+")


def division_numbers(text: str, lang: Literal["zh", "en"]) -> set[int]:
    """Every number a text gives to a division of a text, whatever the division word:
    第一项及第二项 / 第6条 / 第三项所规定 -> {1, 2} / {6} / {3}; "paragraphs 1 and 2 of this
    Article" / "art. 10, para. 2" / "rule 59" -> {1, 2} / {10, 2} / {59}.

    Legal Chinese and English divide a text differently (the Charter's 本条第一项 is
    "paragraph 1 of this Article", the Covenant's 第十四条第三款(丁)项 "article 14, paragraph
    3 (d)", a rule of procedure's 第6条 "rule 6"): the QA uses these numbers to accept a
    reference whose number agrees when its division word does not, a matter of the
    document's drafting style that no check can judge."""
    f = fold(text)
    out: set[int] = set()
    if lang == "zh":
        for m in _ZH_DIVISION_RE.finditer(f):
            for n in _NUMA_RE.finditer(m.group(1)):
                v = _zh_or_arabic(n.group())
                if v is not None:
                    out.add(v)
    else:
        for m in _EN_DIVISION_RE.finditer(f):
            for n in _EN_DIVISION_ITEM_RE.finditer(m.group(1)):
                v = _en_num(n.group())
                if v is not None:
                    out.add(v)
    return out


# =========================================================================== article, chapter, paragraph, ordinal (en)

_EN_ART_ITEM = r"(?:\d+|[IVXLC]+)\b(?:\s*,?\s*paragraphs?\s+\d+|\s?\(\d+\))?(?:\s*,?\s*(?:subparagraph\s+)?\([a-z]{1,4}\))?"
_EN_ART_ITEM_RE = _re(
    r"(\d+|[IVXLC]+)\b(?:\s*,?\s*paragraphs?\s+(\d+)|\s?\((\d+)\))?(?:\s*,?\s*(?:subparagraph\s+)?\(([a-z]{1,4})\))?"
)
_EN_ARTICLE_RE = _re(
    rf"\b(?i:articles?|art\.)\s+({_EN_ART_ITEM}(?:\s*{_EN_LIST_SEP}\s*{_EN_ART_ITEM})*)"
)
_EN_CHAPTER_RE = _re(
    r"\b(?i:chapters?|chap\.)\s+((?:\d+|[IVXLC]+)\b(?:\s*(?:,\s*and|,|and|or|to|-)\s*(?:\d+|[IVXLC]+)\b)*)"
)
_EN_PARA_OF_ARTICLE_RE = _re(
    r"\b(?i:paragraph)\s+(\d+)(?:\s?\(([a-z]{1,4})\))?\s*,?\s+of\s+(?i:article)\s+(\d+)\b(?!\s?\()"
)
_EN_CHAP_ITEM_RE = _re(r"\d+|[IVXLC]+")
_EN_PARA_ITEM_RE = _re(r"(\d+)(?:\s?\(([a-z]{1,4})\))?")
_EN_PARA_ITEM = r"\d+\b(?:\s?\([a-z]{1,4}\))?"
_EN_PARAGRAPH_RE = _re(
    rf"\b(?i:paragraphs?|paras?\.)\s+({_EN_PARA_ITEM}(?:\s*{_EN_LIST_SEP}\s*{_EN_PARA_ITEM})*)"
)


def _en_num(s: str) -> int | None:
    return int(s) if s.isdigit() else roman_to_int(s) if s.isupper() else None


def _pass_en_refs(c: _Ctx) -> None:
    for m in c.matches(_EN_PARA_OF_ARTICLE_RE):           # paragraph 1 of article 7 = 7.1
        sub = f"({m.group(2)})" if m.group(2) else ""
        c.add("article", f"{int(m.group(3))}.{int(m.group(1))}{sub}", *m.span())
        c.claim(*m.span())
    for m in c.matches(_EN_ARTICLE_RE):
        if not c.free(*m.span()):
            continue
        vals: list[tuple[str, int, int]] = []
        for it in _EN_ART_ITEM_RE.finditer(c.f, m.start(1), m.end(1)):
            n = _en_num(it.group(1))
            if n is None:
                vals = []
                break
            v = str(n)
            para = it.group(2) or it.group(3)
            if para:
                v += f".{int(para)}"
            if it.group(4):
                v += f"({it.group(4)})"
            vals.append((v, it.start(), it.end()))
        _emit_items(c, "article", vals, *m.span())
    for m in c.matches(_EN_CHAPTER_RE):
        if not c.free(*m.span()):
            continue
        items = [(it, _en_num(it.group())) for it in _EN_CHAP_ITEM_RE.finditer(c.f, m.start(1), m.end(1))]
        if items and all(n is not None for _, n in items):
            _emit_items(c, "chapter", [(str(n), it.start(), it.end()) for it, n in items], *m.span())
    for m in c.matches(_EN_PARAGRAPH_RE):
        if not c.free(*m.span()):
            continue
        vals = [(f"{int(it.group(1))}" + (f"({it.group(2)})" if it.group(2) else ""), it.start(), it.end())
                for it in _EN_PARA_ITEM_RE.finditer(c.f, m.start(1), m.end(1))]
        _emit_items(c, "paragraph", vals, *m.span())


_ORD_WORD = (
    r"(?:\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth"
    r"|eightieth|ninetieth|hundredth)"
)
_EN_ORD_NOUNS = {"session": "session", "meeting": "meeting", "cycle": "cycle",
                 "committee": "committee", "edition": "edition", "year": "year", "round": "round"}
_EN_ORDINAL_RE = _re(
    rf"(?i)\b({_ORD_WORD}(?:\s*(?:,\s*and|,|and|or|to)\s*{_ORD_WORD})*)\s+"
    r"(?:(?:resumed|special|regular|ordinary|extraordinary|emergency\s+special|plenary|review|"
    r"implementation\s+review|reporting|main|substantive)\s+)?"
    r"(session|meeting|cycle|committee|edition|year|round)s?\b"
)
_ORD_WORD_RE = _re(rf"(?i)\b{_ORD_WORD}\b")


_ORD_FIRST_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth twenty "
    "thirty forty fifty sixty seventy eighty ninety".split()
)
_NUM_ORD_RE = _re(r"(?<![\d.])\d+(?:st|nd|rd|th)\b", re.IGNORECASE)


def _pass_en_ordinals(c: _Ctx) -> None:
    starts = c.word_starts(_ORD_FIRST_WORDS)
    if c.has_digit:
        starts = sorted(starts + [m.start() for m in _NUM_ORD_RE.finditer(c.f)])
    for m in c.matches_at(_EN_ORDINAL_RE, starts):
        if not c.free(*m.span()):
            continue
        noun = _EN_ORD_NOUNS[m.group(2).lower()]
        items = [(w, ordinal_word_to_int(w.group())) for w in _ORD_WORD_RE.finditer(c.f, m.start(1), m.end(1))]
        if items and all(n is not None for _, n in items):
            _emit_items(c, "ordinal", [(f"{noun}:{n}", w.start(), w.end()) for w, n in items], *m.span())
