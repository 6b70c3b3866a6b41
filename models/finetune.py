"""Fine-tuning a Marian model on aligned segments: how an organisation adapts the proposer.

The training data is what the aligner produces (a .tmx/.tsv bitext of the organisation's
own translations). The flow:

1. pairs are cleaned (empty sides dropped) and deduplicated *before* the split, so that no
   dev pair also sits in the training set; a seeded shuffle holds out `dev_ratio` of them;
2. both splits go through `datasets` (`Dataset.from_dict(...).map(tokenize, batched=True)`)
   and are batched from there with a padding collator (labels padded with -100);
3. a plain torch loop (AdamW, linear warm-up and decay, gradient clipping) trains the
   model; the pad embedding row is kept at zero after every step when it starts at zero,
   so that the result still converts to CTranslate2 with identical outputs;
4. dev loss, BLEU and chrF (sacreBLEU, with signatures) are measured before and after;
5. model, tokenizer and `zhenqa_finetune.json` (the report) are written to a temporary
   directory that is renamed into place only when complete.

Everything that decides the run is in `FinetuneConfig`; `FinetuneReport` is what comes
back (and what the CLI prints).
"""
from __future__ import annotations

import json
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from zhenqa.corpora.errors import InputError

if TYPE_CHECKING:   # imported only when a model is fine-tuned (start-up time)
    import datasets
    import torch
    from transformers import BatchEncoding, MarianMTModel, MarianTokenizer

REPORT_FILE = "zhenqa_finetune.json"


class TokenizedRow(TypedDict):
    """One row of the tokenized `datasets.Dataset` (what `_tokenized` makes, the collator reads)."""

    input_ids: list[int]
    attention_mask: list[int]
    labels: list[int]


@dataclass
class FinetuneConfig:
    """Settings of one fine-tuning run (defaults suit a few thousand segments on CPU)."""

    epochs: float = 3.0               # passes over the training split (fractions allowed)
    lr: float = 5e-5                  # peak learning rate of AdamW
    batch_size: int = 16
    dev_ratio: float = 0.1            # share of (deduplicated) pairs held out
    seed: int = 1
    max_tokens: int = 256             # longer segments (either side) are truncated for training
    warmup_ratio: float = 0.06        # share of steps with linearly rising learning rate
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    max_steps: int | None = None      # stop after this many optimizer steps (overrides epochs)
    eval_beam_size: int = 4           # decoding for the before/after BLEU on dev
    eval_max_length: int = 256
    max_dev: int = 1000               # cap on dev pairs (BLEU on dev costs a translation run)
    device: str | None = None

    def check(self) -> None:
        if not 0.0 < self.dev_ratio < 1.0:
            raise InputError(None, f"--dev-ratio must be between 0 and 1 (got {self.dev_ratio})")
        if self.epochs <= 0 and not self.max_steps:
            raise InputError(None, f"--epochs must be positive (got {self.epochs})")
        if self.lr <= 0:
            raise InputError(None, f"--lr must be positive (got {self.lr})")
        if self.batch_size < 1:
            raise InputError(None, f"--batch-size must be at least 1 (got {self.batch_size})")
        if self.max_steps is not None and self.max_steps < 1:
            raise InputError(None, f"--max-steps must be at least 1 (got {self.max_steps})")


@dataclass
class DevScores:
    """Dev-set figures of one model: mean token cross-entropy and sacreBLEU scores."""

    loss: float
    bleu: float
    chrf: float
    bleu_signature: str = ""
    chrf_signature: str = ""


@dataclass
class FinetuneReport:
    base: str
    base_model_id: str
    output: str
    train_pairs: int
    dev_pairs: int
    dropped_pairs: int
    steps: int
    seconds: float
    before: DevScores
    after: DevScores
    config: dict[str, Any] = field(default_factory=dict)   # asdict(FinetuneConfig)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def clean_pairs(pairs: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], int]:
    """Drop pairs with an empty side and exact duplicates (first kept); returns (kept, dropped)."""
    seen: set[tuple[str, str]] = set()
    kept: list[tuple[str, str]] = []
    for zh, en in pairs:
        pair = (" ".join(zh.split()), " ".join(en.split()))
        if not pair[0] or not pair[1] or pair in seen:
            continue
        seen.add(pair)
        kept.append(pair)
    return kept, len(pairs) - len(kept)


