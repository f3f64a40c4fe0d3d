"""Findings one key away (issue 28, point 2): `f` takes the cursor to the findings, the
first error first, Escape brings it back; at 80×24 at least four show with the selected
one in full; Enter and F8 / shift+F8 go to the field a finding is about."""

from __future__ import annotations

import pytest

from flowmap.edit import EditSession
from flowmap.tui.app import EditorApp
from flowmap.tui.keys import help_text
from tests.tui.conftest import SIZE, screen_text, select, settle

pytestmark = pytest.mark.slow
COMPLAINTS = "processes/complaint-handling.yaml"


@pytest.fixture
def broken(project):
    """A warning (a unit nobody needs, made a warning by the project's settings) at line
    26 of org.yaml and an error (a role in an unknown unit) after it, at line 46."""
    project.copy_processes()
    (project.root / ".flowmap.toml").write_text(
        '[severity]\ninside-outside-line = "warning"\n', encoding="utf-8"
    )
    org = project.root / "processes/org.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("units:\n", "units:\n  - {id: audit, name: Internal audit}\n", 1)
    text = text.replace("name: Sales director, unit: sales,", "name: Sales director, unit: salez,")
    org.write_text(text, encoding="utf-8")
    return EditorApp(EditSession.open(["processes"]))


async def test_f_takes_the_cursor_to_the_findings_the_first_error_first(broken):
    app = broken
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        severities = [f.severity for f in app.session.findings]
        assert "error" in severities and "warning" in severities
        await select(pilot, app, "step", "analyse-cause")
        await pilot.press("f")
        await pilot.pause()
        findings = app.query_one("#findings-list")
        assert app.focused is findings
        view = app.query_one("#findings-view")
        shown = [f.severity for f in view.findings]
        assert shown == sorted(shown, key=("error", "warning", "info").index)
        assert view.findings[findings.highlighted].severity == "error"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.query_one("#outline")
        assert app.selected == ("step", "analyse-cause")  # where it was


async def test_at_80x24_four_findings_show_and_the_selected_one_in_full(project):
    project.copy_processes()
    path = project.root / COMPLAINTS
    text = path.read_text(encoding="utf-8")
    for known in ("service-rep", "quality-manager", "inspector", "accountant"):
        text = text.replace(f"by: {known}\n", f"by: {known}-x\n")
    path.write_text(text, encoding="utf-8")
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert len(app.session.findings) >= 4
        await pilot.press("f")
        await pilot.pause()
        findings = app.query_one("#findings-list")
        assert findings.region.height >= 4
        lines = screen_text(app, findings.region).splitlines()
        assert sum(1 for line in lines if line.startswith(("E ", "W "))) >= 4
        selected = app.query_one("#findings-view").findings[findings.highlighted]
        detail = " ".join(screen_text(app, app.query_one("#finding-detail").region).split())
        assert " ".join(selected.message.split()) in detail


async def test_f8_goes_to_the_next_finding_from_a_field_and_shift_f8_back(broken):
    app = broken
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await select(pilot, app, "step", "analyse-cause")
        app.query_one("#field-name").focus()
        await pilot.press("f8")
        await settle(pilot, app)
        first = app.query_one("#findings-view").findings[0]
        assert first.severity == "error" and "salez" in first.message
        assert app.selected == ("role", "sales-director")
        assert app.focused.id == "field-unit"
        await pilot.press("f8")
        await settle(pilot, app)
        assert app.selected == ("unit", "audit")  # the warning, after the error
        assert app.main._finding_at.severity == "warning"
        await pilot.press("shift+f8")
        await settle(pilot, app)
        assert app.selected == ("role", "sales-director")
        assert app.query_one("#findings-list").highlighted == 0


async def test_the_help_and_the_footer_show_the_findings_keys(app):
    assert " f " in help_text() and "f8" in help_text() and "shift+f8" in help_text()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "f findings" in footer and "f8 next finding" in footer
