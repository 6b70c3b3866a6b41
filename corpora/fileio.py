"""Safe file output: write to a temporary file beside the target, then rename.

A crash, a Ctrl-C or an error half way through never leaves a partial output file behind,
and a rerun simply overwrites. Readers of our outputs therefore see either nothing or a
complete file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from zhenqa.corpora.errors import InputError

#: The suffix of `atomic_write`'s temporary files (named ``.<target name>.<random>.part``).
PART_SUFFIX = ".part"


def _read_umask() -> int:
    # os.umask can only be read by setting it; do it once, at import, before any threads.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def check_output_path(path: str | os.PathLike[str],
                      inputs: Iterable[str | os.PathLike[str] | None] = ()) -> None:
    """Raise InputError when `path` cannot be an output file: a folder, a path under a
    file, an unwritable folder, or one of the command's own `inputs` (a report written
    over the bitext it checks would destroy the user's file).

    Commands that write several outputs call this for all of them before doing any work,
    so that a bad last output path does not leave the first outputs written by a command
    that then fails.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(path, "is a folder: give an output file name")
    for source in inputs:
        if source is not None and Path(source).exists() and target.exists() \
                and os.path.samefile(source, target):
            raise InputError(path, "is also an input of this command: refusing to overwrite it")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(path, f"cannot write here: {parent} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise InputError(path, f"cannot write here: folder {parent} is not writable")
            break


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file next to `path`; on success rename it over `path`.

    On any exception the temporary file is removed and `path` is left untouched. A path
    that cannot be written (a folder, a folder that cannot be created or written) is bad
    usage: InputError naming the path, never a traceback.
    """
    target = Path(path)
    check_output_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    # mkstemp creates the file 0600; give outputs the permissions a plain open() would
    # (0666 less the umask), so that reports can be shared as usual.
    os.chmod(tmp, 0o666 & ~_UMASK)
    try:
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding, newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.replace(tmp, target)
        except OSError as exc:   # e.g. a folder created at `path` meanwhile
            raise InputError(path, f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_parts(folder: str | os.PathLike[str]) -> int:
    """Remove the temporary files a killed `atomic_write` left in `folder` (a SIGKILL runs
    no cleanup); returns how many. Only for a folder the caller holds exclusively (a batch
    output folder under its lock): another writer's file in progress looks the same."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(PART_SUFFIX) and entry.is_file():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed += 1
    return removed


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Atomically write `text` (UTF-8) to `path`."""
    with atomic_write(path) as handle:
        handle.write(text)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Atomically write `data` to `path`."""
    with atomic_write(path, "wb", encoding=None) as handle:
        handle.write(data)
