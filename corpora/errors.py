"""The one error type users see.

Every problem with what the user gave us (a missing file, undecodable bytes, a malformed
TMX, a termbase without the needed columns) is raised as `InputError`, naming the file and,
when known, the line. The CLI turns it into one line on stderr and exit code 2; nothing
else in the code base decides how such an error is shown.
"""
from __future__ import annotations

from os import PathLike


class InputError(Exception):
    """Bad input: names the offending file (and line) and says what is wrong with it."""

    def __init__(self, path: str | PathLike[str] | None, problem: str, line: int | None = None):
        self.path = None if path is None else str(path)
        self.problem = problem
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``path:line: problem``; a usage problem with no file is just the problem
        (``--format must be one of ...``), not a made-up file name."""
        if self.path is None:
            return self.problem if self.line is None else f"line {self.line}: {self.problem}"
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}"
