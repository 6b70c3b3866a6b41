"""The `zhenqa` command line: one typer app, one module per command, loaded on demand.

Each `zhenqa/cmd_*.py` module defines `register(app)`. This module owns the error policy of
../shared/CLI_CONTRACT.md (exit 0 on success, exit 2 with one line on stderr for bad usage or
bad input) and keeps start-up short (docs/startup.md):

- commands are registered lazily: `zhenqa align ...` imports `zhenqa.cmd_align` and no other
  command module, and `zhenqa --help` imports none (the one-line helps are in `COMMANDS`;
  tests/test_startup.py checks that they equal the commands' own docstrings);
- typer coerces every option through a pydantic `TypeAdapter`, and importing pydantic costs
  more than parsing the whole command line; `_install_fast_coercion` gives the plain
  annotations our commands use (str, bool, int, float, Path, enums, lists of these) a
  coercion that yields the same values without pydantic, and hands every other value
  (including every value that would be an error) to typer's own coercion, so that behaviour
  and messages stay typer's.
"""
from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Sequence, cast

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from zhenqa.corpora.errors import InputError

#: Command name -> (module that registers it, first paragraph of its help), in help order.
#: The help strings let `zhenqa --help` list the commands without importing them.
COMMANDS: dict[str, tuple[str, str]] = {
    "inspect": ("zhenqa.cmd_inspect",
                "Show a document's structural units (kind, label, text, sentences) and anchors."),
    "align": ("zhenqa.cmd_align", "Align a Chinese document with its English version."),
    "eval-align": ("zhenqa.cmd_align", "Strict and lax precision, recall and F1 of PRED against GOLD, as JSON."),
    "qa": ("zhenqa.cmd_qa", "Check an aligned Chinese-English text: numbers, terms, omissions, consistency..."),
    "score": ("zhenqa.cmd_score",
              "Score HYP against REF with sacreBLEU (corpus level, default settings, with signatures)."),
    "translate": ("zhenqa.cmd_models",
                  "Machine-translate Chinese segments into English, one output line per segment."),
    "batch": ("zhenqa.cmd_batch",
              "Pair, align (and check) many documents; resumable; corpus as JSONL and Parquet."),
    "terms": ("zhenqa.cmd_terms",
              "Report how each term is rendered across the corpus, variants and candidate terms."),
    "models": ("zhenqa.cmd_models", "MT models: convert to CTranslate2, fine-tune, check what resolves offline."),
}

#: Commands already built from their module, shared by every `main()` call of a process.
_BUILT: dict[str, Any] = {}


def load_command(name: str) -> Any:
    """The click command `name`, built by typer from the module that registers it.

    The module registers its commands on a scratch app, so that only it is imported; every
    command of that module is kept, since `translate` and `models` share one module.
    """
    if name not in _BUILT:
        module_name, _ = COMMANDS[name]
        module = __import__(module_name, fromlist=["register"])
        scratch = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
        module.register(scratch)
        group = typer.main.get_group(scratch)
        for cmd_name, command in group.commands.items():
            if cmd_name in COMMANDS:
                _install_fast_coercion(command)
                _BUILT.setdefault(cmd_name, command)
    return _BUILT[name]


