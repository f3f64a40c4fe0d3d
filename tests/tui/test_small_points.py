"""The small points of issue 28 (point 9): one "Add need" in the palette, no scrollbar
mark under the tree, an unknown id marked in the form as a bad duration is, the known ids
closest to what is typed named first, and the examples' texts with commas one item each."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flowmap.tui.widgets.lists import ranked
from tests.tui.conftest import SIZE, screen_text, select, settle

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).parents[2] / "processes"


async def test_the_palette_offers_add_need_once(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Add need") == 1
        assert len(titles) == len(set(titles))


async def test_no_stray_mark_under_the_tree_at_120x40(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        tree = app.query_one("#outline")
        lines = screen_text(app).splitlines()
        below = lines[tree.region.bottom - 1][: tree.region.width - 1]
        assert not set(below) & set("▁▂▃▄▅▆▇█▉▊▋▌▍▎▏"), below


async def test_an_unknown_id_is_marked_in_the_form(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        row = app.query_one("#field-by Input")
        assert not row.has_class("-unknown")
        row.focus()
        await pilot.press(*"dispatchr")
        await pilot.pause()
        assert row.has_class("-unknown")
        known = str(app.query_one("#field-by .known").render())
        assert known.startswith("known: dispatcher")  # the closest first
        await pilot.press("backspace", *"er")
        await pilot.pause()
        assert not row.has_class("-unknown")


def test_the_known_ids_closest_to_what_is_typed_come_first():
    known = ["accountant", "assembler", "buyer", "inspector", "service-rep", "storekeeper"]
    assert ranked(known, "servce-rep")[0] == "service-rep"  # a typo
    assert ranked(known, "st")[0] == "storekeeper"  # what begins with it
    assert ranked(known, "keep")[0] == "storekeeper"  # what holds it
    assert ranked(known, "zzz") == []  # none close: the line names them all
    assert ranked(known, "") == []


def test_the_examples_texts_with_commas_are_one_item_each():
    step = {}
    for path in EXAMPLES.glob("*.yaml"):
        for process in yaml.safe_load(path.read_text(encoding="utf-8")).get("processes", []):
            for each in process["steps"]:
                step[each["id"]] = each
    assert step["register-complaint"]["recheck"] == [
        "Complaint names the order, the part and the defect seen"
    ]
    assert step["accept-order"]["recheck"] == ["Order names item code, quantity and requested date"]
    assert "First in, first out" in step["store-goods"]["assure"]
