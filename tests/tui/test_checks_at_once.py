"""What the editor does at once (issue 28, point 10; the times are bench_tui_tmux's): the
rules run as soon as a value is applied, not after a debounce; undo held down is done in
as few model builds as the keys allow, and ends where the keys say."""

from __future__ import annotations

import pytest
from textual import events

from tests.tui.conftest import SIZE, select, settle

pytestmark = pytest.mark.slow


async def test_the_rules_run_as_soon_as_a_value_is_applied(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await settle(pilot, app)
        before = len(app.session.findings)
        field = app.query_one("#field-by Input")
        field.focus()
        await pilot.press(*"nobody-here", "tab")  # Tab applies it
        await pilot.pause()  # no debounce to wait for: the check is already under way
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.session.findings) == before + 1
        assert "1 error" in str(app.query_one("#status").render())


async def test_undo_keys_typed_in_a_burst_are_undone_together(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        for hours in range(1, 7):
            app.session.set_field("ship", "lead_time", f"{hours}h")
        app.main._changed()
        await settle(pilot, app)
        original = app.session.history
        calls = []
        undo = app.session.undo
        app.session.undo = lambda times=1: (calls.append(times), undo(times))[1]
        for _ in range(5):  # as a terminal sends them: into the app's queue, at once
            app.post_message(events.Key("ctrl+z", None))
        await settle(pilot, app)
        assert sum(calls) == 5 and len(calls) < 5, calls
        assert app.session.workspace.org.steps["ship"].lead_time.text == "1h"
        assert app.query_one("#field-lead_time").value == "1h"
        assert app.session.history is original
