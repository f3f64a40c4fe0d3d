"""The editor reads who must act and what a finding is about from the finding itself."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from flowmap.findings import ERROR, Finding, Subject
from flowmap.tui.widgets.findings import FindingsView
from tests.tui.conftest import SIZE, select, settle


def _listed(app) -> list[str]:
    findings = app.query_one("#findings-list", OptionList)
    return [str(findings.get_option_at_index(i).prompt) for i in range(findings.option_count)]


def _findings_tab(app) -> str:
    return str(app.query_one("#panels").get_tab("findings").label)


async def test_a_selected_unit_shows_the_findings_it_must_act_on(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        field = app.query_one("#field-lead_time", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"3d", "enter")  # late for planning's `due: 1d`
        await settle(pilot, app)
        await select(pilot, app, "unit", "sales")
        (late,) = _listed(app)
        assert "`accept-order` takes 3d" in late
        assert _findings_tab(app) == "Findings for sales (1 of 1)"
        assert "Who must act: sales" in str(app.query_one("#finding-detail").render())
        await select(pilot, app, "unit", "planning")  # the unit that needs it: nothing to do
        assert _listed(app) == []
        assert _findings_tab(app) == "Findings for planning (0 of 1)"
        await select(pilot, app, "step", "ship")
        assert len(_listed(app)) == 1 and _findings_tab(app) == "Findings (1)"


async def test_enter_on_a_finding_goes_to_its_subject_and_key_whatever_its_line_says(app):
    """The place is only where a terminal points: a finding whose line and message speak
    of something else still leads to its subject's field."""
    misleading = Finding(
        "serve-downstream",
        ERROR,
        "processes/org.yaml",
        3,
        1,
        "mentions `assure` and `recheck` but is about the lead time",
        Subject("step", "ship"),
        "lead_time",
    )
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        app.query_one("#findings-view", FindingsView).post_message(FindingsView.Jump(misleading))
        await pilot.pause()
        await pilot.pause()
        await pilot.pause()
        assert app.selected == ("step", "ship")
        assert app.focused is app.query_one("#field-lead_time")
