"""Find the process maps under the paths a user names."""

from __future__ import annotations

import functools
import operator
import os
import re
from collections.abc import Iterator
from pathlib import Path

from flowmap.load.excludes import DEFAULT_EXCLUDE, Excludes
from flowmap.load.text import WIDE_BOMS, read_regular

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


def _key(path: Path) -> str:
    given = os.fspath(path)
    # (`os.path.isabs` and `os.path.join`, Python functions, took 1.0 µs of 2.8 µs an answer:
    # 0.08 s for 80,000 files)
    if given.startswith("/"):
        return given
    folder = os.getcwd()
    return f"{folder}/{given}" if folder != "/" else f"/{given}"


def look_afresh() -> None:
    """Forget the files' real paths (the folders' stay known): their links may change."""
    _REAL.clear()


def _resolved(path: Path, given: str) -> Path:
    folder, name = os.path.split(given)
    if name in ("", ".", ".."):
        return path.resolve()
    real = os.path.join(_real_folder(os.path.abspath(folder)), name)
    return Path(real).resolve() if os.path.islink(real) else Path(real)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return str(Path(folder).resolve())


HEAD = 65536  # a map's `flowmap:` line is in its first bytes, this many


def is_map_file(path: Path) -> bool:
    """Whether `path` is a regular file with `flowmap:` (never blocks on a FIFO)."""
    try:
        _, head = read_regular(path, HEAD)
    except (OSError, ValueError):
        return False
    return marked(head)


def marked(head: bytes) -> bool:
    """Whether a file's first `HEAD` bytes hold a `flowmap:` line."""
    # (the BOMs tried one by one only for a head starting like one: 0.8 -> 0.36 µs a file)
    if head.startswith(_WIDE_STARTS):
        for bom, codec in WIDE_BOMS:  # read, to be told "save it as UTF-8"
            if head.startswith(bom):
                head = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
                break
    return bool(_MARKER.search(head))


_WIDE_STARTS = tuple(bom for bom, _ in WIDE_BOMS)


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
    for path, _, _, _, unsure in scan(folder, root, excludes, bpmn):
        if not unsure or is_map_file(path):
            yield path


def scan(
    folder: Path, root: Path, excludes: Excludes | None = None, bpmn: bool = False
) -> Iterator[tuple[Path, str, Path, str, bool]]:
    """What `find_maps` finds, before any file is opened: (path, `str(path)`, its real
    path, the real path's folder, unsure), where `unsure` says it has yet to be read for its
    `flowmap:` line (a YAML file: FIFOs, devices and unreadable files fail that test too),
    the reader's job when it reads it whole anyway (flowmap.workspace.read_if_map). A BPMN
    file is a map by its name.

    Each file's head read in the scan, then the whole file again when it was read, cost a
    batch of 80,000 tiny files 0.65 s in the planning, on one core, before any worker
    could start; the reader decides it from the text it reads (on every core).
    """
    root = root.resolve()
    if excludes is None:
        excludes = Excludes(root, DEFAULT_EXCLUDE)
    yield from _scan(os.fspath(folder), root, excludes, bpmn)


def _scan(
    current: str, root: Path, excludes: Excludes, bpmn: bool
) -> Iterator[tuple[Path, str, Path, str, bool]]:
    """`scan` in the folder `current`, then in its subfolders (as `os.walk` goes, top
    down), with what listing the folder tells about each entry: a batch of 80,000 tiny
    files spent a third of its planning asking the system about each file again."""
    try:
        with os.scandir(current) as listing:
            entries = sorted(listing, key=_name)
    except OSError:  # gone, or not readable: nothing to find there (as os.walk)
        return
    here = _real_folder(os.path.abspath(current))
    current_path, here_path = Path(current), Path(here)
    # the files' `_key`, and `str` of their paths, worked out once for their folder: each
    # file's is its name added (`os.path.join` and `str` of a Path made part by part, for
    # each of 80,000 files: 0.1 s)
    keyed = _key(current_path)
    if os.path.basename(keyed) == ".":  # the current folder: `Path(".", name)` is `name`
        keyed = os.path.dirname(keyed)
    keyed, spelled = _in(keyed), _in(os.fspath(current_path))
    # no pattern that could leave out a file of this folder: none is asked about
    every = excludes.files_kept(here)
    folders = []
    for entry in entries:
        name = entry.name
        if _is_folder(entry):
            if not _skipped(Path(here, name), excludes) and not entry.is_symlink():
                folders.append(entry.path)  # (links to folders are not followed)
            continue
        if name.endswith(MAP_SUFFIXES):
            unsure = True
        elif bpmn and name.lower().endswith(".bpmn"):  # a modeler's file, when asked for
            unsure = False
        else:
            continue
        if not every and excludes.excluded(os.path.join(here, name)):
            continue
        path = _child(current_path, name)
        where = here
        if entry.is_symlink():
            if not _inside(path, root):
                continue
            real = real_path(path)  # (its target's)
            where = os.path.dirname(os.fspath(real))
        else:  # its real path, known now: `real_path` need not ask the system
            real = _REAL[keyed + name] = _child(here_path, name)
        if not unsure and not path.is_file():
            continue
        yield path, spelled + name, real, where, unsure
    for folder in folders:
        yield from _scan(folder, root, excludes, bpmn)


_name = operator.attrgetter("name")  # (a lambda called for each of 80,000 files: 15 ms)

# `folder / name` for a name a folder's listing gave (one part, no `/`), made without
# parsing `name` again: Python 3.11's Path makes a child this way for `iterdir` and `glob`
# at 0.27 µs, where `/` takes 1.6 µs (two paths for each of 80,000 files: 0.2 s of the
# planning). Pythons without it (3.13) take `/`, which is as cheap there.
_child = getattr(Path, "_make_child_relpath", Path.__truediv__)


def _in(folder: str) -> str:
    """What a name of a file in `folder` (a path as `str` spells it) is added to: the
    folder and a `/`, or nothing for the current folder (`Path(".", name)` is `name`)."""
    if folder == ".":
        return ""
    return folder if folder.endswith("/") else folder + "/"


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # (a link to a folder too, as os.walk lists it)
    except OSError:
        return False


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, a symbolic link, leads to a file in the project root."""
    try:
        return path.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # a broken link or a loop of links
        return False


def _skipped(folder: Path, excludes: Excludes) -> bool:
    return excludes.excluded(folder, folder=True) or (folder / "pyvenv.cfg").exists()
