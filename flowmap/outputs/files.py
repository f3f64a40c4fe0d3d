"""Every file flowmap writes goes through here: the one rule for where writing is allowed.

Maps come from many hands (a pull request, a shared folder), and whoever controls them can
plant a symbolic link, a FIFO or a device where flowmap will write. So:

- **Inside a folder** (the folder `report -o DIR` names, the project root for the editor's
  saves, `r`, lock files and recovery copies) flowmap writes only regular files it reaches
  without following a symbolic link below that folder. A link, FIFO, device or socket in
  the way is an `OutputError` naming it, and nothing is written (`write_files` checks
  every file before writing the first). Folders are walked with descriptors opened with
  `O_NOFOLLOW`, so a link swapped in after the check is refused too.
- **A path named on the command line** (`render -o FILE`, `schema -o FILE`, `-o -`) is the
  user's own choice: a symbolic link is followed, and a FIFO or device is written into
  (never replaced), waiting at most `FIFO_WAIT` seconds for a reader.

A regular file is written atomically: the data goes to a temporary file in the same folder
(created with `O_EXCL | O_NOFOLLOW`), is flushed to disk, and replaces the old file in one
rename (keeping its permissions), so a reader never sees half a file and a crash leaves the
old one. Lock files (`open_lock`) are opened with `O_NOFOLLOW` and must be regular files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path, PurePath

from flowmap.load.names import clipped

STDOUT = "-"
FIFO_WAIT = 10.0  # seconds a FIFO named with -o may go without a reader
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = os.O_NOFOLLOW


class OutputError(Exception):
    """The output cannot be written: the message names it and says why (`reason`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.reason = message.split(": ", 1)[-1]


def write_output(name: str | Path, data: bytes) -> None:
    """Write `data` to `name`, a path the user named on the command line (`-` is standard
    output): a link is followed, a FIFO or device written into. OutputError if not."""
    if str(name) == STDOUT:
        write_stdout(data)
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
            _write_through(path, shown, mode, data)
            return
        target = Path(os.path.realpath(path))
        folder = _open_folder(target.parent, ())
        try:
            _replace_at(folder, target.name, data)
        finally:
            os.close(folder)
    except OSError as error:
        raise OutputError(_cannot(shown, error)) from error
    except RuntimeError as error:  # a loop of symbolic links (Python 3.11)
        raise OutputError(f"cannot write {shown}: {error}") from error


def write_stdout(data: bytes) -> None:
    """`data` on standard output; OutputError when it cannot take it (a full disk)."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        forget_stdout()
        raise OutputError(_cannot("standard output", error)) from error


def forget_stdout() -> None:
    """After standard output failed (a full disk): send what Python still holds for it to
    /dev/null, so that the flush at exit neither fails again nor prints a traceback."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def write_files(
    folder: str | Path,
    files: dict[str, bytes],
    *,
    follow: bool = True,
    make_folders: bool = True,
    each_checked: bool = True,
) -> None:
    """Write each `files` name (a relative path, `/`-separated) under `folder`, creating the
    folders between. Checks them all first: a symbolic link, FIFO, device or folder where a
    file or folder is to be written is an OutputError naming it, and nothing is written.

    `follow`: the folder itself was named by the user, so a link there is followed (the
    editor's project root, `report -o DIR`); False for a default name nobody chose.
    `make_folders`: make missing folders on the way (not for the editor's saves: a folder
    gone since the file was opened is an error there).
    `each_checked`: ask each file's flush whether it reached the disk (a full disk shows
    there); False for files made again by running the command again (a report's thousands
    of charts), which are flushed all at once.
    """
    base = Path(folder)
    shown_base = clipped(str(base))
    try:
        if "\0" in str(base):
            raise OutputError(f"cannot write {shown_base}: a name cannot hold a NUL character")
        if not follow and os.path.islink(base):
            raise _planted(base, "")
        try:
            base.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # something that is not a folder
            raise OutputError(f"cannot write to {shown_base}: it is not a folder") from None
        for name in files:
            _check(base, name)
    except OSError as error:
        raise OutputError(_cannot(shown_base, error)) from error
    # Every file is written beside its place first, all are flushed to disk together, and
    # only then each replaces the old one in one rename: a crash leaves each file old or
    # new, never half written. Flushed one by one, the 3,600 files of a report of 1,200
    # processes took 40 s on an ext4 disk that flushes them all at once in 0.1 s.
    folders: dict[tuple[str, ...], int] = {}  # the open folders, each opened once
    waiting: list[tuple[int, str, str]] = []  # (folder, temporary, name)
    try:
        for name, data in files.items():
            parts = _parts(base, name)
            try:
                where = tuple(parts[:-1])
                if where not in folders:
                    folders[where] = _open_folder(base, parts[:-1], create=make_folders)
                handle = folders[where]
                waiting.append((handle, _write_beside(handle, parts[-1], data), parts[-1]))
            except OSError as error:
                raise OutputError(_cannot(clipped(str(base / name)), error)) from error
        try:
            _flush_all(waiting, each_checked)
        except OSError as error:
            raise OutputError(_cannot(shown_base, error)) from error
        while waiting:
            handle, temporary, name = waiting[0]
            try:
                os.replace(temporary, name, src_dir_fd=handle, dst_dir_fd=handle)
            except OSError as error:
                raise OutputError(_cannot(clipped(str(base / name)), error)) from error
            waiting.pop(0)
        for handle in folders.values():  # make the renames themselves durable
            with contextlib.suppress(OSError):
                os.fsync(handle)
    finally:
        for handle, temporary, _ in waiting:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=handle)
        for handle in folders.values():
            os.close(handle)


