"""Start-up: a command imports what it needs and nothing else (issue 11).

`zhenqa align` and `zhenqa qa --model none` on a 2-line pair must start in under 0.25 s and
`zhenqa --help` stay fast. Times are measured by scripts/bench_startup.py, never asserted
here (they depend on the machine and its load); what is specified here is what makes them
short: which modules a run imports, that the lazily listed commands are the real ones, and
that the pydantic-free option coercion gives exactly typer's values and errors.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest

from zhenqa import cli as zcli

REPO = Path(__file__).resolve().parents[1]

#: What no model-free command on a small text file needs (cn2an: 0.2-0.4 s to import, the
#: native numeral parser reads real text; importlib.metadata: 20 ms for a version string
#: that `zhenqa.corpora.__version__` holds).
NEVER = ("torch", "transformers", "ctranslate2", "ray", "datasets", "pyarrow", "sacremoses",
         "sentencepiece", "pydantic", "pydantic_core", "cn2an", "importlib.metadata")
#: What `align --format beads` on a presplit .txt pair needs neither (reports, other formats,
#: metrics, the rich console).
NOT_FOR_ALIGN = NEVER + ("jinja2", "openpyxl", "sacrebleu", "docx", "pdfminer", "lxml", "translate",
                         "rich", "zhenqa.eval", "zhenqa.models.marian", "zhenqa.models.ct2")


@pytest.fixture(scope="module")
def pair(data_dir, tmp_path_factory) -> tuple[Path, Path]:
    """The first two lines of a real MAC-Dev pair, one unit a line."""
    out = tmp_path_factory.mktemp("pair")
    paths = []
    for lang in ("zh", "en"):
        src = data_dir / "bertalign_mac_dev" / lang / f"001.{lang}"
        lines = [ln for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()][:2]
        dst = out / f"two.{lang}.txt"
        dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(dst)
    return paths[0], paths[1]


def _imported(argv: list[str]) -> tuple[int, set[str]]:
    """Exit code and every module imported by `zhenqa ARGV`, in a fresh interpreter."""
    code = ("import sys, contextlib, io\n"
            "from zhenqa.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main({argv!r})\n"
            "print(rc); print(' '.join(sorted(sys.modules)))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, HF_HUB_OFFLINE="1"))
    assert proc.returncode == 0, proc.stderr
    rc, modules = proc.stdout.strip().split("\n")[-2:]
    return int(rc), set(modules.split())


def _hits(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def _commands_imported(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("zhenqa.cmd_")}


def test_align_on_a_two_line_pair_imports_only_its_own_command_and_no_library_it_does_not_need(pair) -> None:
    zh, en = pair
    rc, modules = _imported(["align", str(zh), str(en), "--presplit", "--format", "beads", "--model", "none"])
    assert rc == 0
    assert _commands_imported(modules) == {"zhenqa.cmd_align"}
    assert _hits(modules, NOT_FOR_ALIGN) == []


def test_qa_without_a_model_imports_only_its_own_command_and_no_report_or_model_library(pair, tmp_path) -> None:
    zh, en = pair
    rc, modules = _imported(["qa", str(zh), str(en), "--presplit", "--model", "none",
                             "--json", str(tmp_path / "qa.json")])
    assert rc == 0
    assert _commands_imported(modules) == {"zhenqa.cmd_qa"}
    assert _hits(modules, NEVER + ("jinja2", "openpyxl", "docx", "pdfminer", "rich")) == []
    assert (tmp_path / "qa.json").read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], []])
def test_help_and_version_import_no_command_module(argv) -> None:
    rc, modules = _imported(argv)
    assert rc == (2 if not argv else 0)      # a bare `zhenqa` prints help and exits 2
    assert _commands_imported(modules) == set()
    assert _hits(modules, NEVER + ("rich", "numpy", "zhenqa.corpora.readers", "zhenqa.pipeline")) == []


def test_help_lists_every_command_with_the_first_paragraph_of_its_own_help(cli) -> None:
    # The list is static (so that --help imports no command); it must say what the commands say.
    for name, (module, help_text) in zcli.COMMANDS.items():
        command = zcli.load_command(name)
        assert command.name == name
        assert command.help.split("\n\n")[0] == help_text, name
        if command.callback is not None and name != "models":
            assert command.callback.__module__ == module, name
    result = cli("--help")
    assert result.code == 0
    listed = re.findall(r"^  (\S+)\s{2,}\S", result.out.split("Commands:")[1], flags=re.M)
    assert listed == list(zcli.COMMANDS)


def test_every_command_module_registers_only_commands_the_root_lists() -> None:
    # A command registered by a module but missing from COMMANDS would be unreachable.
    import typer

    for module_name in sorted({m for m, _ in zcli.COMMANDS.values()}):
        scratch = typer.Typer()
        __import__(module_name, fromlist=["register"]).register(scratch)
        names = set(typer.main.get_group(scratch).commands)
        assert names <= set(zcli.COMMANDS), (module_name, names - set(zcli.COMMANDS))
        assert {n for n, (m, _) in zcli.COMMANDS.items() if m == module_name} == names


def test_a_mistyped_command_is_one_line_with_a_suggestion_and_exit_2(cli) -> None:
    result = cli("alignn", "a", "b")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert "No such command 'alignn'" in result.err and "'align'" in result.err


# ------------------------------------------------------------------ option coercion without pydantic


class _Color(str, Enum):
    red = "red"
    green = "green"


#: Values a command line or a default can give; for each, the fast coercion must return
#: what typer's own coercion returns, or raise the same error.
SAMPLES = ["", "0", "7", "-3", "007", "+4", "1.5", "2e3", "١٢", " 8", "x", "none", "auto", "red", "RED",
           "zh", "en", "sentence", "paragraph", "transformers", "-", "a/b.txt", "./rel", "/no/such/file.tsv",
           7, 0, -1, True, False, 1.25, ["a", "b"], ("1", "2"), ("x",), (), None]


def _all_params():
    import typer

    def walk(command, path):
        for param in command.params:
            yield f"{path} {param.name}", param
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    for name in zcli.COMMANDS:
        yield from walk(zcli.load_command(name), name)

    # The annotations the commands do not use today but the fast path accepts.
    def extra(count: int = typer.Option(1, min=1, max=9), ratio: float = typer.Option(0.5),
              color: _Color = typer.Option(_Color.red), colors: list[_Color] = typer.Option([]),
              must: Path = typer.Option(Path("."), exists=True, dir_okay=False)) -> None:
        """Extra."""

    app = typer.Typer()
    app.command()(extra)
    app.command("other")(extra)
    command = typer.main.get_group(app).commands["extra"]
    yield from walk(command, "extra")


def _outcome(fn):
    try:
        return ("value", fn())
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return ("error", type(exc).__name__, getattr(exc, "message", str(exc)))


def test_fast_coercion_gives_typers_own_values_and_errors_for_every_option_of_every_command() -> None:
    import typer
    from typer._coercion import build_runtime_param

    ctx = typer.Context(typer.main.get_command(zcli.app))
    checked = 0
    for label, param in _all_params():
        if getattr(param, "type_descriptor", None) is None:
            continue
        saved = param._runtime_param
        param._runtime_param = None
        zcli._install_fast_param(param)
        fast = param._runtime_param
        param._runtime_param = saved
        if fast is None:
            continue                                  # left to typer: nothing to compare
        reference = build_runtime_param(param.type_descriptor)
        for value in SAMPLES:
            want = _outcome(lambda: reference.coerce(value, param=param, ctx=ctx))
            got = _outcome(lambda: fast.coerce(value, param=param, ctx=ctx))
            assert got == want, (label, value)
            if want[0] == "value":
                assert type(got[1]) is type(want[1]), (label, value)
            checked += 1
    assert checked > 1000


def test_model_free_commands_never_build_a_pydantic_adapter(pair, tmp_path) -> None:
    # The coercion falls back to typer's for unusual values; plain command lines never do.
    zh, en = pair
    for argv in (["inspect", str(en), "--json", "--lang", "en"],
                 ["eval-align", "--gold", str(tmp_path / "g.beads"), "--pred", str(tmp_path / "g.beads")],
                 ["qa", "--bitext", str(tmp_path / "b.tsv"), "--show", "3", "--only", "number,date",
                  "--termbase", "unterm:countries", "--model", "none", "--json", str(tmp_path / "q.json")]):
        (tmp_path / "g.beads").write_text("[0]:[0]\n", encoding="utf-8")
        (tmp_path / "b.tsv").write_text("第1段\tParagraph 1\n", encoding="utf-8")
        rc, modules = _imported(argv)
        assert rc == 0, argv
        assert _hits(modules, ("pydantic", "typer._adapters")) == [], argv


# ------------------------------------------------------------------ regexes compiled on first use


def test_importing_the_text_modules_compiles_no_regex_of_theirs() -> None:
    code = ("import re, sys\n"
            "seen = []\n"
            "orig = re._compile\n"
            "def spy(pattern, flags):\n"
            "    caller = sys._getframe(2).f_globals.get('__name__', '')\n"
            "    if caller.startswith('zhenqa.corpora') and caller != 'zhenqa.corpora.lazyre':\n"
            "        seen.append(caller)\n"
            "    return orig(pattern, flags)\n"
            "re._compile = spy\n"
            "import zhenqa.corpora.anchors, zhenqa.corpora.structure, zhenqa.corpora.layout, zhenqa.corpora.numbers\n"
            "print(sorted(set(seen)))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    owned = {"zhenqa.corpora.anchors", "zhenqa.corpora.structure", "zhenqa.corpora.layout", "zhenqa.corpora.numbers"}
    assert set(eval(proc.stdout.strip())) & owned == set()


def test_a_lazy_pattern_matches_exactly_as_the_compiled_one() -> None:
    from zhenqa.corpora.lazyre import lazy_compile

    text = "Resolution 70/1 of 25 September 2015; 第70/1号决议, Article 5 (a) and ARTICLE 6."
    cases = [(r"(\d+)/(\d+)", 0), (r"article\s+(\d+)", re.IGNORECASE), (r"\b\w+\b", re.ASCII), (r"第(\d+)", 0)]
    for pattern, flags in cases:
        ref = re.compile(pattern, flags)
        for method, args in (("search", (text,)), ("match", (text, 11)), ("fullmatch", ("70/1",)),
                             ("findall", (text,)), ("sub", ("#", text)), ("subn", ("#", text)),
                             ("split", (text,))):
            lazy = lazy_compile(pattern, flags)      # fresh: the first call compiles
            first = getattr(lazy, method)(*args)
            again = getattr(lazy, method)(*args)
            want = getattr(ref, method)(*args)
            for got in (first, again):
                if isinstance(want, re.Match):
                    assert got is not None and (got.span(), got.groups()) == (want.span(), want.groups())
                else:
                    assert got == want, (pattern, method)
        lazy = lazy_compile(pattern, flags)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in ref.finditer(text)]
        assert lazy.pattern == pattern


def test_a_bad_lazy_pattern_fails_at_its_first_use() -> None:
    from zhenqa.corpora.lazyre import lazy_compile

    bad = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        bad.search("text")
