"""Files in, `Document`s out: one entry point for every format the tool reads.

`read_document(path, lang)` picks the reader by the file's signature (a PDF or a .docx is
recognised whatever its extension) or else its extension, checks that the text is in the
language the user said (a swapped pair is an error, not silent garbage), then runs the
shared pipeline: layout undoing for text and PDF (`corpora.layout`), kinds, labels and
outline paths (`corpora.structure`), sentences (`corpora.sentences`) and anchors
(`corpora.anchors`) on every unit.

| extension                 | reader                         | `Document.source_format` |
|---------------------------|--------------------------------|--------------------------|
| .txt .text, none or other | text, layout detected          | text / pdf-text          |
| .pdf                      | pdfminer.six text layer        | pdf                      |
| .docx                     | python-docx                    | docx                     |
| .html .htm .xhtml         | standard-library HTML parser   | html                     |
| .xml                      | defusedxml: UDHR or generic    | udhr-xml / xml           |
| any text, `presplit=True` | one unit a line, as is         | presplit                 |

Units of a presplit file are kind "paragraph" with `sentences == [text]`: the user has
segmented already and the tool must not resegment (CLI contract); blank lines are skipped
and do not count; `meta["line"]` keeps the 1-based line number.
"""
from __future__ import annotations

import os
from pathlib import Path

from zhenqa.corpora.encoding import decode_bytes, read_bytes
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.formats import Extracted, symbol_in
from zhenqa.corpora.langid import check_language
from zhenqa.corpora.layout import undo_layout
from zhenqa.corpora.model import Document, Lang, Unit
from zhenqa.corpora.sentences import split_sentences
from zhenqa.corpora.structure import Block, build_units

#: Extension → format name.
EXTENSIONS = {".txt": "text", ".text": "text", "": "text", ".pdf": "pdf", ".docx": "docx",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "xml"}
#: Extensions refused with a reason: other document formats to convert first, and files
#: that are not documents. Any other extension (.zh, .en, .src ...) is read as plain text.
UNSUPPORTED = {
    ".doc": "legacy Word; save it as .docx", ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx", ".pages": "save it as .docx", ".epub": "e-book",
    ".xls": "spreadsheet", ".xlsx": "spreadsheet", ".ods": "spreadsheet",
    ".ppt": "slides", ".pptx": "slides", ".odp": "slides",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".tif": "image",
    ".tiff": "image", ".bmp": "image", ".webp": "image", ".svg": "image",
    ".zip": "archive", ".gz": "archive", ".bz2": "archive", ".xz": "archive", ".7z": "archive",
    ".rar": "archive", ".tar": "archive",
    ".mp3": "audio", ".wav": "audio", ".mp4": "video", ".exe": "program", ".dll": "program",
    ".tmx": "a bitext, not a document: use qa --bitext", ".xlf": "a bitext, not a document: use qa --bitext",
    ".xliff": "a bitext, not a document: use qa --bitext", ".tbx": "a termbase: use --termbase",
    ".csv": "a table, not a document", ".tsv": "a table, not a document",
    ".json": "data, not a document", ".jsonl": "data, not a document",
    ".yml": "data, not a document", ".yaml": "data, not a document",
}
FORMATS = ("text", "pdf-text", "lines", "pdf", "docx", "html", "xml", "presplit")

#: Kinds whose text is one sentence by nature (no splitting).
_UNSPLIT = {"heading", "title", "placeholder"}


