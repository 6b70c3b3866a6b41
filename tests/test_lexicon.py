"""The alignment lexicon: CC-CEDICT glosses from a compact cache, jieba words, lemmas."""
from __future__ import annotations

from zhenqa.align import lexicon as L


def test_light_lemmas_meet_across_inflections():
    assert L.lemma("studies") == L.lemma("studied") == L.lemma("studying") == L.lemma("study")
    assert L.lemma("stopped") == L.lemma("stop")
    assert L.lemma("loved") == L.lemma("loving") == L.lemma("love")
    assert L.lemma("women") == "woman" and L.lemma("went") == L.lemma("go") == "go"
    assert L.lemma("Qingyang's") == L.lemma("Qingyang") == "qingyang"


def test_english_lemmas_drop_stopwords_and_digits():
    assert L.english_lemmas("The 3 friends said they were studying in Beijing.") == \
        ["friend", "study", "beij"]


def test_glosses_come_from_cc_cedict_as_lemmas():
    lex = L.load_lexicon()
    assert "friend" in lex.gloss("朋友")
    assert "study" in lex.gloss("研究")
    assert lex.gloss("没有这个词汇啊") == ()
    words = [w for w, _ in lex.zh_glosses("陈清扬把我拽住，以伟大友谊的名义叫我留下来。")]
    assert "友谊" in words and "伟大" in words
    # function characters with no content gloss are left out
    assert "我" not in words


def test_segmentation_is_jieba_and_memoized():
    s = "缔约国会议通过了议程。"
    first = L.segment(s)
    assert "缔约国" in first or "缔约" in first
    assert L.segment(s) is first


def test_termbase_pairs_extend_the_lexicon_without_touching_the_shared_one():
    lex = L.load_lexicon()
    extended = lex.with_terms([("资产追回", "asset recovery")])
    assert set(extended.gloss("资产追回")) == {"asset", "recovery"}
    assert lex.gloss("资产追回") == ()


def test_pinyin_spellings_for_name_matching():
    lex = L.load_lexicon()
    assert "qingyang" in L.pinyin_strings("清扬", lex)
    assert "chen" in lex.readings("陈")


def test_cache_file_is_built_once_and_reloads_fast(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHENQA_CACHE_DIR", str(tmp_path))
    words, pinyin = L._load_or_build()
    files = list(tmp_path.glob("cedict-*.marshal"))
    assert len(files) == 1


    def no_parse(*_a, **_k):
        raise AssertionError("the dictionary was parsed again instead of read from the cache")

    monkeypatch.setattr(L, "_parse_cedict", no_parse)
    again, pinyin2 = L._load_or_build()
    assert again == words and pinyin2 == pinyin
    assert "friend" in again["朋友"].split()


def test_word_family_roots_meet_across_derivations():
    root = lambda w: L.english_root(L.lemma(w))  # noqa: E731
    for a, b in [("marriage", "marry"), ("reliance", "rely"), ("awareness", "aware"),
                 ("action", "act"), ("payment", "pay"), ("failure", "fail"),
                 ("existence", "exist"), ("denial", "deny")]:
        assert root(a) == root(b), (a, b)
    # different words keep different roots
    assert root("marriage") != root("mare") and root("nation") != root("nature")


def test_words_ending_in_ly_that_are_not_adverbs_keep_one_lemma():
    assert L.lemma("comply") == L.lemma("complies") == "comply"
    assert L.lemma("family") == L.lemma("families")
    assert L.lemma("quickly") == "quick" and L.lemma("finally") == "final"
