"""Matching the anchors (numbers, dates, symbols, references) of the two sides of a segment.

`diff_anchors` takes plain data (the two texts, their anchors and leading labels), so it can
be used outside a QA run; what it leaves unmatched is what the number, date and symbol
checks report. The rules tolerate what official translation legitimately does: numbers in
words on one side, rounded large figures, approximate figures (500余万 / "more than 5
million"), references whose division word differs (第6条 / "rule 6"), footnote markers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Literal, Protocol

from zhenqa.corpora.model import Anchor
from zhenqa.corpora.numbers import en_ordinal_values, loose_values
from zhenqa.corpora.textnorm import fold, is_cjk



class AnchorSides(Protocol):
    """What anchor matching needs of a segment (`SegView` provides it)."""

    zh: str
    en: str

    @property
    def zh_fold(self) -> str: ...
    @property
    def en_fold(self) -> str: ...
    @property
    def zh_anchors(self) -> list[Anchor]: ...
    @property
    def en_anchors(self) -> list[Anchor]: ...
    @property
    def zh_label(self) -> tuple[str, int, int] | None: ...
    @property
    def en_label(self) -> tuple[str, int, int] | None: ...


ANCHOR_CATEGORY = {
    "number": "number", "amount": "number", "percent": "number", "ordinal": "number",
    "date": "date", "year": "date", "year-range": "date",
    "symbol": "symbol", "resolution": "symbol", "decision": "symbol", "article": "symbol",
    "chapter": "symbol", "paragraph": "symbol", "url": "symbol", "email": "symbol",
    "time": "date",
}
_NUMERIC_TYPES = {"number", "amount", "percent", "ordinal", "year"}
_CONTAINED_TYPES = {"number", "ordinal", "year"}
_CROSS_TYPES = {"number", "ordinal", "year"}
_NUM_IN_VALUE = re.compile(r"-?\d+(?:\.\d+)?")
_CURRENCY_IN_VALUE = re.compile(r"[A-Z]{3}|[$€£¥]")
def _numval(a: Anchor) -> Decimal | None:
    if a.type not in _NUMERIC_TYPES:
        return None
    m = _NUM_IN_VALUE.search(a.value)
    if not m:
        return None
    try:
        return Decimal(m.group(0))
    except Exception:
        return None


def _trailing_zeros(n: int) -> int:
    k = 0
    while n and n % 10 == 0:
        n //= 10
        k += 1
    return k


def _same_number(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal, or one is the other rounded as large figures are in translation
    (1993.03万 = "19.93 million"): the coarser figure equals the finer one rounded to the
    coarser one's last digit, and they differ by under 0.5%."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    if a != a.to_integral_value() or b != b.to_integral_value() or a <= 0 or b <= 0:
        return False
    ia, ib = int(a), int(b)
    q: int = 10 ** max(_trailing_zeros(ia), _trailing_zeros(ib))   # int ** int is typed Any
    if q < 1000 or abs(ia - ib) * 200 > max(ia, ib):
        return False
    return round(ia / q) == round(ib / q)


def _allows(figure: Decimal, kind: str | None, value: Decimal) -> bool:
    """Whether a figure qualified as `kind` ("over" / "under" / "about", see
    `corpora.anchors.approximation`) states `value`: 500余万 or "more than 5 million"
    allows 5,000,000 up to 5,999,999, "about 5 million" 4.5 to 5.5 million, "nearly 20%"
    more than 10 up to 20. The step is the figure's last written digit."""
    if kind is None or figure <= 0 or value <= 0:
        return False
    exponent = figure.normalize().as_tuple().exponent
    if not isinstance(exponent, int):        # "F" / "n" / "N": infinity or NaN states nothing
        return False
    step = Decimal(1).scaleb(exponent)
    if kind == "over":
        return figure <= value < figure + step
    if kind == "under":
        return figure - step < value <= figure
    return abs(value - figure) * 2 <= step


def _currency(a: Anchor) -> str | None:
    m = _CURRENCY_IN_VALUE.search(a.value)
    return m.group(0) if m else None


def _in_words(a: Anchor) -> bool:
    """Written without digits ("三", "seventh", "two million"): weaker evidence."""
    return not any(ch.isdigit() for ch in a.text)


def _drop_contained(anchors: list[Anchor]) -> list[Anchor]:
    """Drop number/ordinal/year anchors inside a wider anchor of another type on the same
    side (the number inside an amount, the year inside a date or a symbol): the wider
    anchor is what is compared, and both sides are treated alike."""
    out = []
    for a in anchors:
        if a.type in _CONTAINED_TYPES and any(
                b is not a and b.type != a.type and b.start <= a.start and a.end <= b.end
                and (b.end - b.start) >= (a.end - a.start) for b in anchors):
            continue
        out.append(a)
    return out


