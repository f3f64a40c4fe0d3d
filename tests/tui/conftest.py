"""The editor on a copy of processes/, at the 80×24 a terminal user may have."""

from __future__ import annotations

import html
import re

import pytest
from rich.cells import cell_len
from textual.geometry import Region

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


_CELL = 20 * 0.61  # the width of a cell in Textual's SVG screenshots (rich's export_svg)
_TEXT = re.compile(r'<text [^>]*?x="([0-9.]+)"[^>]*?-line-([0-9]+)\)">([^<]*)</text>')


def screen_cells(app) -> list[list[str]]:
    """The screen as the terminal shows it, a cell at a time (a wide character fills its
    first cell, the second is ""), read from the app's public screenshot."""
    width, height = app.size
    cells = [[" "] * width for _ in range(height)]
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        column, row = round(float(x) / _CELL), int(line)
        for char in html.unescape(text).replace("\xa0", " "):
            if row < height and column < width:
                cells[row][column] = char
                if cell_len(char) == 2 and column + 1 < width:
                    cells[row][column + 1] = ""
            column += cell_len(char)
    return cells


def screen_text(app, region: Region | None = None) -> str:
    """What the terminal shows (in `region`, a widget's `region` for one), line by line."""
    x, y, width, height = region or Region(0, 0, *app.size)
    return "\n".join("".join(row[x : x + width]) for row in screen_cells(app)[y : y + height])
