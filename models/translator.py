"""The `Translator` interface, model resolution and `load_translator`.

Everything else in zhenqa gets machine translation through `load_translator(spec)` and
calls `.translate(texts)` on what it returns. The rules users rely on:

- **Loading never hangs and never touches the network.** A hub id is looked up in the local
  Hugging Face cache only (``HF_HUB_CACHE`` / ``HF_HOME`` / ``~/.cache/huggingface/hub``);
  when it is not there, `InputError` says so at once, with how to download it on a machine
  with internet or to pass a local directory. Loading itself runs with ``HF_HUB_OFFLINE=1``
  from the local directory.
- **No model is not an error** where MT is optional: `spec=None` means "the default model
  if it is available offline", and when it is not, `load_translator` returns None after one
  stderr note that MT proposals are unavailable; ``"none"`` turns MT off silently.
- **Model identity** (`Translator.model_id`) names exactly the weights that produced a
  translation: ``hub-id@commit`` for cached hub models, ``dir-name@sha256-prefix`` of the
  weights for local directories, with ``+ct2-<type>`` for CTranslate2 models. Reports show
  it next to every proposal, and the translation cache is keyed by it, so a retrained model
  never serves stale translations.

Heavy libraries (torch, transformers, ctranslate2) are imported by the backends, only when
a model is actually loaded.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from zhenqa.corpora.errors import InputError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
BACKENDS = ("auto", "transformers", "ctranslate2")
#: What users type to turn MT off.
NONE_SPECS = frozenset({"none", "off", "no"})

ProgressFn = Callable[[int], None]


@runtime_checkable
class Translator(Protocol):
    """Anything that turns Chinese segments into English ones, in order, one for one."""

    model_id: str

    def translate(self, texts: Sequence[str]) -> list[str]:
        ...


# --------------------------------------------------------------------------- resolution

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?(@[\w./-]+)?$")
_WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")
_TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")


@dataclass(frozen=True)
class ModelLocation:
    """Where a model lies on this machine and what kind it is."""

    spec: str                      # what the user gave (hub id, possibly @revision, or path)
    path: Path                     # local directory holding the files
    kind: Literal["marian", "ct2"]
    hub_id: str | None = None      # e.g. Helsinki-NLP/opus-mt-zh-en
    revision: str | None = None    # the commit hash of the cached snapshot


def is_none_spec(spec: str | None) -> bool:
    """True for the values that switch MT off (``none``)."""
    return spec is not None and spec.strip().lower() in NONE_SPECS


def hf_hub_cache_dir() -> Path:
    """The Hugging Face hub cache, read from the environment at call time (not import time)."""
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def _download_hint(repo_id: str) -> str:
    return (f"download it on a machine with internet with `hf download {repo_id}` "
            f"(older huggingface_hub: `huggingface-cli download {repo_id}`) and copy the cache "
            f"to {hf_hub_cache_dir()}, or pass a local model directory")


def find_in_hf_cache(repo_id: str, revision: str | None = None) -> Path | None:
    """The cached snapshot directory of `repo_id`, or None; never touches the network."""
    cache = hf_hub_cache_dir()
    # Cheap first test, without importing huggingface_hub.
    if not (cache / ("models--" + repo_id.replace("/", "--"))).is_dir():
        return None
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(repo_id, revision=revision, cache_dir=cache, local_files_only=True))
    except (LocalEntryNotFoundError, FileNotFoundError, ValueError, OSError):
        return None


def _missing_marian_files(path: Path) -> list[str]:
    missing = [] if (path / "config.json").is_file() else ["config.json"]
    if not any((path / w).is_file() for w in _WEIGHTS):
        missing.append("model weights (model.safetensors or pytorch_model.bin)")
    missing += [f for f in _TOKENIZER_FILES if not (path / f).is_file()]
    return missing


def _kind_of_dir(path: Path, spec: str) -> Literal["marian", "ct2"]:
    """Tell a CTranslate2 directory from a Marian one and check it is complete."""
    if (path / "model.bin").is_file():   # transformers never writes model.bin; CTranslate2 does
        missing = [f for f in _TOKENIZER_FILES if not (path / f).is_file()]
        if missing:
            raise InputError(spec, "CTranslate2 model directory lacks the Marian tokenizer files "
                                   f"{', '.join(missing)} (convert it with `zhenqa models convert`)")
        return "ct2"
    missing = _missing_marian_files(path)
    if missing:
        raise InputError(spec, f"not a Marian model directory: missing {', '.join(missing)}")
    try:
        model_type = json.loads((path / "config.json").read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError) as exc:
        raise InputError(spec, f"unreadable config.json: {exc}") from None
    if model_type != "marian":
        raise InputError(spec, f"model_type {model_type!r} is not supported: zhenqa runs Marian (opus-mt) models")
    return "marian"


def _looks_like_path(spec: str) -> bool:
    return (spec.startswith((".", "/", "~")) or "\\" in spec or spec.count("/") > 1
            or os.path.isabs(spec) or not _HUB_ID.match(spec))


def locate_model(spec: str) -> ModelLocation:
    """Find `spec` (local directory or hub id[@revision]) on this machine, or raise InputError.

    Never downloads anything: a hub id must already be in the local Hugging Face cache.
    """
    spec = spec.strip()
    if not spec:
        raise InputError(None, "empty model name")
    local = Path(spec).expanduser()
    if local.exists():
        if not local.is_dir():
            raise InputError(spec, "a model is a directory (config.json, weights, source.spm, target.spm, vocab.json), not a file")
        path = local.resolve()
        return ModelLocation(spec, path, _kind_of_dir(path, spec))
    if _looks_like_path(spec):
        raise InputError(spec, "model not available offline: no such model directory")
    repo_id, _, revision = spec.partition("@")
    snapshot = find_in_hf_cache(repo_id, revision or None)
    if snapshot is None:
        raise InputError(spec, f"model not available offline: not in the local Hugging Face cache; {_download_hint(repo_id)}")
    if _missing_marian_files(snapshot) and not (snapshot / "model.bin").is_file():
        raise InputError(spec, f"model incomplete in the local Hugging Face cache ({snapshot}): "
                               f"missing {', '.join(_missing_marian_files(snapshot))}; {_download_hint(repo_id)}")
    return ModelLocation(spec, snapshot, _kind_of_dir(snapshot, spec), hub_id=repo_id, revision=snapshot.name)


def resolve_model(spec: str | None) -> str | None:
    """The model that `spec` names, checked to be usable offline, or None for no MT.

    None -> DEFAULT_MODEL when it is in the local cache, else None; ``"none"`` -> None; any
    other value -> itself (stripped) when it is available offline; InputError otherwise.
    """
    if spec is None:
        return DEFAULT_MODEL if _default_available() else None
    if is_none_spec(spec):
        return None
    locate_model(spec)
    return spec.strip()


def _default_available() -> bool:
    try:
        locate_model(DEFAULT_MODEL)
    except InputError:
        return False
    return True


# --------------------------------------------------------------------------- identity

@lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    # (size, mtime_ns) are part of the key so that a rewritten file is hashed again.
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def files_digest(paths: Sequence[Path]) -> str:
    """sha256 over the contents of `paths` (those that exist), in the order given."""
    outer = hashlib.sha256()
    for p in paths:
        if p.is_file():
            st = p.stat()
            outer.update(p.name.encode() + b"\0" + _file_digest(str(p), st.st_size, st.st_mtime_ns).encode())
    return outer.hexdigest()


def model_identity(loc: ModelLocation) -> str:
    """``hub-id@commit12`` for cached hub models, ``name@sha12`` of the files for directories."""
    if loc.hub_id and loc.revision:
        return f"{loc.hub_id}@{loc.revision[:12]}"
    if loc.kind == "ct2":
        meta = read_ct2_meta(loc.path)
        if meta.get("source_model_id") and meta.get("quantization"):
            # Conversion is a pure function of the source weights and the quantization.
            return ct2_identity(meta["source_model_id"], meta["quantization"])
        return f"ct2:{loc.path.name}@{files_digest([loc.path / 'model.bin', loc.path / 'config.json'])[:12]}"
    files = [loc.path / "config.json", *(loc.path / w for w in _WEIGHTS), *(loc.path / f for f in _TOKENIZER_FILES)]
    return f"{loc.path.name}@{files_digest(files)[:12]}"


def ct2_identity(source_model_id: str, quantization: str) -> str:
    """Identity of the CTranslate2 conversion of a model: ``<source id>+ct2-<quantization>``."""
    return f"{source_model_id}+ct2-{quantization}"


def max_positions(loc: ModelLocation) -> int | None:
    """Size of the model's position table (bounds source and output lengths), if known."""
    if loc.kind == "ct2":
        value = read_ct2_meta(loc.path).get("max_positions")
    else:
        try:
            value = json.loads((loc.path / "config.json").read_text(encoding="utf-8")).get("max_position_embeddings")
        except (OSError, ValueError):
            value = None
    return value if isinstance(value, int) and value > 1 else None


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


