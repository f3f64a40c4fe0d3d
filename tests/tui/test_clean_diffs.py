"""Clean diffs in the editor (issue 28, point 7): a block list emptied in the form and typed
again, row by row, saves the file as it was, byte for byte."""

from __future__ import annotations

import pytest

from flowmap.edit import EditSession
from flowmap.tui.app import EditorApp
from tests.edit.test_key_order import BLOCK
from tests.tui.conftest import SIZE, select, settle

pytestmark = pytest.mark.slow


async def test_a_block_list_emptied_and_typed_again_in_the_form_saves_no_change(project):
    project.write("processes/org.yaml", "flowmap: 1\nroles:\n  - {id: clerk, name: Clerk}\n")
    path = project.write("processes/map.yaml", BLOCK)
    before = path.read_bytes()
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register")
        first, second = app.query("#field-recheck Input")
        second.focus()
        await pilot.press("ctrl+u", "backspace")  # emptied, then Backspace takes the row
        await pilot.press("ctrl+u", "escape")  # the last row emptied: the key goes
        await settle(pilot, app)
        assert app.session.workspace.org.steps["register"].recheck == []
        assert b"Complaint names" not in app.session.text("processes/map.yaml").encode()
        app.query_one("#field-recheck Input").focus()
        await pilot.press(*"Complaint names the order", "enter")  # Enter: a new row
        await pilot.press(*"The part is named", "escape")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["register"].recheck == [
            "Complaint names the order",
            "The part is named",
        ]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert path.read_bytes() == before  # the block list as it was, its comment too
