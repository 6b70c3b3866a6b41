"""What `pip install zhenqa` gets: the wheel, its layout, its layering, its start-up.

CI installs the checkout in editable mode, which resolves modules however the folders lie;
a user installs the wheel. So the wheel is built here from a copy of the source tree and
checked against that tree: every module and data file of `corpora/ align/ models/ eval/
zhenqa/` is in it under `zhenqa/`, and nothing is installed at the top level beside
`zhenqa` (`corpora`, `models`... are names of other distributions). The unpacked wheel is
then imported and run from outside the checkout, and the layering contracts of
pyproject.toml are checked on it (grimp reads packages from disk, and only the installed
layout has `zhenqa.corpora` under `zhenqa/`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

#: Folder in the repository -> where its files lie in the wheel.
PARTS = {"zhenqa": "zhenqa", "corpora": "zhenqa/corpora", "align": "zhenqa/align",
         "models": "zhenqa/models", "eval": "zhenqa/eval"}
#: Never part of a source tree that is packaged: caches, builds, virtualenvs, VCS.
SKIP_DIRS = {"__pycache__", ".git", ".venv", "build", "dist", "out", ".zhenqa-cache",
             ".pytest_cache", ".hypothesis", ".mypy_cache", ".import_linter_cache"}
HEAVY = ("torch", "transformers", "ctranslate2", "ray", "datasets", "pyarrow")


def _skipped(rel: Path) -> bool:
    return any(p in SKIP_DIRS or p.endswith(".egg-info") for p in rel.parts) or rel.suffix == ".pyc"


def _tree_files(root: Path) -> list[Path]:
    """Every file of the source tree below `root`, relative to it, caches and builds left out."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = [d for d in dirnames if not _skipped(rel_dir / d)]
        out += [rel_dir / f for f in filenames if not _skipped(rel_dir / f)]
    return sorted(out)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built, as pip would, from a copy of the working tree (builds write
    `build/` and `*.egg-info` into the folder they build, which must not be the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for rel in _tree_files(REPO):
        if rel.parts[0] in PARTS or len(rel.parts) == 1:
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, src / rel)
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(src)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (whl,) = out.glob("zhenqa-*.whl")
    return whl


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory) -> Path:
    """The wheel's files as pip lays them into site-packages."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    return site


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_the_wheel_holds_every_module_and_data_file_of_the_tree_under_zhenqa(wheel) -> None:
    expected = {f"{PARTS[rel.parts[0]]}/{Path(*rel.parts[1:]).as_posix()}"
                for rel in _tree_files(REPO) if rel.parts[0] in PARTS}
    assert any(name.endswith("/qa_defaults.toml") for name in expected)    # the walk found data files
    assert any("/templates/" in name for name in expected)
    names = _wheel_names(wheel)
    missing = sorted(expected - names)
    assert not missing, ("not in the wheel (a folder without __init__.py, or a data file that "
                         f"[tool.setuptools.package-data] does not match): {missing}")
    extra = sorted(n for n in names - expected if ".dist-info/" not in n)
    assert not extra, f"in the wheel but not in the source tree: {extra}"


def test_the_wheel_installs_only_the_zhenqa_namespace(wheel) -> None:
    names = _wheel_names(wheel)
    tops = {n.split("/")[0] for n in names if ".dist-info/" not in n}
    assert tops == {"zhenqa"}
    for part in ("corpora", "align", "models", "eval"):
        assert f"zhenqa/{part}/__init__.py" in names
    with zipfile.ZipFile(wheel) as zf:
        info = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        assert zf.read(info).decode().split() == ["zhenqa"]
        entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "zhenqa = zhenqa.cli:main" in zf.read(entry).decode()


def test_the_wheel_version_is_the_packages_one(wheel) -> None:
    from zhenqa import __version__

    assert wheel.name.startswith(f"zhenqa-{__version__}-")


def _run_unpacked(unpacked: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(unpacked), HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_unpacked_wheel_runs_outside_the_checkout(unpacked, data_dir, tmp_path) -> None:
    code = ("import zhenqa, zhenqa.corpora.formats, zhenqa.eval.config as c;"
            "print(zhenqa.__file__); print(c.__file__)")
    proc = _run_unpacked(unpacked, tmp_path, "-c", code)
    assert proc.returncode == 0, proc.stderr
    assert all(line.startswith(str(unpacked)) for line in proc.stdout.split()), proc.stdout
    # Reading a document goes through corpora.formats, once missing from the wheel; the QA
    # defaults and report templates are data files.
    zh = data_dir / "udhr_zh_en" / "udhr_cmn_hans.xml"
    en = data_dir / "udhr_zh_en" / "udhr_eng.xml"
    proc = _run_unpacked(unpacked, tmp_path, "-m", "zhenqa", "qa", str(zh), str(en), "--model", "none",
                         "--json", "r.json", "--html", "r.html")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (tmp_path / "r.json").stat().st_size > 0 and "<html" in (tmp_path / "r.html").read_text(encoding="utf-8")
    proc = _run_unpacked(unpacked, tmp_path, "-m", "zhenqa", "--version")
    from zhenqa import __version__

    assert proc.returncode == 0 and proc.stdout.strip() == f"zhenqa {__version__}"


def test_the_layering_contracts_hold_on_the_installed_layout(unpacked, tmp_path) -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is in the test extra"
    env = dict(os.environ, PYTHONPATH=str(unpacked))
    proc = subprocess.run([lint, "--no-cache", str(REPO / "pyproject.toml")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_the_forbidden_contract_names_every_module_of_the_zhenqa_package() -> None:
    # import-linter wildcards replace whole names only, so "every module of zhenqa/ that is
    # not a part" is a list; this keeps it complete as modules are added.
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden")
    own = {f"zhenqa.{p.stem}" for p in (REPO / "zhenqa").glob("*.py") if p.stem != "__init__"}
    own |= {f"zhenqa.{p.parent.name}" for p in (REPO / "zhenqa").glob("*/__init__.py")}
    assert set(contract["forbidden_modules"]) == own
    assert set(contract["source_modules"]) == {f"zhenqa.{p}" for p in ("corpora", "align", "models", "eval")}


@pytest.mark.parametrize("args", [["--help"], ["inspect", "{doc}", "--json"], ["--version"]])
def test_model_free_commands_import_no_heavy_library(args, data_dir) -> None:
    doc = str(data_dir / "udhr_zh_en" / "udhr_eng.xml")
    argv = [a.replace("{doc}", doc) for a in args]
    code = ("import sys, contextlib, io\n"
            "from zhenqa.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main({argv!r})\n"
            f"print(rc, [m for m in {HEAVY!r} if m in sys.modules])\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, HF_HUB_OFFLINE="1"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[-2] == "0 []"


def test_the_editable_install_maps_the_parts_even_with_the_checkout_on_sys_path() -> None:
    # `python -m pytest` from the root puts the checkout first on sys.path, where `zhenqa/`
    # is a plain folder without the parts: setuptools' editable finder must still map them.
    code = ("import sys, zhenqa, zhenqa.corpora.formats, zhenqa.models.base, zhenqa.eval.config;"
            "print(sys.path[0] == ''); print(zhenqa.__file__); print(zhenqa.corpora.formats.__file__);"
            "print(zhenqa.models.base.__file__)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    first, *files = proc.stdout.split("\n")[:4]
    assert first == "True"
    assert files == [str(REPO / "zhenqa" / "__init__.py"), str(REPO / "corpora" / "formats" / "__init__.py"),
                     str(REPO / "models" / "base.py")]
