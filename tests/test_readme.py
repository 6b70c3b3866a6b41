"""The README's two commands are what users and CI run: keep them true.

CI (.ci/run) must run exactly the README's test command, and the demo command must point at
a real pair in ../shared/data and at commands that exist.
"""
from __future__ import annotations

import re
import shlex

from conftest import REPO


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines()
            if line.startswith("    python3 -m venv .venv")]


def test_readme_opens_with_a_demo_command_and_a_test_command():
    commands = _readme_commands()
    assert len(commands) >= 2
    demo, tests = commands[0], commands[1]
    assert "zhenqa qa" in demo and "--html" in demo
    assert "pytest" in tests and ".[test]" in tests


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    tests = _readme_commands()[1]
    assert tests in ci


def test_demo_reads_real_files_from_shared_data(data_dir):
    demo = _readme_commands()[0]
    paths = [w for w in shlex.split(demo.replace("&&", " ")) if w.startswith("../shared/data/")]
    assert len(paths) == 2
    for p in paths:
        assert (data_dir / p.removeprefix("../shared/data/")).is_file(), p


def test_demo_command_line_is_accepted_by_the_cli(cli, tmp_path):
    demo = _readme_commands()[0]
    zq = demo[demo.index(".venv/bin/zhenqa ") + len(".venv/bin/zhenqa "):]
    args = shlex.split(zq)
    # run it for real, with outputs redirected into tmp_path and without looking for a model
    args = [str(tmp_path / a.split("/")[-1]) if re.fullmatch(r"out/.*", a) else a for a in args]
    args = [str((REPO / a).resolve()) if a.startswith("../") else a for a in args]
    res = cli(*args, "--model", "none")
    assert res.code == 0, res
    assert (tmp_path / "udhr-qa.html").is_file() and (tmp_path / "udhr-qa.json").is_file()
