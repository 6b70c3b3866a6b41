"""The `zhenqa` command line: one typer app, one module per command.

Each `zhenqa/cmd_*.py` module defines `register(app)`; this module only assembles them and
owns the error policy of ../shared/CLI_CONTRACT.md: exit 0 on success, exit 2 with one line
on stderr for bad usage or bad input. Command modules import their heavy dependencies inside
the command function, so `zhenqa --help` and model-free commands start fast.
"""
from __future__ import annotations

import sys
from typing import Sequence

import typer
from typer.exceptions import TyperException

from zhenqa.corpora.errors import InputError

app = typer.Typer(
    name="zhenqa",
    help="Chinese-to-English alignment and translation QA for UN-style documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register_commands() -> None:
    from zhenqa import cmd_align, cmd_inspect, cmd_models, cmd_qa, cmd_score

    for module in (cmd_inspect, cmd_align, cmd_qa, cmd_score, cmd_models):
        module.register(app)
    __import__("zhenqa.cmd_batch", fromlist=["register"]).register(app)   # zhenqa batch (issue 8)
    __import__("zhenqa.cmd_terms", fromlist=["register"]).register(app)   # zhenqa terms (issue 9)


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


_register_commands()


def _error(message: str) -> None:
    # One line, whatever the message contains.
    print("zhenqa: error: " + " ".join(str(message).split()), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit code (never raises for user errors)."""
    command = typer.main.get_command(app)
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
