"""The QA checks: one small named function per check id of the CLI contract.

Each check is registered with `@check(id, severity, scope, needs)`; the severity here is only
the fallback, the one in force comes from `QAConfig` (``eval/qa_defaults.toml``), as do all
thresholds. A check sees a `SegView` (one segment with its anchors and normalized forms,
computed once and shared by all checks) and a `CheckContext` (its configuration and the
document-wide facts: termbases, the length-ratio distribution, MT proposals), and yields
`Finding`s. Document-scope checks (the consistency checks) see every segment at once.

Design rules, because false alarms are what revisers complain about most:
- compare normalized forms (anchor values, folded look-alikes, lemmas), never raw strings;
- when the evidence is weak (a number written in words, a segment too short for a ratio,
  a bracket the Chinese leaves open too) lower the severity or say nothing;
- judge lengths against the document's own distribution, not a constant;
- tolerate what real UN Chinese does (ASCII punctuation in the SDG and UDHR files).
"""
from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence

from zhenqa.corpora.model import Anchor, Segment
from zhenqa.corpora.textnorm import fold, is_cjk

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


# --------------------------------------------------------------------------- findings

@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one side of a segment to highlight: side "zh" or "en", [start, end)."""

    side: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"side": self.side, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Finding:
    """One problem on one segment.

    `key` tells findings of the same check on the same segment apart (the missing value, the
    term), so that a suppression can accept one of them; `extra` carries check-specific facts
    for reports (the expected term, the MT proposal, the z-score ...).
    """

    check: str
    segment: int
    severity: str
    message: str
    spans: list[Span] = field(default_factory=list)
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check, "segment": self.segment, "severity": self.severity,
            "message": self.message, "spans": [s.to_json() for s in self.spans],
        }
        if self.key:
            out["key"] = self.key
        for k, v in self.extra.items():
            out.setdefault(k, v)
        return out


# --------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class CheckSpec:
    """A registered check: id, fallback severity, scope ("segment" or "document") and what
    a segment needs for the check to apply ("pair": both sides non-empty, "en": English
    non-empty, "any")."""

    id: str
    severity: str
    scope: str
    needs: str
    func: Callable[..., Iterable[Finding]]
    doc: str


CHECKS: dict[str, CheckSpec] = {}


def check(cid: str, severity: Severity, *, scope: str = "segment", needs: str = "pair"):
    """Register a check function under `cid`."""

    def deco(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        doc = (func.__doc__ or "").strip().split("\n\n")[0]
        CHECKS[cid] = CheckSpec(cid, severity, scope, needs, func, " ".join(doc.split()))
        return func

    return deco


# --------------------------------------------------------------------------- segment view

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\u3040-\u30ff"
                      r"\U00020000-\U0002fa1f\U00030000-\U000323af]+")
_EN_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


class SegView:
    """One segment plus everything checks derive from it, each computed at most once."""

    def __init__(self, seg: Segment):
        self.seg = seg
        self.id = seg.id
        self.zh = seg.zh or ""
        self.en = seg.en or ""
        self.chrf: float | None = None          # set by the scorer when an MT proposal exists
        self.mt: str | None = None

    @property
    def has_zh(self) -> bool:
        return bool(self.zh.strip())

    @property
    def has_en(self) -> bool:
        return bool(self.en.strip())

    @cached_property
    def zh_fold(self) -> str:
        return fold(self.zh)

    @cached_property
    def en_fold(self) -> str:
        return fold(self.en)

    @cached_property
    def zh_anchors(self) -> list[Anchor]:
        from zhenqa.corpora.anchors import extract_anchors

        return extract_anchors(self.zh, "zh")

    @cached_property
    def en_anchors(self) -> list[Anchor]:
        from zhenqa.corpora.anchors import extract_anchors

        return extract_anchors(self.en, "en")

    @cached_property
    def zh_shared(self) -> int:
        """Letters and digits in the Chinese (symbols, figures, acronyms): they reappear
        as they are in the English and say nothing about the length of the translation."""
        return sum(1 for ch in self.zh if ch.isascii() and ch.isalnum() or "\uff10" <= ch <= "\uff5a")

    @cached_property
    def zh_len(self) -> int:
        """Length measure of the Chinese for ratios: its CJK characters (punctuation and
        the letters/digits that the English repeats as they are do not count)."""
        return sum(1 for ch in self.zh if is_cjk(ch))

    @cached_property
    def en_len(self) -> int:
        """Length measure of the English: non-space characters, less those the Chinese
        already holds in Latin script (`zh_shared`)."""
        n = sum(1 for ch in self.en if not ch.isspace())
        return max(0, n - self.zh_shared) if self.zh_len else n

    @cached_property
    def zh_label(self) -> tuple[str, int, int] | None:
        """Leading paragraph label of the Chinese text: (label, start, end) or None."""
        return _lead_label(self.zh, "zh")

    @cached_property
    def en_label(self) -> tuple[str, int, int] | None:
        return _lead_label(self.en, "en")

    @cached_property
    def anchor_diff(self) -> "AnchorDiff":
        return diff_anchors(self)


# --------------------------------------------------------------------------- context

@dataclass
class DocFacts:
    """Document-wide facts shared by the checks, computed lazily by `eval.qa`."""

    views: list[SegView]
    config: Any = None                      # eval.config.QAConfig
    termindex: Any = None                   # corpora.termbase.TermIndex or None
    _stats: dict[str, Any] = field(default_factory=dict)

    def cached(self, name: str, compute: Callable[[], Any]) -> Any:
        if name not in self._stats:
            self._stats[name] = compute()
        return self._stats[name]


@dataclass
class CheckContext:
    """What a check sees besides the segment: its settings and the document facts."""

    spec: CheckSpec
    cfg: Any                                # eval.config.CheckConfig
    doc: DocFacts

    def finding(self, view: SegView | int, message: str, *, spans: Iterable[Span] = (),
                key: str = "", severity: str | None = None, **extra: Any) -> Finding:
        seg_id = view if isinstance(view, int) else view.id
        return Finding(self.spec.id, seg_id, severity or self.cfg.severity, message,
                       list(spans), key, dict(extra))


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# =========================================================================== anchors

#: Which check reports an unmatched anchor of each type.
ANCHOR_CATEGORY = {
    "number": "number", "amount": "number", "percent": "number", "ordinal": "number",
    "date": "date", "year": "date", "year-range": "date",
    "symbol": "symbol", "resolution": "symbol", "decision": "symbol", "article": "symbol",
    "chapter": "symbol", "paragraph": "symbol", "url": "symbol", "email": "symbol",
}
_NUMERIC_TYPES = {"number", "amount", "percent", "ordinal", "year"}
_CONTAINED_TYPES = {"number", "ordinal", "year"}
_CROSS_TYPES = {"number", "ordinal", "year"}
_NUM_IN_VALUE = re.compile(r"-?\d+(?:\.\d+)?")
_CURRENCY_IN_VALUE = re.compile(r"[A-Z]{3}|[$€£¥]")
_EN_NUMBER_WORDS = set("""zero one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety hundred thousand million billion trillion and""".split())
#: Words that stand for a count without being numerals ("a resolution" = 一项决议).
_EN_COUNT_WORDS = {
    "a": 1, "an": 1, "single": 1, "once": 1, "each": 1, "alone": 1, "sole": 1, "both": 2,
    "twice": 2, "double": 2, "pair": 2, "couple": 2, "twofold": 2, "thrice": 3, "triple": 3,
    "threefold": 3, "dozen": 12, "half": Decimal("0.5"), "quarter": Decimal("0.25"),
    "hundreds": 100, "thousands": 1000, "millions": 1000000, "billions": 1000000000,
    "decade": 10, "century": 100, "biennium": 2, "bilateral": 2, "trilateral": 3,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
_ZH_NUMERAL_RUN = re.compile(r"[零〇一二三四五六七八九十百千万亿两兩壹贰叁肆伍陆柒捌玖拾佰仟]+")
_ZH_COUNT_CHARS = {"双": 2, "半": Decimal("0.5"), "首": 1, "单": 1, "俩": 2, "两": 2, "独": 1,
                   "唯": 1, "仅": 1, "每": 1, "各": 1, "双边": 2}
_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1)}


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
    q = 10 ** max(_trailing_zeros(ia), _trailing_zeros(ib))
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
    step = Decimal(1).scaleb(figure.normalize().as_tuple().exponent)
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


def english_word_values(text: str) -> set[Decimal]:
    """Values English writes in words: "three", "twenty-five", "a", "both", "first" ..."""
    from zhenqa.corpora.numbers import ordinal_word_to_int, parse_number

    values: set[Decimal] = set()
    words = list(_EN_WORD.finditer(fold(text)))
    run: list[str] = []

    def flush() -> None:
        while run and run[-1] == "and":
            run.pop()
        if run:
            v = parse_number(" ".join(run))
            if v is not None:
                values.add(v)
            for w in run:                 # "one hundred" also says "one" and "hundred"
                v = parse_number(w) if w != "and" else None
                if v is not None:
                    values.add(v)
        run.clear()

    for m in words:
        w = m.group(0).lower()
        parts = w.split("-")
        if all(p in _EN_NUMBER_WORDS for p in parts) and not (w == "and" and not run):
            run.append(w)
            continue
        flush()
        if w in _EN_COUNT_WORDS:
            values.add(Decimal(_EN_COUNT_WORDS[w]))
        o = ordinal_word_to_int(w)
        if o is not None:
            values.add(Decimal(o))
    flush()
    return values


def loose_values(text: str, lang: str) -> set[Decimal]:
    """Every number value a text states in any form (digits, numerals, words).

    Used only to excuse an unmatched anchor, never to raise a finding: if the other side
    states the value somehow ("两个" for 2, "three" for 3), the pair is consistent."""
    from zhenqa.corpora.numbers import parse_number

    t = fold(text)
    values: set[Decimal] = set()
    for m in _DIGIT_RUN.finditer(t):
        v = parse_number(m.group(0))
        if v is not None:
            values.add(v)
        for part in re.split(r"[.,]", m.group(0)):   # 1.1.1 states 1; 3/1 states 3 and 1
            if part.isdigit():
                values.add(Decimal(int(part)))
    if lang == "zh":
        for m in _ZH_NUMERAL_RUN.finditer(t):
            run = m.group(0)
            v = parse_number(run)
            if v is not None:
                values.add(v)
            for ch in run:
                v = parse_number(ch)
                if v is not None:
                    values.add(v)
        for word, v in _ZH_COUNT_CHARS.items():
            if word in t:
                values.add(Decimal(v))
    else:
        values |= english_word_values(text)
        for m in _EN_WORD.finditer(t):
            mon = _MONTHS.get(m.group(0).lower())
            if mon:
                values.add(Decimal(mon))
    return values


@dataclass
class AnchorDiff:
    """Anchors left unmatched after all the matching rules, per side."""

    missing: list[Anchor]   # Chinese anchors with no English counterpart
    extra: list[Anchor]     # English anchors with no Chinese counterpart


def _symbol_norm(s: str) -> str:
    return re.sub(r"\s+", "", fold(s)).upper()


def _in_label(a: Anchor, label: tuple[str, int, int] | None) -> bool:
    """True for an anchor that is (part of) the segment's leading paragraph label "9." /
    "41．" / "(3)": labels are compared by `paragraph-number`, and one side often carries
    them while the other does not (a bitext exported from documents numbered differently)."""
    return label is not None and a.start >= label[1] and a.end <= label[2] + 1


def diff_anchors(v: SegView) -> AnchorDiff:
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

    def qualifier(x: Anchor, lang: str) -> str | None:
        """"over" / "under" / "about" for a figure qualified so (500余万, about 5 million)."""
        if id(x) not in approx:
            from zhenqa.corpora.anchors import approximation

            approx[id(x)] = approximation(v.zh if lang == "zh" else v.en, x, lang)  # type: ignore[arg-type]
        return approx[id(x)]

    def agree(a: Anchor, va: Decimal, b: Anchor) -> bool:
        vb = _numval(b)
        if vb is None:
            return False
        if _same_number(va, vb):
            return True
        return _allows(va, qualifier(a, "zh"), vb) or _allows(vb, qualifier(b, "en"), va)

    used_en: set[int] = set()
    matched: set[tuple[str, Decimal]] = set()
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


#: A number after a word naming a division of a text (the other side may call 第6条
#: "section 6" or "rule 59", 第2款 "section 2", 第十条第二款 "art. 10, para. 2").
_EN_DIVISION_NUM = re.compile(
    r"\b(?:sections?|rules?|articles?|arts?\.|chapters?|chap\.|paragraphs?|paras?\.|parts?|"
    r"regulations?|clauses?|items?|subparagraphs?|subprogrammes?|programmes?|annex(?:es)?|"
    r"titles?|schedules?|principles?|recommendations?|provisions?|sect\.)\s+"
    r"(\d{1,4})(?:\s*\(\s*(\d{1,3})\s*\))?", re.I)
_ZH_DIVISION_NUM = re.compile(r"第\s*(\d{1,4})(?:\s*[(（]\s*(\d{1,3})\s*[)）])?")
_REFERENCE_TYPES = {"article", "chapter", "paragraph"}


def _reference_excused(a: Anchor, other: str, other_lang: str, other_anchors: list[Anchor],
                       other_vals: set[Decimal]) -> bool:
    """A reference (article, chapter, paragraph) whose numbers the other side states as a
    reference too, under whatever division word (条 = article, rule or section, 款 =
    paragraph or section), or as ordinal words ("序言部分第六段" = "sixth preambular
    paragraph"). The reference number itself agrees; the division word is a matter of the
    document's style, which these checks cannot judge."""
    if a.type not in _REFERENCE_TYPES:
        return False
    parts = [Decimal(int(p)) for p in re.findall(r"\d+", a.value)]
    if not parts:
        return False
    nums: set[Decimal] = set()
    for b in other_anchors:
        if b.type in _REFERENCE_TYPES:
            nums.update(Decimal(int(p)) for p in re.findall(r"\d+", b.value))
    rx = _ZH_DIVISION_NUM if other_lang == "zh" else _EN_DIVISION_NUM
    for m in rx.finditer(fold(other)):
        nums.update(Decimal(int(g)) for g in m.groups() if g)
    if other_lang == "en":
        nums |= {val for val in _en_ordinal_values(other)}
    return all(p in nums for p in parts)


_EN_ORDINAL_WORD = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\b",
    re.I)
