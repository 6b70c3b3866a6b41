"""The segments of `zhenqa terms`, streamed from its inputs, as often as a pass needs them.

A terms report reads a corpus several times (statistics, association, renderings) and
must not hold it in memory: `Corpus` checks every input once, up front (so that a bad
input fails before any work, naming the file), and each iteration streams the segments
again from disk.

Inputs and what a segment's `doc` and `segment` are (the contract's `zhenqa terms`):
- `.tsv` (Chinese, English, no header), `.jsonl` (`zh`/`en` keys): streamed line by line;
  `doc` is the path as given, `segment` the 0-based index among the file's segments
  (blank lines are not segments). A file that is not UTF-8 (GB18030, UTF-16, Big5...) is
  decoded whole by the shared detector instead: legacy encodings come from desktop tools,
  not from million-line corpora.
- `.tmx`, `.xlf`/`.xliff`: read through `corpora.bitext` (translate-toolkit parses the
  whole file), one file at a time.
- a `zhenqa batch` output folder: its `corpus.jsonl`, streamed; `doc` is the row's `pair`,
  `segment` the row's index within its pair (rows of a pair are in document order).
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.jsonlines import SEGMENT_SHAPE, json_objects, require_segment_fields

WHOLE = (".tmx", ".xlf", ".xliff")


class CorpusSegment(NamedTuple):
    """One aligned segment: where it is (document, 0-based index) and its two sides."""

    doc: str
    segment: int
    zh: str
    en: str


@dataclass(frozen=True)
class _Input:
    path: Path
    shown: str          # the path as the user gave it (the `doc` of its segments)
    kind: str           # tsv | jsonl | store | batch


def _is_utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8 (read in blocks, so memory stays small)."""
    dec = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return False
        fh.seek(0)
        try:
            while True:
                block = fh.read(1 << 20)
                if not block:
                    dec.decode(b"", final=True)
                    return True
                dec.decode(block)
        except UnicodeDecodeError:
            return False


def _lines(path: Path, utf8: bool) -> Iterator[str]:
    if utf8:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            # split on LF only, as corpora.bitext does: a U+2028 inside a cell must not
            # shift the segment numbering
            rest = ""
            while True:
                block = fh.read(1 << 20)
                if not block:
                    break
                parts = (rest + block).split("\n")
                rest = parts.pop()
                yield from parts
            if rest:
                yield rest
    else:
        from zhenqa.corpora.encoding import read_text_file

        yield from read_text_file(path).split("\n")


class Corpus:
    """The inputs of one `zhenqa terms` run; iterate it for a fresh stream of segments."""

    def __init__(self, paths: Sequence[str | os.PathLike[str]]):
        if not paths:
            raise InputError(None, "give at least one INPUT (a bitext or a batch output folder)")
        self.inputs: list[_Input] = []
        self._utf8: dict[Path, bool] = {}
        for raw in paths:
            p = Path(raw)
            shown = str(raw)
            if p.is_dir():
                rows = p / "corpus.jsonl"
                if not rows.is_file():
                    raise InputError(raw, "is a folder without corpus.jsonl (not a `zhenqa batch` "
                                          "output folder)")
                self.inputs.append(_Input(rows, shown, "batch"))
                continue
            if not p.is_file():
                raise InputError(raw, "no such file or folder")
            ext = p.suffix.lower()
            if ext in (".tsv", ".tab"):
                self.inputs.append(_Input(p, shown, "tsv"))
            elif ext in (".jsonl", ".ndjson"):
                self.inputs.append(_Input(p, shown, "jsonl"))
            elif ext in WHOLE:
                self.inputs.append(_Input(p, shown, "store"))
            else:
                raise InputError(raw, f"unknown bitext extension {ext or '(none)'!r} (expected "
                                      ".tsv, .tmx, .xlf, .jsonl or a batch output folder)")
        for inp in self.inputs:
            if inp.kind != "store":
                self._utf8[inp.path] = _is_utf8(inp.path)

    def __iter__(self) -> Iterator[CorpusSegment]:
        for inp in self.inputs:
            if inp.kind == "tsv":
                yield from self._tsv(inp)
            elif inp.kind == "jsonl":
                yield from self._jsonl(inp, batch=False)
            elif inp.kind == "batch":
                yield from self._jsonl(inp, batch=True)
            else:
                from zhenqa.corpora.bitext import read_bitext

                for k, seg in enumerate(read_bitext(inp.path).segments):
                    yield CorpusSegment(inp.shown, k, seg.zh, seg.en)

    def _tsv(self, inp: _Input) -> Iterator[CorpusSegment]:
        k = 0
        for lineno, raw in enumerate(_lines(inp.path, self._utf8[inp.path]), start=1):
            line = raw.rstrip("\r")
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) < 2:
                raise InputError(inp.path, "expected 2 tab-separated columns (Chinese, English), "
                                           "found 1", line=lineno)
            yield CorpusSegment(inp.shown, k, cells[0], cells[1])
            k += 1

    def _jsonl(self, inp: _Input, batch: bool) -> Iterator[CorpusSegment]:
        k = 0
        per_pair: dict[str, int] = {}
        for lineno, obj in json_objects(_lines(inp.path, self._utf8[inp.path]), inp.path, SEGMENT_SHAPE):
            require_segment_fields(obj, inp.path, lineno)
            if batch:
                pair = obj.get("pair")
                if not isinstance(pair, str) or not pair:
                    raise InputError(inp.path, "batch row without a 'pair' id", line=lineno)
                idx = per_pair.get(pair, 0)
                per_pair[pair] = idx + 1
                yield CorpusSegment(pair, idx, obj["zh"], obj.get("en", ""))
            else:
                yield CorpusSegment(inp.shown, k, obj["zh"], obj.get("en", ""))
                k += 1
