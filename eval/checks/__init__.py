"""The QA checks: one small named function per check id of the CLI contract, one module per
family, all registered in one registry (`registry.CHECKS`), the way translate-toolkit's
`filters/` reads.

Each check is registered with `@check(id, severity, scope, needs)`; the severity there is only
the fallback, the one in force comes from `QAConfig` (``eval/qa_defaults.toml``), as do all
thresholds. A check sees a `SegView` (one segment with its anchors and normalized forms,
computed once and shared by all checks) and a `CheckContext` (its configuration and the
document-wide facts: termbases, the length-ratio distribution, MT proposals), and yields
`Finding`s. Document-scope checks (the consistency checks) see every segment at once.

Modules, bottom up (no module imports one above it):

- `registry`: `Span`, `Finding`, `CheckSpec`, `CHECKS`, `@check`;
- `textutil`: quoting, CJK/English word patterns, leading paragraph labels;
- `anchor_match`: matching the anchors of the two sides (plain data in, plain data out);
- `view`: `SegView`, `DocFacts`, `CheckContext`;
- the families: `anchors` (number, date, symbol), `terms` (term, forbidden-term),
  `segment` (untranslated, identical, empty, unaligned), `form` (brackets, punctuation,
  whitespace, repeated-word, paragraph-number, placeholder), `length` (length-ratio),
  `omission` (with `omission_words`), `addition` (its mirror), `mt` (mt-divergence), `consistency`
  (inconsistent-source, inconsistent-target).

This module imports the families in the order their checks are listed in reports.

Design rules, because false alarms are what revisers complain about most:
- compare normalized forms (anchor values, folded look-alikes, lemmas), never raw strings;
- when the evidence is weak (a number written in words, a segment too short for a ratio,
  a bracket the Chinese leaves open too) lower the severity or say nothing;
- judge lengths against the document's own distribution, not a constant;
- tolerate what real UN Chinese does (ASCII punctuation in the SDG and UDHR files).
"""
from __future__ import annotations

from zhenqa.corpora.numbers import english_word_values, loose_values

from . import anchors, terms, segment, form, length, omission, addition, mt, consistency  # noqa: F401  (registers)
from .addition import AdditionEvidence, addition_evidence, en_content_words
from .anchor_match import ANCHOR_CATEGORY, AnchorDiff, diff_anchors
from .length import length_model, length_z
from .omission import OmissionEvidence, OmissionModel, omission_evidence, omission_model
from .omission_words import ZhWord, _segment_run, match_words, zh_clauses, zh_content_words
from .registry import CHECKS, SEVERITY_RANK, CheckSpec, Finding, Severity, Span, check, check_ids
from .view import CheckContext, DocFacts, SegView

__all__ = [
    "ANCHOR_CATEGORY", "AdditionEvidence", "addition_evidence", "en_content_words", "AnchorDiff", "CHECKS", "SEVERITY_RANK", "CheckContext", "CheckSpec",
    "DocFacts", "Finding", "OmissionEvidence", "OmissionModel", "SegView", "Severity", "Span",
    "ZhWord", "check", "check_ids", "diff_anchors", "english_word_values", "length_model",
    "length_z", "loose_values", "match_words", "omission_evidence", "omission_model",
    "zh_clauses", "zh_content_words", "_segment_run",
]
