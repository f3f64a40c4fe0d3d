"""The editor's engine at 1,000 steps: opening, and each kind of edit with its re-check.

Two layouts of the same 1,000 steps: one file of 100 processes ("1x1000": every edit
re-reads the whole file), and 100 files of 10 steps ("100x10": an edit re-reads one file,
the other files' models are reused). An edit's time covers the whole action: locating
the node, patching the text, proving the data changed only as asked, re-reading the model
and running every rule.
"""

from __future__ import annotations

import os
import statistics
import time

from bench.corpus import make_corpus
from flowmap.edit import EditSession

TARGET = 0.150  # issue 6: re-checking after an edit at 1,000 steps


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _edits(session: EditSession, steps: list[str], count: int, unit: str) -> list[float]:
    """`count` single-field edits of different steps, each with its re-check."""
    return [
        _timed(
            lambda n=n: session.set_field(steps[(n * 37) % len(steps)], "lead_time", f"{n}{unit}")
        )
        for n in range(1, count + 1)
    ]


def _layout(table, label: str, folder, paths: list[str]) -> None:
    here = os.getcwd()
    os.chdir(folder)
    try:
        opened = _timed(lambda: setattr(_layout, "session", EditSession.open(paths)))
        session: EditSession = _layout.session
        steps = [s for s in session.workspace.org.steps if not s.endswith(("-s0", "-s9"))]
        process = next(iter(session.workspace.org.processes))
        times = _edits(session, steps, 30, "h")
        session.auto_check = False  # as the editor does: the rules run in a worker
        reread = statistics.median(_edits(session, steps, 10, "d"))
        session.auto_check = True
        added = _timed(lambda: session.add_step(process, fields={"name": "Pack", "by": "keeper"}))
        renamed = _timed(lambda: session.rename("keeper", "store-keeper"))
        undone = _timed(session.undo)
        moved = _timed(lambda: session.move(steps[5], -1))
    finally:
        os.chdir(here)
    median, worst = statistics.median(times), max(times)
    table.add(f"edit {label}: open (load + check)", opened)
    table.add(
        f"edit {label}: change + re-check, median",
        median,
        note=f"target <= {TARGET:.3f} s; slowest {worst:.3f} s",
    )
    table.add(f"edit {label}: change + re-read, no rules", reread, note="auto_check=False")
    table.add(f"edit {label}: add a step", added)
    table.add(f"edit {label}: rename a role", renamed)
    table.add(f"edit {label}: undo", undone)
    table.add(f"edit {label}: move a step", moved)


def run(table) -> None:
    one = make_corpus("one-1000", 1, 100, 10)
    _layout(table, "1x1000", one, ["map-0000.yaml"])
    many = make_corpus("edit-100x10", 100, 1, 10)
    _layout(table, "100x10", many, ["."])
