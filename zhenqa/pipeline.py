"""The wiring from file paths to results, shared by the CLI commands.

`align_paths` reads two documents (or two presplit files), gets machine translation when
asked for, and aligns them; `zhenqa align` prints its result and `zhenqa qa ZH EN` checks
the bitext it yields. Nothing here decides anything about alignment itself: that lives in
`align`, and every weight in `align.config.AlignConfig`.
"""
from __future__ import annotations

import os
from typing import Any

from zhenqa.corpora.errors import InputError


def read_translations(path: str | os.PathLike[str], zh_doc) -> list[str]:
    """The lines of an MT file, one per Chinese unit of a presplit document.

    The file may be line-parallel to the Chinese file as a whole (blank lines included,
    as MT systems output them) or hold exactly one line per non-blank Chinese line.
    """
    from zhenqa.corpora.encoding import read_text_file

    lines = read_text_file(path).split("\n")
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


def resolve_translator(model: Any) -> tuple[Any, str | None]:
    """The translator for a `--model` value, and why there is none when there is none.

    `model` is None or ``"none"`` (MT off), ``"auto"`` (the default model when it is
    available offline, else none: MT is optional), a hub id or path (an InputError when it
    is not available offline), or an already loaded translator. No note is printed here:
    the commands say "MT proposals are unavailable" once their run has succeeded, so that a
    run failing on bad input still prints exactly one line.
    """
    if model is not None and not isinstance(model, (str, os.PathLike)):
        if not callable(getattr(model, "translate", None)):
            raise TypeError(f"not a translator: {model!r}")
        return model, None
    from zhenqa.models.translator import MT_OFF_REASON, is_none_spec

    spec = "" if model is None else os.fspath(model).strip()
    if spec == "" or is_none_spec(spec):
        return None, MT_OFF_REASON
    from zhenqa.models.translator import load_translator_status

    return load_translator_status(None if spec.lower() == "auto" else spec, notice=False)


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
    from zhenqa.align.aligner import UNITS, align_documents
    from zhenqa.corpora.readers import read_document

    if unit not in UNITS:
        raise InputError(None, f"--unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if translations_path is not None and not presplit:
        raise InputError(translations_path, "--translations needs --presplit: translations are "
                                            "matched to the Chinese file line by line")
    zh = read_document(zh_path, "zh", presplit=presplit)
    en = read_document(en_path, "en", presplit=presplit)
    translations = None
    translator = None
    mt_reason = None
    if translations_path is not None:
        translations = read_translations(translations_path, zh)
    else:
        translator, mt_reason = resolve_translator(model)
    alignment = align_documents(zh, en, unit=unit, config=config, translations=translations,
                                translator=translator, force=force, terms=terms)
    alignment.meta["source"] = f"{zh_path} ↔ {en_path}"
    if translations is None and translator is None:
        auto = model is not None and str(model).strip().lower() == "auto"
        alignment.meta.setdefault("mt", "none (no MT model available offline)" if auto else "none")
        if auto:
            alignment.meta["mt_unavailable"] = mt_reason
    return alignment
