"""The translation cache: reruns cost nothing, interruptions leave no corrupt entries."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from zhenqa.models.cache import TranslationCache, cache_root
from zhenqa.models.translator import BatchTranslator, CachedTranslator, load_translator
from tiny_marian import isolate_mt_env


@pytest.fixture(autouse=True)
def mt_env(monkeypatch, tmp_path):
    isolate_mt_env(monkeypatch, tmp_path)


class Reverser(BatchTranslator):
    """A stand-in backend: 'translates' by reversing; can fail on a chosen call."""

    backend = "fake"

    def __init__(self, fail_on_call: int | None = None, batch_size: int = 2) -> None:
        super().__init__(batch_size)
        self.model_id = "reverser@1"
        self.settings = "fake;beam=1"
        self.calls = 0
        self.fail_on_call = fail_on_call

    def _encode(self, text: str) -> list[str]:
        return list(text)

    def _generate(self, batch: list[list[str]]) -> list[str]:
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise KeyboardInterrupt
        return ["".join(reversed(chars)) for chars in batch]


def cached(store: TranslationCache, backend: Reverser) -> CachedTranslator:
    return CachedTranslator(backend.model_id, backend.settings, backend.backend, store, lambda: backend)


def test_location_follows_environment(tmp_path: Path, monkeypatch) -> None:
    assert cache_root() == tmp_path / "zhenqa-cache"
    monkeypatch.delenv("ZHENQA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "zhenqa"
    store = TranslationCache.open_default()
    assert store is not None and store.path == tmp_path / "xdg" / "zhenqa" / "translations" / "translations.sqlite3"


def test_entries_are_keyed_by_model_settings_and_text(tmp_path: Path) -> None:
    store = TranslationCache(tmp_path / "c")
    store.put_many("m@1", "beam=4", [("甲", "A"), ("乙", "B")])
    assert store.get_many("m@1", "beam=4", ["甲", "乙", "丙"]) == {"甲": "A", "乙": "B"}
    assert store.get_many("m@2", "beam=4", ["甲"]) == {}
    assert store.get_many("m@1", "beam=1", ["甲"]) == {}
    store.put_many("m@1", "beam=4", [("甲", "A2")])
    assert store.get_many("m@1", "beam=4", ["甲"]) == {"甲": "A2"}
    assert store.count() == 2 and store.count("m@1") == 2
    # survives reopening, and many keys at once (more than one lookup chunk)
    many = [(f"句子{i}", f"sentence {i}") for i in range(1200)]
    store.put_many("m@1", "beam=4", many)
    store.close()
    again = TranslationCache(tmp_path / "c")
    assert again.get_many("m@1", "beam=4", [s for s, _ in many]) == dict(many)


def test_a_failed_write_stores_nothing(tmp_path: Path, capsys) -> None:
    store = TranslationCache(tmp_path / "c")
    store.put_many("m@1", "s", [("一", "one"), ("二", None), ("三", "three")])   # NOT NULL fails mid-way
    assert store.count() == 0
    assert "cache write failed" in capsys.readouterr().err


def test_rerun_translates_nothing(tmp_path: Path) -> None:
    store = TranslationCache(tmp_path / "c")
    first = Reverser()
    texts = ["甲乙", "丙丁", "", "甲乙", "戊己庚"]
    assert cached(store, first).translate(texts) == ["乙甲", "丁丙", "", "乙甲", "庚己戊"]
    assert first.segments_translated == 3
    second = Reverser()
    rerun = cached(store, second)
    assert rerun.translate(texts) == ["乙甲", "丁丙", "", "乙甲", "庚己戊"]
    assert second.calls == 0 and not rerun.loaded and rerun.hits == 3


def test_interrupted_run_keeps_finished_chunks_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(CachedTranslator, "CHUNK", 2)
    store = TranslationCache(tmp_path / "c")
    texts = ["一二", "三四", "五六", "七八", "九十"]
    with pytest.raises(KeyboardInterrupt):
        cached(store, Reverser(fail_on_call=2, batch_size=2)).translate(texts)
    assert store.count() == 2       # the first chunk, committed; nothing of the second
    resumed = Reverser()
    assert cached(store, resumed).translate(texts) == ["二一", "四三", "六五", "八七", "十九"]
    assert resumed.segments_translated == 3


def test_progress_counts_every_input_segment(tmp_path: Path) -> None:
    store = TranslationCache(tmp_path / "c")
    texts = ["甲", "乙", "", "甲", "丙"]
    cached(store, Reverser()).translate(texts[:2])
    seen: list[int] = []
    cached(store, Reverser()).translate(texts, progress=seen.append)
    assert sum(seen) == len(texts)
    bare: list[int] = []
    Reverser().translate(texts, progress=bare.append)
    assert sum(bare) == len(texts)


def test_corrupt_database_is_moved_aside(tmp_path: Path, capsys) -> None:
    directory = tmp_path / "zhenqa-cache" / "translations"
    directory.mkdir(parents=True)
    (directory / TranslationCache.FILENAME).write_bytes(b"this is not a database" * 100)
    store = TranslationCache.open_default()
    assert store is not None
    store.put_many("m", "s", [("一", "one")])
    assert store.get_many("m", "s", ["一"]) == {"一": "one"}
    assert list(directory.glob("*.corrupt-*"))
    assert "corrupt" in capsys.readouterr().err


def test_unusable_cache_location_means_no_cache_not_failure(tmp_path: Path, monkeypatch, tiny_marian: Path,
                                                              capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("ZHENQA_CACHE_DIR", str(blocker))
    assert TranslationCache.open_default() is None
    mt = load_translator(str(tiny_marian), beam_size=1, max_length=8)
    assert not isinstance(mt, CachedTranslator)
    assert mt.translate(["我想你。"])[0]
    assert "cache unavailable" in capsys.readouterr().err


def test_tiny_model_rerun_neither_translates_nor_loads(tiny_marian: Path, tmp_path: Path) -> None:
    texts = ["我想你。", "汤姆在家里吗？", "我们迟到了。", "我想你。"]
    first = load_translator(str(tiny_marian), beam_size=2, max_length=16)
    assert isinstance(first, CachedTranslator)
    out = first.translate(texts)
    assert first.segments_translated == 3
    second = load_translator(str(tiny_marian), beam_size=2, max_length=16)
    assert second.translate(texts) == out
    assert second.segments_translated == 0 and not second.loaded
    # other decoding settings are other entries
    third = load_translator(str(tiny_marian), beam_size=1, max_length=16)
    third.translate(texts)
    assert third.segments_translated == 3
    rows = sqlite3.connect(tmp_path / "zhenqa-cache" / "translations" / "translations.sqlite3").execute(
        "SELECT DISTINCT model, settings FROM translations").fetchall()
    assert len(rows) == 2 and all(model == first.model_id for model, _ in rows)


def test_lazy_load_reports_a_broken_model_when_first_needed(tiny_marian: Path, tmp_path: Path) -> None:
    import shutil

    from zhenqa.corpora.errors import InputError

    broken = tmp_path / "broken"
    shutil.copytree(tiny_marian, broken)
    (broken / "model.safetensors").write_bytes(b"not safetensors")
    mt = load_translator(str(broken), beam_size=1, max_length=8)
    with pytest.raises(InputError, match="cannot load"):
        mt.translate(["我想你。"])



class Recorder(Reverser):
    """Records the batches the model is given."""

    def __init__(self, batch_size: int) -> None:
        super().__init__(batch_size=batch_size)
        self.batches: list[list[int]] = []

    def _generate(self, batch: list[list[str]]) -> list[str]:
        self.batches.append([len(chars) for chars in batch])
        return super()._generate(batch)


def test_misses_are_batched_by_length_across_the_whole_document(tmp_path: Path, monkeypatch) -> None:
    """A document translated in one call pads little: the misses are ordered by length
    before they are cut into committed chunks, so each model batch holds segments of
    about the same length, wherever they stand in the document."""
    monkeypatch.setattr(CachedTranslator, "CHUNK", 4)
    backend = Recorder(batch_size=2)
    mt = cached(TranslationCache(tmp_path / "c"), backend)
    texts = ["甲" * n for n in (1, 9, 2, 8, 3, 7, 4, 6)]
    out = mt.translate(texts)
    assert out == texts                                  # reversing a run of one character
    assert backend.batches == [[9, 8], [7, 6], [4, 3], [2, 1]]