class LazyGroup(TyperGroup):
    """The root group: knows its commands by name and imports one only when it runs."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if isinstance(self.commands.get(cmd_name, _UNLOADED), _Unloaded):
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # typer suggests close names from `self.commands`, which holds only loaded commands.
        for name in COMMANDS:
            self.commands.setdefault(name, cast(Any, _UNLOADED))   # the names, for "Did you mean ...?"
        try:
            return super().resolve_command(ctx, args)
        finally:
            for name in [n for n, c in self.commands.items() if isinstance(c, _Unloaded)]:
                del self.commands[name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The same "Commands" section typer writes, from `COMMANDS` instead of the modules."""
        try:
            from typer._click.utils import make_default_short_help   # typer >= 0.2x vendors click
        except ImportError:  # pragma: no cover - older typer, on click
            from click.utils import make_default_short_help  # type: ignore[no-redef]

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(help_text, limit)) for name, (_, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


class _Unloaded:
    """Stands for a command not imported yet while typer looks names up (never invoked)."""


_UNLOADED = _Unloaded()


app = typer.Typer(
    name="zhenqa",
    cls=LazyGroup,
    help="Chinese-to-English alignment and translation QA for UN-style documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from zhenqa import __version__

        print(f"zhenqa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Chinese-to-English alignment and translation QA for UN-style documents."""


# ---------------------------------------------------------------------------------------------
# Coercion without pydantic


class _Miss:
    """The fast path cannot decide this value; typer's own coercion will."""


_MISS = _Miss()
_INT_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?")


def _in_range(value: Any, info: Any) -> Any:
    if (info.min is not None and value < info.min) or (info.max is not None and value > info.max):
        return _MISS                       # typer words the out-of-range error
    return value


def _leaf_coercer(annotation: Any, info: Any) -> Callable[[Any, Any, Any], Any] | None:
    """A converter for one plain annotation, or None where typer's coercion must do it all.

    Each converter returns exactly what typer's pydantic adapter returns for the values it
    accepts, and `_MISS` for any other value (so that errors keep typer's wording).
    """
    from typer._param_types import coerce_cli_choice, coerce_cli_path

    if info.parser is not None or getattr(info, "clamp", None):
        return None
    if annotation is str:
        return lambda v, param, ctx: v if type(v) is str else _MISS
    if annotation is bool:
        return lambda v, param, ctx: v if type(v) is bool else _MISS
    if annotation is int:
        def to_int(v: Any, param: Any, ctx: Any) -> Any:
            if type(v) is int:
                return _in_range(v, info)
            if type(v) is str and _INT_RE.fullmatch(v):
                return _in_range(int(v), info)
            return _MISS
        return to_int
    if annotation is float:
        def to_float(v: Any, param: Any, ctx: Any) -> Any:
            if type(v) in (int, float):
                return _in_range(float(v), info)
            if type(v) is str and _FLOAT_RE.fullmatch(v):
                return _in_range(float(v), info)
            return _MISS
        return to_float
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        choices = tuple(annotation)

        def to_choice(v: Any, param: Any, ctx: Any) -> Any:
            try:
                return coerce_cli_choice(v, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)
            except ValueError:
                return _MISS
        return to_choice
    if isinstance(annotation, type) and issubclass(annotation, Path):
        path_type = info.path_type or annotation
        if not (isinstance(path_type, type) and issubclass(path_type, Path)):
            return None

        def to_path(v: Any, param: Any, ctx: Any) -> Any:
            if type(v) is not str or not v or "\x00" in v:
                return _MISS
            # A Path instance skips typer's pydantic Path adapter; the checks that follow
            # (exists, file_okay, ...) are typer's own. A failing check is left to typer's
            # coercion, which words the error from the value as typed ("./x", not "x").
            try:
                return coerce_cli_path(path_type(v), info, path_type=path_type, param=param, ctx=ctx)
            except Exception:
                return _MISS
        return to_path
    return None


class _FastCoercion:
    """Stands in for typer's per-parameter runtime coercion (`_TyperParameter._runtime_param`)."""

    def __init__(self, leaf: Callable[[Any, Any, Any], Any], is_list: bool) -> None:
        self._leaf = leaf
        self._is_list = is_list
        self._typer: Any = None

    def _typer_coercion(self, param: Any) -> Any:
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(param.type_descriptor)
        return self._typer

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        result: Any = _MISS
        if self._is_list:
            if isinstance(value, (list, tuple)):
                items = [self._leaf(v, param, ctx) for v in value]
                if not any(item is _MISS for item in items):
                    result = items
        elif not (multi and isinstance(value, str)):
            result = self._leaf(value, param, ctx)
        if result is _MISS:
            return self._typer_coercion(param).coerce(value, param=param, ctx=ctx)
        return result


def _install_fast_coercion(command: Any) -> None:
    """Give each plain parameter of `command` (and of its subcommands) the fast coercion.

    Relies on typer >= 0.2x internals (`_TyperParameter._runtime_param`, `type_descriptor`);
    with a typer that lacks them nothing is changed and typer coerces as usual.
    """
    for param in getattr(command, "params", ()):
        _install_fast_param(param)
    if getattr(command, "_help_option", False) is None:
        # click makes the --help option when a context first asks for it; coerce it fast too.
        make_help_option = command.get_help_option

        def get_help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            if option is not None:
                _install_fast_param(option)
            return option
        command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        _install_fast_coercion(sub)


def _install_fast_param(param: Any) -> None:
    from typing import get_args, get_origin

    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if descriptor.file_annotation is not None:
        return
    is_list = get_origin(annotation) is list
    if is_list:
        (annotation,) = get_args(annotation)
    leaf = _leaf_coercer(annotation, info)
    if leaf is not None:
        param._runtime_param = _FastCoercion(leaf, is_list)


# ---------------------------------------------------------------------------------------------
# Entry point


def _error(message: str) -> None:
    # One line, whatever the message contains.
    print("zhenqa: error: " + " ".join(str(message).split()), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit code (never raises for user errors)."""
    command = typer.main.get_command(app)
    _install_fast_coercion(command)      # the root's own options (--version)
    try:
        result = command.main(args=list(argv) if argv is not None else None,
                              prog_name="zhenqa", standalone_mode=False)
    except InputError as exc:
        _error(exc.one_line())
        return 2
    except TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # A bare `zhenqa` (or `zhenqa models`): help on stdout, the one-line error on stderr.
            print(exc.format_message())
            _error("missing command (see the list above, or --help)")
        else:
            _error(exc.format_message())
        return exc.exit_code if exc.exit_code else 2
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _error("aborted")
        return 130
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
