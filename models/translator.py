"""`load_translator`: the one entry point the rest of zhenqa gets machine translation from.

The rules users rely on:

- **Loading never hangs and never touches the network**: models are found by
  `models.resolve` in the local Hugging Face cache or a local directory, and loaded with
  ``HF_HUB_OFFLINE=1``.
- **No model is not an error** where MT is optional: `spec=None` means "the default model
  if it is available offline", and when it is not, `load_translator_status` returns
  ``(None, reason)``; ``"none"`` turns MT off. Nothing here prints: commands turn the
  reason into an `MTStatus` and print its note themselves.
- **Reruns cost nothing**: translations are kept in the on-disk cache (`models.cache`)
  keyed by model identity and decoding settings; `CachedTranslator` loads the backend only
  on the first segment the cache does not have.

Backends are looked up by name (`models.base.backend_module`), never imported here, so
`models` has no import cycle. Heavy libraries (torch, transformers, ctranslate2) are
imported by the backends, only when a model is actually loaded.
"""
from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from zhenqa.corpora.errors import InputError
from zhenqa.models.base import (  # noqa: F401  (re-exported: the names callers import from here)
    MT_OFF_REASON as MT_OFF_REASON,
    BatchTranslator as BatchTranslator,
    LoadedTranslator as LoadedTranslator,
    MTStatus as MTStatus,
    ProgressFn as ProgressFn,
    Translator as Translator,
    available_cpus as available_cpus,
    check_decoding as check_decoding,
    cpu_threads as cpu_threads,
    decoding_settings as decoding_settings,
)
from zhenqa.models.base import backend_class, backend_module, force_offline
from zhenqa.models.resolve import (  # noqa: F401  (re-exported)
    CT2_META as CT2_META,
    DEFAULT_MODEL as DEFAULT_MODEL,
    NONE_SPECS as NONE_SPECS,
    ModelLocation as ModelLocation,
    ct2_identity as ct2_identity,
    download_hint as download_hint,
    files_digest as files_digest,
    find_in_hf_cache as find_in_hf_cache,
    hf_hub_cache_dir as hf_hub_cache_dir,
    is_none_spec as is_none_spec,
    locate_model as locate_model,
    max_positions as max_positions,
    model_identity as model_identity,
    read_ct2_meta as read_ct2_meta,
    resolve_location as resolve_location,
    resolve_model as resolve_model,
)

if TYPE_CHECKING:   # sqlite3 and the cache are imported only when a model is loaded
    from zhenqa.models.cache import TranslationCache

BACKENDS = ("auto", "transformers", "ctranslate2")


class CachedTranslator:
    """A backend behind the on-disk translation cache: a rerun translates nothing.

    The backend itself is loaded lazily, on the first segment the cache does not have: a
    rerun over a cached document neither imports torch nor reads the weights. Misses are
    translated in chunks and each chunk is committed as soon as it is done, so an
    interrupted run keeps what it finished (and never stores a partial entry: each chunk is
    one SQLite transaction).
    """

    CHUNK = 64

    def __init__(self, model_id: str, settings: str, backend: str, cache: TranslationCache,
                 load: Callable[[], BatchTranslator[Any]]) -> None:
        self.model_id = model_id
        self.settings = settings
        self.backend = backend
        self.cache = cache
        self._load = load
        self._inner: BatchTranslator[Any] | None = None
        self.hits = 0

    @property
    def loaded(self) -> bool:
        """Whether the backend (the model) has been loaded."""
        return self._inner is not None

    @property
    def inner(self) -> BatchTranslator[Any]:
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

