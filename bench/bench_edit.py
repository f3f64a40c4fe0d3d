"""The editor's engine at 1,000 steps: opening, and each kind of edit with its re-check.

Two layouts of the same 1,000 steps: one file of 100 processes ("1x1000": every edit
re-reads the whole file), and 100 files of 10 steps ("100x10": an edit re-reads one file,
the other files' models are reused). An edit's time covers the whole action: locating
the node, patching the text, proving the data changed only as asked, re-reading the model
and running every rule.

Edits run under the garbage-collector schedule the editor uses (flowmap.memory.Collector:
paused in each edit, what is alive frozen after it); one row runs the same edits without
it, to show what the schedule is worth. A save writes the changed 1,000-step file.
"""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import make_corpus
from flowmap.edit import EditSession
from flowmap.memory import Collector

TARGET = 0.150  # issue 6: re-checking after an edit at 1,000 steps
SAVE_TARGET = 0.200  # issue 14: saving a 1,000-step file
COLLECTOR = Collector()  # the editor's schedule, as flowmap.tui.app uses it


def _timed(action, collector: Collector | None = COLLECTOR) -> float:
    start = time.perf_counter()
    if collector is None:
        action()
    else:
        with collector.action():
            action()
    return time.perf_counter() - start


def _edits(session: EditSession, steps: list[str], count: int, unit: str, collector=COLLECTOR):
    """`count` single-field edits of different steps, each with its re-check."""
    return [
        _timed(
            lambda n=n: session.set_field(steps[(n * 37) % len(steps)], "lead_time", f"{n}{unit}"),
            collector,
        )
        for n in range(1, count + 1)
    ]


def _saves(session: EditSession, step: str, count: int) -> list[float]:
    """`count` saves, each of one edit (the save itself runs outside any schedule)."""
    times = []
    for n in range(1, count + 1):
        _timed(lambda n=n: session.set_field(step, "lead_time", f"{n}w"))
        times.append(_timed(session.save, None))
        assert not session.dirty_files, "the save did not happen"
    return times


def _layout(table, label: str, corpus, paths: list[str]) -> None:
    here = os.getcwd()
    folder = Path(tempfile.mkdtemp(prefix="flowmap-bench-edit-")) / corpus.name
    shutil.copytree(corpus, folder)  # the edits and saves must not change the shared corpus
    os.chdir(folder)
    try:
        opened = _timed(lambda: setattr(_layout, "session", EditSession.open(paths)))
        session: EditSession = _layout.session
        steps = [s for s in session.workspace.org.steps if not s.endswith(("-s0", "-s9"))]
        process = next(iter(session.workspace.org.processes))
        gc.unfreeze()  # the engine alone: nothing frozen by anyone
        unscheduled = statistics.median(_edits(session, steps, 30, "m", collector=None))
        COLLECTOR.collect()  # what the editor does when the user pauses
        times = _edits(session, steps, 30, "h")
        session.auto_check = False  # as the editor does: the rules run in a worker
        reread = statistics.median(_edits(session, steps, 10, "d"))
        session.auto_check = True
        added = _timed(lambda: session.add_step(process, fields={"name": "Pack", "by": "keeper"}))
        renamed = _timed(lambda: session.rename("keeper", "store-keeper"))
        undone = _timed(session.undo)
        moved = _timed(lambda: session.move(steps[5], -1))
        saved = min(_saves(session, steps[7], 3))
    finally:
        os.chdir(here)
        shutil.rmtree(folder.parent)
    median, worst = statistics.median(times), max(times)
    table.add(f"edit {label}: open (load + check)", opened)
    table.add(
        f"edit {label}: change + re-check, median",
        median,
        unscheduled,
        note=f"target <= {TARGET:.3f} s; slowest {worst:.3f} s; floor: the same edits "
        "without the editor's collector schedule",
    )
    table.add(f"edit {label}: change + re-read, no rules", reread, note="auto_check=False")
    table.add(f"edit {label}: add a step", added)
    table.add(f"edit {label}: rename a role", renamed)
    table.add(f"edit {label}: undo", undone)
    table.add(f"edit {label}: move a step", moved)
    table.add(f"edit {label}: save after an edit", saved, note=f"target <= {SAVE_TARGET:.3f} s")


def run(table) -> None:
    one = make_corpus("one-1000", 1, 100, 10)
    _layout(table, "1x1000", one, ["map-0000.yaml"])
    many = make_corpus("edit-100x10", 100, 1, 10)
    _layout(table, "100x10", many, ["."])
