"""Which translator a `--model` value means: the one place where ``auto``, ``none``, a hub
id, a local path or an already loaded translator is decided.

The pipeline (`zhenqa align`, `qa`, `batch`) and the term report (`zhenqa.eval.terms`)
both take a model spec, and `eval` may not import the pipeline, so the decision lives here,
below both. Nothing is printed: callers show `MTStatus.note()` (or their own summary line)
once their run has succeeded, so that a run failing on bad input prints exactly one line.
The loading code (`models.translator`) is imported only when a model is asked for, so the
model-free runs, which are most runs, do not pay for it.
"""
from __future__ import annotations

import os
from typing import Any

from zhenqa.models.base import MT_OFF_REASON, MTStatus, Translator
from zhenqa.models.resolve import is_none_spec


def is_auto_spec(model: Any) -> bool:
    """True when `model` leaves the choice to zhenqa (``"auto"``)."""
    return isinstance(model, str) and model.strip().lower() == "auto"


def resolve_translator(model: Any) -> tuple[Translator | None, MTStatus]:
    """The translator for a `--model` value, and the MT status of the run.

    `model` is None or ``"none"`` (MT off), ``"auto"`` (the default model when it is
    available offline, else none: MT is optional), a hub id or path (an InputError when it
    is not available offline), or an already loaded translator (anything with
    `translate(list[str])`).
    """
    if model is not None and not isinstance(model, (str, os.PathLike)):
        if not callable(getattr(model, "translate", None)):
            raise TypeError(f"not a translator: {model!r}")
        translator: Translator = model
        return translator, MTStatus(model_id=getattr(model, "model_id", None) or "translator")
    spec = "" if model is None else os.fspath(model).strip()
    if spec == "" or is_none_spec(spec):
        return None, MTStatus(reason=MT_OFF_REASON)
    from zhenqa.models.translator import load_translator_status

    auto = is_auto_spec(spec)
    loaded, reason = load_translator_status(None if auto else spec)
    if loaded is None:
        return None, MTStatus(reason=reason, implicit=auto)
    return loaded, MTStatus(model_id=loaded.model_id, implicit=auto)
