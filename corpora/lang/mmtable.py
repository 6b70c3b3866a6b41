"""A read-only string table in one memory-mapped file: str keys -> (flags, str value).

Why not a dict: CC-CEDICT reduced for zhenqa has about 290k keys (words and word
prefixes); building a Python dict of them takes a tenth of a second or more on every
process start, while a translator runs one `zhenqa align` per document and a script may
run thousands. This table is opened with `mmap` and used in place: opening it costs a few
system calls, and a lookup (CRC-32 of the UTF-8 key, open addressing with linear
probing, one byte comparison) costs about a microsecond; the pages a process touches are
shared by every process reading the same file.

Layout (little-endian, every array 4-byte aligned), starting at the table's offset:

    u32 nslots (a power of two), u32 n (entries), u32 key_bytes, u32 value_bytes
    u32 slots[nslots]      entry index + 1, 0 = empty
    u32 key_off[n + 1]     entry k's key is keys[key_off[k]:key_off[k+1]]
    u32 val_off[n + 1]
    u8  flags[n]           (padded to 4 bytes)
    keys, values           UTF-8 blobs

The file format around the tables (a version header, several tables) is the caller's;
`build_table` returns the bytes of one table and `MmapTable(buffer, offset)` reads it.
"""
from __future__ import annotations

import struct
import sys
from array import array
from typing import TYPE_CHECKING, Iterable, Iterator, Union
from zlib import crc32

if TYPE_CHECKING:
    import mmap

#: What a table is read from: the cache file mapped in place, or the bytes `build_table`
#: returned (tests, and a cache folder that cannot be written).
TableBuffer = Union["mmap.mmap", bytes]

_HEAD = struct.Struct("<4I")

if sys.byteorder != "little":  # pragma: no cover - the casts below read native order
    raise ImportError("zhenqa's memory-mapped tables need a little-endian machine")


def _pad4(b: bytes) -> bytes:
    return b + b"\0" * (-len(b) % 4)


def build_table(entries: Iterable[tuple[str, int, str]]) -> bytes:
    """The bytes of a table holding (key, flags 0..255, value) entries (keys unique)."""
    keys: list[bytes] = []
    vals: list[bytes] = []
    flags = bytearray()
    for key, flag, value in entries:
        keys.append(key.encode("utf-8"))
        vals.append(value.encode("utf-8"))
        flags.append(flag)
    n = len(keys)
    nslots = 8
    while nslots < 2 * n:          # load factor <= 0.5: short probe sequences
        nslots *= 2
    mask = nslots - 1
    slots = [0] * nslots
    for k, kb in enumerate(keys):
        i = crc32(kb) & mask
        while slots[i]:
            i = (i + 1) & mask
        slots[i] = k + 1
    key_off = [0]
    for kb in keys:
        key_off.append(key_off[-1] + len(kb))
    val_off = [0]
    for vb in vals:
        val_off.append(val_off[-1] + len(vb))
    key_blob = b"".join(keys)
    val_blob = b"".join(vals)
    parts = [
        _HEAD.pack(nslots, n, len(key_blob), len(val_blob)),
        array("I", slots).tobytes(),
        array("I", key_off).tobytes(),
        array("I", val_off).tobytes(),
        _pad4(bytes(flags)),
        _pad4(key_blob),
        _pad4(val_blob),
    ]
    return b"".join(parts)


class MmapTable:
    """Lookups in a table written by `build_table`, inside `buffer` at `offset`.

    `buffer` (a `TableBuffer`: an `mmap.mmap`, or bytes in tests and when the cache folder
    cannot be written) must outlive the table."""

    __slots__ = ("_buf", "_slots", "_koff", "_voff", "_flags", "_kbase", "_vbase", "_mask", "n")

    def __init__(self, buffer: TableBuffer, offset: int = 0) -> None:
        head: tuple[int, int, int, int] = _HEAD.unpack_from(buffer, offset)
        nslots, n, klen, vlen = head
        view = memoryview(buffer)
        pos = offset + _HEAD.size
        self._slots = view[pos:pos + 4 * nslots].cast("I")
        pos += 4 * nslots
        self._koff = view[pos:pos + 4 * (n + 1)].cast("I")
        pos += 4 * (n + 1)
        self._voff = view[pos:pos + 4 * (n + 1)].cast("I")
        pos += 4 * (n + 1)
        self._flags = view[pos:pos + n]
        pos += n + (-n % 4)
        self._kbase = pos
        pos += klen + (-klen % 4)
        self._vbase = pos
        self._buf = buffer
        self._mask = nslots - 1
        self.n = n

    def _find(self, key: str) -> int:
        kb = key.encode("utf-8")
        mask = self._mask
        slots = self._slots
        koff = self._koff
        buf = self._buf
        base = self._kbase
        i = crc32(kb) & mask
        while True:
            e = slots[i]
            if not e:
                return -1
            e -= 1
            a = koff[e]
            b = koff[e + 1]
            if b - a == len(kb) and buf[base + a:base + b] == kb:
                return e
            i = (i + 1) & mask

    def flags(self, key: str) -> int:
        """The key's flags, or 0 when the key is absent."""
        e = self._find(key)
        return self._flags[e] if e >= 0 else 0

    def get(self, key: str, default: str | None = None) -> str | None:
        """The key's value, or `default` when absent."""
        e = self._find(key)
        if e < 0:
            return default
        a = self._voff[e]
        b = self._voff[e + 1]
        return bytes(self._buf[self._vbase + a:self._vbase + b]).decode("utf-8")

    def lookup(self, key: str) -> tuple[int, str] | None:
        """(flags, value) of the key, or None when absent (one probe for both)."""
        e = self._find(key)
        if e < 0:
            return None
        a = self._voff[e]
        b = self._voff[e + 1]
        return self._flags[e], bytes(self._buf[self._vbase + a:self._vbase + b]).decode("utf-8")

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def __len__(self) -> int:
        return self.n

    def items(self) -> Iterator[tuple[str, int, str]]:
        """Every (key, flags, value), in insertion order (slow: for tests and rebuilds)."""
        kb, vb = self._kbase, self._vbase
        for e in range(self.n):
            key = bytes(self._buf[kb + self._koff[e]:kb + self._koff[e + 1]]).decode("utf-8")
            val = bytes(self._buf[vb + self._voff[e]:vb + self._voff[e + 1]]).decode("utf-8")
            yield key, self._flags[e], val
