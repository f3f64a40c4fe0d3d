"""Reading a large batch of maps on several cores, with the same output as on one.

Measured on 1,000 files x 50 steps, 2 cores (the floor, PyYAML's C compose of the same
files, takes 3.0 s; `flowmap check -j 1` 4.2-4.5 s):

- Reading the files is most of a check: compose 1.7 s, the model 0.7 s, includes and the
  organisation 0.4 s. The rules take 1.0 s more.
- A built map pickles in a fifth of the time it takes to read it, and unpickles in a sixth,
  as long as the cyclic garbage collector is off (with it on, unpickling a whole batch took
  1.4 s: the collector scans the young objects again and again). So worker processes read
  shares of the files and send back the built maps as pickled bytes; the main process reads
  a share of its own meanwhile and then unpickles theirs, which is much cheaper than reading
  them. The shares are sized so that everyone finishes together (`_main_share`); when the
  workers are late all the same (another program busy on the machine), the main process
  takes back the chunks they have not started.
- The rules judge the whole organisation, so they run after reading, in the process that
  holds it. Once the reading is done, a large organisation's rules run on two cores
  (`each_task`, from flowmap.rules.engine): this process works out what several rules
  share (every handoff and need link, 0.11 s on the batch above), forks a child that has
  the whole organisation, and both take the rules from one queue, costliest first; the
  child sends back its rules' findings. It pays less than half the rules' time: each
  process pays for every page of the model it touches after the fork (copy-on-write; one
  walk over the whole model costs the child ~0.1 s on the batch above). Measured (issue
  23, load 2-3 on the 2 cores: CPU seconds of each process, and the least wall time of
  4-6 runs): the batch above, the shared work 0.11 s then 0.30 and 0.29 s in the two
  processes, against 0.55 s for the rules alone (wall 0.55 -> 0.46 s); one file of
  100,000 steps, 0.26 s then 0.65 and 0.69 s against 1.29 s; 80,000 tiny files (160,000
  steps), 0.43 s then 0.85 and 0.89 s (wall 1.49-1.52 -> 1.33-1.38 s). Below about 25,000
  steps it does not pay (500 files x 50 steps: 0.225 s against 0.243 s at best; one file
  of 10,000 steps: 0.21-0.27 s against 0.11-0.19 s): `engine.SHARED_FROM_STEPS`.
  (Forking earlier, before the organisation is whole, would not give the rules what they
  judge: duplicate ids, idle units, the goal cascade and references into other files
  need every map at once.)

With one worker beside the main process, the batch above checks in 3.6-4.1 s against 4.5 s
in one process (1.2-1.36x the floor). Measured again (bench_devices "fork pool", load 7.8):
5.9 s against 6.8 s with `-j 1` (+13%): kept. On 80,000 tiny files it gains nothing (56.9 s
against 55.8 s): there the main process's own share (finding the files, includes, the
rules) is most of the time. Another program busy on the machine takes that gain
away (`-j 2` was 1.3 s slower than `-j 1` while two other processes ran flat out).

Measured again (issue 23), at a load average of 10-13 on the 2 cores: 80,000 tiny files,
`-j 2` 66.6 s against 106.2 s with `-j 1` (1.59x faster, once the main process no longer
resolved every folder of every file again); 1,000 files x 50 steps, `-j 2` 35.9 s against
24.4 s (47% slower, CPU +14%: the worker got little of a machine that busy, and pickling
costs CPU). Kept for the many-files row; on a quiet machine its gain on the 1,000 files
was +13% (above). `make bench` rows "fork pool" and "80,000 tiny files" decide it again.

Measured again (issue 23, branch many5; CPU seconds, since the load average was 4-6 on the
2 cores all along and wall times there say little): 80,000 tiny files, `-j 1` 19.8 s CPU
(28.4 s before the descriptor reads and the cheaper folder scan), `-j 2` main process
17.6 s (23.7 s). The reading is all that is shared: 7.7 s of `-j 1`'s 20 s (39%), against
planning before it (3.8 s: finding the files, each one's head read, the exclusions) and,
after it, the rules over the whole organisation (3.8 s), the includes, the organisation's
index and the findings' output (4.5 s). By Amdahl's law `-j 2` is then at most 1.24x faster
there (1.19x with the pickling), with a worker that never waits for a core; 1.13x by the
main process's CPU in those runs (it read 60% of the files: the worker was late). 1.6x
needs the planning and the rules shared too. Relative costs measured then: a tiny map
pickles in 0.14 of its reading time and unpickles in 0.09; a 50-step map 0.47 and 0.23.
The shares below use 0.20 and 0.17, which leave the main process the smaller share in both
cases: it ends first and takes back the chunks the worker has not started.

Measured again (issue 23, branch many6; CPU seconds, load average 5-8 on the 2 cores, in
turns with the code before): the main process now takes each chunk as it arrives (`Batch`)
and does its own work on the maps (includes, the workspace's lists) meanwhile, not after the
last chunk; that work, the planning and the includes cost less. 80,000 tiny files: `-j 1`
18.6-19.2 -> 15.9-16.7 s; `-j 2` main process 15.7-16.5 -> 13.5-13.9 s, worker 4.4-5.1 ->
6.1-6.4 s. What `-j 2` still leaves to the main process alone, about 7 s of its 13.7: the
planning (2.4 s: the folder scan and each file's head read 1.3 s, each file's organisation
1.1 s), and after the reading the organisation's index (0.4 s), the rules (3.6-3.8 s, of
which 1.8 s build what the rules share on first use: the flow graph, the lines) and the
output. With 7 s serial and ~1 s of pickling, `-j 2` is at most 1.3x faster than `-j 1`
on 2 cores; 1.6x would need at most ~2 s serial: the rules shared or much cheaper, and the
planning done by the workers (a worker reading a share of the named files cannot start
before the plan names them).

Measured again (issue 23, session 33, load 2-3): on 1,000 files x 50 steps a map pickles in
0.35 of its reading time and unpickles in 0.18 (a tiny map 0.19-0.27 and 0.16-0.23), so
`DUMPS` leaves the main process the smaller share there, as meant: it ends first and takes
back the unstarted chunks. What it waits for is the end: 27-66 ms for the two or three
chunks a worker is on or has queued (the pool queues one ahead of each worker), 10 files
each. Smaller last chunks would save part of that and cost a round trip each (0.09 ms of
the main process's time): left as it is. `check` imports the rules while the workers read
(`meanwhile`), not before it starts them.

Where 80,000 tiny files stand now (session 34, quiet, whole process, `make bench-quick`):
`-j 1` 10.7-10.8 s, `-j 2` 6.9-7.2 s (1.50-1.54x). The main process is busy all along in
`-j 2` and its CPU is the wall time: the planning 0.5 s, the reading phase 4.4 s (it reads
40% of the files, unpickles the rest and does every file's includes and index entries), the
organisation's index 0.3 s, the rules 1.25 s (on two cores), the output 0.1 s; the worker
ends its share with the reading phase. 1.6x would need about 0.3 s less of the main
process's own work in `-j 2` alone.

Session 34 (issue 23): the pool (concurrent.futures) gave way to workers forked directly,
taking orders from a queue pipe and leaving their pickled maps in a file in memory each
(`Batch`): the pool's thread in the main process had to win the interpreter's lock from the
reader to hand each chunk over, and the worker sat idle a sixth of the time (80,000 tiny
files: -j 2 8.9-9.2 -> 8.0-8.8 s). What is left to the main process alone: the planning,
the organisation's index once every map is in, the rules' shared work (`engine._shared`,
0.4 s), its half of the rules (copy-on-write: each of the two processes pays ~0.25 s for
the pages it touches) and the output; and for each map a worker read, unpickling it (12 us
for a tiny map against 96 us to read it) and its own work on it. Tried and removed:
- the workers reading the files `check`'s plan names while it is made (handed over in
  chunks as they were named): +4.8% on 80,000 tiny files while the planning took 0.9 s,
  +0-2% once it took 0.5 s (two bench runs): not worth the hand-over between plan and read;
- the second core starting on the rules that need none of the shared work while the main
  process works it out: both processes fault on the pages they share the while, and the
  rules took 1.5-1.6 s against 1.25-1.3 s;
- indexing each map as it arrives instead of once all are in: no gain (the index's tables
  are cheaper filled in one pass).

Every command that reads an organisation reads through here (`project.pooled`): `render`,
`report`, `graph` and the API's `open_workspace` read a folder of 1,000 maps on one core
before. The same 1,000 files x 50 steps, `open_workspace` and `build_graph` in one process:
CPU of the main process 3.1-3.2 s against 3.6-3.8 s (load 6.5 on the 2 cores, where the
main process took back most of the worker's chunks; on a quiet machine it reads about half).

The main process assembles the maps in the order of the named files, as without workers, so
the output is byte-identical whatever the number of jobs. A worker that fails for any reason
(a bug, a killed process) costs only time: the main process reads its files itself.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import select
import struct
import time
from pathlib import Path

from flowmap.findings import Finding
from flowmap.load.discover import MAP_SUFFIXES, real_path
from flowmap.load.limits import Limits
from flowmap.model import types as t
from flowmap.progress import Progress

# (resolved path, name shown in findings) -> what read_map gave
Preloaded = dict[tuple[Path, str], tuple[t.Map | None, list[Finding]]]
# (resolved path, name shown in findings) -> seconds reading it took (JUnit's case times)
Seconds = dict[tuple[Path, str], float]

MIN_FILES_PER_WORKER = 60  # below this, starting a worker costs more than it saves
CHUNK = 10  # files a worker reads at least before it sends them: the progress bar moves,
CHUNKS = 400  # and a late worker's unstarted chunks can be taken back; at most about this
# many chunks (80,000 tiny files in chunks of 10 made 8,000 round trips, 0.7 s of the main
# process's time)
# Costs relative to reading a file here (measured as above):
DUMPS = 0.20  # a worker pickling a built map
LOADS = 0.17  # the main process unpickling it
# the reader's own work on each map, whoever read it (its includes, its place in the
# workspace), done as the chunks arrive: 0.2 on 80,000 tiny maps (1.6 s against 7.7 s of
# reading them), next to nothing on maps of 50 steps; a reader that ends its share early
# reads the chunks no worker has started, so the smaller share is the safer guess
OWN = 0.2


def default_jobs() -> int:
    return os.cpu_count() or 1


def preload(
    named: list[tuple[Path, str]],
    limits: Limits,
    jobs: int,
    progress: Progress | None = None,
    seconds: Seconds | None = None,
) -> Preloaded:
    """Read the named map files with `jobs` processes (this one included); {} for one job.
    `seconds` gets how long each file took, where it was read. (`ahead` hands them over one
    by one instead, as a reader asks for them.)"""
    batch = ahead(named, limits, jobs, progress, seconds)
    if batch is None:
        return {}
    with batch:
        for item in batch.items:
            if batch.get(item) is None and item not in batch.theirs:  # this process's share
                batch.read_here([item])
    return batch.found


def ahead(
    named: list[tuple[Path, str]],
    limits: Limits,
    jobs: int,
    progress: Progress | None = None,
    seconds: Seconds | None = None,
    known: Preloaded | None = None,
    meanwhile=None,
) -> Batch | None:
    """Start workers on a share of the named map files (None when one job, or the batch is
    too small to pay for them): the `Batch` hands over what they read, in order, as a reader
    asks for each file; the files it does not have are the reader's to read, the first of
    the named files. `known` is what was read before (it is kept, and the batch adds to it).
    `meanwhile()` runs once the workers have started: what this process alone needs later
    (`check` imports the rules then, while the workers read).

    Call it with the cyclic garbage collector off (the program turns it off for its command,
    `flowmap.memory.one_command`; the workers inherit that): unpickling is only cheap then.
    """
    if jobs < 2 or len(named) < MIN_FILES_PER_WORKER or not _can_fork():
        return None  # (before the list below: a batch of 80,000 files spent 0.3 s on it)
    # which files are maps is read where they are read (`_read`): here, it was a serial
    # share of a batch of 80,000 tiny files
    files = [(real_path(path), shown) for path, shown in named if path.name.endswith(MAP_SUFFIXES)]
    workers = min(jobs - 1, len(files) // MIN_FILES_PER_WORKER)
    if workers < 1:
        return None
    batch = Batch(limits, workers, progress, seconds, known)
    mine = round(len(files) * _main_share(workers))
    batch.items.extend(files[:mine])  # this process's share: the reader reads it meanwhile
    batch.add(files[mine:], size=max(CHUNK, -(-(len(files) - mine) // CHUNKS)))
    batch.finish()
    if meanwhile is not None:
        meanwhile()
    return batch


class Batch:
    """The maps worker processes read, handed over as a reader asks for them.

    The files are given to the workers in chunks (`add`): each worker takes the next chunk
    from a queue (a pipe of fixed-size orders, each pointing at the chunk's names in a file
    in memory), reads it, writes what it read pickled to a file in memory of its own, and
    sends where it is on a second pipe. No thread of this process takes part: with a pool's
    thread, which must win the interpreter's lock from the reader for each chunk, the worker
    sat idle a sixth of the time on 80,000 tiny files. The reader goes on with what it makes
    of each map (its includes, its index) as each chunk arrives, not after the last one: on
    80,000 tiny files that work is a fifth of the reading. When the reader waits for a chunk
    a worker is still on, it takes the next chunk from the queue and reads it itself (a worker
    late because another program has the core, or a reader quicker than foreseen, costs no
    idle core). Files the batch was given but no worker got are the reader's (`get` gives
    None for those).
    """

    def __init__(
        self,
        limits: Limits,
        workers: int,
        progress: Progress | None = None,
        seconds: Seconds | None = None,
        known: Preloaded | None = None,
    ) -> None:
        self.limits = limits
        self.progress = progress
        self.found: Preloaded = {} if known is None else known
        self.seconds: Seconds = {} if seconds is None else seconds
        self.items: list[tuple[Path, str]] = []  # every file given, the reader's share too
        self.theirs: dict[tuple[Path, str], int] = {}  # a file -> the number of its chunk
        self._chunks: list[list[tuple[Path, str]]] = []
        self._done: list[bool] = []  # a chunk handed over, or read here
        self._where: dict[int, tuple[int, int, int]] = {}  # chunk -> (store, offset, length)
        self._record = b""  # the part of a record read from the results pipe so far
        self._ended = False  # the results pipe ended: every worker has
        _reap()
        self._orders = _store()  # each chunk's names, where its order points
        self._orders_end = 0
        self._queue, self._queue_in = os.pipe()
        os.set_blocking(self._queue_in, False)  # a full queue: the reader keeps the chunk
        self._results, results_in = os.pipe()
        self._stores = [_store() for _ in range(workers)]
        for number, store in enumerate(self._stores):
            work = functools.partial(_work, limits, self._queue, self._queue_in, self._orders)
            _forked(functools.partial(work, results_in, store, number))
        os.close(results_in)  # the results pipe ends when every worker has ended
        os.set_blocking(self._results, False)

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, items: list[tuple[Path, str]], size: int = CHUNK) -> None:
        """Give the workers these files, in chunks of `size`."""
        self.items.extend(items)
        for start in range(0, len(items), size):
            self._send(items[start : start + size])

    def finish(self) -> None:
        """No more files: the workers end once the queue is empty."""
        if self._queue_in < 0:
            return
        os.close(self._queue_in)
        self._queue_in = -1

    def close(self) -> None:
        """Stop the workers: they end after the chunk they are on (the others are dropped)."""
        if self._queue < 0:
            return
        self.finish()
        while _next(self._queue, _ORDER) is not None:
            pass
        for fd in (self._queue, self._results, self._orders, *self._stores):
            os.close(fd)
        self._queue = -1

    def get(self, item: tuple[Path, str], default=None):
        """What `read_map` gave for the file; `default` for a file not read ahead (the
        reader's own share, a file the batch was not given, a file that is no map)."""
        found = self.found.get(item)
        if found is None:
            index = self.theirs.get(item)
            if index is None or self._done[index]:
                return default
            self._receive(index)
            found = self.found.get(item)
        return default if found is None else found

    def __contains__(self, item) -> bool:
        return self.get(item) is not None

    def read_here(self, chunk: list[tuple[Path, str]]) -> None:
        _found(self.found, self.seconds, [_timed(*item, self.limits) for item in chunk])
        if self.progress:
            self.progress.done(len(chunk))

    def _send(self, chunk: list[tuple[Path, str]]) -> None:
        """Put the chunk in the queue (when it is full, the chunk stays the reader's)."""
        index = len(self._chunks)
        if index % 32 == 0:  # (a worker whose results pipe is full waits for this; the
            self._collect(wait=False)  # smallest pipe holds 170 records)
        names = pickle.dumps(_names(chunk), protocol=5)
        _write_at(self._orders, names, self._orders_end)
        try:
            os.write(self._queue_in, _ORDER.pack(index, self._orders_end, len(names)))
        except BlockingIOError:
            return
        self._orders_end += len(names)
        self._chunks.append(chunk)
        self._done.append(False)
        self.theirs.update(dict.fromkeys(chunk, index))

    def _receive(self, index: int) -> None:
        """Chunk `index`'s maps, from its worker, or read here when no worker has it."""
        self.finish()  # (the queue is taken from here only once it can end)
        while True:
            self._collect(wait=False)
            if index in self._where or self._ended:
                break
            order = _next(self._queue, _ORDER)  # they come out in order: `index` is a worker's
            if order is None:
                self._collect(wait=True)
                continue
            taken = order[0]
            self._done[taken] = True
            self.read_here(self._chunks[taken])  # (it is needed soon after `index`)
            if taken == index:
                return
        self._done[index] = True
        results = self._unpickled(index)
        if results is None:  # the worker failed: read its files here
            self.read_here(self._chunks[index])
            return
        _found(self.found, self.seconds, results)
        if self.progress:
            self.progress.done(len(results))

    def _collect(self, wait: bool) -> None:
        """Note where the chunks the workers sent are; with `wait`, wait for one (or for the
        end of the workers)."""
        if wait:
            select.select([self._results], [], [])
        try:
            data = os.read(self._results, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            self._ended = True  # every worker has ended: what they did not send is read here
            return
        data = self._record + data
        whole = len(data) - len(data) % _RECORD.size
        for index, store, offset, length in _RECORD.iter_unpack(data[:whole]):
            self._where[index] = store, offset, length
        self._record = data[whole:]

    def _unpickled(self, index: int) -> list | None:
        """What the worker sent for chunk `index`, as `_timed` gives it (None: it sent none,
        or what it sent does not unpickle)."""
        place = self._where.get(index)
        if place is None:
            return None
        store, offset, length = place
        try:
            results = pickle.loads(_read_at(self._stores[store], length, offset))
        except Exception:  # noqa: BLE001 - any failure in a worker: the reader reads instead
            return None
        chunk = self._chunks[index]
        return [(item, result, took) for item, (result, took) in zip(chunk, results, strict=True)]


_ORDER = struct.Struct("<IQQ")  # a chunk in the queue: its number, where its names are
_RECORD = struct.Struct("<IIQQ")  # a chunk read: its number, the store, offset and length
# (each written whole, and shorter than PIPE_BUF: two processes' never mix)


def _store() -> int:
    """A file in memory for what workers and the reader hand each other (shared by fork)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("flowmap-batch", os.MFD_CLOEXEC)
    import tempfile

    store, name = tempfile.mkstemp()
    os.unlink(name)
    return store


def _write_at(store: int, data, offset: int) -> None:
    data = memoryview(data)
    written = 0
    while written < len(data):
        written += os.pwrite(store, data[written:], offset + written)


def _read_at(store: int, length: int, offset: int) -> bytes:
    data = os.pread(store, length, offset)
    while len(data) < length:  # (a file in memory gives it at once; a file on disk may not)
        more = os.pread(store, length - len(data), offset + len(data))
        if not more:
            break
        data += more
    return data


def _main_share(workers: int) -> float:
    """The share of the files the main process reads, so that it ends with the workers.

    A worker spends 1 + DUMPS per file, the main process 1 per file it reads, LOADS per
    file a worker sent and OWN per file either way: with share m,
    (1 - m) / workers * (1 + DUMPS) = m + (1 - m) * LOADS + OWN.
    """
    worker_cost = (1 + DUMPS) / workers
    return max(worker_cost - LOADS - OWN, 0.0) / (1 + worker_cost - LOADS)


def _read(path: Path, shown: str, limits: Limits):
    """What `read_map` gives for the file; None when it is not a map (the workspace then
    reports it as the one-process read does, or leaves it out: a scan's find)."""
    from flowmap.workspace import read_if_map

    return read_if_map(path, shown, limits)


def _timed(path: Path, shown: str, limits: Limits):
    """(item, what `_read` gives, the seconds it took)."""
    start = time.perf_counter()
    result = _read(path, shown, limits)
    return (path, shown), result, time.perf_counter() - start


def _found(found: Preloaded, seconds: Seconds, results) -> None:
    for item, result, took in results:
        if result is not None:
            found[item] = result
            seconds[item] = took


def _names(chunk: list[tuple[Path, str]]) -> list[tuple[str, str]]:
    """The chunk as strings: a path pickles and unpickles far slower than its name."""
    return [(os.fspath(path), shown) for path, shown in chunk]


def _read_chunk(chunk: list[tuple[str, str]], limits: Limits) -> bytes:
    """In a worker: read the files and pickle what they gave and their times here, so the
    main process only unpickles (not the paths: it knows them, in the same order)."""
    read = (_timed(Path(path), shown, limits) for path, shown in chunk)
    return pickle.dumps([(result, took) for _, result, took in read], protocol=5)


def _work(
    limits: Limits, queue: int, queue_in: int, orders: int, results: int, store: int, number: int
) -> None:
    """In worker `number`: read the chunks the queue orders until it ends, each written
    pickled to the store, its place sent on the results pipe."""
    os.close(queue_in)  # (held here, the queue would never end)
    offset = 0
    while (order := _next(queue, _ORDER)) is not None:
        index, at, length = order
        names = pickle.loads(_read_at(orders, length, at))
        data = _read_chunk(names, limits)
        _write_at(store, data, offset)
        os.write(results, _RECORD.pack(index, number, offset, len(data)))
        offset += len(data)


def _can_fork() -> bool:
    return hasattr(os, "fork")


def _forked(work) -> None:
    """Run `work()` in a child process, which then ends (without the parent's exit handlers
    or its buffered output). Nobody waits for it to end (`_reap`)."""
    child = os.fork()
    if child == 0:
        try:
            work()
        finally:
            os._exit(0)
    _EXITING.append(child)


def each_task(tasks: list, run, before=None) -> list:
    """`run(task)` for each task, on two cores: this process and a child forked once `before()`
    has worked out what the tasks share. Both take the tasks in turn from the front of a
    queue (a pipe holding their numbers), so the two end together whatever each costs; the
    child sends back what its tasks gave, pickled. The results are in the order of `tasks`,
    as if run here one after the other. A child that fails costs only time: whatever task it
    did not send back is run here.

    For a program that runs one command: fork copies no thread (the editor's rules run in
    one process), and the child's exit is not waited for (`_reap`)."""
    if before is not None:
        before()
    if len(tasks) < 2 or len(tasks) > _MOST or not _can_fork():
        return [run(task) for task in tasks]
    _reap()
    queue = _queue(list(range(len(tasks))))
    results_out, results_in = os.pipe()
    _forked(functools.partial(_child_tasks, tasks, run, queue, results_in))
    os.close(results_in)
    results: dict[int, object] = {}
    try:
        while (entry := _next(queue, _NUMBER)) is not None:
            results[entry[0]] = run(tasks[entry[0]])
    finally:
        os.close(queue)
        theirs = _from_child(results_out)
    for number, result in theirs.items():
        results.setdefault(number, result)
    return [results[n] if n in results else run(task) for n, task in enumerate(tasks)]


def _child_tasks(tasks: list, run, queue: int, results_in: int) -> None:
    """In the forked child: run tasks from the queue until it is empty, send back their
    results (what it sent is whole or does not unpickle)."""
    done = {}
    while (entry := _next(queue, _NUMBER)) is not None:
        done[entry[0]] = run(tasks[entry[0]])
    with open(results_in, "wb") as stream:  # closed here: the parent reads to its end
        pickle.dump(done, stream, protocol=5)


def _from_child(results_out: int) -> dict:
    """What the child's tasks gave, each by its number ({} when it failed)."""
    try:
        with open(results_out, "rb") as stream:
            return pickle.loads(stream.read())
    except Exception:  # noqa: BLE001 - any failure in the child: its tasks are run here
        return {}


def _queue(numbers: list[int]) -> int:
    """A queue of `numbers` that processes forked after take from in turn (`_next`): a pipe
    that holds them all, its writing end closed."""
    queue, queue_in = os.pipe()
    os.write(queue_in, b"".join(_NUMBER.pack(n) for n in numbers))
    os.close(queue_in)  # an empty queue then reads as its end
    return queue


def _next(queue: int, entry: struct.Struct):
    """The next entry of the queue (a tuple), None once it is empty. Each read takes a whole
    entry: they are all the same size, each written at once, and a pipe's reader takes what
    it asks for at once."""
    read = os.read(queue, entry.size)
    return entry.unpack(read) if read else None


_NUMBER = struct.Struct("<H")  # a number in a queue
_MOST = 2_000  # numbers in a queue at most: 2 bytes each, they fit in the smallest pipe (4 KiB)


# The children that sent their results and may still be ending: a child that has copied
# the pages it touched takes 7-13 ms to end (1,000 files x 50 steps), which nobody waits for.
_EXITING: list[int] = []


def _reap() -> None:
    """Reap the children that have ended since."""
    for child in list(_EXITING):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(child, os.WNOHANG)[0] == 0:
                continue
        _EXITING.remove(child)