def write_inside(
    folder: Path, name: str | PurePath, data: bytes, make_folders: bool = True
) -> None:
    """Write one file under `folder` (see `write_files`)."""
    write_files(folder, {PurePath(name).as_posix(): data}, make_folders=make_folders)


def make_folder(folder: Path, name: str) -> None:
    """Make the folder `name` under `folder` (if missing), never through a link."""
    try:
        os.close(_open_folder(folder, _parts(folder, name), create=True))
    except OSError as error:
        raise OutputError(_cannot(clipped(str(folder / name)), error)) from error


def inside(root: Path, path: Path) -> PurePath:
    """`path` relative to `root`, the folder flowmap may write in; OutputError when it is
    outside. A path named through a link to the root (the folder the user stands in) counts."""
    path = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), Path(os.path.realpath(root))):
        if path.is_relative_to(base) and path != base:
            return PurePath(path.relative_to(base))
    real = Path(os.path.realpath(path.parent)) / path.name
    if real.is_relative_to(Path(os.path.realpath(root))):
        return PurePath(real.relative_to(os.path.realpath(root)))
    raise OutputError(
        f"cannot write {clipped(str(path))}: it is outside the project {clipped(str(root))}"
    )


@contextlib.contextmanager
def open_lock(folder: Path, name: str | PurePath) -> Iterator[int]:
    """A descriptor of the lock file `name` under `folder`, created if need be, never
    through a link (`O_NOFOLLOW`), and only a regular file; OutputError if not."""
    parts = _parts(folder, PurePath(name).as_posix())
    try:
        handle = _open_folder(folder, parts[:-1])
        try:
            flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | _NOFOLLOW | os.O_CLOEXEC
            try:
                lock = os.open(parts[-1], flags, 0o644, dir_fd=handle)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.EMLINK):
                    raise _planted(Path(folder, *parts), "") from None
                raise
        finally:
            os.close(handle)
    except OSError as error:
        raise OutputError(_cannot(clipped(str(Path(folder, *parts))), error)) from error
    if not stat.S_ISREG(os.fstat(lock).st_mode):
        os.close(lock)
        raise _planted(Path(folder, *parts), "")
    try:
        yield lock
    finally:
        os.close(lock)


def remove_inside(folder: Path, name: str | PurePath) -> None:
    """Remove the file `name` under `folder` if it is there (never through a link)."""
    parts = _parts(folder, PurePath(name).as_posix())
    with contextlib.suppress(OSError, OutputError):
        handle = _open_folder(folder, parts[:-1])
        try:
            os.unlink(parts[-1], dir_fd=handle)
        finally:
            os.close(handle)


def _parts(base: Path, name: str) -> list[str]:
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"cannot write {clipped(name)}: not a name inside {clipped(str(base))}")
    return parts


def _check(base: Path, name: str) -> None:
    """OutputError when writing `name` under `base` would go through a link or into
    something that is not a regular file (a missing name is fine: it will be created)."""
    parts = _parts(base, name)
    path = base
    for index, part in enumerate(parts):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return
        last = index == len(parts) - 1
        if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) if last else stat.S_ISDIR(mode)):
            raise _planted(path, "" if last or stat.S_ISLNK(mode) else " where a folder goes")


