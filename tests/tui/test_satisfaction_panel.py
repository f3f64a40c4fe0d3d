"""The customers panel shows the selection's measured satisfaction — latest share, a
sparkline over the periods, its action — and adds an action, at 80×24."""

from __future__ import annotations

import shutil

import pytest

from flowmap.config import DEFAULT_CONFIG
from flowmap.edit import EditSession
from flowmap.project import open_workspace
from flowmap.tui.app import EditorApp
from flowmap.tui.outline import satisfaction_view
from tests.tui.conftest import OTD, SIZE, select, settle


@pytest.fixture
def surveyed(project):
    """processes/ and its answers, the answers where the settings look: `surveys/`."""
    folder = project.copy_processes()
    shutil.move(folder / "surveys", project.root / "surveys")
    return project


def test_the_view_of_a_step_lists_what_it_receives_and_supplies(surveyed):
    org = open_workspace(["processes"]).org
    view = satisfaction_view(org, DEFAULT_CONFIG, "step", "produce")
    lines = view.text.splitlines()
    assert lines[0] == "Satisfaction, by quarter (2026-Q3 2026-Q4):"
    assert lines[1] == " receive-material → produce: raw material"
    assert lines[2] == "   ▃▅ 75% (6/8) below 85%, 2026-Q4"  # 62.5% then 75%
    assert lines[3].startswith("   action: Kit parts per work order")
    assert " produce → inspect: finished product" in lines
    assert view.about == "receive-material → produce: raw material"  # the shortfall first
    assert view.suggestion.startswith("; storekeeper; ")
    assert satisfaction_view(org, DEFAULT_CONFIG, "goal", "otd-98").text == ""


@pytest.mark.slow
async def test_the_panel_shows_it_and_adds_an_action(surveyed):
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await select(pilot, app, "process", "order-to-delivery")
        await pilot.press("c")
        await pilot.pause()
        text = str(app.screen.query_one("#satisfaction-text").render())
        assert "order-to-delivery → customer (external)" in text
        assert "█▇ 93.3% (28/30) below 95%, 2026-Q4" in text  # 96%, then 93.3%
        button = app.screen.query_one("#add-action")
        assert button.display
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "Ask"
        await pilot.press("home", *"Second carrier on standby", "enter")
        await settle(pilot, app)
        saved = app.session.text(OTD)
        assert "{what: Second carrier on standby, owner: dispatcher, by_date:" in saved
        text = str(app.screen.query_one("#satisfaction-text").render())
        assert "by 2027-03-31; 1 more)" in text
