"""Map text is data, never markup: names like `[/bold]`, `[link=...]`, `[@click=app.quit]`
are shown as written in every panel of the editor (one once crashed it, one quit it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from flowmap.edit import EditSession
from flowmap.tui.app import EditorApp
from flowmap.tui.widgets.findings import detail
from tests.tui.conftest import SIZE, messages, select, settle

pytestmark = pytest.mark.slow

HOSTILE = Path(__file__).parent / "hostile-names.yaml"
FILE = "maps/[@click=app.quit]names.yaml"
ODD = "[b]odd/../../../../up"  # a process id the schema refuses, kept to be fixed


@pytest.fixture
def hostile(project):
    (project.root / "maps").mkdir()
    shutil.copy(HOSTILE, project.root / FILE)
    return EditorApp(EditSession.open(["maps"]))


def _nodes(app) -> list:
    found, todo = [], [app.query_one("#outline").root]
    while todo:
        node = todo.pop(0)
        found.append(node)
        todo.extend(node.children)
    return found


def _labels(app) -> list[str]:
    return [node.label.plain for node in _nodes(app)]


def _text(widget) -> str:
    return str(widget.render())


async def test_every_panel_shows_map_text_as_written(hostile, project):
    app = hostile
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        labels = _labels(app)
        for label in (
            FILE,
            "shop — [/bold] shop",
            "office — [link=https://x.example]office[/link]",
            "clerk — [@click=app.quit]clerk[/]",
            "welder — [b]welder \\[x] back\\slash\\",
            "buyer — [red]buyer",
            "make — [/] make [bold",
            "take — [@click=app.quit]take[/]",
            "weld — \\[b] weld \\",
            f"{ODD} — [i]odd",
        ):
            assert label in labels

        # a click on a name holding [@click=app.quit] selects it and quits nothing
        clerk = next(node for node in _nodes(app) if node.data == ("role", "clerk"))
        clerk.parent.expand()
        await pilot.pause()
        await pilot.click("#outline", offset=(8, clerk.line))
        await pilot.pause()
        assert app.is_running and app.selected == ("role", "clerk")

        # the form: its title, a text field, a reference the Select offers
        await select(pilot, app, "step", "[/b]first")
        assert _text(app.query_one("#form .title", Label)) == "step [/b]first"
        assert app.query_one("#field-by Input", Input).value == "[@click=app.quit]"
        await select(pilot, app, "step", "take")
        assert app.query_one("#field-recheck Input", Input).value == "[/bold]"

        # the findings: messages and places quoting map text
        view = app.query_one("#findings-view")
        rows = [detail(f).plain for f in view.findings]
        rows += [
            app.query_one("#findings-list").get_option_at_index(i).prompt.plain
            for i in range(len(view.findings))
        ]
        assert any("nobody downstream needs `[b]order` from `take`" in row for row in rows)
        assert any(f"{FILE}:" in row for row in rows)
        assert any("`by: [@click=app.quit]` names no" in row for row in rows)

        # the customers panel and the preview
        await select(pilot, app, "step", "[/b]first")
        await pilot.press("c")
        await pilot.pause()
        assert "Customers of [/b]first:" in _text(app.query_one("#relations-text"))
        await pilot.press("p")
        await pilot.pause()
        preview = _text(app.query_one("#preview-text"))
        assert "[i]odd  →  buyer" in preview and "● [/b]first  [[@click=app.quit]]" in preview

        # the rename dialog quotes the id; its field holds it as written
        await pilot.press("f2")
        await pilot.pause()
        assert "New id for `[/b]first`" in _text(app.screen.query_one(Label))
        assert app.screen.query_one(Input).value == "[/b]first"
        await pilot.press("escape")
        await pilot.pause()

        # an edit, then notifications and the quit dialog, which quote the file's name
        await select(pilot, app, "unit", "shop")
        field = app.query_one("#field-name", Input)
        field.focus()
        field.value = "[/bold] shop [@click=app.quit]"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "shop — [/bold] shop [@click=app.quit]" in _labels(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert _text(app.screen.query_one(Label)) == f"Unsaved changes in {FILE}."
        await pilot.click("#cancel")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert f"saved {FILE}" in messages(app).splitlines()
        assert app.is_running
    assert "[/bold] shop [@click=app.quit]" in (project.root / FILE).read_text(encoding="utf-8")


async def test_the_chart_of_a_process_with_a_hostile_id_lands_in_out_under_the_root(
    hostile, project, monkeypatch
):
    monkeypatch.chdir(project.root / "maps")  # started from a subfolder of the project
    app = hostile
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "[/b]first")
        await pilot.press("r")
        await settle(pilot, app)
        await select(pilot, app, "step", "take")
        await pilot.press("r")
        await settle(pilot, app)
    out = project.root / "out"
    assert sorted(p.name for p in out.iterdir()) == ["process-2.svg", "process-make.svg"]
    assert b"<svg" in (out / "process-2.svg").read_bytes()
    assert not (project.root.parent / "up.svg").exists()
    assert sorted(p.name for p in (project.root / "maps").iterdir()) == [Path(FILE).name]
