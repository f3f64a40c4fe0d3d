"""The editor on a copy of processes/, at the 80×24 a terminal user may have."""

from __future__ import annotations

import pytest

from flowmap.edit import EditSession
from flowmap.tui.app import EditorApp

SIZE = (80, 24)
OTD = "processes/order-to-delivery.yaml"


@pytest.fixture
def app(project):
    project.copy_processes()
    return EditorApp(EditSession.open(["processes"]))


async def select(pilot, app, kind: str, key: str) -> None:
    """Put the tree's cursor on an item (its branch opened), as clicking it would."""
    tree = app.query_one("#outline")
    tree.focus()
    for node in walk(tree.root):
        if node.data == (kind, key):
            parent = node.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            await pilot.pause()
            tree.move_cursor(node)
            await pilot.pause()
            await pilot.pause()
            assert app.selected == (kind, key)
            return
    raise AssertionError(f"{kind} {key} is not in the tree")


def walk(node):
    yield node
    for child in node.children:
        yield from walk(child)


async def settle(pilot, app) -> None:
    """Wait until the debounced check has run and the screen is quiet."""
    await pilot.pause(0.5)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def run_from_palette(pilot, app, command: str) -> None:
    """Open the command palette, type `command`, run the first match and settle."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot, app)


def messages(app) -> str:
    """The editor's messages as the message line above the status line shows them."""
    return str(app.query_one("#messages").render())


def empty_list(app, key: str) -> None:
    """Clear every row of the form's list field `key` and focus its first row: the key
    pressed next (Enter, Escape) applies the empty list."""
    for row in app.query(f"#field-{key} Input"):
        row.value = ""
    app.query_one(f"#field-{key} Input").focus()
