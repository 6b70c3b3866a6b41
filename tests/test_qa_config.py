"""QA configuration: `eval/qa_defaults.toml` is the one source of every default. A user file
names only what it changes and inherits the rest; a check that reads a setting the defaults
do not define is a bug, and it fails loudly instead of falling back on a hidden default."""
from __future__ import annotations

import copy

import pytest

from zhenqa.corpora.model import Bitext, Segment
from zhenqa.eval import checks as C
from zhenqa.eval.config import CheckConfig, MissingSetting, QAConfig, _load_defaults
from zhenqa.eval.qa import run_qa


def test_a_user_file_that_names_one_key_inherits_all_others(tmp_path):
    p = tmp_path / "qa.toml"
    p.write_text("[checks.omission]\nerror_score = 9.5\n", encoding="utf-8")
    user, default = QAConfig.load(p).check("omission"), QAConfig.load().check("omission")
    assert user["error_score"] == 9.5 != default["error_score"]
    assert {k: v for k, v in user.params.items() if k != "error_score"} == \
        {k: v for k, v in default.params.items() if k != "error_score"}
    assert user.severity == default.severity


def test_reading_an_undefined_setting_fails_loudly_naming_check_and_key():
    cfg = QAConfig.load().check("length-ratio")
    with pytest.raises(MissingSetting, match=r"checks\.length-ratio\.no_such_key"):
        cfg["no_such_key"]
    assert not hasattr(CheckConfig, "get")          # no silent fallback path left


def test_a_check_whose_default_is_missing_fails_instead_of_guessing():
    data = copy.deepcopy(_load_defaults())
    del data["checks"]["length-ratio"]["z_threshold"]
    cfg = QAConfig._from_dict(data, "defaults")
    pairs = [("各国政府应加强国际合作,支持发展中国家的能力建设。",
              "Governments should strengthen international cooperation.")] * 3
    bt = Bitext([Segment(i, z, e) for i, (z, e) in enumerate(pairs)])
    with pytest.raises(MissingSetting, match="z_threshold"):
        run_qa(bt, cfg, only=["length-ratio"])


def test_every_registered_check_has_defaults_with_a_severity():
    defaults = _load_defaults()["checks"]
    assert set(defaults) == set(C.CHECKS)
    assert all(body["severity"] in ("error", "warning", "info") for body in defaults.values())


def test_every_setting_the_checks_read_on_real_text_is_defined(monkeypatch, data_dir):
    """All checks over the SDG targets (plus a few segments that reach the rarer branches):
    each setting read exists, and each is read from the packaged defaults."""
    import yaml

    read: set[tuple[str, str]] = set()
    original = CheckConfig.__getitem__

    def spy(self: CheckConfig, name: str):
        read.add((self.id, name))
        return original(self, name)

    monkeypatch.setattr(CheckConfig, "__getitem__", spy)
    d = data_dir / "sdg_goals_targets_indicators_zh_en"
    zh = yaml.safe_load((d / "global_targets.zh-Hans.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((d / "global_targets.en.yml").read_text(encoding="utf-8"))
    segs = [Segment(i, " ".join(str(zh[k]).split()), " ".join(str(en[k]).split()))
            for i, k in enumerate(k for k in zh if k in en)]
    n = len(segs)
    segs += [Segment(n, "人权（草案", " Human rights (draft [...] XXX the the  , , "),
             Segment(n + 1, "五. 人权", "6. 人权")]
    run_qa(Bitext(segs))
    defaults = _load_defaults()["checks"]
    assert read and all(name in defaults[cid] for cid, name in read)
