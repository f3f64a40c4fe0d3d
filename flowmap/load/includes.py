"""Resolve `include:` paths: relative to the including file, never outside the project root
(flowmap.project finds it)."""

from __future__ import annotations

import os
from pathlib import Path


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
