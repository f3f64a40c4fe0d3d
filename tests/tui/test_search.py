"""Search (issue 28, point 5): `/` searches ids, names and texts as you type; while it is
open n / N go to the next / previous match; ctrl+g jumps to an id, completed."""

from __future__ import annotations

import pytest

from flowmap.tui.screens.dialogs import Ask
from flowmap.tui.search import next_match
from tests.tui.conftest import SIZE, select, settle

pytestmark = pytest.mark.slow


def test_a_match_is_found_round_the_end_in_both_directions():
    rows = [(("step", "a"), "alpha"), (("step", "b"), "beta"), (("step", "c"), "gamma")]
    assert next_match(rows, "A", ("step", "a"), 1) == ("step", "b")  # any case
    assert next_match(rows, "a", ("step", "c"), 1) == ("step", "a")  # round the end
    assert next_match(rows, "a", ("step", "a"), -1) == ("step", "c")
    assert next_match(rows, "gam", ("step", "a"), 0) == ("step", "c")
    assert next_match(rows, "zeta", ("step", "a"), 1) is None


async def test_slash_finds_as_you_type_and_n_goes_on(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "file-complaint")
        await pilot.press("slash", *"credit")
        await settle(pilot, app)
        assert app.selected == ("step", "decide-remedy")  # `next: [.., issue-credit]`
        await pilot.press("enter")  # to the tree; the search stays open
        await pilot.pause()
        assert app.focused is app.query_one("#outline")
        first = app.selected
        await pilot.press("n")
        await settle(pilot, app)
        assert app.selected == ("step", "issue-credit")
        await pilot.press("N")
        await settle(pilot, app)
        assert app.selected == first
        await pilot.press("escape")  # the search ends: n adds a need again
        await pilot.pause()
        assert not app.main.searching


async def test_the_search_finds_a_text_of_a_step(app):
    text = app.session.workspace.org.steps["register-complaint"].assure[0]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "file-complaint")
        await pilot.press("slash", *text[-12:].lower())
        await settle(pilot, app)
        assert app.selected == ("step", "register-complaint")


async def test_ctrl_g_jumps_to_an_id_completed(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "file-complaint")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, Ask)
        await pilot.press(*"reinsp", "right", "enter")  # → takes the completion
        await settle(pilot, app)
        assert app.selected == ("step", "reinspect")
        tree = app.query_one("#outline")
        assert tree.cursor_node.data == ("step", "reinspect")
