"""`zhenqa align` and `zhenqa eval-align` (see ../shared/CLI_CONTRACT.md for the shapes).

align: two documents (or presplit files) in; beads, JSON (with per-link confidence,
signals and review flags, and the configuration signature), TSV or TMX out, on stdout or
atomically into -o. eval-align: strict and lax P/R/F1 of predicted beads against gold
beads (files, or folders of same-named files with counts summed).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer


def align(
    zh: Annotated[Path, typer.Argument(help="Chinese document (.txt .docx .pdf .xml .html) or presplit file.")],
    en: Annotated[Path, typer.Argument(help="English document, same kinds.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here (atomically) instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json | beads | tsv | tmx")] = "json",
    unit: Annotated[str, typer.Option("--unit", help="sentence | paragraph")] = "sentence",
    presplit: Annotated[bool, typer.Option("--presplit", help="Each non-blank line is one unit, as is.")] = False,
    translations: Annotated[Optional[Path], typer.Option(
        "--translations", help="English MT of the Chinese lines, one per line (only with --presplit).")] = None,
    model: Annotated[str, typer.Option(
        "--model", help="MT model: hub ID in the local cache, local PATH, 'none', or 'auto' "
                        "(the default model when available offline).")] = "auto",
    force: Annotated[bool, typer.Option("--force", help="Align even documents that do not look like translations.")] = False,
) -> None:
    """Align a Chinese document with its English version."""
    from zhenqa.pipeline import AlignRequest, check_align_format, render_alignment, run_align, write_alignment

    fmt = check_align_format(fmt)
    # With --translations no model is loaded (run_align uses the file instead).
    result = run_align(AlignRequest(zh, en, unit=unit, presplit=presplit, translations=translations,
                                    model=model, force=force))
    if output is None:
        data = render_alignment(result.alignment, fmt)
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)    # absent when stdout is a StringIO
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            buffer.write(data)
        sys.stdout.flush()
    else:
        write_alignment(result.alignment, fmt, output)
    note = result.note()
    if note:
        # Said only after success, so that a failing run still prints exactly one line.
        print(note, file=sys.stderr)


def eval_align(
    gold: Annotated[Path, typer.Option("--gold", help="Gold beads file, or folder of them.")],
    pred: Annotated[Path, typer.Option("--pred", help="Predicted beads file, or folder of same-named files.")],
) -> None:
    """Strict and lax precision, recall and F1 of PRED against GOLD, as JSON."""
    from zhenqa.eval.align_metrics import score_paths, to_json

    typer.echo(to_json(score_paths(gold, pred)))


def register(app: typer.Typer) -> None:
    """Add `zhenqa align` and `zhenqa eval-align` to the app."""
    app.command("align")(align)
    app.command("eval-align")(eval_align)
