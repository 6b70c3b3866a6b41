"""CTranslate2 backend and the conversion of Marian directories to it.

CTranslate2 runs the same Marian network several times faster on CPU (int8 weights,
fused kernels), which is what makes MT proposals affordable on a laptop. A converted
directory is self-contained: `model.bin` plus the Marian tokenizer files (`source.spm`,
`target.spm`, `vocab.json`, `tokenizer_config.json`) and `zhenqa_ct2.json` (the identity of
the source model and the quantization), so it loads with `--model DIR` alone.

Same outputs as transformers for the same model: tokenization mirrors `MarianTokenizer`
(source SentencePiece pieces looked up in the joint `vocab.json`, unknown pieces to
``<unk>``, ``</s>`` appended; output pieces decoded with the target SentencePiece model
after dropping special tokens). CTranslate2 starts decoding from a zero vector where
transformers embeds the pad token, so the conversion checks that the pad embedding row
is zero (it is in every opus-mt checkpoint) and zeroes it, with a warning, if not; the
fine-tuning in `models.finetune` keeps it zero.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhenqa.corpora.errors import InputError
from zhenqa.models.base import BatchTranslator, cpu_threads, decoding_settings, force_offline, quiet_transformers
from zhenqa.models.resolve import CT2_META, ModelLocation, locate_model, model_identity, read_ct2_meta

QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")
_COPY_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json",
               "generation_config.json")
_SPECIAL = ("</s>", "<unk>", "<pad>")

if TYPE_CHECKING:   # ctranslate2 is imported only when a model is loaded or converted (start-up time)
    import ctranslate2


def cuda_available() -> bool:
    import ctranslate2

    try:
        count: int = ctranslate2.get_cuda_device_count()
        return count > 0
    except RuntimeError:
        return False


def default_quantization(device: str | None = None) -> str:
    """int8 for CPU, float16 for CUDA (what each runs fastest without a visible quality loss)."""
    if device in (None, "", "auto"):
        return "float16" if cuda_available() else "int8"
    return "float16" if device.startswith("cuda") else "int8"


def pick_ct2_device(device: str | None) -> tuple[str, int]:
    """(device, index) for ctranslate2; a CUDA request without CUDA is an InputError."""
    if device in (None, "", "auto"):
        return ("cuda", 0) if cuda_available() else ("cpu", 0)
    if device == "cpu":
        return "cpu", 0
    if device.startswith("cuda"):
        if not cuda_available():
            raise InputError(None, f"--device {device}: CTranslate2 sees no CUDA device on this machine")
        _, _, index = device.partition(":")
        return "cuda", int(index or 0)
    raise InputError(None, f"unknown device {device!r} (auto, cpu, cuda, cuda:N)")


@dataclass
class ConversionReport:
    """What `convert_marian` did, for the CLI to show and tests to check."""

    source: str
    source_model_id: str
    output: Path
    quantization: str
    pad_row_was_zero: bool
    pad_row_max_abs: float


def convert_marian(spec: str, output: str | Path, quantization: str | None = None, *,
                   force: bool = False) -> ConversionReport:
    """Convert the Marian model `spec` (hub id in the local cache, or directory) to CTranslate2.

    Writes to a temporary directory next to `output` and renames it into place, so an
    interrupted conversion leaves nothing behind. `quantization` defaults to int8 on CPU
    machines, float16 where CUDA is present. Raises InputError on bad input.
    """
    quantization = quantization or default_quantization()
    if quantization not in QUANTIZATIONS:
        raise InputError(None, f"unknown quantization {quantization!r} (one of {', '.join(QUANTIZATIONS)})")
    loc = locate_model(spec)
    if loc.kind != "marian":
        raise InputError(spec, "is already a CTranslate2 model")
    out = Path(output).expanduser()
    if out.exists() and not (out.is_dir() and not any(out.iterdir())) and not force:
        raise InputError(out, "already exists (pass --force to replace it)")
    source_id = model_identity(loc)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        pad_zero, pad_max = _convert(loc, tmp / "model", quantization)
        (tmp / "model" / CT2_META).write_text(json.dumps({
            "source": loc.spec, "source_model_id": source_id, "quantization": quantization,
            "pad_row_was_zero": pad_zero, "max_input_tokens": _max_input_tokens(loc.path),
            "max_positions": _max_positions(loc.path),
        }, indent=2) + "\n", encoding="utf-8")
        _replace_dir(tmp / "model", out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ConversionReport(loc.spec, source_id, out, quantization, pad_zero, pad_max)


def _max_input_tokens(path: Path) -> int:
    """The longest source (with EOS) the model takes: position table and tokenizer limit."""
    limits = [512]
    for name, key in (("config.json", "max_position_embeddings"), ("tokenizer_config.json", "model_max_length")):
        try:
            value = json.loads((path / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError):
            continue
        if isinstance(value, int) and 0 < value < 10**9:
            limits.append(value)
    return min(limits)


def _max_positions(path: Path) -> int | None:
    try:
        value = json.loads((path / "config.json").read_text(encoding="utf-8")).get("max_position_embeddings")
    except (OSError, ValueError):
        return None
    return value if isinstance(value, int) and value > 1 else None


def _replace_dir(new: Path, target: Path) -> None:
    """Move directory `new` to `target`, replacing what is there only once `new` is complete."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{new.parent.name[-8:]}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def _convert(loc: ModelLocation, out: Path, quantization: str) -> tuple[bool, float]:
    import ctranslate2.converters
    import torch


    force_offline()
    quiet_transformers()
    seen: dict[str, float | bool] = {}

    # ctranslate2 is typed as Any here (pyproject's mypy overrides), so its base class is Any.
    class _ZeroPadConverter(ctranslate2.converters.TransformersConverter):  # type: ignore[misc]
        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, local_files_only=True, **kwargs)
            pad = model.config.pad_token_id
            with torch.no_grad():
                rows = {id(model.get_input_embeddings().weight): model.get_input_embeddings().weight}
                decoder_emb = model.get_decoder().embed_tokens.weight
                rows[id(decoder_emb)] = decoder_emb
                worst = max(float(w[pad].abs().max()) for w in rows.values())
                for w in rows.values():
                    w[pad].zero_()
            seen["max"] = worst
            return model

        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return super().load_tokenizer(tokenizer_class, model_name_or_path, local_files_only=True, **kwargs)

    copy = [f for f in _COPY_FILES if (loc.path / f).is_file()]
    converter = _ZeroPadConverter(str(loc.path), copy_files=copy)
    try:
        converter.convert(str(out), quantization=quantization, force=True)
    except (ValueError, RuntimeError, OSError, NotImplementedError) as exc:
        raise InputError(loc.spec, f"CTranslate2 conversion failed: {' '.join(str(exc).split())[:300]}") from None
    worst = float(seen.get("max", 0.0))
    return worst == 0.0, worst