_EN_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}


def _en_ordinal_values(text: str) -> set[Decimal]:
    return {Decimal(_EN_ORDINALS[m.group(1).lower()]) for m in _EN_ORDINAL_WORD.finditer(text)}


# Footnote references and in-text list labels: small bare integers placed where a
# quantity cannot be ("...的信，4", "目标，1　亦即", "measures”.6", ": 1) regularly").
_ZH_AFTER_NUMBER = set("个项名次年月日岁%％万亿千百十元美倍号条款段章节届位件人家国种类点时分秒")
_ZH_MARKER_BEFORE = set("，,；;。：:）)」』”\"》")
_EN_MARKER_BEFORE = set("”\"’)")


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


def _anchor_check(v: SegView, ctx: CheckContext, category: str) -> Iterator[Finding]:
    diff = v.anchor_diff
    small = Decimal(ctx.cfg.get("small_word_number_max", 10))
    word_sev = ctx.cfg.get("word_severity", ctx.cfg.severity)
    items: list[tuple[str, Anchor, bool]] = []      # (side, anchor, soft)
    why: dict[int, str] = {}                          # id(anchor) -> why it is soft
    for side, anchors in (("zh", diff.missing), ("en", diff.extra)):
        if side == "en" and not ctx.cfg.get("report_extra", True):
            continue
        text = v.zh if side == "zh" else v.en
        others = v.en_anchors if side == "zh" else v.zh_anchors
        for a in anchors:
            if ANCHOR_CATEGORY.get(a.type) != category:
                continue
            soft = _in_words(a)
            if soft:
                val = _numval(a)
                if category == "number" and (val is None or abs(val) <= small):
                    continue                 # "一项" / "a", "首次" / "first"
                if category == "symbol":
                    soft = False
            if not soft and category == "number":
                reason = _marker(a, text, side)
                if reason:
                    soft, why[id(a)] = True, f"looks like {reason}"
            if not soft and category == "date" and _year_dropped(a, others):
                soft, why[id(a)] = True, "the other side gives the day without the year"
            items.append((side, a, soft))
    if not items:
        return

    def show(a: Anchor) -> str:
        return _quote(a.text, 40) + (f" ({why[id(a)]})" if id(a) in why else "")

    missing = [a for s, a, _ in items if s == "zh"]
    extra = [a for s, a, _ in items if s == "en"]
    parts = []
    if missing:
        parts.append("Chinese has " + ", ".join(show(a) for a in missing)
                     + " not found in the English")
    if extra:
        parts.append("English has " + ", ".join(show(a) for a in extra)
                     + " not found in the Chinese")
    hard = any(not soft for _, _, soft in items)
    key = ";".join(sorted(f"{s}:{a.type}:{a.value}" for s, a, _ in items))
    yield ctx.finding(v, "; ".join(parts), spans=[Span(s, a.start, a.end) for s, a, _ in items],
                      key=key, severity=None if hard else word_sev,
                      missing=[{"type": a.type, "value": a.value, "text": a.text} for a in missing],
                      unexpected=[{"type": a.type, "value": a.value, "text": a.text} for a in extra])


