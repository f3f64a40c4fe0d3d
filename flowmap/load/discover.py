"""Find the process maps under the paths a user names."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

MAP_SUFFIXES = (".yaml", ".yml")
# A file is ours when a top-level `flowmap:` key starts one of its lines.
_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?flowmap\s*:", re.M)
_SKIPPED_DIRS = {"node_modules", "__pycache__", "site-packages", "venv", "env"}


def is_map_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return bool(_MARKER.search(handle.read(65536)))
    except OSError:
        return False


def find_maps(folder: Path) -> Iterator[Path]:
    """Every `*.yaml`/`*.yml` with `flowmap:` under `folder`, in a stable order.

    Hidden folders and virtual environments are skipped.
    """
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _skipped(Path(current, d)))
        for name in sorted(files):
            path = Path(current, name)
            if name.endswith(MAP_SUFFIXES) and is_map_file(path):
                yield path


def _skipped(folder: Path) -> bool:
    name = folder.name
    return name.startswith(".") or name in _SKIPPED_DIRS or (folder / "pyvenv.cfg").exists()
