"""Whole-segment checks: `untranslated`, `identical`, `empty`, `unaligned`."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from zhenqa.corpora.model import Segment
from zhenqa.corpora.textnorm import fold

from .registry import Finding, Span, check
from .textutil import CJK_RUN as _CJK_RUN, EN_WORD as _EN_WORD, quote as _quote
from .view import CheckContext, SegView

@check("untranslated", "error", needs="en")
def untranslated(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """Chinese (or other CJK) characters left in the English."""
    min_run = int(ctx.cfg["min_run"])
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
    if len(words) >= int(ctx.cfg["min_latin_words"]):
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
    kinds = tuple(ctx.cfg["no_counterpart_kinds"])
    side = "zh" if v.has_zh else "en"
    expected = _no_counterpart_kind(v, side, kinds)
    severity = ctx.cfg["expected_severity"] if expected else None
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
                          severity=severity or ctx.cfg["english_only_severity"])