@check("number", "error")
def number(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Numbers, amounts, percentages and ordinals must agree (1,676,000 美元 = $1,676,000,
    第七届 = seventh, 两个 = two)."""
    return _anchor_check(v, ctx, "number")


@check("date", "error")
def date(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Dates, years and year ranges must agree (2017年11月9日 = 9 November 2017)."""
    return _anchor_check(v, ctx, "date")


@check("symbol", "error")
def symbol(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """UN document symbols and references (resolutions, decisions, articles, chapters,
    paragraphs, URLs, e-mails) must agree."""
    return _anchor_check(v, ctx, "symbol")


# =========================================================================== termbase

@check("term", "warning")
def term(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """A termbase term in the Chinese needs one of its admitted English renderings (and, for
    two-way termbases such as UN country names, an English term needs its Chinese)."""
    index = ctx.doc.termindex
    if index is None:
        return
    for miss in index.missing_renderings(v.zh, v.en):
        wanted = " | ".join(miss.expected)
        if miss.direction == "zh-en":
            msg = (f"term {miss.term} ({miss.source}): English should use "
                   f"{_quote(wanted, 120)}")
        else:
            msg = (f"term {miss.term} ({miss.source}): Chinese should use "
                   f"{_quote(wanted, 120)}")
        yield ctx.finding(v, msg, spans=[Span(miss.side, miss.start, miss.end)],
                          key=f"{miss.direction}:{miss.term}", expected=list(miss.expected),
                          termbase=miss.source)


@check("forbidden-term", "error", needs="en")
def forbidden_term(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """A rendering a termbase marks forbidden is flagged wherever it appears in the English
    (unless it is part of an admitted rendering of a term present in the segment)."""
    index = ctx.doc.termindex
    if index is None:
        return
    for hit in index.forbidden_hits(v.zh, v.en):
        better = f"; use {_quote(' | '.join(hit.expected), 100)}" if hit.expected else ""
        yield ctx.finding(v, f"forbidden rendering \"{hit.text}\" ({hit.source}){better}",
                          spans=[Span("en", hit.start, hit.end)], key=hit.term.lower(),
                          expected=list(hit.expected), termbase=hit.source)


# =========================================================================== text checks

@check("untranslated", "error", needs="en")
def untranslated(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Chinese (or other CJK) characters left in the English."""
    min_run = int(ctx.cfg.get("min_run", 1))
    runs = [m for m in _CJK_RUN.finditer(v.en) if len(m.group(0)) >= min_run]
    if runs:
        shown = ", ".join(_quote(m.group(0), 30) for m in runs[:5])
        yield ctx.finding(v, f"Chinese left in the English: {shown}",
                          spans=[Span("en", m.start(), m.end()) for m in runs],
                          key=" ".join(m.group(0) for m in runs))


def _comparable(text: str) -> str:
    return " ".join(fold(text).casefold().split())


@check("identical", "error")
def identical(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """The English is the same text as the Chinese (copied source). Identical symbols,
    numbers and short acronyms are expected and not reported."""
    a, b = _comparable(v.zh), _comparable(v.en)
    if a != b:
        return
    if _CJK_RUN.search(v.zh):
        yield ctx.finding(v, "English is identical to the Chinese (source copied)")
        return
    words = _EN_WORD.findall(v.zh)
    if len(words) >= int(ctx.cfg.get("min_latin_words", 4)):
        yield ctx.finding(v, "English is identical to the source, which is not Chinese "
                             "(source column holds English?)")


@check("empty", "error", needs="any")
def empty(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """A bitext segment with an empty side (an untranslated XLIFF unit, a TSV line with an
    empty column). Links the aligner left one-sided are `unaligned` instead."""
    if _is_unaligned(v.seg) or (not v.has_zh and not v.has_en):
        return
    if v.has_zh and not v.has_en:
        yield ctx.finding(v, "English is empty", spans=[Span("zh", 0, len(v.zh))])
    elif v.has_en and not v.has_zh:
        yield ctx.finding(v, "Chinese is empty", spans=[Span("en", 0, len(v.en))],
                          severity="warning" if ctx.cfg.severity == "error" else None)


def _is_unaligned(seg: Segment) -> bool:
    """A one-sided link made by the aligner (it records unit indices or an MT proposal)."""
    zh, en = bool(seg.zh.strip()), bool(seg.en.strip())
    if zh and not en:
        return bool(seg.zh_units) or seg.proposal is not None
    if en and not zh:
        return bool(seg.en_units)
    return False


#: Unit kinds whose text has no counterpart by design (editorial notes, the Chinese
#: adoption line of a UN text; see corpora.model.UNIT_KINDS). Configurable per check as
#: `unaligned.no_counterpart_kinds`.
NO_COUNTERPART_KINDS = ("note",)


def _no_counterpart_kind(v: SegView, side: str, kinds: Sequence[str]) -> str | None:
    """The unit kind recorded for this side of the segment (``x-zh-kind``) when every unit
    of it is of a kind that needs no counterpart, else None."""
    kind = v.seg.props.get(f"x-{side}-kind")
    if not kind:
        return None
    parts = kind.split("+")
    return kind if all(p in kinds for p in parts) else None


@check("unaligned", "error", needs="any")
def unaligned(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Chinese with no English counterpart (with the MT proposal when one was made), or
    English with no Chinese. Text of a kind that has no counterpart by design (an editorial
    note: `no_counterpart_kinds`) is still shown, at `expected_severity`."""
    if not _is_unaligned(v.seg):
        return
    kinds = tuple(ctx.cfg.get("no_counterpart_kinds", NO_COUNTERPART_KINDS))
    side = "zh" if v.has_zh else "en"
    expected = _no_counterpart_kind(v, side, kinds)
    severity = ctx.cfg.get("expected_severity", "info") if expected else None
    if v.has_zh:
        prop = v.seg.proposal or {}
        text = str(prop.get("text") or "")
        msg = "Chinese has no English counterpart"
        if expected:
            msg += f" (a {expected} unit: none is expected)"
        extra: dict[str, Any] = {}
        if text:
            msg += f"; MT proposal ({prop.get('model') or 'MT'}): {_quote(text, 160)}"
            extra = {"proposal": text, "proposal_model": prop.get("model"), "machine": True}
        if expected:
            extra["unit_kind"] = expected
        yield ctx.finding(v, msg, spans=[Span("zh", 0, len(v.zh))], severity=severity, **extra)
    else:
        msg = "English has no Chinese counterpart"
        if expected:
            msg += f" (a {expected} unit: none is expected)"
        yield ctx.finding(v, msg, spans=[Span("en", 0, len(v.en))],
                          severity=severity or ctx.cfg.get("english_only_severity"))


# --------------------------------------------------------------------------- brackets

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_LIST_LABEL = re.compile(r"^\s*(?:[A-Za-z]|\d{1,3}|[ivxlcIVXLC]{1,6})\)")
_INLINE_LIST_LABEL = re.compile(r"(?:[:;]\s*|\s(?:and|or)\s+)((?:\d{1,2}|[a-z]|[ivx]{1,4})\))")


def _bracket_problems(text: str, lang: str) -> tuple[list[tuple[int, str]], dict[str, int]]:
    """Unmatched bracket positions and a per-kind balance summary for one side.

    Full-width and CJK brackets are folded onto ASCII first (（）→(), 【】〔〕→[]); a leading
    list label "a)" / "1)" is not a bracket. Quotes: curly double quotes must pair; an odd
    number of straight double quotes is unbalanced.
    """
    t = fold(text)
    t = t.translate(str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"}))
    skip = set()
    m = _LIST_LABEL.match(t)
    if m:
        skip.add(m.end() - 1)
    # labels of a list run into the text ("their aim to: 1) remind ...; 2) award ..."):
    # their ")" is not a bracket when no "(" is open
    inline = {m.end(1) - 1 for m in _INLINE_LIST_LABEL.finditer(t)} if lang == "en" else set()
    problems: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(t):
        if i in skip or (i in inline and not any(c == "(" for _, c in stack)):
            continue
        if ch in _OPEN:
            stack.append((i, ch))
        elif ch in _CLOSE:
            if stack and stack[-1][1] == _CLOSE[ch]:
                stack.pop()
            else:
                problems.append((i, ch))
    problems.extend(stack)
    balance: dict[str, int] = {}
    for i, ch in problems:
        kind = ch if ch in _OPEN else _CLOSE[ch]
        balance[kind] = balance.get(kind, 0) + (1 if ch in _OPEN else -1)
    # quotes (from the raw text: fold makes curly quotes straight)
    opens = [i for i, ch in enumerate(text) if ch in "“「『"]
    closes = [i for i, ch in enumerate(text) if ch in "”」』"]
    if len(opens) != len(closes):
        diff = len(opens) - len(closes)
        where = opens[-1] if diff > 0 else closes[-1]
        problems.append((where, text[where]))
        balance['"'] = balance.get('"', 0) + diff
    straight = [i for i, ch in enumerate(text) if ch == '"']
    if len(straight) % 2 == 1:
        problems.append((straight[-1], '"'))
        balance['"'] = balance.get('"', 0) + 1
    return sorted(problems), balance


@check("brackets", "error", needs="en")
def brackets(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Unbalanced brackets or quotes in the English. When the Chinese is unbalanced the same
    way (a segment cut inside a parenthesis) the finding is only informational."""
    en_probs, en_bal = _bracket_problems(v.en, "en")
    if not en_probs:
        return
    zh_probs, zh_bal = _bracket_problems(v.zh, "zh")
    def same_way(kind: str, n: int) -> bool:
        z = zh_bal.get(kind, 0)
        if kind == '"' and '"' in v.en and not any(ch in v.en for ch in "“”"):
            return z != 0            # straight quotes have no direction: any quote imbalance
        return z != 0 and (z > 0) == (n > 0)

    mirrored = bool(zh_probs) and all(same_way(k, n) for k, n in en_bal.items())
    chars = "".join(ch for _, ch in en_probs)
    msg = f"unbalanced {chars} in the English"
    if mirrored:
        msg += " (the Chinese is unbalanced the same way)"
    elif not zh_probs:
        msg += " (balanced in the Chinese)"
    yield ctx.finding(v, msg, spans=[Span("en", i, i + 1) for i, _ in en_probs],
                      key=chars, severity=ctx.cfg.get("mirrored_severity") if mirrored else None)


# --------------------------------------------------------------------------- punctuation

_FULLWIDTH = re.compile(r"[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff5e\uff5f-\uff65"
                        r"\ufe10-\ufe19\ufe30-\ufe4f]")
_END_CLASS = {
    ".": "period", "。": "period", "．": "period", "｡": "period", "…": "period",
    "?": "question", "？": "question", "!": "exclamation", "！": "exclamation",
    ":": "colon", "：": "colon", ";": "semicolon", "；": "semicolon",
    ",": "comma", "，": "comma", "、": "comma",
}
_TRAILING_CLOSERS = " \t\n\"'”’」』）)]】〕》〉*"
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+([,;](?=\s|$)|\.(?=\s|$)(?<!\.\.\.))")
_DOUBLED = re.compile(r"(?<![.,;:!?])([,;:!?])\1(?![.,;:!?])|(?<!\.)\.\.(?!\.)")


def end_class(text: str) -> str:
    t = text.rstrip(_TRAILING_CLOSERS)
    if not t:
        return "none"
    return _END_CLASS.get(t[-1], "none")


@check("punctuation", "warning", needs="en")
def punctuation(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Full-width punctuation in the English; end punctuation that does not correspond
    (。/. ？/? ！/! ：/:), tolerating pairs real documents use (a Chinese full stop against
    an English semicolon in lists) and ASCII punctuation in the Chinese; a space before a
    comma or full stop; doubled punctuation."""
    fw = list(_FULLWIDTH.finditer(v.en))
    if fw:
        shown = " ".join(dict.fromkeys(m.group(0) for m in fw))
        yield ctx.finding(v, f"full-width punctuation in the English: {shown}",
                          spans=[Span("en", m.start(), m.start() + 1) for m in fw],
                          key="fullwidth:" + shown, severity=ctx.cfg.get("fullwidth_severity"))
    if v.has_zh:
        zc, ec = end_class(v.zh), end_class(v.en)
        tolerated = set(ctx.cfg.get("tolerated_end_pairs", ()))
        if zc != ec and f"{zc}:{ec}" not in tolerated:
            zt = v.zh.rstrip(_TRAILING_CLOSERS)
            et = v.en.rstrip(_TRAILING_CLOSERS)
            spans = []
            if zt and zc != "none":
                spans.append(Span("zh", len(zt) - 1, len(zt)))
            if et and ec != "none":
                spans.append(Span("en", len(et) - 1, len(et)))
            zch = zt[-1] if zt and zc != "none" else "no punctuation"
            ech = et[-1] if et and ec != "none" else "no punctuation"
            yield ctx.finding(v, f"end punctuation differs: Chinese {zch}, English {ech}",
                              spans=spans, key=f"end:{zc}:{ec}")
    for m in _SPACE_BEFORE.finditer(v.en):
        yield ctx.finding(v, f"space before \"{m.group(1)}\"",
                          spans=[Span("en", m.start(), m.end())], key="space-before")
        break
    for m in _DOUBLED.finditer(v.en):
        yield ctx.finding(v, f"doubled punctuation \"{m.group(0)}\"",
                          spans=[Span("en", m.start(), m.end())], key="doubled:" + m.group(0))
        break


@check("whitespace", "warning", needs="en")
def whitespace(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Double spaces (or tabs) between words, ideographic spaces in the English, and
    leading/trailing whitespace."""
    doubles = [m for m in re.finditer(r"(?<=\S)(?: {2,}|\t+| *\u3000[ \u3000]*)(?=\S)", v.en)]
    if doubles:
        yield ctx.finding(v, f"{len(doubles)} double space{'s' if len(doubles) > 1 else ''}"
                             " in the English",
                          spans=[Span("en", m.start(), m.end()) for m in doubles], key="double")
    if v.en != v.en.strip():
        spans = []
        lead = len(v.en) - len(v.en.lstrip())
        if lead:
            spans.append(Span("en", 0, lead))
        trail = len(v.en.rstrip())
        if trail < len(v.en):
            spans.append(Span("en", trail, len(v.en)))
        yield ctx.finding(v, "leading or trailing whitespace in the English", spans=spans,
                          key="edge", severity=ctx.cfg.get("edge_severity"))


_REPEAT = re.compile(r"\b([^\W\d_]+)(\s+)(\1)\b", re.IGNORECASE)


@check("repeated-word", "warning", needs="en")
def repeated_word(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """The same word twice in a row ("the the"); grammatical doublings ("had had", "that
    that") are allowed by configuration."""
    allowed = {w.lower() for w in ctx.cfg.get("allowed", ())}
    for m in _REPEAT.finditer(v.en):
        word = m.group(1)
        if word.lower() in allowed or len(word) == 1 and word.lower() not in ("a",):
            continue
        if word[0].isupper() and m.group(3) == word:
            continue          # a reduplicated name (芳芳 = Fang Fang), not a typo
        yield ctx.finding(v, f"repeated word \"{word} {m.group(3)}\"",
                          spans=[Span("en", m.start(3), m.end(3))], key=word.lower())


# --------------------------------------------------------------------------- labels

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


def _lead_label(text: str, lang: str) -> tuple[str, int, int] | None:
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


@check("paragraph-number", "error")
def paragraph_number(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Paragraph labels that disagree: the labels the readers recorded (x-zh-label /
    x-en-label), or else leading paragraph numbers in both texts (五. = V. = 5., ㈠ = (i))."""
    from zhenqa.corpora.numbers import label_key

    zl, el = v.seg.props.get("x-zh-label"), v.seg.props.get("x-en-label")
    spans: list[Span] = []
    if not (zl and el):
        zm, em = v.zh_label, v.en_label
        if not (zm and em):
            # a label printed on one side only (and none recorded for the other): the
            # number checks leave it alone, this says so once, quietly
            one = zm or em
            side = "zh" if zm else "en"
            other = el if side == "zh" else zl
            if one and not other and v.has_zh and v.has_en:
                yield ctx.finding(
                    v, f"paragraph label {one[0]} only in the "
                       f"{'Chinese' if side == 'zh' else 'English'}",
                    spans=[Span(side, one[1], one[2])], key=f"{side}:{one[0]}",
                    severity=ctx.cfg.get("one_sided_severity", "info"))
            return
        zl, el = zm[0], em[0]
        spans = [Span("zh", zm[1], zm[2]), Span("en", em[1], em[2])]
    zk, ek = label_key(zl), label_key(el)
    if zk is None or ek is None or zk == ek:
        return
    # (i) may be a letter or a Roman numeral: accept either reading.
    if ek.startswith("(") and label_key(el, previous="(h)") == zk:
        return
    yield ctx.finding(v, f"paragraph label differs: Chinese {zl}, English {el}",
                      spans=spans, key=f"{zk}:{ek}")


# --------------------------------------------------------------------------- placeholders

_EN_PLACEHOLDERS = [
    (re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]"), "ellipsis"),
    (re.compile(r"\bX{3,}\b|\bx{3,}\b"), "hard"),
    (re.compile(r"\b(?:TBD|TBC|TBA|FIXME|TODO)\b"), "hard"),
    (re.compile(r"\?{3,}"), "hard"),
    (re.compile(r"\[\s*\]"), "hard"),
]
_ZH_PLACEHOLDER = re.compile(r"[\[［【]\s*(?:…+|\.{3,}|。{3,})\s*[\]］】]|X{3,}|x{3,}|待定|待补|[?？]{3,}")


@check("placeholder", "error", needs="en")
def placeholder(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Placeholders left in the English: […], [...], XXX, TBD, ???. A placeholder the
    Chinese has too (text not yet available in either) is only informational."""
    zh_count = len(_ZH_PLACEHOLDER.findall(fold(v.zh)))
    found = []
    for rx, kind in _EN_PLACEHOLDERS:
        for m in rx.finditer(v.en):
            found.append((m, kind))
    if not found:
        return
    found.sort(key=lambda x: x[0].start())
    mirrored = zh_count >= len(found)
    kinds = {k for _, k in found}
    severity = (ctx.cfg.get("mirrored_severity") if mirrored
                else ctx.cfg.get("ellipsis_severity") if kinds == {"ellipsis"} else None)
    shown = ", ".join(dict.fromkeys(m.group(0) for m, _ in found))
    msg = f"placeholder left in the English: {shown}"
    if mirrored:
        msg += " (the Chinese has it too)"
    yield ctx.finding(v, msg, spans=[Span("en", m.start(), m.end()) for m, _ in found],
                      key=shown, severity=severity)


# =========================================================================== lengths

def _robust(values: Sequence[float]) -> tuple[float, float]:
    """Median and MAD-based sigma (1.4826 * MAD) of `values`."""
    med = statistics.median(values)
    mad = statistics.median(abs(x - med) for x in values)
    return med, 1.4826 * mad


def _log_ratio(v: SegView) -> float:
    return math.log((v.en_len + 1) / (v.zh_len + 1))


def length_model(doc: DocFacts) -> tuple[float, float, int]:
    """(centre, spread, n) of log(English length / Chinese length) for this document.

    The document's own median and MAD, shrunk towards a prior (weight `prior_weight`
    segments) so that a short document is still judged sensibly, with a floor on the
    spread so that a very regular document is not hair-trigger. The settings are those of
    the `length-ratio` check; `omission` uses the same model."""
    cfg = doc.config.check("length-ratio")

    def compute() -> tuple[float, float, int]:
        min_zh = int(cfg.get("min_zh_chars", 12))
        vals = [_log_ratio(v) for v in doc.views
                if v.has_zh and v.has_en and v.zh_len >= min_zh]
        prior_c = math.log(float(cfg.get("prior_ratio", 3.2)))
        prior_s = float(cfg.get("prior_sigma", 0.25))
        k = float(cfg.get("prior_weight", 8))
        n = len(vals)
        if n >= 3:
            med, sig = _robust(vals)
        else:
            med, sig = prior_c, prior_s
        centre = (n * med + k * prior_c) / (n + k)
        spread = (n * sig + k * prior_s) / (n + k)
        return centre, max(spread, float(cfg.get("min_sigma", 0.12))), n
    return doc.cached("length_model", compute)


def length_z(v: SegView, doc: DocFacts) -> float:
    centre, spread, _ = length_model(doc)
    return (_log_ratio(v) - centre) / spread


@check("length-ratio", "warning")
def length_ratio(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """English length far from what this document's other segments lead one to expect
    (robust z-score of the log length ratio against the document's median/MAD)."""
    if v.zh_len < int(ctx.cfg.get("min_zh_chars", 12)):
        return
    z = length_z(v, ctx.doc)
    thr = float(ctx.cfg.get("z_threshold", 3.5))
    if abs(z) < thr:
        return
    centre, _, n = length_model(ctx.doc)
    ratio = (v.en_len + 1) / (v.zh_len + 1)
    how = "short" if z < 0 else "long"
    yield ctx.finding(v, f"English unusually {how} for its Chinese: {ratio:.2f} characters per "
                         f"Chinese character against {math.exp(centre):.2f} typical in this "
                         f"document (z = {z:+.1f})", key=how, z=round(z, 2),
                      ratio=round(ratio, 3), typical_ratio=round(math.exp(centre), 3))


# --------------------------------------------------------------------------- omission
#
# An omission is a piece of the Chinese that the English leaves out. A whole-segment ratio
# cannot see five words missing from a forty-word sentence, so the evidence here is local:
# the Chinese is cut into clauses, the dictionary-translatable words of each clause are
# looked for in the English, and the clause whose words are missing -- while this document
# usually renders those very words -- is the candidate. Everything is judged against the
# document itself: how often each Chinese word is rendered elsewhere in it, how often a word
# is "found" in an English sentence that does not translate it (chance), and its length
# ratio distribution; the configuration holds only priors, weights and the two thresholds.

#: Clause separators of the Chinese: full-width and ASCII (the SDG and UDHR files use ASCII
#: commas and semicolons), the enumeration comma 、 and sentence ends.
ZH_CLAUSE_PUNCT = frozenset(",，;；:：、。!！?？")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: Chinese function words (and near-function words) whose rendering is optional or
#: structural (to 的 nothing corresponds, 不 becomes "un-", "no", "without" or a stopword,
#: 最 a suffix, 年/月/日/第/号 belong to dates and numbers, which the anchors cover): they are
#: not counted when asking whether the English renders a clause.
ZH_FUNCTION_WORDS = frozenset("""
的 了 在 和 与 及 或 是 为 对 把 被 将 于 以 之 其 也 而 并 等 这 那 有 各 所 此 该 中 上 下 从 到
向 由 使 让 给 着 过 又 都 就 还 要 会 能 可 应 已 他 她 它 们 个 种 些 项 更 得 所有 任何 不 最
非 无 地 者 即 比 一切 其他 以及 通过 进行 方面 一个 及其 使其 包括 有关 相关 根据 对于 关于 按照
以便 从而 并且 或者 其中 之间 以上 以下 如何 这些 那些 这种 每个 每 均 应当 必须 可以 能够
一 之一 但 但是 而且 因为 所以 如果 虽然 然而 因此 由于 只是 就是 还是 已经 正在 很 非常
我 你 您 我们 你们 他们 她们 它们 咱们 自己 大家 别人 不得 予以 加以 使得 作为 年 月 日 第 号
什么 怎么 怎样 为什么 哪 哪里 这里 那里 这儿 那儿 这么 那么 这样 那样 一样 一些 有些 某些 某
的话 然后 之后 以后 之前 以前
""".split())
#: Chinese content words that English often renders with a function word (a preposition,
#: a conjunction, a negation), which the lexicon drops as a stopword: 期间 is "during", 时
#: "when" or "at", 没有 "no"/"without", 超过 "over"/"more than". CC-CEDICT's glosses
#: ("period", "time", "exist", "surpass") are kept; these are added, and the English
#: words they name are kept in the English bag (`_en_lemmas`) for them alone.
ZH_RELATIONAL_GLOSSES: dict[str, tuple[str, ...]] = {
    "期间": ("during", "while", "throughout", "course"),
    "其间": ("during", "while", "meanwhile"),
    "时": ("when", "while", "during", "upon", "whenever", "once", "at"),
    "时候": ("when", "while", "during", "once"),
    "当": ("when", "while", "during", "upon", "once"),
    "当时": ("then", "when", "at"),
    "届时": ("then",),
    "一旦": ("once", "when", "if"),
    "前": ("before", "prior", "previous", "earlier"),
    "后": ("after", "following", "subsequent", "once", "when"),
    "此后": ("after", "since", "subsequent", "then", "thereafter"),
    "同时": ("while", "same", "meanwhile", "also"),
    "目前": ("now",),
    "现在": ("now",),
    "再次": ("again", "once", "further"),
    "进一步": ("further", "more"),
    "更多": ("more", "further", "additional"),
    "超过": ("over", "above", "more", "beyond", "exceed"),
    "多于": ("more", "over", "above"),
    "低于": ("below", "under", "less", "fewer"),
    "少于": ("less", "fewer", "under", "below"),
    "没有": ("no", "not", "without", "lack", "never", "nor"),
    "何时": ("when",),
    "为何": ("why",),
}
#: The stopwords those glosses name, kept in the English bag (lower case, as printed).
_EN_RELATIONAL = frozenset(g for gs in ZH_RELATIONAL_GLOSSES.values() for g in gs)
_MAX_WORD = 8                  # longest dictionary word tried by the segmenter
_PREFIX = 5                    # English lemmas sharing this many letters count as one word


def _lexicon() -> Any:
    try:
        from zhenqa.align.lexicon import load_lexicon
    except ImportError:  # pragma: no cover - align is part of the package
        return None
    try:
        return load_lexicon()
    except Exception:  # a broken dictionary cache must not break QA
        return None


@lru_cache(maxsize=200_000)
def _segment_run(run: str) -> tuple[str, ...]:
    """A run of Han characters cut into the fewest CC-CEDICT words, by dynamic programming;
    among those, the cut with the longest words (largest sum of squared lengths: 同|安理会
    rather than 同安|理会), and on a tie the longer word last (受|教育, not 受教|育).

    Forward maximum matching mis-cuts often ("增建基础设施并进行" -> 增|建基|础|设施|并进|行)
    and every mis-cut is a Chinese "word" the English cannot contain; the fewest-words cut
    agrees with jieba on the cases that matter here (measured: same omission recall) without
    jieba's second-long start-up, which a small `zhenqa qa --bitext` run would pay."""
    lex = _lexicon()
    n = len(run)
    if lex is None or n <= 1:
        return (run,) if run else ()
    # a word: one the dictionary glosses (membership = it has glosses) or a function word
    # (自己, 什么: CC-CEDICT knows them, but their glosses are all English stopwords)
    words, terms = lex.words, lex.terms
    inf = (n + 1, 0)
    best: list[tuple[int, int]] = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0)
    for j in range(1, n + 1):
        for i in range(max(0, j - _MAX_WORD), j):
            if best[i] == inf:
                continue
            if j - i > 1:
                w = run[i:j]
                if w not in words and w not in terms and w not in ZH_FUNCTION_WORDS:
                    continue
            cand = (best[i][0] + 1, best[i][1] - (j - i) ** 2)
            if cand < best[j]:
                best[j], back[j] = cand, i
    out = []
    j = n
    while j > 0:
        out.append(run[back[j]:j])
        j = back[j]
    return tuple(reversed(out))


def zh_clauses(text: str) -> list[tuple[int, int]]:
    """[start, end) of each clause of a Chinese text (cut at ，；：、。！？ and their ASCII
    forms), without the punctuation and surrounding spaces; empty clauses are dropped."""
    out = []
    start = 0
    for i, ch in enumerate(list(text) + [","]):
        if ch in ZH_CLAUSE_PUNCT:
            a, b = start, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            start = i + 1
    return out


@dataclass(frozen=True, slots=True)
class ZhWord:
    """A Chinese content word: where it is, its clause (index into `zh_clauses`) and the
    English lemmas CC-CEDICT gives it."""

    start: int
    word: str
    clause: int
    glosses: tuple[str, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.word)


_NAME_DOTS = "·・•‧"


@lru_cache(maxsize=None)
def _relational_glosses(word: str) -> tuple[str, ...]:
    """`ZH_RELATIONAL_GLOSSES` of a word in the English bag's form: stopwords as printed,
    other words lemmatized like the dictionary's glosses."""
    from zhenqa.align.lexicon import STOPWORDS, lemma

    return tuple(g if g in STOPWORDS else lemma(g) for g in ZH_RELATIONAL_GLOSSES.get(word, ()))


@lru_cache(maxsize=100_000)
def zh_content_words(text: str) -> tuple[ZhWord, ...]:
    """The dictionary-translatable content words of a (folded) Chinese text, in order.

    Transliterated foreign names are left out: the words on either side of a middle dot
    (胡里奥·里奥斯) and three or more single characters in a row that the dictionary cannot
    join into a word (安提瓜): their characters' glosses ("peace", "lift", "melon") are not
    what the English says."""
    lex = _lexicon()
    if lex is None:
        return ()
    starts = [a for a, _ in zh_clauses(text)]
    out = []
    for m in _HAN_RUN.finditer(text):
        a, b = m.span()
        cut = _segment_run(m.group(0))
        single = [len(w) == 1 for w in cut]
        skip = [False] * len(cut)
        # the name next to a middle dot: its first (or last) word and the single
        # characters that follow (or precede) it
        if a > 0 and text[a - 1] in _NAME_DOTS:
            i = 0
            while i < len(cut) and (i == 0 or single[i]):
                skip[i] = True
                i += 1
        if b < len(text) and text[b] in _NAME_DOTS:
            i = len(cut) - 1
            while i >= 0 and (i == len(cut) - 1 or single[i]):
                skip[i] = True
                i -= 1
        i = 0
        while i < len(cut):
            j = i
            while j < len(cut) and single[j] and cut[j] not in ZH_FUNCTION_WORDS:
                j += 1
            if j - i >= 3:
                skip[i:j] = [True] * (j - i)
            i = max(j, i + 1)
        pos = a
        for w, sk in zip(cut, skip):
            if not sk and w not in ZH_FUNCTION_WORDS:
                glosses = lex.gloss(w)
                extra = _relational_glosses(w)
                if extra:
                    glosses = tuple(dict.fromkeys(glosses + extra))
                if glosses:
                    out.append(ZhWord(pos, w, max(0, bisect_right(starts, pos) - 1), glosses))
            pos += len(w)
    return tuple(out)


_EN_CAP = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Za-z]+)*\b")
_EN_ACRONYM = re.compile(r"\b[A-Z](?:[A-Z]|-[A-Z]){1,9}s?\b")


@lru_cache(maxsize=100_000)
def _en_names(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Proper-name spellings of an English text (capitalized words and runs of two or three
    of them, lower case, without hyphens: "Mao Ning" -> "maoning") and its acronyms'
    letters ("UNMIK" -> "unmik")."""
    caps = [m.group(0).lower().replace("-", "").replace("'", "") for m in _EN_CAP.finditer(text)]
    spell = set(caps)
    for n in (2, 3):
        spell.update("".join(caps[i:i + n]) for i in range(len(caps) - n + 1))
    acr = tuple(dict.fromkeys(m.group(0).replace("-", "").rstrip("s").lower()
                              for m in _EN_ACRONYM.finditer(text)))
    return frozenset(spell), acr


@lru_cache(maxsize=100_000)
def _pinyin(chars: str) -> tuple[str, ...]:
    from zhenqa.align.lexicon import pinyin_strings

    lex = _lexicon()
    return tuple(pinyin_strings(chars, lex)) if lex is not None else ()


def _one_letter_each(cand: list[tuple[int, set[int]]]) -> list[int]:
    """Words matched to distinct letter positions (maximum bipartite matching, augmenting
    paths; a handful of words and letters)."""
    owner: dict[int, int] = {}           # letter position -> word index
    options_of = dict(cand)

    def place(i: int, options: set[int], seen: set[int]) -> bool:
        for p in sorted(options):
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or place(owner[p], options_of[owner[p]], seen):
                owner[p] = i
                return True
        return False

    for i, options in cand:
        place(i, options, set())
    return sorted(owner.values())


def _rescue_names(words: Sequence[ZhWord], status: list[bool | None],
                  names: tuple[frozenset[str], tuple[str, ...]]) -> None:
    """Chinese words the dictionary did not find but a name or an acronym of the English
    renders: a run of adjacent unfound words whose pinyin spells a capitalized English word
    (毛宁 / "Mao Ning", 横塘 / "Hengtang") counts as rendered; unfound words whose glosses'
    initials give at least half the letters of an English acronym, one letter each
    (过渡委员会 / "NTC"), count as neither rendered nor missing."""
    spell, acronyms = names
    if not spell and not acronyms:
        return
    k = 0
    n = len(words)
    while k < n:
        if status[k] is not False:
            k += 1
            continue
        j = k + 1              # a run of unfound words, adjacent in the text, one clause
        while (j < n and status[j] is False and words[j].start == words[j - 1].end
               and words[j].clause == words[k].clause):
            j += 1
        if spell:
            for a in range(k, j):
                for b in range(min(j, a + 4), a, -1):
                    chars = "".join(w.word for w in words[a:b])
                    if len(chars) > 4 or status[a] is not False:
                        continue
                    if any(len(p) >= 4 and p in spell for p in _pinyin(chars)):
                        status[a:b] = [True] * (b - a)
        for acr in acronyms:
            cand = []
            for i in range(k, j):
                if status[i] is not False:
                    continue
                initials = [g[0] for g in words[i].glosses[:4]]
                if len(acr) >= 2 and "".join(initials).startswith(acr):
                    status[i] = None          # one word spelling it all: 联合国 / "UN"
                else:
                    cand.append((i, {p for p, c in enumerate(acr) if c in initials}))
            used = _one_letter_each(cand)
            if len(used) >= 2 and 2 * len(used) >= len(acr):
                for i in used:
                    status[i] = None
        k = j


@lru_cache(maxsize=100_000)
def _en_lemmas(text: str) -> tuple[str, ...]:
    """Content-word lemmas of the English, plus the function words that some Chinese words
    are rendered by (`ZH_RELATIONAL_GLOSSES`: "during", "when", "without")."""
    from zhenqa.align.lexicon import english_lemmas, english_tokens

    rel = [t.lower() for t in english_tokens(text) if t.lower() in _EN_RELATIONAL]
    return tuple(english_lemmas(text)) + tuple(rel)


@lru_cache(maxsize=200_000)
def _root_key(lem: str) -> str:
    """Word-family key of a lemma: its `english_root`, cut to `_PREFIX` letters (as the
    prefix rule cuts lemmas), so that "application" (applicat) meets "apply" (appli)."""
    from zhenqa.align.lexicon import english_root

    return english_root(lem)[:_PREFIX]


def match_words(en: str, words: Sequence[ZhWord],
                links: dict[str, set[str]] | None = None) -> list[bool | None]:
    """Which Chinese words the (folded) English text renders (see `_match`)."""
    return _match(_en_lemmas(en), words, links, _en_names(en))[0]


def _match(lemmas: Sequence[str], words: Sequence[ZhWord],
           links: dict[str, set[str]] | None = None,
           names: tuple[frozenset[str], tuple[str, ...]] | None = None,
           ) -> tuple[list[bool | None], Counter]:
    """Which Chinese words the English renders, and the English lemmas left unused.

    A word's status is True when a lemma of the English is one of its glosses or learnt
    links (or shares its first five letters with one), False when none occurs, None when
    one occurs but was already taken by another Chinese word.

    Matching is one English word per Chinese word, most constrained words first, so that a
    clause repeating words of another clause is not covered by the other clause's English;
    a word whose translation is in the English but taken counts as neither covered nor
    missing (English often says a repeated thing once)."""
    pool = Counter(lemmas)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    by_root: dict[str, list[str]] = defaultdict(list)
    for e in pool:
        if len(e) >= _PREFIX:
            by_prefix[e[:_PREFIX]].append(e)
        by_root[_root_key(e)].append(e)
    status: list[bool | None] = [False] * len(words)
    order = sorted(range(len(words)), key=lambda k: len(words[k].glosses))
    for k in order:
        w = words[k]
        cands = w.glosses + tuple(sorted(links.get(w.word, ()))) if links else w.glosses
        hit = next((e for e in cands if pool[e] > 0), None)
        if hit is None:
            hit = next((x for e in cands if len(e) >= _PREFIX
                        for x in by_prefix.get(e[:_PREFIX], ()) if pool[x] > 0), None)
        if hit is None:      # same word family: marriage / marry, reliance / rely
            hit = next((x for e in cands for x in by_root.get(_root_key(e), ())
                        if pool[x] > 0), None)
        if hit is not None:
            pool[hit] -= 1
            status[k] = True
        elif any(e in pool or (len(e) >= _PREFIX and e[:_PREFIX] in by_prefix)
                 or _root_key(e) in by_root for e in cands):
            status[k] = None
    if names is not None and False in status:
        _rescue_names(words, status, names)
    return status, pool


def _residual_links(items: list[tuple[list[ZhWord], list[bool | None], Counter]],
                    min_count: int, min_dice: float) -> dict[str, set[str]]:
    """Translations the dictionary lacks, learnt from this document (能力 / "capacity" in
    the SDG targets, where CC-CEDICT says "ability"): Chinese words left unmatched and English lemmas left unused that keep
    occurring in the same segments (Dice over segments, as alignment tools learn from
    co-occurrence). Only leftovers are paired, so a word the dictionary already explains
    cannot be linked to its neighbours' translations."""
    cz: Counter = Counter()
    ce: Counter = Counter()
    bags = []
    for words, status, left in items:
        rz = {w.word for w, s in zip(words, status) if s is False}
        re_ = {e for e, c in left.items() if c > 0 and e not in _EN_RELATIONAL}
        cz.update(rz)
        ce.update(re_)
        bags.append((rz, re_))
    pairs: Counter = Counter()
    for rz, re_ in bags:
        es = [e for e in re_ if ce[e] >= min_count]
        for w in rz:
            if cz[w] >= min_count:
                for e in es:
                    pairs[(w, e)] += 1
    links: dict[str, set[str]] = defaultdict(set)
    for (w, e), c in pairs.items():
        if c >= min_count and 2 * c / (cz[w] + ce[e]) >= min_dice:
            links[w].add(e)
    return links


@dataclass
class OmissionModel:
    """Per-document facts of the omission check: each eligible segment's content words and
    which of them the English renders, each word's rendering rate in this document, and the
    chance rate (a word "found" in an English sentence that does not translate it)."""

    words: dict[int, tuple[ZhWord, ...]]
    status: dict[int, list[bool | None]]
    seen: Counter                 # word -> occurrences with a decided status
    rendered: Counter             # word -> occurrences found in the English
    prior: dict[int, float]       # rendering rate of 1-character / longer words
    chance: float
    links: dict[str, set[str]]

    def rate(self, word: str, own: bool, cfg: Any) -> float:
        """How often this document renders `word`, leaving out the occurrence being judged
        (so that a word's own omission does not lower its rate), shrunk towards the
        document's rate for words of its length."""
        k = float(cfg.get("word_prior_weight", 2.0))
        prior = self.prior[1 if len(word) == 1 else 2]
        n = self.seen[word] - 1
        c = self.rendered[word] - (1 if own else 0)
        p = (c + k * prior) / (n + k)
        return min(max(p, self.chance + 0.02), float(cfg.get("max_word_rate", 0.97)))


def omission_model(doc: DocFacts) -> OmissionModel | None:
    """Build the document's `OmissionModel` (None when no lexicon is available)."""
    cfg = doc.config.check("omission")

    def compute() -> OmissionModel | None:
        if _lexicon() is None:
            return None
        min_zh = int(cfg.get("min_zh_chars", 12))
        eligible = [v for v in doc.views if v.has_zh and v.has_en and v.zh_len >= min_zh]
        words = {v.id: list(zh_content_words(v.zh_fold)) for v in eligible}
        lemmas = {v.id: _en_lemmas(v.en_fold) for v in eligible}
        names = {v.id: _en_names(v.en_fold) for v in eligible}
        first = [(words[v.id], *_match(lemmas[v.id], words[v.id])) for v in eligible]
        links = _residual_links(first, int(cfg.get("link_min_count", 2)),
                                float(cfg.get("link_min_dice", 0.5)))
        status = {v.id: _match(lemmas[v.id], words[v.id], links, names[v.id])[0]
                  for v in eligible}
        seen: Counter = Counter()
        rendered: Counter = Counter()
        by_len: dict[int, list[int]] = {1: [0, 0], 2: [0, 0]}
        for v in eligible:
            for w, s in zip(words[v.id], status[v.id]):
                if s is None:
                    continue
                seen[w.word] += 1
                rendered[w.word] += bool(s)
                row = by_len[1 if len(w.word) == 1 else 2]
                row[0] += 1
                row[1] += bool(s)
        # priors of the rendering rates, shrunk towards typical values for a tiny document
        k = float(cfg.get("prior_weight", 20))
        prior = {L: (r + k * float(cfg.get(f"prior_rate_{'char' if L == 1 else 'word'}",
                                           0.6 if L == 1 else 0.8))) / (n + k)
                 for L, (n, r) in by_len.items()}
        # chance: the same words against another segment's English (an evenly spread
        # sample of at most `chance_sample` segments is enough for one rate)
        n_seg = len(eligible)
        hits = total = 0
        if n_seg >= 2:
            step = max(1, n_seg // int(cfg.get("chance_sample", 100)))
            for i in range(0, n_seg, step):
                v, other = eligible[i], eligible[(i + max(1, n_seg // 2)) % n_seg]
                st = _match(lemmas[other.id], words[v.id], links)[0]
                hits += sum(1 for s in st if s)
                total += len(st)
        q0 = float(cfg.get("prior_chance", 0.12))
        chance = (hits + k * q0) / (total + k)
        chance = min(0.5, chance * float(cfg.get("chance_factor", 2.0)))
        return OmissionModel({v.id: tuple(words[v.id]) for v in eligible}, status, seen,
                             rendered, prior, chance, links)

    return doc.cached("omission_model", compute)


@dataclass
class OmissionEvidence:
    """Why a segment may omit something: the stretch of Chinese that looks left out and the
    evidence score (log-likelihood units; larger = more likely an omission). Computed apart
    from the thresholds that turn it into a finding."""

    score: float
    lexical: float                       # log-likelihood ratio of the stretch's words
    length: float                        # weighted length evidence
    length_z: float
    anchors: float = 0.0                 # part of `lexical` due to missing numbers/symbols
    span: tuple[int, int] | None = None  # the stretch of Chinese, [start, end)
    missing_words: list[str] = field(default_factory=list)
    words: int = 0                       # translatable words in the stretch
    missing_anchors: list[Anchor] = field(default_factory=list)
    mt_share: float | None = None


@dataclass
class _Item:
    """One piece of evidence in a Chinese text: a content word or a figure."""

    start: int
    end: int
    clause: int
    llr: float
    missing: bool
    text: str
    anchor: Anchor | None = None


def _best_stretch(items: list[_Item], clauses: list[tuple[int, int]], text: str, cfg: Any,
                  ) -> tuple[float, list[_Item], tuple[int, int]] | None:
    """The clause (with at least `min_clause_words` items) with the largest evidence sum,
    extended over the items of an enumeration (clauses joined by 、) that look missing too,
    so that the finding names the whole list left out."""
    by_clause: dict[int, list[_Item]] = defaultdict(list)
    for it in items:
        by_clause[it.clause].append(it)
    sums = {c: sum(it.llr for it in its) for c, its in by_clause.items()}
    min_words = int(cfg.get("min_clause_words", 2))

    def listed(c: int) -> bool:          # clause c and c + 1 are joined by 、
        return 0 <= c < len(clauses) - 1 and "、" in text[clauses[c][1]:clauses[c + 1][0]]

    best: tuple[float, list[_Item], tuple[int, int]] | None = None
    for c, its in by_clause.items():
        if len(its) < min_words:
            continue
        lo = hi = c
        total = sums[c]
        while listed(lo - 1) and sums.get(lo - 1, 0.0) > 0:
            lo -= 1
            total += sums[lo]
        while listed(hi) and sums.get(hi + 1, 0.0) > 0:
            hi += 1
            total += sums[hi]
        if best is None or total > best[0]:
            chosen = [it for k in range(lo, hi + 1) for it in by_clause.get(k, ())]
            best = (total, chosen, (clauses[lo][0], clauses[hi][1]))
    return best


def omission_evidence(v: SegView, doc: DocFacts) -> OmissionEvidence | None:
    """Score the hypothesis "a stretch of the Chinese is not in the English".

    Each content word contributes a log-likelihood ratio between "left out" (found only by
    chance, at the document's chance rate q) and "translated" (found at the rate p at which
    this document renders that word): log((1-q)/(1-p)) when the English lacks it, log(q/p)
    when it has it. A word the document never renders (p low) thus says little, and one it
    always renders says a lot. A number or symbol missing from the English weighs like a
    word rendered `anchor_rate` of the time. The best stretch (see `_best_stretch`) is
    added to the length evidence: minus the length-ratio z-score of the segment (the
    `length-ratio` model) times `length_weight`; an MT proposal much longer than the
    English adds `mt_weight`."""
    cfg = doc.config.check("omission")
    if v.zh_len < int(cfg.get("min_zh_chars", 12)):
        return None
    lz = length_z(v, doc)
    length = float(cfg.get("length_weight", 1.0)) * max(-lz, -float(cfg.get("max_length_credit", 2.0)))
    model = omission_model(doc)
    best = None
    if model is not None and v.id in model.words:
        q = model.chance
        items: list[_Item] = []
        for w, s in zip(model.words[v.id], model.status[v.id]):
            llr = 0.0
            if s is not None:
                p = model.rate(w.word, bool(s), cfg)
                llr = math.log(q / p) if s else math.log((1 - q) / (1 - p))
            items.append(_Item(w.start, w.end, w.clause, llr, s is False, w.word))
        clauses = zh_clauses(v.zh_fold)
        starts = [a for a, _ in clauses]
        a_llr = math.log((1 - q) / (1 - max(float(cfg.get("anchor_rate", 0.9)), q + 0.02)))
        for a in v.anchor_diff.missing:
            items.append(_Item(a.start, a.end, max(0, bisect_right(starts, a.start) - 1),
                               a_llr, True, a.text, a))
        items.sort(key=lambda it: it.start)
        if clauses:
            best = _best_stretch(items, clauses, v.zh_fold, cfg)
    if best is not None and best[0] <= 0:
        best = None
    lexical = best[0] if best else 0.0
    chosen = best[1] if best else []
    score = lexical + length
    mt_share = None
    if v.mt:
        mt_share = v.en_len / max(1, sum(1 for ch in v.mt if not ch.isspace()))
        if mt_share < float(cfg.get("mt_length_ratio", 0.6)):
            score += float(cfg.get("mt_weight", 2.0))
    return OmissionEvidence(
        score=score, lexical=lexical, length=length, length_z=lz,
        anchors=sum(it.llr for it in chosen if it.anchor is not None),
        span=best[2] if best else None,
        missing_words=[it.text for it in chosen if it.missing and it.anchor is None],
        words=sum(1 for it in chosen if it.anchor is None),
        missing_anchors=[it.anchor for it in chosen if it.anchor is not None],
        mt_share=mt_share)


def _anchors_reported(doc: DocFacts, anchors: list[Anchor]) -> bool:
    """True when the number/date/symbol checks (enabled) already report these anchors."""
    cats = {ANCHOR_CATEGORY.get(a.type) for a in anchors}
    return bool(anchors) and all(c is not None and doc.config.enabled(c) for c in cats)


@check("omission", "error")
def omission(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """A clause of the Chinese that the English does not render: its dictionary-translatable
    words (CC-CEDICT, plus translations learnt from this document) are missing from the
    English while this document usually renders them, and the English is short for its
    Chinese (robust z-score of the length ratio). The evidence is a log-likelihood score;
    `error_score` / `warning_score` turn it into findings. The clause is named and
    highlighted."""
    cfg = ctx.cfg
    ev = omission_evidence(v, ctx.doc)
    if ev is None:
        return
    error_score = float(cfg.get("error_score", 6.0))
    # figures the number/date/symbol checks report already: not a second error
    error_ev = ev.score - (ev.anchors if _anchors_reported(ctx.doc, ev.missing_anchors) else 0.0)
    severity = None
    if (error_ev >= error_score and ev.span is not None
            and ev.length_z <= -float(cfg.get("min_length_z", 1.0))):
        severity = cfg.severity
    elif ev.score >= float(cfg.get("warning_score", 3.0)):
        severity = cfg.get("weak_severity", "warning")
    if severity is None:
        return
    ratio = (v.en_len + 1) / (v.zh_len + 1)
    evidence = [f"English length z = {ev.length_z:+.1f}"]
    if ev.mt_share is not None and ev.mt_share < float(cfg.get("mt_length_ratio", 0.6)):
        evidence.append(f"the English is {ev.mt_share:.0%} of the MT's length")
    spans: list[Span] = []
    stretch = None
    if ev.span is not None:
        a, b = ev.span
        stretch = v.zh[a:b]
        spans.append(Span("zh", a, b))
        what = []
        if ev.missing_words:
            what.append(f"{len(ev.missing_words)} of its {ev.words} translatable words not "
                        f"found: {', '.join(dict.fromkeys(ev.missing_words))}")
        if ev.missing_anchors:
            what.append("figures not found: " + ", ".join(x.text for x in ev.missing_anchors))
        msg = (f"possible omission: the Chinese clause \"{_quote(stretch, 50)}\" seems missing "
               f"from the English ({'; '.join(what + evidence)})")
    else:
        msg = f"possible omission: the English is short for its Chinese ({'; '.join(evidence)})"
    yield ctx.finding(v, msg, spans=spans, key="omission", severity=severity,
                      score=round(ev.score, 2), z=round(ev.length_z, 2), ratio=round(ratio, 3),
                      clause=stretch, missing_words=list(dict.fromkeys(ev.missing_words)))


# --------------------------------------------------------------------------- MT

@check("mt-divergence", "warning")
def mt_divergence(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """(Needs a model.) The MT of the Chinese and the official English share far less than
    they do elsewhere in this document (sentence chrF, robust z-score): a hint of a
    mistranslation or an omission."""
    if v.chrf is None or v.zh_len < int(ctx.cfg.get("min_zh_chars", 8)):
        return

    def model() -> tuple[float, float]:
        vals = [w.chrf for w in ctx.doc.views if w.chrf is not None]
        return _robust(vals) if len(vals) >= 5 else (50.0, 12.0)

    med, sig = ctx.doc.cached("chrf_model", model)
    z = (v.chrf - med) / max(sig, 4.0)
    if z < -float(ctx.cfg.get("z_threshold", 3.0)) and v.chrf <= float(ctx.cfg.get("max_chrf", 35)):
        yield ctx.finding(v, f"MT and English diverge: chrF {v.chrf:.1f} against {med:.1f} "
                             f"typical (z = {z:+.1f}); MT: {_quote(v.mt or '', 120)}",
                          key="mt", chrf=round(v.chrf, 2), mt=v.mt)


# =========================================================================== consistency

def _zh_key(text: str) -> str:
    return "".join(ch for ch in fold(text).casefold() if ch.isalnum())


def _en_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text).casefold()))


def _consistency(views: list[SegView], ctx: CheckContext, src: str) -> Iterator[Finding]:
    key_src = _zh_key if src == "zh" else _en_key
    key_tgt = _en_key if src == "zh" else _zh_key
    min_chars = int(ctx.cfg.get("min_chars", 4))
    groups: dict[str, list[SegView]] = defaultdict(list)
    for v in views:
        if not (v.has_zh and v.has_en):
            continue
        k = key_src(v.zh if src == "zh" else v.en)
        if len(k.replace(" ", "")) >= min_chars:
            groups[k].append(v)
    for members in groups.values():
        if len(members) < 2:
            continue
        variants: dict[str, list[SegView]] = defaultdict(list)
        for v in members:
            variants[key_tgt(v.en if src == "zh" else v.zh)].append(v)
        if len(variants) < 2:
            continue
        ordered = sorted(variants.values(), key=lambda vs: (-len(vs), vs[0].id))
        listing = "; ".join(
            f"segment{'s' if len(vs) > 1 else ''} {', '.join(str(x.id) for x in vs[:6])}"
            f"{'…' if len(vs) > 6 else ''}: "
            f"\"{_quote(vs[0].en if src == 'zh' else vs[0].zh, 50)}\"" for vs in ordered[:4])
        what = ("the same Chinese is rendered " if src == "zh"
                else "the same English renders different Chinese: ")
        msg = (f"{what}{len(variants)} ways: {listing}" if src == "zh"
               else f"{what}{listing}")
        for v in members:
            yield ctx.finding(v, msg, key=key_tgt(v.en if src == "zh" else v.zh)[:80],
                              variants=len(variants),
                              group=[x.id for vs in ordered for x in vs])


@check("inconsistent-source", "warning", scope="document")
def inconsistent_source(views: list[SegView], ctx: CheckContext) -> Iterable[Finding]:
    """The same Chinese (up to whitespace, punctuation, look-alikes and case) rendered
    differently; every segment of the group is reported, with the variants."""
    return _consistency(views, ctx, "zh")


@check("inconsistent-target", "info", scope="document")
def inconsistent_target(views: list[SegView], ctx: CheckContext) -> Iterable[Finding]:
    """The same English (normalized) used for different Chinese texts."""
    return _consistency(views, ctx, "en")


def check_ids() -> list[str]:
    """Registered check ids, in registration order."""
    return list(CHECKS)
