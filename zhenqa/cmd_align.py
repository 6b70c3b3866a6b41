"""`zhenqa align` and `zhenqa eval-align` (see ../shared/CLI_CONTRACT.md for the shapes).

align: two documents (or presplit files) in; beads, JSON (with per-link confidence,
signals and review flags, and the configuration signature), TSV or TMX out, on stdout or
atomically into -o. eval-align: strict and lax P/R/F1 of predicted beads against gold
beads (files, or folders of same-named files with counts summed).
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhenqa.corpora.errors import InputError

FORMATS = ("json", "beads", "tsv", "tmx")


def _render(alignment, fmt: str, output: Path | None) -> None:
    from zhenqa.corpora.fileio import write_text

    if fmt in ("json", "beads"):
        text = (json.dumps(alignment.to_json(), ensure_ascii=False, indent=1) + "\n"
                if fmt == "json" else alignment.beads_text())
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_text(output, text)
        return
    from zhenqa.align.aligner import to_bitext
    from zhenqa.corpora.bitext import write_bitext

    bitext = to_bitext(alignment)
    if output is not None:
        write_bitext(bitext, output, fmt)
        return
    with tempfile.TemporaryDirectory(prefix="zhenqa-align-") as tmp:
        path = Path(tmp) / f"out.{fmt}"
        write_bitext(bitext, path, fmt)
        data = path.read_bytes()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


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
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InputError(None, f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    unit = unit.strip().lower()
    if unit not in ("sentence", "paragraph"):
        raise InputError(None, f"--unit must be sentence or paragraph, not {unit!r}")
    if translations is not None and not presplit:
        raise InputError(translations, "--translations needs --presplit: translations are matched "
                                       "to the Chinese file line by line")
    from zhenqa.pipeline import align_paths

    spec = None if translations is not None else model
    alignment = align_paths(zh, en, unit=unit, presplit=presplit, translations_path=translations,
                            model=spec, force=force)
    _render(alignment, fmt, output)
    reason = alignment.meta.get("mt_unavailable")
    if reason:
        # Said only after success, so that a failing run still prints exactly one line.
        from zhenqa.models.translator import note_mt_unavailable

        note_mt_unavailable(f"{reason}; aligned without MT similarity and without proposals "
                            "for unaligned Chinese")


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
