"""`zhenqa translate`: documents or one segment a line in, one English line per segment out."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhenqa.corpora.readers import read_document
from tiny_marian import isolate_mt_env

TINY = ("--beam-size", "1", "--max-length", "12")


@pytest.fixture(autouse=True)
def mt_env(monkeypatch, tmp_path):
    isolate_mt_env(monkeypatch, tmp_path)


@pytest.fixture
def lines_file(tmp_path: Path) -> Path:
    path = tmp_path / "segments.zh.txt"
    path.write_text("我想你。\n\n汤姆在家里吗？\n我们迟到了。\n我想你。\n", encoding="utf-8")
    return path


def test_presplit_file_gives_one_line_per_segment_and_reruns_from_cache(cli, tiny_marian: Path,
                                                                        lines_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.en.txt"
    res = cli("translate", lines_file, "--presplit", "--model", tiny_marian, "-o", out, *TINY)
    assert res.code == 0, res
    assert res.out == ""
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines[:-1]) == 4          # the blank line is not a segment
    assert lines[0] == lines[3] and all(lines[:-1])
    again = cli("translate", lines_file, "--presplit", "--model", tiny_marian, *TINY, "--progress")
    assert again.code == 0, again
    assert again.out == out.read_text(encoding="utf-8")
    assert "(3 from the cache)" in again.err


def test_document_input_is_translated_sentence_by_sentence(cli, tiny_marian: Path, data_dir: Path) -> None:
    doc_path = data_dir / "cosp7_report_zh" / "cac_cosp_2017_report_ch5-8.zh.txt"
    doc = read_document(doc_path, lang="zh")
    sentences = [s for u in doc.units for s in (u.sentences or [u.text])]
    res = cli("translate", doc_path, "--model", tiny_marian, "--backend", "ctranslate2", *TINY)
    assert res.code == 0, res
    assert len(res.out.split("\n")) - 1 == len(sentences) > 30
    paragraphs = cli("translate", doc_path, "--model", tiny_marian, "--backend", "ctranslate2",
                     "--unit", "paragraph", *TINY)
    assert paragraphs.code == 0, paragraphs
    assert len(paragraphs.out.split("\n")) - 1 == len(doc.units)


def test_stdin_input(cli, tiny_marian: Path) -> None:
    res = cli("translate", "-", "--model", tiny_marian, *TINY, input="我想你。\n\n我们迟到了。\n")
    assert res.code == 0, res
    assert len(res.out.splitlines()) == 2


def test_model_none_or_missing_is_bad_usage(cli, lines_file: Path) -> None:
    res = cli("translate", lines_file, "--presplit", "--model", "none")
    assert res.code == 2 and "needs an MT model" in res.err
    res = cli("translate", lines_file, "--presplit")    # the default model is not cached here
    assert res.code == 2 and "Helsinki-NLP/opus-mt-zh-en: model not available offline" in res.err
    assert len(res.err.strip().splitlines()) == 1


def test_missing_input_file(cli, tiny_marian: Path, tmp_path: Path) -> None:
    res = cli("translate", tmp_path / "nope.txt", "--model", tiny_marian)
    assert res.code == 2 and "nope.txt" in res.err