def split_pairs(pairs: Sequence[tuple[str, str]], dev_ratio: float,
                seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Seeded shuffle, then the first `dev_ratio` share (at least one pair) is the dev split."""
    if len(pairs) < 2:
        raise InputError(None, f"need at least 2 usable segment pairs to fine-tune (got {len(pairs)})")
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    n_dev = min(len(pairs) - 1, max(1, round(len(pairs) * dev_ratio)))
    dev = [pairs[i] for i in sorted(order[:n_dev])]
    train = [pairs[i] for i in sorted(order[n_dev:])]
    return train, dev


def pairs_from_bitext(path: str | Path) -> list[tuple[str, str]]:
    """(zh, en) pairs of a .tmx/.tsv/.xlf/.jsonl bitext (corpora.bitext)."""
    from zhenqa.corpora.bitext import read_bitext

    bitext = read_bitext(path)
    return [(seg.zh, seg.en) for seg in bitext.segments]


def _tokenized(tokenizer: MarianTokenizer, pairs: list[tuple[str, str]],
               config: FinetuneConfig) -> datasets.Dataset:
    """A `datasets.Dataset` of input_ids / attention_mask / labels, tokenized with `map`."""
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    raw = datasets.Dataset.from_dict({"zh": [p[0] for p in pairs], "en": [p[1] for p in pairs]})

    def tokenize(batch: dict[str, list[str]]) -> BatchEncoding:
        return tokenizer(batch["zh"], text_target=batch["en"], truncation=True,
                         max_length=config.max_tokens)

    return raw.map(tokenize, batched=True, remove_columns=["zh", "en"], load_from_cache_file=False)


def _collator(pad_id: int) -> Callable[[list[TokenizedRow]], dict[str, torch.Tensor]]:
    import torch

    def collate(rows: list[TokenizedRow]) -> dict[str, torch.Tensor]:
        src = max(len(r["input_ids"]) for r in rows)
        tgt = max(len(r["labels"]) for r in rows)
        input_ids = torch.full((len(rows), src), pad_id, dtype=torch.long)
        attention = torch.zeros((len(rows), src), dtype=torch.long)
        labels = torch.full((len(rows), tgt), -100, dtype=torch.long)
        for i, r in enumerate(rows):
            input_ids[i, : len(r["input_ids"])] = torch.tensor(r["input_ids"])
            attention[i, : len(r["input_ids"])] = 1
            labels[i, : len(r["labels"])] = torch.tensor(r["labels"])
        return {"input_ids": input_ids, "attention_mask": attention, "labels": labels}

    return collate


def dev_loss(model: MarianMTModel, dataset: datasets.Dataset, pad_id: int, batch_size: int,
             device: str) -> float:
    """Mean cross-entropy per target token over `dataset` (the model's training loss)."""
    import torch
    from torch.utils.data import DataLoader

    model.eval()
    total, tokens = 0.0, 0
    with torch.inference_mode():
        for batch in DataLoader(dataset, batch_size=batch_size, collate_fn=_collator(pad_id)):
            batch = {k: v.to(device) for k, v in batch.items()}
            n = int((batch["labels"] != -100).sum())
            total += float(model(**batch).loss) * n
            tokens += n
    return total / max(tokens, 1)


def _dev_scores(model: MarianMTModel, tokenizer: MarianTokenizer, dataset: datasets.Dataset,
                dev: list[tuple[str, str]], config: FinetuneConfig, pad_id: int, device: str) -> DevScores:
    from sacrebleu.metrics import BLEU, CHRF

    from zhenqa.models.marian import MarianTranslator

    loss = dev_loss(model, dataset, pad_id, config.batch_size, device)
    translator = MarianTranslator(model, tokenizer, "finetune-eval", device=device,
                                  beam_size=config.eval_beam_size, max_length=config.eval_max_length,
                                  batch_size=config.batch_size)
    hyps = translator.translate([zh for zh, _ in dev])
    refs = [[en for _, en in dev]]
    # sacreBLEU directly (models may not import eval): default settings, as `zhenqa score`.
    bleu, chrf = BLEU(), CHRF()
    bleu_score, chrf_score = bleu.corpus_score(hyps, refs), chrf.corpus_score(hyps, refs)
    return DevScores(loss=loss, bleu=float(bleu_score.score), chrf=float(chrf_score.score),
                     bleu_signature=str(bleu.get_signature()), chrf_signature=str(chrf.get_signature()))


def finetune(
    pairs: Sequence[tuple[str, str]],
    base: str,
    output: str | Path,
    config: FinetuneConfig | None = None,
    *,
    overwrite: bool = False,
    log: Callable[[str], None] | None = None,
) -> FinetuneReport:
    """Fine-tune Marian model `base` on `pairs` and save a loadable directory at `output`.

    Raises InputError for bad settings, too few pairs, an unusable base model or an output
    that exists (unless `overwrite`). `log` receives one-line progress messages.
    """
    config = config or FinetuneConfig()
    config.check()
    say = log or (lambda msg: print(msg, file=sys.stderr))
    out = Path(output).expanduser()
    if out.exists() and not (out.is_dir() and not any(out.iterdir())) and not overwrite:
        raise InputError(out, "already exists (pass --overwrite to replace it)")

    from zhenqa.models.base import force_offline
    from zhenqa.models.resolve import locate_model, model_identity

    loc = locate_model(base)
    if loc.kind != "marian":
        raise InputError(base, "fine-tuning needs a Marian (transformers) model, not a CTranslate2 one")
    kept, dropped = clean_pairs(pairs)
    train, dev = split_pairs(kept, config.dev_ratio, config.seed)
    dev = dev[: config.max_dev]

    force_offline()
    import torch
    from torch.utils.data import DataLoader
    from transformers import MarianMTModel, MarianTokenizer

    from zhenqa.models.base import cpu_threads, quiet_transformers
    from zhenqa.models.marian import pick_torch_device

    quiet_transformers()
    device = pick_torch_device(config.device)
    if device == "cpu":
        torch.set_num_threads(cpu_threads())
    torch.manual_seed(config.seed)
    try:
        tokenizer = MarianTokenizer.from_pretrained(str(loc.path), local_files_only=True)
        model = MarianMTModel.from_pretrained(str(loc.path), local_files_only=True)
    except ImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to read user files is bad input
        raise InputError(base, f"cannot load the Marian model: {' '.join(str(exc).split())[:300]}") from None
    model.to(device)
    pad_id = int(model.config.pad_token_id)
    embeddings = model.get_input_embeddings().weight
    keep_pad_zero = bool(torch.all(embeddings[pad_id] == 0))

    train_ds = _tokenized(tokenizer, train, config)
    dev_ds = _tokenized(tokenizer, dev, config)
    say(f"fine-tuning {loc.spec}: {len(train)} training pairs, {len(dev)} dev pairs"
        + (f", {dropped} empty or duplicate pairs dropped" if dropped else ""))
    t0 = time.time()
    before = _dev_scores(model, tokenizer, dev_ds, dev, config, pad_id, device)
    say(f"before: dev loss {before.loss:.4f}  BLEU {before.bleu:.2f}  chrF {before.chrf:.2f}")

    generator = torch.Generator().manual_seed(config.seed)
    loader = DataLoader(train_ds, batch_size=config.batch_size, shuffle=True, generator=generator,
                        collate_fn=_collator(pad_id))
    steps_per_epoch = max(1, math.ceil(len(train_ds) / config.batch_size))
    total_steps = config.max_steps or max(1, math.ceil(steps_per_epoch * config.epochs))
    warmup = int(total_steps * config.warmup_ratio)
    decay: list[Any] = []
    no_decay: list[Any] = []
    for name, param in model.named_parameters():
        (no_decay if param.ndim < 2 or "layer_norm" in name else decay).append(param)
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": config.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=config.lr)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: (step + 1) / (warmup + 1) if step < warmup
        else max(0.0, (total_steps - step) / max(1, total_steps - warmup)))

    step = 0
    model.train()
    while step < total_steps:
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            loss = model(**batch).loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
            optimizer.step()
            scheduler.step()
            if keep_pad_zero:
                with torch.no_grad():
                    embeddings[pad_id].zero_()
            step += 1
            if step % max(1, total_steps // 10) == 0 or step == total_steps:
                say(f"step {step}/{total_steps}  loss {loss.item():.4f}")
            if step >= total_steps:
                break

    after = _dev_scores(model, tokenizer, dev_ds, dev, config, pad_id, device)
    say(f"after:  dev loss {after.loss:.4f}  BLEU {after.bleu:.2f}  chrF {after.chrf:.2f}")
    report = FinetuneReport(
        base=loc.spec, base_model_id=model_identity(loc), output=str(out), train_pairs=len(train),
        dev_pairs=len(dev), dropped_pairs=dropped, steps=step, seconds=round(time.time() - t0, 2),
        before=before, after=after, config=asdict(config))
    _save(model, tokenizer, loc.path, out, report)
    return report


def _save(model: MarianMTModel, tokenizer: MarianTokenizer, base_path: Path, out: Path,
          report: FinetuneReport) -> None:
    """Write everything to a temporary sibling directory, then rename it into place."""
    from zhenqa.models.ct2 import _replace_dir

    model.to("cpu")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        target = tmp / "model"
        model.save_pretrained(target)
        tokenizer.save_pretrained(target)
        for name in ("source.spm", "target.spm", "vocab.json"):   # exactly the base's files
            if (base_path / name).is_file():
                shutil.copyfile(base_path / name, target / name)
        (target / REPORT_FILE).write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        _replace_dir(target, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