@dataclass
class AnchorDiff:
    """Anchors left unmatched after all the matching rules, per side, and the figures that
    matched only once a footnote marker glued to them was taken off (`glued`: side, the
    anchor as extracted, what it was read as)."""

    missing: list[Anchor]   # Chinese anchors with no English counterpart
    extra: list[Anchor]     # English anchors with no Chinese counterpart
    glued: list[tuple[str, Anchor, str]] = field(default_factory=list)


@dataclass
class Sides:
    """Plain `AnchorSides`: two texts with their anchors and labels (used to re-match a
    segment with one side edited)."""

    zh: str
    en: str
    zh_anchors: list[Anchor]
    en_anchors: list[Anchor]
    zh_label: tuple[str, int, int] | None = None
    en_label: tuple[str, int, int] | None = None

    # cached, as on `SegView`: the excuse rules read the other side's fold once per anchor
    @cached_property
    def zh_fold(self) -> str:
        return fold(self.zh)

    @cached_property
    def en_fold(self) -> str:
        return fold(self.en)


def _symbol_norm(s: str) -> str:
    """Symbol comparison form: folded, no spaces, upper case, and a Chinese full stop read
    as the dot it replaced (E/CN。 4/1996/95 in Chinese text extracted from a PDF)."""
    return re.sub(r"\s+", "", fold(s).replace("。", ".")).upper()


def _in_label(a: Anchor, label: tuple[str, int, int] | None) -> bool:
    """True for an anchor that is (part of) the segment's leading paragraph label "9." /
    "41．" / "(3)": labels are compared by `paragraph-number`, and one side often carries
    them while the other does not (a bitext exported from documents numbered differently)."""
    return label is not None and a.start >= label[1] and a.end <= label[2] + 1


def diff_anchors(v: AnchorSides) -> AnchorDiff:
    """`match_anchors`, then footnote markers glued to a figure (`_glued_markers`)."""
    diff = match_anchors(v)
    if diff.missing or diff.extra:
        _glued_markers(v, diff)
    return diff


#: Largest footnote number taken for a marker glued to a figure.
_MAX_MARKER = 300
_MARKER_TYPES = {"number", "year", "year-range", "date", "ordinal"}


def _glued_markers(v: AnchorSides, diff: AnchorDiff) -> None:
    """Figures with a footnote marker glued to them, in text extracted from a PDF:
    "the Decade 2001-20107" is 2001-2010 and footnote 7, "Agenda 213" Agenda 21 and
    footnote 3. A leftover figure ending in a digit is tried without its last one, then
    two, digits; when the segment then matches better (fewer anchors left over, on either
    side), the figure is taken as read that way and the marker is recorded in `diff.glued`
    (an extraction artefact: the number check reports it as information, not an error)."""
    from zhenqa.corpora.anchors import extract_anchors

    sides: tuple[Literal["zh", "en"], ...] = ("en", "zh")
    for side in sides:
        text = v.en if side == "en" else v.zh
        for a in list(diff.extra if side == "en" else diff.missing):
            if a.type not in _MARKER_TYPES or a not in (diff.extra if side == "en" else diff.missing):
                continue
            tail = re.search(r"\d+$", a.text)
            if not tail or (a.end < len(text) and text[a.end].isdigit()):
                continue
            before = len(diff.missing) + len(diff.extra)
            for k in (1, 2):
                marker = a.text[-k:]
                if len(tail.group(0)) <= k or marker[0] == "0" or int(marker) > _MAX_MARKER:
                    continue
                cut = a.end - k
                edited = text[:cut] + text[a.end:]
                anchors = extract_anchors(edited, side)
                trial = Sides(v.zh if side == "en" else edited, edited if side == "en" else v.en,
                              v.zh_anchors if side == "en" else anchors,
                              anchors if side == "en" else v.en_anchors, v.zh_label, v.en_label)
                new = match_anchors(trial)
                if len(new.missing) + len(new.extra) < before:
                    def back(b: Anchor) -> Anchor:      # spans of the edited text -> original
                        if b.end <= cut:
                            return b
                        s0 = b.start + k if b.start >= cut else b.start
                        return replace(b, start=s0, end=b.end + k, text=text[s0:b.end + k])
                    if side == "en":
                        diff.missing, diff.extra = new.missing, [back(b) for b in new.extra]
                    else:
                        diff.missing, diff.extra = [back(b) for b in new.missing], new.extra
                    diff.glued.append((side, a, f"{a.text[:-k]} with footnote marker {marker}"))
                    break


