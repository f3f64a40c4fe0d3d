"""No error loses unsaved edits: an error in an action is a notification and the editor goes
on; an editor that must stop keeps its unsaved files in .flowmap-recovery/ and the next one
offers to restore or discard them."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label

from flowmap.edit import EditSession
from flowmap.edit.recovery import FOLDER
from flowmap.tui.app import EditorApp
from flowmap.tui.widgets.form import FieldForm
from tests.tui.conftest import OTD, SIZE, messages, run_from_palette, select, settle

pytestmark = pytest.mark.slow


async def test_an_error_in_an_action_is_a_notification_and_the_edits_stay(app, project):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        await settle(pilot, app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.query_one(Input).value = "processes/" + "x" * 300 + ".yaml"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "cannot name a file (File name too long)" in messages(app)

        def broken(*args):
            raise RuntimeError("the disk caught fire")

        app.session.duplicate = broken  # an error no action expects
        await select(pilot, app, "step", "inspect")
        await pilot.press("d")
        await settle(pilot, app)
        assert "duplicate failed (RuntimeError: the disk caught fire)" in messages(app)
        app.session.set_field = broken  # and one in an event handler (the form's)
        field = app.query_one("#field-lead_time")
        field.focus()
        field.value = "2d"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "field_form_edited failed (RuntimeError" in messages(app)
        app.clear_notifications()
        await run_from_palette(pilot, app, "Duplicate")  # run as an action too
        assert "duplicate failed (RuntimeError: the disk caught fire)" in messages(app)

        assert app.is_running and OTD in app.session.dirty_files
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert "- id: ship\n" not in (project.root / OTD).read_text(encoding="utf-8")
    assert not (project.root / FOLDER).exists()


async def _crash_with_unsaved_edits(app, monkeypatch) -> None:
    """Delete a step, then make the editor stop on an error nothing catches."""

    async def broken(*args):
        raise RuntimeError("a bug in the editor")

    working = FieldForm.show

    with pytest.raises(RuntimeError, match="a bug in the editor"):
        async with app.run_test(size=SIZE) as pilot:
            await select(pilot, app, "step", "ship")
            await pilot.press("delete")
            await settle(pilot, app)
            monkeypatch.setattr(FieldForm, "show", broken)
            await select(pilot, app, "process", "order-to-delivery")  # a form built anew
            await settle(pilot, app)
    monkeypatch.setattr(FieldForm, "show", working)
    app.keep_unsaved()  # what `flowmap edit` does however the editor ended


async def test_a_forced_exit_keeps_the_edits_and_the_next_editor_restores_them(
    app, project, monkeypatch
):
    await _crash_with_unsaved_edits(app, monkeypatch)
    assert app.kept == project.root / FOLDER and any(app.kept.iterdir())
    assert "- id: ship\n" in (project.root / OTD).read_text(encoding="utf-8")

    again = EditorApp(EditSession.open(["processes"]))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question = str(again.screen.query_one(Label).render())
        assert "When flowmap edit stopped" in question
        assert (
            f"edits of processes/order-to-delivery.yaml in {project.root}. Restore them "
            "(saving writes there)?"
        ) in question
        await pilot.click("#restore")
        await settle(pilot, again)
        assert "ship" not in again.session.workspace.org.steps
        assert OTD in again.session.dirty_files
        assert not (project.root / FOLDER).exists()
        await pilot.press("ctrl+s")
        await settle(pilot, again)
    assert "- id: ship\n" not in (project.root / OTD).read_text(encoding="utf-8")


async def test_the_next_editor_can_discard_the_kept_edits(app, project, monkeypatch):
    await _crash_with_unsaved_edits(app, monkeypatch)
    again = EditorApp(EditSession.open(["processes"]))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#discard")
        await settle(pilot, again)
        assert "ship" in again.session.workspace.org.steps
        assert again.session.dirty_files == set()
    assert not (project.root / FOLDER).exists()


async def test_quitting_without_saving_keeps_no_copy(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
    app.keep_unsaved()  # what `flowmap edit` does however the editor ended
    assert app.kept is None and not (project.root / FOLDER).exists()