def read_document(path: str | os.PathLike[str], lang: Lang | None = None, *, presplit: bool = False,
                  fmt: str | None = None) -> Document:
    """Read a document file into a `Document` of structured, anchored units.

    `lang` is what the user says the file is ("zh" for the Chinese side, "en" for the
    English); when the text clearly is the other language an InputError says so. Without
    `lang` the detected language is used. `presplit`: each non-empty line is one unit, as
    is. `fmt` forces a format (see FORMATS) instead of detecting it.
    """
    data = read_bytes(path)
    if presplit:
        fmt = "presplit"
    fmt = fmt or _detect_format(path, data)
    if fmt not in FORMATS:
        raise InputError(path, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    extracted = _extract(fmt, data, path)
    text_for_lang = extracted.plain_text()
    detected = check_language(text_for_lang, lang, path)
    doc = _assemble(extracted, detected, str(path), fmt)
    if not doc.units:
        raise InputError(path, "no text units found")
    return doc


def parse_text(text: str, lang: Lang, *, source: str = "<text>", fmt: str = "text") -> Document:
    """The same pipeline from an in-memory string (tests, benchmarks, other readers).

    `fmt`: "text" detects the layout, "pdf-text" forces undoing a wrapped page layout,
    "lines" takes one block a line, "presplit" one unit a line, as is.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "presplit":
        extracted = Extracted("presplit", text=text, layout="presplit")
    elif fmt in ("text", "pdf-text", "lines"):
        layout = {"text": "auto", "pdf-text": "wrapped", "lines": "lines"}[fmt]
        extracted = Extracted("text", text=text, layout=layout)
    else:
        raise ValueError(f"parse_text reads text formats only, not {fmt!r}")
    return _assemble(extracted, lang, source, fmt)


def _detect_format(path: str | os.PathLike[str], data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in data[:65536] or b"word/" in data[:65536]:
            return "docx"
        raise InputError(path, "binary file (a ZIP archive that is not a .docx), not a document")
    ext = Path(path).suffix.lower()
    if ext in UNSUPPORTED:
        supported = ", ".join(e for e in EXTENSIONS if e)
        raise InputError(path, f"unsupported file type '{ext}' ({UNSUPPORTED[ext]}; documents can be "
                               f"{supported} or plain text)")
    fmt = EXTENSIONS.get(ext, "text")  # .zh, .en, .src, .ref ...: plain text corpora
    if fmt == "text":
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"
        if head.startswith(b"<?xml"):
            return "xml"
    return fmt


def _extract(fmt: str, data: bytes, path: str | os.PathLike[str]) -> Extracted:
    if fmt == "presplit":
        if data.startswith((b"%PDF-", b"PK\x03\x04")):
            raise InputError(path, "--presplit needs a plain-text file with one unit a line, "
                                   "not a PDF or .docx")
        decoded = decode_bytes(data, path)
        return Extracted("presplit", text=decoded.text, layout="presplit",
                         meta={"encoding": decoded.encoding})
    if fmt in ("text", "pdf-text", "lines"):
        from zhenqa.corpora.formats import textfile

        extracted = textfile.read(data, path)
        extracted.layout = {"text": "auto", "pdf-text": "wrapped", "lines": "lines"}[fmt]
        return extracted
    if fmt == "pdf":
        from zhenqa.corpora.formats import pdffile

        return pdffile.read(data, path)
    if fmt == "docx":
        from zhenqa.corpora.formats import docxfile

        return docxfile.read(data, path)
    if fmt == "html":
        from zhenqa.corpora.formats import htmlfile

        return htmlfile.read(data, path)
    from zhenqa.corpora.formats import xmlfile

    return xmlfile.read(data, path)


def _assemble(extracted: Extracted, lang: Lang, source: str, fmt: str) -> Document:
    meta = dict(extracted.meta)
    symbol = extracted.symbol
    source_format = extracted.format
    if extracted.layout == "presplit":
        units = _presplit_units(extracted.text or "")
        source_format = "presplit"
    else:
        if extracted.blocks is not None:
            blocks = extracted.blocks
        else:
            result = undo_layout(extracted.text or "", lang, extracted.layout)  # type: ignore[arg-type]
            blocks = result.blocks
            symbol = symbol or result.symbol or symbol_in(blocks)
            meta.update(layout=result.mode, dropped_lines=len(result.dropped), pages=result.pages)
            if extracted.format == "text" and result.mode == "wrapped":
                source_format = "pdf-text"
        units = build_units(blocks, lang)
    _enrich(units, lang)
    return Document(lang=lang, units=units, path=source, symbol=symbol, title=extracted.title,
                    source_format=source_format, meta=meta)


def _presplit_units(text: str) -> list[Unit]:
    units = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            units.append(Unit("paragraph", line, sentences=[line], meta={"line": number}))
    return units


def _enrich(units: list[Unit], lang: Lang) -> None:
    """Sentences and anchors for every unit (anchors on the unit text)."""
    from zhenqa.corpora.anchors import extract_anchors

    for unit in units:
        if not unit.sentences:
            unit.sentences = [unit.text] if unit.kind in _UNSPLIT else split_sentences(unit.text, lang)
        unit.anchors = extract_anchors(unit.text, lang)


__all__ = ["read_document", "parse_text", "Block", "EXTENSIONS", "FORMATS"]
