"""What a batch says while it runs: a progress bar on stderr, per-pair errors, one last line.

On a terminal: a rich progress bar (pairs done/total, failures, elapsed, ETA), with each
failed pair's one-line error printed above it. When stderr is not a terminal (a log file,
CI, a scheduler) there is no bar: only the per-pair error lines and the final summary
line, so that logs stay readable.
"""
from __future__ import annotations

import sys
from typing import Any


class Progress:
    """Counts finished pairs and shows them; use as a context manager."""

    def __init__(self, total: int, *, skipped: int = 0, enabled: bool | None = None):
        self.total = total
        self.done = skipped
        self.failed = 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> "Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            self._bar = RichProgress(
                TextColumn("zhenqa batch"), BarColumn(), MofNCompleteColumn(),
                TextColumn("pairs  [red]{task.fields[failed]} failed"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("pairs", total=self.total, completed=self.done, failed=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def advance(self, error: str | None = None) -> None:
        """One more pair finished; `error` is its one-line error when it failed."""
        self.done += 1
        if error is not None:
            self.failed += 1
            self.error(error)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, failed=self.failed)

    def error(self, line: str) -> None:
        text = "zhenqa batch: error: " + " ".join(line.split())
        if self._bar is not None:
            from rich.markup import escape

            self._bar.console.print(escape(text), highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr, flush=True)
