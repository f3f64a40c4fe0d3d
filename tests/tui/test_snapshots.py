"""What the editor looks like at 80×24: the main screen, the help, a question.

Snapshots are SVG files in __snapshots__; after a deliberate change to the look, update them
with `pytest tests/tui/test_snapshots.py --snapshot-update` and review the diff.
"""

from __future__ import annotations

from tests.tui.conftest import SIZE, select


def test_the_main_screen(app, snap_compare):
    async def on_a_step(pilot):
        await select(pilot, app, "step", "accept-order")

    assert snap_compare(app, terminal_size=SIZE, run_before=on_a_step)


def test_the_help_screen(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, press=["f1"])


def test_the_quit_question(app, snap_compare):
    async def change_and_quit(pilot):
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        await pilot.pause(0.5)
        app.clear_notifications()
        await pilot.press("ctrl+q")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=change_and_quit)
