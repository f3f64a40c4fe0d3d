"""Moving in the tree with quick key presses: the form follows the cursor, never an item
the cursor has already left, and settles on the item the cursor stops on."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from flowmap.edit import EditSession
from flowmap.tui.app import EditorApp
from flowmap.tui.widgets.lists import ListField
from tests.tui.conftest import SIZE, screen_text, select, settle, walk

pytestmark = pytest.mark.slow


class Screenshots:
    """What the form shows after each refresh of the screen and, in between, every item
    the tree's cursor was on (until `stop`)."""

    def __init__(self, app) -> None:
        self.app = app
        self.events: list[tuple[str, str]] = []  # ("cursor", title) and ("paint", first line)
        self.first_cursor = self.cursor()
        self.sampling = True
        tree = app.query_one("#outline")
        app.watch(tree, "cursor_line", lambda: self.events.append(("cursor", self.cursor())))
        app.call_after_refresh(self._painted)

    def _painted(self) -> None:
        if self.sampling:
            self.events.append(("paint", self.form_first_line()))
            self.app.call_after_refresh(self._painted)

    def stop(self) -> None:
        self.sampling = False

    def cursor(self) -> str:
        """The title the form shows for the item under the cursor."""
        kind, key = self.app.query_one("#outline").cursor_node.data
        if kind == "file":
            return key
        if kind == "section":
            file, _, section = key.partition(":")
            return f"{section} of {file}"
        return f"{kind} {key}"

    def form_first_line(self) -> str:
        """The form's first line: its title, or the note shown in its place."""
        heading = self.app.query_one("#form").children[0]
        return str(heading.render()).splitlines()[0].strip()

    def stale_forms(self) -> list[str]:
        """Each time the form changed to an item the cursor had left before the paint
        before: what it showed, and where the cursor had been since."""
        stale, shown, current = [], None, self.first_cursor
        since = {current}
        for what, text in self.events:
            if what == "cursor":
                current = text
                since.add(text)
                continue
            if shown is not None and text != shown and not any(t.startswith(text) for t in since):
                stale.append(f"the form showed `{text}`; the cursor was on {sorted(since)}")
            shown = text
            since = {current}
        return stale


async def press_quickly(app, key: str, times: int, every: float) -> None:
    """Keys as a terminal's auto-repeat sends them: to the driver, `every` seconds apart,
    without waiting for the app to handle them."""
    for _ in range(times):
        app.post_message(events.Key(key, None))
        await asyncio.sleep(every)


async def test_46_quick_downs_settle_on_the_item_under_the_cursor(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "process", "order-to-delivery")
        shots = Screenshots(app)
        tree = app.query_one("#outline")
        last_line = tree.last_line
        expected = min(tree.cursor_line + 46, last_line)
        await press_quickly(app, "down", 46, every=0.01)
        await pilot.pause(0.3)
        shots.stop()
        await settle(pilot, app)
        kind, key = tree.cursor_node.data
        assert tree.cursor_line == expected  # every press moved the cursor
        assert app.selected == (kind, key)
        assert str(app.query_one("#form .title").render()) == f"{kind} {key}"
        assert app.query_one("#form #field-id").value == key
        assert shots.form_first_line() == f"{kind} {key}"
        assert shots.stale_forms() == []


def _fields(app) -> list:
    """The form's field widgets (a list is one, whatever its rows)."""
    return [w for w in app.query_one("#form").query("Input, Select, ListField") if w.id]


def _form(app) -> tuple[dict, str]:
    """The form's fields (widget id: value) and the form as the screen shows it."""
    form = app.query_one("#form")
    values = {w.id: w.value for w in form.query("Input, Select") if w.id}  # not a list's row
    values |= {field.id: tuple(field.rows) for field in form.query(ListField)}
    return values, screen_text(app, form.region)


async def test_a_move_to_a_like_item_fills_the_same_widgets_as_a_new_form_would(app):
    """inspect and store-goods have the same fields (one need each): the form's widgets
    stay and show store-goods as a form built for it does, and nothing is edited."""
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        widgets = _fields(app)
        await select(pilot, app, "step", "store-goods")
        await settle(pilot, app)
        assert _fields(app) == widgets  # a list's rows follow its items
        filled = _form(app)
        assert not app.session.can_undo and not app.session.dirty_files
        assert filled[0]["field-by"] == ("storekeeper",)
        assert filled[0]["need-0-satisfaction"] == ""

        by = app.query_one("#field-by", ListField)  # edits what the form shows
        by.items[0].value = "dispatcher"
        by.post_message(ListField.Changed(by))
        await settle(pilot, app)
        steps = app.session.workspace.org.steps
        assert (steps["store-goods"].by, steps["inspect"].by) == ("dispatcher", "inspector")

    fresh = EditorApp(EditSession.open(["processes"]))
    async with fresh.run_test(size=SIZE) as pilot:
        await select(pilot, fresh, "step", "store-goods")
        await settle(pilot, fresh)
        built = _form(fresh)
    assert {**filled[0], "field-by": ("storekeeper",)} == built[0]
    assert filled[1] == built[1]


