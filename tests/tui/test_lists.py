"""List fields are edited as lists: a row per item, rows added, removed and moved with keys,
the known ids offered where the list holds ids."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.conftest import OTD, SIZE, messages, run_from_palette, select, settle

pytestmark = pytest.mark.slow
COMPLAINTS = "processes/complaint-handling.yaml"


def _rows(app, field: str) -> list[Input]:
    return list(app.query(f"#{field} Input"))


def _known(app, field: str) -> str:
    line = app.query_one(f"#{field} .known")
    return str(line.render()) if line.display else ""


async def test_a_list_shows_a_row_per_item(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        rows = [row.value for row in _rows(app, "field-assure")]
        assert rows == app.session.workspace.org.steps["accept-order"].assure
        assert len(rows) == 2
        assert [row.value for row in _rows(app, "field-by")] == ["order-clerk"]
        # a text with commas, quoted in the example, is one item (issue 28)
        [row] = _rows(app, "field-recheck")
        assert row.value == "Order names item code, quantity and requested date"


async def test_enter_adds_a_row_and_the_new_item_is_saved(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        before = list(app.session.workspace.org.steps["inspect"].recheck)
        _rows(app, "field-recheck")[-1].focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert len(_rows(app, "field-recheck")) == len(before) + 1
        assert app.focused is _rows(app, "field-recheck")[-1]
        await pilot.press(*"Seal intact", "enter")  # typed, then a new empty row
        await pilot.pause()
        await pilot.press("enter")  # Enter on the empty row: on to the next field
        await settle(pilot, app)
        assert app.focused.id == _rows(app, "field-assure")[0].id
        assert [row.value for row in _rows(app, "field-recheck")] == [*before, "Seal intact"]
        assert app.session.workspace.org.steps["inspect"].recheck == [*before, "Seal intact"]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert "Seal intact" in (project.root / OTD).read_text(encoding="utf-8")


async def test_rows_are_moved_and_removed_with_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        first, second = app.session.workspace.org.steps["accept-order"].assure
        _rows(app, "field-assure")[0].focus()
        await pilot.press("alt+down")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["accept-order"].assure == [second, first]
        assert app.focused is _rows(app, "field-assure")[1]
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["accept-order"].assure == [second]
        assert [row.value for row in _rows(app, "field-assure")] == [second]
        await pilot.press("ctrl+o", "enter")  # a new row; Enter on it (empty): on to the
        await pilot.pause()  # next field, and the empty row is gone
        assert app.focused is _rows(app, "field-delivers")[0]
        assert [row.value for row in _rows(app, "field-assure")] == [second]
        _rows(app, "field-assure")[0].focus()
        await pilot.press("ctrl+o")  # a new row; Backspace on it (empty) takes it away
        await pilot.pause()
        assert len(_rows(app, "field-assure")) == 2
        await pilot.press("backspace")
        await pilot.pause()
        assert len(_rows(app, "field-assure")) == 1
        assert app.session.workspace.org.steps["accept-order"].assure == [second]
        await pilot.press("alt+up")  # a row, not the tree's step: the step stays put
        await settle(pilot, app)
        steps = [s.id for s in app.session.workspace.org.processes["order-to-delivery"].steps]
        assert steps[1] == "accept-order"


async def test_a_row_of_ids_offers_the_known_ids(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register-complaint")
        row = _rows(app, "field-next")[0]
        row.focus()
        await pilot.pause()
        org = app.session.workspace.org
        # on one line: how many, those that fit (the first first), `…` for the rest
        steps = sorted(org.steps)
        assert _known(app, "field-next").startswith(f"{len(steps)} known: {steps[0]}, ")
        assert _known(app, "field-next").endswith(", …")
        assert app.query_one("#field-next .known").outer_size.height == 1
        await pilot.press(*"clo")
        await pilot.pause()
        assert _known(app, "field-next") == "known: close-complaint"
        await pilot.press("right", "enter")  # → takes the completion
        await settle(pilot, app)
        assert app.session.workspace.org.steps["register-complaint"].next == ["close-complaint"]
        by = _rows(app, "field-by")[0]  # roles, units and external customers
        by.focus()
        by.value = ""
        await pilot.press(*"serv")
        await pilot.pause()
        assert _known(app, "field-by") == "known: service-rep"


async def test_an_unknown_id_is_taken_and_the_check_says_what_it_names_not(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "register-complaint")
        _rows(app, "field-next")[0].focus()
        await pilot.press(*"close-complain", "enter")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["register-complaint"].next == ["close-complain"]
        [finding] = [f for f in app.session.findings if f.rule == "unknown-reference"]
        assert "`next: close-complain` names no step" in finding.message
        assert finding.file == COMPLAINTS


async def test_what_is_not_an_id_is_refused_saying_why(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "decide-remedy")
        row = _rows(app, "field-next")[0]
        row.focus()
        await pilot.press("end", *" [x")
        await pilot.pause()
        assert not row.is_valid
        assert "is not an id" in _known(app, "field-next")
        await pilot.press("enter")
        await pilot.pause()
        assert "not applied: next: `rework-goods [x` is not an id" in messages(app)
        assert len(_rows(app, "field-next")) == 2  # no new row after a refused one
        assert not app.session.can_undo
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not saved: next: `rework-goods [x` is not an id" in messages(app)


async def test_the_palette_adds_a_row_to_the_list_being_edited(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        count = len(_rows(app, "field-assure"))
        _rows(app, "field-assure")[0].focus()
        await pilot.pause()
        await run_from_palette(pilot, app, "Add row")
        assert len(_rows(app, "field-assure")) == count + 1
        assert app.focused is _rows(app, "field-assure")[1]


async def test_a_service_serves_every_unit_with_a_star(app):
    async with app.run_test(size=SIZE) as pilot:
        service = next(iter(app.session.workspace.org.services))
        await select(pilot, app, "service", service)
        rows = _rows(app, "field-customers")
        assert [r.value for r in rows] == app.session.workspace.org.services[service].customers
        rows[0].focus()
        await pilot.pause()
        assert " known: *, " in _known(app, "field-customers")
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        for row in _rows(app, "field-customers"):
            row.value = ""
        _rows(app, "field-customers")[0].value = "*"
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.session.workspace.org.services[service].customers == ["*"]


async def test_a_row_typed_in_is_saved_by_ctrl_s_without_enter(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        row = _rows(app, "field-assure")[-1]
        row.focus()
        await pilot.press("end", *" and sealed")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["ship"].assure[-1] == row.value
    assert f"{row.value}]" in (project.root / OTD).read_text(encoding="utf-8")


async def test_an_item_takes_a_lead_time_of_its_own_and_keeps_it(app, project):
    """`item @ 10m` in a row of `delivers` is `{item: ..., lead_time: 10m}` in the file;
    the row shows it back, and editing another row keeps it."""
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        row = _rows(app, "field-delivers")[0]
        row.focus()
        await pilot.press("end", *" @ 1h", "tab")
        await settle(pilot, app)
        step = app.session.workspace.org.steps["inspect"]
        assert step.delivers == ["released product"]
        assert str(step.lead_time_for("released product")) == "1h"
        assert [r.value for r in _rows(app, "field-delivers")] == ["released product @ 1h"]
        _rows(app, "field-delivers")[-1].focus()
        await pilot.press("end", "enter", *"hold notice", "enter", "enter")
        await settle(pilot, app)
        step = app.session.workspace.org.steps["inspect"]
        assert step.delivers == ["released product", "hold notice"]
        assert str(step.lead_time_for("released product")) == "1h"
        assert str(step.lead_time_for("hold notice")) == "4h"  # the step's own
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    saved = (project.root / OTD).read_text(encoding="utf-8")
    assert "delivers: [{item: released product, lead_time: 1h}, hold notice]" in saved


async def test_an_item_lead_time_that_is_no_duration_is_refused(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        _rows(app, "field-delivers")[0].focus()
        await pilot.press("end", *" @ soon", "tab")
        await settle(pilot, app)
        assert "write the item's lead time" in messages(app)
        assert app.session.workspace.org.steps["inspect"].item_lead_times == {}
