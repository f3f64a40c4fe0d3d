"""Writing an output file (a chart, the schema, the report) so that nothing is lost or broken.

A regular file, or a name that does not exist yet, is written atomically: the data goes to a
temporary file in the same folder, is flushed to disk, and replaces the old file in one
rename (keeping its permissions), so a reader never sees half a file and a crash leaves the
old one. A symbolic link is followed and its target replaced; the link stays. Anything that
is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written *through*, never
replaced. `-` is standard output.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

from flowmap.load.names import clipped

STDOUT = "-"


class OutputError(Exception):
    """The output cannot be written: the message names it and says why."""


def write_output(name: str | Path, data: bytes) -> None:
    """Write `data` to the file `name` (or standard output for `-`); OutputError if not."""
    if str(name) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    shown = clipped(str(name))
    try:
        if "\0" in str(name):
            raise OutputError(f"cannot write {shown}: a file name cannot hold a NUL character")
        path = Path(name)
        mode = _mode(path)
        if mode is not None and not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise OutputError(f"cannot write {shown}: it is a folder; name a file")
            with open(path, "wb") as through:  # a device or pipe: write into it
                through.write(data)
            return
        replace_file(Path(os.path.realpath(path)), data)
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror or error}") from error
    except RuntimeError as error:  # a loop of symbolic links (Python 3.11)
        raise OutputError(f"cannot write {shown}: {error}") from error


def _mode(path: Path) -> int | None:
    """The mode of what `path` names, its links followed; None when there is nothing."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        return None


def replace_file(path: Path, data: bytes) -> None:
    """Replace the regular file `path` (or create it) with `data` in one rename, after
    writing a temporary file beside it and flushing it to disk. An existing file keeps its
    permissions; a new one gets what the user's umask gives. The editor saves maps with it.
    """
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    unique = f"{os.getpid()}-{os.urandom(4).hex()}"
    temporary = path.with_name(f".{path.name}.{unique}.tmp")
    if len(temporary.name) > 255:  # keep within the longest name a folder allows
        temporary = path.with_name(f".flowmap-output.{unique}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write each of `files` (name -> data) into `folder` as `write_output` does, with one
    flush to disk for them all instead of one a file.

    A report of 1,200 processes writes 3,600 files: flushed one by one (a file and its
    folder each), they took 40 s on an ext4 disk that writes them all in 2 s and flushes
    them at once in 0.1 s. So every file is written beside its place first, all are flushed
    together, and only then each replaces the old one in one rename: a crash still leaves
    each file old or new, never half written. What is not a regular file (a device, a
    link's target that is not one) is written by `write_output`. OutputError if a file
    cannot be written; the temporary files are then removed.
    """
    waiting: list[tuple[Path, Path, int | None]] = []  # (temporary, target, mode to keep)
    try:
        for name, data in files.items():
            path = folder / name
            mode = _mode(path)
            if mode is not None and not stat.S_ISREG(mode):
                write_output(path, data)
                continue
            target = Path(os.path.realpath(path))
            temporary = _temporary(target)
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_TRUNC, 0o666)
            waiting.append((temporary, target, mode))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        _flush_all([temporary for temporary, _, _ in waiting])
        while waiting:
            temporary, target, mode = waiting[0]
            if mode is not None:
                os.chmod(temporary, stat.S_IMODE(mode))
            os.replace(temporary, target)
            waiting.pop(0)
    except OSError as error:
        reason = error.strerror or error
        raise OutputError(f"cannot write into {clipped(str(folder))}: {reason}") from error
    finally:
        for temporary, _, _ in waiting:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    for parent in {Path(os.path.realpath(folder / name)).parent for name in files}:
        _sync_folder(parent)


def _temporary(path: Path) -> Path:
    """A new name beside `path` for the file that will replace it."""
    unique = f"{os.getpid()}-{os.urandom(4).hex()}"
    temporary = path.with_name(f".{path.name}.{unique}.tmp")
    if len(temporary.name) > 255:  # keep within the longest name a folder allows
        temporary = path.with_name(f".flowmap-output.{unique}.tmp")
    return temporary


def _flush_all(paths: list[Path]) -> None:
    """Flush the written files to disk: all at once where the system can (`os.sync`)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
