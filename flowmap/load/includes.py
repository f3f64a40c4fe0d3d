"""Resolve `include:` paths: relative to the including file, never outside the project root
(flowmap.project finds it), never a hidden file or folder (`.env`, `.git/config`), and only
flowmap files (with their `flowmap:` line): an include is not a way to read any file and have
its content quoted in findings, CI annotations and SARIF."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from flowmap.load.discover import is_map_file, real_path
from flowmap.load.names import clipped, shown_name
from flowmap.load.text import file_kind


def resolve_include(including: Path, target: str, root: Path) -> tuple[Path | None, str]:
    """The included file's resolved path, or None and a message that says what to write."""
    if not target.strip():
        return None, "an empty include; write the path of a map file relative to this one"
    shown = clipped(target)
    if "\0" in target:
        return None, f"`{shown}` holds a NUL character; write the path of a map file"
    try:
        path = real_path(including.parent / target)
    except RuntimeError:  # Python 3.11 reports a loop of symbolic links so
        return None, f"`{shown}` leads into a loop of symbolic links; fix the links or the path"
    except OSError as error:
        return None, f"`{shown}` cannot be used as a path ({error.strerror}); fix the path"
    if not path.is_relative_to(root):
        return None, (
            f"`{shown}` is outside the project root {shown_name(str(root))}; flowmap never "
            "reads it. Move the file into the project, or mark the right root with a "
            ".flowmap.toml"
        )
    hidden = [part for part in path.relative_to(root).parts if part.startswith(".")]
    if hidden:
        return None, (
            f"`{shown}` is in a hidden file or folder ({clipped(hidden[0], 40)}); flowmap never "
            "reads those: include a map file"
        )
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, (
                f"`{shown}` does not exist (looked for {clipped(str(path))}); fix the path"
            )
        if error.errno == errno.ELOOP:
            return None, f"`{shown}` leads into a loop of symbolic links; fix the links or the path"
        return None, f"`{shown}` cannot be read ({error.strerror}); fix the path"
    if not stat.S_ISREG(mode):
        return None, f"`{shown}` is {file_kind(mode)}, not a map file; include a map file"
    if not is_map_file(path):
        return None, (
            f"`{shown}` is not a flowmap file (it has no `flowmap: 1` line); include a map "
            "file, or add `flowmap: 1` at the top of this one"
        )
    return path, ""


def shown_include(including_shown: str, target: str) -> str:
    """How to name an included file in findings: beside the name its includer is shown by."""
    return shown_name(os.path.normpath(os.path.join(os.path.dirname(including_shown), target)))