def load_translator(spec: str | None, backend: str = "auto", **options: Any) -> LoadedTranslator | None:
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
) -> tuple[LoadedTranslator | None, str | None]:
    """The translator that `spec` names and, when there is none, why: ``(None, reason)``.

    Commands where MT is optional (qa, align) report the reason in their outputs, so that a
    reader of a report without proposals knows whether MT was off or unavailable.

    - `spec`: None (the default model if cached, else ``(None, reason)``), ``"none"``
      (``(None, MT_OFF_REASON)``), a hub id in the local cache, or a local Marian /
      CTranslate2 directory.
    - `backend`: ``auto`` (CTranslate2 for a converted directory, else transformers),
      ``transformers`` or ``ctranslate2`` (a Marian model is converted once, int8 on CPU /
      float16 on GPU, into the zhenqa cache).
    - `device`: None/``auto`` (CUDA when present), ``cpu``, ``cuda`` or ``cuda:N``;
      asking for CUDA without one is an InputError, not a silent fallback.
    - `beam_size`, `max_length` (new tokens), `batch_size`: decoding settings.
    - `cache`: keep translations on disk (see models.cache) so reruns cost nothing.
    Raises InputError for an explicit model that is not available offline or cannot load.
    Prints nothing.
    """
    if backend not in BACKENDS:
        raise InputError(None, f"unknown MT backend {backend!r} (one of {', '.join(BACKENDS)})")
    check_decoding(beam_size, max_length, batch_size)
    if device not in (None, "") and not re.fullmatch(r"auto|cpu|cuda(:\d+)?", device):
        raise InputError(None, f"unknown device {device!r} (auto, cpu, cuda, cuda:N)")
    implicit = spec is None
    if spec is not None and is_none_spec(spec):
        return None, MT_OFF_REASON
    loc = resolve_location(spec)
    if loc is None:
        return None, (f"the default model {DEFAULT_MODEL} is not in the local Hugging Face cache "
                      f"(pass --model PATH, or {download_hint(DEFAULT_MODEL)})")
    spec = loc.spec
    if backend == "auto":
        backend = "ctranslate2" if loc.kind == "ct2" else "transformers"
    if backend == "transformers" and loc.kind == "ct2":
        raise InputError(spec, "is a CTranslate2 model: use --backend ctranslate2 (or auto)")
    force_offline()
    needed: tuple[str, ...] = (("torch", "transformers", "sentencepiece") if backend == "transformers"
                               else ("ctranslate2", "sentencepiece"))
    if backend == "ctranslate2" and loc.kind == "marian":
        needed += ("torch", "transformers")   # for the one-off conversion
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        if implicit:
            return None, f"the MT libraries are not installed ({', '.join(missing)}); pip install 'zhenqa[mt]'"
        raise InputError(spec, f"MT needs the optional dependencies ({', '.join(missing)} missing): pip install 'zhenqa[mt]'")

    impl = backend_module(backend)
    load: Callable[[], BatchTranslator[Any]]
    if backend == "transformers":
        if device and device.startswith("cuda"):
            impl.pick_torch_device(device)   # a CUDA request without CUDA fails now, not mid-run
        model_id = model_identity(loc)
        settings = decoding_settings("transformers", beam_size, max_length, 0, max_positions(loc))

        def load() -> BatchTranslator[Any]:
            # `load` is each backend's own classmethod (their keywords differ): not on the base class.
            translator: BatchTranslator[Any] = backend_class("transformers").load(  # type: ignore[attr-defined]
                loc.path, model_id, device=device, beam_size=beam_size, max_length=max_length,
                batch_size=batch_size)
            return translator
    else:
        impl.pick_ct2_device(device)   # a CUDA request without CUDA fails now, not mid-run
        if loc.kind == "ct2":
            model_id = model_identity(loc)
        else:
            model_id = ct2_identity(model_identity(loc), impl.default_quantization(device))
        settings = decoding_settings("ctranslate2", beam_size, max_length, 0, max_positions(loc), compute_type)

        def load() -> BatchTranslator[Any]:
            ct2_loc = loc if loc.kind == "ct2" else impl.ensure_converted(loc, device=device)
            # `load`: the backend's own classmethod, as above.
            translator: BatchTranslator[Any] = backend_class("ctranslate2").load(  # type: ignore[attr-defined]
                ct2_loc.path, model_id, device=device, compute_type=compute_type, beam_size=beam_size,
                max_length=max_length, batch_size=batch_size)
            return translator

    store = None
    if cache:
        from zhenqa.models.cache import TranslationCache

        store = TranslationCache.open_default()
    if store is None:
        return load(), None
    return CachedTranslator(model_id, settings, backend, store, load), None
