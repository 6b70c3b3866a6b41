"""On-disk translation cache: a rerun of the same document costs nothing.

Entries are keyed by (model identity, decoding settings, source text): the identity names
the exact weights (see `models.translator.model_identity`), the settings string the beam
size, length limit and precision, so a different model or setting never serves a stale
translation.

Storage is one SQLite database in WAL mode. Each `put_many` is one transaction: a crash or
Ctrl-C in the middle of a run leaves the entries of the finished chunks and nothing half
written; several zhenqa processes may share the cache (readers never block the writer,
writers wait for each other up to a timeout). A cache that cannot be opened (read-only
home, corrupt file) never stops a translation: it is reported once and MT runs uncached.

Location: ``$ZHENQA_CACHE_DIR/translations`` when ``ZHENQA_CACHE_DIR`` is set, else
``$XDG_CACHE_HOME/zhenqa/translations`` (``~/.cache/zhenqa/translations``).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

SCHEMA_VERSION = 1
_LOOKUP_CHUNK = 500   # stays under SQLite's bound-parameter limit


def cache_root() -> Path:
    """zhenqa's cache directory (translations, converted CTranslate2 models)."""
    env = os.environ.get("ZHENQA_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "zhenqa"


def entry_key(model_id: str, settings: str, text: str) -> str:
    """The primary key of one entry: sha256 over identity, settings and text."""
    return hashlib.sha256("\x1f".join((model_id, settings, text)).encode("utf-8")).hexdigest()


class TranslationCache:
    """A SQLite-backed map (model id, settings, text) -> translation."""

    FILENAME = "translations.sqlite3"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / self.FILENAME
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")   # durable at checkpoints; never corrupt
            conn.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " key TEXT PRIMARY KEY, model TEXT NOT NULL, settings TEXT NOT NULL,"
                " source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    @classmethod
    def open_default(cls) -> TranslationCache | None:
        """The cache under `cache_root()`, or None (with one note) when it cannot be used.

        A corrupt database file is moved aside (``*.corrupt-<time>``) and a fresh one made.
        """
        directory = cache_root() / "translations"
        try:
            return cls(directory)
        except sqlite3.DatabaseError as exc:
            if not isinstance(exc, sqlite3.OperationalError):
                bad = directory / cls.FILENAME
                aside = bad.with_name(f"{bad.name}.corrupt-{int(time.time())}")
                try:
                    bad.replace(aside)
                    for suffix in ("-wal", "-shm"):
                        Path(str(bad) + suffix).unlink(missing_ok=True)
                    print(f"zhenqa: note: translation cache {bad} was corrupt; moved to {aside.name}",
                          file=sys.stderr)
                    return cls(directory)
                except (OSError, sqlite3.DatabaseError):
                    pass
            print(f"zhenqa: note: translation cache unavailable ({exc}); translating without it", file=sys.stderr)
        except OSError as exc:
            print(f"zhenqa: note: translation cache unavailable ({exc}); translating without it", file=sys.stderr)
        return None

    def get_many(self, model_id: str, settings: str, texts: Iterable[str]) -> dict[str, str]:
        """Cached translations of `texts` (those present) as {text: translation}."""
        by_key = {entry_key(model_id, settings, t): t for t in texts}
        keys = list(by_key)
        found: dict[str, str] = {}
        try:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                part = keys[start:start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(part))
                rows = self._conn.execute(
                    f"SELECT key, source, target FROM translations WHERE key IN ({marks})", part)
                for key, source, target in rows:
                    text = by_key.get(key)
                    if text is not None and source == text:   # guards against a hash collision
                        found[text] = target
        except sqlite3.DatabaseError as exc:
            print(f"zhenqa: note: translation cache read failed ({exc}); translating anyway", file=sys.stderr)
            return {}
        return found

    def put_many(self, model_id: str, settings: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Store (text, translation) pairs in one transaction (all or nothing)."""
        if not pairs:
            return
        now = time.time()
        rows = [(entry_key(model_id, settings, s), model_id, settings, s, t, now) for s, t in pairs]
        try:
            with self._conn:   # not autocommit inside: BEGIN ... COMMIT, ROLLBACK on error
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany("INSERT OR REPLACE INTO translations VALUES (?,?,?,?,?,?)", rows)
        except sqlite3.DatabaseError as exc:
            print(f"zhenqa: note: translation cache write failed ({exc}); results not cached", file=sys.stderr)

    def count(self, model_id: str | None = None) -> int:
        """Number of entries (for one model if given)."""
        if model_id is None:
            return int(self._conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
        return int(self._conn.execute("SELECT COUNT(*) FROM translations WHERE model = ?", (model_id,)).fetchone()[0])

    def clear(self, model_id: str | None = None) -> int:
        """Delete entries (of one model if given); returns how many."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            if model_id is None:
                cur = self._conn.execute("DELETE FROM translations")
            else:
                cur = self._conn.execute("DELETE FROM translations WHERE model = ?", (model_id,))
        return cur.rowcount

    def close(self) -> None:
        self._conn.close()
