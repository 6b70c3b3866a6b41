"""Crash safety of `zhenqa batch`: a run SIGKILLed part-way and started again ends with
exactly the outputs of an uninterrupted run: no pair lost, no row twice (CLI contract,
`zhenqa batch`, "Resumable").

The real command runs in a subprocess on the 17 SDG goal documents in both languages (see
test_batch.sdg_goal_docs), with --qa so that every kind of per-pair file is written, and
is killed with its workers (the whole process group, as a crash or the OOM killer of a
scheduler would) once a few pairs are journaled.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_batch import tree, write_sdg


def _journaled(out: Path) -> int:
    db = out / ".zhenqa" / "journal.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
            return con.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
    except sqlite3.Error:
        return 0


def _batch(cwd: Path, out: str) -> list[str]:
    return [sys.executable, "-m", "zhenqa", "batch", "in", "-o", out, "--qa", "--jobs", "2", "--model", "none"]


def test_killed_run_resumes_to_the_same_outputs(tmp_path: Path, data_dir: Path) -> None:
    write_sdg(tmp_path / "in", data_dir, list(range(1, 18)))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}

    done = subprocess.run(_batch(tmp_path, "whole"), cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr

    proc = subprocess.Popen(_batch(tmp_path, "killed"), cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _journaled(tmp_path / "killed") < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed: give it more pairs"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _journaled(tmp_path / "killed")
    assert 4 <= partial < 17
    assert not (tmp_path / "killed" / "summary.json").exists()

    again = subprocess.run(_batch(tmp_path, "killed"), cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{17 - partial} aligned now, {partial} already done" in again.stderr

    whole, killed = tree(tmp_path / "whole"), tree(tmp_path / "killed")
    assert sorted(killed) == sorted(whole)             # no file missing, none left over
    for rel in whole:
        assert killed[rel] == whole[rel], rel           # byte for byte (timings aside)
    rows = (tmp_path / "killed" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    keys = [(r["pair"], tuple(r["zh_ids"])) for r in map(json.loads, rows)]
    assert len(keys) == len(set(keys))                  # no row twice
    assert {k[0] for k in keys} == {f"goal{g:02d}" for g in range(1, 18)}   # no pair lost


def test_rerun_with_nothing_to_do_reads_no_document(tmp_path: Path, data_dir: Path, cli) -> None:
    """The journal's stat cache: an unchanged rerun hashes nothing and aligns nothing."""
    write_sdg(tmp_path / "in", data_dir, [10, 11])
    assert cli("batch", "in", "-o", "out", "--jobs", "1", cwd=tmp_path).code == 0
    first = tree(tmp_path / "out")
    r = cli("batch", "in", "-o", "out", "--jobs", "1", cwd=tmp_path)
    assert r.code == 0 and "0 aligned now, 2 already done" in r.err
    assert tree(tmp_path / "out") == first


def test_a_rerun_removes_the_files_in_progress_a_killed_run_left(tmp_path: Path, data_dir: Path, cli) -> None:
    """A SIGKILL in the middle of an atomic write leaves its temporary file (never a file
    under a final name); the next run, holding the folder's lock, removes them."""
    write_sdg(tmp_path / "in", data_dir, [10, 11])
    assert cli("batch", "in", "-o", "out", "--jobs", "1", cwd=tmp_path).code == 0
    first = tree(tmp_path / "out")
    out = tmp_path / "out"
    stale = [out / "pairs" / ".goal10.beads.k2j4x9.part", out / ".zhenqa" / "rows" / ".goal11.jsonl.a8b.part",
             out / ".corpus.jsonl.zz1.part"]
    for p in stale:
        p.write_text("half a file", encoding="utf-8")
    r = cli("batch", "in", "-o", "out", "--jobs", "1", cwd=tmp_path)
    assert r.code == 0 and "0 aligned now, 2 already done" in r.err
    assert not any(p.exists() for p in stale)
    assert tree(out) == first
