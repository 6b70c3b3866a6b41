"""One pair, start to finish, inside a worker process (local pool or Ray task).

Each worker process loads what is expensive once, not once per pair: the CC-CEDICT
lexicon and segmenter, the MT model if any (seconds), the termbases and the QA
configuration (`state()`). Then `process_pair` reads and aligns a pair exactly as
`zhenqa align` does, runs QA exactly as `zhenqa qa --json` does, and produces the pair's
files: `pairs/<id>.beads`, `pairs/<id>.json`, `pairs/<id>.qa.json` (with --qa) and the
corpus rows `.zhenqa/rows/<id>.jsonl` from which the corpus files are built.

The files are either written here, atomically (a worker sharing the output folder), or
returned to the driver, which writes them (a Ray worker on another machine). Either way a
failure of this pair is caught and returned as a one-line error naming the file: one bad
document never stops a batch.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zhenqa.batch.pairing import Pair


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """The options that change a pair's outputs (all of them are in the journal key, see
    `driver.options_signature`)."""

    unit: str = "sentence"
    presplit: bool = False
    qa: bool = False
    termbases: tuple[str, ...] = ()
    model: str = "auto"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "termbases": list(self.termbases)}


@dataclass(slots=True)
class PairResult:
    """What the driver needs of one finished pair; `files` holds the outputs (relative
    path -> bytes) when the worker did not write them itself."""

    id: str
    status: str
    error: str | None
    links: int = 0
    seconds: float = 0.0
    units: dict[str, int] = field(default_factory=dict)
    qa: dict[str, Any] | None = None
    files: dict[str, bytes] | None = None
    #: a failure that says nothing about the pair (its worker died): not journaled, so
    #: the next run tries the pair again
    transient: bool = False
    #: peak resident memory of the process that ran the pair (MB), for the final line and
    #: the benchmark; not journaled (it is not a property of the pair)
    rss_mb: float = 0.0

    def summary(self) -> dict[str, Any]:
        """The journal's (and summary.json's) record of this pair, without file bodies."""
        out = {"status": self.status, "error": self.error, "links": self.links,
               "seconds": self.seconds, "units": self.units}
        if self.qa is not None:
            out["qa"] = self.qa
        return out


# --------------------------------------------------------------------------- per-process state


@dataclass(slots=True)
class _State:
    options: BatchOptions
    translator: Any
    mt: Any                   # zhenqa.models.base.MTStatus
    termindex: Any
    terms: list[tuple[str, str]] | None
    qa_config: Any


_STATE: _State | None = None


def state(options: BatchOptions) -> _State:
    """The loaded lexicon, segmenter, translator, termbases and QA config of this process,
    loaded on first use (or by `init_worker`) and kept for every later pair."""
    global _STATE
    if _STATE is not None and _STATE.options == options:
        return _STATE
    from zhenqa.align.lexicon import warm_up
    from zhenqa.pipeline import load_termindex, resolve_translator

    warm_up()
    translator, mt = resolve_translator(options.model)
    termindex = terms = qa_config = None
    if options.qa:
        from zhenqa.eval.config import QAConfig

        qa_config = QAConfig.load(None)
        termindex = load_termindex(list(options.termbases))
        if termindex is not None:
            terms = [(z, e) for c in termindex.concepts for z in c.zh for e in c.accepted] or None
    _STATE = _State(options, translator, mt, termindex, terms, qa_config)
    return _STATE


def loaded_state() -> _State | None:
    """This process's state if it has been loaded, else None (nothing is loaded)."""
    return _STATE


def init_worker(options: BatchOptions) -> None:
    """Pool initializer: load everything before the first pair arrives."""
    state(options)


# --------------------------------------------------------------------------- one pair


def pair_files(pid: str, qa: bool) -> list[str]:
    """The output files of one pair, relative to the output folder; the rows file last."""
    files = [f"pairs/{pid}.beads", f"pairs/{pid}.json"]
    if qa:
        files.append(f"pairs/{pid}.qa.json")
    files.append(f".zhenqa/rows/{pid}.jsonl")
    return files


