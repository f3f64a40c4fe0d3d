"""Adding any item from the tree and the palette; a new item never has a schema finding."""

from __future__ import annotations

import pytest
from textual.widgets import Tree

from tests.tui.conftest import OTD, SIZE, select, settle

pytestmark = pytest.mark.slow


def _schema_findings(app):
    return [f for f in app.session.findings if f.rule == "schema"]


async def _palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.5)
    await pilot.press("enter")


@pytest.mark.parametrize(
    ("command", "kind", "index"),
    [
        ("Add role", "role", "roles"),
        ("Add unit", "unit", "units"),
        ("Add service", "service", "services"),
        ("Add goal", "goal", "goals"),
        ("Add external customer", "customer", "customers"),
        ("Add process", "process", "processes"),
    ],
)
async def test_the_palette_adds_each_kind_without_a_schema_finding(app, command, kind, index):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        before = set(getattr(app.session.workspace.org, index))
        await _palette(pilot, command)
        await settle(pilot, app)
        added = set(getattr(app.session.workspace.org, index)) - before
        assert len(added) == 1
        assert app.selected == (kind, added.pop())
        assert _schema_findings(app) == []


async def test_a_on_a_section_row_adds_one_of_its_kind(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "role", "planner")
        tree = app.query_one("#outline", Tree)
        section = tree.cursor_node.parent
        tree.move_cursor(section)
        await pilot.pause()
        await pilot.pause()
        assert app.selected[0] == "section"
        before = set(app.session.workspace.org.roles)
        await pilot.press("a")
        await settle(pilot, app)
        assert len(set(app.session.workspace.org.roles) - before) == 1
        assert _schema_findings(app) == []


async def test_a_new_step_has_an_executor_and_no_schema_finding(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        await pilot.press("a")
        await settle(pilot, app)
        org = app.session.workspace.org
        new = app.selected[1]  # named by its place (issue 28)
        assert new.startswith("order-to-delivery-step-")
        assert org.steps[new].by == org.steps["inspect"].by
        assert _schema_findings(app) == []


async def test_n_adds_a_need_to_a_step_on_what_its_supplier_delivers(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        needs = len(app.session.workspace.org.steps["ship"].needs)
        await pilot.press("n")
        await settle(pilot, app)
        ship = app.session.workspace.org.steps["ship"]
        assert len(ship.needs) == needs + 1
        assert ship.needs[-1].item == "shipment"  # what store-goods, the step before, delivers
        assert app.query_one(f"#need-{needs}-item").value == ship.needs[-1].item
        assert app.focused.id == f"need-{needs}-due"  # the form shows the new need
        assert _schema_findings(app) == []


async def test_n_on_a_customer_adds_a_customer_need(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "customer", "customer")
        before = len(app.session.workspace.org.customers["customer"].needs)
        await _palette(pilot, "Add need")
        await settle(pilot, app)
        assert len(app.session.workspace.org.customers["customer"].needs) == before + 1
        assert app.selected[0] == "need"
        assert _schema_findings(app) == []
        assert OTD not in app.session.dirty_files


async def test_a_new_step_is_offered_the_need_the_next_step_has(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "store-goods")
        await pilot.press("a")
        await pilot.pause()
        question = " ".join(str(app.screen.query_one("Label").render()).split())
        new = app.selected[1]
        # in plain words: what is added to which step, and why (issue 28)
        assert f"Add the need for `shipment` (due 1d) to the new step `{new}`?" in question
        assert "`ship`, the step after it, needs it" in question
        await pilot.click("#add")
        await settle(pilot, app)
        need = app.session.workspace.org.steps[new].needs[0]
        ship = app.session.workspace.org.steps["ship"].needs[0]
        assert (need.item, need.requires, need.due) == (ship.item, ship.requires, ship.due)
