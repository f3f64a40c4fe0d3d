"""Fields behave like fields (issue 28, points 3 and 4): entering one selects its text so
typing replaces it, ctrl+u clears it, a long text shows from its start after leaving it;
in a list, Up/Down go from row to row (and on, at the ends), the focus mark is on the row,
and a row removed is said to be undoable."""

from __future__ import annotations

import pytest

from flowmap.tui.keys import help_text
from tests.tui.conftest import SIZE, messages, screen_text, select, settle

pytestmark = pytest.mark.slow


def _rows(app, field: str):
    return list(app.query(f"#{field} Input"))


async def test_typing_in_a_field_entered_with_tab_replaces_its_text(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register-complaint")
        await pilot.press("tab")  # the tree → id
        await pilot.press("tab")  # id → name
        assert app.focused.id == "field-name"
        await pilot.press(*"Complaint taken")
        await pilot.press("tab")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["register-complaint"].name == "Complaint taken"
        # a list row too: `by` holds `service-rep`; typing replaces it
        assert app.focused is _rows(app, "field-by")[0]
        await pilot.press(*"quality-lead", "escape")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["register-complaint"].executors == ["quality-lead"]


async def test_ctrl_u_clears_a_field_and_the_help_says_so(app):
    assert "ctrl+u" in help_text()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register-complaint")
        field = app.query_one("#field-name")
        field.focus()
        await pilot.press("end", "ctrl+u")
        assert field.value == ""


async def test_a_long_text_shows_from_its_start_after_leaving_the_field(app):
    long = "Complaint handling seen from the quality department, with every detail"
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register-complaint")
        field = app.query_one("#field-name")
        field.focus()
        await pilot.press(*long)
        await pilot.press("escape")
        await settle(pilot, app)
        shown = screen_text(app, field.region)
        assert shown.strip() and long.startswith(shown.strip()), shown


async def test_up_and_down_move_between_the_rows_of_a_list_and_on_at_its_ends(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        first, second = _rows(app, "field-assure")
        first.focus()
        await pilot.press("down")
        assert app.focused is second
        await pilot.press("up")
        assert app.focused is first
        await pilot.press("up")  # from the first row: the field before the list
        assert app.focused is _rows(app, "field-recheck")[0]
        second.focus()
        await pilot.press("down")  # from the last row: the field after it
        assert app.focused is _rows(app, "field-delivers")[0]


async def test_the_focus_mark_is_on_the_row_not_on_the_label(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        first, second = _rows(app, "field-assure")
        second.focus()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = lines[second.region.y]
        assert "▌" in row[second.region.x - 1 : second.region.x + 1], row
        assert "▌" not in lines[first.region.y][first.region.x - 1 : first.region.x + 1]
        assert "› assure" not in screen_text(app)


async def test_a_removed_row_is_removed_without_a_question_and_undoable(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        first, second = app.session.workspace.org.steps["accept-order"].assure
        _rows(app, "field-assure")[1].focus()
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["accept-order"].assure == [first]
        assert "ctrl+z brings it back" in messages(app)
        assert app.screen is app.main  # no question asked
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["accept-order"].assure == [first, second]


async def test_the_label_of_a_long_key_stays_when_its_field_has_the_focus(app):
    async with app.run_test(size=SIZE) as pilot:
        step, index = _a_need_with_satisfaction(app)
        await select(pilot, app, "step", step)
        field = app.query_one(f"#need-{index}-satisfaction")
        field.focus()
        field.scroll_visible(animate=False)
        await pilot.pause()
        assert "› satisfaction" in screen_text(app)


def _a_need_with_satisfaction(app) -> tuple[str, int]:
    for step in app.session.workspace.org.steps.values():
        for index, need in enumerate(step.needs):
            if need.satisfaction is not None:
                return step.id, index
    raise AssertionError("no need states its satisfaction")


async def test_a_long_text_shows_from_its_start_when_entered_all_selected(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register-complaint")
        field = app.query_one("#field-name")
        await pilot.press("tab", "tab")  # the tree → id → name
        await pilot.pause()
        assert app.focused is field
        assert sorted(field.selection) == [0, len(field.value)]  # all of it selected
        shown = screen_text(app, field.region).strip()
        assert field.value.startswith(shown[:12]), shown
        await pilot.press(*"Taken")
        assert field.value == "Taken"


async def test_a_row_entered_with_down_is_all_selected_and_shows_its_start(app):
    """As a field entered with Tab: the row below, entered with Down, shows its text from
    the start, all of it selected (typing replaces it); the row left, its cursor at the end
    of a long text, shows its start again."""
    first = "Credit limit checked against the open invoices of the customer, every time"
    second = "Order entered in the ERP the day it arrives, with the customer's own order no"
    app.session.set_field("accept-order", "assure", [first, second])
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        top, below = _rows(app, "field-assure")
        top.focus()
        await pilot.press("end", *" ok")  # the cursor at the end of a long text
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is below
        assert sorted(below.selection) == [0, len(second)]  # all of it selected
        assert second.startswith(screen_text(app, below.content_region).strip()[:20])
        left = screen_text(app, top.content_region).strip()
        assert left and first.startswith(left[:20]), left  # from its start again
        await pilot.press(*"Entered the same day")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["accept-order"].assure == [
            f"{first} ok",
            "Entered the same day",
        ]