def match_anchors(v: AnchorSides) -> AnchorDiff:
    """Match the anchors of both sides; what is left is what the number, date and symbol
    checks report.

    0. anchors of a leading paragraph label are left to `paragraph-number`;

    1. equal keys (type, value) match; repeated keys count as one (a Chinese sentence may
       repeat a year that the English says once);
    2. numeric anchors of different types with equal values match (a year one side
       recognized as a plain number on the other, an amount whose currency one side
       missed), but two amounts in different currencies never do; a figure qualified as
       approximate (500余万, 约, 近; more than, about, nearly) matches the values its
       qualifier allows (500余万 = "5.3 million"; "more than 5 million" = 530万);
    3. a leftover is excused when the other side states its value in another form
       ("两个" / "two", "三" / "three", "a"), its date parts all appear, or its symbol
       appears verbatim.
    """
    zh = [a for a in _drop_contained(v.zh_anchors) if a.type in ANCHOR_CATEGORY
          and not _in_label(a, v.zh_label)]
    en = [a for a in _drop_contained(v.en_anchors) if a.type in ANCHOR_CATEGORY
          and not _in_label(a, v.en_label)]
    zh_keys = {a.key for a in zh}
    en_keys = {a.key for a in en}
    left_zh = [a for a in zh if a.key not in en_keys]
    left_en = [a for a in en if a.key not in zh_keys]

    # 2. numeric values across types (number / year / ordinal only: a percentage or an
    #    amount must stay one, since "3%" -> "3" or "$5" -> "5" are errors)
    def family(a: Anchor) -> str:
        return "plain" if a.type in _CROSS_TYPES else a.type

    approx: dict[int, str | None] = {}

    def qualifier(x: Anchor, lang: Literal["zh", "en"]) -> str | None:
        """"over" / "under" / "about" for a figure qualified so (500余万, about 5 million)."""
        if id(x) not in approx:
            from zhenqa.corpora.anchors import approximation

            approx[id(x)] = approximation(v.zh if lang == "zh" else v.en, x, lang)
        return approx[id(x)]

    def agree(a: Anchor, va: Decimal, b: Anchor) -> bool:
        vb = _numval(b)
        if vb is None:
            return False
        if _same_number(va, vb):
            return True
        return _allows(va, qualifier(a, "zh"), vb) or _allows(vb, qualifier(b, "en"), va)

    used_en: set[int] = set()
    matched: set[tuple[str, Decimal | None]] = set()   # looked up with _numval, maybe None
    still_zh = []
    for a in left_zh:
        va = _numval(a)
        hit = None
        if va is not None:
            for i, b in enumerate(left_en):
                if i in used_en or family(a) != family(b) or not agree(a, va, b):
                    continue
                if a.type == b.type == "amount" and _currency(a) != _currency(b):
                    continue
                hit = i
                break
        if hit is None:
            still_zh.append(a)
        else:
            used_en.add(hit)
            matched.add((family(a), va))
    # A value matched once excuses its repeats as well.
    still_en = [b for i, b in enumerate(left_en) if i not in used_en
                and (family(b), _numval(b)) not in matched]
    still_zh = [a for a in still_zh if (family(a), _numval(a)) not in matched]

    # 3. excuses from the other side's text
    if still_zh or still_en:
        en_vals = loose_values(v.en, "en") if still_zh else set()
        zh_vals = loose_values(v.zh, "zh") if still_en else set()
        still_zh = [a for a in still_zh if not _excused(a, en_vals, v.en_fold)
                    and not _reference_excused(a, v.en, "en", en, en_vals)]
        still_en = [b for b in still_en if not _excused(b, zh_vals, v.zh_fold)
                    and not _reference_excused(b, v.zh, "zh", zh, zh_vals)]
    return AnchorDiff(still_zh, still_en)


def _excused(a: Anchor, other_vals: set[Decimal], other_fold: str) -> bool:
    cat = ANCHOR_CATEGORY.get(a.type)
    if cat == "number":
        va = _numval(a)
        if va is None:
            return False
        if a.type not in _CROSS_TYPES:
            # an amount or a percentage is only matched by an amount or a percentage:
            # "3%" against a bare "3" (or "$5" against "5") is the error itself
            return False
        return va in other_vals
    if cat == "date":
        if a.type == "time":
            return False        # 10:10 against 10.20: the figures are there, the time is not
        parts = [Decimal(int(p)) for p in re.findall(r"\d+", a.value)]
        if parts and all(p in other_vals for p in parts):
            return True
        # a decade or a year written with two digits on the other side (80年代 = 1980s,
        # 九二共识 = 1992 Consensus): excused when the two-digit form is there
        if a.type == "year" and len(parts) == 1 and 1800 <= parts[0] < 2200:
            return Decimal(int(parts[0]) % 100) in other_vals
        return False
    if cat == "symbol":
        needle = _symbol_norm(a.value)
        return len(needle) >= 3 and needle in _symbol_norm(other_fold)
    return False


_REFERENCE_TYPES = {"article", "chapter", "paragraph"}


