"""sacreBLEU metrics (BLEU, chrF, TER) with their signature strings.

Scores are only comparable when they are computed the same way, so every corpus score
travels with sacreBLEU's signature (``nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|
version:2.6.0``): a reader can tell at once whether two numbers may be compared. With
default settings the numbers are exactly those of the ``sacrebleu`` command line (and so
of the official WMT tables), which `tests/test_score.py` checks on the WMT23 zh-en
system outputs.

Files are read the way the ``sacrebleu`` command line reads them (split on ``\\n`` only,
trailing whitespace stripped), so a line count that sacreBLEU accepts is one we accept.
The QA uses the sentence-level chrF between an MT proposal and the official English as a
signal (a low score hints at an omission or a mistranslation); the decision that uses it
belongs to the QA configuration, not here.
"""
from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from zhenqa.corpora.errors import InputError

if TYPE_CHECKING:   # sacrebleu is imported only when a score is asked for (start-up time)
    from sacrebleu.metrics.base import Metric, Score

#: Metric names in the order they are reported.
METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")

#: From this many segments on, TER (pure Python, ~30 ms a segment) runs in worker processes.
TER_PARALLEL_MIN = 400


class MetricScore(TypedDict):
    """One corpus-level score and the sacreBLEU signature that says how it was computed."""

    score: float
    signature: str


def parse_metrics(spec: str | Sequence[str]) -> tuple[str, ...]:
    """Turn ``"bleu,chrf"`` (or a list) into known metric names, in the order given.

    Raises ValueError naming the unknown metric, so that the CLI can report it as bad usage.
    """
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names: list[str] = []
    for item in items:
        name = item.strip().lower()
        if not name:
            continue
        if name not in METRICS:
            raise ValueError(f"unknown metric {item.strip()!r} (known: {', '.join(METRICS)})")
        if name not in names:
            names.append(name)
    if not names:
        raise ValueError(f"no metric given (known: {', '.join(METRICS)})")
    return tuple(names)


def _metric(name: str, bleu_tokenize: str | None = None) -> Metric:
    # sacrebleu imports in ~0.2 s: only when a score is actually asked for.
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU() if bleu_tokenize is None else BLEU(tokenize=bleu_tokenize)
    if name == "chrf":
        return CHRF()
    if name == "ter":
        return TER()
    raise ValueError(f"unknown metric {name!r} (known: {', '.join(METRICS)})")


def corpus_scores(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: Sequence[str] = METRICS,
    *,
    extra_refs: Sequence[Sequence[str]] = (),
    bleu_tokenize: str | None = None,
) -> dict[str, MetricScore]:
    """Corpus-level sacreBLEU scores of `hyps` against `refs` (line-parallel).

    `extra_refs` adds further reference streams (multi-reference scoring, as
    ``sacrebleu REF1 REF2``). `bleu_tokenize` overrides BLEU's tokenizer (e.g. ``"zh"`` for a
    Chinese target); by default every metric runs with sacreBLEU's defaults.
    Returns ``{"bleu": {"score": 20.4860..., "signature": "nrefs:1|..."}, ...}`` in the order
    of `metrics`. Raises ValueError when the streams differ in length or are empty.
    """
    names = parse_metrics(metrics)
    streams = [list(refs), *[list(r) for r in extra_refs]]
    for i, stream in enumerate(streams):
        if len(stream) != len(hyps):
            which = "reference" if i == 0 else f"reference {i + 1}"
            raise ValueError(f"{len(hyps)} hypotheses but {len(stream)} lines in the {which}")
    if not hyps:
        raise ValueError("nothing to score: no segments")
    out: dict[str, MetricScore] = {}
    for name in names:
        metric = _metric(name, bleu_tokenize)
        if name == "ter" and len(hyps) >= TER_PARALLEL_MIN:
            result = _parallel_corpus_score(metric, list(hyps), streams)
        else:
            result = metric.corpus_score(list(hyps), streams)
        out[name] = {"score": float(result.score), "signature": str(metric.get_signature())}
    return out


