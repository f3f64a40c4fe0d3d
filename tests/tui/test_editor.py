"""The editor driven with keys, as a process owner uses it (Textual's Pilot)."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, OptionList

from tests.tui.conftest import (
    OTD,
    SIZE,
    empty_list,
    messages,
    run_from_palette,
    screen_text,
    select,
    settle,
    walk,
)

pytestmark = pytest.mark.slow


def _lines(app, name):
    return app.session.text(name).splitlines()


async def test_the_tree_shows_files_processes_steps_and_operations(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "operation", "assemble")
        labels = [str(n.label) for n in app.query_one("#outline").cursor_node.parent.children]
        assert labels[0].startswith("machine-parts")
        assert app.query_one("#field-by Input", Input).value == "assembler"


async def test_typing_in_a_field_changes_the_file(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        field = app.query_one("#field-lead_time", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"1d", "enter")
        await settle(pilot, app)
        assert "        lead_time: 1d" in _lines(app, OTD)
        assert OTD in app.session.dirty_files


async def test_a_bad_duration_is_refused_with_a_message(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        field = app.query_one("#field-lead_time", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"2 days", "enter")
        await pilot.pause()
        assert not field.is_valid
        assert not app.session.can_undo


async def test_by_completes_a_known_id_and_changes_by(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        field = app.query_one("#field-by Input", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"stor", "right", "enter")
        await settle(pilot, app)
        assert app.session.workspace.org.steps["ship"].by == "storekeeper"


async def test_add_duplicate_move_and_delete_steps_with_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")  # no to the offered need of the next step
        await settle(pilot, app)
        steps = [s.id for s in app.session.workspace.org.processes["order-to-delivery"].steps]
        # the new step's id says where it is (issue 28): the process and its place
        new = f"order-to-delivery-step-{steps.index('inspect') + 2}"
        assert steps[steps.index("inspect") + 1] == new
        assert app.selected == ("step", new)
        await pilot.press("d")
        await settle(pilot, app)
        assert f"{new}-copy" in app.session.workspace.org.steps
        await pilot.press("alt+up")
        await settle(pilot, app)
        steps = [s.id for s in app.session.workspace.org.processes["order-to-delivery"].steps]
        assert steps.index(f"{new}-copy") < steps.index(new)
        await pilot.press("delete")
        await settle(pilot, app)
        assert f"{new}-copy" not in app.session.workspace.org.steps


async def test_add_an_operation_inside_a_step(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "produce")
        await pilot.press("o")
        await settle(pilot, app)
        assert [o.id for o in app.session.workspace.org.steps["produce"].operations] == [
            "operation"
        ]


async def test_rename_with_f2_updates_every_reference(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "role", "planner")
        await pilot.press("f2")
        answer = app.screen.query_one("#answer", Input)
        answer.value = ""
        await pilot.press(*"scheduler", "enter")
        await settle(pilot, app)
        org = app.session.workspace.org
        assert "scheduler" in org.roles
        assert org.steps["schedule-production"].by == "scheduler"
        assert org.steps["update-bom"].by == "scheduler"
        assert app.selected == ("role", "scheduler")


async def test_undo_and_redo_with_ctrl_z_and_ctrl_y(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        await settle(pilot, app)
        assert "ship" not in app.session.workspace.org.steps
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert "ship" in app.session.workspace.org.steps
        assert app.session.dirty_files == set()
        await pilot.press("ctrl+y")
        await settle(pilot, app)
        assert "ship" not in app.session.workspace.org.steps


async def test_ctrl_s_saves_to_disk(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "- id: ship\n" not in (project.root / OTD).read_text(encoding="utf-8")
        assert app.session.dirty_files == set()


async def test_a_file_changed_on_disk_asks_reload_or_overwrite(app, project):
    path = project.root / OTD
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        path.write_text(path.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "changed on disk" in str(app.screen.query_one("Label").render())
        await pilot.click("#overwrite")
        await settle(pilot, app)
        text = path.read_text(encoding="utf-8")
        assert "# theirs" not in text and "- id: ship\n" not in text


async def test_reload_takes_their_version(app, project):
    path = project.root / OTD
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        path.write_text(path.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#reload")
        await settle(pilot, app)
        assert app.session.text(OTD).endswith("# theirs\n")
        assert "ship" in app.session.workspace.org.steps


async def test_quitting_with_unsaved_changes_asks_first(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("delete")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and "Unsaved changes" in str(app.screen.query_one("Label").render())
        await pilot.click("#cancel")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == 0


async def test_quitting_without_changes_just_quits(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_findings_update_after_a_change_and_enter_jumps_to_the_step(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        empty_list(app, "assure")
        await pilot.press("enter")
        await settle(pilot, app)
        findings = app.query_one("#findings-list", OptionList)
        assert findings.option_count == 1
        detail = str(app.query_one("#finding-detail").render())
        assert "assure-own" in detail and "order-to-delivery.yaml:" in detail
        await select(pilot, app, "step", "ship")
        findings.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == ("step", "inspect")
        assert app.focused is app.query_one("#field-assure Input")  # its field


async def test_the_command_palette_runs_an_action(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await run_from_palette(pilot, app, "Duplicate")
        assert "ship-copy" in app.session.workspace.org.steps


async def test_help_lists_the_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "ctrl+s" in text and "rename" in text
        assert "Enter jumps to the field" not in text  # below the screen's foot
        await pilot.press("end")  # longer than the screen: the last line can be reached
        await pilot.pause()
        assert "Enter jumps to the field" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]


async def test_preview_shows_the_chain_with_branches_and_rework(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "decide-remedy")
        await pilot.press("p")
        await pilot.pause()
        text = str(app.query_one("#preview-text").render())
        assert "↳ next: rework-goods, issue-credit" in text
        assert "↺ rework: rework-goods" in text
        assert "⇐ root-cause report (due 1d) from analyse-cause" in text  # item and due
        scroll = app.query_one("#preview-scroll")
        assert scroll.virtual_size.height > scroll.size.height >= 5  # more than fits: scrolls
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0


async def test_render_writes_the_process_chart(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "chart written" in messages(app)
    chart = project.root / "out" / "process-order-to-delivery.svg"
    assert chart.exists() and b"<svg" in chart.read_bytes()


async def test_graphviz_lays_out_the_chart_in_a_worker_never_on_the_ui_thread(
    app, project, monkeypatch
):
    from flowmap.outputs import charts

    threads = []

    def run_dot(text, fmt, dot=None, timeout=60, cancelled=None):
        threads.append(threading.current_thread())
        return b"<svg/>"

    monkeypatch.setattr(charts, "run_dot", run_dot)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("r")
        await app.workers.wait_for_complete()
    assert threads and threading.main_thread() not in threads
    assert (project.root / "out" / "process-order-to-delivery.svg").read_bytes() == b"<svg/>"


async def test_r_again_stops_graphviz_and_writes_nothing(app, project, monkeypatch):
    from flowmap.outputs import charts

    asked_to_stop = threading.Event()

    def run_dot(text, fmt, dot=None, timeout=60, cancelled=None):
        # a layout that goes on until the editor says it is no longer wanted
        for _ in range(1000):
            if cancelled is not None and cancelled():
                asked_to_stop.set()
                raise charts.GraphvizStopped("stopped")
            threading.Event().wait(0.01)
        return b"<svg/>"

    monkeypatch.setattr(charts, "run_dot", run_dot)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("r")
        await pilot.pause()
        assert "r again to stop" in messages(app)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "stopped" in messages(app)
    assert asked_to_stop.is_set()
    assert not (project.root / "out" / "process-order-to-delivery.svg").exists()


async def test_a_new_file_from_the_template(app, project):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"processes/returns.yaml", "enter")
        await settle(pilot, app)
        assert "returns" in app.session.workspace.org.processes
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (project.root / "processes" / "returns.yaml").exists()


async def test_started_from_another_project_the_editor_works_in_the_maps_root(
    tmp_path, monkeypatch
):
    import shutil

    from flowmap.edit import EditSession
    from flowmap.tui.app import EditorApp
    from tests.conftest import PROCESSES

    repo = tmp_path / "repo"
    shutil.copytree(PROCESSES, repo / "processes")
    (repo / ".flowmap.toml").write_text('ignore = ["top-bottom-line"]\n', encoding="utf-8")
    here = tmp_path / "here"  # another project, whose settings must not apply
    (here / ".git").mkdir(parents=True)
    (here / "pyproject.toml").write_text('[tool.flowmap]\nselect = ["schema"]\n')
    monkeypatch.chdir(here)
    app = EditorApp(EditSession.open(["../repo/processes"]))
    assert app.session.root == repo and app.session.config.ignore == {"top-bottom-line"}
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"processes/returns.yaml", "enter")
        await settle(pilot, app)
        assert "returns" in app.session.workspace.org.processes
        await pilot.press("ctrl+s")
        await pilot.pause()
    chart = repo / "out" / "process-order-to-delivery.svg"
    assert chart.exists() and b"<svg" in chart.read_bytes()
    assert (repo / "processes" / "returns.yaml").exists()
    assert not (here / "out").exists() and not (here / "processes").exists()


async def test_enter_on_a_finding_about_a_need_goes_to_the_need_field(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "schedule-production")
        field = app.query_one("#need-0-due", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"30m", "enter")
        await settle(pilot, app)
        await select(pilot, app, "step", "ship")
        findings = app.query_one("#findings-list", OptionList)
        assert "serve-downstream" in str(app.query_one("#finding-detail").render())
        findings.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == ("step", "schedule-production")
        assert app.focused.id == "need-0-due"


async def test_a_finding_shows_its_message_and_short_place_at_80_columns(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "inspect")
        empty_list(app, "assure")
        await pilot.press("enter")
        await settle(pilot, app)
        findings = app.query_one("#findings-list", OptionList)
        shown = "\n".join(
            "".join(segment.text for segment in strip)
            for strip in findings.render_lines(findings.region.reset_offset)
        )
        assert "`inspect` has no `assure`" in shown
        # a row is one line (issue 28: four show at 80×24): at 80 columns the place is in
        # the selected finding's full text, below the rows
        detail = str(app.query_one("#finding-detail").render())
        assert "order-to-delivery.yaml:" in detail


async def test_folds_survive_edits_and_undo_and_left_right_fold(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        tree = app.query_one("#outline")
        await pilot.press("left")  # on a leaf: to its process
        await pilot.pause()
        assert app.selected == ("process", "order-to-delivery")
        await pilot.press("left")  # folds it
        await pilot.pause()
        assert not tree.cursor_node.is_expanded
        await select(pilot, app, "role", "planner")
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        node = next(n for n in walk(tree.root) if n.data == ("process", "order-to-delivery"))
        assert not node.is_expanded
        await select(pilot, app, "process", "order-to-delivery")
        await pilot.press("right")
        await pilot.pause()
        assert tree.cursor_node.is_expanded


async def test_quick_moves_in_the_tree_leave_one_form_for_the_selection(app):
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "accept-order")
        await pilot.press(*["down"] * 12)
        await settle(pilot, app)
        kind, key = app.selected
        assert str(app.query_one("#form .title").render()) == f"{kind} {key}"
        assert len(app.query("#form #field-id")) == 1
        assert app.query_one("#form #field-id").value == key


async def test_a_waiver_with_approver_and_end_is_typed_and_kept(app, project):
    """`rule: reason (approved by ROLE until DATE)` is the mapping form in the file, shown
    back the same way; editing another field keeps it whole."""
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "step", "ship")
        field = app.query_one("#field-waive", Input)
        field.focus()
        field.value = "assure-own: Audited on site (approved by quality-manager until 2027-01-31)"
        await pilot.press("enter")
        await settle(pilot, app)
        terms = app.session.workspace.org.steps["ship"].waive_terms["assure-own"]
        assert (terms.approved_by, str(terms.until)) == ("quality-manager", "2027-01-31")
        field = app.query_one("#field-lead_time", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"1d", "enter")
        await settle(pilot, app)
        assert app.query_one("#field-waive", Input).value.endswith("until 2027-01-31)")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    saved = (project.root / OTD).read_text(encoding="utf-8")
    assert (  # the date quoted, as YAML 1.1 tools would read it as a timestamp
        "waive: {assure-own: {reason: Audited on site, approved_by: quality-manager, until: "
        '"2027-01-31"}}' in saved
    )
