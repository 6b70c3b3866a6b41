"""JSON Lines input, read the one way every JSONL reader of zhenqa needs.

Bitexts (`corpora.bitext.JsonlStore`), the term report's corpora (`eval.terms.corpus`) and
batch manifests (`zhenqa.batch.pairing`) all take one JSON object a line. They share the
error policy: a bad line is bad input, an `InputError` naming the file and the line, never
a traceback, and blank lines are skipped. The `zh`/`en` check is shared by the two readers
of segments, so both say the same thing about the same mistake.
"""
from __future__ import annotations

import json
import os
from typing import Any, Iterable, Iterator

from zhenqa.corpora.errors import InputError

__all__ = ["json_objects", "require_segment_fields", "SEGMENT_SHAPE"]


def json_objects(lines: Iterable[str], path: str | os.PathLike[str] | None,
                 shape: str = "an object") -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based line number, object) for each non-blank line of `lines`.

    `shape` completes the message for a line that is valid JSON but no object ("each line
    must be an object with keys id, zh, en"): what the caller expects, in the user's terms.
    """
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg}", line=lineno) from None
        if not isinstance(obj, dict):
            raise InputError(path, f"each line must be {shape}", line=lineno)
        yield lineno, obj


#: The message for a segment line without its texts, shared by the segment readers.
SEGMENT_SHAPE = "an object with string fields 'zh' and 'en'"


def require_segment_fields(obj: dict[str, Any], path: str | os.PathLike[str] | None, lineno: int) -> None:
    """A segment line needs a string `zh`; `en` may be absent (an untranslated segment)
    but, when present, is a string too."""
    if not isinstance(obj.get("zh"), str) or not isinstance(obj.get("en", ""), str):
        raise InputError(path, f"each line must be {SEGMENT_SHAPE}", line=lineno)
