"""Deleting what others name asks first, naming them (issue 28, point 8); the questions
move with the arrow keys and say in plain words what will happen (point 6)."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Label

from flowmap.edit import EditSession
from flowmap.tui.screens.dialogs import Choice
from tests.tui.conftest import SIZE, select, settle

pytestmark = pytest.mark.slow


def _question(app) -> str:
    return str(app.screen.query(Label).first().render())


async def test_deleting_a_step_others_name_says_who_and_cancel_keeps_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "rework-goods")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        question = _question(app)
        assert "`reinspect` sends rework to it" in question
        assert "`decide-remedy` goes on to it" in question
        await pilot.press("escape")  # cancel
        await settle(pilot, app)
        assert "rework-goods" in app.session.workspace.org.steps
        await pilot.press("delete")
        await pilot.pause()
        app.screen.query_one("#delete", Button).press()
        await settle(pilot, app)
        assert "rework-goods" not in app.session.workspace.org.steps


async def test_deleting_a_step_nobody_names_asks_nothing(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "analyse-cause")
        await pilot.press("delete")
        await settle(pilot, app)
        assert not isinstance(app.screen, Choice)
        assert "analyse-cause" not in app.session.workspace.org.steps


async def test_a_question_moves_with_the_arrow_keys_and_tab(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "rework-goods")
        await pilot.press("delete")
        await pilot.pause()
        first, second = app.screen.query(Button)
        assert app.focused is first
        await pilot.press("right")
        assert app.focused is second
        await pilot.press("left")
        assert app.focused is first
        await pilot.press("down")
        assert app.focused is second
        await pilot.press("tab")
        assert app.focused is first
        await pilot.press("right", "enter")  # Cancel
        await settle(pilot, app)
        assert "rework-goods" in app.session.workspace.org.steps


async def test_adding_a_step_names_the_need_and_the_new_step_in_its_question(project):
    project.copy_processes()
    app = pytest.importorskip("flowmap.tui.app").EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "analyse-cause")  # decide-remedy needs its output
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        question = " ".join(_question(app).split())
        new = app.selected[1]
        assert new == "complaint-handling-step-4"
        assert question.startswith("Add the need for `")
        assert f"to the new step `{new}`?" in question
        await pilot.press("right", "enter")  # "No": the arrow moved to it
        await settle(pilot, app)
        assert app.session.workspace.org.steps[new].needs == []
