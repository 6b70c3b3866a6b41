"""The CC-CEDICT lexicon: glosses as English lemmas, pinyin, and its memory-mapped cache."""
from __future__ import annotations

import multiprocessing
import os

from zhenqa.corpora.lang import lexicon as L
from zhenqa.corpora.lang.segment import zh_glosses


def test_glosses_come_from_cc_cedict_as_lemmas():
    lex = L.load_lexicon()
    assert "friend" in lex.gloss("朋友")
    assert "study" in lex.gloss("研究")
    assert lex.gloss("没有这个词汇啊") == ()
    words = [w for w, _ in zh_glosses("陈清扬把我拽住，以伟大友谊的名义叫我留下来。", lex)]
    assert "友谊" in words and "伟大" in words
    # function characters with no content gloss are left out
    assert "我" not in words


def test_headwords_include_function_words_and_prefixes_are_not_words():
    lex = L.load_lexicon()
    # 自己's glosses are all English stopwords, yet it is a word the segmenter must know
    assert "自己" in lex.words and lex.gloss("自己") == ()
    assert lex.entry_flags("基础设") & L.PREFIX and not lex.entry_flags("基础设") & L.WORD
    assert "基础设" not in lex.words and "基础设施" in lex.words
    assert lex.entry_flags("没有这个词") == 0


def test_termbase_pairs_extend_the_lexicon_without_touching_the_shared_one():
    lex = L.load_lexicon()
    extended = lex.with_terms([("资产追回", "asset recovery")])
    assert set(extended.gloss("资产追回")) == {"asset", "recovery"}
    assert lex.gloss("资产追回") == ()


def test_pinyin_spellings_for_name_matching():
    lex = L.load_lexicon()
    assert "qingyang" in L.pinyin_strings("清扬", lex)
    assert "chen" in lex.readings("陈")
    assert "beijing" in L.pinyin_strings("北京", lex)


def test_english_vocabulary_tells_names_from_words():
    vocab = L.load_lexicon().english_vocabulary()
    assert "friend" in vocab and "agenda" in vocab
    assert "zhenqa" not in vocab and "the" not in vocab


def _build_in(path: str) -> int:
    os.environ["ZHENQA_CACHE_DIR"] = path
    words, pinyin, vocab = L.open_tables()
    return len(words)


def test_cache_is_built_once_then_read_without_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHENQA_CACHE_DIR", str(tmp_path))
    words, pinyin, vocab = L.open_tables()
    files = list(tmp_path.glob("cedict-*.lex"))
    assert len(files) == 1 and L.version_key() in files[0].name

    def no_parse(*_a, **_k):
        raise AssertionError("the dictionary was parsed again instead of read from the cache")

    monkeypatch.setattr(L, "parse_cedict", no_parse)
    again, pinyin2, vocab2 = L.open_tables()
    assert len(again) == len(words) and again.get("朋友") == words.get("朋友")
    assert "friend" in again.get("朋友").split()
    assert pinyin2.get("陈") == pinyin.get("陈")


def test_a_cache_of_another_version_is_rebuilt_not_misread(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHENQA_CACHE_DIR", str(tmp_path))
    target = tmp_path / f"cedict-{L.version_key()}.lex"
    # a file under the current name but written by another schema (another key inside)
    tmp_path.mkdir(exist_ok=True)
    target.write_bytes(L.build_file({"朋友": ("enemy",)}, {}, "s0-old"))
    # and a torn file of an earlier run must not be read either
    (tmp_path / "cedict-s1-old.lex").write_bytes(b"ZHENQALX\x05")
    words, _, _ = L.open_tables()
    assert "friend" in words.get("朋友").split() and "enemy" not in words.get("朋友").split()
    assert L._read_header(target.read_bytes(), L.version_key()) is not None


def test_caches_of_other_versions_are_kept_up_to_a_few_newest(tmp_path, monkeypatch):
    # two installed versions sharing one cache folder must not rebuild each other's file
    # on every alternate run; the oldest beyond KEEP_CACHES go, and the old marshal format
    monkeypatch.setenv("ZHENQA_CACHE_DIR", str(tmp_path))
    olds = [tmp_path / f"cedict-s{k}-old.lex" for k in range(1, 5)]
    for age, p in enumerate(reversed(olds)):          # s4 newest ... s1 oldest
        p.write_bytes(b"ZHENQALX\x05")
        os.utime(p, (1_000_000 - age * 1000, 1_000_000 - age * 1000))
    (tmp_path / "cedict-s0-old.marshal").write_bytes(b"x")
    L.open_tables()
    kept = sorted(p.name for p in tmp_path.glob("cedict-*"))
    newest_others = [p.name for p in olds[::-1][:L.KEEP_CACHES - 1]]
    assert kept == sorted([f"cedict-{L.version_key()}.lex", *newest_others])


def test_concurrent_builders_leave_one_complete_cache(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        sizes = pool.map(_build_in, [str(tmp_path)] * 2)
    assert len(set(sizes)) == 1 and sizes[0] > 200_000
    files = list(tmp_path.glob("cedict-*.lex"))
    assert len(files) == 1
    assert not list(tmp_path.glob(".cedict.*"))          # no temporary file left behind
    data = files[0].read_bytes()
    assert L._read_header(data, L.version_key()) is not None
