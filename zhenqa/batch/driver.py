"""The batch driver: pair, skip what is done, run the rest, rebuild corpus and summary.

The driver is the only writer of the journal, `corpus.*` and `summary.json`; per-pair files
are written by the workers (local) or by the driver from the tasks' results (Ray), always
atomically and always before the pair's journal row is committed. The order of a run:

1. pair the inputs (`pairing`); nothing pairable is bad usage (exit 2);
2. compute each pair's journal key (input content hashes + options signature) and skip the
   pairs the journal has done with the same key whose files are all present;
3. run the others on the engine, journaling each as it finishes;
4. rebuild `corpus.jsonl`/`corpus.parquet` (and `corpus.tmx`) from the rows of the ok pairs,
   then `summary.json`, all from the journal, so that a resumed run and an uninterrupted
   one write the same files.
"""
from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

from zhenqa.batch.journal import Journal, pair_key
from zhenqa.batch.pairing import Pair, Pairing, pair_inputs
from zhenqa.batch.worker import BatchOptions, PairResult, pair_files
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.fileio import remove_stale_parts
from zhenqa.jobs import check_unit

#: Pairs listed in the corpus-level QA table.
WORST = 10


@dataclass(slots=True)
class BatchRun:
    """What one run did: the exit code and the numbers of the final line."""

    exit_code: int
    summary: dict[str, Any]
    ran: int = 0
    skipped: int = 0
    seconds: float = 0.0
    #: the highest peak resident memory of any process that aligned a pair in this run
    peak_rss_mb: float = 0.0


def cpu_count() -> int:
    """The CPUs this process may use (a container's or `taskset`'s limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:      # macOS, Windows
        return os.cpu_count() or 1


def mt_note() -> str | None:
    """The note `zhenqa align` prints when --model auto found no model, if this process
    loaded the workers' state (both engines do when there is work)."""
    from zhenqa.batch.worker import loaded_state

    st = loaded_state()
    return st.mt.note("aligned without MT similarity and without proposals for unaligned Chinese") \
        if st is not None else None


def model_identity(spec: str) -> str:
    """Which MT model `--model` means, by identity (hub id and commit, or a digest of a
    model directory's files), without loading it: a replaced model redoes the pairs. A
    model that is not available offline is bad usage (InputError), found before any work."""
    from zhenqa.models.resolve import model_identity as identity
    from zhenqa.models.resolve import resolve_location
    from zhenqa.models.select import is_auto_spec

    spec = spec.strip()
    if not spec:
        return "none"
    # "auto" as resolve_translator reads it: the default model when it is cached, else none
    loc = resolve_location(None if is_auto_spec(spec) else spec)
    return identity(loc) if loc is not None else "none"


def options_signature(options: BatchOptions) -> str:
    """Everything a pair's outputs depend on besides its inputs: the options, the tool
    version, the alignment configuration signature, with --qa the QA configuration
    signature and the content of each termbase."""
    from zhenqa import __version__
    from zhenqa.align.config import AlignConfig

    parts: dict[str, Any] = {"tool": f"zhenqa {__version__}", "options": options.to_json(),
                             "align": AlignConfig().signature(), "model": model_identity(options.model)}
    if options.qa:
        import hashlib

        from zhenqa.eval.config import QAConfig

        parts["qa"] = QAConfig.load(None).signature()
        parts["termbases"] = [hashlib.sha256(Path(t).read_bytes()).hexdigest() if Path(t).is_file() else t
                              for t in options.termbases]
    return json.dumps(parts, sort_keys=True, ensure_ascii=False)


