"""Resolve `include:` paths: relative to the including file, never outside the project root."""

from __future__ import annotations

import functools
import os
from pathlib import Path

_ROOT_MARKERS = ("pyproject.toml", ".flowmap.toml", ".git")


def project_root(start: Path) -> Path:
    """The nearest folder upward from `start` holding pyproject.toml, .flowmap.toml or .git;
    else the current folder."""
    return _root_of(start.resolve(), Path.cwd())


@functools.lru_cache(maxsize=256)
def _root_of(folder: Path, cwd: Path) -> Path:
    # Cached: a batch asks once per file, and most files share a few folders.
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in _ROOT_MARKERS):
            return candidate
    return cwd.resolve()


def resolve_include(including: Path, target: str, root: Path) -> tuple[Path | None, str]:
    """The included file's resolved path, or None and a message that says what to write."""
    if not target.strip():
        return None, "an empty include; write the path of a map file relative to this one"
    path = (including.parent / target).resolve()
    if not path.is_relative_to(root):
        return None, (
            f"`{target}` is outside the project root {root}; flowmap never reads it. "
            "Move the file into the project, or mark the right root with a .flowmap.toml"
        )
    if not path.is_file():
        return None, f"`{target}` does not exist (looked for {path}); fix the path"
    return path, ""


def shown_include(including_shown: str, target: str) -> str:
    """How to name an included file in findings: beside the name its includer is shown by."""
    return os.path.normpath(os.path.join(os.path.dirname(including_shown), target))
