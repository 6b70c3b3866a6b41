"""The wiring from file paths to results: what every command (and library caller) runs.

Entry points (requests and results are in `zhenqa.jobs`, re-exported here):

- `run_align(AlignRequest) -> AlignResult`: read two documents (or presplit files), get MT
  when asked for, align; `AlignResult.alignment`, `.mt` (an `MTStatus`), `.seconds`.
- `render_alignment(alignment, fmt) -> bytes`: exactly the bytes `zhenqa align --format
  json|beads|tsv|tmx` writes (bytes because TMX is written by translate-toolkit as bytes);
  `write_alignment(alignment, fmt, path)` writes them atomically.
- `run_qa_request(QARequest, context=None, alignment=None) -> QAOutcome`: align when
  given two documents, then run the checks; `QAOutcome.result` (`eval.qa.QAResult`), `.mt`,
  `.seconds`, `.report()` (the JSON report as a dict). `load_qa_context(QARequest) ->
  QAContext` (or `build_qa_context(...)` from the settings alone, with an MT choice already
  resolved) loads settings, ignore files, termbases and the MT choice once, for a process
  that checks many pairs (`zhenqa batch --qa`); an alignment `zhenqa align` made is reused
  when there are no terms.
- `qa_report_text(outcome) -> str`: exactly what `zhenqa qa --json` writes.
- `check_report_outputs(request, outputs, accept_all_to=None)`: every output path checked
  before any work, so a bad last one never leaves a first one written;
  `write_reports(outcome, ReportOutputs)`: the JSON/HTML/XLSX/CSV reports, each atomically;
  `accept_findings(outcome, path) -> int`: merge this run's findings into an ignore file.
- `resolve_translator(model) -> (Translator | None, MTStatus)` (from `zhenqa.models.select`,
  which the term report uses too): the one place where
  ``auto``/``none``/id/path/loaded-translator is decided.
- `run_terms_request(TermsRequest) -> TermsResult`, `check_terms_outputs(request,
  TermsOutputs)`, `write_terms_reports(result, TermsOutputs) -> dict`: `zhenqa terms`
  (the analysis itself is `zhenqa.eval.terms`).
- Older names kept: `align_paths(...) -> Alignment`, `read_translations(path, zh_doc)`.

Content files are deterministic: the same input and options give the same bytes, run after
run and engine after engine (`zhenqa batch` compares them byte for byte). How long a run
took is a fact of the run, not of the content, so it is kept out of the JSON outputs
(`RUN_FACTS`) and returned beside them (`AlignResult.seconds`, `QAOutcome.seconds`).

Nothing here prints and nothing here decides anything about alignment or QA themselves:
that lives in `align` and `eval`. Errors in the input raise `InputError`.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhenqa.corpora.errors import InputError
from zhenqa.jobs import (
    ALIGN_FORMATS,
    REPORT_KINDS,
    UNITS,
    AlignRequest,
    AlignResult,
    ModelSpec,
    QAContext,
    QAOutcome,
    QARequest,
    ReportOutputs,
    TermsOutputs,
    check_align_format,
    check_unit,
)
from zhenqa.models.base import MTStatus, Translator
from zhenqa.models.select import resolve_translator

if TYPE_CHECKING:
    from zhenqa.align.aligner import Alignment
    from zhenqa.align.config import AlignConfig
    from zhenqa.corpora.model import Bitext, Document
    from zhenqa.corpora.termbase import TermIndex
    from zhenqa.eval.terms.run import TermsRequest, TermsResult

__all__ = [
    "ALIGN_FORMATS", "REPORT_KINDS", "UNITS", "AlignRequest", "AlignResult", "ModelSpec", "QAContext", "QAOutcome",
    "QARequest", "RUN_FACTS", "ReportOutputs", "TermsOutputs", "TermsRequest", "accept_findings", "align_paths",
    "build_qa_context", "check_align_format", "check_report_outputs", "check_terms_outputs", "check_unit",
    "load_qa_context", "load_termindex", "qa_report_text", "read_translations", "render_alignment",
    "resolve_translator", "run_align", "run_qa_request", "run_terms_request", "write_alignment", "write_reports",
    "write_terms_reports",
]

#: `meta` keys that say how a run went rather than what it found (wall-clock time): kept out
#: of every JSON output so that two runs of the same input write the same bytes.
RUN_FACTS = frozenset({"seconds", "total_seconds"})


def _without_run_facts(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k not in RUN_FACTS}


def read_translations(path: str | os.PathLike[str], zh_doc: Document) -> list[str]:
    """The lines of an MT file, one per Chinese unit of a presplit document.

    The file may be line-parallel to the Chinese file as a whole (blank lines included,
    as MT systems output them) or hold exactly one line per non-blank Chinese line.
    """
    from zhenqa.corpora.encoding import read_text_file

    lines = read_text_file(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    units = zh_doc.units
    numbers = [u.meta.get("line") for u in units]
    non_blank = [ln for ln in lines if ln.strip()]
    if len(non_blank) == len(units):
        return [ln.strip() for ln in non_blank]
    line_numbers = [n for n in numbers if isinstance(n, int)]
    if line_numbers and len(line_numbers) == len(numbers) \
            and max(line_numbers) <= len(lines) <= max(line_numbers) + 1:
        return [lines[n - 1].strip() for n in line_numbers]
    raise InputError(path, f"has {len(non_blank)} non-blank lines but the Chinese file has "
                           f"{len(units)} units: one translation line per Chinese line is needed")


# --------------------------------------------------------------------------- align

def run_align(req: AlignRequest, translator: Translator | None = None,
              mt: MTStatus | None = None) -> AlignResult:
    """Read and align the two documents of `req`.

    `translator`/`mt`: an MT choice already resolved by the caller (a QA run resolves it
    once for alignment and proposals); otherwise `req.model` is resolved here, after the
    documents are read, so bad input fails before any model is loaded.
    """
    from zhenqa.align.aligner import align_documents
    from zhenqa.corpora.readers import read_document

    t0 = time.perf_counter()
    zh = read_document(req.zh, "zh", presplit=req.presplit)
    en = read_document(req.en, "en", presplit=req.presplit)
    translations = None
    if req.translations is not None:
        translations = read_translations(req.translations, zh)
        status = MTStatus(source="translations", reason=None)
        translator = None
    elif mt is not None:
        status = mt
    else:
        translator, status = resolve_translator(req.model)
    alignment = align_documents(zh, en, unit=req.unit, config=req.config, translations=translations,
                                translator=translator, force=req.force, terms=req.terms or None)
    alignment.meta["source"] = f"{req.zh} ↔ {req.en}"
    if translations is None and translator is None:
        alignment.meta.setdefault("mt", "none (no MT model available offline)" if status.implicit else "none")
        if status.implicit:
            alignment.meta["mt_unavailable"] = status.reason
    return AlignResult(alignment=alignment, mt=status, seconds=time.perf_counter() - t0)


def align_paths(zh_path: str | os.PathLike[str], en_path: str | os.PathLike[str], *,
                unit: str = "sentence", presplit: bool = False,
                translations_path: str | os.PathLike[str] | None = None,
                model: ModelSpec = None, force: bool = False, config: AlignConfig | None = None,
                terms: Sequence[tuple[str, str]] | None = None) -> Alignment:
    """`run_align` with keyword arguments, returning only the alignment.

    `model` defaults to None (no MT), as library callers expect; the CLI passes ``"auto"``.
    """
    req = AlignRequest(Path(zh_path), Path(en_path), unit=unit, presplit=presplit,
                       translations=Path(translations_path) if translations_path is not None else None,
                       model=model, force=force, config=config, terms=terms)
    return run_align(req).alignment


def render_alignment(alignment: Alignment, fmt: str) -> bytes:
    """Exactly the bytes `zhenqa align --format FMT` writes for `alignment`.

    ``json`` (UTF-8, indent 1, a final newline; `meta` without the `RUN_FACTS`) and ``beads``
    are text; ``tsv`` and ``tmx`` are what the bitext writers (translate-toolkit for TMX)
    produce.
    """
    fmt = check_align_format(fmt)
    if fmt == "json":
        data = alignment.to_json()
        data["meta"] = _without_run_facts(data.get("meta") or {})
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "beads":
        return alignment.beads_text().encode("utf-8")
    import tempfile

    from zhenqa.align.aligner import to_bitext
    from zhenqa.corpora.bitext import write_bitext

    with tempfile.TemporaryDirectory(prefix="zhenqa-align-") as tmp:
        path = Path(tmp) / f"out.{fmt}"
        write_bitext(to_bitext(alignment), path, fmt)
        return path.read_bytes()


def write_alignment(alignment: Alignment, fmt: str, path: str | os.PathLike[str]) -> None:
    """Write `render_alignment(alignment, fmt)` to `path`, atomically."""
    from zhenqa.corpora.fileio import write_bytes

    write_bytes(path, render_alignment(alignment, fmt))


# --------------------------------------------------------------------------- qa

def load_termindex(specs: Sequence[str]) -> TermIndex | None:
    """The termbases of a QA run; None if none.

    Indexed with the one shared Chinese segmenter (`corpora.lang.segment`) and a vocabulary
    of the index's own that keeps the termbase's multi-character terms whole, as `zhenqa
    terms` and the aligner (given the same terms) do. Loading it changes nothing else: the
    run that uses it keeps its terms whole inside `TermIndex.kept_whole` (`run_qa_request`)."""
    if not specs:
        return None
    from zhenqa.corpora.termbase import load_termbases

    return load_termbases(list(specs))


def check_report_outputs(req: QARequest, outputs: ReportOutputs, accept_all_to: Path | None = None) -> None:
    """Check every output path before any work: a bad last one must not leave the first
    ones written by a run that then fails. `accept_all_to` may be one of the ignore files
    (it is merged into), but not one of the documents."""
    from zhenqa.corpora.fileio import check_output_path

    for out_path in outputs.paths():
        check_output_path(out_path, req.inputs)
    if accept_all_to is not None:
        check_output_path(accept_all_to, [p for p in (req.bitext, req.zh, req.en, req.config) if p is not None])


def load_qa_context(req: QARequest) -> QAContext:
    """Load what `req`'s QA run needs before any segment (see `build_qa_context`)."""
    return build_qa_context(config=req.config, ignore=req.ignore, termbases=req.termbase_specs, model=req.model)


