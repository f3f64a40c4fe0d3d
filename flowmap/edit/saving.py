"""Saving a file without ever losing data: atomic replace, no silent overwrite, one writer at
a time.

The new content goes to a temporary file in the same folder, is flushed and fsynced, keeps
the old file's permissions, and replaces the old file in one rename. If the file on disk is
no longer what the editor loaded (someone else saved it), saving stops with SaveConflict
unless the user chose to overwrite.

Two flowmap processes saving the same file at the same moment take turns: each holds an
exclusive lock on `.NAME.flowmap-lock` beside the file from the moment it compares the disk
with what it loaded until its rename is done, so one of them wins and the other sees the
winner's change (SaveConflict) instead of silently replacing it. The lock is a `flock`, which
the system releases when a process dies: a crash never leaves a file locked. The lock file
is removed after each save. It is created with O_NOFOLLOW, reached from the project root
without following a link, and must be a regular file: a lock planted as a link to a file
elsewhere is an error, never created there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from flowmap.edit.yaml_text import EditError
from flowmap.outputs.files import OutputError, inside, open_lock, remove_inside, write_inside

LOCK_WAIT = 10.0  # seconds to wait while another flowmap process saves the same file
_NAME_ROOM = 200  # of a file name's 255 bytes, what the lock's and temporary file's names keep


class SaveConflict(EditError):
    """The file changed on disk since it was loaded or last saved."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed on disk since it was opened; reload or overwrite")
        self.path = path


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes; None when it is not there or cannot be read as a file."""
    try:
        return path.read_bytes()
    except (OSError, ValueError):
        return None


def save_atomically(
    path: Path, data: bytes, expected: bytes | None, overwrite: bool, root: Path | None = None
) -> None:
    """Write `data` to `path`, which must be inside `root` (the project; by default the
    file's own folder) and reached without a link (flowmap.outputs.files); `expected` is
    what the editor believes is on disk now.

    Raises SaveConflict when the disk holds something else (unless `overwrite`), and
    EditError when the system or the rule refuses the write; either way the file is as it was.
    """
    root = path.parent if root is None else root
    try:
        relative = inside(root, path)
        with write_lock(path, root=root):
            if not overwrite and _on_disk(path) != expected:
                raise SaveConflict(path)
            write_inside(root, relative, data, make_folders=False)
    except OutputError as error:
        # the system's reason for a failed write; the whole message for a refused one
        reason = error.reason if isinstance(error.__cause__, OSError) else str(error)
        raise EditError(f"{path} was not saved ({reason}); the file on disk is unchanged") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise EditError(f"{path} was not saved ({reason}); the file on disk is unchanged") from None


@contextlib.contextmanager
def write_lock(path: Path, wait: float = LOCK_WAIT, root: Path | None = None) -> Iterator[None]:
    """Hold the lock beside `path` that every flowmap writer of `path` takes (see above).
    The lock file is reached from `root` (default: the file's folder) without following a
    link, and opened with O_NOFOLLOW: a planted link is an OutputError, never followed."""
    root = path.parent if root is None else root
    relative = inside(root, path)
    lock = relative.with_name(f".{relative.name[:_NAME_ROOM]}.flowmap-lock")
    deadline = time.monotonic() + wait
    while True:
        with open_lock(root, lock) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EditError(
                        f"another program has been saving {path} for {wait:g} s; save again later"
                    ) from None
                time.sleep(0.005)
                continue
            # The writer before us removes the lock file when it is done: if we locked the
            # file it removed, a third writer may hold a new one; take the lock there now.
            try:
                current = os.lstat(Path(root, lock))
            except FileNotFoundError:
                current = None
            if current is None or not os.path.samestat(os.fstat(handle), current):
                continue
            try:
                yield
            finally:
                remove_inside(root, lock)
            return  # closing the descriptor releases the lock


def _on_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
