"""transformers MarianMT backend (`MarianMTModel` + `MarianTokenizer`).

Device: CUDA with fp16 when present (or asked for), else CPU in fp32 with as many torch
threads as the CPUs this process may use (see `models.base.cpu_threads`). Segments
are tokenized once, sorted by length and batched, so padding is small; generation is
beam search (or greedy with beam size 1) with a cap on new tokens.

Two deliberate differences from `model.generate()` defaults, both so that this backend
and the CTranslate2 one give the same output for the same model:
- the pad token (opus-mt's decoder start) is never generated (`bad_words_ids`), as
  CTranslate2 drops it from the vocabulary;
- an output that hits the length cap is cut there, not forced to end with EOS one token
  earlier (opus-mt configs set `forced_eos_token_id`; CTranslate2 has no such rule).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zhenqa.corpora.errors import InputError
from zhenqa.models.base import BatchTranslator, cpu_threads, decoding_settings, quiet_transformers

if TYPE_CHECKING:   # transformers is imported only when a model is loaded (start-up time)
    from transformers import MarianMTModel, MarianTokenizer


def pick_torch_device(device: str | None) -> str:
    """``auto``/None -> ``cuda`` when available else ``cpu``; a CUDA request without CUDA fails."""
    import torch

    if device in (None, "", "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        return "cpu"
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise InputError(None, f"--device {device}: no CUDA device is available to torch on this machine")
        return device
    raise InputError(None, f"unknown device {device!r} (auto, cpu, cuda, cuda:N)")



class MarianTranslator(BatchTranslator[int]):
    """Translate with a MarianMT model held in memory."""

    backend = "transformers"

    def __init__(self, model: MarianMTModel, tokenizer: MarianTokenizer, model_id: str, *,
                 device: str = "cpu", beam_size: int = 4, max_length: int = 256, batch_size: int = 16,
                 min_length: int = 0) -> None:
        super().__init__(batch_size)
        self.model = model
        self.tokenizer = tokenizer
        self.model_id = model_id
        self.device = device
        self.beam_size = beam_size
        # The decoder's position table bounds the output length (start token included).
        positions = int(getattr(model.config, "max_position_embeddings", 0) or 0) or None
        self.settings = decoding_settings("transformers", beam_size, max_length, min_length, positions)
        self.max_length = max_length = min(max_length, positions - 1) if positions else max_length
        self.min_length = min(min_length, max_length)
        self.pad_id = int(model.config.pad_token_id)
        self.eos_id = int(tokenizer.eos_token_id)
        limits = [tokenizer.model_max_length, positions or 512]
        self.max_input_tokens = int(min(x for x in limits if x and x < 10**9))

    @classmethod
    def load(cls, path: str | Path, model_id: str, *, device: str | None = None, beam_size: int = 4,
             max_length: int = 256, batch_size: int = 16, min_length: int = 0) -> MarianTranslator:
        """Load a local Marian directory (never the network); InputError if it cannot load."""
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        quiet_transformers()
        dev = pick_torch_device(device)
        if dev == "cpu" and not _threads_pinned_by_user():
            torch.set_num_threads(cpu_threads())
        try:
            tokenizer = MarianTokenizer.from_pretrained(str(path), local_files_only=True)
            model = MarianMTModel.from_pretrained(str(path), local_files_only=True)
        except ImportError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to read user files is bad input
            raise InputError(str(path), f"cannot load the Marian model: {' '.join(str(exc).split())[:300]}") from None
        model.eval()
        if dev.startswith("cuda"):
            model = model.half()
        model.to(dev)
        return cls(model, tokenizer, model_id, device=dev, beam_size=beam_size, max_length=max_length,
                   batch_size=batch_size, min_length=min_length)

    def _encode(self, text: str) -> list[int]:
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        return self._with_eos(list(ids), self.eos_id)

    def _generate(self, batch: list[list[int]]) -> list[str]:
        import torch

        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        attention = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention[row, : len(ids)] = 1
        extra = {"min_new_tokens": self.min_length} if self.min_length else {}
        # Same stopping rules as CTranslate2 (see the module docstring). A value passed to
        # generate() as None falls back to the model's own, so the model's generation config
        # is switched for the call and restored after (a fine-tuned model saves it unchanged).
        gen = self.model.generation_config
        saved = gen.forced_eos_token_id, gen.max_length
        gen.forced_eos_token_id, gen.max_length = None, None
        try:
            with torch.inference_mode():
                out = self.model.generate(
                    input_ids=input_ids.to(self.device), attention_mask=attention.to(self.device),
                    num_beams=self.beam_size, max_new_tokens=self.max_length, do_sample=False,
                    num_return_sequences=1, bad_words_ids=[[self.pad_id]], **extra)
        finally:
            gen.forced_eos_token_id, gen.max_length = saved
        body = out[:, 1:]                                            # column 0: decoder start
        self.tokens_generated += int(((body != self.pad_id) & (body != self.eos_id)).sum())
        # transformers is typed as Any here (pyproject's mypy overrides): batch_decode gives strings.
        texts: list[str] = self.tokenizer.batch_decode(out.tolist(), skip_special_tokens=True,
                                                       use_source_tokenizer=False)
        return texts


def _threads_pinned_by_user() -> bool:
    import os

    return bool(os.environ.get("OMP_NUM_THREADS")) and not os.environ.get("ZHENQA_THREADS")