def run_batch(inputs: list[str], outdir: str | os.PathLike[str], *, options: BatchOptions,
              manifest: str | None = None, jobs: int | None = None, engine: str = "local",
              ray_address: str | None = None, restart: bool = False, tmx: bool = False,
              progress: bool | None = None, shared_output: bool = False) -> BatchRun:
    """Run a batch (see the module docstring); bad usage raises InputError."""
    t0 = time.perf_counter()
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise InputError(outdir, "is a file: -o needs a folder")
    if engine not in ("local", "ray"):
        raise InputError(None, f"--engine must be local or ray, not {engine!r}")
    if (ray_address or shared_output) and engine != "ray":
        raise InputError(None, "--ray-address and --shared-output need --engine ray")
    check_unit(options.unit)
    if options.termbases and not options.qa:
        raise InputError(options.termbases[0], "--termbase needs --qa")
    for tb in options.termbases:
        if not Path(tb).is_file():
            raise InputError(tb, "no such termbase file")
    if not inputs and manifest is None:
        raise InputError(None, "give INPUT folders or files, or --manifest FILE")
    jobs = jobs if jobs and jobs > 0 else cpu_count()

    pairing = pair_inputs(inputs, manifest, exclude=[out])
    if not pairing.pairs:
        where = ", ".join(map(str, inputs)) or str(manifest)
        raise InputError(where, f"nothing could be paired ({len(pairing.unpaired)} file(s), none with "
                                "a counterpart by manifest, name or UN symbol)")
    if options.qa and options.termbases:
        from zhenqa.pipeline import load_termindex

        load_termindex(list(options.termbases))      # a bad termbase is bad usage, exit 2
    signature = options_signature(options)
    out.mkdir(parents=True, exist_ok=True)
    with _exclusive(out), Journal(out / ".zhenqa" / "journal.sqlite") as journal:
        if restart:
            journal.clear()
        # a killed run leaves its files in progress behind (never under their final names)
        for folder in (out, out / "pairs", out / ".zhenqa" / "rows"):
            remove_stale_parts(folder)
        records, pending, keys = _plan(pairing, journal, signature, out, options)
        journal.flush_hashes()
        ran, peak = _execute(pairing, pending, keys, records, journal, options, out, jobs, engine,
                             ray_address, progress, shared_output)
        # The corpus and summary are rebuilt unless this very state was built last time
        # (a rerun with nothing to do must cost next to nothing); the digest is journaled
        # only after they are written, so a run killed while writing them rebuilds them.
        digest = _state_digest(pairing, records, keys, options, tmx)
        built = journal.get_meta("built") == digest and all(
            (out / name).is_file() for name in _corpus_files(tmx))
        if built and ran == 0:
            summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        else:
            summary = _finish(pairing, records, out, options, tmx)
            journal.set_meta("built", digest)
    failed = summary["totals"]["failed"]
    return BatchRun(1 if failed else 0, summary, ran=ran, skipped=len(pairing.pairs) - len(pending),
                    seconds=round(time.perf_counter() - t0, 3), peak_rss_mb=peak)


@contextlib.contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """One run per output folder at a time: two would redo each other's pairs and race on
    the corpus files. The lock is the kernel's (flock), so a killed run never leaves it
    held."""
    (out / ".zhenqa").mkdir(exist_ok=True)
    with open(out / ".zhenqa" / "lock", "w") as fh:
        try:
            import fcntl
        except ImportError:          # Windows: no lock, one run at a time is up to the user
            yield
            return
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(out, "another zhenqa batch is running on this output folder") from None
        yield


def _corpus_files(tmx: bool) -> list[str]:
    return ["corpus.jsonl", "corpus.parquet", "summary.json"] + (["corpus.tmx"] if tmx else [])


def _state_digest(pairing: Pairing, records: dict[str, dict[str, Any]], keys: dict[str, str | None],
                  options: BatchOptions, tmx: bool) -> str:
    """What the corpus files and summary.json are a function of."""
    import hashlib

    state = [[(p.id, p.zh, p.en, p.rule, keys.get(p.id), records[p.id]) for p in pairing.pairs],
             pairing.unpaired, options.to_json(), tmx]
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _plan(pairing: Pairing, journal: Journal, signature: str, out: Path,
          options: BatchOptions) -> tuple[dict[str, dict[str, Any]], list[Pair], dict[str, str | None]]:
    """The journal's records of the pairs that are done, and the pairs still to do."""
    entries = journal.entries()
    records: dict[str, dict[str, Any]] = {}
    pending: list[Pair] = []
    keys: dict[str, str | None] = {}
    for pair in pairing.pairs:
        key = pair_key(pair.zh, pair.en, journal.content_hash(pair.zh), journal.content_hash(pair.en),
                       signature)
        keys[pair.id] = key
        entry = entries.get(pair.id)
        if entry is not None and key is not None and entry.key == key and (
                entry.status == "failed"
                or all((out / rel).is_file() for rel in pair_files(pair.id, options.qa))):
            records[pair.id] = entry.result
        else:
            pending.append(pair)
    # Largest pairs first: with a few workers the run then ends with small pairs rather
    # than one worker finishing a long document while the others are idle (the order of
    # work changes no output: every file is per pair and the corpus is in id order).
    pending.sort(key=lambda p: -(_size(p.zh) + _size(p.en)))
    return records, pending, keys


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class Engine(Protocol):
    """What runs the pairs: `engine_local.LocalEngine` (a process pool) or
    `engine_ray.RayEngine` (a Ray cluster); each is imported only when chosen."""

    def start(self) -> None: ...

    def run(self, pairs: Iterable[Pair]) -> Iterator[PairResult]:
        """Results as pairs finish (in any order)."""
        ...

    def close(self) -> None: ...