def _segment_stats(job: tuple[str, list[str], list[list[str]]]) -> list[list[float]]:
    name, hyps, streams = job
    stats: list[list[float]] = _metric(name)._extract_corpus_statistics(hyps, streams)   # sacrebleu: Any
    return stats


def _parallel_corpus_score(metric: Metric, hyps: list[str], streams: list[list[str]]) -> Score:
    """`metric.corpus_score(hyps, streams)`, with the per-segment statistics computed in
    parallel worker processes. TER is a sum of per-segment edit counts and reference
    lengths, so the result is identical to the serial one (same statistics, same order).

    Falls back to the serial computation where forking is unsafe (torch's threads are
    running in this process) or anything about the pool fails.
    """
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    from zhenqa.models.translator import available_cpus

    workers = min(available_cpus(), len(hyps) // 100)
    # sacrebleu types corpus_score and _aggregate_and_compute as returning Any: they give a Score.
    serial: Score
    if workers < 2 or "torch" in sys.modules or sys.platform == "win32":
        serial = metric.corpus_score(hyps, streams)
        return serial
    name = "ter"
    size = -(-len(hyps) // (workers * 4))        # a few chunks per worker evens out the load
    jobs = [(name, hyps[i:i + size], [s[i:i + size] for s in streams]) for i in range(0, len(hyps), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            stats = [row for part in pool.map(_segment_stats, jobs) for row in part]
        metric._extract_corpus_statistics(hyps[:1], [s[:1] for s in streams])   # sets nrefs for the signature
        parallel: Score = metric._aggregate_and_compute(stats)
        return parallel
    except Exception:  # noqa: BLE001 - any pool trouble: the same numbers, computed serially
        serial = metric.corpus_score(hyps, streams)
        return serial


def sentence_chrf(hyp: str, ref: str) -> float:
    """chrF (0-100, sacreBLEU defaults) of one hypothesis against one reference."""
    return sentence_chrf_batch([hyp], [ref])[0]


def sentence_chrf_batch(hyps: Sequence[str], refs: Sequence[str]) -> list[float]:
    """Sentence-level chrF for each (hypothesis, reference) pair, one metric object reused.

    An empty pair (both sides empty) scores 0, as sacreBLEU gives it.
    """
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
    if not hyps:
        return []
    metric = _metric("chrf")
    return [float(metric.sentence_score(h, [r]).score) for h, r in zip(hyps, refs)]


def chrf_signature() -> str:
    """The signature of the sentence-level chrF above (for reports that show per-segment chrF)."""
    metric = _metric("chrf")
    metric.sentence_score("a", ["a"])
    return str(metric.get_signature())


def read_lines(path: str | Path) -> list[str]:
    """Read a line-parallel text file the way the ``sacrebleu`` command line does.

    Lines are split on LF only (a stray CR or U+2028 inside a line never changes the line
    count) and right-stripped; a UTF-8 BOM is dropped; ``.gz`` files are read through gzip.
    Raises InputError for a missing file or bytes that are not UTF-8 (naming the line).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "no such file")
    try:
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise InputError(p, f"cannot read: {exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(p, "not valid UTF-8", line=data[: exc.start].count(b"\n") + 1) from None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def score_files(
    hyp: str | Path,
    refs: Sequence[str | Path],
    metrics: Sequence[str] = METRICS,
    *,
    bleu_tokenize: str | None = None,
) -> dict[str, MetricScore]:
    """Corpus scores of a hypothesis file against one or more reference files.

    Mismatched line counts are bad input: InputError naming the hypothesis file.
    """
    if not refs:
        raise InputError(hyp, "no reference file given")
    hyp_lines = read_lines(hyp)
    ref_lines = [read_lines(r) for r in refs]
    for ref, lines in zip(refs, ref_lines):
        if len(lines) != len(hyp_lines):
            raise InputError(hyp, f"has {len(hyp_lines)} lines but the reference {ref} has {len(lines)}")
    if not hyp_lines:
        raise InputError(hyp, "is empty: nothing to score")
    return corpus_scores(hyp_lines, ref_lines[0], metrics, extra_refs=ref_lines[1:], bleu_tokenize=bleu_tokenize)