def ensure_converted(loc: ModelLocation, *, device: str | None = None, quantization: str | None = None) -> ModelLocation:
    """A CTranslate2 copy of Marian model `loc` in the zhenqa cache, converted on first use."""
    from zhenqa.models.cache import cache_root

    quantization = quantization or default_quantization(device)
    source_id = model_identity(loc)
    safe = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in source_id)
    target = cache_root() / "ct2" / f"{safe}-{quantization}"
    if not (target / "model.bin").is_file():
        import sys

        print(f"zhenqa: note: converting {loc.spec} to CTranslate2 ({quantization}) in {target} (once)", file=sys.stderr)
        convert_marian(str(loc.path), target, quantization, force=True)
        # Identity of the source as the user named it (hub id@commit), not the cache path.
        meta = json.loads((target / CT2_META).read_text(encoding="utf-8"))
        meta["source_model_id"] = source_id
        (target / CT2_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return ModelLocation(str(target), target, "ct2")


class MarianVocab:
    """Marian tokenization without transformers: SentencePiece + the joint vocab.json.

    Mirrors `MarianTokenizer` (see the module docstring); tests check the two agree.
    """

    def __init__(self, path: Path) -> None:
        import sentencepiece

        self.source = sentencepiece.SentencePieceProcessor(model_file=str(path / "source.spm"))
        self.target = sentencepiece.SentencePieceProcessor(model_file=str(path / "target.spm"))
        self.vocab: dict[str, int] = json.loads((path / "vocab.json").read_text(encoding="utf-8"))

    def encode(self, text: str) -> list[str]:
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:   # target-language token
            code, text = [text[: end + 2]], text[end + 2:]
        pieces = code + self.source.encode(text, out_type=str)
        return [p if p in self.vocab else "<unk>" for p in pieces]

    def decode(self, pieces: list[str]) -> str:
        kept = [p for p in pieces if p not in _SPECIAL]
        text: str = self.target.decode_pieces(kept)
        return text.replace("\u2581", " ").strip()


class CT2Translator(BatchTranslator[str]):
    """Translate with a converted CTranslate2 model."""

    backend = "ctranslate2"

    def __init__(self, translator: ctranslate2.Translator, vocab: MarianVocab, model_id: str, *,
                 compute_type: str, beam_size: int = 4, max_length: int = 256, batch_size: int = 16,
                 min_length: int = 0,
                 max_input_tokens: int = 512, max_positions: int | None = None,
                 requested_compute_type: str | None = None) -> None:
        super().__init__(batch_size)
        self.translator = translator
        self.vocab = vocab
        self.model_id = model_id
        self.compute_type = compute_type            # what CTranslate2 actually runs
        self.beam_size = beam_size
        self.settings = decoding_settings("ctranslate2", beam_size, max_length, min_length, max_positions,
                                          requested_compute_type)
        self.max_length = max_length = min(max_length, max_positions - 1) if max_positions else max_length
        self.min_length = min(min_length, max_length)
        self.max_input_tokens = max_input_tokens

    @classmethod
    def load(cls, path: str | Path, model_id: str, *, device: str | None = None, compute_type: str | None = None,
             beam_size: int = 4, max_length: int = 256, batch_size: int = 16, min_length: int = 0) -> CT2Translator:
        import ctranslate2

        dev, index = pick_ct2_device(device)
        path = Path(path)
        try:
            translator = ctranslate2.Translator(
                str(path), device=dev, device_index=index, compute_type=compute_type or "default",
                intra_threads=cpu_threads() if dev == "cpu" else 0, inter_threads=1)
        except ImportError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure to read user files is bad input
            raise InputError(str(path), f"cannot load the CTranslate2 model: {' '.join(str(exc).split())[:300]}") from None
        effective = getattr(translator, "compute_type", None) or compute_type or "default"
        meta = read_ct2_meta(path)
        recorded = meta.get("max_input_tokens")
        max_input = recorded if isinstance(recorded, int) else 512
        return cls(translator, MarianVocab(path), model_id, compute_type=str(effective),
                   beam_size=beam_size, max_length=max_length, batch_size=batch_size, min_length=min_length,
                   max_input_tokens=max_input, max_positions=meta.get("max_positions"),
                   requested_compute_type=compute_type)

    def _encode(self, text: str) -> list[str]:
        return self._with_eos(self.vocab.encode(text), "</s>")

    def _generate(self, batch: list[list[str]]) -> list[str]:
        results = self.translator.translate_batch(
            batch, beam_size=self.beam_size, max_decoding_length=self.max_length,
            min_decoding_length=self.min_length, max_input_length=self.max_input_tokens,
            num_hypotheses=1, return_scores=False)
        self.tokens_generated += sum(len(r.hypotheses[0]) for r in results)
        return [self.vocab.decode(r.hypotheses[0]) for r in results]