def _execute(pairing: Pairing, pending: list[Pair], keys: dict[str, str | None],
             records: dict[str, dict[str, Any]], journal: Journal, options: BatchOptions, out: Path,
             jobs: int, engine: str, ray_address: str | None, progress: bool | None,
             shared_output: bool = False) -> tuple[int, float]:
    from zhenqa.batch.progress import Progress

    if not pending:
        return 0, 0.0
    if engine == "ray":
        from zhenqa.batch.engine_ray import RayEngine

        runner: Engine = RayEngine(options, str(out), jobs, ray_address, shared_output)
    else:
        from zhenqa.batch.engine_local import LocalEngine

        runner = LocalEngine(options, str(out), min(jobs, len(pending)))
    runner.start()
    ran = 0
    peak = 0.0
    try:
        with Progress(len(pairing.pairs), skipped=len(pairing.pairs) - len(pending),
                      enabled=progress) as bar:
            for result in runner.run(pending):
                _record(result, keys.get(result.id), records, journal, options, out)
                ran += 1
                peak = max(peak, result.rss_mb)
                bar.advance(result.error if result.status == "failed" else None)
    finally:
        runner.close()
    return ran, peak


def _record(result: PairResult, key: str | None, records: dict[str, dict[str, Any]], journal: Journal,
            options: BatchOptions, out: Path) -> None:
    """Journal one finished pair. A failed pair's outputs from an earlier run are removed
    (they would no longer match its inputs); a transient failure is not journaled."""
    record = result.summary()
    records[result.id] = record
    if result.status == "failed":
        for rel in pair_files(result.id, True):
            try:
                (out / rel).unlink()
            except FileNotFoundError:
                pass
    if key is not None and not result.transient:
        journal.record(result.id, key, result.status, record)


def _finish(pairing: Pairing, records: dict[str, dict[str, Any]], out: Path, options: BatchOptions,
            tmx: bool) -> dict[str, Any]:
    """Corpus files and summary.json from the records (every pair has one by now)."""
    from zhenqa.batch.corpus import write_corpus
    from zhenqa.corpora.fileio import write_text

    ok_ids = [p.id for p in pairing.pairs if records[p.id]["status"] == "ok"]
    rows = write_corpus(out, ok_ids, tmx=tmx, unit=options.unit)
    summary = build_summary(pairing, records, options, rows)
    write_text(out / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return summary


def build_summary(pairing: Pairing, records: dict[str, dict[str, Any]], options: BatchOptions,
                  rows: int) -> dict[str, Any]:
    """summary.json: the contract's `pairs`, `unpaired`, `totals`, plus how each pair was
    paired, units per side, QA counts and the pairs with most QA errors."""
    from zhenqa.align.config import AlignConfig

    pairs = []
    totals: dict[str, Any] = {"pairs": len(pairing.pairs), "ok": 0, "failed": 0, "links": 0,
                              "rows": rows, "units_zh": 0, "units_en": 0,
                              "unpaired": len(pairing.unpaired), "seconds": 0.0,
                              "paired_by": {"manifest": 0, "name": 0, "symbol": 0}}
    qa_totals = {"error": 0, "warning": 0, "info": 0}
    for p in pairing.pairs:
        r = records[p.id]
        item: dict[str, Any] = {"id": p.id, "zh": p.zh, "en": p.en, "status": r["status"],
                                "error": r["error"], "links": r["links"], "seconds": r["seconds"],
                                "rule": p.rule, "units": r.get("units") or {}}
        if options.qa and r.get("qa") is not None:
            item["qa"] = r["qa"]
            for sev in qa_totals:
                qa_totals[sev] += r["qa"][sev]
        pairs.append(item)
        totals[r["status"]] += 1
        totals["links"] += r["links"]
        totals["units_zh"] += item["units"].get("zh", 0)
        totals["units_en"] += item["units"].get("en", 0)
        totals["seconds"] += r["seconds"]
        totals["paired_by"][p.rule] += 1
    totals["seconds"] = round(totals["seconds"], 3)
    summary: dict[str, Any] = {"pairs": pairs, "unpaired": list(pairing.unpaired), "totals": totals,
                               "options": options.to_json(),
                               "signature": AlignConfig().signature()}
    if options.qa:
        totals["qa"] = qa_totals
        summary["qa_worst"] = worst_pairs(pairs)
    return summary


def worst_pairs(pairs: list[dict[str, Any]], n: int = WORST) -> list[dict[str, Any]]:
    """The pairs with the most QA errors (then warnings), with their most frequent error
    checks: where a reviser of a corpus should look first."""
    scored = [p for p in pairs if p.get("qa") and (p["qa"]["error"] or p["qa"]["warning"])]
    scored.sort(key=lambda p: (-p["qa"]["error"], -p["qa"]["warning"], p["id"]))
    out = []
    for p in scored[:n]:
        qa = p["qa"]
        top = sorted(qa.get("by_check", {}).items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        out.append({"id": p["id"], "error": qa["error"], "warning": qa["warning"], "info": qa["info"],
                    "segments": qa["segments"], "top_checks": dict(top)})
    return out
