"""`zhenqa score`: corpus-level sacreBLEU BLEU/chrF/TER of a hypothesis file, with signatures.

Defaults are sacreBLEU's own, so the numbers equal those of ``sacrebleu REF -i HYP -m bleu
chrf ter`` (and of the WMT tables). See ../shared/CLI_CONTRACT.md for the output shapes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhenqa.corpora.errors import InputError


def score(
    hyp: Annotated[Path, typer.Option("--hyp", help="Hypothesis (system output), one segment a line.")],
    ref: Annotated[list[Path], typer.Option("--ref", help="Reference, line-parallel to HYP; repeat for several references.")],
    metrics: Annotated[str, typer.Option("--metrics", help="Comma-separated: bleu,chrf,ter.")] = "bleu,chrf,ter",
    as_json: Annotated[bool, typer.Option("--json", help='Print {"bleu": {"score": .., "signature": ..}, ...}.')] = False,
    tokenize: Annotated[Optional[str], typer.Option(
        "--tokenize", help="BLEU tokenizer (sacreBLEU name, e.g. zh for a Chinese target); default 13a.")] = None,
) -> None:
    """Score HYP against REF with sacreBLEU (corpus level, default settings, with signatures)."""
    from zhenqa.eval.scores import parse_metrics, score_files

    try:
        names = parse_metrics(metrics)
    except ValueError as exc:
        raise InputError(None, f"--metrics: {exc}") from None
    if tokenize is not None:
        from sacrebleu.metrics.bleu import BLEU

        if tokenize not in BLEU.TOKENIZERS:
            raise InputError(None, f"--tokenize: unknown tokenizer {tokenize!r} (known: {', '.join(BLEU.TOKENIZERS)})")
    results = score_files(hyp, ref, names, bleu_tokenize=tokenize)
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False))
        return
    width = max(len(name) for name in results)
    for name, result in results.items():
        typer.echo(f"{name.upper():<{width}}  {result['score']:8.4f}  {result['signature']}")


def register(app: typer.Typer) -> None:
    """Add `zhenqa score` to the app."""
    app.command("score")(score)
