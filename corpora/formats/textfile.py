"""Plain text: PDF-extracted (wrapped lines) or one paragraph a line; the layout is undone
later, once the language is known (joining lines depends on it)."""
from __future__ import annotations

import os

from zhenqa.corpora.encoding import decode_bytes
from zhenqa.corpora.formats import Extracted


def read(data: bytes, path: str | os.PathLike[str] | None) -> Extracted:
    decoded = decode_bytes(data, path)
    return Extracted("text", text=decoded.text, layout="auto", meta={"encoding": decoded.encoding})
