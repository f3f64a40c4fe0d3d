"""Reading a command's few map files in a second process while the command imports what it
works with.

`flowmap render` of one 1,000-step map spends, before Graphviz can start, 0.15 s importing
(networkx alone 0.1 s) and 0.07 s reading the map, one after the other on one core while
the other waits. Here a forked child reads the files (`workspace.read_map`, as
`flowmap.batch` does for a large batch) and sends the built maps back pickled, while this
process imports; unpickling costs this process a sixth of reading. Only for a few small
files: a child reading a large batch alone would keep this process waiting longer than
reading it itself; a large batch is shared out by `flowmap.batch` (`otherwise`).

The maps are the ones a read here gives (the workspace takes them as `preloaded`), so the
output is the same byte for byte. A child that fails for any reason (a bug, a killed
process) costs only time: the files are then read here.
"""

from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Callable
from pathlib import Path

from flowmap.load.discover import MAP_SUFFIXES, real_path
from flowmap.load.limits import Limits

# (named files, limits, seconds) -> what read_map gave for those of them it read ahead
Preload = Callable[[list[tuple[Path, str]], Limits, dict], dict]

# Above these, reading ahead in one child could keep this process waiting longer than it
# saves (a map reads at about 5 MB/s; the imports it overlaps take 0.15 s).
MAX_FILES = 20
MAX_BYTES = 1_000_000


class ReadAhead:
    """A `preload` for `project.open_organisations`: the first time it is asked, it starts a
    child reading the files, runs `meanwhile` here, and returns what the child read. Files
    not worth reading ahead (many, large, no fork, a second organisation) are read by the
    preload `otherwise()` makes (`project.pooled`: made only then, it imports the pool)."""

    def __init__(
        self, meanwhile: Callable[[], object], otherwise: Callable[[], Preload] | None = None
    ) -> None:
        self.meanwhile = meanwhile
        self.otherwise = otherwise
        self.asked = False

    def __call__(self, named: list[tuple[Path, str]], limits: Limits, seconds: dict) -> dict:
        first, self.asked = not self.asked, True
        files = _worth_reading_ahead(named) if first else []
        child = _start(files, limits) if files else None
        try:
            if first:
                self.meanwhile()
        except BaseException:
            if child is not None:
                _stop(child)
            raise
        if child is not None:
            return _collect(child, seconds)
        return self.otherwise()(named, limits, seconds) if self.otherwise else {}


def _worth_reading_ahead(named: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """The map files to read in the child, or [] when too many, too large or no fork."""
    if not hasattr(os, "fork") or len(named) > MAX_FILES:
        return []
    files = [(real_path(path), shown) for path, shown in named if path.name.endswith(MAP_SUFFIXES)]
    try:
        size = sum(path.stat().st_size for path, _ in files)
    except OSError:  # gone, or not readable: the read here says so, as always
        return []
    return files if size <= MAX_BYTES else []


def _start(files: list[tuple[Path, str]], limits: Limits) -> tuple[int, int] | None:
    """A child reading `files`: (its pid, the pipe end its pickled maps arrive on)."""
    try:
        source, sink = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: read, send, and leave without running anything of the parent's
        code = 1
        try:
            os.close(source)
            data = pickle.dumps([_read(path, shown, limits) for path, shown in files], protocol=5)
            with open(sink, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(sink)
    return pid, source


def _read(path: Path, shown: str, limits: Limits):
    """((path, shown), what `read_map` gives or None when it is no map, seconds it took)."""
    from flowmap.workspace import is_map_named, read_map

    start = time.perf_counter()
    result = read_map(path, shown, limits) if is_map_named(path) else None
    return (path, shown), result, time.perf_counter() - start


def _collect(child: tuple[int, int], seconds: dict) -> dict:
    pid, source = child
    with open(source, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return {}
    try:
        results = pickle.loads(data)
    except Exception:  # noqa: BLE001 - whatever went wrong there: read the files here
        return {}
    found = {}
    for item, result, took in results:
        if result is not None:
            found[item] = result
            seconds[item] = took
    return found


def _stop(child: tuple[int, int]) -> None:
    """The command stopped (an error, Ctrl-C) before it took what the child read."""
    pid, source = child
    os.close(source)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
