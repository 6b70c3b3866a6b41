"""Small hand-written pairs that pin what the aligner must do (and must not)."""
from __future__ import annotations

from pathlib import Path

import pytest

from zhenqa.align.aligner import align_documents, to_bitext
from zhenqa.align.config import AlignConfig
from zhenqa.corpora.errors import InputError
from zhenqa.corpora.readers import parse_text, read_document
from zhenqa.pipeline import align_paths

FIX = Path(__file__).parent / "fixtures" / "align"


def beads(al):
    return [(list(z), list(e)) for z, e in al.beads()]


def test_numbering_offset_is_inferred_and_used():
    # a draft numbered 1..5 against the final report numbered 54..58
    al = align_paths(FIX / "offset.zh.txt", FIX / "offset.en.txt", unit="paragraph")
    assert al.meta["numbering_offset"] == 53
    assert beads(al) == [([k], [k]) for k in range(6)]
    # the labels travel as TMX props: the draft's 3 against the final 56
    seg = to_bitext(al).segments[3]
    assert seg.props["x-zh-label"] == "3" and seg.props["x-en-label"] == "56"


def test_a_missing_paragraph_is_a_one_to_zero_bead_in_place():
    al = align_paths(FIX / "missing.zh.txt", FIX / "missing.en.txt", unit="paragraph")
    assert beads(al) == [([0], [0]), ([1], [1]), ([2], [2]), ([3], []), ([4], [3])]
    assert al.links[3].review  # a paragraph without English is for a person to look at
    sent = align_paths(FIX / "missing.zh.txt", FIX / "missing.en.txt")
    zh_only = [lk for lk in sent.links if lk.zh and not lk.en]
    assert [sent.zh_units[i] for lk in zh_only for i in lk.zh] == \
        ["一位发言者呼吁加强国际合作，特别是在引渡方面的合作。"]


def test_a_sentence_translated_as_two_is_one_to_two():
    al = align_paths(FIX / "merged.zh.txt", FIX / "merged.en.txt", presplit=True)
    assert beads(al) == [([0], [0]), ([1], [1, 2]), ([2], [3])]


def test_a_misleading_bare_digit_does_not_pull_the_alignment():
    # "3" is in the second Chinese sentence but the third English one; words disagree
    al = align_paths(FIX / "digit.zh.txt", FIX / "digit.en.txt", presplit=True)
    assert beads(al) == [([k], [k]) for k in range(4)]


def test_strong_anchors_decide_where_words_cannot():
    # Two near-identical paragraphs that differ only in their symbols and amounts,
    # given in a different order in English: the anchors must pair them.
    zh = ("秘书处介绍了报告（CAC/COSP/2017/5），所需经费为1,676,000美元。\n"
          "秘书处介绍了报告（CAC/COSP/2017/9），所需经费为2,350,000美元。\n")
    en = ("The Secretariat introduced the report (CAC/COSP/2017/5), requiring $1,676,000.\n"
          "The Secretariat introduced the report (CAC/COSP/2017/9), requiring $2,350,000.\n")
    al = align_documents(parse_text(zh, "zh", fmt="presplit"), parse_text(en, "en", fmt="presplit"))
    assert beads(al) == [([0], [0]), ([1], [1])]
    assert all("anchor" in lk.signals for lk in al.links)


def test_links_carry_confidence_signals_and_review_flags():
    al = align_paths(FIX / "merged.zh.txt", FIX / "merged.en.txt", presplit=True)
    for lk in al.links:
        assert 0.0 <= lk.score <= 1.0
        assert "length" in lk.signals and "lexicon" in lk.signals
        assert lk.review == (lk.score < al.config.review_threshold)
    js = al.to_json()
    assert js["signature"].startswith("zhenqa-align|")


def test_documents_that_are_not_translations_are_refused_unless_forced(data_dir):
    mac = data_dir / "bertalign_mac_dev"
    zh = read_document(mac / "zh" / "001.zh", "zh", presplit=True)
    en = read_document(mac / "en" / "002.en", "en", presplit=True)
    with pytest.raises(InputError, match="do not look like translations"):
        align_documents(zh, en)
    al = align_documents(zh, en, force=True)
    assert sorted(i for lk in al.links for i in lk.zh) == list(range(len(zh.units)))


def test_translations_must_match_the_chinese_units():
    zh = parse_text("第一句。\n第二句。\n", "zh", fmt="presplit")
    en = parse_text("First.\nSecond.\n", "en", fmt="presplit")
    with pytest.raises(InputError, match="translations"):
        align_documents(zh, en, translations=["only one"])


def test_machine_proposals_fill_chinese_without_english():
    class Echo:
        model_id = "echo@test"

        def translate(self, texts):
            return [f"MT({t})" for t in texts]

    al = align_paths(FIX / "missing.zh.txt", FIX / "missing.en.txt", unit="paragraph", model=Echo())
    seg = to_bitext(al).segments[3]
    assert seg.en == "" and seg.proposal == {"text": "MT(一位发言者呼吁加强国际合作，特别是在引渡方面的合作。)",
                                             "model": "echo@test", "machine": True}
    assert al.meta["mt"] == "echo@test"


def test_config_signature_names_the_settings():
    a, b = AlignConfig(), AlignConfig(skip_score=0.9)
    assert a.signature() != b.signature()
    with pytest.raises(ValueError):
        a.with_(no_such_weight=1)


@pytest.mark.parametrize("zh,en,expected", [
    ("你好。", "Hello.", [([0], [0])]),
    ("你好。", "Hello.\nHow are you?\nFine.", [([0], [0, 1, 2])]),
    ("你好。\n我很好。\n谢谢。", "Hello.", [([0, 1, 2], [0])]),
])
def test_tiny_documents_still_cover_every_unit(zh, en, expected):
    al = align_documents(parse_text(zh, "zh", fmt="presplit"), parse_text(en, "en", fmt="presplit"))
    assert beads(al) == expected
    assert all(0.0 <= lk.score <= 1.0 for lk in al.links)


def test_empty_side_gives_only_unaligned_beads():
    from zhenqa.align.channels import build_features
    from zhenqa.align.sentence import align_features
    from zhenqa.corpora.lang.lexicon import load_lexicon

    feats = build_features(["你好。", "再见。"], [], load_lexicon(), AlignConfig())
    res = align_features(feats, AlignConfig())
    assert res.beads == [((0,), ()), ((1,), ())]
