"""`zhenqa inspect` through the real CLI (a subprocess, as a user runs it)."""
from __future__ import annotations

import json

import pytest

COSP7 = ("cosp7_report_zh", "cac_cosp_2017_report_ch5-8.zh.txt")


def test_inspect_json_has_the_contract_shape(cli, data_dir):
    result = cli("inspect", data_dir.joinpath(*COSP7), "--json")
    assert result.code == 0, result
    doc = json.loads(result.out)
    assert doc["lang"] == "zh"
    units = doc["units"]
    for unit in units:
        assert {"kind", "label", "text", "sentences", "anchors"} <= set(unit)
        assert isinstance(unit["text"], str) and isinstance(unit["sentences"], list)
        assert unit["label"] is None or isinstance(unit["label"], str)
        for anchor in unit["anchors"]:
            assert {"type", "value", "text"} <= set(anchor)
            assert all(isinstance(anchor[k], str) for k in ("type", "value", "text"))
    assert [u["label"] for u in units if u["kind"] == "paragraph"] == [str(n) for n in range(1, 26)]
    assert [u["label"] for u in units if u["kind"] == "heading"] == ["五", "六", "A", "B", "C", "七", "八"]
    assert any({"type": "symbol", "value": "CAC/COSP/2017/5"}.items() <= a.items()
               for u in units for a in u["anchors"])
    assert not any("undocs.org" in u["text"] for u in units)


def test_inspect_table_by_default(cli, data_dir):
    result = cli("inspect", data_dir / "udhr_zh_en" / "udhr_eng.xml", "--lang", "en")
    assert result.code == 0, result
    assert "heading" in result.out and "subparagraph" in result.out and "Article 1" in result.out


def _pdf_without_text() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length 15 >>\nstream\n0 0 m 99 99 l S\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize("name,data,problem", [
    ("missing.txt", None, "file not found"),
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "binary file"),
    ("undecodable.txt", b"fine\n" + b"\x81 \xff " * 40, "undecodable bytes"),
    ("scan.pdf", "pdf", "no text layer"),
    ("slides.pptx.rtf", b"{\\rtf1 x}", "unsupported file type"),
])
def test_bad_input_exits_2_with_one_line_naming_the_file(cli, tmp_path, name, data, problem):
    path = tmp_path / name
    if data == "pdf":
        path.write_bytes(_pdf_without_text())
    elif data is not None:
        path.write_bytes(data)
    result = cli("inspect", path, "--lang", "en")
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert str(path) in lines[0] and problem in lines[0]
    assert result.out == ""


def test_chinese_file_given_as_english_exits_2(cli, data_dir):
    path = data_dir.joinpath(*COSP7)
    result = cli("inspect", path, "--lang", "en")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0]
    assert "looks like Chinese text, but was given as the English document" in lines[0]
