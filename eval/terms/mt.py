"""Machine translation as the last evidence for a term's rendering (`--model`).

When the dictionary, the term's forms, EM and the corpus association leave an occurrence
unrendered, the segment's Chinese is translated (once per distinct Chinese text: a bounded
memo here, and the model layer's on-disk cache across runs) and the term is located in the
MT draft with the same word alignment (`renderings.lexical_span`). The draft's rendering,
widened to the phrase it stands in (the run of content words joined by spaces or hyphens
around it: "global partnership alliances"), gives lemmas that are then looked for in the
reference English with English morphology (lemma, or a shared six-letter beginning). A span
of the reference that only those lemmas explain is reported with `evidence: "mt"`.

MT is consulted for not-found occurrences only: it is the slowest evidence by far, and the
one that needs a model (`zhenqa terms` without `--model` loads none).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from zhenqa.eval.terms.renderings import TermModel, lexical_span
from zhenqa.eval.terms.text import EnText, en_text

#: Distinct Chinese texts whose draft is kept in memory.
DRAFT_CACHE = 20_000


def resolve(model: Any) -> tuple[Any | None, str]:
    """The translator for a `TermsRequest.model` value and the report's `summary.mt` line.

    The spec is decided where every command decides it (`models.select.resolve_translator`:
    None or ``"none"``, ``"auto"``, a model id or local path loaded offline, an unavailable
    explicit model being an InputError naming it, or an already loaded translator); only
    the wording of the summary line is the report's own."""
    from zhenqa.models.base import MT_OFF_REASON
    from zhenqa.models.select import resolve_translator

    translator, status = resolve_translator(model)
    if translator is not None:
        return translator, status.model_id or "translator"
    if status.reason == MT_OFF_REASON:
        return None, "not used (--model none)"
    return None, f"not used ({status.reason})"


def _phrase(et: EnText, i: int, j: int) -> tuple[int, int]:
    """Tokens i..j-1 widened over glued content words on both sides."""
    toks = et.tokens
    while i > 0 and toks[i].glued and not toks[i - 1].stop:
        i -= 1
    while j < len(toks) and toks[j].glued and not toks[j].stop:
        j += 1
    return i, j


class Drafts:
    """The MT drafts of a run's segments and what they say about one term."""

    def __init__(self, translator: Any):
        self.translator = translator
        self.translated = 0
        self.draft = lru_cache(maxsize=DRAFT_CACHE)(self._draft)

    def _draft(self, zh: str) -> str:
        self.translated += 1
        out = self.translator.translate([zh])
        return out[0] if out and out[0] else ""

    def lemmas(self, model: TermModel, zh: str, rel_pos: float) -> frozenset[str]:
        """The content lemmas of the term's rendering in the draft of `zh` (empty when the
        draft does not show one)."""
        text = self.draft(zh)
        if not text:
            return frozenset()
        et = en_text(text)
        r = lexical_span(model, et, text, set(), rel_pos)
        if r is None:
            return frozenset()
        i, j = _phrase(et, r.first, r.last)
        return frozenset(t.lemma for t in et.tokens[i:j] if not t.stop)
