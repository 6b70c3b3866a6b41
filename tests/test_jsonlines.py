"""JSON Lines inputs: a bitext, a term-report corpus and a batch manifest say the same
thing about the same mistake, naming the file and the line (corpora/jsonlines.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhenqa.batch.pairing import read_manifest
from zhenqa.corpora.bitext import read_bitext
from zhenqa.corpora.errors import InputError
from zhenqa.eval.terms.corpus import Corpus


def _bitext(path: Path) -> object:
    return read_bitext(path)


def _corpus(path: Path) -> object:
    return list(Corpus([path]))


@pytest.mark.parametrize("read", [_bitext, _corpus], ids=["bitext", "terms-corpus"])
@pytest.mark.parametrize("bad, problem", [
    ('{"zh": "人权", "en": "human rights"', "invalid JSON"),
    ('["人权", "human rights"]', "each line must be an object with string fields 'zh' and 'en'"),
    ('{"zh": "人权", "en": 7}', "each line must be an object with string fields 'zh' and 'en'"),
    ('{"en": "human rights"}', "each line must be an object with string fields 'zh' and 'en'"),
])
def test_a_bad_segment_line_is_an_input_error_naming_the_file_and_its_line(tmp_path, read, bad, problem) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"zh": "世界人权宣言", "en": "Universal Declaration of Human Rights"}\n\n'
                    + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read(path)
    assert info.value.line == 3                     # the blank line 2 counts, and is skipped
    assert info.value.one_line().startswith(f"{path}:3: {problem}")


def test_segment_lines_without_english_are_untranslated_segments(tmp_path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"zh": "世界人权宣言"}\n', encoding="utf-8")
    assert [(s.zh, s.en) for s in read_bitext(path).segments] == [("世界人权宣言", "")]


def test_a_manifest_line_that_is_no_object_names_the_keys_it_needs(tmp_path) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"id": "a", "zh": "a.zh.txt", "en": "a.en.txt"}\n"b"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_manifest(path)
    assert info.value.one_line() == f"{path}:2: each line must be an object with keys id, zh, en"
