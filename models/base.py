"""What every MT backend shares, and the one place backends are named.

- `Translator`: the protocol the rest of zhenqa types machine translation with (the aligner,
  the QA and the pipeline never see a backend class);
- `MTStatus`: what a command was given for MT and why there is none when there is none.
  Library code never prints; the CLI prints `MTStatus.note` after a run has succeeded;
- `BatchTranslator`: empty segments, duplicates and length-sorted batches, for both backends;
- device and decoding helpers (`cpu_threads`, `decoding_settings`, `check_decoding`);
- `backend_class(name)` / `backend_module(name)`: the backend registered under a name, imported on
  first use (as sacrebleu looks up its tokenizers), so that `models.translator` never
  imports a backend module and the backends import only this module and `models.resolve`:
  no cycle.

Nothing here imports torch, transformers or ctranslate2 at module level.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from zhenqa.corpora.errors import InputError

ProgressFn = Callable[[int], None]

#: A backend's source token: a vocabulary id (transformers) or a SentencePiece piece (CTranslate2).
TokenT = TypeVar("TokenT")


@runtime_checkable
class Translator(Protocol):
    """Anything that turns Chinese segments into English ones, in order, one for one."""

    model_id: str

    def translate(self, texts: Sequence[str]) -> list[str]:
        ...


@runtime_checkable
class LoadedTranslator(Protocol):
    """What `load_translator` returns: a `Translator` that also reports progress.

    `progress(n)` is called as `n` more segments are done (cached ones at once).
    """

    model_id: str

    def translate(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[str]:
        ...


#: The reason given when MT was switched off on purpose.
MT_OFF_REASON = "MT switched off (--model none)"


@dataclass(frozen=True)
class MTStatus:
    """Whether a run had machine translation, from which model, or why not.

    `implicit` is True when the user left the choice to zhenqa (``--model auto``): only then
    is the absence of MT worth a note, since with ``none`` or an explicit model the user
    already knows. A run given ready translations (``--translations``) has `source`
    ``"translations"``.
    """

    model_id: str | None = None
    reason: str | None = None
    implicit: bool = False
    source: str = "model"

    @property
    def available(self) -> bool:
        """True when a model (or a translations file) supplies MT."""
        return self.model_id is not None or self.source == "translations"

    def note(self, consequence: str = "") -> str | None:
        """The one line a command prints on stderr after success, or None.

        `consequence` says what the command did without MT (``"aligned without MT
        similarity"``); it follows the reason after a semicolon.
        """
        if self.available or not self.implicit:
            return None
        reason = self.reason or "no MT model available offline"
        return f"zhenqa: note: MT proposals are unavailable: {reason}" + (f"; {consequence}" if consequence else "")


def force_offline() -> None:
    """Make sure nothing in transformers or huggingface_hub tries the network.

    The local directory is all `from_pretrained` needs; these variables stop a network round
    trip (and its timeout) anyway.
    """
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[var] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def quiet_transformers() -> None:
    """No progress bars or advisory warnings from transformers on our stderr."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


# --------------------------------------------------------------------------- backends

#: Backend name -> "module:attribute" of its translator class. Looked up by name and
#: imported on first use, so this module (and `models.translator`) never imports a backend.
BACKEND_CLASSES: dict[str, str] = {
    "transformers": "zhenqa.models.marian:MarianTranslator",
    "ctranslate2": "zhenqa.models.ct2:CT2Translator",
}


def backend_module(name: str) -> Any:
    """The module that implements backend `name` (``transformers`` or ``ctranslate2``), with
    its translator class (named in `BACKEND_CLASSES`) and device helpers."""
    try:
        target = BACKEND_CLASSES[name]
    except KeyError:
        raise InputError(None, f"unknown MT backend {name!r} (one of {', '.join(BACKEND_CLASSES)})") from None
    return importlib.import_module(target.partition(":")[0])


def backend_class(name: str) -> type[BatchTranslator[Any]]:
    """The translator class of backend `name`, imported now."""
    cls: type[BatchTranslator[Any]] = getattr(backend_module(name), BACKEND_CLASSES[name].partition(":")[2])
    return cls


# --------------------------------------------------------------------------- devices

def available_cpus() -> int:
    """CPUs this process may use: affinity mask, capped by a cgroup CPU quota if any."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        n = os.cpu_count() or 1
    for quota_file in ("/sys/fs/cgroup/cpu.max",):
        try:
            quota, period = Path(quota_file).read_text().split()[:2]
            if quota != "max":
                n = min(n, max(1, int(int(quota) / int(period))))
        except (OSError, ValueError):
            pass
    return max(1, n)


def cpu_threads() -> int:
    """Threads for CPU inference: ``ZHENQA_THREADS`` if set, else the CPUs we may use.

    Libraries default to the machine's core count, which in a container with a CPU quota
    oversubscribes the quota and runs slower than fewer threads would.
    """
    value = os.environ.get("ZHENQA_THREADS")
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise InputError(None, f"ZHENQA_THREADS={value!r} is not a number") from None
    return available_cpus()


def check_decoding(beam_size: int, max_length: int, batch_size: int) -> None:
    if beam_size < 1:
        raise InputError(None, f"beam size must be at least 1 (got {beam_size})")
    if max_length < 1:
        raise InputError(None, f"max length must be at least 1 (got {max_length})")
    if batch_size < 1:
        raise InputError(None, f"batch size must be at least 1 (got {batch_size})")


def decoding_settings(backend: str, beam_size: int, max_length: int, min_length: int,
                      positions: int | None, compute_type: str | None = None) -> str:
    """The settings part of a cache key: whatever changes the output besides the weights.

    `max_length` is capped by the position table exactly as the backends cap it. Numeric
    precision on GPU (fp16) is not part of it: it changes outputs only in rare near-ties.
    """
    if positions:
        max_length = min(max_length, positions - 1)
    min_length = min(min_length, max_length)
    out = f"{backend};beam={beam_size};maxlen={max_length};minlen={min_length}"
    if backend == "ctranslate2":
        out += f";compute={compute_type or 'default'}"
    return out


# --------------------------------------------------------------------------- base backend

class BatchTranslator(Generic[TokenT]):
    """What both backends share: empty segments, duplicates, length-sorted batches.

    Subclasses set `model_id`, `settings` (the decoding settings that change outputs, part
    of the cache key), `eos_id`/`max_input_tokens`, and implement `_encode` (text -> source
    token sequence, without EOS) and `_generate` (a batch of token sequences -> strings).
    `segments_translated` counts what actually went through the model (tests and the
    cache's "a rerun costs nothing" promise are checked against it).
    """

    model_id: str = ""
    backend: str = ""
    settings: str = ""
    max_input_tokens: int = 512

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.segments_translated = 0
        self.tokens_generated = 0      # output tokens, EOS not counted
        self.truncated = 0

    def _encode(self, text: str) -> list[TokenT]:
        raise NotImplementedError

    def _generate(self, batch: list[list[TokenT]]) -> list[str]:
        raise NotImplementedError

    def _with_eos(self, tokens: list[TokenT], eos: TokenT) -> list[TokenT]:
        if len(tokens) >= self.max_input_tokens:
            self.truncated += 1
            tokens = tokens[: self.max_input_tokens - 1]
        return tokens + [eos]

    def translate(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[str]:
        """Translate `texts` in order; empty segments give empty strings; one line each."""
        out = [""] * len(texts)
        todo: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if text and text.strip():
                todo.setdefault(text, []).append(i)
        if not todo:
            return out
        uniques = list(todo)
        encoded = [self._encode(t) for t in uniques]
        order = sorted(range(len(uniques)), key=lambda k: len(encoded[k]), reverse=True)
        if progress is not None and len(texts) > sum(len(v) for v in todo.values()):
            progress(len(texts) - sum(len(v) for v in todo.values()))   # the empty ones
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            results = self._generate([encoded[k] for k in chunk])
            for k, hyp in zip(chunk, results):
                hyp = " ".join(hyp.split())   # one segment, one line, whatever the model emits
                for i in todo[uniques[k]]:
                    out[i] = hyp
            self.segments_translated += len(chunk)
            if progress is not None:
                progress(sum(len(todo[uniques[k]]) for k in chunk))
        return out
