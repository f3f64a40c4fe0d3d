"""Saving a file without ever losing data: atomic replace, and no silent overwrite.

The new content goes to a temporary file in the same folder, is flushed and fsynced, keeps
the old file's permissions, and replaces the old file in one rename. If the file on disk is
no longer what the editor loaded (someone else saved it), saving stops with SaveConflict
unless the user chose to overwrite.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class SaveConflict(Exception):
    """The file changed on disk since it was loaded or last saved."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed on disk since it was opened; reload or overwrite")
        self.path = path


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def save_atomically(path: Path, data: bytes, expected: bytes | None, overwrite: bool) -> None:
    """Write `data` to `path`; `expected` is what the editor believes is on disk now."""
    if not overwrite and read_bytes(path) != expected:
        raise SaveConflict(path)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
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
