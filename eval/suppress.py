"""Suppressions: findings a reviser has accepted, so that they are not raised again.

An entry is keyed by the check id and the segment's *content* (both sides, normalized for
whitespace and look-alike characters), never by the segment's position: after an edit
upstream every segment id may shift, but an accepted finding on the same text stays
accepted. An entry may also carry the finding's `key` (the number that differs, the
term), so that accepting one number difference does not hide a new one in the same segment;
without a key it accepts every finding of that check on that content.

File formats (`zhenqa qa --ignore FILE`, written by `--accept-all-to FILE`):

JSON (what zhenqa writes)::

    {"zhenqa_ignore": 1,
     "entries": [{"check": "number", "zh": "...", "en": "...", "key": "zh:number:3",
                  "note": "accepted by reviser"}]}

(a bare list of entries is accepted too), or TSV with a header line naming the columns
``check``, ``zh``, ``en`` and optionally ``key`` and ``note``.
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.fileio import write_text
from zhenqa.corpora.textnorm import fold

FORMAT_VERSION = 1


def normalize_content(text: str) -> str:
    """What a suppression compares: look-alikes folded, whitespace collapsed."""
    return " ".join(fold(text or "").split())


@dataclass(frozen=True)
class Suppression:
    check: str
    zh: str
    en: str
    key: str = ""
    note: str = ""

    @property
    def index_key(self) -> tuple[str, str, str]:
        return (self.check, normalize_content(self.zh), normalize_content(self.en))

    def to_json(self) -> dict[str, str]:
        out = {"check": self.check, "zh": self.zh, "en": self.en}
        if self.key:
            out["key"] = self.key
        if self.note:
            out["note"] = self.note
        return out


class SuppressionSet:
    """Accepted findings, indexed for lookup by (check, zh, en)."""

    def __init__(self, entries: Iterable[Suppression] = ()):
        self.entries: list[Suppression] = []
        self._index: dict[tuple[str, str, str], set[str]] = {}
        for e in entries:
            self.add(e)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: Suppression) -> bool:
        """Add an entry; False if an equal one is already there."""
        keys = self._index.setdefault(entry.index_key, set())
        if entry.key in keys:
            return False
        keys.add(entry.key)
        self.entries.append(entry)
        return True

    def matches(self, check: str, zh: str, en: str, key: str = "") -> bool:
        keys = self._index.get((check, normalize_content(zh), normalize_content(en)))
        return keys is not None and ("" in keys or key in keys)

    # -- files
    @classmethod
    def load(cls, path: str | os.PathLike[str], known_checks: Iterable[str] = ()) -> "SuppressionSet":
        from zhenqa.corpora.encoding import read_text_file

        text = read_text_file(path)
        known = set(known_checks)
        stripped = text.lstrip()
        if stripped.startswith("{") or stripped.startswith("["):
            entries = _parse_json(path, text)
        else:
            entries = _parse_tsv(path, text)
        for e, line in entries:
            if known and e.check not in known:
                raise InputError(path, f"unknown check id {e.check!r}", line=line)
        return cls(e for e, _ in entries)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write as JSON (atomically)."""
        doc = {"zhenqa_ignore": FORMAT_VERSION, "entries": [e.to_json() for e in self.entries]}
        write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def _parse_json(path: str | os.PathLike[str], text: str) -> list[tuple[Suppression, int | None]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    items = doc.get("entries") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError(path, "ignore file must be a list of entries or an object with "
                               "\"entries\"")
    out: list[tuple[Suppression, int | None]] = []
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("check"), str) \
                or not isinstance(item.get("zh", ""), str) or not isinstance(item.get("en", ""), str):
            raise InputError(path, f"entry {n} must be an object with string fields check, zh, en")
        if "zh" not in item and "en" not in item:
            raise InputError(path, f"entry {n} names no segment content (zh, en)")
        out.append((Suppression(item["check"], item.get("zh", ""), item.get("en", ""),
                                str(item.get("key", "") or ""), str(item.get("note", "") or "")),
                    None))
    return out


def _parse_tsv(path: str | os.PathLike[str], text: str) -> list[tuple[Suppression, int | None]]:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return []
    cols = {name: i for i, name in enumerate(header)}
    if not {"check", "zh", "en"} <= set(cols):
        raise InputError(path, "TSV ignore file needs a header with columns check, zh, en "
                               "(optional key, note)", line=1)
    out: list[tuple[Suppression, int | None]] = []
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header) and len(row) <= max(cols["check"], cols["zh"], cols["en"]):
            raise InputError(path, f"expected {len(header)} tab-separated columns, found "
                                   f"{len(row)}", line=line)

        def get(name: str) -> str:
            i = cols.get(name)
            return row[i] if i is not None and i < len(row) else ""

        out.append((Suppression(get("check").strip(), get("zh"), get("en"), get("key").strip(),
                                get("note")), line))
    return out


def merge_into_file(path: str | os.PathLike[str], new: Iterable[Suppression],
                    known_checks: Iterable[str] = ()) -> int:
    """Add `new` entries to the ignore file at `path` (created if absent); returns how many
    were added."""
    base = SuppressionSet.load(path, known_checks) if Path(path).exists() else SuppressionSet()
    added = sum(1 for e in new if base.add(e))
    base.save(path)
    return added
