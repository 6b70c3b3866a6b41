"""One pair, start to finish, inside a worker process (local pool or Ray task).

Each worker process loads what is expensive once, not once per pair: the CC-CEDICT
lexicon and segmenter, the MT model if any (seconds), and with --qa the pipeline's
`QAContext` (QA configuration and termbases) (`state()`). Then `process_pair` reads and
aligns a pair with the pipeline calls `zhenqa align` makes, runs QA with those
`zhenqa qa --json` makes (one QA wiring: `pipeline.run_qa_request`), and produces the pair's
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
from typing import TYPE_CHECKING, Any

from zhenqa.batch.pairing import Pair

if TYPE_CHECKING:
    from zhenqa.jobs import QAContext
    from zhenqa.models.base import MTStatus, Translator


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
    translator: Translator | None
    mt: MTStatus
    qa: QAContext | None      # with --qa


_STATE: _State | None = None


def state(options: BatchOptions) -> _State:
    """The loaded lexicon, translator and (with --qa) QA context of this process: settings
    and termbases, loaded by the pipeline as `zhenqa qa` loads them. Loaded on first use
    (or by `init_worker`) and kept for every later pair."""
    global _STATE
    if _STATE is not None and _STATE.options == options:
        return _STATE
    from zhenqa.corpora.lang.lexicon import load_lexicon
    from zhenqa.pipeline import build_qa_context, resolve_translator

    load_lexicon()
    translator, mt = resolve_translator(options.model)
    qa = None
    if options.qa:
        qa = build_qa_context(termbases=options.termbases, model=options.model, resolved=(translator, mt))
    _STATE = _State(options, translator, mt, qa)
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
    without, they come back in `PairResult.files`. Never raises for a bad pair: a file that
    cannot be written fails the pair too. `seconds` covers the whole pair, writing included."""
    t0 = time.perf_counter()
    try:
        st = state(options)
        files, links, units, qa = _run(pair, options, st)
        if outdir is not None:
            write_files(outdir, files)
    except Exception as exc:     # noqa: BLE001 - every failure of one pair is that pair's
        return PairResult(pair.id, "failed", one_line_error(exc, pair),
                          seconds=round(time.perf_counter() - t0, 3))
    result = PairResult(pair.id, "ok", None, links, round(time.perf_counter() - t0, 3), units, qa,
                        rss_mb=peak_rss_mb())
    if outdir is None:
        result.files = files
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
    """The pair's files, as `zhenqa align --format beads|json` and `zhenqa qa --json` write
    them: the same pipeline calls, with this process's loaded translator and QA context.
    `run_qa_request` reuses the alignment when there is no termbase (with one it aligns
    again with the terms in the lexicon, as `zhenqa qa` does)."""
    from zhenqa.batch.rows import link_rows
    from zhenqa.pipeline import AlignRequest, QARequest, qa_report_text, render_alignment, run_align, run_qa_request

    # The MT choice was resolved once for this process, as `zhenqa align` resolves it once.
    # The QA's termbase terms are kept whole only inside each QA run (`run_qa_request`), so
    # this alignment cuts Chinese as `zhenqa align`, which knows no termbase, does.
    req = AlignRequest(Path(pair.zh), Path(pair.en), unit=options.unit, presplit=options.presplit,
                       model=options.model)
    alignment = run_align(req, translator=st.translator, mt=st.mt).alignment
    files = {
        f"pairs/{pair.id}.beads": render_alignment(alignment, "beads"),
        f"pairs/{pair.id}.json": render_alignment(alignment, "json"),
    }
    qa = None
    if options.qa:
        qreq = QARequest(zh=Path(pair.zh), en=Path(pair.en), termbases=options.termbases, model=options.model,
                         unit=options.unit, presplit=options.presplit)
        outcome = run_qa_request(qreq, context=st.qa, alignment=alignment)
        files[f"pairs/{pair.id}.qa.json"] = qa_report_text(outcome).encode("utf-8")
        report = outcome.report()
        qa = {"segments": len(report["segments"]), **report["totals"],
              "by_check": {cid: row["error"] for cid, row in report["counts"].items() if row["error"]}}
    rows = link_rows(pair.id, alignment)
    files[f".zhenqa/rows/{pair.id}.jsonl"] = "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    units = {"zh": len(alignment.zh_units), "en": len(alignment.en_units)}
    return files, len(rows), units, qa
