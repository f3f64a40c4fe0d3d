"""Recovery copies: the unsaved files an editor kept when it had to stop, offered back the
next time the project is edited.

They live in `.flowmap-recovery/` under the project root (a hidden folder, which folder
scans skip). Each unsaved file leaves three files, named by a hash of its path and the time
(a later copy of the same file never replaces one not yet taken back): KEY.text
(the bytes saving would have written), KEY.base (what was on disk when the editor loaded
it; none for a new file: restored, its save still notices what others changed on disk
meanwhile) and KEY.json (the file's path and when the copy was made), written last, so a
copy cut short is never offered.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from flowmap.edit.saving import save_atomically
from flowmap.outputs.files import OutputError, inside, make_folder, remove_inside

FOLDER = ".flowmap-recovery"
MAP_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Copy:
    """One kept file: where it belongs, what it held, what was on disk under it."""

    path: Path
    data: bytes
    base: bytes | None
    made: str  # UTC, e.g. 2026-12-01 23:10:07 UTC
    key: str


def keep(root: Path, files: list[tuple[Path, bytes, bytes | None]]) -> Path:
    """Write a copy of each (path, unsaved bytes, bytes on disk under them); returns the
    folder. Raises OSError or EditError when the folder cannot be written."""
    folder = root / FOLDER
    now = datetime.now(UTC)
    made = now.strftime("%Y-%m-%d %H:%M:%S UTC")
    try:
        make_folder(root, FOLDER)
        relatives = [inside(root, path).as_posix() for path, _, _ in files]
    except OutputError as error:
        raise OSError(str(error)) from None
    for (path, data, base), relative in zip(files, relatives, strict=True):
        key = f"{_key(path)}-{now.strftime('%Y%m%d%H%M%S%f')}"
        _save(root, f"{key}.text", data)
        if base is None:
            remove_inside(root, f"{FOLDER}/{key}.base")
        else:
            _save(root, f"{key}.base", base)
        _save(root, f"{key}.json", json.dumps({"path": relative, "made": made}).encode())
    return folder


def _save(root: Path, name: str, data: bytes) -> None:
    save_atomically(root / FOLDER / name, data, None, overwrite=True, root=root)


def kept(root: Path) -> list[Copy]:
    """The copies waiting under `root`, oldest first (a copy that cannot be read, or whose
    path is not a map file inside the project, is left and never offered). A file may have
    several: the editor stopped again before the first was taken back."""
    folder = root / FOLDER
    if folder.is_symlink() or not folder.is_dir():
        return []
    copies = []
    for about_file in sorted(folder.glob("*.json")):
        key = about_file.stem
        try:
            about = json.loads(_read(about_file))
            path = target(root, about["path"])
            if path is None:
                continue
            data = _read(folder / f"{key}.text")
            base_file = folder / f"{key}.base"
            base = _read(base_file) if os.path.lexists(base_file) else None
            copies.append(Copy(path, data, base, str(about["made"]), key))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(copies, key=lambda copy: (copy.key.rsplit("-", 1)[-1], str(copy.path)))


def target(root: Path, stored: object) -> Path | None:
    """The file a copy's stored path names under `root`; None when flowmap must not write
    it: outside the root, hidden, not a map file's name, through a link, not a regular file."""
    if not isinstance(stored, str) or not stored or "\0" in stored:
        return None
    relative = PurePosixPath(stored)
    if relative.is_absolute() or relative.suffix.lower() not in MAP_SUFFIXES:
        return None
    if any(part in ("", ".", "..") or part.startswith(".") for part in relative.parts):
        return None
    path = root
    for index, part in enumerate(relative.parts):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return root.joinpath(*relative.parts)
        except OSError:
            return None
        last = index == len(relative.parts) - 1
        if not (stat.S_ISREG(mode) if last else stat.S_ISDIR(mode)):
            return None  # a link, a device, a FIFO: never written through
    return path


def _read(path: Path) -> bytes:
    """A regular file's bytes, never through a link (OSError if it is anything else)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return file.read()


def drop(root: Path, copies: list[Copy]) -> None:
    """Remove these copies (and the folder, once it is empty); a copy the system does not
    let go stays, to be offered again."""
    folder = root / FOLDER
    for copy in copies:
        for suffix in (".json", ".text", ".base"):  # the description first: never half offered
            remove_inside(root, f"{FOLDER}/{copy.key}{suffix}")
    if not folder.is_symlink():
        with contextlib.suppress(OSError):
            folder.rmdir()


def _key(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
