"""Find the process maps under the paths a user names."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from flowmap.load.excludes import DEFAULT_EXCLUDE, Excludes
from flowmap.load.text import WIDE_BOMS, open_regular

MAP_SUFFIXES = (".yaml", ".yml")
# A file is ours when a top-level `flowmap:` key starts one of its lines, or, in JSON style,
# a quoted "flowmap" key (`{"flowmap": 1, ...}`, pretty-printed or not) does.
_MARKER = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:\{[ \t]*)?flowmap[ \t]*:"
    rb"|^(?:\xef\xbb\xbf)?[ \t]*\{?[ \t]*(?:\"flowmap\"|'flowmap')[ \t]*:",
    re.M,
)


def real_path(path: Path) -> Path:
    """`path.resolve()`, each folder resolved once: resolving a file walks every component
    of its path (a system call each), and a batch of 80,000 files in a few folders spent a
    quarter of a one-core check doing that again and again, one file at a time.

    Each file's answer is kept until the next `look_afresh()` (a plan of what to read
    starts with one): a check asks about each file six times, at 17 µs an answer."""
    key = _key(path)
    real = _REAL.get(key)
    if real is None:
        real = _REAL[key] = _resolved(path, os.fspath(path))
    return real


_REAL: dict[str, Path] = {}  # a path, made absolute (not normalised) -> its real path
_FOUND: set[str] = set()  # the map files that folder scans found (`find_maps`), likewise


def _key(path: Path) -> str:
    given = os.fspath(path)
    return given if os.path.isabs(given) else os.path.join(os.getcwd(), given)


def look_afresh() -> None:
    """Forget the files' real paths (the folders' stay known) and which files folder scans
    found to be maps: their links and their text may change."""
    _REAL.clear()
    _FOUND.clear()


def found_map(path: Path) -> bool:
    """Whether a folder scan since the last `look_afresh()` found `path` to be a map file:
    its head need not be read again (in a batch of tiny files, a tenth of the work)."""
    return _key(path) in _FOUND


def _resolved(path: Path, given: str) -> Path:
    folder, name = os.path.split(given)
    if name in ("", ".", ".."):
        return path.resolve()
    real = os.path.join(_real_folder(os.path.abspath(folder)), name)
    return Path(real).resolve() if os.path.islink(real) else Path(real)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def is_map_file(path: Path) -> bool:
    """Whether `path` is a regular file with `flowmap:` (never blocks on a FIFO)."""
    try:
        with open_regular(path) as handle:
            head = handle.read(65536)
    except (OSError, ValueError):
        return False
    for bom, codec in WIDE_BOMS:  # read, to be told "save it as UTF-8"
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
            break
    return bool(_MARKER.search(head))


def find_maps(
    folder: Path, root: Path, excludes: Excludes | None = None, bpmn: bool = False
) -> Iterator[Path]:
    """Every `*.yaml`/`*.yml` with `flowmap:` under `folder` (in the project `root`), and
    with `bpmn` every `*.bpmn` file, in a stable order.

    What `excludes` leaves out is skipped (default: hidden folders and virtual environments,
    and what git ignores), and so are virtual environments, FIFOs, devices and sockets, and
    symbolic links that lead outside the project root (a map there is not the project's, and
    reading it would leak it into findings and reports). Symbolic links to folders are not
    followed.
    """
    root = root.resolve()
    if excludes is None:
        excludes = Excludes(root, DEFAULT_EXCLUDE)
    for current, dirs, files in os.walk(folder):
        here = Path(current).resolve()
        dirs[:] = sorted(d for d in dirs if not _skipped(here / d, excludes))
        for name in sorted(files):
            path = Path(current, name)
            if name.endswith(MAP_SUFFIXES):
                wanted = is_map_file
            elif bpmn and name.lower().endswith(".bpmn"):  # a modeler's file, when asked for
                wanted = Path.is_file
            else:
                continue
            if not excludes.excluded(here / name) and _inside(path, root) and wanted(path):
                _FOUND.add(_key(path))
                yield path


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, its symbolic links followed, stays in the project root."""
    if not path.is_symlink():
        return True
    try:
        return path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a broken link or a loop of links
        return False


def _skipped(folder: Path, excludes: Excludes) -> bool:
    return excludes.excluded(folder, folder=True) or (folder / "pyvenv.cfg").exists()
