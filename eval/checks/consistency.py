"""Consistency checks: `inconsistent-source`, `inconsistent-target`.

The grouping is a pure function over (id, zh, en) triples, `consistency_groups`, so that a
corpus-wide caller (the term-consistency report of `zhenqa terms`) can group segments of
many documents the same way the QA check groups one document's segments; the check only
turns groups into findings.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Generic, Hashable, Iterable, Iterator, Sequence, TypeVar

from zhenqa.corpora.textnorm import fold

from .registry import Finding, check
from .textutil import quote as _quote
from .view import CheckContext, SegView


def zh_key(text: str) -> str:
    """Comparison key of a Chinese text: folded look-alikes, case, letters and digits only
    (punctuation and spaces do not make two sources different)."""
    return "".join(ch for ch in fold(text).casefold() if ch.isalnum())


def en_key(text: str) -> str:
    """Comparison key of an English text: folded, case-folded words joined by one space."""
    return " ".join(re.findall(r"\w+", fold(text).casefold()))


#: The id type of the grouped items: a segment id (int) for the QA check, whatever the
#: corpus-wide caller uses (a (document, segment) pair); groups hand back the same type.
IdT = TypeVar("IdT", bound=Hashable)


@dataclass(frozen=True)
class Rendering(Generic[IdT]):
    """One way a source is rendered in a group: its target key and the members using it,
    as (id, zh, en), in input order."""

    key: str
    members: tuple[tuple[IdT, str, str], ...]


@dataclass(frozen=True)
class ConsistencyGroup(Generic[IdT]):
    """Segments sharing one source (key `key`) with at least two different targets;
    `renderings` most used first (ties: first seen first)."""

    source: str                 # "zh": same Chinese, different English; "en": the reverse
    key: str
    renderings: tuple[Rendering[IdT], ...]

    @property
    def members(self) -> list[tuple[IdT, str, str]]:
        return [m for r in self.renderings for m in r.members]


def consistency_groups(items: Iterable[tuple[IdT, str, str]], source: str = "zh",
                       min_chars: int = 4) -> list[ConsistencyGroup[IdT]]:
    """Groups of (id, zh, en) items whose `source` side ("zh" or "en") is the same after
    normalization (`zh_key` / `en_key`, at least `min_chars` characters) and whose other
    side is not. Items with an empty side are skipped. Ids may be anything hashable (a
    segment id, a (document, segment) pair)."""
    if source not in ("zh", "en"):
        raise ValueError(f"source must be 'zh' or 'en', not {source!r}")
    key_src = zh_key if source == "zh" else en_key
    key_tgt = en_key if source == "zh" else zh_key
    groups: dict[str, list[tuple[IdT, str, str]]] = defaultdict(list)
    order: dict[IdT, int] = {}
    for n, (ident, zh, en) in enumerate(items):
        if not (zh.strip() and en.strip()):
            continue
        k = key_src(zh if source == "zh" else en)
        if len(k.replace(" ", "")) >= min_chars:
            groups[k].append((ident, zh, en))
            order.setdefault(ident, n)
    out: list[ConsistencyGroup[IdT]] = []
    for k, members in groups.items():
        if len(members) < 2:
            continue
        variants: dict[str, list[tuple[IdT, str, str]]] = defaultdict(list)
        for m in members:
            variants[key_tgt(m[2] if source == "zh" else m[1])].append(m)
        if len(variants) < 2:
            continue
        ranked = sorted(variants.items(), key=lambda kv: (-len(kv[1]), order[kv[1][0][0]]))
        out.append(ConsistencyGroup(source, k, tuple(Rendering(t, tuple(ms)) for t, ms in ranked)))
    return out


def _describe(group: ConsistencyGroup[int]) -> str:
    src = group.source
    listing = "; ".join(
        f"segment{'s' if len(r.members) > 1 else ''} "
        f"{', '.join(str(m[0]) for m in r.members[:6])}{'…' if len(r.members) > 6 else ''}: "
        f"\"{_quote(r.members[0][2] if src == 'zh' else r.members[0][1], 50)}\""
        for r in group.renderings[:4])
    if src == "zh":
        return f"the same Chinese is rendered {len(group.renderings)} ways: {listing}"
    return f"the same English renders different Chinese: {listing}"


def _consistency(views: Sequence[SegView], ctx: CheckContext, src: str) -> Iterator[Finding]:
    groups = consistency_groups(((v.id, v.zh, v.en) for v in views), src,
                                int(ctx.cfg["min_chars"]))
    for g in groups:
        msg = _describe(g)
        ids = [m[0] for m in g.members]
        for r in g.renderings:
            for m in r.members:
                yield ctx.finding(m[0], msg, key=r.key[:80], variants=len(g.renderings),
                                  group=ids)


@check("inconsistent-source", "warning", scope="document")
def inconsistent_source(views: list[SegView], ctx: CheckContext) -> Iterable[Finding]:
    """The same Chinese (up to whitespace, punctuation, look-alikes and case) rendered
    differently; every segment of the group is reported, with the variants."""
    return _consistency(views, ctx, "zh")


@check("inconsistent-target", "info", scope="document")
def inconsistent_target(views: list[SegView], ctx: CheckContext) -> Iterable[Finding]:
    """The same English (normalized) used for different Chinese texts."""
    return _consistency(views, ctx, "en")