def build_qa_context(*, config: Path | None = None, ignore: Sequence[Path] = (), termbases: Sequence[str] = (),
                     model: ModelSpec = "auto",
                     resolved: tuple[Translator | None, MTStatus] | None = None) -> QAContext:
    """Settings (`config` over the defaults), ignore files, termbases and the MT choice of a
    QA run, loaded once: for one `zhenqa qa`, or for every pair a `zhenqa batch` worker
    checks. `resolved`: the (translator, status) `resolve_translator(model)` already gave
    (a batch worker resolves it once for its alignments and its QA); else `model` is
    resolved here, once for the alignment and for the proposals and MT scores."""
    from zhenqa.eval.checks import CHECKS
    from zhenqa.eval.config import QAConfig
    from zhenqa.eval.suppress import SuppressionSet

    cfg = QAConfig.load(config)
    sups = SuppressionSet()
    for path in ignore:
        for entry in SuppressionSet.load(path, CHECKS).entries:
            sups.add(entry)
    termindex = load_termindex(termbases)
    translator, mt = resolved if resolved is not None else resolve_translator(model)
    return QAContext(config=cfg, termindex=termindex, suppressions=sups if len(sups) else None,
                     translator=translator, mt=mt)


def run_qa_request(req: QARequest, context: QAContext | None = None,
                   alignment: Alignment | None = None) -> QAOutcome:
    """Run QA as `req` says: align two documents when given (the termbases' terms help the
    aligner's lexicon), then run the checks.

    - `context`: what `load_qa_context(req)` returns, already loaded (None: loaded here);
    - `alignment`: `req.zh`/`req.en` already aligned with `req`'s unit and presplit and
      without terms (what `zhenqa align` makes). It is reused when the context has no
      termbase terms; with terms the documents are aligned again with them, as `zhenqa qa`
      does, so the report is the same either way.

    The termbases' terms are one word for the aligner and every check of this run, and for
    no one after it (a batch worker's next plain alignment cuts as `zhenqa align` does).
    """
    t0 = time.perf_counter()
    ctx = context if context is not None else load_qa_context(req)
    with ctx.termindex.kept_whole() if ctx.termindex is not None else nullcontext():
        return _run_qa_request(req, ctx, alignment, t0)


