"""The editor schedules the garbage collector: each edit frozen after it, a full collection
only once the user paused, never inside a save."""

from __future__ import annotations

import gc

import pytest

from flowmap.memory import collector_paused
from flowmap.tui import app as tui_app
from tests.tui.conftest import SIZE, select, settle


@pytest.fixture(autouse=True)
def _unfrozen():
    yield
    gc.unfreeze()


async def _until(pilot, condition) -> None:
    for _ in range(200):  # a loaded machine may take a while; a broken editor never gets there
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the editor never got there")


async def test_an_edit_freezes_what_it_left_alive_and_a_due_collection_waits(app, monkeypatch):
    monkeypatch.setattr(tui_app, "COLLECT_DELAY", 600)  # the user never pauses that long
    app.collector.collect_every = 2
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        gc.unfreeze()
        await pilot.press("d")  # duplicate: one edit
        await _until(pilot, lambda: app.collector.actions == 1)
        assert gc.get_freeze_count() > 0 and not app.collector.due
        await pilot.press("ctrl+z")  # the second edit makes a full collection due
        await _until(pilot, lambda: app.collector.actions == 2)
        await settle(pilot, app)
        assert app.collector.due  # due, and not run while the user may still be busy


async def test_a_due_collection_runs_once_the_user_paused(app, monkeypatch):
    monkeypatch.setattr(tui_app, "COLLECT_DELAY", 0.1)
    app.collector.collect_every = 2
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("d", "ctrl+z")
        await _until(pilot, lambda: app.session.can_redo)  # both edits done
        await _until(pilot, lambda: app.collector.actions == 0)  # and then collected
        assert not app.collector.due and gc.get_freeze_count() > 0


async def test_a_save_never_waits_for_a_full_collection(app):
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    app.collector.collect_every = 1  # due after every edit
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("d")
        await pilot.pause()
        with collector_paused():  # no automatic collection: only one asked for
            gc.callbacks.append(seen)
            try:
                app.action_save()
            finally:
                gc.callbacks.remove(seen)
        assert not app.session.dirty_files  # saved
        assert collections == [] and app.collector.due  # the collection still waits
