"""What the editor looks like at 80×24: the main screen, the help, a question.

Snapshots are SVG files in __snapshots__; after a deliberate change to the look, update them
with `pytest tests/tui/test_snapshots.py --snapshot-update` and review the diff.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, empty_list, select

pytestmark = pytest.mark.slow


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


def test_the_main_screen_with_findings(app, snap_compare):
    async def with_a_finding(pilot):

        from tests.tui.conftest import settle

        await select(pilot, app, "step", "inspect")
        empty_list(app, "assure")
        await pilot.press("escape")
        await settle(pilot, app)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=with_a_finding)


def test_adding_a_need_to_a_step(app, snap_compare):
    async def add_need(pilot):
        from tests.tui.conftest import settle

        await select(pilot, app, "step", "ship")
        await pilot.press("n")
        await settle(pilot, app)
        for _ in range(100):  # the form is rebuilt, then the new need's `due` focused
            if app.focused is not None and app.focused.id == "need-1-due":
                break
            await pilot.pause(0.05)
        field = app.query_one("#field-id")
        field.cursor_blink = False  # the cursor in the picture, whenever it is taken
        field.focus()
        await settle(pilot, app)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=add_need)


def test_the_chain_preview(app, snap_compare):
    async def preview(pilot):
        await select(pilot, app, "step", "decide-remedy")
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=preview)


def test_a_list_of_ids_being_typed(app, snap_compare):
    async def type_an_id(pilot):
        from tests.tui.conftest import settle

        await select(pilot, app, "step", "register-complaint")
        app.query_one("#field-next Input").focus()
        await pilot.press(*"clo", "right", "enter")  # taken; a new row after it
        await settle(pilot, app)
        row = app.query("#field-next Input").last()
        row.cursor_blink = False  # the same picture whenever it is taken
        await pilot.press(*"[x", "enter")  # refused, saying why, on the message line
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=type_an_id)
