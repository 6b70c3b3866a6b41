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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence

from corpora.model import Anchor, Segment
from corpora.textnorm import fold, is_cjk

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
        from corpora.anchors import extract_anchors

        return extract_anchors(self.zh, "zh")

    @cached_property
    def en_anchors(self) -> list[Anchor]:
        from corpora.anchors import extract_anchors

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
    from corpora.numbers import ordinal_word_to_int, parse_number

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
    from corpora.numbers import parse_number

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


def diff_anchors(v: SegView) -> AnchorDiff:
    """Match the anchors of both sides; what is left is what the number, date and symbol
    checks report.

    1. equal keys (type, value) match; repeated keys count as one (a Chinese sentence may
       repeat a year that the English says once);
    2. numeric anchors of different types with equal values match (a year one side
       recognized as a plain number on the other, an amount whose currency one side
       missed), but two amounts in different currencies never do;
    3. a leftover is excused when the other side states its value in another form
       ("两个" / "two", "三" / "three", "a"), its date parts all appear, or its symbol
       appears verbatim.
    """
    zh = [a for a in _drop_contained(v.zh_anchors) if a.type in ANCHOR_CATEGORY]
    en = [a for a in _drop_contained(v.en_anchors) if a.type in ANCHOR_CATEGORY]
    zh_keys = {a.key for a in zh}
    en_keys = {a.key for a in en}
    left_zh = [a for a in zh if a.key not in en_keys]
    left_en = [a for a in en if a.key not in zh_keys]

    # 2. numeric values across types (number / year / ordinal only: a percentage or an
    #    amount must stay one, since "3%" -> "3" or "$5" -> "5" are errors)
    def family(a: Anchor) -> str:
        return "plain" if a.type in _CROSS_TYPES else a.type

    used_en: set[int] = set()
    matched: set[tuple[str, Decimal]] = set()
    still_zh = []
    for a in left_zh:
        va = _numval(a)
        hit = None
        if va is not None:
            for i, b in enumerate(left_en):
                if i in used_en or family(a) != family(b) or not _same_number(va, _numval(b)):
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
        still_zh = [a for a in still_zh if not _excused(a, en_vals, v.en_fold)]
        still_en = [b for b in still_en if not _excused(b, zh_vals, v.zh_fold)]
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


