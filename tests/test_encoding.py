"""Encoding detection: every encoding UN files come in reads back to the same text, and
everything that is not text is refused with one line naming the file."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from zhenqa.corpora.encoding import decode_bytes, read_text_file
from zhenqa.corpora.errors import InputError

# Written for these tests (not taken from a data set).
ZH_SIMPLIFIED = ("在 2017 年 11 月 9 日的会议上，缔约国会议审议了“技术援助”议程项目，"
                 "并注意到预算外资金缺口为 1,676,000 美元（见 CAC/COSP/2017/13）。"
                 "发言者强调，技术援助应当由国家主导。")
ZH_TRADITIONAL = ("在 2017 年 11 月 9 日的會議上，締約國會議審議了「技術援助」議程項目，"
                  "並注意到預算外資金缺口。發言者強調，技術援助應當由國家主導。")
EN_CP1252 = "The Conference \u201cnoted\u201d the gap \u2013 some 1,676,000 dollars \u2014 and moved on.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "gb18030", "gbk", "gb2312"])
def test_simplified_chinese_round_trips_in_every_encoding(tmp_path, encoding):
    path = write(tmp_path, f"zh-{encoding}.txt", ZH_SIMPLIFIED.encode(encoding))
    assert read_text_file(path) == ZH_SIMPLIFIED


@pytest.mark.parametrize("encoding", ["big5", "cp950", "utf-16", "utf-8-sig", "gb18030"])
def test_traditional_chinese_round_trips(tmp_path, encoding):
    path = write(tmp_path, f"zht-{encoding}.txt", ZH_TRADITIONAL.encode(encoding))
    assert read_text_file(path) == ZH_TRADITIONAL


def test_big5_is_not_mistaken_for_gbk_and_vice_versa():
    # Big5 bytes decode without error as GBK (into kana and rare characters): the
    # plausibility score must still choose Big5; GB bytes must not come out as Big5.
    assert decode_bytes(ZH_TRADITIONAL.encode("big5")).encoding.startswith("big5")
    assert decode_bytes(ZH_SIMPLIFIED.encode("gbk")).encoding == "gb18030"


def test_cp1252_english_with_smart_quotes_is_not_read_as_chinese():
    decoded = decode_bytes(EN_CP1252.encode("cp1252"))
    assert decoded.text == EN_CP1252


def test_bom_is_removed_and_line_endings_normalized(tmp_path):
    path = write(tmp_path, "crlf.txt", codecs.BOM_UTF8 + "第一行\r\n第二行\rthird\n".encode())
    assert read_text_file(path) == "第一行\n第二行\nthird\n"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found") as err:
        read_text_file(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)


def test_directory(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_text_file(tmp_path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\n".encode()])
def test_empty_or_whitespace_only(tmp_path, data):
    with pytest.raises(InputError, match="empty"):
        read_text_file(write(tmp_path, "empty.txt", data))


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
    (b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"some text\x00\x01\x02 with NUL bytes\xff\xfe\x00", "NUL"),
])
def test_binary_files_are_refused(tmp_path, data, what):
    with pytest.raises(InputError, match="binary") as err:
        read_text_file(write(tmp_path, "bin.txt", data))
    assert what in str(err.value)
    assert "\n" not in err.value.one_line()


def test_undecodable_bytes_are_refused_with_their_position(tmp_path):
    # 0x81 is undefined in cp1252, and 0x81 before a space is invalid GB18030 and Big5.
    data = b"Valid first line\n" + b"\x81 \xff \x80 " * 50
    with pytest.raises(InputError, match="undecodable") as err:
        read_text_file(write(tmp_path, "bad.txt", data))
    assert "line 2" in str(err.value)


def test_utf16_without_bom_is_recognised_but_binary_is_not():
    assert decode_bytes("Article 1. All human beings…\n".encode("utf-16-le")).encoding == "utf-16-le"
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 4)


def test_utf8_with_a_few_broken_bytes_is_reported_not_misread(tmp_path):
    good = (ZH_SIMPLIFIED + "\n") * 3
    data = good.encode("utf-8")
    cut = data.index("预算".encode()) + 1   # inside a character: a broken sequence
    path = write(tmp_path, "cut.txt", data[:cut] + data[cut + 1:])
    with pytest.raises(InputError, match=r"invalid UTF-8 \(1 bad byte sequence, the first 0x\w\w at line 1\)"):
        read_text_file(path)


def _nul_laced_cjk_bytes(n: int, seed: int) -> bytes:
    """Binary data that decodes as UTF-16-LE without error and without control characters:
    every code unit falls in the CJK ideograph block (high byte 0x4E-0x9F), and a fifth of
    the low bytes are NUL, as in records of small integers."""
    import random

    rng = random.Random(seed)
    out = bytearray()
    for _ in range(n):
        out.append(0 if rng.random() < 0.2 else rng.randrange(1, 256))
        out.append(rng.randrange(0x4E, 0xA0))
    return bytes(out)


@pytest.mark.parametrize("seed", range(5))
def test_nul_laced_binary_that_decodes_as_utf16_is_refused(tmp_path, seed):
    data = _nul_laced_cjk_bytes(2000, seed)
    assert b"\x00" in data
    assert not any(ch < " " for ch in data.decode("utf-16-le"))   # a naive reader accepts it
    with pytest.raises(InputError, match="binary") as err:
        read_text_file(write(tmp_path, "blob.txt", data))
    assert "blob.txt" in err.value.one_line() and "\n" not in err.value.one_line()


@pytest.mark.parametrize("text", [ZH_SIMPLIFIED, ZH_TRADITIONAL])
def test_real_chinese_in_utf16_without_bom_is_still_read(text):
    for encoding in ("utf-16-le", "utf-16-be"):
        got = decode_bytes((text + "\n").encode(encoding))
        assert got.encoding == encoding and got.text.strip() == text
