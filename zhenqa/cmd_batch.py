"""`zhenqa batch`: align many document pairs into per-pair files and one corpus.

    zhenqa batch INPUT... -o OUTDIR [--manifest FILE] [--unit sentence|paragraph] [--presplit]
                 [--qa] [--termbase FILE]... [--model ID|PATH|none] [--jobs N]
                 [--engine local|ray] [--ray-address ADDR [--shared-output]] [--restart] [--tmx]

Options only; the work is in `zhenqa.batch` (see its docstring and docs/batch.md). Exit 0
when every pair is ok, 1 when some failed (each named on stderr and in summary.json), 2 on
bad usage or when nothing could be paired.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, List, Optional

import typer


def batch(
    inputs: Annotated[Optional[List[Path]], typer.Argument(
        help="Folders (searched recursively) and/or files to pair.", show_default=False)] = None,
    outdir: Annotated[Path, typer.Option("-o", "--output", help="Output folder (created; resumable).")] = ...,  # type: ignore[assignment]
    manifest: Annotated[Optional[Path], typer.Option(
        "--manifest", help="Pairs from a .csv/.tsv (header id,zh,en) or .jsonl; paths relative to it.")] = None,
    unit: Annotated[str, typer.Option("--unit", help="sentence | paragraph")] = "sentence",
    presplit: Annotated[bool, typer.Option("--presplit", help="Each non-blank line is one unit, as is.")] = False,
    qa: Annotated[bool, typer.Option("--qa", help="Also run the QA checks: pairs/<id>.qa.json.")] = False,
    termbase: Annotated[List[str], typer.Option(
        "--termbase", metavar="FILE", help="Termbase for --qa (.csv/.tsv zh,en[,status,note] or .tbx). Repeatable.")] = [],
    model: Annotated[str, typer.Option(
        "--model", help="MT model: hub ID in the local cache, local PATH, 'none', or 'auto' "
                        "(the default model when available offline).")] = "auto",
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", help="Worker processes (default: the CPUs this process may use).", min=1)] = None,
    engine: Annotated[str, typer.Option("--engine", help="local | ray")] = "local",
    ray_address: Annotated[Optional[str], typer.Option(
        "--ray-address", help="Ray cluster address (default: a local Ray).")] = None,
    shared_output: Annotated[bool, typer.Option(
        "--shared-output", help="With --ray-address: OUTDIR is on a filesystem every node mounts at "
                                "the same path, so tasks write their files themselves.")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Ignore earlier work in OUTDIR.")] = False,
    tmx: Annotated[bool, typer.Option("--tmx", help="Also write corpus.tmx (translate-toolkit).")] = False,
) -> None:
    """Pair, align (and check) many documents; resumable; corpus as JSONL and Parquet."""
    from zhenqa.batch import BatchOptions, mt_note, run_batch
    from zhenqa.jobs import check_unit

    options = BatchOptions(unit=check_unit(unit), presplit=presplit, qa=qa,
                           termbases=tuple(termbase), model=model)
    run = run_batch([str(p) for p in inputs or []], outdir, options=options,
                    manifest=str(manifest) if manifest is not None else None, jobs=jobs,
                    engine=engine.strip().lower(), ray_address=ray_address, restart=restart, tmx=tmx,
                    shared_output=shared_output)
    summary = run.summary
    if qa and summary.get("qa_worst"):
        _print_worst(summary["qa_worst"])
    t = summary["totals"]
    rate = f", {run.ran / run.seconds:.2f} pairs/s" if run.ran and run.seconds else ""
    memory = f"; peak worker memory {run.peak_rss_mb:.0f} MB" if run.peak_rss_mb else ""
    print(f"zhenqa batch: {t['pairs']} pairs: {t['ok']} ok, {t['failed']} failed, "
          f"{len(summary['unpaired'])} unpaired; {t['rows']} corpus rows; {run.ran} aligned now, "
          f"{run.skipped} already done; {run.seconds:.1f} s{rate}{memory} -> {outdir}", file=sys.stderr)
    note = mt_note()
    if note:
        print(note, file=sys.stderr)
    if run.exit_code:
        raise typer.Exit(run.exit_code)


def _print_worst(rows: list[dict[str, Any]]) -> None:
    """The corpus-level QA table: pairs with the most errors."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="pairs with the most QA errors", title_justify="left")
    for col in ("pair", "errors", "warnings", "segments", "top error checks"):
        table.add_column(col, justify="left" if col in ("pair", "top error checks") else "right")
    for r in rows:
        checks = ", ".join(f"{k} {v}" for k, v in r["top_checks"].items())
        table.add_row(escape(r["id"]), str(r["error"]), str(r["warning"]), str(r["segments"]), escape(checks))
    Console(highlight=False, soft_wrap=False).print(table)


def register(app: typer.Typer) -> None:
    """Add `zhenqa batch` to the app."""
    app.command("batch")(batch)
