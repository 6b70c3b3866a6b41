"""The wiring from file paths to results, shared by the CLI commands.

`align_paths` reads two documents (or two presplit files), gets machine translation when
asked for, and aligns them; `zhenqa align` prints its result and `zhenqa qa ZH EN` checks
the bitext it yields. Nothing here decides anything about alignment itself: that lives in
`align`, and every weight in `align.config.AlignConfig`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from corpora.errors import InputError


def read_translations(path: str | os.PathLike[str], zh_doc) -> list[str]:
    """The lines of an MT file, one per Chinese unit of a presplit document.

    The file may be line-parallel to the Chinese file as a whole (blank lines included,
    as MT systems output them) or hold exactly one line per non-blank Chinese line.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(path, "no such file" if not p.exists() else "not a file")
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "translations must be UTF-8 text") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    units = zh_doc.units
    numbers = [u.meta.get("line") for u in units]
    non_blank = [ln for ln in lines if ln.strip()]
    if len(non_blank) == len(units):
        return [ln.strip() for ln in non_blank]
    if numbers and all(isinstance(n, int) for n in numbers) and len(lines) >= max(numbers) \
            and len(lines) <= max(numbers) + 1:
        return [lines[n - 1].strip() for n in numbers]
    raise InputError(path, f"has {len(non_blank)} non-blank lines but the Chinese file has "
                           f"{len(units)} units: one translation line per Chinese line is needed")


def _translator(model: Any):
    """None (no MT), a translator object, or a spec string resolved through models."""
    if model is None:
        return None
    if not isinstance(model, (str, os.PathLike)):
        if not callable(getattr(model, "translate", None)):
            raise TypeError(f"not a translator: {model!r}")
        return model
    spec = os.fspath(model).strip()
    if spec.lower() in ("", "none", "off", "no"):
        return None
    from models.translator import load_translator

    if spec.lower() == "auto":
        # MT is optional here: without a model offline the aligner simply does without it
        # (the JSON meta says so); a note on stderr would break the one-line error rule
        # when the run then fails for another reason
        return load_translator(None, notice=False)
    return load_translator(spec)


def align_paths(zh_path: str | os.PathLike[str], en_path: str | os.PathLike[str], *,
                unit: str = "sentence", presplit: bool = False,
                translations_path: str | os.PathLike[str] | None = None,
                model: Any = None, force: bool = False, config=None,
                terms=None):
    """Read and align a Chinese document and its English version.

    - `presplit`: each non-blank line is one unit, as is.
    - `translations_path`: English MT of the Chinese lines (only with `presplit`).
    - `model`: None (no MT), ``"auto"`` (the default model when it is available offline),
      a model id or path, or an already loaded translator. Ignored when translations are
      given.
    - `force`: align even if the documents do not look like translations of each other.
    Returns an `align.aligner.Alignment`. Bad input raises InputError.
    """
    from align.aligner import UNITS, align_documents
    from corpora.readers import read_document

    if unit not in UNITS:
        raise InputError(None, f"--unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if translations_path is not None and not presplit:
        raise InputError(translations_path, "--translations needs --presplit: translations are "
                                            "matched to the Chinese file line by line")
    zh = read_document(zh_path, "zh", presplit=presplit)
    en = read_document(en_path, "en", presplit=presplit)
    translations = None
    translator = None
    if translations_path is not None:
        translations = read_translations(translations_path, zh)
    else:
        translator = _translator(model)
    alignment = align_documents(zh, en, unit=unit, config=config, translations=translations,
                                translator=translator, force=force, terms=terms)
    alignment.meta["source"] = f"{zh_path} ↔ {en_path}"
    if translations is None and translator is None:
        alignment.meta.setdefault("mt", "none" if model is None or str(model).lower() != "auto"
                                  else "none (no MT model available offline)")
    return alignment
