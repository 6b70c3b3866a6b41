"""Termbase checks: `term` and `forbidden-term`.

The matching itself is `corpora.termbase.TermIndex` (`missing_renderings(zh, en)`,
`forbidden_hits(zh, en)`): pure functions of a segment's two texts, so a corpus-wide caller
(the term-consistency report) gets exactly the decisions QA makes. This module adds only the
wording (`miss_message`, `forbidden_message`) and the registration."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .registry import Finding, Span, check
from .textutil import quote as _quote
from .view import CheckContext, SegView

if TYPE_CHECKING:
    from zhenqa.corpora.termbase import ForbiddenHit, MissingRendering


def miss_message(miss: MissingRendering) -> str:
    """How a reviser is told about a `TermIndex.missing_renderings` item."""
    wanted = _quote(" | ".join(miss.expected), 120)
    side = "English" if miss.direction == "zh-en" else "Chinese"
    return f"term {miss.term} ({miss.source}): {side} should use {wanted}"


def forbidden_message(hit: ForbiddenHit) -> str:
    """How a reviser is told about a `TermIndex.forbidden_hits` item."""
    better = f"; use {_quote(' | '.join(hit.expected), 100)}" if hit.expected else ""
    return f"forbidden rendering \"{hit.text}\" ({hit.source}){better}"


@check("term", "warning")
def term(v: SegView, ctx: CheckContext) -> Iterable[Finding]:
    """A termbase term in the Chinese needs one of its admitted English renderings (and, for
    two-way termbases such as UN country names, an English term needs its Chinese)."""
    index = ctx.doc.termindex
    if index is None:
        return
    for miss in index.missing_renderings(v.zh, v.en):
        yield ctx.finding(v, miss_message(miss), spans=[Span(miss.side, miss.start, miss.end)],
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
        yield ctx.finding(v, forbidden_message(hit),
                          spans=[Span("en", hit.start, hit.end)], key=hit.term.lower(),
                          expected=list(hit.expected), termbase=hit.source)
