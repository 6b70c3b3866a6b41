"""Bytes to text: checks that a file is a readable text file, then finds its encoding.

UN documents reach us as UTF-8 (with or without a BOM), UTF-16 exports from Word, and older
Chinese files in GB2312/GBK/GB18030 (mainland) or Big5 (Taiwan, Hong Kong). The hard case is
telling GB from Big5: both are double-byte encodings over the same byte ranges, so Big5
bytes usually *decode* without error as GBK (and vice versa, often) — into nonsense. So
decoding without an error proves little; every candidate decoding is scored for
plausibility (see `_plausibility`) and the most plausible one wins. charset-normalizer is
asked as well, for the non-Chinese legacy encodings (cp1252 English with smart quotes, ...).

Everything that cannot be text is refused with an `InputError` naming the file: a missing
file, a directory, an empty file, a binary file (NUL bytes, a PNG/ZIP/... signature), bytes
that no candidate decodes plausibly.
"""
from __future__ import annotations

import codecs
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from zhenqa.corpora.errors import InputError

#: Signatures of binary formats users plausibly hand us by mistake (first bytes of a file).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls); save it as .docx"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_binary(data: bytes) -> str | None:
    """What binary format `data` is, in words ("a PNG image"), or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or an InputError for a missing file, a directory or an empty file."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, "file not found")
    if p.is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise InputError(path, "empty file")
    return data


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded text and the encoding that produced it (for messages and `inspect`)."""

    text: str
    encoding: str


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Decoded text of a text file; InputError for missing/empty/binary/undecodable files.

    Line endings are normalized to "\\n" and a BOM is removed; nothing else is changed.
    """
    return decode_bytes(read_bytes(path), path).text


def decode_bytes(data: bytes, path: str | os.PathLike[str] | None = None, *,
                 hint: str | None = None) -> Decoded:
    """Decode `data` (the content of `path`, named in errors) into text.

    `hint` is an encoding the container declares (an HTML meta charset, an XML declaration);
    it is used when it decodes the bytes plausibly. Raises InputError for binary data,
    undecodable data and text that is empty or only whitespace.
    """
    what = sniff_binary(data)
    if what is not None:
        raise InputError(path, f"binary file ({what}), not text")
    decoded = _decode(data, path, hint)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    return Decoded(text, decoded.encoding)


def _decode(data: bytes, path: str | os.PathLike[str] | None, hint: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                raise InputError(path, f"undecodable bytes: starts with a {encoding.upper()} "
                                       "byte-order mark but is not valid in that encoding") from None
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputError(path, "binary file (contains NUL bytes), not text")
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    line = data[: utf8_error.start].count(b"\n") + 1
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    non_ascii = sum(1 for ch in lossy[:_SAMPLE_CHARS] if ord(ch) > 0x7F)
    if non_ascii >= 10 and bad <= max(3, 0.01 * non_ascii):
        # Mostly valid UTF-8 with a few broken bytes (a cut or corrupted file): reading it
        # as another encoding would only produce mojibake.
        raise InputError(path, f"undecodable bytes: invalid UTF-8 ({bad} bad byte sequence"
                               f"{'s' if bad > 1 else ''}, the first 0x{data[utf8_error.start]:02x} "
                               f"at line {line})")

    candidates: list[str] = []
    if hint:
        try:
            candidates.append(codecs.lookup(hint).name)
        except LookupError:
            pass
    candidates += ["gb18030", "big5", "big5hkscs", "cp1252"]
    best_cn = _charset_normalizer_guess(data)
    if best_cn and best_cn.replace("-", "_").lower() in _ACCEPTED_GUESSES:
        candidates.append(best_cn)

    best: tuple[float, str, str] | None = None
    seen: set[str] = set()
    for name in candidates:
        try:
            norm = codecs.lookup(name).name
        except LookupError:
            continue
        if norm in seen:
            continue
        seen.add(norm)
        try:
            text = data.decode(norm)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _plausibility(text[:_SAMPLE_CHARS], norm)
        if hint and norm == codecs.lookup(hint).name:
            score += 0.05  # a declared encoding wins ties
        if best is None or score > best[0]:
            best = (score, norm, text)
    if best is None or best[0] < _MIN_PLAUSIBILITY:
        raise InputError(path, f"undecodable bytes: not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} "
                               f"at line {line}), UTF-16, GB18030 or Big5")
    return Decoded(best[2], best[1])


def _bomless_utf16(data: bytes) -> Decoded | None:
    """Recognise UTF-16 without a BOM: NUL bytes are then expected, binary data has them too.

    Text in UTF-16 has a zero byte in every ASCII character (markup, digits, spaces,
    newlines) and in no other position pattern; binary data decoded as UTF-16 gives
    characters from all over Unicode (unassigned, private use, controls). So both byte
    orders are tried and kept only when the result is plainly plausible text.
    """
    if len(data) % 2:
        return None
    best: Decoded | None = None
    best_score = 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        if any(ch < " " and ch not in "\t\n\r\f" for ch in sample):
            continue
        score = _plausibility(sample, encoding)
        if score > best_score:
            best, best_score = Decoded(text, encoding), score
    return best if best_score >= 0.9 else None


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    match = from_bytes(data[:200_000]).best()
    return None if match is None else match.encoding


_MIN_PLAUSIBILITY = 0.5
#: Legacy encodings worth trusting charset-normalizer on: this tool reads Chinese and
#: English only, so a guess of, say, a Cyrillic DOS code page means "undecodable".
_ACCEPTED_GUESSES = frozenset({"cp1252", "windows_1252", "latin_1", "iso8859_1", "iso8859_15",
                               "mac_roman", "ascii", "gb2312", "gbk", "gb18030", "hz", "big5",
                               "big5hkscs", "cp950"})
#: Plausibility is judged on the first characters only: enough to tell, linear-time cheap.
_SAMPLE_CHARS = 200_000

# Characters that are ordinary in Chinese or English running text.
_NORMAL_BLOCKS = (
    (0x4E00, 0x9FFF),   # CJK unified ideographs
    (0x3000, 0x303F),   # CJK symbols and punctuation
    (0xFF01, 0xFF5E),   # full-width ASCII forms
    (0x2000, 0x206F),   # general punctuation (quotes, dashes, ellipsis)
    (0x00A0, 0x00FF),   # Latin-1 letters with accents, nbsp, §, ° ...
    (0x0100, 0x017F),   # Latin extended-A (names)
    (0x2100, 0x214F),   # letterlike (№, ™)
    (0x2150, 0x218F),   # number forms (Roman numerals)
    (0x2460, 0x24FF),   # enclosed alphanumerics ①
    (0x3200, 0x32FF),   # enclosed CJK ㈠
    (0x20A0, 0x20CF),   # currency symbols
    (0xFFE0, 0xFFEE),   # full-width signs (￥)
)


def _is_normal(cp: int) -> bool:
    if cp < 0x80:
        return cp >= 0x20 or cp in (0x09, 0x0A, 0x0D, 0x0C)
    for lo, hi in _NORMAL_BLOCKS:
        if lo <= cp <= hi:
            return True
    return False


def _plausibility(text: str, encoding: str) -> float:
    """How much `text` looks like real Chinese or English text, in [0, 1] (roughly).

    The share of non-ASCII characters that are ordinary (CJK ideographs and punctuation,
    accented Latin letters, typographic quotes), with penalties that catch the classic
    mis-decodings: Big5 read as GBK yields kana, Cyrillic, Greek, box drawing and private-use
    characters; GBK read as Big5 yields rare ideographs (Big5 level 2); cp1252 read as GBK
    yields single ideographs glued between Latin letters; random bytes read as cp1252 yield
    a high share of Latin-1 symbols.
    """
    non_ascii = 0
    normal = 0
    ideographs = 0
    common = 0
    glued = 0
    prev_latin = False
    pending_glue = False
    big5 = encoding.startswith("big5") or encoding in ("cp950",)
    gb = encoding in ("gb18030", "gbk", "gb2312")
    # UTF-16 without a BOM is a guess too: NUL-laced binary data decodes as UTF-16 into
    # ideographs from all over the CJK block, nearly all of them rare, where real Chinese
    # (simplified or traditional) is mostly the frequent characters of GB2312 or Big5
    wide = encoding.startswith(("utf-16", "utf-32"))
    for ch in text:
        cp = ord(ch)
        is_latin = ch.isascii() and ch.isalpha()
        if pending_glue and is_latin:
            glued += 1
        pending_glue = False
        if cp >= 0x80:
            non_ascii += 1
            if _is_normal(cp):
                normal += 1
            if 0x4E00 <= cp <= 0x9FFF:
                ideographs += 1
                if prev_latin:
                    pending_glue = True
                if gb:
                    common += _gb2312_level1(ch)
                elif big5:
                    common += _big5_level1(ch)
                elif wide:
                    common += _gb2312_level1(ch) or _big5_level1(ch)
                else:
                    common += 1
            elif 0x80 <= cp <= 0x9F or unicodedata.category(ch) in ("Co", "Cn", "Cs"):
                normal -= 2  # control, private use, unassigned: a strong sign of mis-decoding
        prev_latin = is_latin
    if non_ascii == 0:
        return 1.0
    score = normal / non_ascii
    if ideographs:
        score -= 0.5 * (1 - common / ideographs)  # rare-character share
        score -= 2.0 * glued / ideographs         # ideographs wedged inside Latin words
    if not ideographs and encoding == "cp1252" and non_ascii > 0.3 * len(text):
        score -= 0.6
    return score


def _gb2312_level1(ch: str) -> int:
    """1 when `ch` is among the 3,755 most frequent simplified characters (GB2312 level 1)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    return int(len(b) == 2 and 0xB0 <= b[0] <= 0xD7)


def _big5_level1(ch: str) -> int:
    """1 when `ch` is among Big5's 5,401 frequently used characters (level 1, A440-C67E)."""
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return 0
    return int(len(b) == 2 and (0xA4 <= b[0] <= 0xC5 or (b[0] == 0xC6 and b[1] <= 0x7E)))
