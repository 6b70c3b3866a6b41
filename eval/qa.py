"""Running the QA: every enabled check over a bitext, suppressions, scores, the report data.

`run_qa` is the one entry point the CLI, the benchmark and the tests use. It builds a
`SegView` per segment (so anchors and folded forms are computed once for all checks), runs
the segment checks and then the document checks, drops findings the ignore file accepts
(counting them), and, when a translator is given, translates the Chinese to score the
official English against it (sentence chrF per segment, document BLEU/chrF with sacreBLEU
signatures) and to offer proposals for Chinese left without English.

The result (`QAResult`) is plain data; `QAResult.to_json()` is the JSON report of the CLI
contract and the input of the HTML, XLSX and CSV reports.
"""
from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from zhenqa.corpora.model import Bitext
from zhenqa.eval import checks as C
from zhenqa.eval.config import SEVERITIES, QAConfig
from zhenqa.eval.suppress import Suppression, SuppressionSet

if TYPE_CHECKING:
    from zhenqa.corpora.termbase import TermIndex
    from zhenqa.models.base import Translator

REPORT_VERSION = 1


@dataclass
class QAResult:
    """Findings and scores of one QA run, with everything a report shows."""

    bitext: Bitext
    views: list[C.SegView]
    findings: list[C.Finding]
    suppressed: list[C.Finding]
    scores: dict[str, Any]
    config: QAConfig
    meta: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        """{check: {severity: n}} over the reported (not suppressed) findings."""
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            row = out.setdefault(f.check, {s: 0 for s in SEVERITIES})
            row[f.severity] += 1
        return dict(sorted(out.items()))

    def severity_totals(self) -> dict[str, int]:
        tot = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            tot[f.severity] += 1
        return tot

    def suppressed_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.suppressed:
            out[f.check] = out.get(f.check, 0) + 1
        return dict(sorted(out.items()))

    def by_segment(self) -> dict[int, list[C.Finding]]:
        out: dict[int, list[C.Finding]] = {}
        for f in self.findings:
            out.setdefault(f.segment, []).append(f)
        return out

    def to_json(self) -> dict[str, Any]:
        """The JSON report: `segments`, `findings`, `scores` (contract) plus counts,
        suppressed counts, the config signature and the checks' descriptions."""
        segs = []
        for v in self.views:
            s = v.seg
            item: dict[str, Any] = {"id": s.id, "zh": s.zh, "en": s.en}
            if s.line is not None:
                item["line"] = s.line
            if s.score is not None:
                item["align_score"] = s.score
            if s.review:
                item["review"] = True
            if s.props:
                item["props"] = dict(s.props)
            if s.proposal:
                item["proposal"] = dict(s.proposal)
            if v.mt is not None:
                item["mt"] = v.mt
            if v.chrf is not None:
                item["chrf"] = round(v.chrf, 2)
            anchors = _anchor_json(v)
            if anchors:
                item["anchors"] = anchors
            segs.append(item)
        return {
            "version": REPORT_VERSION,
            "source": self.bitext.source,
            "segments": segs,
            "findings": [f.to_json() for f in self.findings],
            "scores": self.scores,
            "counts": self.counts(),
            "totals": self.severity_totals(),
            "suppressed": {"total": len(self.suppressed), "by_check": self.suppressed_counts()},
            "config": {"signature": self.config.signature(), "source": self.config.source},
            "checks": {cid: {"severity": self.config.check(cid).severity,
                             "enabled": self.config.enabled(cid),
                             "description": C.CHECKS[cid].doc}
                       for cid in C.CHECKS if cid in self.config.checks},
            "meta": self.meta,
        }


