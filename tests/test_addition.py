"""The addition check: English content with no Chinese counterpart, the mirror of omission.

On the SDG indicators, where the English of some titles was revised and the Chinese kept
the old wording (the data set's README), the added English is found, named and highlighted;
on the clean official texts it stays quiet; a clause added to a real target is found."""
from __future__ import annotations

import pytest
import yaml

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.eval.qa import run_qa


def _sdg(data_dir, name: str) -> list[tuple[str, str, str]]:
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / f"global_{name}.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / f"global_{name}.en.yml").read_text(encoding="utf-8"))
    return [(k, " ".join(str(zh[k]).split()), " ".join(str(en[k]).split())) for k in zh if k in en]


def additions(pairs) -> list:
    bt = Bitext([Segment(i, z, e) for i, (_, z, e) in enumerate(pairs)])
    return [f for f in run_qa(bt, only=["addition"]).findings if f.check == "addition"]


@pytest.fixture(scope="module")
def indicators(data_dir):
    return _sdg(data_dir, "indicators")


@pytest.fixture(scope="module")
def targets(data_dir):
    return _sdg(data_dir, "targets")


def test_an_english_clause_added_to_a_short_title_is_found_and_highlighted(indicators):
    # 15.4.2: 山区绿化覆盖指数 (8 characters) / "Mountain Green Cover Index and proportion of
    # degraded mountain land": too short for the length and omission checks
    keys = [k for k, _, _ in indicators]
    found = {keys[f.segment]: f for f in additions(indicators)}
    f = found["15-4-2-title"]
    assert f.severity in ("warning", "error")
    en = indicators[keys.index("15-4-2-title")][2]
    (span,) = f.spans
    assert span.side == "en" and "degraded" in en[span.start:span.end]
    assert "Mountain Green Cover" not in en[span.start:span.end]
    assert "proportion" in f.extra["unexplained"]
    assert "lexical LLR" in f.evidence
    # the revised 17.3.1 ("Additional financial resources mobilized ...") too
    assert "17-3-1-title" in found


def test_clean_official_translations_get_no_addition_error_and_few_warnings(targets, data_dir):
    for pairs in (targets,):
        found = additions(pairs)
        assert [f for f in found if f.severity == "error"] == []
        assert len(found) <= 0.03 * len(pairs)


def test_a_clause_added_to_a_real_target_is_found_where_it_was_added(targets):
    i = next(k for k, (_, z, e) in enumerate(targets) if e.startswith("By 2030, ensure that all men"))
    key, zh, en = targets[i]
    added = "including through the provision of long-term concessional loans to landowners"
    cut = en.index(", including")
    pairs = list(targets)
    pairs[i] = (key, zh, en[:cut] + ", " + added + en[cut:])
    found = [f for f in additions(pairs) if f.segment == i]
    assert found
    new = pairs[i][2]
    start = new.index(added)
    (span,) = found[0].spans
    end = start + len(added)
    assert span.start < end and start < span.end             # it points at the addition
    inside = [w for w in found[0].extra["unexplained"] if w in added]
    assert 2 * len(inside) >= len(found[0].extra["unexplained"])


def test_names_acronyms_and_latin_text_of_the_chinese_are_neutral():
    from zhenqa.eval.checks.addition import en_content_words

    words = en_content_words("Average marine acidity (pH) measured by the GUUAM Office in Kyiv")
    names = {w.lemma for w in words if w.name}
    assert {"ph", "guuam", "kyiv"} <= names


def test_english_put_in_place_of_a_rendered_clause_is_a_substitution(targets):
    """SDG target 4.1 with "equitable and quality primary and secondary education leading to
    relevant and effective learning outcomes" (公平和优质的中小学教育...) replaced by a clause of
    target 7.1, "reliable and modern energy services": shorter than the faithful English, so
    the length speaks against an addition, and the few unexplained words alone stay under
    the threshold. The English nobody explains and the Chinese nobody renders, together, are
    a substitution (the class of SDG indicator 12.7.1): both are named and highlighted."""
    from zhenqa.eval.config import QAConfig

    i = next(k for k, (key, _, _) in enumerate(targets) if key == "4-1-title")
    key, zh, en = targets[i]
    old = ("equitable and quality primary and secondary education leading to relevant and "
           "effective learning outcomes")
    new = "reliable and modern energy services"
    assert old in en and "中小学教育" in zh
    pairs = list(targets)
    pairs[i] = (key, zh, en.replace(old, new))
    bt = Bitext([Segment(k, z, e) for k, (_, z, e) in enumerate(pairs)])
    (f,) = [f for f in run_qa(bt, only=["addition"]).findings if f.segment == i]
    assert f.key == "substitution" and f.severity == "warning"
    spans = {s.side: s for s in f.spans}
    changed = pairs[i][2]
    start = changed.index(new)
    assert spans["en"].start < start + len(new) and start < spans["en"].end
    assert "中小学教育" in zh[spans["zh"].start:spans["zh"].end]
    assert "omission LLR" in f.evidence
    # the same evidence without the substitution path: under the threshold
    off = QAConfig.load(overrides={"checks": {"addition": {"substitution_weight": 0.0}}})
    assert not [f for f in run_qa(bt, off, only=["addition"]).findings if f.segment == i]