def _run_qa_request(req: QARequest, ctx: QAContext, alignment: Alignment | None, t0: float) -> QAOutcome:
    from zhenqa.eval.qa import run_qa

    bitext: Bitext
    if req.bitext is not None:
        from zhenqa.corpora.bitext import read_bitext

        alignment = None
        bitext = read_bitext(req.bitext)
    else:
        from zhenqa.align.aligner import to_bitext

        assert req.zh is not None and req.en is not None   # QARequest checked it
        if alignment is None or ctx.terms:
            areq = AlignRequest(req.zh, req.en, unit=req.unit, presplit=req.presplit, force=req.force,
                                terms=ctx.terms)
            alignment = run_align(areq, translator=ctx.translator, mt=ctx.mt).alignment
        bitext = to_bitext(alignment)
        if not bitext.source:
            bitext.source = f"{req.zh} ↔ {req.en}"

    result = run_qa(bitext, ctx.config, termindex=ctx.termindex, suppressions=ctx.suppressions,
                    translator=ctx.translator, only=list(req.only) if req.only else None,
                    mt_reason=ctx.mt.reason)
    result.meta["input"] = ({"bitext": str(req.bitext)} if req.bitext is not None
                            else {"zh": str(req.zh), "en": str(req.en), "unit": req.unit})
    # how long the checks took is a fact of this run, not of the report (see RUN_FACTS)
    result.meta = _without_run_facts(result.meta)
    return QAOutcome(result=result, mt=ctx.mt, seconds=time.perf_counter() - t0, alignment=alignment)