def _anchor_check(v: SegView, ctx: CheckContext, category: str) -> Iterator[Finding]:
    diff = v.anchor_diff
    small = Decimal(ctx.cfg.get("small_word_number_max", 10))
    word_sev = ctx.cfg.get("word_severity", ctx.cfg.severity)
    items: list[tuple[str, Anchor, bool]] = []      # (side, anchor, soft)
    for side, anchors in (("zh", diff.missing), ("en", diff.extra)):
        if side == "en" and not ctx.cfg.get("report_extra", True):
            continue
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
            items.append((side, a, soft))
    if not items:
        return
    missing = [a for s, a, _ in items if s == "zh"]
    extra = [a for s, a, _ in items if s == "en"]
    parts = []
    if missing:
        parts.append("Chinese has " + ", ".join(_quote(a.text, 40) for a in missing)
                     + " not found in the English")
    if extra:
        parts.append("English has " + ", ".join(_quote(a.text, 40) for a in extra)
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


@check("unaligned", "error", needs="any")
def unaligned(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Chinese with no English counterpart (with the MT proposal when one was made), or
    English with no Chinese."""
    if not _is_unaligned(v.seg):
        return
    if v.has_zh:
        prop = v.seg.proposal or {}
        text = str(prop.get("text") or "")
        msg = "Chinese has no English counterpart"
        extra: dict[str, Any] = {}
        if text:
            msg += f"; MT proposal ({prop.get('model') or 'MT'}): {_quote(text, 160)}"
            extra = {"proposal": text, "proposal_model": prop.get("model"), "machine": True}
        yield ctx.finding(v, msg, spans=[Span("zh", 0, len(v.zh))], **extra)
    else:
        yield ctx.finding(v, "English has no Chinese counterpart",
                          spans=[Span("en", 0, len(v.en))],
                          severity=ctx.cfg.get("english_only_severity"))


# --------------------------------------------------------------------------- brackets

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_LIST_LABEL = re.compile(r"^\s*(?:[A-Za-z]|\d{1,3}|[ivxlcIVXLC]{1,6})\)")


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
    problems: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(t):
        if i in skip:
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
    r"([一二三四五六七八九十]{1,3})\s*、)")
_EN_LEAD_LABEL = re.compile(
    r"^\s*(?:(\d{1,3}(?:\.\d{1,3}|\.[a-z])*)\.(?!\d)|\(\s*([a-zA-Z]{1,4}|\d{1,3})\s*\)|"
    r"([IVXLC]{1,6})\.\s)")


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
    from corpora.numbers import label_key

    zl, el = v.seg.props.get("x-zh-label"), v.seg.props.get("x-en-label")
    spans: list[Span] = []
    if not (zl and el):
        zm, em = _lead_label(v.zh, "zh"), _lead_label(v.en, "en")
        if not (zm and em):
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

_ZH_CLAUSE_SPLIT = re.compile(r"[,，;；:：。!！?？]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Chinese function words (and near-function words) whose rendering is optional or
#: structural: they are not counted when measuring how much of the Chinese the English
#: renders.
ZH_FUNCTION_WORDS = frozenset("""
的 了 在 和 与 及 或 是 为 对 把 被 将 于 以 之 其 也 而 并 等 这 那 有 各 所 此 该 中 上 下 从 到
向 由 使 让 给 着 过 又 都 就 还 要 会 能 可 应 已 他 她 它 们 个 种 些 项 不 最 更 年 得 所有 任何
一切 其他 以及 通过 进行 方面 一个 及其 具有 使其 包括 有关 相关 根据 对于 关于 按照 以便 从而
并且 或者 人人 任何人 所有人 确保 我们 他们 其中 之间 以上 以下 如何 这些 那些 这种 每个 每
不得 予以 加以 均 应当 必须 可以 能够 受到 得到 给予 使得 作为 成为 一 之一
""".split())


def _lexicon() -> Any:
    try:
        from align.lexicon import load_lexicon
    except ImportError:  # pragma: no cover - align is part of the package
        return None
    try:
        return load_lexicon()
    except Exception:  # a broken dictionary cache must not break QA
        return None


def _zh_content_words(text: str, lex: Any, max_len: int = 6) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(clause index, start offset, word, CC-CEDICT lemmas) of the Chinese content words.

    Words are cut by forward maximum matching against the dictionary itself rather than by
    jieba: coverage only needs words the dictionary can gloss, and this keeps a QA run
    free of jieba's second-long start-up."""
    out = []
    clause = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not _HAN.match(ch):
            if _ZH_CLAUSE_SPLIT.match(ch):
                clause += 1
            i += 1
            continue
        j = min(n, i + max_len)
        while j > i + 1 and not (_HAN.fullmatch(text[j - 1]) and lex.gloss(text[i:j])):
            j -= 1
        word = text[i:j]
        if word not in ZH_FUNCTION_WORDS:
            glosses = lex.gloss(word)
            if glosses:
                out.append((clause, i, word, glosses))
        i = j
    return out


def _doc_links(views: Sequence[SegView], words: dict[int, list], min_count: int = 2,
               min_dice: float = 0.5) -> dict[str, set[str]]:
    """Word associations learnt from the document itself (Dice over segments).

    A dictionary misses a document's own usage (能力 / "capacity", 消除 / "end"); words that
    keep occurring together in this document's segments are treated as translations too,
    as alignment tools do with co-occurrence statistics."""
    from align.lexicon import english_lemmas

    cz: Counter = Counter()
    ce: Counter = Counter()
    bags = []
    for v in views:
        ws = {w for _, _, w, _ in words.get(v.id, ())}
        es = set(english_lemmas(v.en_fold))
        cz.update(ws)
        ce.update(es)
        bags.append((ws, es))
    cze: Counter = Counter()
    for ws, es in bags:          # only pairs that can reach min_count
        es2 = [e for e in es if ce[e] >= min_count]
        for w in ws:
            if cz[w] >= min_count:
                for e in es2:
                    cze[(w, e)] += 1
    links: dict[str, set[str]] = defaultdict(set)
    for (w, e), c in cze.items():
        if c >= min_count and 2 * c / (cz[w] + ce[e]) >= min_dice:
            links[w].add(e)
    return links


def coverage_of(v: SegView, words: list, links: dict[str, set[str]]) -> tuple[float, list[bool]]:
    """Share of the Chinese content words that the English renders, one English word per
    Chinese word (so a dropped repetition counts), and which words are rendered."""
    from align.lexicon import english_lemmas

    en = english_lemmas(v.en_fold)
    pool = Counter(en)
    prefix = Counter(e[:5] for e in en if len(e) >= 5)
    got = [False] * len(words)
    for i in sorted(range(len(words)), key=lambda k: len(words[k][3])):
        cands = list(words[i][3]) + sorted(links.get(words[i][2], ()))
        for e in cands:
            if pool[e] > 0:
                pool[e] -= 1
                got[i] = True
                break
        else:
            for e in cands:
                if len(e) >= 5 and prefix[e[:5]] > 0:
                    prefix[e[:5]] -= 1
                    got[i] = True
                    break
    return (sum(got) / len(got) if got else 1.0), got


@dataclass
class OmissionModel:
    """Per-document distributions the omission check judges a segment against."""

    coverage: dict[int, float]
    covered: dict[int, list[bool]]
    words: dict[int, list]
    cov_centre: float
    cov_spread: float


def omission_model(doc: DocFacts) -> OmissionModel | None:
    """Coverage of every eligible segment and the document's robust coverage statistics
    (None when no lexicon is available)."""
    cfg = doc.config.check("omission")

    def compute() -> OmissionModel | None:
        lex = _lexicon()
        if lex is None:
            return None
        min_zh = int(cfg.get("min_zh_chars", 12))
        eligible = [v for v in doc.views if v.has_zh and v.has_en and v.zh_len >= min_zh]
        words = {v.id: _zh_content_words(v.zh_fold, lex) for v in eligible}
        links = _doc_links(eligible, words)
        cov: dict[int, float] = {}
        got: dict[int, list[bool]] = {}
        for v in eligible:
            if words[v.id]:
                cov[v.id], got[v.id] = coverage_of(v, words[v.id], links)
        vals = list(cov.values())
        prior_c, prior_s, k = 0.8, 0.12, float(doc.config.check("length-ratio").get("prior_weight", 8))
        n = len(vals)
        med, sig = _robust(vals) if n >= 3 else (prior_c, prior_s)
        centre = (n * med + k * prior_c) / (n + k)
        spread = max((n * sig + k * prior_s) / (n + k), float(cfg.get("min_coverage_sigma", 0.08)))
        return OmissionModel(cov, got, words, centre, spread)

    return doc.cached("omission_model", compute)


@check("omission", "error")
def omission(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Content of the Chinese missing from the English, judged on two signals measured
    against this document's own distributions: the length ratio (robust z-score of
    log(English/Chinese length)) and the lexical coverage (share of Chinese content words
    whose CC-CEDICT or in-document translation the English contains, robust z-score).
    Their sum must be very low for an error, moderately low for a warning; with an MT
    proposal, English much shorter than the MT adds evidence."""
    cfg = ctx.cfg
    if v.zh_len < int(cfg.get("min_zh_chars", 12)):
        return
    zl = length_z(v, ctx.doc)
    if zl > 0:
        return
    model = omission_model(ctx.doc)
    zc = 0.0
    spans: list[Span] = []
    cov = None
    if model is not None and v.id in model.coverage:
        cov = model.coverage[v.id]
        zc = min(0.0, (cov - model.cov_centre) / model.cov_spread)
        for (_, start, word, _), ok in zip(model.words[v.id], model.covered[v.id]):
            if not ok:
                spans.append(Span("zh", start, start + len(word)))
    score = zl + float(cfg.get("coverage_weight", 0.7)) * zc
    evidence = [f"length z = {zl:+.1f}"]
    if cov is not None:
        evidence.append(f"{cov:.0%} of the Chinese content words rendered against "
                        f"{model.cov_centre:.0%} typical (z = {zc:+.1f})")  # type: ignore[union-attr]
    if v.mt:
        share = v.en_len / max(1, sum(1 for ch in v.mt if not ch.isspace()))
        if share < float(cfg.get("mt_length_ratio", 0.6)):
            score -= 2.0
            evidence.append(f"the English is {share:.0%} of the MT's length")
    severity = None
    if score <= -float(cfg.get("error_score", 4.5)) and zl <= -float(cfg.get("min_length_z", 1.0)):
        severity = cfg.severity
    elif score <= -float(cfg.get("warning_score", 3.0)):
        severity = cfg.get("weak_severity", "warning")
    if severity is None:
        return
    ratio = (v.en_len + 1) / (v.zh_len + 1)
    yield ctx.finding(v, "possible omission: " + "; ".join(evidence), spans=spans,
                      key="omission", severity=severity, z=round(zl, 2),
                      coverage=None if cov is None else round(cov, 3), score=round(score, 2),
                      ratio=round(ratio, 3))


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
