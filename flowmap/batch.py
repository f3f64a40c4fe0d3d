"""Reading a large batch of maps in parallel processes, with the same result as one process.

Reading a file (YAML, then the model) is the costly part of a check and each file is read on
its own, so worker processes read shares of the named files and send back the built maps.
Sending a map back costs about two thirds of reading it (pickling the objects), so the main
process reads the largest share itself while the workers run, and a small batch is read in
one process. Everything that needs every map at once — includes, the organisation, the rules
— runs afterwards in the main process, in the same order as without workers, so the output is
byte-identical whatever the number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from flowmap.findings import Finding
from flowmap.load.limits import Limits
from flowmap.memory import collector_paused
from flowmap.model import types as t
from flowmap.progress import Progress

# (resolved path, name shown in findings) -> what read_map gave
Preloaded = dict[tuple[Path, str], tuple[t.Map | None, list[Finding]]]

MIN_FILES_PER_WORKER = 50  # below this, starting a worker costs more than it saves
MAIN_SHARE = 1.6  # the main process reads this many times a worker's share: it sends nothing
CHUNK = 25  # files a worker reads before it sends them back, so the progress bar moves


def default_jobs() -> int:
    return os.cpu_count() or 1


def preload(
    named: list[tuple[Path, str]], limits: Limits, jobs: int, progress: Progress | None = None
) -> Preloaded:
    """Read the named files with `jobs` processes (this one included)."""
    from flowmap.workspace import is_map_named, read_map

    files = [(path.resolve(), shown) for path, shown in named if is_map_named(path)]
    workers = min(jobs - 1, len(files) // MIN_FILES_PER_WORKER)
    if workers < 1:
        return {}
    main_count = round(len(files) * MAIN_SHARE / (MAIN_SHARE + workers))
    mine, theirs = files[:main_count], files[main_count:]
    chunks = [theirs[i : i + CHUNK] for i in range(0, len(theirs), CHUNK)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    found: Preloaded = {}
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures: list[Future] = [pool.submit(_read_chunk, chunk, limits) for chunk in chunks]
        with collector_paused():
            for path, shown in mine:
                found[(path, shown)] = read_map(path, shown, limits)
                if progress:
                    progress.done()
            for future in futures:
                results = future.result()
                found.update(results)
                if progress:
                    progress.done(len(results))
    return found


def _read_chunk(chunk: list[tuple[Path, str]], limits: Limits) -> list:
    from flowmap.workspace import read_map

    with collector_paused():
        return [((path, shown), read_map(path, shown, limits)) for path, shown in chunk]