def _reference_excused(a: Anchor, other: str, other_lang: Literal["zh", "en"],
                       other_anchors: list[Anchor],
                       other_vals: set[Decimal]) -> bool:
    """A reference (article, chapter, paragraph) whose numbers the other side states as a
    reference too, under whatever division word (`corpora.anchors.division_numbers`: 条 =
    article, rule or section; 款 or the Charter's 项 = paragraph; 本条第一项 = "paragraph 1
    of this Article"), or as ordinal words ("序言部分第六段" = "sixth preambular
    paragraph"). The reference number itself agrees; the division word is a matter of the
    document's style, which these checks cannot judge."""
    from zhenqa.corpora.anchors import division_numbers

    if a.type not in _REFERENCE_TYPES:
        return False
    parts = [Decimal(int(p)) for p in re.findall(r"\d+", a.value)]
    if not parts:
        return False
    nums: set[Decimal] = set()
    for b in other_anchors:
        if b.type in _REFERENCE_TYPES:
            nums.update(Decimal(int(p)) for p in re.findall(r"\d+", b.value))
    nums.update(Decimal(n) for n in division_numbers(other, other_lang))
    if other_lang == "en":
        nums |= {val for val in _en_ordinal_values(other)}
    return all(p in nums for p in parts)


def _en_ordinal_values(text: str) -> set[Decimal]:
    return en_ordinal_values(text)


# Footnote references and in-text list labels: small bare integers placed where a
# quantity cannot be ("...的信，4", "目标，1　亦即", "measures”.6", ": 1) regularly").
_ZH_AFTER_NUMBER = set("个项名次年月日岁%％万亿千百十元美倍号条款段章节届位件人家国种类点时分秒")
_ZH_MARKER_BEFORE = set("，,；;。：:）)」』”\"》")
_EN_MARKER_BEFORE = set("”\"’)")
#: Characters after which a figure glued to a Chinese word is a quantity, not a footnote
#: reference (约2, 第2, 为2, 增加2 ...).
_ZH_NUMBER_INTRO = set("约近逾共达为是有至到前后每和与及或占比增减降升超过多少第号年月日等计仅约合")


def _marker(a: Anchor, text: str, lang: str) -> str | None:
    """Why `a` looks like a footnote reference or a list label rather than a quantity
    (None when it does not): a bare integer of at most three digits at the very start of
    the text followed by a space (a paragraph number without its period), at the very end
    after punctuation or a space, glued after closing punctuation, or followed by ")"."""
    if a.type != "number" or not a.text.isdigit() or len(a.text) > 3:
        return None
    before, after = text[:a.start], text[a.end:]
    b = before.rstrip()
    if not b.strip() and after[:1].isspace() and after.strip():
        nxt = after.strip()[0]
        if (lang == "zh" and nxt not in _ZH_AFTER_NUMBER) or (lang == "en" and nxt.isupper()):
            return "a paragraph number without its period"
    if not after.strip() and b and (b != before or not b[-1].isalnum()):
        return "a footnote reference or a page number"
    if lang == "zh":
        # glued to the end of a word, before a particle or punctuation: 财政政策2的 (PDF text
        # of the SDG indicators keeps the footnote number in the line)
        if len(a.text) <= 2 and before and is_cjk(before[-1]) and before[-1] not in _ZH_NUMBER_INTRO \
                and (not after or after[0] in "的之，,；;。：:）)" or after[0].isspace()):
            return "a footnote reference glued to a word"
        if before and before[-1] in _ZH_MARKER_BEFORE and (
                not after or after[0].isspace() or (is_cjk(after[0]) and after[0] not in _ZH_AFTER_NUMBER)):
            return "a footnote reference"
    else:
        if before and (before[-1] in _EN_MARKER_BEFORE or (
                before[-1] in ".,;:" and len(before) >= 2 and (before[-2] in _EN_MARKER_BEFORE
                                                               or re.search(r"[a-z]{3}$", before[:-1])
                                                               and not re.search(r"\b(?:para|paras|art|arts|chap|sect|vol|add|rev|corr|no|pp?)$", before[:-1], re.I)))) \
                and (not after or after[0].isspace() or after[0] in ",;"):
            return "a footnote reference"
        if after.startswith(")") and (not before or before[-1].isspace() or before[-1] in ":;,") \
                and "(" not in before[-3:]:
            return "a list label"
    return None


def _year_dropped(a: Anchor, others: list[Anchor]) -> bool:
    """A full date on one side, the same day and month without a year on the other
    ("2001年5月15日" / "15 May"): UN texts leave out a year clear from the context."""
    if a.type != "date":
        return False
    md = a.value[-6:] if re.fullmatch(r"(?:\d{4}|-)-\d{2}-\d{2}", a.value) else None
    if not md:
        return False
    return any(b.type == "date" and b.value != a.value and b.value[-6:] == md
               and (b.value.startswith("--") or a.value.startswith("--")) for b in others)