def process_pair(pair: Pair, options: BatchOptions, outdir: str | None) -> PairResult:
    """Align (and check) one pair. With `outdir` the files are written there atomically;
    without, they come back in `PairResult.files`. Never raises for a bad pair."""
    t0 = time.perf_counter()
    try:
        st = state(options)
        files, links, units, qa = _run(pair, options, st)
    except Exception as exc:     # noqa: BLE001 - every failure of one pair is that pair's
        return PairResult(pair.id, "failed", one_line_error(exc, pair),
                          seconds=round(time.perf_counter() - t0, 3))
    seconds = round(time.perf_counter() - t0, 3)
    result = PairResult(pair.id, "ok", None, links, seconds, units, qa, rss_mb=peak_rss_mb())
    if outdir is None:
        result.files = files
    else:
        write_files(outdir, files)
    return result


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports KiB, macOS bytes)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)


def write_files(outdir: str | os.PathLike[str], files: dict[str, bytes]) -> None:
    """Each file atomically, in the given order (the rows file last)."""
    from zhenqa.corpora.fileio import write_bytes

    for rel, data in files.items():
        write_bytes(Path(outdir) / rel, data)


def one_line_error(exc: BaseException, pair: Pair) -> str:
    """The error as one line naming the file (InputError names it; others get the pair's
    files added, so that the user always knows where to look)."""
    from zhenqa.corpora.errors import InputError

    if isinstance(exc, InputError) and exc.path is not None:
        text = exc.one_line()
    elif isinstance(exc, OSError) and exc.filename:
        text = f"{exc.filename}: {exc.strerror or exc}"
    else:
        text = f"{pair.zh} ↔ {pair.en}: {type(exc).__name__}: {exc}"
    return " ".join(text.split())


def _run(pair: Pair, options: BatchOptions, st: _State) -> tuple[dict[str, bytes], int, dict[str, int], Any]:
    from zhenqa.batch.rows import link_rows
    from zhenqa.pipeline import AlignRequest, render_alignment, run_align

    # The MT choice was resolved once for this process, as `zhenqa align` resolves it once.
    req = AlignRequest(Path(pair.zh), Path(pair.en), unit=options.unit, presplit=options.presplit,
                       model=options.model)
    alignment = run_align(req, translator=st.translator, mt=st.mt).alignment
    files = {
        f"pairs/{pair.id}.beads": render_alignment(alignment, "beads"),
        f"pairs/{pair.id}.json": render_alignment(alignment, "json"),
    }
    qa = None
    if options.qa:
        report, text = _qa_report(pair, options, st, alignment, time.perf_counter())
        files[f"pairs/{pair.id}.qa.json"] = text.encode("utf-8")
        qa = {"segments": len(report["segments"]), **report["totals"],
              "by_check": {cid: row["error"] for cid, row in report["counts"].items() if row["error"]}}
    rows = link_rows(pair.id, alignment)
    files[f".zhenqa/rows/{pair.id}.jsonl"] = "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    units = {"zh": len(alignment.zh_units), "en": len(alignment.en_units)}
    return files, len(rows), units, qa


def _qa_report(pair: Pair, options: BatchOptions, st: _State, alignment, t0: float) -> tuple[dict[str, Any], str]:
    """The report `zhenqa qa ZH EN --json` writes for this pair with the same options, as
    `pipeline.run_qa_request` builds it, but from this process's loaded QA config,
    termbases and translator, and reusing the alignment when there is no termbase.

    `zhenqa qa` aligns with the termbase's terms in the lexicon; with no termbase its
    alignment is `zhenqa align`'s (QA reads only the segments, which do not depend on the
    alignment's meta), so it is not computed twice. tests/test_batch.py compares the bytes
    with the real `zhenqa qa --json`.
    """
    from zhenqa.align.aligner import to_bitext
    from zhenqa.eval.qa import run_qa
    from zhenqa.jobs import QAOutcome
    from zhenqa.pipeline import AlignRequest, qa_report_text, run_align

    if st.terms:
        req = AlignRequest(Path(pair.zh), Path(pair.en), unit=options.unit, presplit=options.presplit,
                           terms=st.terms)
        alignment = run_align(req, translator=st.translator, mt=st.mt).alignment
    bitext = to_bitext(alignment)
    if not bitext.source:
        bitext.source = f"{pair.zh} ↔ {pair.en}"
    result = run_qa(bitext, st.qa_config, termindex=st.termindex, suppressions=None,
                    translator=st.translator, only=None, mt_reason=st.mt.reason)
    result.meta["input"] = {"zh": str(Path(pair.zh)), "en": str(Path(pair.en)), "unit": options.unit}
    seconds = time.perf_counter() - t0
    result.meta["total_seconds"] = round(seconds, 3)
    outcome = QAOutcome(result=result, mt=st.mt, seconds=seconds, alignment=alignment)
    return outcome.report(), qa_report_text(outcome)