async def test_a_step_with_more_or_fewer_needs_keeps_the_step_fields(app):
    """produce has two needs, inspect one: the step's own fields stay, the needs follow,
    and the form shows produce as a form built for it does."""
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        fields = app.query("#form Input, #form Select")
        own = [w for w in fields if (w.id or "").startswith("field-")]
        await select(pilot, app, "step", "produce")
        await settle(pilot, app)
        assert [app.query_one(f"#form #{w.id}") for w in own] == own
        moved = _form(app)
        subtitles = [str(label.render()) for label in app.query("#form .subtitle")]
        assert subtitles == ["need 1", "need 2"]
        assert moved[0]["need-1-from"] == "schedule-production"

        await select(pilot, app, "step", "inspect")
        await settle(pilot, app)
        values, _ = _form(app)
        assert [str(label.render()) for label in app.query("#form .subtitle")] == ["need 1"]
        assert not any(key.startswith("need-1-") for key in values)
        assert values["need-0-satisfaction"] == "0.91"
        assert not app.session.can_undo

        await select(pilot, app, "process", "order-to-delivery")  # other fields: a new form
        await settle(pilot, app)
        values, shown = _form(app)
        assert values == {
            "field-id": "order-to-delivery",
            "field-name": "Order to delivery (订单到交付)",
            "field-customer": "customer",
            "field-satisfaction_target": "",
            "field-waive": "external-satisfaction-target: Late deliveries traced to one "
            "carrier; its contract is re-tendered in Q1 (approved by ops-director until "
            "2027-03-31)",
        }
        assert "process order-to-delivery" in shown

    fresh = EditorApp(EditSession.open(["processes"]))
    async with fresh.run_test(size=SIZE) as pilot:
        await select(pilot, fresh, "step", "produce")
        await settle(pilot, fresh)
        assert _form(fresh) == moved


async def test_the_tree_is_as_wide_as_textuals_own_tree_with_the_same_rows(project):
    """The outline measures its rows its own way (quicker): it scrolls as far as Textual's
    own Tree with the same rows does, folded or not, wide characters counted twice."""
    from textual.widgets import Tree

    project.copy_processes()
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one("#outline")
        await select(pilot, app, "process", "order-to-delivery")
        await pilot.press("left")  # folded
        await pilot.pause()
        assert any("订单" in n.label.plain for n in walk(tree.root))
        plain = Tree("maps")
        plain.show_root, plain.guide_depth = tree.show_root, tree.guide_depth
        await app.screen.mount(plain)

        def copy(source, target) -> None:
            for child in source.children:
                if child.allow_expand:
                    node = target.add(child.label.copy(), expand=child.is_expanded)
                    copy(child, node)
                else:
                    target.add_leaf(child.label.copy())

        plain.root.expand()
        copy(tree.root, plain.root)
        await pilot.pause()
        assert plain.virtual_size.width > 30  # wider than the tree: it scrolls
        assert tree.virtual_size == plain.virtual_size


async def test_a_new_name_shows_in_its_row_without_building_the_tree_again(app):
    from textual.widgets import Input

    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        tree = app.query_one("#outline")
        rows = list(walk(tree.root))
        field = app.query_one("#field-name", Input)
        field.focus()
        field.value = "Transport ships [b]today"
        await pilot.press("enter")
        await settle(pilot, app)
        assert list(walk(tree.root)) == rows  # the same rows: nothing built again
        node = next(n for n in rows if n.data == ("step", "ship"))
        assert node.label.plain == "ship — Transport ships [b]today"
        assert app.session.workspace.org.steps["ship"].name == "Transport ships [b]today"


async def test_a_long_text_shows_from_its_start_after_a_move(app):
    """A form filled in place shows a text longer than its field from its start, as a form
    built for the item does (it once showed `ervice registers the complain`)."""
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "file-complaint")
        await settle(pilot, app)
        await pilot.press("down")
        await settle(pilot, app)
        await pilot.pause(0.2)
        _, shown = _form(app)
    words = [" ".join(line.split()) for line in shown.splitlines()]
    assert any(w.startswith("name Customer service registers") for w in words), shown
    assert any(w.startswith("recheck Complaint names the order") for w in words), shown
