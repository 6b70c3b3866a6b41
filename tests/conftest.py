"""Shared test setup: offline hub, the shared real data, a CLI runner.

Tests read the real data from ../shared/data (CI has it too); a test that needs a set that
is missing fails loudly rather than being skipped, because a skipped test proves nothing.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZHENQA_SHARED", REPO.parent / "shared")).resolve()
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """../shared/data, the real document pairs and gold sets."""
    assert DATA.is_dir(), f"shared data not found at {DATA} (set ZHENQA_SHARED)"
    return DATA


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, err={self.err!r}, out={self.out[:200]!r})"


@pytest.fixture
def cli():
    """Run `python -m zhenqa ARGS` in a subprocess, as a user would; returns code/out/err."""

    def run(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None) -> CliResult:
        full_env = dict(os.environ)
        full_env["HF_HUB_OFFLINE"] = "1"
        if env:
            full_env.update(env)
        proc = subprocess.run(
            [sys.executable, "-m", "zhenqa", *map(str, args)],
            cwd=cwd or REPO, input=input, capture_output=True, text=True, env=full_env, timeout=600,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory) -> Path:
    """A tiny Marian zh-en model built from scratch (SentencePiece + MarianConfig, briefly
    trained), saved as a local model directory laid out like an opus-mt checkpoint.
    Built once per test session; see tests/tiny_marian.py."""
    from tiny_marian import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("tiny_marian"))
