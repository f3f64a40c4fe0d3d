"""What stays readable at 80×24: messages never cover the findings, the tree shows every
step id whole and can be made wider or narrower with keys."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Tree

from tests.tui.conftest import SIZE, select, settle

pytestmark = pytest.mark.slow


def _covered(app, widget) -> list[tuple[int, int]]:
    """The cells of `widget` where something else is drawn on top."""
    region = widget.region
    return [
        (x, y)
        for y in range(region.y, region.bottom)
        for x in range(region.x, region.right)
        if app.screen.get_widget_at(x, y)[0] not in (widget, *widget.walk_children())
    ]


async def test_a_message_never_covers_the_findings(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await select(pilot, app, "step", "inspect")
        field = app.query_one("#field-lead_time", Input)
        field.focus()
        field.value = "2 days"
        await pilot.press("ctrl+s")  # refused: a long message, shown for 10 seconds
        await pilot.pause()
        findings = app.query_one("#findings-list")
        assert findings.region.height >= 4  # four rows of findings
        assert _covered(app, findings) == []
        messages = app.query_one("#messages")
        assert "not saved: lead_time: `2 days` is not a duration" in str(messages.render())
        assert _covered(app, messages) == []  # the message itself is seen in full


async def test_messages_go_when_their_time_is_up_and_the_findings_keep_their_rows(app):
    async with app.run_test(size=SIZE) as pilot:
        app.notify_text("first", timeout=1)
        app.notify_text("second " * 30, timeout=5)
        await pilot.pause()
        shown = str(app.query_one("#messages").render())
        assert shown.index("second") < shown.index("first")  # the newest first
        assert app.query_one("#messages").region.height == 3  # wrapped, up to three lines
        assert app.query_one("#findings-list").region.height >= 4
        await pilot.pause(1.2)
        assert "first" not in str(app.query_one("#messages").render())
        app.notify_text("second " * 30, timeout=5)  # the same again: shown once
        await pilot.pause()
        assert str(app.query_one("#messages").render()).count("second") == 30
        app.clear_notifications()
        await pilot.pause()
        assert not app.query_one("#messages").display
        assert app.query_one("#findings-list").region.height >= 4


def _shown_line(tree: Tree, node) -> str:
    strip = tree.render_line(node.line - tree.scroll_offset.y)
    return "".join(segment.text for segment in strip)


async def test_every_step_id_is_shown_whole_at_80_columns(app):
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one("#outline", Tree)
        org = app.session.workspace.org
        steps = [("step", s.id) for s in org.steps.values() if not s.parent]
        steps += [("operation", s.id) for s in org.steps.values() if s.parent]
        for kind, key in steps:
            await select(pilot, app, kind, key)
            assert f" {key}" in _shown_line(tree, tree.cursor_node), key


async def test_the_tree_is_made_wider_and_narrower_with_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        tree = app.query_one("#outline", Tree)
        width = tree.outer_size.width
        await pilot.press("]")
        await pilot.pause()
        assert tree.outer_size.width > width
        await pilot.press("[", "[")
        await pilot.pause()
        assert tree.outer_size.width < width
        for _ in range(30):  # never so narrow or so wide that a pane is gone
            await pilot.press("[")
        await pilot.pause()
        assert tree.outer_size.width >= 16
        for _ in range(30):
            await pilot.press("]")
        await pilot.pause()
        assert app.query_one("#form").outer_size.width >= 30
        await settle(pilot, app)
