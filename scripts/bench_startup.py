"""Start-up time of the model-free commands (issue 11: `align` and `qa --model none` on a
2-line pair under 0.25 s; `--help` fast).

Each command runs N times as a fresh process; the table gives the median wall time and the
median CPU time (user + sys of the child, which the other processes on a shared machine
disturb much less than wall time), and both as a ratio to a floor measured in the same run:
`python -c "import numpy"` (the aligner needs numpy, so no `align` can start faster).

    .venv/bin/python scripts/bench_startup.py               # the checkout (editable install)
    .venv/bin/python scripts/bench_startup.py --wheel       # also the built wheel, installed
    .venv/bin/python scripts/bench_startup.py --no-bytecode # as with PYTHONDONTWRITEBYTECODE=1
    .venv/bin/python scripts/bench_startup.py --wheel --baseline HEAD   # before/after, same run

Bytecode: an installed wheel has its `.pyc` files (pip compiles them), so by default the
commands run with a bytecode cache in a temporary folder (`PYTHONPYCACHEPREFIX`) warmed by
one run of each; `--no-bytecode` measures the source-compiling case (a checkout run with
PYTHONDONTWRITEBYTECODE=1, as this project's CI shell sets it). `--wheel` builds the wheel
from a copy of the tree, unpacks and byte-compiles it into a fresh venv whose dependencies
come from this venv's site-packages (a `.pth` line), so that no editable finder runs.
`--baseline REV` does the same for `git archive REV` (read-only on the repository) and
prints the ratios of this tree to it.

The last line is machine-readable:
`startup_help_s=.. startup_align_s=.. startup_qa_s=.. floor_s=..` (wall medians, seconds, of
the editable checkout, or of the wheel with --wheel).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "__pycache__", "build", "dist", "out", ".zhenqa-cache", ".pytest_cache",
        ".hypothesis", ".mypy_cache"}


def _pair(folder: Path) -> tuple[Path, Path]:
    """A 2-line presplit pair: a heading and one sentence per side."""
    zh, en = folder / "zh.txt", folder / "en.txt"
    zh.write_text("第一条\n本报告载有委员会的各项建议。\n", encoding="utf-8")
    en.write_text("Article 1\nThe present report contains the recommendations of the Committee.\n",
                  encoding="utf-8")
    return zh, en


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one child process; it must exit 0. It runs in
    an empty folder: with `-c`/`-m`, the current folder is searched first for every import."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=env["ZHENQA_BENCH_CWD"])
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _measure(cases: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU per case; cases are interleaved so that load hits them alike."""
    for cmd in cases.values():          # warm-up: bytecode cache, page cache
        _run(cmd, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            samples[name].append(_run(cmd, env))
    return {name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
            for name, s in samples.items()}


def _wheel_python(tmp: Path, rev: str | None = None) -> str:
    """A fresh venv with the wheel built from the working tree (or from git revision `rev`)
    unpacked and byte-compiled, its dependencies from this venv."""
    src = tmp / "src"
    if rev is None:
        shutil.copytree(REPO, src, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    else:
        src.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    out = tmp / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(src)],
                   check=True, capture_output=True)
    wheel = next(out.glob("zhenqa-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    # Only the dependencies: a path line in a .pth is added to sys.path, but the .pth files
    # in that folder (the editable finder's) are not run.
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "compileall", "-q", str(site / "zhenqa")], check=True)
    return str(python)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=9, help="runs per command (median)")
    ap.add_argument("--wheel", action="store_true", help="also measure the built wheel, installed")
    ap.add_argument("--no-bytecode", action="store_true", help="no .pyc cache (source compiled each run)")
    ap.add_argument("--baseline", metavar="REV", help="also measure the wheel of git revision REV "
                    "(e.g. HEAD: the last commit), for before/after ratios in the same run")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="zhenqa-startup-") as tmp_name:
        tmp = Path(tmp_name)
        zh, en = _pair(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
        env["HF_HUB_OFFLINE"] = "1"
        env["ZHENQA_BENCH_CWD"] = str(tmp / "cwd")
        (tmp / "cwd").mkdir()
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        qa_json = str(tmp / "qa.json")
        pythons = {"editable": sys.executable}
        if args.wheel:
            (tmp / "w").mkdir()
            pythons["wheel"] = _wheel_python(tmp / "w")
        if args.baseline:
            (tmp / "b").mkdir()
            pythons["baseline"] = _wheel_python(tmp / "b", args.baseline)
        cases: dict[tuple[str, str], list[str]] = {
            ("-", "python -c pass"): [sys.executable, "-c", "pass"],
            ("-", "python -c 'import numpy'"): [sys.executable, "-c", "import numpy"],
        }
        for install, python in pythons.items():
            base = [python, "-m", "zhenqa"]
            cases[(install, "--help")] = base + ["--help"]
            cases[(install, "--version")] = base + ["--version"]
            cases[(install, "inspect en.txt --json")] = base + ["inspect", str(en), "--json"]
            cases[(install, "align (2 lines) --model none")] = base + [
                "align", str(zh), str(en), "--presplit", "--format", "beads", "--model", "none"]
            cases[(install, "qa (2 lines) --model none")] = base + [
                "qa", str(zh), str(en), "--presplit", "--model", "none", "--json", qa_json]
        # One interleaved measurement: the floor and every command see the same load.
        measured = _measure({f"{i}\t{n}": cmd for (i, n), cmd in cases.items()}, env, args.runs)
        results: dict[str, dict[str, tuple[float, float]]] = {}
        for key, value in measured.items():
            install, name = key.split("\t")
            results.setdefault(install, {})[name] = value
        floor_wall, floor_cpu = results["-"]["python -c 'import numpy'"]
        print(f"start-up, median of {args.runs} runs; bytecode cache: {'no' if args.no_bytecode else 'yes'}; "
              f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs: timings are noisy when others run)")
        print()
        print(f"{'install':<9} {'command':<34} {'wall s':>7} {'cpu s':>7} {'wall/floor':>10} {'cpu/floor':>9}")
        for install, rows in results.items():
            for name, (wall, cpu) in rows.items():
                print(f"{install:<9} {name:<34} {wall:7.3f} {cpu:7.3f} {wall / floor_wall:10.2f} {cpu / floor_cpu:9.2f}")
        final = results["wheel" if args.wheel else "editable"]
        if args.baseline:
            mine = "wheel" if args.wheel else "editable"
            print()
            print(f"{mine} / baseline ({args.baseline}):")
            for name, (wall, cpu) in results[mine].items():
                b_wall, b_cpu = results["baseline"][name]
                print(f"  {name:<34} wall {wall / b_wall:5.2f}  cpu {cpu / b_cpu:5.2f}")
        print()
        print(f"startup_help_s={final['--help'][0]:.3f} startup_align_s={final['align (2 lines) --model none'][0]:.3f} "
              f"startup_qa_s={final['qa (2 lines) --model none'][0]:.3f} floor_s={floor_wall:.3f}")


if __name__ == "__main__":
    main()
