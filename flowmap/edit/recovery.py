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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flowmap.edit.saving import save_atomically

FOLDER = ".flowmap-recovery"


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
    folder.mkdir(exist_ok=True)
    now = datetime.now(UTC)
    made = now.strftime("%Y-%m-%d %H:%M:%S UTC")
    for path, data, base in files:
        key = f"{_key(path)}-{now.strftime('%Y%m%d%H%M%S%f')}"
        save_atomically(folder / f"{key}.text", data, None, overwrite=True)
        if base is None:
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{key}.base").unlink()
        else:
            save_atomically(folder / f"{key}.base", base, None, overwrite=True)
        about = json.dumps({"path": str(path.resolve()), "made": made}).encode("utf-8")
        save_atomically(folder / f"{key}.json", about, None, overwrite=True)
    return folder


def kept(root: Path) -> list[Copy]:
    """The copies waiting under `root`, oldest first (a copy that cannot be read is left).
    A file may have several: the editor stopped again before the first was taken back."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    copies = []
    for about_file in sorted(folder.glob("*.json")):
        key = about_file.stem
        try:
            about = json.loads(about_file.read_text(encoding="utf-8"))
            data = (folder / f"{key}.text").read_bytes()
            base_file = folder / f"{key}.base"
            base = base_file.read_bytes() if base_file.exists() else None
            copies.append(Copy(Path(about["path"]), data, base, str(about["made"]), key))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(copies, key=lambda copy: (copy.key.rsplit("-", 1)[-1], str(copy.path)))


def drop(root: Path, copies: list[Copy]) -> None:
    """Remove these copies (and the folder, once it is empty); a copy the system does not
    let go stays, to be offered again."""
    folder = root / FOLDER
    for copy in copies:
        for suffix in (".json", ".text", ".base"):  # the description first: never half offered
            with contextlib.suppress(OSError):
                (folder / f"{copy.key}{suffix}").unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def _key(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
