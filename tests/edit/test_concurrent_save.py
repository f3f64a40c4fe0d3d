"""Two flowmap processes saving the same file at the same moment: one of them wins, the other
is told the file changed on disk (SaveConflict, the editor's reload/overwrite question); no
edit is ever lost while both report success."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from flowmap.edit import EditError
from flowmap.edit.saving import write_lock

pytestmark = pytest.mark.slow

ROUNDS = 40
WAIT = 60  # seconds any one step may take on a busy machine before the test gives up

MAP = """\
flowmap: 1
roles:
  - {id: clerk, rank: 1}
processes:
  - id: orders
    steps:
      - id: take
        by: clerk
        lead_time: 1d
"""


def _editor(path: str, lead_time: str, barrier, results) -> None:
    """One editor process: each round, open the file, change it, save when the other does."""
    from flowmap.edit import EditSession, SaveConflict

    for number in range(ROUNDS):
        barrier.wait(WAIT)  # a fresh file is on disk
        session = EditSession.open([path])
        session.set_field("take", "lead_time", lead_time)
        barrier.wait(WAIT)  # both have their edit: save at the same moment
        try:
            session.save()
            results.put((number, lead_time, "saved"))
        except SaveConflict:
            results.put((number, lead_time, "conflict"))
        barrier.wait(WAIT)  # the test looks at the outcome


def test_two_processes_saving_at_once_never_both_succeed(project):
    path = project.write("orders.yaml", MAP)
    spawn = multiprocessing.get_context("spawn")  # real, fresh interpreters
    barrier, results = spawn.Barrier(3), spawn.Queue()
    editors = [
        spawn.Process(target=_editor, args=(str(path), lead_time, barrier, results))
        for lead_time in ("2h", "3h")
    ]
    for editor in editors:
        editor.start()
    try:
        for number in range(ROUNDS):
            path.write_text(MAP, encoding="utf-8")
            barrier.wait(WAIT)
            barrier.wait(WAIT)
            outcome = sorted(results.get(timeout=WAIT)[1:] for _ in editors)
            barrier.wait(WAIT)
            saved = [lead_time for lead_time, result in outcome if result == "saved"]
            assert len(saved) == 1, f"round {number}: {outcome}"
            assert f"lead_time: {saved[0]}\n" in path.read_text(encoding="utf-8")
    except BaseException:
        barrier.abort()  # a failed round: the editors stop waiting for the next one
        raise
    finally:
        for editor in editors:
            editor.join(WAIT)
            if editor.is_alive():
                editor.kill()
    assert [editor.exitcode for editor in editors] == [0, 0]  # no error in either
    assert sorted(p.name for p in project.root.iterdir()) == [".flowmap.toml", "orders.yaml"]


def _hold_lock(path: str, held, die: bool) -> None:
    with write_lock(Path(path)):
        held.set()
        if die:
            os._exit(1)  # killed while saving: the system frees the lock
        time.sleep(WAIT)


def test_a_writer_waits_for_the_lock_and_a_dead_one_never_holds_it(project):
    path = project.write("orders.yaml", MAP)
    spawn = multiprocessing.get_context("spawn")
    held = spawn.Event()
    holder = spawn.Process(target=_hold_lock, args=(str(path), held, False))
    holder.start()
    try:
        assert held.wait(WAIT)
        with (
            pytest.raises(EditError, match="another program has been saving"),
            write_lock(path, wait=0.2),
        ):
            pass
    finally:
        holder.kill()
        holder.join(WAIT)
    held = spawn.Event()
    dying = spawn.Process(target=_hold_lock, args=(str(path), held, True))
    dying.start()
    dying.join(WAIT)
    assert held.is_set() and dying.exitcode == 1
    with write_lock(path, wait=0.2):
        pass
