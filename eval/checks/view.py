"""What a check sees: `SegView` (one segment and everything derived from it, computed at
most once and shared by all checks), `DocFacts` (document-wide facts, computed lazily) and
`CheckContext` (a check's settings, the document facts and a finding factory)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence, TypeVar

from zhenqa.corpora.model import Anchor, Segment
from zhenqa.corpora.textnorm import fold, is_cjk

from .anchor_match import AnchorDiff, diff_anchors
from .omission_words import _en_lemmas, zh_content_words
from .registry import CheckSpec, Finding, Span
from .textutil import lead_label

if TYPE_CHECKING:
    from zhenqa.corpora.termbase import TermIndex
    from zhenqa.eval.config import CheckConfig, QAConfig

T = TypeVar("T")

#: English characters an acronym letter stands for: a content word of UN English and its
#: space average 8.9 characters (SDG targets), and acronyms skip most function words.
ACRONYM_CHARS = 8
_ACRONYM = re.compile(r"\b([A-Z]{2,6})s?\b")


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
        already holds in Latin script (`zh_shared`), with each acronym the Chinese does not
        spell counted at the length of the words it stands for (`ACRONYM_CHARS` a letter):
        "Labour share of GDP" renders 劳动力占国内生产总值的份额 in full, and is not short."""
        n = sum(1 for ch in self.en if not ch.isspace())
        if self.zh_len:
            n = max(0, n - self.zh_shared)
            zh_upper = self.zh_fold.upper()
            for m in _ACRONYM.finditer(self.en):
                letters = m.group(1)
                if letters not in zh_upper:
                    n += (ACRONYM_CHARS - 1) * len(letters)
        return n

    @cached_property
    def zh_label(self) -> tuple[str, int, int] | None:
        """Leading paragraph label of the Chinese text: (label, start, end) or None."""
        return lead_label(self.zh, "zh")

    @cached_property
    def en_label(self) -> tuple[str, int, int] | None:
        return lead_label(self.en, "en")

    @cached_property
    def anchor_diff(self) -> "AnchorDiff":
        return diff_anchors(self)


@dataclass
class DocFacts:
    """Document-wide facts shared by the checks, computed lazily by `eval.qa`."""

    views: list[SegView]
    #: the run's configuration; every check reads its thresholds here, so a DocFacts always
    #: has one (`eval.qa` loads the defaults when the caller gives none)
    config: QAConfig
    termindex: TermIndex | None = None
    #: (zh, en) pairs of related text (other documents of the collection) that the EM
    #: translation table learns from besides this document's own segments
    background: Sequence[tuple[str, str]] = ()
    _stats: dict[str, Any] = field(default_factory=dict)

    def background_tokens(self) -> list[tuple[list[str], list[str]]]:
        """The background pairs as (Chinese content words, English lemmas), tokenized the
        way the omission check tokenizes segments; computed once per document."""
        def compute() -> list[tuple[list[str], list[str]]]:
            return [([w.word for w in zh_content_words(fold(z))], list(_en_lemmas(fold(e))))
                    for z, e in self.background if z.strip() and e.strip()]
        return self.cached("background_tokens", compute)

    def cached(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()`, computed once per document under `name`. Each name is used by one
        caller with one `compute`, so the stored value has the type `compute` returns; the
        store itself holds values of every kind, hence the annotated read."""
        if name not in self._stats:
            self._stats[name] = compute()
        value: T = self._stats[name]
        return value


@dataclass
class CheckContext:
    """What a check sees besides the segment: its settings and the document facts."""

    spec: CheckSpec
    cfg: CheckConfig
    doc: DocFacts

    def finding(self, view: SegView | int, message: str, *, spans: Iterable[Span] = (),
                key: str = "", severity: str | None = None, evidence: str = "",
                **extra: Any) -> Finding:
        """A finding of this check. `evidence` names what decided it; without one, the
        check's rule itself is the evidence (a deterministic test on the text: a bracket
        left open, a double space), which the check's description states."""
        seg_id = view if isinstance(view, int) else view.id
        return Finding(self.spec.id, seg_id, severity or self.cfg.severity, message,
                       list(spans), key, dict(extra), evidence or f"rule: {self.spec.id}")
