"""`zhenqa translate` and `zhenqa models convert|finetune|info`.

`translate` turns a Chinese document (or a one-segment-per-line file with --presplit)
into English, one output line per input segment, through the translation cache. `models`
manages the MT models themselves: CTranslate2 conversion (the fast path), fine-tuning on
an aligned bitext, and a check of which model a spec resolves to offline.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from zhenqa.corpora.errors import InputError


class Backend(str, Enum):
    auto = "auto"
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class UnitKind(str, Enum):
    sentence = "sentence"
    paragraph = "paragraph"


#: Inputs at least this long get a progress bar (on a terminal).
PROGRESS_MIN_SEGMENTS = 20

ModelOpt = Annotated[Optional[str], typer.Option(
    "--model", help="Hub id in the local HF cache, a local Marian/CTranslate2 directory "
                    "(default: Helsinki-NLP/opus-mt-zh-en).")]


def read_segments(path: str, presplit: bool, unit: UnitKind) -> list[str]:
    """The Chinese segments of `path` in order: lines (presplit or ``-``), sentences or paragraphs."""
    if path == "-":
        return [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
    from zhenqa.corpora.readers import read_document

    doc = read_document(path, lang="zh", presplit=presplit)
    if presplit or unit is UnitKind.paragraph:
        return [u.text for u in doc.units]
    return [s for u in doc.units for s in (u.sentences or [u.text])]


def _progress_wanted(flag: Optional[bool], n: int) -> bool:
    if flag is not None:
        return flag
    return sys.stderr.isatty() and n >= PROGRESS_MIN_SEGMENTS


def translate(
    source: Annotated[str, typer.Argument(
        metavar="IN", help="Chinese document, or one segment a line with --presplit ('-': stdin).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default: stdout).")] = None,
    model: ModelOpt = None,
    backend: Annotated[Backend, typer.Option("--backend", help="MT backend.")] = Backend.auto,
    presplit: Annotated[bool, typer.Option("--presplit", help="Each non-empty input line is one segment.")] = False,
    unit: Annotated[UnitKind, typer.Option("--unit", help="Translate sentences or whole paragraphs.")] = UnitKind.sentence,
    beam_size: Annotated[int, typer.Option("--beam-size", help="Beam size (1 = greedy).")] = 4,
    max_length: Annotated[int, typer.Option("--max-length", help="Maximum new tokens per segment.")] = 256,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Segments per batch.")] = 16,
    device: Annotated[str, typer.Option("--device", help="auto, cpu, cuda or cuda:N.")] = "auto",
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the translation cache.")] = False,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Progress bar on stderr (default: on a terminal, for long inputs).")] = None,
) -> None:
    """Machine-translate Chinese segments into English, one output line per segment."""
    from zhenqa.models.translator import DEFAULT_MODEL, is_none_spec, load_translator

    if model is not None and is_none_spec(model):
        raise InputError(None, "translate needs an MT model (got --model none)")
    segments = read_segments(source, presplit, unit)
    translator = load_translator(model or DEFAULT_MODEL, backend.value, device=device, beam_size=beam_size,
                                 max_length=max_length, batch_size=batch_size, cache=not no_cache)
    assert translator is not None
    if _progress_wanted(progress, len(segments)):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("translating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("translate", total=len(segments))
            hyps = translator.translate(segments, progress=lambda n: bar.advance(task, n))
        hits = getattr(translator, "hits", 0)
        typer.echo(f"translated {len(segments)} segments with {translator.model_id}"
                   + (f" ({hits} from the cache)" if hits else ""), err=True)
    else:
        hyps = translator.translate(segments)
    text = "".join(h + "\n" for h in hyps)
    if output is None:
        sys.stdout.write(text)
    else:
        from zhenqa.corpora.fileio import write_text

        write_text(output, text)


models_app = typer.Typer(
    name="models", help="MT models: convert to CTranslate2, fine-tune, check what resolves offline.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None)


@models_app.command("convert")
def convert(
    model: Annotated[str, typer.Argument(help="Marian model: hub id in the local HF cache or a directory.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for the CTranslate2 model.")],
    quantization: Annotated[Optional[str], typer.Option(
        "--quantization", help="int8 (CPU default), float16 (GPU default), int8_float16, bfloat16, float32, ...")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT if it exists.")] = False,
) -> None:
    """Convert a Marian model to CTranslate2 (the fast backend), with its tokenizer files."""
    from zhenqa.models.ct2 import convert_marian

    report = convert_marian(model, output, quantization, force=force)
    pad = "zero" if report.pad_row_was_zero else f"NOT zero (max |x| {report.pad_row_max_abs:.3g}; zeroed)"
    typer.echo(f"converted {report.source_model_id} to {report.output} ({report.quantization}); pad embedding row {pad}")
    if not report.pad_row_was_zero:
        typer.echo("zhenqa: warning: the pad embedding row was not zero; CTranslate2 decodes from a zero vector, "
                   "so its outputs may differ from transformers for this model", err=True)


@models_app.command("finetune")
def finetune_cmd(
    bitext: Annotated[Path, typer.Option("--bitext", help="Aligned segments: .tmx, .tsv, .xlf or .jsonl.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for the fine-tuned model.")],
    base: Annotated[str, typer.Option("--base", help="Marian model to start from (hub id or directory).")] = "Helsinki-NLP/opus-mt-zh-en",
    epochs: Annotated[float, typer.Option("--epochs", help="Passes over the training split.")] = 3.0,
    lr: Annotated[float, typer.Option("--lr", help="Peak learning rate (AdamW).")] = 5e-5,
    batch_size: Annotated[int, typer.Option("--batch-size")] = 16,
    dev_ratio: Annotated[float, typer.Option("--dev-ratio", help="Share of pairs held out for dev.")] = 0.1,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    max_steps: Annotated[Optional[int], typer.Option("--max-steps", help="Stop after N steps (overrides --epochs).")] = None,
    beam_size: Annotated[int, typer.Option("--beam-size", help="Beam for the dev BLEU before/after.")] = 4,
    device: Annotated[str, typer.Option("--device", help="auto, cpu, cuda or cuda:N.")] = "auto",
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace OUTPUT if it exists.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fine-tune a Marian model on an aligned bitext; report dev BLEU/chrF before and after."""
    from zhenqa.models.finetune import FinetuneConfig, finetune, pairs_from_bitext

    config = FinetuneConfig(epochs=epochs, lr=lr, batch_size=batch_size, dev_ratio=dev_ratio, seed=seed,
                            max_steps=max_steps, eval_beam_size=beam_size, device=device)
    config.check()
    pairs = pairs_from_bitext(bitext)
    report = finetune(pairs, base, output, config, overwrite=overwrite)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    b, a = report.before, report.after
    typer.echo(f"{'dev (' + str(report.dev_pairs) + ' pairs)':<18}{'before':>10}{'after':>10}")
    typer.echo(f"{'loss':<18}{b.loss:>10.4f}{a.loss:>10.4f}")
    typer.echo(f"{'BLEU':<18}{b.bleu:>10.2f}{a.bleu:>10.2f}")
    typer.echo(f"{'chrF':<18}{b.chrf:>10.2f}{a.chrf:>10.2f}")
    typer.echo(f"BLEU signature: {a.bleu_signature}")
    typer.echo(f"saved {report.output} ({report.train_pairs} training pairs, {report.steps} steps, {report.seconds:.0f} s)")


@models_app.command("info")
def info(
    model: Annotated[Optional[str], typer.Argument(help="Hub id or directory (default: the default model).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show what a model spec resolves to offline (path, kind, identity), or why it does not."""
    from zhenqa.models.cache import cache_root
    from zhenqa.models.translator import DEFAULT_MODEL, hf_hub_cache_dir, locate_model, model_identity

    loc = locate_model(model or DEFAULT_MODEL)
    facts = {"spec": loc.spec, "path": str(loc.path), "kind": loc.kind, "model_id": model_identity(loc),
             "hf_cache": str(hf_hub_cache_dir()), "zhenqa_cache": str(cache_root())}
    if as_json:
        typer.echo(json.dumps(facts, ensure_ascii=False))
    else:
        for key, value in facts.items():
            typer.echo(f"{key:<13}{value}")


def register(app: typer.Typer) -> None:
    """Add `zhenqa translate` and the `zhenqa models` group to the app."""
    app.command("translate")(translate)
    app.add_typer(models_app, name="models")