#: File a converted CTranslate2 directory carries to remember where it came from.
CT2_META = "zhenqa_ct2.json"


def read_ct2_meta(path: Path) -> dict:
    try:
        return json.loads((path / CT2_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


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


# --------------------------------------------------------------------------- base backend

class BatchTranslator:
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

    def _encode(self, text: str) -> list:
        raise NotImplementedError

    def _generate(self, batch: list[list]) -> list[str]:
        raise NotImplementedError

    def _with_eos(self, tokens: list, eos) -> list:
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


class CachedTranslator:
    """A backend behind the on-disk translation cache: a rerun translates nothing.

    The backend itself is loaded lazily, on the first segment the cache does not have: a
    rerun over a cached document neither imports torch nor reads the weights. Misses are
    translated in chunks and each chunk is committed as soon as it is done, so an
    interrupted run keeps what it finished (and never stores a partial entry: each chunk is
    one SQLite transaction).
    """

    CHUNK = 64

    def __init__(self, model_id: str, settings: str, backend: str, cache,
                 load: Callable[[], BatchTranslator]) -> None:
        self.model_id = model_id
        self.settings = settings
        self.backend = backend
        self.cache = cache
        self._load = load
        self._inner: BatchTranslator | None = None
        self.hits = 0

    @property
    def loaded(self) -> bool:
        """Whether the backend (the model) has been loaded."""
        return self._inner is not None

    @property
    def inner(self) -> BatchTranslator:
        if self._inner is None:
            inner = self._load()
            if (inner.model_id, inner.settings) != (self.model_id, self.settings):
                raise RuntimeError(f"cache key mismatch: {inner.model_id} {inner.settings} "
                                   f"vs {self.model_id} {self.settings}")
            self._inner = inner
        return self._inner

    @property
    def segments_translated(self) -> int:
        """Segments that went through the model (0 while nothing missed the cache)."""
        return 0 if self._inner is None else self._inner.segments_translated

    def translate(self, texts: Sequence[str], progress: ProgressFn | None = None) -> list[str]:
        counts = Counter(texts)
        keyed = [t for t in counts if t and t.strip()]
        found = self.cache.get_many(self.model_id, self.settings, keyed)
        missing = [t for t in keyed if t not in found]
        self.hits += len(keyed) - len(missing)
        if progress is not None:
            # Cached (and empty) segments are done straight away.
            progress(len(texts) - sum(counts[t] for t in missing))
        # Longest first, so that each committed chunk holds segments of about the same
        # length: the backend's length-sorted batches then pad little across the whole
        # document, not only inside each chunk of it.
        missing.sort(key=len, reverse=True)
        for start in range(0, len(missing), self.CHUNK):
            chunk = missing[start:start + self.CHUNK]
            hyps = self.inner.translate(chunk)
            self.cache.put_many(self.model_id, self.settings, list(zip(chunk, hyps)))
            found.update(zip(chunk, hyps))
            if progress is not None:
                progress(sum(counts[t] for t in chunk))
        return [found.get(t, "") if t and t.strip() else "" for t in texts]


# --------------------------------------------------------------------------- loading

_noted = False


def note_mt_unavailable(reason: str) -> None:
    """Say once per process on stderr that MT proposals are unavailable, and why."""
    global _noted
    if not _noted:
        _noted = True
        print(f"zhenqa: note: MT proposals are unavailable: {reason}", file=sys.stderr)


def _force_offline() -> None:
    # The local directory is all from_pretrained needs; this makes sure that nothing in
    # transformers or huggingface_hub tries a network round trip (and a timeout) anyway.
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[var] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


#: The reason `load_translator_status` gives when MT was switched off on purpose.
MT_OFF_REASON = "MT switched off (--model none)"


def load_translator(spec: str | None, backend: str = "auto", **options: Any) -> Translator | None:
    """Load the translator that `spec` names, or None when MT is off or unavailable.

    The arguments are those of `load_translator_status`; this drops the reason.
    """
    return load_translator_status(spec, backend, **options)[0]


def load_translator_status(
    spec: str | None,
    backend: str = "auto",
    *,
    device: str | None = None,
    beam_size: int = 4,
    max_length: int = 256,
    batch_size: int = 16,
    cache: bool = True,
    compute_type: str | None = None,
    notice: bool = True,
) -> tuple[Translator | None, str | None]:
    """The translator that `spec` names and, when there is none, why: ``(None, reason)``.

    Commands where MT is optional (qa, align) report the reason in their outputs, so that a
    reader of a report without proposals knows whether MT was off or unavailable.

    - `spec`: None (default model if cached, else None and a note on stderr), ``"none"``
      (None), a hub id in the local cache, or a local Marian / CTranslate2 directory.
    - `backend`: ``auto`` (CTranslate2 for a converted directory, else transformers),
      ``transformers`` or ``ctranslate2`` (a Marian model is converted once, int8 on CPU /
      float16 on GPU, into the zhenqa cache).
    - `device`: None/``auto`` (CUDA when present), ``cpu``, ``cuda`` or ``cuda:N``;
      asking for CUDA without one is an InputError, not a silent fallback.
    - `beam_size`, `max_length` (new tokens), `batch_size`: decoding settings.
    - `cache`: keep translations on disk (see models.cache) so reruns cost nothing.
    Raises InputError for an explicit model that is not available offline or cannot load.
    """
    if backend not in BACKENDS:
        raise InputError(None, f"unknown MT backend {backend!r} (one of {', '.join(BACKENDS)})")
    check_decoding(beam_size, max_length, batch_size)
    if device not in (None, "") and not re.fullmatch(r"auto|cpu|cuda(:\d+)?", device):
        raise InputError(None, f"unknown device {device!r} (auto, cpu, cuda, cuda:N)")
    implicit = spec is None
    if spec is None:
        spec = resolve_model(None)
        if spec is None:
            reason = (f"the default model {DEFAULT_MODEL} is not in the local Hugging Face cache "
                      f"(pass --model PATH, or {_download_hint(DEFAULT_MODEL)})")
            if notice:
                note_mt_unavailable(reason)
            return None, reason
    elif is_none_spec(spec):
        return None, MT_OFF_REASON
    loc = locate_model(spec)
    if backend == "auto":
        backend = "ctranslate2" if loc.kind == "ct2" else "transformers"
    if backend == "transformers" and loc.kind == "ct2":
        raise InputError(spec, "is a CTranslate2 model: use --backend ctranslate2 (or auto)")
    _force_offline()
    needed = ("torch", "transformers", "sentencepiece") if backend == "transformers" else ("ctranslate2", "sentencepiece")
    if backend == "ctranslate2" and loc.kind == "marian":
        needed += ("torch", "transformers")   # for the one-off conversion
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        if implicit:
            reason = f"the MT libraries are not installed ({', '.join(missing)}); pip install 'zhenqa[mt]'"
            if notice:
                note_mt_unavailable(reason)
            return None, reason
        raise InputError(spec, f"MT needs the optional dependencies ({', '.join(missing)} missing): pip install 'zhenqa[mt]'")

    if backend == "transformers":
        if device and device.startswith("cuda"):
            from zhenqa.models.marian import pick_torch_device

            pick_torch_device(device)   # a CUDA request without CUDA fails now, not mid-run
        model_id = model_identity(loc)
        settings = decoding_settings("transformers", beam_size, max_length, 0, max_positions(loc))

        def load() -> BatchTranslator:
            from zhenqa.models.marian import MarianTranslator

            return MarianTranslator.load(loc.path, model_id, device=device, beam_size=beam_size,
                                         max_length=max_length, batch_size=batch_size)
    else:
        from zhenqa.models.ct2 import default_quantization, pick_ct2_device

        pick_ct2_device(device)   # a CUDA request without CUDA fails now, not mid-run
        if loc.kind == "ct2":
            model_id, positions = model_identity(loc), max_positions(loc)
        else:
            model_id = ct2_identity(model_identity(loc), default_quantization(device))
            positions = max_positions(loc)
        settings = decoding_settings("ctranslate2", beam_size, max_length, 0, positions, compute_type)

        def load() -> BatchTranslator:
            from zhenqa.models.ct2 import CT2Translator, ensure_converted

            ct2_loc = loc if loc.kind == "ct2" else ensure_converted(loc, device=device)
            return CT2Translator.load(ct2_loc.path, model_id, device=device, compute_type=compute_type,
                                      beam_size=beam_size, max_length=max_length, batch_size=batch_size)

    store = None
    if cache:
        from zhenqa.models.cache import TranslationCache

        store = TranslationCache.open_default()
    if store is None:
        return load(), None
    return CachedTranslator(model_id, settings, backend, store, load), None
