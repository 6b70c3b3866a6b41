"""`zhenqa batch --engine ray`: the same outputs as the local engine, and the same journal
(CLI contract, `zhenqa batch`: "outputs identical to --engine local").

A local Ray with two CPUs is started by the command itself (no --ray-address), as CI would:
the tasks then write their files themselves. A cluster without a shared output folder has
the driver write every file from the tasks' results: that path is run in process, against
a Ray started by the test and given as an address. Starting Ray takes several seconds
here, hence `slow`.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from test_batch import tree, write_sdg

pytest.importorskip("ray")


@pytest.mark.slow
def test_ray_outputs_equal_local_and_resume_from_the_same_journal(tmp_path: Path, data_dir: Path, cli) -> None:
    write_sdg(tmp_path / "in", data_dir, [12, 13, 14])
    local = cli("batch", "in", "-o", "local", "--qa", "--jobs", "2", "--tmx", cwd=tmp_path)
    assert local.code == 0, local
    ray = cli("batch", "in", "-o", "ray", "--qa", "--jobs", "2", "--tmx", "--engine", "ray", cwd=tmp_path)
    assert ray.code == 0, ray
    a, b = tree(tmp_path / "local"), tree(tmp_path / "ray")
    assert sorted(a) == sorted(b)
    for rel in a:
        assert a[rel] == b[rel], rel
    # the journal written by the Ray run is the local engine's: nothing left to do
    again = cli("batch", "in", "-o", "ray", "--qa", "--jobs", "2", "--tmx", cwd=tmp_path)
    assert again.code == 0 and "0 aligned now, 3 already done" in again.err


@pytest.mark.slow
def test_ray_driver_writing_the_files_gives_the_same_outputs(tmp_path: Path, data_dir: Path, cli,
                                                            monkeypatch) -> None:
    import logging

    import ray

    from zhenqa.batch import BatchOptions, run_batch
    from zhenqa.batch.engine_ray import RayEngine

    write_sdg(tmp_path / "in", data_dir, [15, 16])
    assert cli("batch", "in", "-o", "local", "--jobs", "1", cwd=tmp_path).code == 0
    monkeypatch.chdir(tmp_path)
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        engine = RayEngine(BatchOptions(), "x", 2, "auto")
        assert engine.task_outdir is None              # a cluster: the driver writes
        run = run_batch(["in"], "viaray", options=BatchOptions(), engine="ray", ray_address="auto",
                        progress=False)
    finally:
        ray.shutdown()
    assert run.exit_code == 0 and run.ran == 2
    assert tree(tmp_path / "viaray") == tree(tmp_path / "local")