def _planted(path: Path, where: str) -> OutputError:
    """The error for a link, FIFO, device or file in the way (planted, or left by someone)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0
    if stat.S_ISLNK(mode):
        what = f"a symbolic link (to {clipped(os.readlink(path), 100)})"
    elif stat.S_ISDIR(mode):
        what = "a folder"
    elif stat.S_ISREG(mode):
        what = "a file"
    else:
        from flowmap.load.text import file_kind

        what = file_kind(mode)
    return OutputError(
        f"cannot write {clipped(str(path))}: it is {what}{where}; flowmap writes only "
        "regular files it creates there and never through a link: remove it and run again"
    )


def _open_folder(base: Path, parts, create: bool = False) -> int:
    """A descriptor of the folder `base/parts...`, `base` opened as named, each part below
    it without following a link (and made when `create` and missing)."""
    handle = os.open(base, _FOLDER)
    try:
        path = base
        for part in parts:
            path = path / part
            try:
                inner = os.open(part, _FOLDER | _NOFOLLOW, dir_fd=handle)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=handle)
                inner = os.open(part, _FOLDER | _NOFOLLOW, dir_fd=handle)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _planted(path, " where a folder goes") from None
                raise
            os.close(handle)
            handle = inner
        return handle
    except BaseException:
        os.close(handle)
        raise


def _mode(path: Path) -> int | None:
    """The mode of what `path` names, its links followed; None when there is nothing."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        return None


def _write_through(path: Path, shown: str, mode: int, data: bytes) -> None:
    """Write into a FIFO or device the user named, waiting at most FIFO_WAIT s for a reader."""
    flags = os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            handle = os.open(path, flags)
            break
        except OSError as error:
            if error.errno != errno.ENXIO or not stat.S_ISFIFO(mode):  # ENXIO: no reader yet
                raise
            if time.monotonic() > deadline:
                raise OutputError(
                    f"cannot write {shown}: it is a FIFO (named pipe) and nothing read from it "
                    f"for {FIFO_WAIT:g} s; start the program that reads it first"
                ) from None
            time.sleep(0.05)
    try:
        os.set_blocking(handle, True)
        with os.fdopen(handle, "wb", closefd=False) as through:
            through.write(data)
    finally:
        os.close(handle)


def replace_file(path: Path, data: bytes) -> None:
    """Replace the regular file `path` (or create it) with `data` in one rename; its folder
    is taken as it is named (links followed). Prefer `write_inside`."""
    folder = _open_folder(path.parent, ())
    try:
        _replace_at(folder, path.name, data)
    finally:
        os.close(folder)


def _replace_at(folder: int, name: str, data: bytes) -> None:
    """Replace the regular file `name` in the open `folder` (or create it) with `data` in one
    rename, after writing a temporary file beside it and flushing it to disk. An existing
    file keeps its permissions; a new one gets what the user's umask gives. A link or
    anything but a regular file under `name` is refused (OutputError), never replaced."""
    temporary = _write_beside(folder, name, data)
    try:
        with _opened(temporary, folder) as handle:
            os.fsync(handle)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        os.fsync(folder)


def _write_beside(folder: int, name: str, data: bytes) -> str:
    """Write `data` to a new temporary file beside `name` in the open `folder` (with the
    permissions of the file it will replace); returns its name. Refuses (OutputError) a
    link or anything but a regular file under `name`."""
    try:
        status = os.lstat(name, dir_fd=folder)
    except FileNotFoundError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise OutputError(
            f"cannot write {clipped(name)}: it is not a regular file; flowmap writes only "
            "regular files and never through a link: remove it and run again"
        )
    unique = f"{os.getpid()}-{os.urandom(4).hex()}"
    temporary = f".{name}.{unique}.tmp"
    if len(temporary.encode("utf-8", "surrogateescape")) > 255:  # the longest name allowed
        temporary = f".flowmap-output.{unique}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC
    handle = os.open(temporary, flags, 0o666, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if status is not None:
                os.fchmod(out.fileno(), stat.S_IMODE(status.st_mode))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    return temporary


@contextlib.contextmanager
def _opened(name: str, folder: int) -> Iterator[int]:
    handle = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
    try:
        yield handle
    finally:
        os.close(handle)


def _flush_all(written: list[tuple[int, str, str]], each_checked: bool) -> None:
    """Flush the written temporary files to disk: all at once where the system can
    (`os.sync`: 0.1 s for 3,600 files that took 40 s flushed one by one), and, when each
    must be checked, each file's own `fsync`, which is what reports a write that failed."""
    if hasattr(os, "sync"):
        os.sync()
        if not each_checked:
            return
    for folder, temporary, _ in written:
        with _opened(temporary, folder) as handle:
            os.fsync(handle)


def _cannot(shown: str, error: OSError) -> str:
    """`cannot write NAME: why`, in the words a user can act on."""
    if error.errno == errno.ENOSPC:
        return f"cannot write {shown}: no space left on the device"
    if error.errno == errno.EDQUOT:
        return f"cannot write {shown}: over the disk quota"
    return f"cannot write {shown}: {error.strerror or error}"
