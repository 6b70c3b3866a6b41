"""Outputs: written whole or not at all, and a bad output path is bad usage, not a crash."""
from __future__ import annotations

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.corpora.fileio import atomic_write, check_output_path, write_text


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(out) as fh:
            fh.write("half")
            raise RuntimeError("crash half way")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_folder_is_no_output_file(tmp_path):
    with pytest.raises(InputError) as info:
        write_text(tmp_path, "x")
    assert info.value.path == str(tmp_path) and "folder" in info.value.problem
    assert list(tmp_path.iterdir()) == []


def test_a_path_under_a_file_is_refused_naming_the_path(tmp_path):
    blocker = tmp_path / "report"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as info:
        write_text(blocker / "r.html", "x")
    assert info.value.path == str(blocker / "r.html") and "is a file" in info.value.problem


def test_missing_folders_are_created(tmp_path):
    write_text(tmp_path / "a" / "b" / "r.txt", "x")
    assert (tmp_path / "a" / "b" / "r.txt").read_text(encoding="utf-8") == "x"


def test_an_output_that_is_also_an_input_is_refused(tmp_path):
    src = tmp_path / "b.tsv"
    src.write_text("人权\tHuman rights\n", encoding="utf-8")
    with pytest.raises(InputError, match="also an input"):
        check_output_path(tmp_path / "." / "b.tsv", [None, src])
    check_output_path(tmp_path / "r.json", [src])            # a new file is fine
