"""The corpus files, rebuilt from the per-pair rows at the end of every run.

`corpus.jsonl`, `corpus.parquet` and (with `--tmx`) `corpus.tmx` are never appended to:
each is written afresh from `.zhenqa/rows/<id>.jsonl`, pairs in id order, into a temporary
file renamed into place. A run killed half way therefore cannot leave a row twice or a
pair missing in them, and they cannot drift from the per-pair results.

JSONL and Parquet are streamed: one pair's rows in memory at a time (Parquet buffers up to
`ROW_GROUP` rows per row group), so memory does not grow with the corpus. The TMX goes
through translate-toolkit's `tmxfile`, which holds its whole document in memory: fine for
a TM of a few hundred thousand units, and the reason it is an option.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from zhenqa.batch.rows import COLUMNS

if TYPE_CHECKING:   # pyarrow is imported only when the Parquet file is written (start-up time)
    import pyarrow as pa

#: Rows per Parquet row group (and the most rows held at once while writing it).
ROW_GROUP = 20_000


def parquet_schema() -> pa.Schema:
    """The Parquet schema: the contract's columns plus labels, shared anchors, signature."""
    import pyarrow as pa

    return pa.schema([
        pa.field("pair", pa.string(), nullable=False),
        pa.field("zh", pa.string(), nullable=False),
        pa.field("en", pa.string(), nullable=False),
        pa.field("zh_ids", pa.list_(pa.int32()), nullable=False),
        pa.field("en_ids", pa.list_(pa.int32()), nullable=False),
        pa.field("score", pa.float64(), nullable=False),
        pa.field("zh_labels", pa.list_(pa.string()), nullable=False),
        pa.field("en_labels", pa.list_(pa.string()), nullable=False),
        pa.field("anchors", pa.list_(pa.struct([("type", pa.string()), ("value", pa.string())])),
                 nullable=False),
        pa.field("signature", pa.string(), nullable=False),
    ], metadata={"zhenqa": "zhenqa batch corpus: one row per link with both sides non-empty"})


def rows_path(outdir: str | os.PathLike[str], pid: str) -> Path:
    return Path(outdir) / ".zhenqa" / "rows" / f"{pid}.jsonl"


def iter_rows(outdir: str | os.PathLike[str], ids: Iterable[str]) -> Iterator[str]:
    """The row lines of the given pairs, in the order given (one file open at a time)."""
    for pid in ids:
        with open(rows_path(outdir, pid), encoding="utf-8") as fh:
            yield from fh


def write_corpus(outdir: str | os.PathLike[str], ids: list[str], *, tmx: bool = False,
                 unit: str = "sentence") -> int:
    """Rebuild corpus.jsonl and corpus.parquet (and corpus.tmx) from the rows of the ok
    pairs `ids` (already in id order). Returns the number of rows."""
    from zhenqa.corpora.fileio import atomic_write

    out = Path(outdir)
    n = 0
    with atomic_write(out / "corpus.jsonl") as fh:
        for line in iter_rows(out, ids):
            fh.write(line)
            n += 1
    _write_parquet(out / "corpus.parquet", (json.loads(line) for line in iter_rows(out, ids)))
    if tmx:
        _write_tmx(out / "corpus.tmx", (json.loads(line) for line in iter_rows(out, ids)), unit)
    return n


def _write_parquet(path: Path, rows: Iterator[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from zhenqa.corpora.fileio import atomic_write

    schema = parquet_schema()
    with atomic_write(path, "wb", encoding=None) as fh:
        writer = pq.ParquetWriter(fh, schema, compression="zstd")
        buffer: list[dict[str, Any]] = []
        wrote = False
        for row in rows:
            buffer.append({k: row[k] for k in COLUMNS})
            if len(buffer) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
                buffer.clear()
                wrote = True
        if buffer or not wrote:
            writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
        writer.close()


def _write_tmx(path: Path, rows: Iterator[dict[str, Any]], unit: str) -> None:
    from zhenqa.corpora.bitext import write_bitext
    from zhenqa.corpora.model import Bitext, Segment

    segments = []
    for k, row in enumerate(rows):
        props = {"x-pair": row["pair"]}
        if row["zh_labels"]:
            props["x-zh-label"] = row["zh_labels"][0]
        if row["en_labels"]:
            props["x-en-label"] = row["en_labels"][0]
        segments.append(Segment(id=k, zh=row["zh"], en=row["en"], zh_units=tuple(row["zh_ids"]),
                                en_units=tuple(row["en_ids"]), score=row["score"], props=props))
    write_bitext(Bitext(segments, source="zhenqa batch", meta={"unit": unit}), path, "tmx")
