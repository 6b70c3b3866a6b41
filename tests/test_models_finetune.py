"""Fine-tuning Marian on aligned segments: held-out dev, lower loss, a loadable result."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.models.finetune import REPORT_FILE, FinetuneConfig, clean_pairs, finetune, split_pairs
from zhenqa.models.translator import load_translator, locate_model, model_identity
from tiny_marian import TRAIN_PAIRS, isolate_mt_env, tatoeba_pairs


@pytest.fixture(autouse=True)
def mt_env(monkeypatch, tmp_path):
    isolate_mt_env(monkeypatch, tmp_path)


@pytest.fixture(scope="module")
def in_domain() -> list[tuple[str, str]]:
    """Pairs the tiny model was not trained on, from the same Tatoeba distribution."""
    return tatoeba_pairs(TRAIN_PAIRS + 400)[TRAIN_PAIRS:]


def quick(**overrides) -> FinetuneConfig:
    settings = dict(max_steps=30, lr=1e-3, batch_size=16, eval_beam_size=1, eval_max_length=20)
    settings.update(overrides)
    return FinetuneConfig(**settings)


def test_cleaning_drops_empty_sides_and_duplicates() -> None:
    kept, dropped = clean_pairs([("甲", "A"), ("", "B"), ("乙", " "), ("甲 ", " A"), ("丙", "C")])
    assert kept == [("甲", "A"), ("丙", "C")] and dropped == 3


def test_split_is_seeded_disjoint_and_keeps_both_sides() -> None:
    pairs = [(f"句{i}", f"s{i}") for i in range(50)]
    train, dev = split_pairs(pairs, 0.1, seed=7)
    assert len(dev) == 5 and len(train) == 45
    assert not set(train) & set(dev) and set(train) | set(dev) == set(pairs)
    assert split_pairs(pairs, 0.1, seed=7) == (train, dev)
    assert split_pairs(pairs, 0.1, seed=8) != (train, dev)
    assert split_pairs(pairs[:2], 0.01, seed=1)[1]          # at least one dev pair
    with pytest.raises(InputError, match="at least 2"):
        split_pairs(pairs[:1], 0.1, seed=1)


def test_finetuning_lowers_dev_loss_and_saves_a_loadable_model(tiny_marian: Path, tmp_path: Path,
                                                                in_domain) -> None:
    out = tmp_path / "tuned"
    report = finetune(in_domain, str(tiny_marian), out, quick(), log=lambda _: None)
    assert report.train_pairs == 360 and report.dev_pairs == 40 and report.steps == 30
    assert report.after.loss < report.before.loss
    assert report.before.bleu_signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert 0 <= report.after.chrf <= 100

    saved = json.loads((out / REPORT_FILE).read_text(encoding="utf-8"))
    assert saved["after"]["loss"] == pytest.approx(report.after.loss)
    assert saved["base_model_id"] == model_identity(locate_model(str(tiny_marian)))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]   # no temp dir left

    tuned = load_translator(str(out), beam_size=1, max_length=20, cache=False)
    base = load_translator(str(tiny_marian), beam_size=1, max_length=20, cache=False)
    assert tuned.model_id != base.model_id
    texts = [zh for zh, _ in in_domain[:30]]
    assert all(tuned.translate(texts))
    assert tuned.translate(texts) != base.translate(texts)


def test_conversion_of_the_tuned_model_agrees(tiny_marian: Path, tmp_path: Path, in_domain) -> None:
    from zhenqa.models.ct2 import convert_marian

    out = tmp_path / "tuned"
    finetune(in_domain, str(tiny_marian), out, quick(max_steps=10), log=lambda _: None)
    report = convert_marian(str(out), tmp_path / "tuned-ct2", "float32")
    assert report.pad_row_was_zero
    texts = [zh for zh, _ in in_domain[:40]]
    hf = load_translator(str(out), "transformers", beam_size=1, max_length=20, cache=False)
    ct = load_translator(str(tmp_path / "tuned-ct2"), beam_size=1, max_length=20, cache=False)
    assert hf.translate(texts) == ct.translate(texts)


def test_existing_output_and_bad_settings_fail_before_training(tiny_marian: Path, tmp_path: Path,
                                                               in_domain) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="already exists"):
        finetune(in_domain, str(tiny_marian), taken, quick())
    assert (taken / "keep.txt").read_text() == "mine"
    with pytest.raises(InputError, match="dev-ratio"):
        finetune(in_domain, str(tiny_marian), tmp_path / "x", quick(dev_ratio=0))
    with pytest.raises(InputError, match="not available offline"):
        finetune(in_domain, "Org/missing-model", tmp_path / "x", quick())


def test_finetune_command_reads_a_tsv_bitext(cli, tiny_marian: Path, tmp_path: Path, in_domain) -> None:
    bitext = tmp_path / "aligned.tsv"
    bitext.write_text("".join(f"{zh}\t{en}\n" for zh, en in in_domain[:120]), encoding="utf-8")
    out = tmp_path / "tuned-cli"
    args = ["models", "finetune", "--bitext", bitext, "--base", tiny_marian, "-o", out,
            "--max-steps", "8", "--lr", "1e-3", "--beam-size", "1", "--dev-ratio", "0.2"]
    res = cli(*args, "--json")
    assert res.code == 0, res
    report = json.loads(res.out)
    assert report["train_pairs"] == 96 and report["dev_pairs"] == 24 and report["steps"] == 8
    assert report["after"]["loss"] < report["before"]["loss"]
    assert (out / "model.safetensors").is_file() and (out / "source.spm").is_file()
    again = cli(*args)
    assert again.code == 2 and "already exists" in again.err and len(again.err.strip().splitlines()) == 1
