"""Model resolution: offline only, never hangs, clear errors, identities that name the weights."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zhenqa.corpora.errors import InputError
from zhenqa.models.translator import (
    DEFAULT_MODEL,
    cpu_threads,
    load_translator,
    load_translator_status,
    locate_model,
    model_identity,
    resolve_model,
)
from tiny_marian import isolate_mt_env

REPO = Path(__file__).resolve().parents[1]
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def mt_env(monkeypatch, tmp_path):
    isolate_mt_env(monkeypatch, tmp_path)


def fake_hub_cache(root: Path, model_dir: Path, repo_id: str = DEFAULT_MODEL, commit: str = COMMIT,
                   skip: tuple[str, ...] = ()) -> Path:
    """Lay `model_dir` out as huggingface_hub caches a download (refs/main -> snapshot)."""
    repo = root / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for f in model_dir.iterdir():
        if f.is_file() and f.name not in skip:
            shutil.copyfile(f, snapshot / f.name)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    return snapshot


def test_model_modules_import_no_heavy_library() -> None:
    code = ("import sys, zhenqa.models, zhenqa.models.base, zhenqa.models.resolve, zhenqa.models.translator,"
            " zhenqa.models.marian, zhenqa.models.ct2, zhenqa.models.cache, zhenqa.eval.scores, zhenqa.cmd_models,"
            " zhenqa.cmd_score;"
            "print([m for m in ('torch', 'transformers', 'ctranslate2', 'datasets', 'sentencepiece', 'sacrebleu')"
            " if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_none_switches_mt_off_silently(capsys) -> None:
    assert resolve_model("none") is None
    assert resolve_model(" None ") is None
    assert load_translator("none") is None
    assert capsys.readouterr().err == ""


def test_missing_default_model_means_no_mt_and_a_reason_not_a_print(capsys) -> None:
    # Library code never prints: the reason comes back, and the command prints it as a note.
    assert resolve_model(None) is None
    assert load_translator(None) is None
    translator, reason = load_translator_status(None)
    assert translator is None
    assert DEFAULT_MODEL in reason and "hf download" in reason
    assert capsys.readouterr().err == ""


def test_unknown_hub_id_fails_at_once_with_a_download_hint() -> None:
    with pytest.raises(InputError) as info:
        resolve_model("Helsinki-NLP/opus-mt-xx-yy")
    message = info.value.one_line()
    assert message.startswith("Helsinki-NLP/opus-mt-xx-yy: model not available offline")
    assert "hf download Helsinki-NLP/opus-mt-xx-yy" in message and "local model directory" in message
    with pytest.raises(InputError):
        load_translator("Helsinki-NLP/opus-mt-xx-yy")


def test_unknown_hub_id_on_the_command_line_exits_2(cli, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("我想你。\n", encoding="utf-8")
    res = cli("translate", src, "--presplit", "--model", "Org/no-such-model")
    assert res.code == 2 and res.out == ""
    assert len(res.err.strip().splitlines()) == 1
    assert "Org/no-such-model: model not available offline" in res.err


def test_bad_local_paths_are_named(tmp_path: Path, tiny_marian: Path) -> None:
    with pytest.raises(InputError, match="no such model directory"):
        locate_model(str(tmp_path / "missing-model"))
    with pytest.raises(InputError, match="no such model directory"):
        locate_model("./not/here")
    (tmp_path / "file.bin").write_bytes(b"x")
    with pytest.raises(InputError, match="not a file"):
        locate_model(str(tmp_path / "file.bin"))
    partial = tmp_path / "partial"
    shutil.copytree(tiny_marian, partial)
    (partial / "model.safetensors").unlink()
    (partial / "target.spm").unlink()
    with pytest.raises(InputError) as info:
        locate_model(str(partial))
    assert "model weights" in info.value.problem and "target.spm" in info.value.problem


def test_non_marian_model_is_refused(tmp_path: Path, tiny_marian: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(tiny_marian, other)
    config = json.loads((other / "config.json").read_text())
    config["model_type"] = "m2m_100"
    (other / "config.json").write_text(json.dumps(config))
    with pytest.raises(InputError, match="not supported"):
        locate_model(str(other))


def test_default_model_is_found_in_the_hub_cache_and_loads(tmp_path: Path, tiny_marian: Path) -> None:
    fake_hub_cache(tmp_path / "hf-hub", tiny_marian)
    assert resolve_model(None) == DEFAULT_MODEL
    loc = locate_model(DEFAULT_MODEL)
    assert loc.hub_id == DEFAULT_MODEL and loc.revision == COMMIT and loc.kind == "marian"
    assert model_identity(loc) == f"{DEFAULT_MODEL}@{COMMIT[:12]}"
    assert resolve_model(f"{DEFAULT_MODEL}@{COMMIT}") == f"{DEFAULT_MODEL}@{COMMIT}"

    from_cache = load_translator(None, beam_size=1, max_length=12, cache=False)
    by_path = load_translator(str(tiny_marian), beam_size=1, max_length=12, cache=False)
    assert from_cache is not None and by_path is not None
    assert from_cache.model_id == f"{DEFAULT_MODEL}@{COMMIT[:12]}"
    texts = ["我想你。", "汤姆在家里吗？"]
    assert from_cache.translate(texts) == by_path.translate(texts)


def test_incomplete_cache_snapshot_is_reported(tmp_path: Path, tiny_marian: Path) -> None:
    fake_hub_cache(tmp_path / "hf-hub", tiny_marian, skip=("model.safetensors",))
    assert resolve_model(None) is None
    with pytest.raises(InputError, match="incomplete"):
        resolve_model(DEFAULT_MODEL)


def test_identity_follows_the_weights(tmp_path: Path, tiny_marian: Path) -> None:
    copy = tmp_path / "tiny"
    shutil.copytree(tiny_marian, copy)
    same = model_identity(locate_model(str(copy)))
    # name@digest: the name is the directory's, the digest the files' (equal for a copy).
    assert same.startswith("tiny@")
    assert same.split("@")[1] == model_identity(locate_model(str(tiny_marian))).split("@")[1]
    data = bytearray((copy / "model.safetensors").read_bytes())
    data[-1] ^= 1
    (copy / "model.safetensors").write_bytes(bytes(data))
    assert model_identity(locate_model(str(copy))) != same


def test_bad_settings_are_input_errors(tiny_marian: Path) -> None:
    with pytest.raises(InputError, match="backend"):
        load_translator(str(tiny_marian), "marian")
    with pytest.raises(InputError, match="beam size"):
        load_translator(str(tiny_marian), beam_size=0)
    with pytest.raises(InputError, match="batch size"):
        load_translator(str(tiny_marian), batch_size=0)
    with pytest.raises(InputError, match="unknown device"):
        load_translator(str(tiny_marian), device="gpu")


def test_thread_count(monkeypatch) -> None:
    monkeypatch.setenv("ZHENQA_THREADS", "3")
    assert cpu_threads() == 3
    monkeypatch.setenv("ZHENQA_THREADS", "many")
    with pytest.raises(InputError):
        cpu_threads()
    monkeypatch.delenv("ZHENQA_THREADS")
    assert 1 <= cpu_threads() <= (len(__import__("os").sched_getaffinity(0)))


def test_cuda_request_without_cuda_fails_clearly(tiny_marian: Path) -> None:
    import ctranslate2
    import torch

    if torch.cuda.is_available() or ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has CUDA: the failure path cannot be exercised")
    for backend in ("transformers", "ctranslate2"):
        with pytest.raises(InputError, match="CUDA"):    # at load time, not mid-run
            load_translator(str(tiny_marian), backend, device="cuda")
