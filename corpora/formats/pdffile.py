"""PDF through pdfminer.six: the text layer, page by page (form feeds between pages), then
the same layout undoing as PDF-extracted text. A PDF without a text layer (a scan) is
refused: we do not OCR."""
from __future__ import annotations

import io
import logging
import os

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.formats import Extracted


def read(data: bytes, path: str | os.PathLike[str] | None) -> Extracted:
    if not data.startswith(b"%PDF-"):
        raise InputError(path, "not a PDF file (no %PDF- signature)")
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    # pdfminer logs its repairs of sloppy files as warnings; the CLI answers in one line.
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        text = extract_text(io.BytesIO(data), laparams=LAParams())
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError(path, "encrypted PDF: cannot read its text") from None
        raise InputError(path, f"not a readable PDF ({name}: {exc})".strip()) from None
    finally:
        logger.setLevel(level)
    if not text.replace("\f", "").strip():
        raise InputError(path, "no text layer (scanned PDF?): nothing to read without OCR")
    pages = text.count("\f") or 1
    return Extracted("pdf", text=text, layout="wrapped", meta={"pages": pages})
