"""Which model a `--model` value names, where it lies on this machine, and its identity.

- **Never the network.** A hub id is looked up in the local Hugging Face cache only
  (``HF_HUB_CACHE`` / ``HF_HOME`` / ``~/.cache/huggingface/hub``); when it is not there,
  `InputError` says so at once, with how to download it on a machine with internet or to
  pass a local directory.
- **Model identity** (`model_identity`) names exactly the weights that produced a
  translation: ``hub-id@commit`` for cached hub models, ``dir-name@sha256-prefix`` of the
  weights for local directories, with ``+ct2-<type>`` for CTranslate2 models. Reports show
  it next to every proposal and the translation cache is keyed by it, so a retrained model
  never serves stale translations.

Below `models.translator` and the backends, above nothing but `models.base`'s neighbours:
it imports no backend and no heavy library.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from zhenqa.corpora.errors import InputError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
#: What users type to turn MT off.
NONE_SPECS = frozenset({"none", "off", "no"})
#: What users type to leave the choice to zhenqa: the default model when it is available offline.
AUTO_SPEC = "auto"

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


def download_hint(repo_id: str) -> str:
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
        raise InputError(spec, f"model not available offline: not in the local Hugging Face cache; {download_hint(repo_id)}")
    if _missing_marian_files(snapshot) and not (snapshot / "model.bin").is_file():
        raise InputError(spec, f"model incomplete in the local Hugging Face cache ({snapshot}): "
                               f"missing {', '.join(_missing_marian_files(snapshot))}; {download_hint(repo_id)}")
    return ModelLocation(spec, snapshot, _kind_of_dir(snapshot, spec), hub_id=repo_id, revision=snapshot.name)


def resolve_location(spec: str | None) -> ModelLocation | None:
    """Where the model that `spec` names lies, or None for no MT; the one reading of a
    missing choice.

    None -> the location of DEFAULT_MODEL when it is in the local cache, else None (MT is
    optional); ``"none"`` -> None; any other value -> its location, or InputError when it
    is not available offline. The model is located once: callers that need both the
    name and the identity take them from this location.
    """
    if spec is None:
        try:
            return locate_model(DEFAULT_MODEL)
        except InputError:
            return None
    if is_none_spec(spec):
        return None
    return locate_model(spec)


def resolve_model(spec: str | None) -> str | None:
    """The model that `spec` names, checked to be usable offline, or None for no MT (see
    `resolve_location`): DEFAULT_MODEL or the stripped `spec`."""
    loc = resolve_location(spec)
    return loc.spec if loc is not None else None


# --------------------------------------------------------------------------- identity

@lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    # (size, mtime_ns) are part of the key so that a rewritten file is hashed again.
    import hashlib      # here: most runs never hash a model (a few ms of every start-up)

    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def files_digest(paths: Sequence[Path]) -> str:
    """sha256 over the contents of `paths` (those that exist), in the order given."""
    import hashlib

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


#: File a converted CTranslate2 directory carries to remember where it came from.
CT2_META = "zhenqa_ct2.json"


def read_ct2_meta(path: Path) -> dict[str, Any]:
    """What `models convert` recorded in a CTranslate2 directory (empty when nothing)."""
    try:
        data = json.loads((path / CT2_META).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
