"""Per-term aggregates of pass three, with bounded working memory.

Every occurrence is counted and every (document, segment) reference is kept, because the
report lists them all (`renderings[].segments`): that is the size of the output, held as
two machine integers per reference (`array`), never as text. Text is kept only for a
bounded number of example contexts per rendering (`MAX_EXAMPLES`), which the HTML report
shows side by side.
"""
from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from zhenqa.eval.terms.renderings import Rendering, TermModel

MAX_EXAMPLES = 20
MAX_SURFACES = 5


class DocTable:
    """Document names interned as small integers."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._ids: dict[str, int] = {}

    def id(self, name: str) -> int:
        i = self._ids.get(name)
        if i is None:
            i = self._ids[name] = len(self.names)
            self.names.append(name)
        return i

    def name(self, i: int) -> str:
        return self.names[i]


@dataclass
class RenderingTally:
    key: str
    status: str
    label: str = ""
    count: int = 0
    surfaces: Counter[str] = field(default_factory=Counter)     # the English as written
    evidence: Counter[str] = field(default_factory=Counter)     # `Rendering.evidence` values
    refs: array[int] = field(default_factory=lambda: array("q"))   # doc, segment, doc, segment...
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, r: Rendering, doc: int, seg: int, zh: str, en: str,
            zh_span: tuple[int, int]) -> None:
        self.count += 1
        if r.text and (r.text in self.surfaces or len(self.surfaces) < MAX_SURFACES):
            self.surfaces[r.text] += 1
        self.evidence[r.evidence] += 1
        if not self.refs or self.refs[-2] != doc or self.refs[-1] != seg:
            self.refs.extend((doc, seg))
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append({"doc": doc, "segment": seg, "zh": zh, "en": en,
                                  "zh_span": list(zh_span),
                                  "en_span": [r.start, r.end] if r.start >= 0 else None})


@dataclass
class TermTally:
    model: TermModel
    occurrences: int = 0
    docs: set[int] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)        # Chinese forms as written
    renderings: dict[tuple[str, str], RenderingTally] = field(default_factory=dict)

    def add(self, r: Rendering, form: str, doc: int, seg: int, zh: str, en: str,
            zh_span: tuple[int, int]) -> None:
        self.occurrences += 1
        self.docs.add(doc)
        self.forms[form] += 1
        k = (r.key, r.status)
        t = self.renderings.get(k)
        if t is None:
            t = self.renderings[k] = RenderingTally(r.key, r.status, r.label)
        t.add(r, doc, seg, zh, en, zh_span)