def _anchor_json(v: C.SegView) -> dict[str, list[dict[str, Any]]]:
    """Anchor spans for highlighting, only where they were computed (number/date/symbol on)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for side in ("zh", "en"):
        anchors = v.__dict__.get(f"{side}_anchors")
        if anchors:
            out[side] = [{"type": a.type, "value": a.value, "start": a.start, "end": a.end}
                         for a in anchors]
    return out


def _applies(spec: C.CheckSpec, v: C.SegView) -> bool:
    if spec.needs == "any":
        return True
    if spec.needs == "en":
        return v.has_en
    return v.has_zh and v.has_en


def score_with_translator(views: Sequence[C.SegView], translator: Translator) -> dict[str, Any]:
    """Translate every Chinese side; sentence chrF per pair, document BLEU/chrF.

    Chinese left without English gets the translation as its proposal (marked machine).
    The whole document goes to the translator in one call: it batches by length across
    the document (little padding) and skips what its cache already holds."""
    from zhenqa.eval.scores import corpus_scores, sentence_chrf_batch

    todo = [v for v in views if v.has_zh]
    texts = [v.zh for v in todo]
    mts = list(translator.translate(texts)) if texts else []
    if len(mts) != len(texts):
        raise RuntimeError(f"translator returned {len(mts)} lines for {len(texts)} segments")
    model_id = str(getattr(translator, "model_id", "mt"))
    hyps, refs, paired = [], [], []
    for v, mt in zip(todo, mts):
        v.mt = mt
        if v.has_en:
            hyps.append(mt)
            refs.append(v.en)
            paired.append(v)
        elif v.seg.proposal is None:
            v.seg.proposal = {"text": mt, "model": model_id, "machine": True}
    for v, score in zip(paired, sentence_chrf_batch(hyps, refs)):
        v.chrf = float(score)
    out: dict[str, Any] = {"model": model_id,
                           "mt": {"available": True, "model": model_id}}
    if hyps:
        out.update(corpus_scores(hyps, refs, ("bleu", "chrf")))
        out["segments_scored"] = len(hyps)
    return out


#: `scores.mt.reason` when no translator was given and the caller did not say why.
NO_MT_REASON = "no MT model was given"


def run_qa(bitext: Bitext, config: QAConfig | None = None, *, termindex: TermIndex | None = None,
           suppressions: SuppressionSet | None = None, translator: Translator | None = None,
           only: Iterable[str] | None = None, mt_reason: str | None = None,
           background: Sequence[tuple[str, str]] = ()) -> QAResult:
    """Run every enabled check (or only those in `only`) over `bitext`.

    `scores["mt"]` says whether MT proposals and scores are in the report:
    ``{"available": true, "model": id}`` with a translator, else ``{"available": false,
    "reason": mt_reason}`` (the caller knows why: switched off, or no model offline).
    `background`: (zh, en) pairs of related translations (other documents of the same
    collection) that the omission check's EM translation table learns from as well.

    With a `termindex`, its terms are one word for every check inside this run (the
    omission check's cut, the EM table) and for no one after it (`TermIndex.kept_whole`).
    """
    with termindex.kept_whole() if termindex is not None else nullcontext():
        return _run_qa(bitext, config, termindex, suppressions, translator, only, mt_reason, background)


def _run_qa(bitext: Bitext, config: QAConfig | None, termindex: TermIndex | None, suppressions: SuppressionSet | None,
            translator: Translator | None, only: Iterable[str] | None, mt_reason: str | None,
            background: Sequence[tuple[str, str]]) -> QAResult:
    config = config or QAConfig.load()
    t0 = time.perf_counter()
    views = [C.SegView(s) for s in bitext.segments]
    doc = C.DocFacts(views=views, config=config, termindex=termindex, background=background)
    scores: dict[str, Any] = {}
    if translator is not None:
        scores.update(score_with_translator(views, translator))
    else:
        scores["mt"] = {"available": False, "reason": mt_reason or NO_MT_REASON}
    wanted = set(only) if only is not None else None
    specs = [spec for cid, spec in C.CHECKS.items()
             if config.enabled(cid) and (wanted is None or cid in wanted)]
    findings: list[C.Finding] = []
    for spec in specs:
        ctx = C.CheckContext(spec, config.check(spec.id), doc)
        if spec.scope == "document":
            findings.extend(spec.func(views, ctx))
            continue
        for v in views:
            if _applies(spec, v):
                findings.extend(spec.func(v, ctx))
    findings = _drop_redundant(findings)
    by_id = {v.id: v for v in views}
    kept: list[C.Finding] = []
    dropped: list[C.Finding] = []
    for f in findings:
        seg_view = by_id.get(f.segment)
        if suppressions is not None and seg_view is not None and \
                suppressions.matches(f.check, seg_view.zh, seg_view.en, f.key):
            dropped.append(f)
        else:
            kept.append(f)
    order = {cid: i for i, cid in enumerate(C.CHECKS)}
    kept.sort(key=lambda f: (f.segment, C.SEVERITY_RANK[f.severity], order.get(f.check, 99)))
    n = len(views)
    with_error = len({f.segment for f in kept if f.severity == "error"})
    scores["qa"] = {
        "score": round(100.0 * (n - with_error) / n, 2) if n else 100.0,
        "segments": n,
        "segments_with_error": with_error,
        "signature": config.signature(),
        "description": "share of segments (%) without an error-severity finding",
    }
    meta = {"seconds": round(time.perf_counter() - t0, 3),
            "checks_run": [s.id for s in specs]}
    if termindex is not None:
        meta["termbases"] = [{"name": tb.name, "concepts": len(tb.concepts)}
                             for tb in termindex.termbases]
    return QAResult(bitext, views, kept, dropped, scores, config, meta)


def _drop_redundant(findings: list[C.Finding]) -> list[C.Finding]:
    """One problem, one finding: a number finding that only repeats a differing paragraph
    label ("5." against "6.", already reported by paragraph-number) is dropped."""
    label_spans: dict[int, set[tuple[str, int, int]]] = {}
    for f in findings:
        if f.check == "paragraph-number":
            label_spans.setdefault(f.segment, set()).update((s.side, s.start, s.end) for s in f.spans)
    if not label_spans:
        return findings
    out = []
    for f in findings:
        spans = label_spans.get(f.segment)
        if f.check == "number" and spans and f.spans and all(
                any(side == s.side and a <= s.start and s.end <= b + 1 for side, a, b in spans)
                for s in f.spans):
            continue
        out.append(f)
    return out


def accept_all(result: QAResult, note: str = "") -> list[Suppression]:
    """Suppression entries accepting every reported finding of `result`."""
    by_id = {v.id: v for v in result.views}
    out = []
    for f in result.findings:
        v = by_id[f.segment]
        out.append(Suppression(f.check, v.zh, v.en, f.key, note))
    return out
