"""The batch journal: which pair was done, from which inputs, with which options.

A SQLite database in WAL mode inside the output folder (`.zhenqa/journal.sqlite`). The
driver alone writes it, one committed row per finished pair, after that pair's output files
have been renamed into place. So at any instant (a SIGKILL included) a row means "these
outputs are complete", and a pair without a row is simply done again; its files are
rewritten atomically, so nothing is lost and nothing is counted twice.

A row is valid only for its `key`: a hash of the content of both input files, their paths
as given, and the options signature (alignment config signature, tool version, unit,
QA settings, termbases...). A changed input or option therefore redoes exactly the pairs it
touches. Content hashes are cached by (path, size, mtime): a rerun with nothing to do then
reads no document, only `stat`s them, which keeps it at a fraction of a second per
thousand pairs.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pairs (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    status TEXT NOT NULL,
    result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hashes (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
"""


@dataclass(slots=True)
class Entry:
    """What the journal knows about one pair."""

    key: str
    status: str
    result: dict[str, Any]


class Journal:
    """The SQLite journal of one output folder (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a committed row survives a killed process (it is in the WAL
        # file); only a power cut can lose the last rows, which are then simply redone.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._pending_hashes: list[tuple[str, int, int, str]] = []

    def close(self) -> None:
        self.flush_hashes()
        self.db.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ pairs

    def clear(self) -> None:
        """Forget all earlier work (`--restart`)."""
        self.db.execute("DELETE FROM pairs")
        self.db.execute("DELETE FROM meta")

    def entries(self) -> dict[str, Entry]:
        """Every recorded pair, read in one query."""
        return {pid: Entry(key, status, json.loads(result))
                for pid, key, status, result in self.db.execute("SELECT id, key, status, result FROM pairs")}

    def record(self, pid: str, key: str, status: str, result: dict[str, Any]) -> None:
        """Commit one finished pair (its outputs are already in place)."""
        self.db.execute("INSERT OR REPLACE INTO pairs (id, key, status, result) VALUES (?, ?, ?, ?)",
                        (pid, key, status, json.dumps(result, ensure_ascii=False)))

    def get_meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))

    # ------------------------------------------------------------------ hashes

    def content_hash(self, path: str | os.PathLike[str]) -> str | None:
        """SHA-256 of a file's bytes (None when it cannot be read: that pair will fail on
        its own), from the cache when its size and mtime are unchanged."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        real = os.path.abspath(path)
        row = self.db.execute("SELECT size, mtime_ns, sha256 FROM hashes WHERE path = ?", (real,)).fetchone()
        if row and row[0] == st.st_size and row[1] == st.st_mtime_ns:
            cached: str = row[2]      # sqlite3 rows are untyped: the sha256 TEXT column
            return cached
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            return None
        sha = digest.hexdigest()
        self._pending_hashes.append((real, st.st_size, st.st_mtime_ns, sha))
        if len(self._pending_hashes) >= 500:
            self.flush_hashes()
        return sha

    def flush_hashes(self) -> None:
        if self._pending_hashes:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?)", self._pending_hashes)
            self.db.execute("COMMIT")
            self._pending_hashes.clear()


def pair_key(zh: str, en: str, zh_hash: str | None, en_hash: str | None, signature: str) -> str | None:
    """The journal key of a pair, None when an input cannot be read (never skipped)."""
    if zh_hash is None or en_hash is None:
        return None
    text = json.dumps([zh, en, zh_hash, en_hash, signature], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
