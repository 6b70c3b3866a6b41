"""Anchor checks: `number`, `date`, `symbol` (see `anchor_match` for the matching rules)."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Iterator

from zhenqa.corpora.model import Anchor

from .anchor_match import ANCHOR_CATEGORY, _in_words, _marker, _numval, _year_dropped
from .registry import SEVERITY_RANK, Finding, Span, check
from .textutil import quote as _quote
from .view import CheckContext, SegView


#: How sure a leftover anchor is to be an error, most sure first: a figure written with
#: digits (or a symbol) with no counterpart; a number in words (often said another way); a
#: stylistic choice (a year left out where the context gives it); an extraction artefact (a
#: footnote reference, a list label, a paragraph number without its period, a footnote
#: marker glued to a figure).
_CLASSES = ("hard", "word", "style", "artefact")
_EVIDENCE = {
    "hard": "written with digits or as a symbol on one side only",
    "word": "a number in words on one side only (often rendered another way)",
    "style": "a stylistic difference",
    "artefact": "an extraction artefact",
}


def _severity(cls: str, ctx: CheckContext) -> str:
    if cls == "hard":
        return ctx.cfg.severity
    # `QAConfig` admits only the names in SEVERITIES for every `*_severity` setting
    severity: str = ctx.cfg[{"word": "word_severity", "style": "style_severity",
                             "artefact": "marker_severity"}[cls]]
    return severity


def _anchor_check(v: SegView, ctx: CheckContext, category: str) -> Iterator[Finding]:
    diff = v.anchor_diff
    # only the number check has a small-number rule; a soft symbol does not exist
    small = Decimal(ctx.cfg["small_word_number_max"]) if category == "number" else Decimal(0)
    items: list[tuple[str, Anchor, str]] = []        # (side, anchor, class)
    why: dict[int, str] = {}                          # id(anchor) -> why it is not "hard"
    for side, anchors in (("zh", diff.missing), ("en", diff.extra)):
        if side == "en" and not ctx.cfg["report_extra"]:
            continue
        text = v.zh if side == "zh" else v.en
        others = v.en_anchors if side == "zh" else v.zh_anchors
        for a in anchors:
            if ANCHOR_CATEGORY.get(a.type) != category:
                continue
            cls = "hard"
            if _in_words(a) and category != "symbol":
                val = _numval(a)
                if category == "number" and (val is None or abs(val) <= small):
                    continue                 # "一项" / "a", "首次" / "first"
                cls = "word"
            if cls == "hard" and category == "number":
                reason = _marker(a, text, side)
                if reason:
                    cls, why[id(a)] = "artefact", f"looks like {reason}"
            if cls == "hard" and category == "date" and _year_dropped(a, others):
                cls, why[id(a)] = "style", "the other side gives the day without the year"
            items.append((side, a, cls))
    for side, a, reading in diff.glued:
        if ANCHOR_CATEGORY.get(a.type) == category and (side == "zh" or ctx.cfg["report_extra"]):
            items.append((side, a, "artefact"))
            why[id(a)] = f"read as {reading}"
    if not items:
        return

    def show(a: Anchor) -> str:
        return _quote(a.text, 40) + (f" ({why[id(a)]})" if id(a) in why else "")

    glued = {id(a) for _, a, _ in diff.glued}
    missing = [a for s, a, _ in items if s == "zh" and id(a) not in glued]
    extra = [a for s, a, _ in items if s == "en" and id(a) not in glued]
    parts = []
    if missing:
        parts.append("Chinese has " + ", ".join(show(a) for a in missing)
                     + " not found in the English")
    if extra:
        parts.append("English has " + ", ".join(show(a) for a in extra)
                     + " not found in the Chinese")
    marked = [a for _, a, _ in items if id(a) in glued]
    if marked:
        parts.append("footnote marker glued to a figure: " + ", ".join(show(a) for a in marked))
    worst = min((cls for _, _, cls in items), key=_CLASSES.index)
    severity = min((_severity(cls, ctx) for _, _, cls in items), key=SEVERITY_RANK.__getitem__)
    evidence = "; ".join(f"{_EVIDENCE[c]}: " + ", ".join(a.text for _, a, k in items if k == c)
                         for c in _CLASSES if any(k == c for _, _, k in items))
    key = ";".join(sorted(f"{s}:{a.type}:{a.value}" for s, a, _ in items))
    yield ctx.finding(v, "; ".join(parts), spans=[Span(s, a.start, a.end) for s, a, _ in items],
                      key=key, severity=severity, evidence=evidence, decided_by=worst,
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