def qa_report_text(outcome: QAOutcome) -> str:
    """Exactly what `zhenqa qa --json` writes: the JSON report, indent 1, a final newline."""
    return json.dumps(outcome.report(), ensure_ascii=False, indent=1) + "\n"


def write_reports(outcome: QAOutcome, outputs: ReportOutputs) -> list[Path]:
    """Write each requested report atomically; returns the paths written, in order."""
    report: dict[str, Any] = outcome.report()
    if outputs.json is not None:
        from zhenqa.corpora.fileio import write_text

        write_text(outputs.json, qa_report_text(outcome))
    if outputs.html is not None:
        from zhenqa.eval.report_html import write_html

        write_html(report, outputs.html)
    if outputs.xlsx is not None:
        from zhenqa.eval.report_xlsx import write_xlsx

        write_xlsx(report, outputs.xlsx)
    if outputs.csv is not None:
        from zhenqa.eval.report_csv import write_csv

        write_csv(report, outputs.csv)
    return outputs.paths()


def accept_findings(outcome: QAOutcome, path: str | os.PathLike[str]) -> int:
    """Merge every reported finding of this run into the ignore file at `path` (created if
    absent); returns how many entries were new."""
    from zhenqa.eval.checks import CHECKS
    from zhenqa.eval.qa import accept_all
    from zhenqa.eval.suppress import merge_into_file

    return merge_into_file(path, accept_all(outcome.result), CHECKS)


# --------------------------------------------------------------------------- terms


def __getattr__(name: str) -> Any:
    # `TermsRequest` lives with the analysis (`zhenqa.eval.terms.run`), and importing that
    # costs a tenth of a second `zhenqa align` and `zhenqa qa` need not pay: re-exported
    # here on first use.
    if name == "TermsRequest":
        from zhenqa.eval.terms.run import TermsRequest

        return TermsRequest
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_terms_outputs(req: TermsRequest, outputs: TermsOutputs) -> None:
    """Check the request and every output path before any work (as `check_report_outputs`):
    a bad `--min-count` or a bad last output must not cost a pass over the corpus."""
    from zhenqa.corpora.fileio import check_output_path

    if req.min_count < 1:
        raise InputError(None, f"--min-count must be at least 1, not {req.min_count}")
    sources = [*(Path(p) for p in req.inputs), *(Path(t) for t in req.termbases)]
    for out_path in outputs.paths():
        check_output_path(out_path, sources)


def run_terms_request(req: TermsRequest) -> TermsResult:
    """`zhenqa terms`: how each termbase term and candidate is rendered across the corpus
    of `req.inputs` (the analysis is `zhenqa.eval.terms.run.run_terms`)."""
    from zhenqa.eval.terms.run import run_terms

    return run_terms(req)


def write_terms_reports(result: TermsResult, outputs: TermsOutputs) -> dict[str, Any]:
    """Write each requested terms report atomically; returns the report (as the HTML, CSV,
    XLSX and TBX writers see it: a few references per rendering, where the JSON, streamed
    from `result`, lists them all)."""
    from zhenqa.eval.terms.report import to_json, write_json

    report = to_json(result, max_refs=50)
    if outputs.json is not None:
        write_json(result, outputs.json)
    if outputs.html is not None:
        from zhenqa.eval.terms.report_html import write_html

        write_html(report, outputs.html)
    if outputs.csv is not None or outputs.xlsx is not None or outputs.tbx is not None:
        from zhenqa.eval.terms import export

        if outputs.csv is not None:
            export.write_csv(report, outputs.csv)
        if outputs.xlsx is not None:
            export.write_xlsx(report, outputs.xlsx)
        if outputs.tbx is not None:
            export.write_tbx(report, outputs.tbx)
    return report
