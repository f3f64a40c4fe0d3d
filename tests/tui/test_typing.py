"""Typing is never lost: a field's typed text is applied (or refused, saying why) on save,
on quit, on Escape and before any action, even without Enter."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Tree

from tests.tui.conftest import OTD, SIZE, messages, run_from_palette, select, settle

pytestmark = pytest.mark.slow


async def _type(pilot, app, field_id: str, text: str) -> Input:
    field = app.query_one(field_id, Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()
    return field


async def test_ctrl_s_saves_what_was_typed_without_enter(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await _type(pilot, app, "#field-lead_time", "6d")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert "        lead_time: 6d\n" in (project.root / OTD).read_text(encoding="utf-8")


async def test_ctrl_q_asks_when_only_typed_text_is_unsaved(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await _type(pilot, app, "#field-lead_time", "1d")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert "Unsaved changes in " + OTD in str(app.screen.query_one("Label").render())


async def test_text_that_cannot_be_applied_is_refused_on_save_and_kept(app, project):
    before = (project.root / OTD).read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        field = await _type(pilot, app, "#field-lead_time", "2 days")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not saved: lead_time: `2 days` is not a duration" in messages(app)
        assert field.value == "2 days"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert "cannot be applied: lead_time" in str(app.screen.query_one("Label").render())
    assert (project.root / OTD).read_text(encoding="utf-8") == before


async def test_escape_applies_the_text_and_returns_to_the_tree(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await _type(pilot, app, "#field-lead_time", "3d")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.query_one("#outline", Tree).has_focus
        assert app.session.workspace.org.steps["ship"].lead_time.text == "3d"
        await pilot.press("ctrl+z")  # takes back the applied text, saying so
        await settle(pilot, app)
        assert app.session.workspace.org.steps["ship"].lead_time.text != "3d"


async def test_an_action_applies_the_typed_text_first(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await _type(pilot, app, "#field-lead_time", "5d")
        await run_from_palette(pilot, app, "Duplicate")
        org = app.session.workspace.org
        assert org.steps["ship"].lead_time.text == "5d"
        assert org.steps["ship-copy"].lead_time.text == "5d"


async def test_tab_into_a_field_selects_its_text_so_typing_replaces_it(app):
    """As in a form or a browser (issue 28; it once appended: `unitcustomer-service`)."""
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        field = app.query_one("#field-assure Input", Input)
        assert field.value
        app.query_one("#field-recheck Input", Input).focus()
        await pilot.pause()
        await pilot.press("tab", *"Sealed")
        await pilot.pause()
        assert field.value == "Sealed"
        await pilot.press("end", *" and signed")  # End: on from the end of the text
        assert field.value == "Sealed and signed"


async def test_actions_act_on_the_tree_row_and_the_form_shows_it(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "produce")
        tree = app.query_one("#outline", Tree)
        file_row = next(n for n in tree.root.children if n.data == ("file", OTD))
        tree.move_cursor(file_row)
        await pilot.pause()
        await pilot.pause()
        assert app.selected == ("file", OTD)
        assert not app.query("#form Input")  # the form no longer shows the step
        await pilot.press("o")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["produce"].operations == []


async def test_a_list_of_ids_refuses_what_is_not_an_id(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "decide-remedy")
        field = await _type(pilot, app, "#field-next Input", "[rework-goods")
        await pilot.press("enter")
        await pilot.pause()
        assert not field.is_valid
        assert not app.session.can_undo
        assert "is not an id" in messages(app)
